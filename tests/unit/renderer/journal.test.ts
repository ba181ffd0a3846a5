// The write journal's renderer side: what the middleware records of committed transactions, that an
// aborted one records nothing, that settled() waits for main, and that replaying the journal onto an
// empty database (or onto a snapshot it follows) gives back exactly the database that wrote it.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { freshDatabases } from './fresh-db';
import { addDocuments } from '$db/imports';
import { applyChange } from '$db/documents';
import { ensureWorkspace, purgeDeletedProjects } from '$db/projects';
import { GloseDatabase } from '$db/database';
import { setSetting } from '$db/settings';
import { readSnapshot, replaceWorkspace } from '$db/backups';
import { WriteJournal, replayJournal } from '$db/journal';
import type { JournalEntry, JournalPosition, JournalWrite } from '$contract';
import type { PortableDocument, SchemaSpec, Span } from '$model';
import news from '../../../resources/schemas/news.json';

const freshDb = freshDatabases('journal');

/** A setting row Glose stores (the last document open in project `p`). */
const last = (p: string, value = 'd1') => ({ key: `lastDocument:${p}`, value });

/** A main that stores entries in memory, as src-main/services/journal.ts numbers them. */
class MemoryMain {
  entries: JournalEntry[] = [];
  fail: Error | null = null;
  /** appends held back until release() */
  held: Array<() => void> | null = null;
  async append(write: JournalWrite): Promise<JournalPosition> {
    if (this.held) await new Promise<void>((resolve) => this.held?.push(resolve));
    if (this.fail) throw this.fail;
    const seq = (this.entries.at(-1)?.seq ?? 0) + 1;
    this.entries.push({ seq, at: 0, ops: JSON.parse(JSON.stringify(write.ops)) as JournalWrite['ops'] });
    return { id: 'j1', seq, anchored: false };
  }
  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const go of held) go();
  }
}

function journalled(main = new MemoryMain(), errors: unknown[] = []): { db: GloseDatabase; main: MemoryMain; journal: WriteJournal; errors: unknown[] } {
  const db = freshDb();
  const journal = new WriteJournal(main, (err) => errors.push(err));
  db.attachJournal(journal);
  return { db, main, journal, errors };
}

const meta = (hash: string) => ({ format: 'txt', hash, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } });
const doc = (name: string, text: string, spans: PortableDocument['spans'] = []): PortableDocument => ({ name, text, meta: meta(`h-${name}`), spans, relations: [] });

/**
 * Every table's rows, in a stable order; but the packs (a cache the journal never carries: the writes
 * that store some, an import say, leave them out of their entries, and a database rebuilt from the
 * journal packs its spans when asked, packs.test.ts).
 */
async function contents(db: GloseDatabase): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of db.tables) if (t.name !== 'packedLayers') out[t.name] = (await t.toArray()).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return out;
}

/** A working session: a workspace, an import, edits (added, relabelled, deleted spans), a setting, a purge. */
async function session(db: GloseDatabase): Promise<void> {
  const p = await ensureWorkspace(db, news as SchemaSpec, doc('Welcome', 'Hello'));
  await addDocuments(db, p.id, [doc('a.txt', 'Olaf Scholz à Berlin 😀', [{ start: 0, end: 11, label: 'PER' }]), doc('b.txt', 'Paris\r\nLyon')], 'ann');
  const docId = (await db.documents.toArray()).find((d) => d.name === 'a.txt')?.id as string;
  const labels = await db.labels.where('projectId').equals(p.id).toArray();
  const loc = labels.find((l) => l.name === 'LOC')?.id as string;
  const org = labels.find((l) => l.name === 'ORG')?.id as string;
  const now = Date.now();
  const span: Span = { id: 'sp-berlin', docId, labelId: loc, start: 14, end: 20, annotator: 'ann', createdAt: now, updatedAt: now };
  await applyChange(db, { docId, spans: [{ after: span }], relations: [] });
  await applyChange(db, { docId, spans: [{ before: span, after: { ...span, labelId: org } }], relations: [] });
  const first = (await db.spans.where('docId').equals(docId).toArray()).find((s) => s.start === 0) as Span;
  await applyChange(db, { docId, spans: [{ before: first }], relations: [] });
  await setSetting(db, 'annotator', 'ann');
  await db.projects.update(p.id, { deletedAt: now });
  await purgeDeletedProjects(db);
  const q = await ensureWorkspace(db, news as SchemaSpec, doc('Welcome', 'Bonjour'));
  await db.settings.put({ key: 'lastProject', value: q.id });
}

