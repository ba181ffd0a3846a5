// Each document's layers packed, one record per (document, layer): the spans' start, end and label as
// an Int32Array, so that the agreement reads 1,500 records instead of 300,000 span records (one
// IndexedDB record per span costs ~90 µs to read back in Chromium, tests/bench/agreement.bench.ts).
// A derived cache, never the source of truth: no backup, journal or restore carries it.
//
// It can never be read stale. Every read-write transaction that writes spans or layerSpans also takes
// this table and deletes the pack of each (document, layer) it touches, which costs what was written,
// never what the document holds. A pack is (re)built from the spans read in a read-only transaction
// and stored only if no write deleted the claim put in its place before that read (buildPacks): an edit
// is never held up by a build, and an edit made during one keeps its result from being stored.
import Dexie, { type DBCore, type DBCoreKeyRange, type DBCoreMutateRequest, type DBCoreTable, type Middleware } from 'dexie';
import type { Id, Span } from '$model';
import type { GloseDatabase } from './database';
import { newId } from '$lib/id';

export const PACKED_TABLE = 'packedLayers';

/** The layer key of the user's own layer (the spans table): layer names are strings, so no name is 0. */
export const OWN_LAYER = 0;
export type PackLayer = string | typeof OWN_LAYER;
export type PackKey = [docId: Id, layer: PackLayer];

export interface PackedLayer {
  docId: Id;
  layer: PackLayer;
  /** start, end and index into `labelIds`, three numbers per span, in the spans' key order */
  spans: Int32Array;
  labelIds: Id[];
}

/** A pack being built (buildPacks): stored before the spans are read, never read as a pack. */
export interface PackClaim {
  docId: Id;
  layer: PackLayer;
  claim: string;
}

const SOURCES: ReadonlySet<string> = new Set(['spans', 'layerSpans']);
/** Dexie's DBCoreRangeType.Any: the whole table */
const RANGE_ANY = 3;

function packKeyOf(table: string, record: unknown): PackKey | null {
  const r = record as { docId?: unknown; layer?: unknown } | null | undefined;
  if (typeof r?.docId !== 'string') return null;
  if (table === 'spans') return [r.docId, OWN_LAYER];
  return typeof r.layer === 'string' ? [r.docId, r.layer] : null;
}

/** The records a write replaces or deletes, looked up before it runs (a put may move a span to another layer). */
function replaced(table: DBCoreTable, req: DBCoreMutateRequest): Promise<unknown[]> | null {
  if (req.type !== 'delete' && req.type !== 'put') return null;
  const keys = req.type === 'delete' ? req.keys : (req.keys ?? req.values.map((v: { id?: unknown } | null) => v?.id));
  const valid = keys.filter((k) => typeof k === 'string');
  return valid.length > 0 ? table.getMany({ trans: req.trans, keys: valid }) : null;
}

