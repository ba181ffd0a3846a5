import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freshDatabases } from './fresh-db';
import { addDocuments } from '$db/imports';
import { applyChange } from '$db/documents';
import { ensureWorkspace } from '$db/projects';
import { GloseDatabase } from '$db/database';
import { setSetting } from '$db/settings';
import Dexie from 'dexie';
import { BackupScheduler, deleteDatabase, isEmpty, readRawSnapshot, readSnapshot, replaceWorkspace, summarize } from '$db/backups';
import { readPacks } from '$db/packs';
import { OWN_LAYER, type PackKey } from '$db/pack-invalidation';
import type { WorkspaceSnapshot } from '$contract';
import type { PortableDocument, SchemaSpec } from '$model';
import news from '../../../resources/schemas/news.json';

const freshDb = freshDatabases('backup');

const meta = (hash: string) => ({ format: 'txt', hash, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } });
const doc = (name: string, text: string, spans: PortableDocument['spans'] = []): PortableDocument => ({ name, text, meta: meta(`h-${name}`), spans, relations: [] });

async function workspace(db: GloseDatabase): Promise<void> {
  const p = await ensureWorkspace(db, news as SchemaSpec, doc('Welcome', 'Hello'));
  await addDocuments(db, p.id, [doc('a.txt', 'Olaf Scholz à Berlin', [{ start: 0, end: 11, label: 'PER', note: 'chancelier' }]), doc('b.txt', 'Paris 😀')], 'ann');
  await setSetting(db, 'annotator', 'ann');
}

/** Every table's rows, in a stable order. */
async function contents(db: GloseDatabase): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of db.tables) out[t.name] = (await t.toArray()).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return out;
}

describe('workspace snapshots', () => {
  it('read every table but the packs cache, and restore into another database exactly', async () => {
    const source = freshDb();
    await workspace(source);
    const snap = await readSnapshot(source, '1.2.3');
    expect(snap).toMatchObject({ format: 'glose-backup', version: 1, appVersion: '1.2.3', schemaVersion: source.verno });
    expect(Object.keys(snap.tables).sort()).toEqual(source.tables.map((t) => t.name).filter((name) => name !== 'packedLayers').sort());
    expect(summarize(snap)).toEqual({ projects: 1, documents: 3, spans: 1, relations: 0 });

    const target = freshDb();
    await workspace(target);
    // the snapshot crosses to main and back as JSON
    await replaceWorkspace(target, JSON.parse(JSON.stringify(snap)) as WorkspaceSnapshot);
    expect(await contents(target)).toEqual(await contents(source));
  });

  it('read the same from raw IndexedDB as through Dexie (what is kept of a database Dexie cannot open)', async () => {
    const db = freshDb();
    await workspace(db);
    const viaDexie = await readSnapshot(db, 'x');
    db.close();
    const raw = await readRawSnapshot(db.name, 'x');
    expect(raw.tables).toEqual(viaDexie.tables);
    expect(raw.schemaVersion).toBe(viaDexie.schemaVersion);
  });

  it('replace all tables or none: a row that cannot be stored leaves the database as it was', async () => {
    const db = freshDb();
    await workspace(db);
    const before = await contents(db);
    const snap = await readSnapshot(db, 'x');
    const broken = structuredClone(snap);
    broken.tables.projects = [];
    // settings are keyed by "key": a row without one cannot be stored, after every other table was cleared
    broken.tables.settings = [{ value: 'no key' } as unknown as { key: string; value: unknown }];
    await expect(replaceWorkspace(db, broken)).rejects.toThrow();
    expect(await contents(db)).toEqual(before);
  });

  it('refuse a backup from a newer schema, or with tables this version does not know, touching nothing', async () => {
    const db = freshDb();
    await workspace(db);
    const before = await contents(db);
    const snap = await readSnapshot(db, 'x');
    await expect(replaceWorkspace(db, { ...snap, schemaVersion: db.verno + 1 })).rejects.toThrow(/newer version of Glose/);
    const extra = { ...snap, tables: { ...snap.tables, later: [{ id: 'x' }] } } as unknown as WorkspaceSnapshot;
    await expect(replaceWorkspace(db, extra)).rejects.toThrow(/tables this version of Glose does not know \(later\)/);
    expect(await contents(db)).toEqual(before);
  });
});

