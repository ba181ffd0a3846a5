// Each document's layers packed, one record per (document, layer): the spans' start, end and label as
// an Int32Array, so that the agreement reads 1,500 records instead of 300,000 span records (reading
// one record per span took the page ~90 µs a span on our loaded 2 cores, tests/bench/agreement.bench.ts).
// A derived cache, never the source of truth: no backup, journal or restore carries it.
//
// It can never be read stale. Every read-write transaction that writes spans or layerSpans also takes
// this table and deletes the pack of each (document, layer) it touches, which costs what was written,
// never what the document holds. A pack is (re)built from the spans read in a read-only transaction
// and stored only if no write deleted the claim put in its place before that read (buildPacks): an edit
// is never held up by a build, and an edit made during one keeps its result from being stored.
import type { Id, Span } from '$model';
import type { GloseDatabase } from './database';
import { newId } from '$lib/id';
import { OWN_LAYER, type AnyPackKey, type EditorMark, type PackClaim, type PackedLayer, type PackKey, type PackLayer } from './pack-keys';
import type { ReaderPack } from './reader-packs';

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
 * pack), a batch at a time; the spans are read in read-only transactions, a batch's all asked for at once; a pack is stored only
 * where its claim is still there. So a build never holds up an edit, and never stores what an edit
 * made stale: an edit before the read is packed, one after it deletes the claim. The packs are returned
 * either way, as of the read. `each` is told how many layers were read so far.
 */
