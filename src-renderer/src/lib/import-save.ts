// The renderer's half of an import: writes the extracted documents to the database in chunks (each
// chunk one transaction, so a failure never leaves a half-written document) and says, file by file
// and in the order the files were found, what happened to each.
import type { ImportBatchResult } from '../../../src-main/contract';
import type { Id, PortableDocument } from '../../../src-main/model';
import { addDocuments, type GloseDatabase } from './db';
import type { MissingNames } from './import-labels';

export interface ImportReportRow {
  /** file name as the user knows it */
  file: string;
  /** where it came from: the key that orders the report */
  path: string;
  outcome: 'imported' | 'duplicate' | 'failed';
  /** "<file>: <what happened>" */
  message: string;
  /** a malformed file: each problem found ("line 3: …") */
  details?: string[];
  /** the stored document, when imported */
  docId?: Id;
}

export interface ImportReport {
  rows: ImportReportRow[];
  /** documents skipped because their text is already in the project, kept for "Import anyway" */
  duplicates: PortableDocument[];
  cancelled: boolean;
  /** files that were found but not reached because the import was cancelled */
  notReached: number;
  /**
   * Set while annotated documents wait for the user's choice about labels (or relation types) the
   * project does not have: nothing of the batch is saved yet, and `rows` lists only the failures.
   */
  pending?: PendingImport;
  /** spans and relations left out because their label or type is not in the project ("Import without them") */
  leftOut?: { spans: number; relations: number };
  /** labels and relation types created for the import ("Create labels and import") */
  created?: { labels: string[]; types: string[] };
}

/**
 * A batch held back until the user decides about the names the project lacks, and about the unit
 * of doccano offsets where it matters (`result.offsetQuestions`).
 */
export interface PendingImport {
  result: ImportBatchResult;
  missing: MissingNames;
}

/** The report's row for a file that could not be imported. */
export function failedRow(f: ImportBatchResult['failures'][number]): ImportReportRow {
  return { file: f.file, path: f.path, outcome: 'failed', message: f.message, ...(f.details ? { details: f.details } : {}) };
}

/** A chunk holds at most this many documents… */
export const CHUNK_DOCS = 50;
/** …or this much text (UTF-16 code units), whichever comes first. */
export const CHUNK_CHARS = 16 * 1024 * 1024;

/** The setting (Dexie settings table) holding the per-file import size limit, in bytes. */
export const IMPORT_LIMIT_SETTING = 'importLimitBytes';

export function chunkDocuments(docs: readonly PortableDocument[], maxDocs = CHUNK_DOCS, maxChars = CHUNK_CHARS): PortableDocument[][] {
  const out: PortableDocument[][] = [];
  let current: PortableDocument[] = [];
  let chars = 0;
  for (const d of docs) {
    if (current.length > 0 && (current.length >= maxDocs || chars + d.text.length > maxChars)) {
      out.push(current);
      current = [];
      chars = 0;
    }
    current.push(d);
    chars += d.text.length;
  }
  if (current.length > 0) out.push(current);
  return out;
}

const pathOf = (d: PortableDocument): string => d.meta.sourcePath ?? d.name;
const fileNameOf = (path: string): string => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
const count = (n: number, one: string, many: string): string => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** "imported", with the annotations it brought and the file it came from when that is not its name. */
function importedMessage(d: PortableDocument): string {
  const parts: string[] = [];
  if (d.spans.length > 0) parts.push(count(d.spans.length, 'span', 'spans'));
  if (d.relations.length > 0) parts.push(count(d.relations.length, 'relation', 'relations'));
  const file = d.meta.sourcePath ? fileNameOf(d.meta.sourcePath) : d.name;
  return `${d.name}: imported${parts.length > 0 ? ` with ${parts.join(' and ')}` : ''}${file !== d.name ? ` (from ${file})` : ''}`;
}
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Writes documents chunk by chunk. Without `allowDuplicates`, a document whose text (by hash) is
 * already in the project, or earlier in the same import, is skipped and reported as a duplicate.
 * Returns one row per document, in the order given.
 */
