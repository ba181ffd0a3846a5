// The write journal: every transaction the renderer commits to IndexedDB is also appended here, in a
// file main writes and flushes (fdatasync) before the edit is called saved. Chromium deletes an
// IndexedDB database it finds corrupt when it opens it (it logs "IndexedDB recovering from a corrupted
// (and deleted) database"), and a process killed in the middle of a write can leave it so: the
// snapshots in the backup folder plus this journal bring the workspace back to its last saved edit.
//
// The file is JSON lines: a header `{"format":"glose-journal","version":1,"id":…,"base":N}`, then one
// entry a line, `{"seq":n,"at":ms,"ops":[…]}`. `base` is the journal position of the snapshot the entries
// follow (0: they follow an empty database). Taking a snapshot trims the entries it holds. A line cut
// short by a crash is dropped; whatever is read back is validated as a fresh write would be.
import { mkdir, open, readFile, rename, stat, type FileHandle } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { JournalContents, JournalEntry, JournalOp, JournalPosition, JournalWrite } from '../contract';
import { issuePath, recordSchemas, type TableName } from '../records';

export const JOURNAL_FILE = 'journal.jsonl';
/** A journal longer than this is not read back (a snapshot trims it every few minutes of editing). */
export const MAX_JOURNAL_BYTES = 1024 * 1024 * 1024;
const MAX_OPS = 100_000;
const MAX_KEYS = 5_000_000;

export class JournalError extends Error {}

const tableName = z.enum(Object.keys(recordSchemas) as [TableName, ...TableName[]]);
const key = z.union([z.string().max(1000), z.number().finite()]);

const putOp = z
  .object({ type: z.literal('put'), table: tableName, values: z.array(z.unknown()).max(MAX_KEYS) })
  .superRefine((op, ctx) => {
    const schema = recordSchemas[op.table];
    for (const [i, value] of op.values.entries()) {
      const result = schema.safeParse(value);
      if (result.success) continue;
      const issue = result.error.issues[0];
      ctx.addIssue({ code: 'custom', message: `${issuePath([op.table, i, ...(issue?.path ?? [])])}: ${issue?.message ?? 'not a record'}`, path: ['values', i] });
      return;
    }
  });
const deleteOp = z.object({ type: z.literal('delete'), table: tableName, keys: z.array(key).max(MAX_KEYS) });
const rangeOp = z.object({
  type: z.literal('deleteRange'),
  table: tableName,
  /** absent bounds: the whole table */
  lower: key.optional(),
  upper: key.optional(),
  lowerOpen: z.boolean(),
  upperOpen: z.boolean(),
});
const opSchema = z.union([putOp, deleteOp, rangeOp]) satisfies z.ZodType<JournalOp>;

/** What the renderer sends: one committed transaction's writes. */
export const journalWriteSchema = z.object({ ops: z.array(opSchema).min(1).max(MAX_OPS) }) satisfies z.ZodType<JournalWrite>;
const entrySchema = z.object({ seq: z.number().int().positive(), at: z.number().finite(), ops: z.array(opSchema).min(1).max(MAX_OPS) }) satisfies z.ZodType<JournalEntry>;
const headerSchema = z.object({
  format: z.literal('glose-journal'),
  version: z.literal(1),
  id: z.string().regex(/^[\w-]{1,100}$/),
  base: z.number().int().nonnegative(),
  /** a snapshot taken beside this journal exists (at `base`) */
  anchored: z.boolean().optional(),
});

interface Parsed {
  id: string;
  base: number;
  anchored: boolean;
  entries: JournalEntry[];
  /** bytes of whole lines: a crash may have left a cut line after them */
  wholeBytes: number;
}

export class Journal {
  readonly path: string;
  private handle: FileHandle | null = null;
  /** the file the handle writes to, to notice it deleted or replaced behind our back */
  private inode = -1;
  private id = '';
  private lastSeq = 0;
  private anchored = false;
  /** appends and trims run one at a time, in the order they were asked for */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(userData: string) {
    this.path = join(userData, JOURNAL_FILE);
  }

  /** Appends one committed transaction and flushes it to disk; resolves with its position. */
  append(write: JournalWrite, now = Date.now()): Promise<JournalPosition> {
    return this.serial(async () => {
      const handle = await this.ready();
      const entry: JournalEntry = { seq: this.lastSeq + 1, at: now, ops: write.ops };
      await handle.appendFile(`${JSON.stringify(entry)}\n`, 'utf8');
      await handle.datasync();
      this.lastSeq = entry.seq;
      return { id: this.id, seq: entry.seq, anchored: this.anchored };
    });
  }

  /** Which journal, and its last entry's position (the base when there is none). */
  position(): Promise<JournalPosition> {
    return this.serial(async () => {
      await this.ready();
      return { id: this.id, seq: this.lastSeq, anchored: this.anchored };
    });
  }

  /** The entries after the base, each validated; throws a JournalError naming the file and line. */
  read(): Promise<JournalContents> {
    return this.serial(async () => {
      const parsed = (await this.parse(true)) ?? { id: this.id, base: 0, entries: [] };
      return { id: parsed.id, base: parsed.base, entries: parsed.entries };
    });
  }

