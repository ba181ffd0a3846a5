// Reading a large set of records without holding up the user's edits. A read-only transaction over a
// table makes every read-write transaction over it created later wait until it ends (IndexedDB orders
// overlapping transactions), so a background read of a book's 100,000 spans in one transaction held an
// edit's save for over a second. Read here: the keys first, then the records a slice at a time, each
// slice in a transaction of its own, so an edit waits for one slice at most.
import type { IndexableType, Table } from 'dexie';

/** Records read per transaction: a few milliseconds of IndexedDB's work. */
export const READ_SLICE = 2000;

/**
 * The records of `table` whose `index` equals `key`, in the index's order (then by primary key, as
 * `where(index).equals(key).toArray()` gives them). Not one snapshot: a record deleted between slices
 * is left out, one added is not read. Callers that store what they read check a claim afterwards
 * (./packs.ts, ./reader-packs.ts): any write to the records deletes it.
 */
export async function readInSlices<T, K, I>(table: Table<T, K, I>, index: string, key: IndexableType, slice = READ_SLICE): Promise<T[]> {
  const keys = await table.where(index).equals(key).primaryKeys();
  if (keys.length <= slice) return (await table.bulkGet(keys)).filter((r): r is T => r !== undefined);
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += slice) {
    for (const r of await table.bulkGet(keys.slice(i, i + slice))) if (r !== undefined) out.push(r);
  }
  return out;
}
