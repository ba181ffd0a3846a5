// The database's stores checked against the schema this version declares, every time it opens.
//
// Dexie opens a database a newer (or foreign) version left at a higher version number, and when a
// store's primary key differs from ours it only warns ("Unable to patch indexes") and opens anyway.
// Whatever then avoids that store (a document opened from its reader pack, say) works, and the first
// write to it fails, or worse, lands under the wrong key. So the open itself fails, saying which store
// differs, and the person is offered the latest backup at once.
import { messagesNow } from '$lib/i18n/current';

/** Dexie's store specs, one object per version: primary key first, then the indexes. */
export type StoreSpecs = Record<string, string>;

/** A store as this version declares it: its key path and the key paths of its indexes, in Dexie's notation. */
export interface DeclaredStore {
  key: string;
  indexes: string[];
}

/** The stores the versions declare together (a later version's spec of a store replaces an earlier one's). */
export function declaredStores(versions: readonly StoreSpecs[]): Map<string, DeclaredStore> {
  const out = new Map<string, DeclaredStore>();
  for (const specs of versions) {
    for (const [name, spec] of Object.entries(specs)) {
      const [key = '', ...indexes] = spec.split(',').map((part) => part.trim());
      // '++id' and '&email' mark auto-increment and unique: the key path is what follows
      out.set(name, { key: key.replace(/^(\+\+|&|\*)/, ''), indexes: indexes.map((i) => i.replace(/^(&|\*)/, '')) });
    }
  }
  return out;
}

/** A key path in Dexie's notation: 'docId', 'meta.hash', '[docId+layer]'. */
function dexieKeyPath(keyPath: string | string[] | null): string {
  if (keyPath === null) return '';
  return typeof keyPath === 'string' ? keyPath : `[${keyPath.join('+')}]`;
}

/** A store as it is in the database. */
export interface InstalledStore {
  key: string;
  indexes: string[];
}

/** Reads every store's key path and indexes, in one read-only transaction over the declared stores that exist. */
export function installedStores(idb: IDBDatabase, names: readonly string[]): Map<string, InstalledStore> {
  const out = new Map<string, InstalledStore>();
  const present = names.filter((name) => idb.objectStoreNames.contains(name));
  if (present.length === 0) return out;
  const tx = idb.transaction(present, 'readonly');
  for (const name of present) {
    const store = tx.objectStore(name);
    const indexes = [...store.indexNames].map((index) => dexieKeyPath(store.index(index).keyPath));
    out.set(name, { key: dexieKeyPath(store.keyPath), indexes });
  }
  return out;
}

/** What differs, one phrase per store, in the interface's language; empty when the database is as declared. */
export function schemaProblems(declared: Map<string, DeclaredStore>, installed: Map<string, InstalledStore>): string[] {
  const m = messagesNow().db.schema;
  const problems: string[] = [];
  for (const [name, want] of declared) {
    const have = installed.get(name);
    if (!have) {
      problems.push(m.missingStore(name));
      continue;
    }
    if (have.key !== want.key) problems.push(m.otherKey(name, have.key || m.noKey, want.key));
    // indexes the database has beyond ours are harmless (a newer version's); ours must all be there
    const missing = want.indexes.filter((index) => !have.indexes.includes(index));
    if (missing.length > 0) problems.push(m.missingIndexes(name, missing.join(', ')));
  }
  return problems;
}

/** Throws, saying what differs, when the open database's stores are not the ones declared. */
export function checkSchema(idb: IDBDatabase, declared: Map<string, DeclaredStore>): void {
  const problems = schemaProblems(declared, installedStores(idb, [...declared.keys()]));
  if (problems.length > 0) throw new Error(messagesNow().db.schema.mismatch(idb.version / 10, problems.join('; ')));
}
