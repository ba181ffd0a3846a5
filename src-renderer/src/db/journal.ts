// The renderer's side of the write journal (src-main/services/journal.ts): a Dexie middleware records
// every write of a read-write transaction and, once the transaction has committed, hands them to main,
// which flushes them to disk. An edit is called saved only when both IndexedDB and the journal hold it
// (Editor.run waits for `settled()`), so a database Chromium deletes as corrupt after a crash can be
// rebuilt from the latest snapshot and the journal (`replayJournal`).
import Dexie, { type DBCore, type DBCoreMutateRequest, type DBCoreTable, type Middleware } from 'dexie';
import type { JournalEntry, JournalOp, JournalPosition, JournalWrite } from '$contract';
import { PACKED_TABLE } from './pack-invalidation';

/** Dexie's DBCoreRangeType: `Any` is a whole table (clear()), `Equal` one key. */
const RANGE_EQUAL = 1;
const RANGE_ANY = 3;

export interface JournalSink {
  append(write: JournalWrite): Promise<JournalPosition>;
}

export class WriteJournal {
  /** writes of transactions still running, by transaction */
  private readonly open = new WeakMap<object, JournalOp[]>();
  /** transactions that wrote something and have not yet committed or aborted */
  private running = 0;
  /** committed, not yet handed to main */
  private waiting: JournalOp[] = [];
  private inFlight = false;
  private idleWaiters: Array<() => void> = [];
  private failing = false;
  #position: JournalPosition | null = null;
  #paused = false;

  constructor(
    private readonly sink: JournalSink,
    /** told when main could not store an entry, so the user learns a crash could lose what follows */
    private readonly onError: (err: unknown) => void,
  ) {}

  /** The journal and position of the last entry main confirmed (null until one is, unless `start` said). */
  get position(): JournalPosition | null {
    return this.#position;
  }

  /** Where main's journal is when this session begins. */
  start(position: JournalPosition): void {
    this.#position = position;
  }

  /** While a database is rebuilt from the journal, its own writes are not journalled again. */
  async paused<T>(run: () => Promise<T>): Promise<T> {
    this.#paused = true;
    try {
      return await run();
    } finally {
      this.#paused = false;
    }
  }

  /**
   * Resolves once every transaction that wrote so far has committed (or aborted) and what it wrote is
   * in main's journal (or failed to get there, said through onError).
   */
  settled(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  readonly middleware: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'writeJournal',
    create: (down) => ({
      ...down,
      table: (name) => this.recording(down.table(name), name),
    }),
  };

  private idle(): boolean {
    return this.running === 0 && this.waiting.length === 0 && !this.inFlight;
  }

  private wake(): void {
    if (!this.idle()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private recording(table: DBCoreTable, name: string): DBCoreTable {
    // a cache rebuilt from the spans: a rebuilt database starts without it
    if (name === PACKED_TABLE) return table;
    return {
      ...table,
      mutate: async (req) => {
        if (this.#paused) return table.mutate(req);
        // cloned now, as IndexedDB clones them: the caller may change its objects afterwards
        const op = opOf(req, name);
        const ops = this.record(req.trans as unknown as EventTarget, op);
        try {
          const res = await table.mutate(req);
          if (op.type === 'put' && res.numFailures > 0) op.values = op.values.filter((_, i) => !(i in res.failures));
          if (op.type === 'delete' && res.numFailures > 0) op.keys = op.keys.filter((_, i) => !(i in res.failures));
          return res;
        } catch (err) {
          // a write that failed stores nothing, even if its transaction goes on and commits
          ops.splice(ops.indexOf(op), 1);
          throw err;
        }
      },
    };
  }

  private record(trans: EventTarget, op: JournalOp): JournalOp[] {
    let ops = this.open.get(trans);
    if (!ops) {
      const list: JournalOp[] = [];
      ops = list;
      this.open.set(trans, list);
      this.running++;
      trans.addEventListener('complete', () => this.ended(list, true));
      trans.addEventListener('abort', () => this.ended(list, false));
    }
    ops.push(op);
    return ops;
  }

  private ended(ops: JournalOp[], committed: boolean): void {
    this.running--;
    const kept = committed ? ops.filter((op) => (op.type === 'put' ? op.values.length > 0 : op.type === 'delete' ? op.keys.length > 0 : true)) : [];
    this.waiting.push(...kept);
    if (this.waiting.length > 0 && !this.inFlight) void this.flush();
    else this.wake();
  }

  /** One entry at a time, in commit order: what committed meanwhile goes in the next entry. */
  private async flush(): Promise<void> {
    this.inFlight = true;
    try {
      while (this.waiting.length > 0) {
        const ops = this.waiting;
        this.waiting = [];
        try {
          this.#position = await this.sink.append({ ops });
          this.failing = false;
        } catch (err) {
          // said once, not for every edit while the disk stays full
          if (!this.failing) this.onError(err);
          this.failing = true;
        }
      }
    } finally {
      this.inFlight = false;
      this.wake();
    }
  }
}

function opOf(req: DBCoreMutateRequest, table: string): JournalOp {
  switch (req.type) {
    case 'add':
    case 'put':
      return { type: 'put', table, values: structuredClone([...req.values]) as unknown[] };
    case 'delete':
      return { type: 'delete', table, keys: [...req.keys] as Array<string | number> };
    case 'deleteRange': {
      const r = req.range;
      if (r.type === RANGE_ANY) return { type: 'deleteRange', table, lowerOpen: false, upperOpen: false };
      const lower = r.lower as string | number;
      const upper = (r.type === RANGE_EQUAL ? r.lower : r.upper) as string | number;
      return { type: 'deleteRange', table, lower, upper, lowerOpen: r.lowerOpen ?? false, upperOpen: r.upperOpen ?? false };
    }
  }
}

/**
 * Applies journal entries to the database, each in one transaction, in order. Puts and deletes of
 * whole records: applied to any snapshot taken at or after the entries' base, they give the state after
 * the last entry.
 */
export async function replayJournal(db: Dexie, entries: readonly JournalEntry[]): Promise<void> {
  for (const entry of entries) {
    const tables = [...new Set(entry.ops.map((op) => op.table))].map((name) => db.table(name));
    await db.transaction('rw', tables, async () => {
      for (const op of entry.ops) {
        const table = db.table(op.table);
        if (op.type === 'put') await table.bulkPut(op.values);
        else if (op.type === 'delete') await table.bulkDelete(op.keys);
        else if (op.lower === undefined && op.upper === undefined) await table.clear();
        else await table.where(':id').between(op.lower ?? Dexie.minKey, op.upper ?? Dexie.maxKey, !op.lowerOpen, !op.upperOpen).delete();
      }
    });
  }
}
