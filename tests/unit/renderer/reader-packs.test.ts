// The reader's packs (src-renderer/src/db/reader-packs.ts): a document's own spans and relations in one
// record, read by the reader's open instead of a record per span. They must give back exactly the
// records, never be read stale (every write to a document's spans or relations deletes its pack), never
// be stored over an edit made while they were built, and be refused when what is stored is not sound.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freshDatabases } from './fresh-db';
import type { GloseDatabase } from '$db/database';
import { applyChange, loadDocument } from '$db/documents';
import { addDocuments } from '$db/imports';
import { ensureWorkspace } from '$db/projects';
import { READER_PACK } from '$db/pack-invalidation';
import { buildReaderPacks, packReader, readerPackProblem, unpackReader, type ReaderPack } from '$db/reader-packs';
import { PackBuilder, type PackWorker } from '$db/pack-builder';
import type { PackRequest } from '$db/pack-worker';
import type { PortableDocument, Relation, SchemaSpec, Span } from '$model';
import news from '../../../resources/schemas/news.json';

const freshDb = freshDatabases('reader-packs');

const TEXT = 'Angela Merkel a reçu 😀 Emmanuel Macron à Berlin.';
const OTHER = 'Olaf Scholz est à Paris.';
const meta = (hash: string) => ({ format: 'txt', hash, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } });

async function setup() {
  const db = freshDb();
  const project = await ensureWorkspace(db, news as SchemaSpec, { name: 'Welcome', text: 'x', meta: meta('w'), spans: [], relations: [] });
  const docs: PortableDocument[] = [
    {
      name: 'merkel.txt',
      text: TEXT,
      meta: meta('h-merkel'),
      spans: [
        { key: 'a', start: 0, end: 13, label: 'PER', note: 'chancelière', attributes: { role: 'host' } },
        { key: 'b', start: 24, end: 39, label: 'PER' },
        { key: 'c', start: 42, end: 48, label: 'LOC' },
      ],
      relations: [],
    },
    { name: 'scholz.txt', text: OTHER, meta: meta('h-scholz'), spans: [{ key: 'd', start: 0, end: 11, label: 'PER' }], relations: [] },
  ];
  await addDocuments(db, project.id, docs, 'marie');
  const stored = await db.documents.where('projectId').equals(project.id).toArray();
  const id = (name: string) => stored.find((d) => d.name === name)?.id ?? '';
  const [d1, d2] = [id('merkel.txt'), id('scholz.txt')];
  const types = await db.relationTypes.where('projectId').equals(project.id).toArray();
  const spans = await db.spans.where('docId').equals(d1).toArray();
  const [a, b] = [spans.find((s) => s.start === 0), spans.find((s) => s.start === 24)] as Span[];
  const relation: Relation = { id: 'r1', docId: d1, typeId: types[0]?.id ?? '', fromId: (b as Span).id, toId: (a as Span).id, annotator: 'marie', note: 'cité', createdAt: 5, updatedAt: 6 };
  await applyChange(db, { docId: d1, spans: [], relations: [{ after: relation }] });
  return { db, d1, d2 };
}

const byId = <T extends { id: string }>(list: readonly T[]) => [...list].sort((x, y) => (x.id < y.id ? -1 : 1));

async function records(db: GloseDatabase, docId: string) {
  return { spans: byId(await db.spans.where('docId').equals(docId).toArray()), relations: byId(await db.relations.where('docId').equals(docId).toArray()) };
}

/** A joined id list changed as a list. */
const ids = (joined: string, change: (list: string[]) => string[]) => change(joined.split('\n')).join('\n');

const stored = (db: GloseDatabase, docId: string) => db.packedLayers.get([docId, READER_PACK]);