export async function buildPacks(db: GloseDatabase, keys: readonly PackKey[], each?: (done: number) => void): Promise<PackedLayer[]> {
  const claim = newId();
  const out: PackedLayer[] = [];
  let read = 0;
  for (let b = 0; b < keys.length; b += READ_BATCH) {
    const batch = keys.slice(b, b + READ_BATCH);
    // claimed a batch at a time: a build cut short (the page closed) leaves one batch's claims at most
    await db.packedLayers.bulkPut(batch.map(([docId, layer]): PackClaim => ({ docId, layer, claim })));
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
 * must take the packs table): `spans` is everything the layer holds in each of `docIds`. Called after
 * the last write to those spans in the transaction: each such write deletes the pack again
 * (./pack-invalidation.ts), so a pack stored before it would be lost, never stale.
 */
export async function storePacks(db: GloseDatabase, layer: PackLayer, docIds: readonly Id[], spans: readonly Pick<Span, 'id' | 'docId' | 'start' | 'end' | 'labelId'>[]): Promise<void> {
  await db.packedLayers.bulkPut(packsOf(layer, docIds, spans));
}

/** The packs of one layer in each of `docIds`, from every span that layer holds there (others are ignored). */
function packsOf(layer: PackLayer, docIds: readonly Id[], spans: readonly Pick<Span, 'id' | 'docId' | 'start' | 'end' | 'labelId'>[]): PackedLayer[] {
  type S = Pick<Span, 'id' | 'docId' | 'start' | 'end' | 'labelId'>;
  const byDoc = new Map<Id, S[]>(docIds.map((id) => [id, []]));
  for (const s of spans) byDoc.get(s.docId)?.push(s);
  // in key order, as a rebuild reads them
  const byKey = (a: S, b: S) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [...byDoc].map(([docId, list]) => packSpans(docId, layer, list.sort(byKey)));
}

/**
 * Stores, inside a transaction that just wrote them whole (an import, a restore, a copy), the packs of
 * the user's own layer of each of `docIds` and of every other layer named in `layers` (documents and
 * layer names) or holding one of `layerSpans`. Each list is everything those layers now hold there:
 * what a rebuild would read, so the agreement need not read the spans one by one afterwards.
 */
export async function storeWrittenPacks(
  db: GloseDatabase,
  own: { docIds: readonly Id[]; spans: readonly Pick<Span, 'id' | 'docId' | 'start' | 'end' | 'labelId'>[] },
  others: { layers: ReadonlyArray<{ docId: Id; layer: string }>; spans: ReadonlyArray<Pick<Span, 'id' | 'docId' | 'start' | 'end' | 'labelId'> & { layer: string }> } = { layers: [], spans: [] },
): Promise<void> {
  const packs = packsOf(OWN_LAYER, own.docIds, own.spans);
  const docsOf = new Map<string, Set<Id>>();
  const spansOf = new Map<string, Array<(typeof others.spans)[number]>>();
  for (const { docId, layer } of [...others.layers, ...others.spans]) {
    let docs = docsOf.get(layer);
    if (!docs) docsOf.set(layer, (docs = new Set()));
    docs.add(docId);
  }
  for (const s of others.spans) {
    let list = spansOf.get(s.layer);
    if (!list) spansOf.set(s.layer, (list = []));
    list.push(s);
  }
  for (const [layer, docs] of docsOf) packs.push(...packsOf(layer, [...docs], spansOf.get(layer) ?? []));
  if (packs.length > 0) await db.packedLayers.bulkPut(packs);
}

/** A pack key as one string, to look keys up in a set. */
const keyText = ([docId, layer]: AnyPackKey): string => `${docId}\u0000${typeof layer}${String(layer)}`;

/**
 * The packs the agreement can read in a project: the user's own layer of each document (read for every
 * document, even a new one), and each other layer a document has a record of.
 */
export async function projectPackKeys(db: GloseDatabase, projectId: Id): Promise<PackKey[]> {
  const [docIds, layerDocs] = await db.transaction('r', [db.documents, db.layerDocuments], () =>
    Promise.all([db.documents.where('projectId').equals(projectId).primaryKeys(), db.layerDocuments.where('[projectId+layer]').between([projectId, ''], [projectId, '\uffff'], true, true).toArray()]),
  );
  return [...docIds.map((id): PackKey => [id, OWN_LAYER]), ...layerDocs.map((d): PackKey => [d.docId, d.layer])];
}

/** Records read at once when looking for claims among the stored packs. */
const SCAN_PAGE = 200;

/**
 * Of `keys`, those without a stored pack. The table's keys alone say which are stored, which is cheap;
 * with `claims`, the records are read too (a page at a time), and a claim left by a build that never
 * ended (the page was closed meanwhile) counts as no pack.
 */
export async function unpacked(db: GloseDatabase, keys: readonly PackKey[], claims = false): Promise<PackKey[]> {
  const stored = new Set<string>();
  if (!claims) {
    for (const k of await db.packedLayers.toCollection().primaryKeys()) stored.add(keyText(k));
  } else {
    let after: AnyPackKey | null = null;
    for (;;) {
      const from: AnyPackKey | null = after;
      const page: Array<PackedLayer | PackClaim | ReaderPack | EditorMark> = await (from === null ? db.packedLayers.toCollection() : db.packedLayers.where(':id').above(from)).limit(SCAN_PAGE).toArray();
      for (const p of page) if (!('claim' in p)) stored.add(keyText([p.docId, p.layer]));
      const last: PackedLayer | PackClaim | ReaderPack | EditorMark | undefined = page.at(-1);
      if (!last || page.length < SCAN_PAGE) break;
      after = [last.docId, last.layer];
    }
  }
  return keys.filter((k) => !stored.has(keyText(k)));
}

/** Layers packed per read transaction in the background: an edit waits for one such read at most. */
export const KEEP_SLICE = 10;

export interface KeepOptions {
  /** layers packed per transaction (default KEEP_SLICE) */
  slice?: number;
  /** read the stored records to find claims left by a build that never ended (see unpacked) */
  claims?: boolean;
  /** true once the work is no longer wanted: it stops before the next slice */
  stopped: () => boolean;
  /** resolves when the next slice may run (the worker holds the keeping while it computes a report); true if it had to wait */
  turn?: () => Promise<boolean>;
  /** told after each slice: layers packed so far, of how many missing */
  progress?: (done: number, total: number) => void;
  /**
   * documents left out: the one open in the reader, whose edits delete its packs again and again, and
   * whose whole layer read in one transaction would hold up the next edit's save (it is packed once left)
   */
  skip?: readonly Id[];
}

export interface Kept {
  /** packs the project's agreement can read */
  wanted: number;
  /** of those, not packed when the keeping began */
  missing: number;
  /** packed by this keeping */
  built: number;
  stopped: boolean;
}

/**
 * Packs, in the background, every layer of a project that has no pack, a slice at a time (buildPacks,
 * so an edit is never held up longer than one slice's read, and one made meanwhile is never packed
 * stale). Stops between slices when told; when it had to wait for its turn, it looks again at what is
 * still missing (a report computed meanwhile packs what it read).
 */
export async function keepPacked(db: GloseDatabase, projectId: Id, options: KeepOptions): Promise<Kept> {
  const slice = Math.max(1, options.slice ?? KEEP_SLICE);
  const skipped = new Set(options.skip ?? []);
  const wanted = (await projectPackKeys(db, projectId)).filter(([docId]) => !skipped.has(docId));
  let todo = await unpacked(db, wanted, options.claims);
  const missing = todo.length;
  let built = 0;
  while (todo.length > 0) {
    if (options.stopped()) return { wanted: wanted.length, missing, built, stopped: true };
    if (await options.turn?.()) {
      todo = await unpacked(db, todo);
      if (options.stopped()) return { wanted: wanted.length, missing, built, stopped: true };
      if (todo.length === 0) break;
    }
    const batch = todo.slice(0, slice);
    todo = todo.slice(slice);
    await buildPacks(db, batch);
    built += batch.length;
    options.progress?.(built, missing);
  }
  return { wanted: wanted.length, missing, built, stopped: false };
}
