// The backup file format (docs/backup-format.md): the whole workspace as one JSON value, usually
// gzipped. The same schema checks a snapshot coming from the renderer and a file about to be restored,
// so anything Glose writes, it can read back.
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { z } from 'zod';
import type { WorkspaceSnapshot } from '../contract';
import { issuePath, recordSchemas } from '../records';
import { backupWords } from '../i18n/current';

export const BACKUP_FORMAT = 'glose-backup';
export const BACKUP_VERSION = 1;
/**
 * The largest backup read or written, uncompressed: one JSON text must fit in a JavaScript string
 * (V8's limit is about 512 MiB of UTF-16; bytes are a lower bound on characters).
 */
export const MAX_BACKUP_BYTES = 500 * 1024 * 1024;

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** A backup that cannot be used; the message is written for the person who chose the file. */
export class BackupError extends Error {}

/** Tables a later schema version adds are carried as they are; the renderer refuses ones it does not know. */
const otherTable = z.array(z.record(z.string(), z.unknown()));

export const snapshotSchema = z
  .object({
    format: z.literal(BACKUP_FORMAT),
    version: z.literal(BACKUP_VERSION),
    createdAt: z.number().finite(),
    appVersion: z.string().max(100),
    schemaVersion: z.number().positive().finite(),
    journalId: z.string().regex(/^[\w-]{1,100}$/).optional(),
    journalSeq: z.number().int().nonnegative().optional(),
    // every record is checked with the schema its table's writes obey (src-main/records.ts)
    tables: z
      .object({
        projects: z.array(recordSchemas.projects),
        documents: z.array(recordSchemas.documents),
        texts: z.array(recordSchemas.texts),
        labels: z.array(recordSchemas.labels),
        relationTypes: z.array(recordSchemas.relationTypes),
        spans: z.array(recordSchemas.spans),
        relations: z.array(recordSchemas.relations),
        settings: z.array(recordSchemas.settings),
        // absent from backups made before layers existed
        layerSpans: z.array(recordSchemas.layerSpans).optional(),
        layerRelations: z.array(recordSchemas.layerRelations).optional(),
        layerDocuments: z.array(recordSchemas.layerDocuments).optional(),
      })
      .catchall(otherTable),
  })
  .superRefine((snap, ctx) => {
    const problem = integrityProblem(snap.tables);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['tables'] });
  }) satisfies z.ZodType<WorkspaceSnapshot>;

type Tables = z.infer<typeof snapshotSchema>['tables'];

/**
 * What would make a restored workspace unusable: duplicate ids, a document without its text (or with a
 * text of another length), a span outside its document's text, a relation between spans that are not
 * there. Label and relation-type references are not checked: the app shows an unknown label as "?".
 */
function integrityProblem(t: Tables): string | null {
  for (const [name, rows] of Object.entries({ projects: t.projects, documents: t.documents, texts: t.texts, labels: t.labels, relationTypes: t.relationTypes, spans: t.spans, relations: t.relations })) {
    const seen = new Set<string>();
    for (const r of rows) {
      if (seen.has(r.id)) return `${name}: the id ${r.id} appears twice`;
      seen.add(r.id);
    }
  }
  const keys = new Set<string>();
  for (const s of t.settings) {
    if (keys.has(s.key)) return `settings: the key ${s.key} appears twice`;
    keys.add(s.key);
  }
  const lengths = new Map(t.texts.map((x) => [x.id, x.text.length]));
  const docLength = new Map<string, number>();
  for (const d of t.documents) {
    const len = lengths.get(d.id);
    if (len === undefined) return `document "${d.name}" has no text`;
    if (len !== d.length) return `document "${d.name}" should have ${d.length} characters of text, not ${len}`;
    docLength.set(d.id, len);
  }
  const spanIds = new Set<string>();
  for (const s of t.spans) {
    const len = docLength.get(s.docId);
    if (len === undefined) return `span ${s.id} belongs to a document that is not in the backup`;
    if (s.end <= s.start || s.end > len) return `span ${s.id} (${s.start}–${s.end}) is outside its document's text (length ${len})`;
    spanIds.add(s.id);
  }
  for (const r of t.relations) {
    if (!spanIds.has(r.fromId) || !spanIds.has(r.toId)) return `relation ${r.id} links a span that is not in the backup`;
  }
  return null;
}

/** Checks a value that should be a snapshot; throws a BackupError that says what is wrong. */
export function validateSnapshot(value: unknown): WorkspaceSnapshot {
  if (typeof value !== 'object' || value === null || (value as { format?: unknown }).format !== BACKUP_FORMAT) {
    throw new BackupError(backupWords().notBackup);
  }
  const version = (value as { version?: unknown }).version;
  if (typeof version === 'number' && version > BACKUP_VERSION) {
    throw new BackupError(backupWords().newer(version));
  }
  const result = snapshotSchema.safeParse(value);
  if (!result.success) {
    // the first bad field, by its path: enough to find it in the file, and nothing is changed
    const issue = result.error.issues[0];
    throw new BackupError(backupWords().cannotRestore(issue && issue.path.length > 0 ? issuePath(issue.path) : '', issue?.message));
  }
  return result.data as WorkspaceSnapshot;
}

/** The file's bytes: UTF-8 JSON, gzipped unless `compress` is false. */
export async function encodeBackup(snapshot: WorkspaceSnapshot, compress = true): Promise<Uint8Array> {
  const json = Buffer.from(JSON.stringify(snapshot), 'utf8');
  if (json.byteLength > MAX_BACKUP_BYTES) throw new BackupError(backupWords().workspaceTooLarge(mib(json.byteLength), mib(MAX_BACKUP_BYTES)));
  return compress ? gzipAsync(json, { level: 6 }) : json;
}

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/**
 * Reads a backup file's bytes (gzipped or plain JSON) and validates it. A truncated or damaged file is
 * refused: gzip's length and CRC-32 are checked, then the JSON, then the schema and the references.
 */
export async function decodeBackup(bytes: Uint8Array): Promise<WorkspaceSnapshot> {
  let json: Buffer;
  if (isGzip(bytes)) {
    try {
      json = await gunzipAsync(bytes, { maxOutputLength: MAX_BACKUP_BYTES });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') throw new BackupError(backupWords().tooLargeUnpacked(mib(MAX_BACKUP_BYTES)));
      if (code === 'Z_BUF_ERROR') throw new BackupError(backupWords().truncated);
      throw new BackupError(backupWords().damaged((err as Error).message));
    }
  } else {
    if (bytes.byteLength > MAX_BACKUP_BYTES) throw new BackupError(backupWords().tooLarge(mib(MAX_BACKUP_BYTES)));
    json = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    if (!isGzip(bytes) && json.subarray(0, 64).toString('utf8').trimStart()[0] !== '{') throw new BackupError(backupWords().notBackup);
    throw new BackupError(backupWords().badJson);
  }
  return validateSnapshot(value);
}

function mib(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}