describe('packing', () => {
  it('gives back the records exactly, notes, attributes and fields of a later version included', async () => {
    const { db, d1 } = await setup();
    const { spans, relations } = await records(db, d1);
    // a field Glose does not write today, on Macron (Merkel has a note and attributes)
    const later = spans.map((s) => (s.start === 24 ? { ...s, confidence: 0.5 } : s));
    const pack = packReader(d1, later, relations) as ReaderPack;
    // stored in reading order, the order the editor keeps them in
    const reading = [...later].sort((a, b) => a.start - b.start);
    const withMore = reading.flatMap((s, i) => (Object.keys(s).some((k) => ['note', 'attributes', 'confidence'].includes(k)) ? [i] : []));
    expect(withMore).toEqual([0, 1]);
    expect(pack.spans.rest.map(([i]) => i)).toEqual(withMore);
    const back = unpackReader(pack);
    expect(back?.spans).toEqual(reading);
    expect(back?.relations).toEqual(relations);
    expect(readerPackProblem(pack, d1, TEXT.length)).toBeNull();
  });

  it('is not made when a relation points outside the document, a span belongs to another, or a number does not fit', async () => {
    const { db, d1, d2 } = await setup();
    const { spans, relations } = await records(db, d1);
    const other = (await records(db, d2)).spans;
    expect(packReader(d1, spans.filter((s) => s.start !== 0), relations)).toBeNull();
    expect(packReader(d1, [...spans, ...other], relations)).toBeNull();
    expect(packReader(d1, [{ ...(spans[0] as Span), end: 2 ** 31 }], [])).toBeNull();
  });
});

