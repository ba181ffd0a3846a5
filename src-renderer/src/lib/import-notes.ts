// The notes an import keeps in a document's metadata (what it left out or changed), read back as codes
// for the interface to word in its language. A document imported before the notes were codes holds an
// English sentence instead: it is shown as it is.
import { z } from 'zod';
import { IMPORT_NOTE_CODES, type ImportNote } from '$model';
import type { Messages } from './i18n/en';

const notes = z.array(z.object({ note: z.enum(IMPORT_NOTE_CODES), count: z.number().int().positive(), what: z.string().optional() }));

/** The notes stored in `value`, or null when it is not a list of coded notes (an older English note). */
export function readImportNotes(value: string): ImportNote[] | null {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return null;
  }
  const parsed = notes.safeParse(json);
  return parsed.success ? parsed.data.map((n) => ({ note: n.note, count: n.count, ...(n.what === undefined ? {} : { what: n.what }) })) : null;
}

/** One note in the words of catalogue `m`: "2 × event (E line) left out". */
export function wordNote(m: Messages, n: ImportNote): string {
  const words = m.info.importNoteWords[n.note];
  return m.info.importNoteCount(n.count, typeof words === 'string' ? words : words(n.what ?? ''));
}
