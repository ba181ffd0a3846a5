// The import notes a reader stores are codes; the tests read them as the English interface words them.
import { readImportNotes, wordNote } from '../../../src-renderer/src/lib/import-notes';
import { en } from '../../../src-renderer/src/lib/i18n/en';

/** `extra` with its coded importNotes worded in English ("1 × …; 2 × …"), as the document details show them. */
export function worded(extra: Record<string, string> | undefined): Record<string, string> | undefined {
  const stored = extra?.['importNotes'];
  if (extra === undefined || stored === undefined) return extra;
  const notes = readImportNotes(stored);
  if (notes === null) throw new Error(`importNotes are not coded notes: ${stored}`);
  return { ...extra, importNotes: notes.map((n) => wordNote(en, n)).join('; ') };
}