  /**
   * A snapshot holding everything up to `seq` of journal `id` is on disk: the entries it holds are
   * dropped (temp file, flush, rename, so a crash leaves the old journal or the new one).
   */
  trim(id: string, seq: number): Promise<void> {
    return this.serial(async () => {
      await this.ready();
      const parsed = await this.parse(false);
      if (!parsed || parsed.id !== id || seq > this.lastSeq || (seq <= parsed.base && parsed.anchored)) return;
      const base = Math.max(seq, parsed.base);
      const kept = parsed.entries.filter((e) => e.seq > base);
      await this.close();
      const tmp = `${this.path}.tmp`;
      const out = await open(tmp, 'w');
      try {
        // an entry at a time: the kept entries joined may be more than one string can hold
        await out.writeFile(headerLine(id, base, true), 'utf8');
        for (const e of kept) await out.writeFile(`${JSON.stringify(e)}\n`, 'utf8');
        await out.datasync();
      } finally {
        await out.close();
      }
      await rename(tmp, this.path);
    });
  }

  async close(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    await h?.close();
  }

  private serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * The open file, its last position known and any line a crash cut short dropped. A file that is
   * missing, damaged, or not the one the handle writes to is begun again under a new id (a damaged one
   * is kept aside): a snapshot taken beside another journal never pairs with this one's entries.
   */
  private async ready(): Promise<FileHandle> {
    const inode = await stat(this.path).then(
      (st) => st.ino,
      () => -1,
    );
    if (this.handle && inode === this.inode) return this.handle;
    await this.close();
    let parsed: Parsed | null;
    try {
      parsed = await this.parse(false);
    } catch {
      await rename(this.path, `${this.path}.damaged-${Date.now()}`).catch(() => undefined);
      parsed = null;
    }
    if (!parsed) {
      const id = randomUUID();
      await mkdir(dirname(this.path), { recursive: true });
      const fresh = await open(this.path, 'w');
      await fresh.writeFile(headerLine(id, 0), 'utf8');
      await fresh.datasync();
      await fresh.close();
      parsed = { id, base: 0, anchored: false, entries: [], wholeBytes: Buffer.byteLength(headerLine(id, 0)) };
    }
    const h = await open(this.path, 'r+');
    await h.truncate(parsed.wholeBytes);
    await h.close();
    this.id = parsed.id;
    this.anchored = parsed.anchored;
    this.lastSeq = parsed.entries.at(-1)?.seq ?? parsed.base;
    this.handle = await open(this.path, 'a');
    this.inode = (await this.handle.stat()).ino;
    return this.handle;
  }

  /**
   * Reads the file (null when there is none); with `validate`, every op is checked as a fresh write
   * would be.
   */
  private async parse(validate: boolean): Promise<Parsed | null> {
    const size = await stat(this.path).then(
      (s) => s.size,
      () => -1,
    );
    if (size < 0) return null;
    if (size > MAX_JOURNAL_BYTES) throw new JournalError(`${JOURNAL_FILE} is ${size} bytes, over the ${MAX_JOURNAL_BYTES} bytes Glose reads back.`);
    // read as bytes and decoded a line at a time: the whole file as one string would stop at V8's
    // limit (0x1fffffe8 characters, 512 MiB), half of what the journal may hold
    const bytes = await readFile(this.path);
    const end = bytes.lastIndexOf(0x0a) + 1;
    const lineAt = (from: number, n: number): string => {
      try {
        return bytes.toString('utf8', from, bytes.indexOf(0x0a, from));
      } catch {
        throw new JournalError(`${JOURNAL_FILE}, line ${n}: too long to read back.`);
      }
    };
    const header = headerSchema.safeParse(parseLine(end > 0 ? lineAt(0, 1) : '', 1));
    if (!header.success) throw new JournalError(`${JOURNAL_FILE}, line 1: not a Glose journal header.`);
    const entries: JournalEntry[] = [];
    let previous = header.data.base;
    for (let at = bytes.indexOf(0x0a) + 1, i = 1; at < end; at = bytes.indexOf(0x0a, at) + 1, i++) {
      const raw = parseLine(lineAt(at, i + 1), i + 1);
      const entry = validate ? entrySchema.safeParse(raw) : shallowEntry(raw);
      if (!entry.success) throw new JournalError(`${JOURNAL_FILE}, line ${i + 1}: ${entry.error.issues[0]?.message ?? 'not a journal entry'}`);
      if (entry.data.seq <= previous) throw new JournalError(`${JOURNAL_FILE}, line ${i + 1}: entry ${entry.data.seq} comes after entry ${previous}.`);
      previous = entry.data.seq;
      entries.push(entry.data);
    }
    return { id: header.data.id, base: header.data.base, anchored: header.data.anchored ?? false, entries, wholeBytes: end };
  }
}

function headerLine(id: string, base: number, anchored = false): string {
  return `${JSON.stringify({ format: 'glose-journal', version: 1, id, base, ...(anchored ? { anchored } : {}) })}\n`;
}

function parseLine(line: string, n: number): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    throw new JournalError(`${JOURNAL_FILE}, line ${n}: not JSON.`);
  }
}

/** The entry's position only (trimming and appending need no more; reading back checks every op). */
function shallowEntry(raw: unknown): z.ZodSafeParseResult<JournalEntry> {
  return z.looseObject({ seq: z.number().int().positive(), at: z.number(), ops: z.array(z.unknown()) }).safeParse(raw) as z.ZodSafeParseResult<JournalEntry>;
}
