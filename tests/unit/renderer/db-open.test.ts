// Start-up never waits in silence for a database someone else holds: blocked by another connection,
// never answering, or failing while an old process lets go. Real IndexedDB (fake-indexeddb) where
// the engine's behaviour matters; a stand-in database and fake timers where only time does.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GloseDatabase } from '$db/database';
import { looksHeld, openDatabase, type Openable, type WaitReason } from '$db/open';

let n = 0;
const dbs: GloseDatabase[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const db of dbs.splice(0)) await db.delete();
});

/** A connection from "another window": an older version of the database, kept open whatever it is asked. */
function holdOldVersion(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, 1);
    req.onsuccess = () => {
      req.result.onversionchange = () => {};
      resolve(req.result);
    };
    req.onerror = () => reject(req.error);
  });
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
}

describe('opening a database another connection holds', () => {
  it('says at once that it is blocked, then opens when the other connection lets go', async () => {
    const name = `held-${++n}`;
    const other = await holdOldVersion(name);
    const db = new GloseDatabase(name);
    dbs.push(db);
    const seen: Array<WaitReason | null> = [];
    const opened = openDatabase(db, { onWaiting: (r) => seen.push(r), patienceMs: 60_000 });
    await until(() => seen.includes('blocked'));
    expect(db.isOpen()).toBe(false);

    other.close();
    await opened;
    expect(seen).toEqual(['blocked', null]);
    expect(await db.projects.count()).toBe(0);
  });
});

/** A database whose open() answers as told: never, with an error, or at once. */
class StandIn implements Openable {
  opens = 0;
  private readonly blockedFns = new Set<() => void>();
  readonly on = { blocked: { subscribe: (fn: () => void) => void this.blockedFns.add(fn), unsubscribe: (fn: () => void) => void this.blockedFns.delete(fn) } };

  constructor(private readonly answers: Array<'never' | 'ok' | Error>) {}

  open(): Promise<unknown> {
    const answer = this.answers[this.opens++] ?? 'ok';
    if (answer === 'ok') return Promise.resolve();
    if (answer instanceof Error) return Promise.reject(answer);
    return new Promise(() => {});
  }
}

const held = () => Object.assign(new Error('Internal error opening backing store for indexedDB.open.'), { name: 'OpenFailedError', inner: { name: 'UnknownError' } });

describe('waiting is said within a second, and what failed is retried only when it means "held"', () => {
  it('an open that never answers is shown as waiting after one second, not before', async () => {
    vi.useFakeTimers();
    const seen: Array<WaitReason | null> = [];
    void openDatabase(new StandIn(['never']), { onWaiting: (r) => seen.push(r) });
    await vi.advanceTimersByTimeAsync(999);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual(['slow']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(seen).toEqual(['slow']);
  });

  it('a storage still held after a crash is tried again every second, with the message shown, until it opens', async () => {
    vi.useFakeTimers();
    const db = new StandIn([held(), held(), 'ok']);
    const seen: Array<WaitReason | null> = [];
    const opened = openDatabase(db, { onWaiting: (r) => seen.push(r) });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['held']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(db.opens).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    await opened;
    expect(db.opens).toBe(3);
    expect(seen).toEqual(['held', 'held', null]);
  });

  it('gives up on a held storage after its allowance, with the last error, for the caller to show', async () => {
    vi.useFakeTimers();
    const db = new StandIn(Array.from({ length: 100 }, held));
    const seen: Array<WaitReason | null> = [];
    const opened = openDatabase(db, { onWaiting: (r) => seen.push(r), heldForMs: 5_000 });
    const failed = expect(opened).rejects.toThrow('Internal error opening backing store');
    await vi.advanceTimersByTimeAsync(10_000);
    await failed;
    expect(db.opens).toBe(6);
    expect(seen.at(-1)).toBeNull();
  });

  it('an error that does not mean "held" is given up at once, unretried', async () => {
    const db = new StandIn([Object.assign(new Error('The requested version is less than the existing version.'), { name: 'VersionError' })]);
    const seen: Array<WaitReason | null> = [];
    await expect(openDatabase(db, { onWaiting: (r) => seen.push(r) })).rejects.toThrow('requested version');
    expect(db.opens).toBe(1);
    expect(seen).toEqual([null]);
  });

  it('tells "held" errors from others, wrapped by Dexie or not', () => {
    expect(looksHeld(held())).toBe(true);
    expect(looksHeld(Object.assign(new Error('x'), { name: 'UnknownError' }))).toBe(true);
    expect(looksHeld(Object.assign(new Error('x'), { name: 'OpenFailedError', inner: { name: 'VersionError' } }))).toBe(false);
    expect(looksHeld(null)).toBe(false);
  });
});
