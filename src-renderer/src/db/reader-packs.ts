// What the reader loads of a document's own layer, its spans and relations, packed in one record
// (columns of typed arrays and string lists), so that opening a book reads one record instead of one
// per span: reading 20,000 span records cost the page ~250 ms of deserialising in one task on our
// loaded 2 cores, 100,000 over a second (tests/bench/reader.profile.ts, PROFILE_TRACE=1).
//
// A derived cache in the packs table (./pack-invalidation.ts), under the layer key READER_PACK: every
// transaction that writes spans or relations deletes the document's reader pack with its writes, so a
// reader pack is never read stale; a pack is built from records read in a read-only transaction, off
// the page (./pack-worker.ts), and stored only if no write deleted the claim put in its place before
// that read. What is read back is checked like any input (readerPackProblem): a pack that fails is
// ignored and the records are read instead.
import type { Id, Relation, Span } from '$model';
import type { GloseDatabase } from './database';
import { newId } from '$lib/id';
import { sortSpans } from '$lib/span-order';
import { EDITOR_MARK, READER_PACK, type EditorMark, type PackClaim, type ReaderPack } from './pack-keys';

export type { ReaderPack };

/** The fields every span and relation has, stored as columns; anything else goes in `rest`. */
const SPAN_COLUMNS = new Set(['id', 'createdAt', 'updatedAt', 'docId', 'labelId', 'start', 'end', 'annotator']);
const RELATION_COLUMNS = new Set(['id', 'createdAt', 'updatedAt', 'docId', 'typeId', 'fromId', 'toId', 'annotator']);

const INT_MAX = 2 ** 31 - 1;

/** The fields of a record not among its columns, or null: a loop over its keys, no list of entries made per record (that cost most of a pack). */
function restOf(record: object, columns: ReadonlySet<string>): Record<string, unknown> | null {
  let rest: Record<string, unknown> | null = null;
  for (const k in record) {
    if (!Object.hasOwn(record, k) || columns.has(k)) continue;
    (rest ??= {})[k] = (record as Record<string, unknown>)[k];
  }
  return rest;
}

/**
 * Packs a document's spans and relations a slice at a time (the editor's memory is packed on the page,
 * in idle time, ./../state/pack-keeper.ts): `step` packs up to `count` more and says whether it is done,
 * then `result` is the pack, or null when the records cannot be packed as they are (a number out of a
 * column's range, a relation to a span not among them), and the reader keeps reading the records.
 */
export class ReaderPacker {
  private readonly names: string[] = [];
  private readonly nameIndex = new Map<string, number>();
  private readonly spanIndex = new Map<Id, number>();
  private readonly ints: Int32Array;
  private readonly stamps: Float64Array;
  private readonly rest: ReaderPack['spans']['rest'] = [];
  private readonly rInts: Int32Array;
  private readonly rStamps: Float64Array;
  private readonly rRest: ReaderPack['relations']['rest'] = [];
  private readonly idParts: string[] = [];
  private at = 0;
  private failed = false;

  /** `spans` in reading order (sortSpans): the order the editor keeps them in, so sorting them when read is nearly free */
  constructor(
    private readonly docId: Id,
    private readonly spans: readonly Span[],
    private readonly relations: readonly Relation[],
  ) {
    this.ints = new Int32Array(spans.length * 4);
    this.stamps = new Float64Array(spans.length * 2);
    this.rInts = new Int32Array(relations.length * 4);
    this.rStamps = new Float64Array(relations.length * 2);
  }

  private name(n: string): number {
    let i = this.nameIndex.get(n);
    if (i === undefined) {
      i = this.names.push(n) - 1;
      this.nameIndex.set(n, i);
    }
    return i;
  }

