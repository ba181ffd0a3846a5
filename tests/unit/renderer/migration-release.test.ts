// The database migration on a database written by a real release. tests/fixtures/migration/release-db.json
// is the IndexedDB content that the last release before layers (commit 603aa33, Dexie schema version 1)
// wrote with its own src-renderer/src/db code under fake-indexeddb: two projects, the welcome document,
// imported documents with spans, notes, attributes, relations and categories, a hand edit, settings.
// make-release-db.mjs beside it regenerates it (see there how). Here it is loaded as it was, at its
// IndexedDB version, and opened with today's code: every record must stay byte for byte, and every span
// must be the current annotator's own layer, with no other layer made up.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { GloseDatabase } from '$db/database';
import { loadDocument } from '$db/documents';
import { applyLayerChange, documentLayers, portableLayerDocuments, projectLayerNames } from '$db/layers';
import { getSetting, SETTING } from '$db/settings';
import { CURATED_LAYER, type Span } from '$model';
import fixture from '../../fixtures/migration/release-db.json';

interface StoreDump {
  keyPath: string;
  autoIncrement: boolean;
  indexes: Array<{ name: string; keyPath: string | string[]; unique: boolean; multiEntry: boolean }>;
  records: Array<Record<string, unknown>>;
}
const release = fixture as unknown as { release: { commit: string }; version: number; stores: Record<string, StoreDump> };
const stores = release.stores;
const spans = stores['spans']?.records as unknown as Span[];
const documents = (stores['documents']?.records ?? []) as Array<{ id: string; projectId: string }>;

/** Writes the fixture back into IndexedDB exactly as the release left it: same version, stores, indexes and records. */
function loadRelease(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, release.version);
    req.onupgradeneeded = () => {
      const idb = req.result;
      const tx = req.transaction as IDBTransaction;
      for (const [store, dump] of Object.entries(stores)) {
        const os = idb.createObjectStore(store, { keyPath: dump.keyPath, autoIncrement: dump.autoIncrement });
        for (const i of dump.indexes) os.createIndex(i.name, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
        for (const record of dump.records) tx.objectStore(store).add(record);
      }
    };
    req.onsuccess = () => {
      req.result.close();
      resolve();
    };
    req.onerror = () => reject(req.error);
  });
}

/** A store's records in key order, as JSON text: equal text is equal bytes. */
async function stored(db: GloseDatabase, store: string): Promise<string> {
  return JSON.stringify(await db.table(store).toArray());
}

let db: GloseDatabase | null = null;
afterEach(async () => {
  await db?.delete();
  db = null;
});

async function opened(name: string): Promise<GloseDatabase> {
  await loadRelease(name);
  db = new GloseDatabase(name);
  await db.open();
  return db;
}

describe('a database written by the last release before layers', () => {
  it('is the release as it wrote it: Dexie version 1, spans with notes and attributes, relations, settings', () => {
    expect(release.release.commit).toMatch(/^603aa33/);
    expect(release.version).toBe(10);
    expect(Object.keys(stores).sort()).toEqual(['documents', 'labels', 'projects', 'relationTypes', 'relations', 'settings', 'spans', 'texts']);
    expect(stores['projects']?.records).toHaveLength(2);
    expect(spans.some((s) => s.note) && spans.some((s) => s.attributes)).toBe(true);
    expect(stores['relations']?.records.length).toBeGreaterThan(0);
  });

  it('opens at the current version with every record of every store byte-identical, and every index kept', async () => {
    const db = await opened('release-records');
    expect(db.verno).toBe(3);
    for (const [store, dump] of Object.entries(stores)) {
      expect(await stored(db, store), store).toBe(JSON.stringify(dump.records));
      const table = db.tables.find((t) => t.name === store);
      expect(table?.schema.primKey.keyPath, store).toBe(dump.keyPath);
      expect(table?.schema.indexes.map((i) => i.name), store).toEqual(expect.arrayContaining(dump.indexes.map((i) => i.name)));
    }
    for (const store of ['layerSpans', 'layerRelations', 'layerDocuments', 'decisions']) expect(await db.table(store).count(), store).toBe(0);
  });

  it("keeps every span as the current annotator's layer: loaded as the user's own, named after them in an export of every layer, no other layer made up", async () => {
    const db = await opened('release-layers');
    const me = await getSetting(db, SETTING.annotator, '');
    expect(me).toBe('Marie Dupont');
    for (const projectId of new Set(documents.map((d) => d.projectId))) expect(await projectLayerNames(db, projectId)).toEqual([]);
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    for (const { id } of documents) {
      expect(await documentLayers(db, id)).toEqual([]);
      expect((await loadDocument(db, id))?.spans.sort(byId)).toEqual(spans.filter((s) => s.docId === id).sort(byId));
    }
    const all = await portableLayerDocuments(db, documents.map((d) => d.id), { kind: 'all', me });
    const exported = all.flatMap((d) => d.spans);
    expect(exported).toHaveLength(spans.length);
    expect(new Set(exported.map((s) => s.attributes?.['annotator']))).toEqual(new Set([me]));
  });

  it('takes a new layer beside the old records without touching them', async () => {
    const db = await opened('release-curated');
    const before = await Promise.all(Object.keys(stores).map((s) => stored(db, s)));
    const span = spans[0] as Span;
    const doc = documents.find((d) => d.id === span.docId);
    await applyLayerChange(db, doc?.projectId ?? '', CURATED_LAYER, { docId: span.docId, spans: [{ after: { ...span, id: 'curated-1' } }], relations: [] });
    expect(await db.layerSpans.count()).toBe(1);
    expect(await Promise.all(Object.keys(stores).map((s) => stored(db, s)))).toEqual(before);
  });
});