describe('what is read back is checked', () => {
  it('refuses each kind of unsound pack', async () => {
    const { db, d1 } = await setup();
    const { spans, relations } = await records(db, d1);
    const good = () => packReader(d1, spans, relations) as ReaderPack;
    const broken: Array<[string, (p: ReaderPack) => unknown]> = [
      ['not a record', () => null],
      ['being built', (p) => ({ docId: p.docId, layer: READER_PACK, claim: 'x' })],
      ['stored under another key', (p) => ({ ...p, docId: 'other' })],
      ['its edition is not an id', (p) => ({ ...p, edition: 7 })],
      ['its edition is not an id', (p) => ({ ...p, edition: 'two words' })],
      ['names are not strings', (p) => ({ ...p, names: [...p.names, 3] })],
      ['spans are not columns', (p) => ({ ...p, spans: { ...p.spans, ints: [...p.spans.ints] } })],
      ['span columns differ in length', (p) => ({ ...p, spans: { ...p.spans, stamps: p.spans.stamps.slice(2) } })],
      ['span columns differ in length', (p) => ({ ...p, spans: { ...p.spans, ints: p.spans.ints.slice(1) } })],
      ['two spans have the same id', (p) => ({ ...p, spans: { ...p.spans, ids: ids(p.spans.ids, (l) => [l[0] ?? '', l[0] ?? '', l[2] ?? '']) } })],
      ['the span ids are not 3 ids', (p) => ({ ...p, spans: { ...p.spans, ids: ids(p.spans.ids, (l) => ['a b', ...l.slice(1)]) } })],
      ['the span ids are not 3 ids', (p) => ({ ...p, spans: { ...p.spans, ids: ids(p.spans.ids, (l) => l.slice(1)) } })],
      ['the span ids are not 3 ids', (p) => ({ ...p, spans: { ...p.spans, ids: `${p.spans.ids}\n` } })],
      ['the span ids are not 3 ids', (p) => ({ ...p, spans: { ...p.spans, ids: ids(p.spans.ids, (l) => ['x'.repeat(129), ...l.slice(1)]) } })],
      ['spans are not columns', (p) => ({ ...p, spans: { ...p.spans, ids: p.spans.ids.split('\n') } })],
      [`to ${TEXT.length + 1} in a text of ${TEXT.length}`, (p) => ({ ...p, spans: { ...p.spans, ints: Int32Array.from(p.spans.ints, (v, i) => (i === 1 ? TEXT.length + 1 : v)) } })],
      [`span 0 runs from`, (p) => ({ ...p, spans: { ...p.spans, ints: Int32Array.from(p.spans.ints, (v, i) => (i === 0 ? (p.spans.ints[1] as number) : v)) } })],
      ['span 0 names 99', (p) => ({ ...p, spans: { ...p.spans, ints: Int32Array.from(p.spans.ints, (v, i) => (i === 2 ? 99 : v)) } })],
      ["span 0's label is not an id", (p) => ({ ...p, names: p.names.map((n, i) => (i === p.spans.ints[2] ? 'not an id' : n)) })],
      ['span 0 has no time', (p) => ({ ...p, spans: { ...p.spans, stamps: Float64Array.from(p.spans.stamps, (v, i) => (i === 0 ? -1 : v)) } })],
      ["the spans' other fields name 7", (p) => ({ ...p, spans: { ...p.spans, rest: [[7, { note: 'x' }]] } })],
      ["other fields of 0 are not a record", (p) => ({ ...p, spans: { ...p.spans, rest: [[0, 'x']] } })],
      ['and 9 of 3 spans', (p) => ({ ...p, relations: { ...p.relations, ints: Int32Array.from(p.relations.ints, (v, i) => (i === 1 ? 9 : v)) } })],
      ['relation 0 has no id of its own', (p) => ({ ...p, relations: { ...p.relations, ids: ids(p.spans.ids, (l) => l.slice(0, 1)) } })],
      ['the relation ids are not 1 ids', (p) => ({ ...p, relations: { ...p.relations, ids: '' } })],
      ['relation 0 has no time', (p) => ({ ...p, relations: { ...p.relations, stamps: new Float64Array([NaN, 1]) } })],
    ];
    for (const [problem, make] of broken) expect(readerPackProblem(make(good()), d1, TEXT.length), problem).toContain(problem);
  });

  it("checks a relation's ends at each bound, and the sizes of attributes at their limits", async () => {
    const { db, d1 } = await setup();
    const { spans, relations } = await records(db, d1);
    const good = packReader(d1, spans, relations) as ReaderPack;
    const n = spans.length;
    const ends = (from: number, to: number): ReaderPack => ({
      ...good,
      relations: { ...good.relations, ints: Int32Array.from(good.relations.ints, (v, i) => (i === 0 ? from : i === 1 ? to : v)) },
    });
    for (const [from, to] of [[-1, 1], [n, 1], [1, -1], [1, n], [n, 0]] as const) {
      expect(readerPackProblem(ends(from, to), d1, TEXT.length), `${from} -> ${to}`).toContain(`relation 0 joins ${from} and ${to} of ${n} spans`);
    }
    for (const [from, to] of [[0, n - 1], [n - 1, 0]] as const) expect(readerPackProblem(ends(from, to), d1, TEXT.length), `${from} -> ${to}`).toBeNull();
    const attributes = (a: Record<string, string>) => unpackReader({ ...good, spans: { ...good.spans, rest: [[0, { attributes: a }]] } });
    expect(attributes({ ['k'.repeat(1000)]: 'v' })?.spans[0]?.attributes).toEqual({ ['k'.repeat(1000)]: 'v' });
    expect(attributes({ ['k'.repeat(1001)]: 'v' })).toBeNull();
    expect(attributes({ role: 'v'.repeat(100_000) })?.spans[0]?.attributes?.['role']).toHaveLength(100_000);
    expect(attributes({ role: 'v'.repeat(100_001) })).toBeNull();
  });

  it('a document with spans and no relation unpacks to no relation', async () => {
    const { db, d2 } = await setup();
    const { spans } = await records(db, d2);
    const pack = packReader(d2, spans, []) as ReaderPack;
    expect(pack.relations.ids).toBe('');
    expect(unpackReader(pack)).toEqual({ spans, relations: [] });
  });

  it('a record whose other fields fail their schema is not unpacked', async () => {
    const { db, d1 } = await setup();
    const { spans, relations } = await records(db, d1);
    const pack = packReader(d1, spans, relations) as ReaderPack;
    expect(unpackReader({ ...pack, spans: { ...pack.spans, rest: [[0, { note: 42 }]] } })).toBeNull();
    expect(unpackReader({ ...pack, relations: { ...pack.relations, rest: [[0, { note: 42 }]] } })).toBeNull();
    expect(unpackReader({ ...pack, spans: { ...pack.spans, rest: [[0, { attributes: { role: 1 } }]] } })).toBeNull();
    expect(unpackReader({ ...pack, spans: { ...pack.spans, rest: [[0, { attributes: ['host'] }]] } })).toBeNull();
    expect(unpackReader({ ...pack, spans: { ...pack.spans, rest: [[0, { note: 'x'.repeat(1_000_001) }]] } })).toBeNull();
    // a field the schema does not name is kept, as the schema's loose object keeps it; a column is never overridden
    const kept = unpackReader({ ...pack, spans: { ...pack.spans, rest: [[0, { confidence: 0.5, start: 999 }]] } });
    expect(kept?.spans[0]).toMatchObject({ confidence: 0.5, start: pack.spans.ints[0] });
  });

  it('the reader opens from the records when the stored pack is unsound', async () => {
    const { db, d1 } = await setup();
    await buildReaderPacks(db, [d1]);
    const pack = (await stored(db, d1)) as ReaderPack;
    // every span ends past the text (which the records' schemas alone would not see)
    await db.packedLayers.put({ ...pack, spans: { ...pack.spans, ints: Int32Array.from(pack.spans.ints, (v, i) => (i % 4 === 1 ? TEXT.length + 5 : v)) } });
    // the pack read, then refused when checked in the next task: the records are read after it
    let pauses = 0;
    const loaded = await loadDocument(db, d1, async () => void pauses++);
    expect(loaded?.packed).toBe(false);
    expect(pauses).toBe(1);
    expect(byId(loaded?.spans ?? [])).toEqual((await records(db, d1)).spans);
  });
});