  /** Packs up to `count` more spans or relations; true once every one is packed (or one could not be). */
  step(count: number): boolean {
    const { spans, relations, docId } = this;
    const total = spans.length + relations.length;
    const stop = Math.min(total, this.at + count);
    // the spans' ids, a slice's worth joined at a time
    if (this.at < spans.length) this.idParts.push(spans.slice(this.at, Math.min(stop, spans.length)).map((s) => s.id).join('\n'));
    for (; this.at < stop && !this.failed; this.at++) {
      if (this.at < spans.length) {
        const i = this.at;
        const s = spans[i] as Span;
        if (s.docId !== docId || !(s.start >= 0 && s.end <= INT_MAX)) this.failed = true;
        this.spanIndex.set(s.id, i);
        this.ints[i * 4] = s.start;
        this.ints[i * 4 + 1] = s.end;
        this.ints[i * 4 + 2] = this.name(s.labelId);
        this.ints[i * 4 + 3] = this.name(s.annotator);
        this.stamps[i * 2] = s.createdAt;
        this.stamps[i * 2 + 1] = s.updatedAt;
        const more = restOf(s, SPAN_COLUMNS);
        if (more) this.rest.push([i, more]);
      } else {
        const i = this.at - spans.length;
        const r = relations[i] as Relation;
        const from = this.spanIndex.get(r.fromId);
        const to = this.spanIndex.get(r.toId);
        if (r.docId !== docId || from === undefined || to === undefined) {
          this.failed = true;
          break;
        }
        this.rInts[i * 4] = from;
        this.rInts[i * 4 + 1] = to;
        this.rInts[i * 4 + 2] = this.name(r.typeId);
        this.rInts[i * 4 + 3] = this.name(r.annotator);
        this.rStamps[i * 2] = r.createdAt;
        this.rStamps[i * 2 + 1] = r.updatedAt;
        const more = restOf(r, RELATION_COLUMNS);
        if (more) this.rRest.push([i, more]);
      }
    }
    return this.failed || this.at >= total;
  }

  /** The pack, once `step` said it is done; null when the records could not be packed. */
  result(): ReaderPack | null {
    if (this.failed || this.at < this.spans.length + this.relations.length) return null;
    return {
      docId: this.docId,
      layer: READER_PACK,
      edition: newId(),
      names: this.names,
      spans: { ids: this.idParts.join('\n'), ints: this.ints, stamps: this.stamps, rest: this.rest },
      relations: { ids: this.relations.map((r) => r.id).join('\n'), ints: this.rInts, stamps: this.rStamps, rest: this.rRest },
    };
  }
}

/** Packs a document's spans and relations as read from their tables, at once (./pack-worker.ts); null as ReaderPacker says. */
export function packReader(docId: Id, records: readonly Span[], relations: readonly Relation[]): ReaderPack | null {
  const packer = new ReaderPacker(docId, sortSpans(records), relations);
  packer.step(Infinity);
  return packer.result();
}

/** idSchema's rule (src-main/records.ts), without a parse per id */
const ID = /^[\w.:-]{1,128}$/;
/** a character no id has, nor the line break that joins them */
const NOT_IN_IDS = /[^\w.:\n-]/;

/**
 * The ids of a joined list, or null when one breaks idSchema's rule or the list does not hold `count`.
 * One scan for a foreign character and a length per id: a pattern of the whole list, repeated per id,
 * cost seconds on 100,000 ids.
 */
function splitIds(joined: unknown, count: number): string[] | null {
  if (typeof joined !== 'string') return null;
  if (count === 0) return joined === '' ? [] : null;
  if (NOT_IN_IDS.test(joined)) return null;
  const ids = joined.split('\n');
  if (ids.length !== count) return null;
  for (const id of ids) if (id.length === 0 || id.length > 128) return null;
  return ids;
}

const stampOk = (n: number) => Number.isFinite(n) && n >= 0;

function restProblem(rest: unknown, count: number, what: string): string | null {
  if (!Array.isArray(rest)) return `the ${what}' other fields are not a list`;
  let last = -1;
  for (const entry of rest as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2) return `the ${what}' other fields are not pairs`;
    const [i, fields] = entry as [unknown, unknown];
    if (typeof i !== 'number' || !Number.isInteger(i) || i <= last || i >= count) return `the ${what}' other fields name ${String(i)} of ${count}`;
    if (!fields || typeof fields !== 'object' || Array.isArray(fields)) return `the ${what}' other fields of ${i} are not a record`;
    last = i;
  }
  return null;
}

/**
 * Why a stored reader pack cannot be used (null when it can). The columns are checked as the records'
 * schemas check a write, and spans against the text's length; `unpackReader` then runs the schemas on
 * the records that carry other fields.
 */
