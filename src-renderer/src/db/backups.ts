// Backups on the renderer's side: the whole database read as one snapshot, a snapshot written back in
// one transaction, and the timer that takes a snapshot after a few minutes of editing. Main writes the
// files and validates what it is sent (src-main/services/backup-*.ts); nothing here names a table.
import Dexie, { type ObservabilitySet } from 'dexie';
import type { BackupTables, WorkspaceSnapshot } from '$contract';
import type { GloseDatabase } from './database';
import { messagesNow } from '$lib/i18n/current';
import { PACKED_TABLE } from './pack-invalidation';
import { storeWrittenPacks } from './packs';

/** Dexie stores version n as IndexedDB version 10·n. */
const DEXIE_VERSION_FACTOR = 10;

/** Every object store of an open IndexedDB database but the packs cache, read in one read-only transaction (a consistent view). */
function readStores(idb: IDBDatabase): Promise<Record<string, unknown[]>> {
  const names = [...idb.objectStoreNames].filter((name) => name !== PACKED_TABLE);
  const out: Record<string, unknown[]> = {};
  if (names.length === 0) return Promise.resolve(out);
  return new Promise((resolve, reject) => {
    const tx = idb.transaction(names, 'readonly');
    for (const name of names) {
      const req = tx.objectStore(name).getAll();
      req.onsuccess = () => (out[name] = req.result as unknown[]);
    }
    tx.oncomplete = () => resolve(out);
    tx.onerror = () => reject(tx.error ?? new Error(messagesNow().restore.refused.unreadable));
    tx.onabort = () => reject(tx.error ?? new Error(messagesNow().restore.refused.unreadable));
  });
}

function snapshotOf(tables: Record<string, unknown[]>, idbVersion: number, appVersion: string): WorkspaceSnapshot {
  return {
    format: 'glose-backup',
    version: 1,
    createdAt: Date.now(),
    appVersion,
    schemaVersion: idbVersion / DEXIE_VERSION_FACTOR,
    tables: tables as unknown as BackupTables,
  };
}

/** The whole workspace, as stored. */
export async function readSnapshot(db: GloseDatabase, appVersion: string): Promise<WorkspaceSnapshot> {
  if (!db.isOpen()) await db.open();
  const idb = db.backendDB();
  return snapshotOf(await readStores(idb), idb.version, appVersion);
}

/**
 * What can still be read of a database Dexie failed to open, without Dexie and without upgrading it
 * (kept before a restore replaces it). Throws when IndexedDB cannot open it either.
 */
export async function readRawSnapshot(name: string, appVersion: string): Promise<WorkspaceSnapshot> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error(messagesNow().restore.refused.unopenable));
    // a database that does not exist yet has nothing to keep
    req.onupgradeneeded = () => req.transaction?.abort();
  });
  try {
    return snapshotOf(await readStores(idb), idb.version, appVersion);
  } finally {
    idb.close();
  }
}

/**
 * Replaces every table with the snapshot's, in one transaction: afterwards the database holds exactly
 * the backup, or (if anything fails) exactly what it held before.
 *
 * Records are written as the backup stores them. That is right as long as the schema versions since
 * the backup's only added tables and indexes; a version whose upgrade rewrites records must rewrite a
 * restored backup's records the same way, here.
 */
export async function replaceWorkspace(db: GloseDatabase, snapshot: WorkspaceSnapshot): Promise<void> {
  if (!db.isOpen()) await db.open();
  if (snapshot.schemaVersion > db.verno) {
    throw new Error(messagesNow().restore.refused.newer(snapshot.schemaVersion));
  }
  const tables = snapshot.tables as unknown as Record<string, unknown[]>;
  const known = new Set(db.tables.map((t) => t.name));
  const unknown = Object.keys(tables).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(messagesNow().restore.refused.unknownTables(unknown.join(', ')));
  await db.transaction('rw', db.tables, async () => {
    for (const table of db.tables) {
      await table.clear();
      // the packs are made from the restored spans, never taken from a file
      const rows = table.name === PACKED_TABLE ? [] : (tables[table.name] ?? []);
      if (rows.length > 0) await table.bulkAdd(rows);
    }
    // every layer is in hand, and written as the spans are: packed now, after the spans' writes (which
    // delete these packs), so the agreement after a restore need not read every span one by one
    const restored = snapshot.tables;
    await storeWrittenPacks(db, { docIds: restored.documents.map((d) => d.id), spans: restored.spans }, { layers: restored.layerDocuments ?? [], spans: restored.layerSpans ?? [] });
  });
}

/** True when no table holds a record: a new install, or storage the system cleared. */
export async function isEmpty(db: GloseDatabase): Promise<boolean> {
  await db.open();
  for (const table of db.tables) if ((await table.count()) > 0) return false;
  return true;
}

/** Closes and deletes the database (a restore over one Dexie could not open). */
export async function deleteDatabase(db: GloseDatabase): Promise<void> {
  db.close();
  await Dexie.delete(db.name);
}

export interface SnapshotSummary {
  projects: number;
  documents: number;
  spans: number;
  relations: number;
}

export function summarize(snapshot: WorkspaceSnapshot): SnapshotSummary {
  const t = snapshot.tables;
  return {
    projects: t.projects.filter((p) => p.deletedAt === undefined).length,
    documents: t.documents.length,
    spans: t.spans.length,
    relations: t.relations.length,
  };
}

/**
 * Takes a snapshot `interval` after the first change that follows the last one: while someone edits,
 * one snapshot every few minutes; when nothing changes, none. Changes to settings alone (the last
 * document opened, say) and to the packs cache do not count.
 */
export class BackupScheduler {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private changed = false;
  private readonly prefix: string;

  constructor(
    dbName: string,
    private readonly interval: () => number,
    private readonly snapshot: () => Promise<void>,
  ) {
    this.prefix = `idb://${dbName}/`;
  }

  /** true when something was stored since the last snapshot began */
  get dirty(): boolean {
    return this.changed;
  }

  start(): () => void {
    Dexie.on('storagemutated', this.onMutated);
    return () => {
      Dexie.on.storagemutated.unsubscribe(this.onMutated);
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
    };
  }

  /** Called as a snapshot starts reading: later changes make the workspace dirty again. */
  markTaken(): void {
    this.changed = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The snapshot failed: what it would have saved still needs saving. */
  markFailed(): void {
    this.changed = true;
    this.arm();
  }

  private readonly onMutated = (parts: ObservabilitySet): void => {
    // the packs the agreement worker stores are no change of the workspace (nor in a backup)
    const relevant = Object.keys(parts).some((k) => k.startsWith(this.prefix) && !k.startsWith(`${this.prefix}settings/`) && !k.startsWith(`${this.prefix}${PACKED_TABLE}/`));
    if (!relevant) return;
    this.changed = true;
    this.arm();
  };

  private arm(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.changed) void this.snapshot();
    }, this.interval());
  }
}