describe('the reader opens from the pack', () => {
  it('with the same spans and relations as from the records', async () => {
    const { db, d1 } = await setup();
    const fromRecords = await loadDocument(db, d1);
    expect(fromRecords?.packed).toBe(false);
    expect(await buildReaderPacks(db, [d1])).toBe(1);
    // read, checked and unpacked in three tasks: the page is given back between them
    let pauses = 0;
    const fromPack = await loadDocument(db, d1, async () => void pauses++);
    expect(pauses).toBe(2);
    expect(fromPack?.packed).toBe(true);
    expect(fromPack?.edition).toMatch(/^[\w-]{36}$/);
    expect(byId(fromPack?.spans ?? [])).toEqual(byId(fromRecords?.spans ?? []));
    expect(byId(fromPack?.relations ?? [])).toEqual(byId(fromRecords?.relations ?? []));
    expect(fromPack?.spans).toHaveLength(3);
    expect(fromPack?.relations).toHaveLength(1);
  });

  it('a sound pack is not built again; a document without spans gets none', async () => {
    const { db, d1 } = await setup();
    expect(await buildReaderPacks(db, [d1])).toBe(1);
    expect(await buildReaderPacks(db, [d1])).toBe(0);
    // one that is not sound (an older layout, a damaged record) is built again
    const pack = (await stored(db, d1)) as ReaderPack;
    await db.packedLayers.put({ ...pack, spans: { ...pack.spans, ids: pack.spans.ids.split('\n') as unknown as string } });
    expect(await buildReaderPacks(db, [d1])).toBe(1);
    expect(readerPackProblem(await stored(db, d1), d1, TEXT.length)).toBeNull();
    await db.spans.where('docId').equals(d1).delete();
    await db.relations.where('docId').equals(d1).delete();
    expect(await buildReaderPacks(db, [d1])).toBe(0);
    expect(await stored(db, d1)).toBeUndefined();
  });
});