describe('the write journal', () => {
  it('replayed onto an empty database, gives back the database that wrote it', async () => {
    const { db, main, journal } = journalled();
    await session(db);
    await journal.settled();
    expect(main.entries.length).toBeGreaterThan(5);
    const rebuilt = freshDb();
    await replayJournal(rebuilt, main.entries);
    expect(await contents(rebuilt)).toEqual(await contents(db));
  });

  it('replayed onto a snapshot taken part-way (even one holding entries it replays again), gives the same database', async () => {
    const { db, main, journal } = journalled();
    const p = await ensureWorkspace(db, news as SchemaSpec, doc('Welcome', 'Hello'));
    await addDocuments(db, p.id, [doc('c.txt', 'Marie Curie à Varsovie')], 'ann');
    await journal.settled();
    const snapshot = await readSnapshot(db, 'test');
    const base = journal.position?.seq as number;
    await session(db);
    await journal.settled();
    for (const from of [base, base - 1]) {
      const rebuilt = freshDb();
      await replaceWorkspace(rebuilt, snapshot);
      await replayJournal(
        rebuilt,
        main.entries.filter((e) => e.seq > from),
      );
      expect(await contents(rebuilt)).toEqual(await contents(db));
    }
  });

  it('records a transaction only once it commits, and nothing of one that aborts', async () => {
    const { db, main, journal } = journalled();
    await db
      .transaction('rw', db.settings, async () => {
        await db.settings.put(last('a', 'v1'));
        throw new Error('changed my mind');
      })
      .catch(() => undefined);
    await db.transaction('rw', db.settings, async () => {
      await db.settings.put(last('b', 'v2'));
      await db.settings.delete('lastDocument:b');
      await db.settings.put(last('c', 'v3'));
    });
    await journal.settled();
    expect(main.entries.map((e) => e.ops)).toEqual([
      [
        { type: 'put', table: 'settings', values: [last('b', 'v2')] },
        { type: 'delete', table: 'settings', keys: ['lastDocument:b'] },
        { type: 'put', table: 'settings', values: [last('c', 'v3')] },
      ],
    ]);
    expect(await db.settings.get('lastDocument:a')).toBeUndefined();
  });

  it('records clear() as a range over the whole table, and a write that failed not at all', async () => {
    const { db, main, journal } = journalled();
    await db.settings.bulkPut([
      last('a', 'v1'),
      last('b', 'v2'),
    ]);
    await db.transaction('rw', db.settings, async () => {
      await db.settings.add(last('a', 'v9')).catch(() => undefined);
      await db.settings.put(last('z', 'v26'));
    });
    await db.settings.clear();
    await journal.settled();
    expect(main.entries.map((e) => e.ops)).toEqual([
      [{ type: 'put', table: 'settings', values: [last('a', 'v1'), last('b', 'v2')] }],
      [{ type: 'put', table: 'settings', values: [last('z', 'v26')] }],
      [{ type: 'deleteRange', table: 'settings', lowerOpen: false, upperOpen: false }],
    ]);
  });

  it('settled() waits until main has the entry', async () => {
    const main = new MemoryMain();
    main.held = [];
    const { db, journal } = journalled(main);
    await db.settings.put(last('a', 'v1'));
    let settled = false;
    const waiting = journal.settled().then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    main.release();
    await waiting;
    expect(main.entries).toHaveLength(1);
    expect(journal.position).toEqual({ id: 'j1', seq: 1, anchored: false });
  });

  it('a journal main cannot write is said once, and edits still settle', async () => {
    const main = new MemoryMain();
    main.fail = new Error('disk full');
    const { db, journal, errors } = journalled(main);
    await db.settings.put(last('a', 'v1'));
    await journal.settled();
    await db.settings.put(last('b', 'v2'));
    await journal.settled();
    expect(errors).toEqual([main.fail]);
    expect(await db.settings.count()).toBe(2);
  });

  it('writes made while paused (a rebuild) are not journalled again', async () => {
    const { db, main, journal } = journalled();
    await journal.paused(() => db.settings.put(last('a', 'v1')));
    await db.settings.put(last('b', 'v2'));
    await journal.settled();
    expect(main.entries.flatMap((e) => e.ops)).toEqual([{ type: 'put', table: 'settings', values: [last('b', 'v2')] }]);
  });
});