describe('workspace snapshots, in detail', () => {
  it('a database not yet opened is opened to be read; an empty one is said to be empty', async () => {
    const db = freshDb();
    expect(db.isOpen()).toBe(false);
    const snap = await readSnapshot(db, 'x');
    expect(snap.schemaVersion).toBe(db.verno);
    expect(Object.values(snap.tables).every((rows) => rows.length === 0)).toBe(true);
    db.close();
    expect(await isEmpty(db)).toBe(true);
    await setSetting(db, 'annotator', 'ann');
    expect(await isEmpty(db)).toBe(false);
    db.close();
    await replaceWorkspace(db, snap);
    expect(await isEmpty(db)).toBe(true);
  });

  it('counts only the projects not deleted', async () => {
    const db = freshDb();
    await workspace(db);
    await ensureWorkspace(db, news as SchemaSpec, doc('Welcome', 'Hi'));
    const [first] = await db.projects.toArray();
    await db.projects.update(first?.id as string, { deletedAt: 1 });
    const snap = await readSnapshot(db, 'x');
    expect(snap.tables.projects.length).toBeGreaterThan(0);
    expect(summarize(snap).projects).toBe(snap.tables.projects.length - 1);
  });

  it('a backup without a table (made before the table existed) leaves that table empty', async () => {
    const db = freshDb();
    await workspace(db);
    const snap = await readSnapshot(db, 'x');
    const { settings: _left, ...tables } = snap.tables;
    const older = { ...snap, tables } as unknown as WorkspaceSnapshot;
    await setSetting(db, 'lastProject', 'p');
    await replaceWorkspace(db, older);
    expect(await db.settings.count()).toBe(0);
    expect(await db.documents.count()).toBe(snap.tables.documents.length);
  });

  it('a raw read of a database that does not exist fails and creates nothing; one without tables reads as empty', async () => {
    await expect(readRawSnapshot('never-made', 'x')).rejects.toBeDefined();
    expect(await Dexie.exists('never-made')).toBe(false);
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open('bare', 20);
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error ?? new Error('open failed'));
    });
    const raw = await readRawSnapshot('bare', '9.9');
    expect(raw).toMatchObject({ format: 'glose-backup', version: 1, appVersion: '9.9', schemaVersion: 2, tables: {} });
    await Dexie.delete('bare');
  });

  it('deletes a database whole', async () => {
    const db = freshDb();
    await workspace(db);
    await deleteDatabase(db);
    expect(db.isOpen()).toBe(false);
    expect(await Dexie.exists(db.name)).toBe(false);
  });
});

describe('the backup timer', () => {
  // Only the scheduler's own timer is faked: fake-indexeddb and Dexie keep their real scheduling.
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('takes one snapshot an interval after edits begin, none while nothing changes, and ignores settings alone', async () => {
    const db = freshDb();
    await workspace(db);
    let taken = 0;
    const scheduler: BackupScheduler = new BackupScheduler(db.name, () => 80_000, async () => {
      scheduler.markTaken();
      taken++;
    });
    const stop = scheduler.start();
    try {
      await setSetting(db, 'lastProject', 'x');
      // nor the layers the agreement packs (a cache, never in a backup)
      const all = await db.documents.toArray();
      await db.packedLayers.clear();
      await readPacks(db, all.map((x): PackKey => [x.id, OWN_LAYER]));
      expect(await db.packedLayers.count()).toBe(all.length);
      await vi.advanceTimersByTimeAsync(150_000);
      expect(taken).toBe(0);
      expect(scheduler.dirty).toBe(false);

      const d = (await db.documents.toArray()).find((x) => x.name === 'b.txt');
      const label = await db.labels.toCollection().first();
      const span = (id: string) => ({ id, docId: d?.id as string, labelId: label?.id as string, start: 0, end: 5, annotator: 'a', createdAt: 1, updatedAt: 1 });
      await applyChange(db, { docId: d?.id as string, spans: [{ after: span('s1') }], relations: [] });
      expect(scheduler.dirty).toBe(true);
      // the interval runs from the first edit: a second one does not push the snapshot back
      await vi.advanceTimersByTimeAsync(50_000);
      await applyChange(db, { docId: d?.id as string, spans: [{ after: span('s2') }], relations: [] });
      await vi.advanceTimersByTimeAsync(29_000);
      expect(taken).toBe(0);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(taken).toBe(1);
      expect(scheduler.dirty).toBe(false);
      await vi.advanceTimersByTimeAsync(150_000);
      expect(taken).toBe(1);

      // a snapshot that failed is tried again after the next interval
      scheduler.markFailed();
      await vi.advanceTimersByTimeAsync(79_000);
      expect(taken).toBe(1);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(taken).toBe(2);
    } finally {
      stop();
    }
  });

  it('does not count another database', async () => {
    const db = freshDb();
    const other = freshDb();
    await workspace(other);
    let taken = 0;
    const stop = new BackupScheduler(db.name, () => 20_000, async () => void taken++).start();
    try {
      await setSetting(other, 'markPainter', 'overlay');
      await workspace(freshDb());
      await vi.advanceTimersByTimeAsync(80_000);
      expect(taken).toBe(0);
    } finally {
      stop();
    }
  });

  it('stops counting once stopped, and a snapshot begun by hand resets the interval', async () => {
    const db = freshDb();
    await workspace(db);
    let taken = 0;
    let interval = 30_000;
    const scheduler = new BackupScheduler(db.name, () => interval, async () => void taken++);
    const stop = scheduler.start();
    const edit = (value: string) => db.labels.toCollection().modify({ color: value });
    // a snapshot begun by hand: the timer armed by the edit before it is cleared, and a later edit arms a new one
    await edit('#111111');
    scheduler.markTaken();
    expect(scheduler.dirty).toBe(false);
    await vi.advanceTimersByTimeAsync(40_000);
    expect(taken).toBe(0);
    interval = 10_000;
    await edit('#222222');
    await vi.advanceTimersByTimeAsync(9_000);
    expect(taken).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(taken).toBe(1);
    // stopped with a timer armed: no snapshot, and later edits are not counted
    await edit('#333333');
    // Dexie tells of the change on a timer of its own (faked here too): let it arm the snapshot timer first
    await vi.advanceTimersByTimeAsync(100);
    expect(scheduler.dirty).toBe(true);
    stop();
    await vi.advanceTimersByTimeAsync(40_000);
    await edit('#444444');
    await vi.advanceTimersByTimeAsync(40_000);
    expect(taken).toBe(1);
  });
});