describe('a write to a document deletes its reader pack, and only its own', () => {
  it('a span added, relabelled, deleted; a relation added and deleted', async () => {
    const { db, d1, d2 } = await setup();
    const again = async () => {
      await buildReaderPacks(db, [d1, d2]);
      expect(await stored(db, d1)).toBeDefined();
      expect(await stored(db, d2)).toBeDefined();
    };
    const { spans, relations } = await records(db, d1);
    // Berlin: no relation ends there
    const span = spans.find((s) => s.start === 42) as Span;
    const edits = [
      { docId: d1, spans: [{ after: { ...span, id: 'n1', start: 14, end: 20 } }], relations: [] },
      { docId: d1, spans: [{ before: span, after: { ...span, labelId: (spans[0] as Span).labelId } }], relations: [] },
      { docId: d1, spans: [{ before: span }], relations: [] },
      { docId: d1, spans: [], relations: [{ before: relations[0] as Relation }] },
      { docId: d1, spans: [], relations: [{ after: relations[0] as Relation }] },
    ];
    for (const [i, change] of edits.entries()) {
      await again().catch((e: unknown) => {
        throw new Error(`before edit ${i}: ${String(e)}`);
      });
      await applyChange(db, change);
      expect(await stored(db, d1)).toBeUndefined();
      expect(await stored(db, d2)).toBeDefined();
    }
    // a relation deleted by its key alone: the record is looked up for its document
    await again();
    await db.relations.delete('r1');
    expect(await stored(db, d1)).toBeUndefined();
    expect(await stored(db, d2)).toBeDefined();
  });

  it('an edit made while a pack is built keeps it from being stored', async () => {
    const { db, d1 } = await setup();
    const span = (await records(db, d1)).spans[0] as Span;
    // the edit lands after the claim, before the pack is stored
    const put = db.packedLayers.put.bind(db.packedLayers);
    const claimThenEdit = async (record: Parameters<typeof put>[0], key?: Parameters<typeof put>[1]) => {
      const done = await put(record, key);
      await applyChange(db, { docId: d1, spans: [{ before: span, after: { ...span, end: span.end - 1 } }], relations: [] });
      return done;
    };
    const spy = vi.spyOn(db.packedLayers, 'put').mockImplementationOnce(claimThenEdit as unknown as typeof put);
    expect(await buildReaderPacks(db, [d1])).toBe(0);
    spy.mockRestore();
    expect(await stored(db, d1)).toBeUndefined();
    const loaded = await loadDocument(db, d1);
    expect(loaded?.packed).toBe(false);
    expect(loaded?.spans.find((s) => s.id === span.id)?.end).toBe(span.end - 1);
  });
});

describe('the builder', () => {
  afterEach(() => vi.useRealTimers());

  it('asks the worker once the page has been quiet, for every document asked for meanwhile', () => {
    vi.useFakeTimers();
    const sent: PackRequest[] = [];
    const worker: PackWorker = { postMessage: (r) => sent.push(r), onmessage: null };
    const builder = new PackBuilder('glose', { delayMs: 2000, makeWorker: () => worker });
    builder.request('d1');
    vi.advanceTimersByTime(1500);
    builder.request('d2');
    builder.request('d1');
    vi.advanceTimersByTime(1999);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([{ database: 'glose', docIds: ['d1', 'd2'] }]);
    builder.request('d3');
    builder.dispose();
    vi.advanceTimersByTime(5000);
    expect(sent).toHaveLength(1);
  });

  it('leaves out, when the time comes, a document it is told to skip (the one open in the reader)', () => {
    vi.useFakeTimers();
    const sent: PackRequest[] = [];
    const worker: PackWorker = { postMessage: (r) => sent.push(r), onmessage: null };
    let open = 'd2';
    const builder = new PackBuilder('glose', { delayMs: 10, makeWorker: () => worker, skip: (id) => id === open });
    builder.request('d1');
    builder.request('d2');
    vi.advanceTimersByTime(10);
    expect(sent).toEqual([{ database: 'glose', docIds: ['d1'] }]);
    // asked for while open, left before the time came: built
    builder.request('d3');
    open = 'd1';
    builder.request('d2');
    vi.advanceTimersByTime(10);
    expect(sent[1]).toEqual({ database: 'glose', docIds: ['d3', 'd2'] });
    // nothing left to build: nothing sent
    builder.request('d1');
    vi.advanceTimersByTime(10);
    expect(sent).toHaveLength(2);
  });

  it('without workers (no Worker here), asks nothing and throws nothing', () => {
    vi.useFakeTimers();
    const builder = new PackBuilder('glose', { delayMs: 10, makeWorker: () => null });
    builder.request('d1');
    expect(() => vi.advanceTimersByTime(10)).not.toThrow();
  });
});
