// A database another version left, with a store keyed otherwise or an index missing, must fail to
// open, saying which: Dexie alone opens it with a warning, and whatever avoids that store works until
// the first write to it. Real IndexedDB (fake-indexeddb), databases written with raw IndexedDB.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { GloseDatabase } from '$db/database';
import { declaredStores, schemaProblems } from '$db/schema-check';
import { ensureWorkspace } from '$db/projects';
import { errorText } from '$lib/text';
import type { SchemaSpec } from '$model';
import news from '../../../resources/schemas/news.json';

let n = 0;
const dbs: GloseDatabase[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

function fresh(): GloseDatabase {
  const db = new GloseDatabase(`schema-${++n}`);
  dbs.push(db);
  return db;
}

/** Opens the database at `version` (IndexedDB's numbering) and changes its stores as `change` says. */
function rewrite(name: string, version: number, change: (idb: IDBDatabase, tx: IDBTransaction) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, version);
    req.onupgradeneeded = () => change(req.result, req.transaction as IDBTransaction);
    req.onsuccess = () => {
      req.result.close();
      resolve();
    };
    req.onerror = () => reject(req.error);
  });
}

/** A workspace with one document, then the database closed. */
async function written(): Promise<GloseDatabase> {
  const db = fresh();
  await ensureWorkspace(db, news as SchemaSpec, { name: 'a.txt', text: 'Angela Merkel à Berlin.', meta: { format: 'txt', hash: 'a', normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } }, spans: [], relations: [] });
  db.close();
  return db;
}

describe('the stores are checked against the declared schema at every open', () => {
  it('a database as this version writes it opens', async () => {
    const db = await written();
    await db.open();
    expect(await db.documents.count()).toBe(1);
  });

  it('a newer version that keyed spans by another field: the open fails, naming the table and both keys', async () => {
    const db = await written();
    await rewrite(db.name, 99_990, (idb) => {
      idb.deleteObjectStore('spans');
      idb.createObjectStore('spans', { keyPath: 'uuid' });
    });
    const open = db.open();
    await expect(open).rejects.toThrow(/another version of Glose \(database version 9999\).*the table spans is keyed by uuid, not id/);
    expect(db.isOpen()).toBe(false);
    // and nothing is read from it afterwards: the query fails with the open's reason, which the workspace
    // shows in "Glose could not open its database: …" as it was said, without Dexie's wrapping of it
    const later = await db.documents.count().catch((e: unknown) => e);
    expect(later).toBeInstanceOf(Error);
    expect(errorText(later)).toMatch(/^it was left by another version of Glose .*the table spans is keyed by uuid/);
  });

  it('a store or an index missing: Dexie adds it back at a higher version, and the database opens with it', async () => {
    const db = await written();
    await rewrite(db.name, 99_990, (idb, tx) => {
      tx.objectStore('layerDocuments').deleteIndex('[projectId+layer]');
      idb.deleteObjectStore('decisions');
    });
    await db.open();
    expect(db.backendDB().version).toBe(99_991);
    expect(await db.layerDocuments.where('[projectId+layer]').equals(['p', 'x']).count()).toBe(0);
    expect(await db.decisions.count()).toBe(0);
  });

  it('stores and indexes beyond ours (a newer version that only added) do not stop the open', async () => {
    const db = await written();
    await rewrite(db.name, 99_990, (idb, tx) => {
      idb.createObjectStore('comments', { keyPath: 'id' });
      tx.objectStore('spans').createIndex('labelId', 'labelId');
    });
    await db.open();
    expect(await db.documents.count()).toBe(1);
  });
});

describe('reading the declared schema', () => {
  it('takes the key path first and the indexes after, a later version replacing an earlier spec', () => {
    const declared = declaredStores([{ a: '++id, name', b: 'id' }, { b: '[docId+layer], &email, *tags' }]);
    expect(declared.get('a')).toEqual({ key: 'id', indexes: ['name'] });
    expect(declared.get('b')).toEqual({ key: '[docId+layer]', indexes: ['email', 'tags'] });
    expect(schemaProblems(declared, new Map([['a', { key: 'id', indexes: ['name'] }], ['b', { key: '[docId+layer]', indexes: ['tags', 'email'] }]]))).toEqual([]);
    expect(schemaProblems(declared, new Map([['a', { key: '', indexes: [] }]]))).toEqual([
      'the table a is keyed by no key, not id',
      'the table a lacks the index name',
      'the table b is missing',
    ]);
  });
});