export async function saveDocuments(
  db: GloseDatabase,
  projectId: Id,
  docs: readonly PortableDocument[],
  annotator: string,
  allowDuplicates = false,
): Promise<ImportReportRow[]> {
  const rows: ImportReportRow[] = [];
  for (const chunk of chunkDocuments(docs)) {
    // Which hashes are known decides which rows are duplicates; addDocuments makes the same
    // decision inside its transaction, and returns the new ids in order.
    const known = new Map<string, string>();
    if (!allowDuplicates) {
      const hashes = [...new Set(chunk.map((d) => d.meta.hash))];
      for (const d of await db.documents.where('meta.hash').anyOf(hashes).toArray()) {
        if (d.projectId === projectId) known.set(d.meta.hash, d.name);
      }
    }
    try {
      const { ids } = await addDocuments(db, projectId, chunk, annotator, allowDuplicates);
      let k = 0;
      for (const d of chunk) {
        const twin = allowDuplicates ? undefined : known.get(d.meta.hash);
        if (twin !== undefined) {
          rows.push({ file: d.name, path: pathOf(d), outcome: 'duplicate', message: `${d.name}: skipped, the same text is already in the project (“${twin}”)` });
          continue;
        }
        known.set(d.meta.hash, d.name);
        const docId = ids[k++];
        rows.push({ file: d.name, path: pathOf(d), outcome: 'imported', message: importedMessage(d), ...(docId ? { docId } : {}) });
      }
    } catch (err) {
      for (const d of chunk) {
        rows.push({ file: d.name, path: pathOf(d), outcome: 'failed', message: `${d.name}: could not be saved (${messageOf(err)})` });
      }
    }
  }
  return rows;
}

/** Saves what main extracted and builds the report: every file once, in the order it was found. */
export async function saveImport(db: GloseDatabase, projectId: Id, result: ImportBatchResult, annotator: string): Promise<ImportReport> {
  const saved = await saveDocuments(db, projectId, result.documents, annotator);
  // One file may hold many documents (an annotated format): its rows stay together, in file order.
  const byPath = new Map<string, ImportReportRow[]>();
  const put = (row: ImportReportRow) => {
    const list = byPath.get(row.path);
    if (list) list.push(row);
    else byPath.set(row.path, [row]);
  };
  for (const f of result.failures) put(failedRow(f));
  for (const row of saved) put(row);
  const rows: ImportReportRow[] = [];
  for (const p of result.files) {
    rows.push(...(byPath.get(p) ?? []));
    byPath.delete(p);
  }
  for (const rest of byPath.values()) rows.push(...rest);
  return {
    rows,
    // saveDocuments gives one row per document, in order
    duplicates: result.documents.filter((_, i) => saved[i]?.outcome === 'duplicate'),
    cancelled: result.cancelled,
    notReached: result.notReached,
  };
}

/** Imports the report's duplicates after all, and updates their rows. */
export async function importDuplicatesAnyway(db: GloseDatabase, projectId: Id, report: ImportReport, annotator: string): Promise<ImportReport> {
  const saved = await saveDocuments(db, projectId, report.duplicates, annotator, true);
  // The duplicates' rows, file by file, are in the same order as the duplicates themselves.
  const byPath = new Map<string, ImportReportRow[]>();
  for (const r of saved) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  const rows = report.rows.map((row) => {
    const now = row.outcome === 'duplicate' ? byPath.get(row.path)?.shift() : undefined;
    if (!now) return row;
    return now.outcome === 'imported' ? { ...now, message: `${now.file}: imported (a second copy of the same text)` } : now;
  });
  return { ...report, rows, duplicates: [] };
}

/** The size limit from the settings, or the default when unset or not a sensible number. */
export function validLimit(value: unknown, fallback: number, max: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max ? value : fallback;
}