export function readerPackProblem(pack: unknown, docId: Id, textLength: number): string | null {
  const p = pack as Partial<ReaderPack> | null | undefined;
  if (!p || typeof p !== 'object') return 'not a record';
  if ('claim' in p) return 'being built';
  if (p.docId !== docId || p.layer !== READER_PACK) return 'stored under another key';
  if (p.edition !== undefined && !(typeof p.edition === 'string' && ID.test(p.edition))) return 'its edition is not an id';
  if (!Array.isArray(p.names) || !p.names.every((n) => typeof n === 'string' && n.length <= 1000)) return 'names are not strings';
  const names = p.names.length;
  /** which names are ids (labels and relation types must be; annotators are names of people) */
  const isId = p.names.map((n) => ID.test(n));
  const s = p.spans;
  if (!s || typeof s.ids !== 'string' || !(s.ints instanceof Int32Array) || !(s.stamps instanceof Float64Array)) return 'spans are not columns';
  const n = s.ints.length / 4;
  if (!Number.isInteger(n) || s.stamps.length !== n * 2) return 'span columns differ in length';
  const spanIds = splitIds(s.ids, n);
  if (!spanIds) return `the span ids are not ${n} ids`;
  const seen = new Set<string>(spanIds);
  if (seen.size !== n) return 'two spans have the same id';
  for (let i = 0; i < n; i++) {
    const start = s.ints[i * 4] as number;
    const end = s.ints[i * 4 + 1] as number;
    if (start < 0 || end <= start || end > textLength) return `span ${i} runs from ${start} to ${end} in a text of ${textLength}`;
    const label = s.ints[i * 4 + 2] as number;
    const annotator = s.ints[i * 4 + 3] as number;
    if (label < 0 || label >= names || annotator < 0 || annotator >= names) return `span ${i} names ${label} and ${annotator} of ${names}`;
    if (!isId[label]) return `span ${i}'s label is not an id`;
    if (!stampOk(s.stamps[i * 2] as number) || !stampOk(s.stamps[i * 2 + 1] as number)) return `span ${i} has no time`;
  }
  const spansRest = restProblem(s.rest, n, 'spans');
  if (spansRest) return spansRest;
  const r = p.relations;
  if (!r || typeof r.ids !== 'string' || !(r.ints instanceof Int32Array) || !(r.stamps instanceof Float64Array)) return 'relations are not columns';
  const m = r.ints.length / 4;
  if (!Number.isInteger(m) || r.stamps.length !== m * 2) return 'relation columns differ in length';
  const relationIds = splitIds(r.ids, m);
  if (!relationIds) return `the relation ids are not ${m} ids`;
  for (let i = 0; i < m; i++) {
    if (seen.has(relationIds[i] as string)) return `relation ${i} has no id of its own`;
    seen.add(relationIds[i] as string);
    const from = r.ints[i * 4] as number;
    const to = r.ints[i * 4 + 1] as number;
    const type = r.ints[i * 4 + 2] as number;
    const annotator = r.ints[i * 4 + 3] as number;
    if (from < 0 || from >= n || to < 0 || to >= n) return `relation ${i} joins ${from} and ${to} of ${n} spans`;
    if (type < 0 || type >= names || annotator < 0 || annotator >= names) return `relation ${i} names ${type} and ${annotator} of ${names}`;
    if (!isId[type]) return `relation ${i}'s type is not an id`;
    if (!stampOk(r.stamps[i * 2] as number) || !stampOk(r.stamps[i * 2 + 1] as number)) return `relation ${i} has no time`;
  }
  return restProblem(r.rest, m, 'relations');
}

/**
 * The other fields of a span or relation as the records' schemas (src-main/records.ts) check them: a
 * note is text, attributes map text to text; a field those schemas do not name is kept as it is, as
 * their loose objects keep it. Checked by hand: a schema parse per record cost more than the pack saved.
 */
function restSound(fields: Record<string, unknown>): boolean {
  const { note, attributes } = fields;
  if (note !== undefined && (typeof note !== 'string' || note.length > NOTE_MAX)) return false;
  if (attributes === undefined) return true;
  if (!attributes || typeof attributes !== 'object' || Array.isArray(attributes)) return false;
  for (const [k, v] of Object.entries(attributes)) if (k.length > 1000 || typeof v !== 'string' || v.length > 100_000) return false;
  return true;
}
const NOTE_MAX = 1_000_000;

/**
 * The spans and relations of a pack that readerPackProblem found sound, as the records they were made
 * from; null when a record's other fields fail the checks of its schema.
 */
