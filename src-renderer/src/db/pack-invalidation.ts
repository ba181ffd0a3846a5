// The packs cache's table and keys (./packs.ts), and the middleware that keeps it from ever being read
// stale: every read-write transaction that writes spans or layerSpans also takes the packs table and
// deletes there the pack of each (document, layer) it writes, which costs what was written, never what
// the document holds. Apart from ./packs.ts so that the database class can use it.
import Dexie, { type DBCore, type DBCoreKeyRange, type DBCoreMutateRequest, type DBCoreTable, type Middleware } from 'dexie';

export { EDITOR_MARK, OWN_LAYER, PACKED_TABLE, READER_PACK, type AnyPackKey, type EditorMark, type PackClaim, type PackedLayer, type PackKey, type PackLayer } from './pack-keys';
import { EDITOR_MARK, OWN_LAYER, PACKED_TABLE, READER_PACK, type AnyPackKey } from './pack-keys';

const SOURCES: ReadonlySet<string> = new Set(['spans', 'layerSpans', 'relations']);
/** Dexie's DBCoreRangeType.Any: the whole table */
const RANGE_ANY = 3;

/** The packs a record of this table is in (a span of the user's own layer is in two, a relation in the reader's), and the editor mark its write deletes. */
function packKeysOf(table: string, record: unknown): AnyPackKey[] {
  const r = record as { docId?: unknown; layer?: unknown } | null | undefined;
  if (typeof r?.docId !== 'string') return [];
  if (table === 'spans') return [
    [r.docId, OWN_LAYER],
    [r.docId, READER_PACK],
    [r.docId, EDITOR_MARK],
  ];
  if (table === 'relations') return [
    [r.docId, READER_PACK],
    [r.docId, EDITOR_MARK],
  ];
  return typeof r.layer === 'string' ? [[r.docId, r.layer]] : [];
}

/** The records a write replaces or deletes, looked up before it runs (a put may move a span to another layer). */
function replaced(table: DBCoreTable, req: DBCoreMutateRequest): Promise<unknown[]> | null {
  if (req.type !== 'delete' && req.type !== 'put') return null;
  const keys = req.type === 'delete' ? req.keys : (req.keys ?? req.values.map((v: { id?: unknown } | null) => v?.id));
  const valid = keys.filter((k) => typeof k === 'string');
  return valid.length > 0 ? table.getMany({ trans: req.trans, keys: valid }) : null;
}

/** The packs a write makes stale, from the records it replaces and those it writes. */
function staleKeys(name: string, req: DBCoreMutateRequest, before: readonly unknown[]): AnyPackKey[] {
  const records = req.type === 'add' || req.type === 'put' ? [...before, ...req.values] : before;
  const keys = new Map<string, AnyPackKey>();
  for (const record of records) {
    for (const key of packKeysOf(name, record)) keys.set(`${key[0]}\u0000${typeof key[1]}${String(key[1])}`, key);
  }
  return [...keys.values()];
}

function invalidating(down: DBCore, name: string): DBCoreTable {
  const table = down.table(name);
  // a version upgrade (from before this table) writes through a stack without it, and no pack exists then
  if (!down.schema.tables.some((t) => t.name === PACKED_TABLE)) return table;
  const packs = down.table(PACKED_TABLE);
  return {
    ...table,
    mutate: (req) => {
      // Dexie's layers below look for the transaction in Dexie's zone, which a native await would leave:
      // the lookup's answer is taken through a Dexie promise, and both writes are issued at once from it
      const write = (before: readonly unknown[]) => {
        const stale = req.type === 'deleteRange' ? null : staleKeys(name, req, before);
        const dropped =
          stale === null ? packs.mutate({ trans: req.trans, type: 'deleteRange', range: { type: RANGE_ANY } as DBCoreKeyRange }) : stale.length > 0 ? packs.mutate({ trans: req.trans, type: 'delete', keys: stale }) : null;
        return Promise.all([table.mutate(req), dropped]).then(([res]) => res);
      };
      const lookup = replaced(table, req);
      return lookup ? Dexie.Promise.resolve(lookup).then(write) : write([]);
    },
  };
}

/**
 * Dexie middleware (db.use): every read-write transaction over spans or layerSpans also takes the packs
 * table, and each write there deletes the packs it makes stale, in the same transaction. Registered
 * below the write journal, so these deletes are not journalled (replaying the spans' writes redoes them).
 */
export const packInvalidation: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'packInvalidation',
  create: (down) => ({
    ...down,
    transaction: (stores, mode, options) =>
      down.transaction(mode === 'readwrite' && stores.some((s) => SOURCES.has(s)) && !stores.includes(PACKED_TABLE) && down.schema.tables.some((t) => t.name === PACKED_TABLE) ? [...stores, PACKED_TABLE] : stores, mode, options),
    table: (name) => (SOURCES.has(name) ? invalidating(down, name) : down.table(name)),
  }),
};
