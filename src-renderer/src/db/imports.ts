// The renderer's half of an import: writes the extracted documents to the database in chunks (each
// chunk one transaction, so a failure never leaves a half-written document) and says, file by file
// and in the order the files were found, what happened to each. Which documents are duplicates, and
// which annotations the project has no label or relation type for, is decided once, inside the
// transaction that writes them.
import type { FileKind, ImportBatchResult } from '$contract';
import type { Id, LabelDef, PortableDocument, RelationType } from '$model';
import { distinctColors, missingNames, type MissingNames } from '$lib/import-labels';
import { errorText } from '$lib/text';
import { messagesNow } from '$lib/i18n/current';
import { newId } from '$lib/id';
import type { GloseDatabase } from './database';
import { writeDocuments } from './documents';

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
  /** a file that is not text: what it looks like, worded where the row is shown */
  looksLike?: FileKind;
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
  leftOut?: LeftOut;
  /** labels and relation types created for the import ("Create labels and import") */
  created?: { labels: string[]; types: string[] };
}

export interface LeftOut {
  spans: number;
  relations: number;
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
  return { file: f.file, path: f.path, outcome: 'failed', message: f.message, ...(f.details ? { details: f.details } : {}), ...(f.looksLike ? { looksLike: f.looksLike } : {}) };
}

/**
 * A chunk holds at most this many documents… Each chunk is one transaction, and the browser copies
 * every record it adds in the task that adds it: small chunks keep that task short (the window
 * stays responsive while 500 files are stored), at the cost of a disk flush each.
 */
export const CHUNK_DOCS = 25;
/** …or this much text (UTF-16 code units), whichever comes first; a longer document is a chunk of its own. */
export const CHUNK_CHARS = 512 * 1024;

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

/** "imported", with the annotations stored with it and the file it came from when that is not its name. */
function importedMessage(d: PortableDocument, stored: { spans: number; relations: number }): string {
  const file = d.meta.sourcePath ? fileNameOf(d.meta.sourcePath) : d.name;
  return messagesNow().importRows.imported(d.name, stored.spans, stored.relations, file !== d.name ? file : null);
}

/**
 * Writes documents chunk by chunk. Without `allowDuplicates`, a document whose text (by hash) is
 * already in the project, or earlier in the same import, is skipped and reported as a duplicate.
 * Returns one row per document, in the order given, and the annotations left out because the
 * project has no label or relation type of their name.
 */
export async function saveDocuments(
  db: GloseDatabase,
  projectId: Id,
  docs: readonly PortableDocument[],
  annotator: string,
  allowDuplicates = false,
): Promise<{ rows: ImportReportRow[]; leftOut: LeftOut }> {
  const rows: ImportReportRow[] = [];
  const leftOut = { spans: 0, relations: 0 };
  for (const chunk of chunkDocuments(docs)) {
    try {
      const added = await addDocuments(db, projectId, chunk, annotator, allowDuplicates);
      leftOut.spans += added.leftOut.spans;
      leftOut.relations += added.leftOut.relations;
      for (const [i, d] of chunk.entries()) {
        const outcome = added.outcomes[i];
        if (outcome && 'duplicateOf' in outcome) {
          rows.push({ file: d.name, path: pathOf(d), outcome: 'duplicate', message: messagesNow().importRows.duplicate(d.name, outcome.duplicateOf) });
        } else {
          rows.push({ file: d.name, path: pathOf(d), outcome: 'imported', message: importedMessage(d, outcome ?? { spans: 0, relations: 0 }), ...(outcome ? { docId: outcome.id } : {}) });
        }
      }
    } catch (err) {
      for (const d of chunk) {
        rows.push({ file: d.name, path: pathOf(d), outcome: 'failed', message: messagesNow().importRows.notSaved(d.name, errorText(err)) });
      }
    }
  }
  return { rows, leftOut };
}

/** Saves what main extracted and builds the report: every file once, in the order it was found. */
export async function saveImport(db: GloseDatabase, projectId: Id, result: ImportBatchResult, annotator: string): Promise<ImportReport> {
  const { rows: saved, leftOut } = await saveDocuments(db, projectId, result.documents, annotator);
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
    ...(leftOut.spans + leftOut.relations > 0 ? { leftOut } : {}),
  };
}

/** Imports the report's duplicates after all, and updates their rows. */
export async function importDuplicatesAnyway(db: GloseDatabase, projectId: Id, report: ImportReport, annotator: string): Promise<ImportReport> {
  const { rows: saved } = await saveDocuments(db, projectId, report.duplicates, annotator, true);
  // The duplicates' rows, file by file, are in the same order as the duplicates themselves.
  const byPath = new Map<string, ImportReportRow[]>();
  for (const r of saved) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  const rows = report.rows.map((row) => {
    const now = row.outcome === 'duplicate' ? byPath.get(row.path)?.shift() : undefined;
    if (!now) return row;
    return now.outcome === 'imported' ? { ...now, message: messagesNow().importRows.secondCopy(now.file) } : now;
  });
  return { ...report, rows, duplicates: [] };
}