/** The packs a write makes stale, from the records it replaces and those it writes. */
function staleKeys(name: string, req: DBCoreMutateRequest, before: readonly unknown[]): PackKey[] {
  const records = req.type === 'add' || req.type === 'put' ? [...before, ...req.values] : before;
  const keys = new Map<string, PackKey>();
  for (const record of records) {
    const key = packKeyOf(name, record);
    if (key) keys.set(`${key[0]}\u0000${String(key[1])}`, key);
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

/** Packs one layer's spans (in key order, as the database gives them back). */
export function packSpans(docId: Id, layer: PackLayer, spans: readonly Pick<Span, 'start' | 'end' | 'labelId'>[]): PackedLayer {
  const labelIds: Id[] = [];
  const index = new Map<Id, number>();
  const packed = new Int32Array(spans.length * 3);
  spans.forEach((s, i) => {
    let label = index.get(s.labelId);
    if (label === undefined) {
      label = labelIds.push(s.labelId) - 1;
      index.set(s.labelId, label);
    }
    packed[i * 3] = s.start;
    packed[i * 3 + 1] = s.end;
    packed[i * 3 + 2] = label;
  });
  return { docId, layer, spans: packed, labelIds };
}

/**
 * Why a stored pack cannot be used (null when it can): the database is the page's and what it gives back
 * is checked like any input. `length` is the document's text length when known.
 */
export function packProblem(pack: unknown, key: PackKey, length?: number): string | null {
  const p = pack as Partial<PackedLayer> | null | undefined;
  if (!p || typeof p !== 'object') return 'not a record';
  if ('claim' in p) return 'being built';
  if (p.docId !== key[0] || p.layer !== key[1]) return 'stored under another key';
  if (!(p.spans instanceof Int32Array) || p.spans.length % 3 !== 0) return 'spans are not triples of 32-bit integers';
  if (!Array.isArray(p.labelIds) || !p.labelIds.every((l) => typeof l === 'string')) return 'label ids are not strings';
  const s = p.spans;
  const labels = p.labelIds.length;
  const limit = length ?? Number.MAX_SAFE_INTEGER;
  for (let i = 0; i < s.length; i += 3) {
    const start = s[i] as number;
    const end = s[i + 1] as number;
    const label = s[i + 2] as number;
    if (start < 0 || end < start || end > limit) return `span ${i / 3} runs from ${start} to ${end}${length === undefined ? '' : ` in a text of ${length}`}`;
    if (label < 0 || label >= labels) return `span ${i / 3} has label ${label} of ${labels}`;
  }
  return null;
}

/** Layers whose spans are read in one read-only transaction: a bound on what is held at once. */
const READ_BATCH = 250;

/**
 * The packs of `keys`, in order: those stored and sound as they are, the others built from the spans
 * and stored. `built` is told how many were built so far, as each layer's spans arrive.
 */
export async function readPacks(db: GloseDatabase, keys: readonly PackKey[], built?: (done: number, total: number) => void): Promise<PackedLayer[]> {
  const stored = await db.packedLayers.bulkGet([...keys]);
  const out: Array<PackedLayer | undefined> = stored.map((p, i) => (packProblem(p, keys[i] as PackKey) === null ? (p as PackedLayer) : undefined));
  const missing = keys.flatMap((k, i) => (out[i] ? [] : [i]));
  if (missing.length === 0) return out as PackedLayer[];
  const packs = await buildPacks(
    db,
    missing.map((i) => keys[i] as PackKey),
    (done) => built?.(done, missing.length),
  );
  missing.forEach((i, k) => (out[i] = packs[k]));
  return out as PackedLayer[];
}

/**
 * Packs these layers from their spans and stores the packs, unless a write changed the layer meanwhile.
 * Each key is first claimed (a record that is not a pack, which any write to the layer deletes, like a
 * pack); the spans are read in read-only transactions, all asked for at once; a pack is stored only
 * where its claim is still there. So a build never holds up an edit, and never stores what an edit
 * made stale: an edit before the read is packed, one after it deletes the claim. The packs are returned
 * either way, as of the read. `each` is told how many layers were read so far.
 */
export async function buildPacks(db: GloseDatabase, keys: readonly PackKey[], each?: (done: number) => void): Promise<PackedLayer[]> {
  const claim = newId();
  await db.packedLayers.bulkPut(keys.map(([docId, layer]): PackClaim => ({ docId, layer, claim })));
  const out: PackedLayer[] = [];
  let read = 0;
  for (let b = 0; b < keys.length; b += READ_BATCH) {
    const batch = keys.slice(b, b + READ_BATCH);
    const packs = await db.transaction('r', [db.spans, db.layerSpans], () =>
      Promise.all(
        batch.map(([docId, layer]) =>
          (layer === OWN_LAYER ? db.spans.where('docId').equals(docId).toArray() : db.layerSpans.where('[docId+layer]').equals([docId, layer]).toArray()).then((spans) => {
            each?.(++read);
            return packSpans(docId, layer, spans);
          }),
        ),
      ),
    );
    await db.transaction('rw', db.packedLayers, async () => {
      const now = await db.packedLayers.bulkGet([...batch]);
      await db.packedLayers.bulkPut(packs.filter((_, i) => (now[i] as Partial<PackClaim> | undefined)?.claim === claim));
    });
    out.push(...packs);
  }
  return out;
}

/**
 * Stores the packs of a layer whose spans were just written, inside that writing transaction (which
 * must take the packs table): `spans` is everything the layer holds in each of `docIds`.
 */
export async function storePacks(db: GloseDatabase, layer: PackLayer, docIds: readonly Id[], spans: readonly Span[]): Promise<void> {
  const byDoc = new Map<Id, Span[]>(docIds.map((id) => [id, []]));
  for (const s of spans) byDoc.get(s.docId)?.push(s);
  // in key order, as a rebuild reads them
  const byKey = (a: Span, b: Span) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  await db.packedLayers.bulkPut([...byDoc].map(([docId, list]) => packSpans(docId, layer, list.sort(byKey))));
}