describe('the write journal, in detail', () => {
  const keys = ['a', 'b', 'c', 'd', 'e'];
  const seeded = async (db: GloseDatabase): Promise<void> => {
    await db.settings.bulkPut(keys.map((k) => last(k)));
  };
  const rows = async (db: GloseDatabase): Promise<string[]> => (await db.settings.toArray()).map((s) => s.key);

  it('records each kind of range delete with its bounds, and replays it to the same rows', async () => {
    const cases: Array<[string, (db: GloseDatabase) => Promise<unknown>, Record<string, unknown>]> = [
      ['equal', (db) => db.settings.where('key').equals('lastDocument:b').delete(), { lower: 'lastDocument:b', upper: 'lastDocument:b', lowerOpen: false, upperOpen: false }],
      ['between', (db) => db.settings.where('key').between('lastDocument:b', 'lastDocument:d').delete(), { lower: 'lastDocument:b', upper: 'lastDocument:d', lowerOpen: false, upperOpen: true }],
      ['between, both ends in', (db) => db.settings.where('key').between('lastDocument:b', 'lastDocument:d', true, true).delete(), { lower: 'lastDocument:b', upper: 'lastDocument:d', lowerOpen: false, upperOpen: false }],
      ['above', (db) => db.settings.where('key').above('lastDocument:c').delete(), { lower: 'lastDocument:c', lowerOpen: true }],
      ['below or equal', (db) => db.settings.where('key').belowOrEqual('lastDocument:c').delete(), { upper: 'lastDocument:c', upperOpen: false }],
    ];
    for (const [name, remove, range] of cases) {
      const { db, main, journal } = journalled();
      await seeded(db);
      await remove(db);
      await journal.settled();
      const op = main.entries.at(-1)?.ops[0];
      expect({ name, op }).toMatchObject({ name, op: { type: 'deleteRange', table: 'settings', ...range } });
      const rebuilt = freshDb();
      await replayJournal(rebuilt, main.entries);
      expect({ name, rows: await rows(rebuilt) }).toEqual({ name, rows: await rows(db) });
    }
  });

  it('leaves out of an entry the records a bulk write failed to store, and an entry whose every write failed', async () => {
    const { db, main, journal } = journalled();
    await db.settings.put(last('a', 'v1'));
    await db.transaction('rw', db.settings, async () => {
      await db.settings.bulkAdd([last('a', 'v2'), last('b', 'v2')]).catch(() => undefined);
    });
    await db.transaction('rw', db.settings, async () => {
      await db.settings.bulkAdd([last('a', 'v3'), last('b', 'v3')]).catch(() => undefined);
    });
    await journal.settled();
    expect(main.entries.map((e) => e.ops)).toEqual([
      [{ type: 'put', table: 'settings', values: [last('a', 'v1')] }],
      [{ type: 'put', table: 'settings', values: [last('b', 'v2')] }],
    ]);
    const rebuilt = freshDb();
    await replayJournal(rebuilt, main.entries);
    expect(await contents(rebuilt)).toEqual(await contents(db));
  });

  it('what commits while an entry is on its way goes, in commit order, into the next one', async () => {
    const main = new MemoryMain();
    main.held = [];
    const { db, journal } = journalled(main);
    await db.settings.put(last('a', 'v1'));
    await db.settings.put(last('b', 'v2'));
    await db.settings.put(last('c', 'v3'));
    main.release();
    await journal.settled();
    expect(main.entries.map((e) => e.ops.map((op) => (op.type === 'put' ? op.values : op)))).toEqual([
      [[last('a', 'v1')]],
      [[last('b', 'v2')], [last('c', 'v3')]],
    ]);
    expect(journal.position).toEqual({ id: 'j1', seq: 2, anchored: false });
  });

  it('records what a write stored, not what its caller changed afterwards', async () => {
    const { db, main, journal } = journalled();
    const row = last('a', 'v1');
    await db.transaction('rw', db.settings, async () => {
      await db.settings.put(row);
      row.value = 'changed';
    });
    await journal.settled();
    expect(main.entries[0]?.ops).toEqual([{ type: 'put', table: 'settings', values: [last('a', 'v1')] }]);
  });

  it('settles at once when nothing was written, and keeps the position start() gave until main confirms one', async () => {
    const { db, main, journal } = journalled();
    expect(journal.position).toBeNull();
    await journal.settled();
    journal.start({ id: 'j0', seq: 41, anchored: true });
    expect(journal.position).toEqual({ id: 'j0', seq: 41, anchored: true });
    await db.settings.get('lastDocument:a');
    await journal.settled();
    expect(journal.position).toEqual({ id: 'j0', seq: 41, anchored: true });
    expect(main.entries).toEqual([]);
  });

  it('says again that the journal fails once it had recovered in between', async () => {
    const main = new MemoryMain();
    const { db, journal, errors } = journalled(main);
    main.fail = new Error('disk full');
    await db.settings.put(last('a', 'v1'));
    await journal.settled();
    main.fail = null;
    await db.settings.put(last('b', 'v2'));
    await journal.settled();
    main.fail = new Error('disk full again');
    await db.settings.put(last('c', 'v3'));
    await journal.settled();
    expect(errors.map((e) => (e as Error).message)).toEqual(['disk full', 'disk full again']);
  });

  it('journals again after a rebuild that failed', async () => {
    const { db, main, journal } = journalled();
    await expect(
      journal.paused(async () => {
        await db.settings.put(last('a', 'v1'));
        throw new Error('rebuild failed');
      }),
    ).rejects.toThrow('rebuild failed');
    await db.settings.put(last('b', 'v2'));
    await journal.settled();
    expect(main.entries.flatMap((e) => e.ops)).toEqual([{ type: 'put', table: 'settings', values: [last('b', 'v2')] }]);
  });

  it('replays entries in order, each in a transaction over the tables it names', async () => {
    const db = freshDb();
    const entries: JournalEntry[] = [
      { seq: 1, at: 0, ops: [{ type: 'put', table: 'settings', values: [last('a', 'v1'), last('b', 'v1'), last('c', 'v1')] }] },
      { seq: 2, at: 0, ops: [{ type: 'put', table: 'settings', values: [last('a', 'v2')] }, { type: 'delete', table: 'settings', keys: ['lastDocument:b'] }] },
      { seq: 3, at: 0, ops: [{ type: 'deleteRange', table: 'settings', lower: 'lastDocument:c', upper: 'lastDocument:c', lowerOpen: true, upperOpen: false }] },
      { seq: 4, at: 0, ops: [{ type: 'deleteRange', table: 'settings', lower: 'lastDocument:c', upperOpen: true, lowerOpen: true }] },
    ];
    await replayJournal(db, entries);
    expect(await db.settings.toArray()).toEqual([last('a', 'v2'), last('c', 'v1')]);
    await replayJournal(db, [{ seq: 5, at: 0, ops: [{ type: 'deleteRange', table: 'settings', upper: 'lastDocument:b', lowerOpen: false, upperOpen: false }] }]);
    expect(await db.settings.toArray()).toEqual([last('c', 'v1')]);
    await replayJournal(db, [{ seq: 6, at: 0, ops: [{ type: 'deleteRange', table: 'settings', lowerOpen: false, upperOpen: false }] }]);
    expect(await db.settings.count()).toBe(0);
  });
});
