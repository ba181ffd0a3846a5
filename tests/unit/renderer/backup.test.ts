import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addDocuments } from '$db/imports';
import { applyChange } from '$db/documents';
import { ensureWorkspace } from '$db/projects';
import { GloseDatabase } from '$db/database';
import { setSetting } from '$db/settings';
import { BackupScheduler, readRawSnapshot, readSnapshot, replaceWorkspace, summarize } from '$db/backups';
import { readPacks } from '$db/packs';
import { OWN_LAYER, type PackKey } from '$db/pack-invalidation';
import type { WorkspaceSnapshot } from '$contract';
import type { PortableDocument, SchemaSpec } from '$model';
import news from '../../../resources/schemas/news.json';

let n = 0;
const dbs: GloseDatabase[] = [];
function freshDb(): GloseDatabase {
  const db = new GloseDatabase(`backup-${++n}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

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
});