/** One document given to addDocuments: stored under this id with this many annotations, or skipped as the same text as a document of this name. */
export type AddOutcome = { id: Id; spans: number; relations: number } | { duplicateOf: string };

export interface AddDocumentsResult {
  /** the stored documents, in order */
  ids: Id[];
  /** names of documents whose text was already in the project */
  duplicates: string[];
  /** one per document given, in order */
  outcomes: AddOutcome[];
  leftOut: LeftOut;
}

/**
 * Stores imported documents with their annotations, all in one transaction: either every document of
 * the batch is there afterwards, or none is. Documents whose text is already in the project (or
 * earlier in `docs`) are skipped unless `allowDuplicates`.
 */
export async function addDocuments(
  db: GloseDatabase,
  projectId: Id,
  docs: PortableDocument[],
  annotator: string,
  allowDuplicates = false,
): Promise<AddDocumentsResult> {
  return db.transaction('rw', [db.documents, db.texts, db.spans, db.relations, db.labels, db.relationTypes, db.packedLayers], async () => {
    const { labels, types } = await vocabulary(db, projectId);
    const known = new Map<string, string>();
    if (!allowDuplicates) {
      const hashes = [...new Set(docs.map((d) => d.meta.hash))];
      for (const d of await db.documents.where('meta.hash').anyOf(hashes).toArray()) if (d.projectId === projectId) known.set(d.meta.hash, d.name);
    }
    const fresh: PortableDocument[] = [];
    const twins: Array<string | undefined> = docs.map((d) => {
      const twin = allowDuplicates ? undefined : known.get(d.meta.hash);
      if (twin === undefined) {
        known.set(d.meta.hash, d.name);
        fresh.push(d);
      }
      return twin;
    });
    const written = await writeDocuments(db, projectId, fresh, annotator, labels, types);
    let k = 0;
    const outcomes = twins.map((twin): AddOutcome => (twin === undefined ? (written.docs[k++] as AddOutcome) : { duplicateOf: twin }));
    return { ids: written.docs.map((d) => d.id), duplicates: docs.filter((_, i) => twins[i] !== undefined).map((d) => d.name), outcomes, leftOut: written.leftOut };
  });
}

/** The project's schema: the labels a span may be stored under (not those deleted from it) and the relation types. */
async function vocabulary(db: GloseDatabase, projectId: Id): Promise<{ labels: LabelDef[]; types: RelationType[]; deleted: LabelDef[] }> {
  const [all, types] = await Promise.all([db.labels.where('projectId').equals(projectId).toArray(), db.relationTypes.where('projectId').equals(projectId).toArray()]);
  return { labels: all.filter((l) => !l.deletedAt), types, deleted: all.filter((l) => l.deletedAt) };
}

/** The labels and relation types these documents use that the project does not have (asked about before anything is saved). */
export async function missingInProject(db: GloseDatabase, projectId: Id, docs: readonly PortableDocument[]): Promise<MissingNames> {
  const { labels, types } = await db.transaction('r', [db.labels, db.relationTypes], () => vocabulary(db, projectId));
  return missingNames(docs, labels, types);
}

/**
 * Creates the missing labels (distinct colours, no hotkey, after the existing ones) and relation
 * types (any label at either end, directed) in one transaction. Names already there are skipped.
 */
export async function createMissing(db: GloseDatabase, projectId: Id, missing: MissingNames): Promise<{ labels: string[]; types: string[] }> {
  return db.transaction('rw', [db.labels, db.relationTypes], async () => {
    const { labels, types, deleted } = await vocabulary(db, projectId);
    const labelNames = missing.labels.map((m) => m.name).filter((name) => !labels.some((l) => l.name === name));
    // a label deleted from the schema that other layers still use comes back, colour and all, so the
    // new spans and the other layers' share one label
    const restored = deleted.filter((l) => labelNames.includes(l.name));
    const created = labelNames.filter((name) => !restored.some((l) => l.name === name));
    const typeNames = missing.types.map((m) => m.name).filter((name) => !types.some((t) => t.name === name));
    const now = Date.now();
    const colors = distinctColors(
      [...labels, ...restored].map((l) => l.color),
      created.length,
    );
    let order = labels.reduce((max, l) => Math.max(max, l.order), -1);
    const back: LabelDef[] = restored.map(({ deletedAt: _back, ...l }) => ({ ...l, order: ++order, updatedAt: now }));
    const newLabels: LabelDef[] = created.map((name, i) => ({
      id: newId(),
      projectId,
      name,
      color: colors[i] as string,
      order: ++order,
      createdAt: now,
      updatedAt: now,
    }));
    const newTypes: RelationType[] = typeNames.map((name) => ({
      id: newId(),
      projectId,
      name,
      sourceLabelIds: [],
      targetLabelIds: [],
      directed: true,
      createdAt: now,
      updatedAt: now,
    }));
    if (back.length) await db.labels.bulkPut(back);
    if (newLabels.length) await db.labels.bulkAdd(newLabels);
    if (newTypes.length) await db.relationTypes.bulkAdd(newTypes);
    return { labels: labelNames, types: typeNames };
  });
}