export function unpackReader(p: ReaderPack): { spans: Span[]; relations: Relation[] } | null {
  const { names } = p;
  const s = p.spans;
  const spanIds = s.ids === '' ? [] : s.ids.split('\n');
  const spans: Span[] = new Array<Span>(spanIds.length);
  for (let i = 0; i < spanIds.length; i++) {
    spans[i] = {
      id: spanIds[i] as string,
      createdAt: s.stamps[i * 2] as number,
      updatedAt: s.stamps[i * 2 + 1] as number,
      docId: p.docId,
      labelId: names[s.ints[i * 4 + 2] as number] as string,
      start: s.ints[i * 4] as number,
      end: s.ints[i * 4 + 1] as number,
      annotator: names[s.ints[i * 4 + 3] as number] as string,
    };
  }
  for (const [i, fields] of s.rest) {
    if (!restSound(fields)) return null;
    spans[i] = { ...fields, ...spans[i] } as Span;
  }
  const r = p.relations;
  const relationIds = r.ids === '' ? [] : r.ids.split('\n');
  const relations: Relation[] = new Array<Relation>(relationIds.length);
  for (let i = 0; i < relationIds.length; i++) {
    relations[i] = {
      id: relationIds[i] as string,
      createdAt: r.stamps[i * 2] as number,
      updatedAt: r.stamps[i * 2 + 1] as number,
      docId: p.docId,
      typeId: names[r.ints[i * 4 + 2] as number] as string,
      fromId: spanIds[r.ints[i * 4] as number] as string,
      toId: spanIds[r.ints[i * 4 + 1] as number] as string,
      annotator: names[r.ints[i * 4 + 3] as number] as string,
    };
  }
  for (const [i, fields] of r.rest) {
    if (!restSound(fields)) return null;
    relations[i] = { ...fields, ...relations[i] } as Relation;
  }
  return { spans, relations };
}

/** A document's stored reader pack as read, unchecked (undefined: none). Inside a transaction over packedLayers. */
export async function readStoredPack(db: GloseDatabase, docId: Id): Promise<unknown> {
  return db.packedLayers.get([docId, READER_PACK]);
}

/**
 * A stored reader pack checked, then unpacked in a later task (`pause` between: each is tens of ms on
 * a long book), or null when there is none or it is refused.
 */
export async function openStoredPack(pack: unknown, docId: Id, textLength: number, pause: () => Promise<void>): Promise<{ spans: Span[]; relations: Relation[]; edition: string | null } | null> {
  if (pack === undefined || readerPackProblem(pack, docId, textLength) !== null) return null;
  await pause();
  const p = pack as ReaderPack;
  const unpacked = unpackReader(p);
  return unpacked && { ...unpacked, edition: p.edition ?? null };
}

/**
 * Builds and stores the reader packs of these documents from their records, unless a write changed a
 * document meanwhile (the claim, as buildPacks does for the agreement's packs). Run off the page
 * (./pack-worker.ts): reading the records is the cost the packs save the page. Returns how many were stored.
 */
export async function buildReaderPacks(db: GloseDatabase, docIds: readonly Id[]): Promise<number> {
  let stored = 0;
  for (const docId of docIds) {
    const claim = newId();
    const key: [Id, typeof READER_PACK] = [docId, READER_PACK];
    // a sound pack stored already is kept: nothing wrote the document since it was built
    const [there, text] = await Promise.all([db.packedLayers.get(key), db.texts.get(docId)]);
    if (!text || (there !== undefined && readerPackProblem(there, docId, text.text.length) === null)) continue;
    await db.packedLayers.put({ docId, layer: READER_PACK, claim } satisfies PackClaim);
    const [spans, relations] = await db.transaction('r', [db.spans, db.relations], () =>
      Promise.all([db.spans.where('docId').equals(docId).toArray(), db.relations.where('docId').equals(docId).toArray()]),
    );
    const pack = spans.length === 0 ? null : packReader(docId, spans, relations);
    await db.transaction('rw', db.packedLayers, async () => {
      const now = await db.packedLayers.get(key);
      if ((now as Partial<PackClaim> | undefined)?.claim !== claim) return;
      if (pack) {
        await db.packedLayers.put(pack);
        stored++;
      } else await db.packedLayers.delete(key);
    });
  }
  return stored;
}

/** Puts the reader's editor mark on a document (before the reader reads it: see EditorMark). */
export async function putEditorMark(db: GloseDatabase, docId: Id, claim: string): Promise<void> {
  await db.packedLayers.put({ docId, layer: EDITOR_MARK, claim } satisfies EditorMark);
}

/**
 * Stores a reader pack made from the reader's memory, if the document's editor mark still holds the
 * reader's claim (nothing but the reader wrote the document since it was read) and `current()` says
 * the reader changed nothing since the memory was packed; both are checked in the transaction that
 * stores it, so no write comes between. True when it was stored.
 */
export async function storeMemoryPack(db: GloseDatabase, pack: ReaderPack, claim: string, current: () => boolean): Promise<boolean> {
  return db.transaction('rw', db.packedLayers, async () => {
    const mark = (await db.packedLayers.get([pack.docId, EDITOR_MARK])) as Partial<EditorMark> | undefined;
    if (mark?.claim !== claim || !current()) return false;
    await db.packedLayers.put(pack);
    return true;
  });
}
