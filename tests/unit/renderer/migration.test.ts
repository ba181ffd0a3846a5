// Users' databases were written by earlier versions. This fixture is a database as the first released
// version (Dexie schema version 1, IndexedDB version 10) left it, written with raw IndexedDB: opening it
// with today's GloseDatabase must keep every record and every index.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { applyChange, loadDocument } from '$db/documents';
import { ensureWorkspace } from '$db/projects';
import { GloseDatabase } from '$db/database';
import type { SchemaSpec } from '$model';
import news from '../../../resources/schemas/news.json';

/** The stores of schema version 1: key path, then indexes (name = key path), as Dexie created them. */
const V1_STORES: Record<string, { keyPath: string; indexes: string[] }> = {
  projects: { keyPath: 'id', indexes: [] },
  documents: { keyPath: 'id', indexes: ['projectId', 'meta.hash', 'updatedAt'] },
  texts: { keyPath: 'id', indexes: [] },
  labels: { keyPath: 'id', indexes: ['projectId'] },
  relationTypes: { keyPath: 'id', indexes: ['projectId'] },
  spans: { keyPath: 'id', indexes: ['docId'] },
  relations: { keyPath: 'id', indexes: ['docId'] },
  settings: { keyPath: 'key', indexes: [] },
};

const TEXT = 'Angela Merkel a reçu 😀 Emmanuel Macron à Berlin.';
const meta = { format: 'txt', encoding: 'utf-8', hash: 'abc123', normalisation: { bomRemoved: true, crlfToLf: 2, crToLf: 0 }, extra: { source: 'v1' } };
const V1_RECORDS: Record<string, object[]> = {
  projects: [{ id: 'p1', name: 'Presse 2021', categories: [{ name: 'Genre', values: ['news', 'opinion'], multiple: false }], createdAt: 1, updatedAt: 2 }],
  labels: [
    { id: 'l-per', projectId: 'p1', name: 'PER', color: '#c2410c', hotkey: '1', order: 0, createdAt: 1, updatedAt: 1 },
    { id: 'l-loc', projectId: 'p1', name: 'LOC', color: '#047857', hotkey: '3', order: 1, attributes: [{ name: 'type', values: ['city', 'country'] }], createdAt: 1, updatedAt: 1 },
  ],
  relationTypes: [{ id: 't-met', projectId: 'p1', name: 'met', sourceLabelIds: ['l-per'], targetLabelIds: ['l-per'], directed: false, createdAt: 1, updatedAt: 1 }],
  documents: [{ id: 'd1', projectId: 'p1', name: 'merkel.txt', meta, status: 'in_progress', length: TEXT.length, spanCount: 3, categories: ['news'], createdAt: 3, updatedAt: 4 }],
  texts: [{ id: 'd1', text: TEXT }],
  spans: [
    { id: 's1', docId: 'd1', labelId: 'l-per', start: 0, end: 13, annotator: 'marie', createdAt: 5, updatedAt: 5 },
    { id: 's2', docId: 'd1', labelId: 'l-per', start: 24, end: 39, annotator: 'marie', note: 'président', createdAt: 5, updatedAt: 6 },
    { id: 's3', docId: 'd1', labelId: 'l-loc', start: 42, end: 48, annotator: 'paul', attributes: { type: 'city' }, createdAt: 7, updatedAt: 7 },
  ],
  relations: [{ id: 'r1', docId: 'd1', typeId: 't-met', fromId: 's1', toId: 's2', annotator: 'marie', note: 'sommet', createdAt: 8, updatedAt: 8 }],
  settings: [
    { key: 'annotator', value: 'marie' },
    { key: 'lastDocument', value: 'd1' },
    { key: 'importLimitBytes', value: 5_000_000 },
  ],
};

function writeV1Database(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, 10);
    req.onupgradeneeded = () => {
      const idb = req.result;
      for (const [store, { keyPath, indexes }] of Object.entries(V1_STORES)) {
        const os = idb.createObjectStore(store, { keyPath });
        for (const index of indexes) os.createIndex(index, index, { unique: false, multiEntry: false });
      }
      const tx = req.transaction as IDBTransaction;
      for (const [store, rows] of Object.entries(V1_RECORDS)) for (const row of rows) tx.objectStore(store).add(row);
    };
    req.onsuccess = () => {
      req.result.close();
      resolve();
    };
    req.onerror = () => reject(req.error);
  });
}

const byKey = (rows: object[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

let db: GloseDatabase | null = null;
afterEach(async () => {
  await db?.delete();
  db = null;
});

describe('a database written by the first released version', () => {
  it('opens with every record kept, as it was', async () => {
    await writeV1Database('glose-v1-records');
    db = new GloseDatabase('glose-v1-records');
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(1);
    for (const [store, rows] of Object.entries(V1_RECORDS)) {
      expect(byKey(await db.table(store).toArray()), store).toEqual(byKey(rows));
    }
  });

  it('keeps every store and index of version 1 (versions only ever add)', async () => {
    await writeV1Database('glose-v1-schema');
    db = new GloseDatabase('glose-v1-schema');
    await db.open();
    for (const [store, { keyPath, indexes }] of Object.entries(V1_STORES)) {
      const table = db.tables.find((t) => t.name === store);
      expect(table, store).toBeDefined();
      expect(table?.schema.primKey.keyPath).toBe(keyPath);
      expect(table?.schema.indexes.map((i) => i.name)).toEqual(expect.arrayContaining(indexes));
    }
  });

  it('is used as it is: the workspace is not recreated, documents load by index, edits apply', async () => {
    await writeV1Database('glose-v1-use');
    db = new GloseDatabase('glose-v1-use');
    const project = await ensureWorkspace(db, news as SchemaSpec, { name: 'Welcome', text: 'x', meta: { ...meta, hash: 'w' }, spans: [], relations: [] });
    expect(project.id).toBe('p1');
    expect(await db.documents.count()).toBe(1);
    expect((await db.documents.where('meta.hash').equals('abc123').first())?.id).toBe('d1');
    const loaded = await loadDocument(db, 'd1');
    expect(loaded?.text).toBe(TEXT);
    expect(loaded?.spans.map((s) => s.id).sort()).toEqual(['s1', 's2', 's3']);
    expect(loaded?.relations.map((r) => r.id)).toEqual(['r1']);
    const s3 = loaded?.spans.find((s) => s.id === 's3');
    if (!s3) throw new Error('s3 missing');
    await applyChange(db, { docId: 'd1', spans: [{ before: s3 }], relations: [] });
    expect((await db.documents.get('d1'))?.spanCount).toBe(2);
  });

  it('gains the decisions table of version 2: a suggestion decision is stored with an edit, loaded with the document, and deleted with it', async () => {
    await writeV1Database('glose-v1-decisions');
    db = new GloseDatabase('glose-v1-decisions');
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(2);
    const table = db.tables.find((t) => t.name === 'decisions');
    expect(table?.schema.indexes.map((i) => i.name)).toEqual(expect.arrayContaining(['docId', 'projectId']));
    const decision = { id: 'x1', docId: 'd1', projectId: 'p1', key: '42:48:LOC:learned', verdict: 'rejected' as const, recommender: 'learned', start: 42, end: 48, label: 'LOC', annotator: 'marie', createdAt: 9, updatedAt: 9 };
    await applyChange(db, { docId: 'd1', spans: [], relations: [], decisions: [{ after: decision }] });
    expect((await loadDocument(db, 'd1'))?.decisions).toEqual([decision]);
    // the record checks refuse a decision that is not one
    await expect(db.decisions.put({ ...decision, id: 'x2', verdict: 'maybe' as 'rejected' })).rejects.toThrow(/verdict/);
    await applyChange(db, { docId: 'd1', spans: [], relations: [], decisions: [{ before: decision }] });
    expect(await db.decisions.count()).toBe(0);
  });
});
