import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { DocStatus, DocumentRecord, LabelDef, PortableDocument, SchemaSpec } from '$model';
import { corpusStats, countByLabel, csvField, filterDocuments, kwic, rangeIds, searchTexts, sortDocuments, statsCsv, TextTally, toCsv, topTextsCsv, type CorpusText, type SpanLite } from '$lib/corpus';
import type { SearchOptions } from '$lib/search';
import { visibleRange } from '$lib/virtual-list';
import { addDocuments } from '$db/imports';
import { applyCorpusChange, labelAllHits, loadTexts, setStatusMany, spansOfDocuments } from '$db/corpus';
import { applyChange, deleteDocuments } from '$db/documents';
import { ensureWorkspace } from '$db/projects';
import { GloseDatabase } from '$db/database';
import { buildPacks, packSpans } from '$db/packs';
import { OWN_LAYER, type PackKey } from '$db/pack-keys';
import { invertCorpus } from '$lib/changes';
import news from '../../../resources/schemas/news.json';

const opts = { regex: false, wholeWords: false, matchCase: false };

/** The whole corpus searched in one slice, as a result. */
function searchCorpus(docs: readonly CorpusText[], query: string, options: SearchOptions, cap?: number) {
  const tally = { hits: 0, documents: 0, truncated: false };
  const r = searchTexts(docs, query, options, tally, cap);
  return r.ok ? { ok: true as const, hits: r.hits, truncated: tally.truncated, documents: tally.documents } : r;
}

const topTexts = (spans: SpanLite[], texts: ReadonlyMap<string, string>, labels: LabelDef[], n?: number) => {
  const tally = new TextTally(labels.map((l) => l.id));
  tally.add(spans, texts);
  return tally.top(n);
};

function rec(id: string, over: Partial<DocumentRecord> & { title?: string; date?: string } = {}): DocumentRecord {
  const { title, date, ...rest } = over;
  return {
    id,
    projectId: 'p',
    name: `${id}.txt`,
    meta: { format: 'txt', hash: id, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 }, ...(title ? { title } : {}), ...(date ? { date } : {}) },
    status: 'new',
    length: 10,
    spanCount: 0,
    categories: [],
    createdAt: 0,
    updatedAt: 0,
    ...rest,
  };
}

const label = (id: string, name: string): LabelDef => ({ id, projectId: 'p', name, color: '#336699', order: 0, createdAt: 0, updatedAt: 0 });

describe('sorting and filtering the document list', () => {
  const docs = [
    rec('b', { name: 'doc10.txt', title: 'Zèbre', date: '2021-03', status: 'done', spanCount: 3, updatedAt: 30 }),
    rec('a', { name: 'doc2.txt', title: 'abeille', status: 'in_progress', spanCount: 12, updatedAt: 10 }),
    rec('c', { name: 'Doc1.txt', date: '2020', status: 'new', spanCount: 3, updatedAt: 20 }),
  ];
  const names = (ds: DocumentRecord[]) => ds.map((d) => d.id).join('');

  it('sorts names naturally and ignoring case, both ways', () => {
    expect(names(sortDocuments(docs, 'name', 'ascending'))).toBe('cab');
    expect(names(sortDocuments(docs, 'name', 'descending'))).toBe('bac');
  });

  it('puts documents without a title or date last in either direction', () => {
    expect(names(sortDocuments(docs, 'title', 'ascending'))).toBe('abc');
    expect(names(sortDocuments(docs, 'title', 'descending'))).toBe('bac');
    expect(names(sortDocuments(docs, 'date', 'ascending'))).toBe('cba');
    expect(names(sortDocuments(docs, 'date', 'descending'))).toBe('bca');
  });

  it('sorts by status, spans and last edit; ties keep their order', () => {
    expect(names(sortDocuments(docs, 'status', 'ascending'))).toBe('cab');
    expect(names(sortDocuments(docs, 'spans', 'descending'))).toBe('abc');
    expect(names(sortDocuments(docs, 'spans', 'ascending'))).toBe('bca');
    expect(names(sortDocuments(docs, 'updated', 'descending'))).toBe('bca');
  });

  it('filters by status, label present and name or title', () => {
    const f = (status: DocStatus | '', labelId = '', text = '', withLabel?: Set<string>) => names(filterDocuments(docs, { status, labelId, text }, withLabel));
    expect(f('done')).toBe('b');
    expect(f('', 'L', '', new Set(['a', 'c']))).toBe('ac');
    // the label filter shows nothing until it knows which documents have the label
    expect(f('', 'L')).toBe('');
    expect(f('', '', 'ABEI')).toBe('a');
    expect(f('', '', 'doc1')).toBe('bc');
    expect(f('new', 'L', 'doc', new Set(['a', 'c']))).toBe('c');
  });

  it('gives the ids of a Shift-click range in the order shown', () => {
    const shown = [{ id: 'x' }, { id: 'y' }, { id: 'z' }, { id: 'w' }];
    expect(rangeIds(shown, 'z', 'x')).toEqual(['x', 'y', 'z']);
    expect(rangeIds(shown, 'y', 'y')).toEqual(['y']);
    expect(rangeIds(shown, 'gone', 'y')).toEqual([]);
  });

  it('paints only the rows in view plus the overscan', () => {
    expect(visibleRange(0, 360, 36, 5000, 5)).toEqual({ from: 0, to: 15 });
    expect(visibleRange(36 * 1000, 360, 36, 5000, 5)).toEqual({ from: 995, to: 1015 });
    expect(visibleRange(36 * 4990, 360, 36, 5000, 5)).toEqual({ from: 4985, to: 5000 });
    expect(visibleRange(0, 360, 36, 3)).toEqual({ from: 0, to: 3 });
  });
});

describe('keyword in context', () => {
  it('keeps about 40 code units either side and flattens line breaks', () => {
    const text = `${'a'.repeat(50)}\n\nmot  clé\n${'b'.repeat(50)}`;
    const start = text.indexOf('mot');
    const k = kwic(text, start, start + 8);
    expect(k.match).toBe('mot clé');
    expect(k.left).toBe(`${'a'.repeat(38)} `);
    expect(k.right).toBe(` ${'b'.repeat(39)}`);
  });

  it('stops at the text edges', () => {
    expect(kwic('Xi a dit', 0, 2)).toEqual({ left: '', match: 'Xi', right: ' a dit' });
    expect(kwic('Xi a dit', 5, 8)).toEqual({ left: 'Xi a ', match: 'dit', right: '' });
  });

  it('never cuts an emoji in half at either edge', () => {
    // 😀 is two code units; put its halves exactly at the cut points
    const text = `😀${'x'.repeat(39)}MATCH${'y'.repeat(39)}😀z`;
    const start = text.indexOf('MATCH');
    const k = kwic(text, start, start + 5);
    expect(k.left).toBe('x'.repeat(39));
    expect(k.right).toBe('y'.repeat(39));
    const whole = kwic(text, start, start + 5, 41);
    expect(whole.left).toBe(`😀${'x'.repeat(39)}`);
    expect(whole.right).toBe(`${'y'.repeat(39)}😀`);
    for (const s of [k.left, k.right, whole.left, whole.right]) expect(s.isWellFormed()).toBe(true);
  });
});

describe('corpus search', () => {
  const docs = [
    { id: 'd1', name: 'one.txt', text: 'Xi Jinping met Xi. 😀 Xi!' },
    { id: 'd2', name: 'two.txt', text: 'nothing here' },
    { id: 'd3', name: 'three.txt', text: 'Xin is not Xi' },
  ];

  it('lists every hit with its document and context, in document order', () => {
    const r = searchCorpus(docs, 'xi', { ...opts, wholeWords: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.hits.map((h) => [h.docName, h.start, h.match])).toEqual([
      ['one.txt', 0, 'Xi'],
      ['one.txt', 15, 'Xi'],
      ['one.txt', 22, 'Xi'],
      ['three.txt', 11, 'Xi'],
    ]);
    expect(r.hits.map((h) => h.n)).toEqual([0, 1, 2, 3]);
    expect(r.hits[2]).toMatchObject({ left: 'Xi Jinping met Xi. 😀 ', right: '!' });
    expect(r.documents).toBe(2);
    expect(r.truncated).toBe(false);
  });

  it('stops at the cap and says so', () => {
    const r = searchCorpus(docs, 'xi', opts, 3);
    expect(r.ok && [r.hits.length, r.truncated]).toEqual([3, true]);
    const exact = searchCorpus(docs, 'xi', opts, 5);
    expect(exact.ok && [exact.hits.length, exact.truncated]).toEqual([5, false]);
  });

  it('reports an invalid expression once, even with no documents', () => {
    expect(searchCorpus([], '(', { ...opts, regex: true })).toEqual({ ok: false, error: expect.stringMatching(/paren|group|terminated/i) });
    expect(searchCorpus([], '', opts)).toEqual({ ok: true, hits: [], truncated: false, documents: 0 });
  });

  it('numbers hits on from slice to slice and stops every later slice at the cap', () => {
    const tally = { hits: 0, documents: 0, truncated: false };
    const first = searchTexts(docs.slice(0, 2), 'xi', opts, tally, 5);
    expect(first.ok && first.hits.map((h) => h.n)).toEqual([0, 1, 2]);
    expect(tally).toEqual({ hits: 3, documents: 1, truncated: false });
    const second = searchTexts(docs.slice(2), 'xi', opts, tally, 5);
    expect(second.ok && second.hits.map((h) => [h.n, h.docId, h.start])).toEqual([
      [3, 'd3', 0],
      [4, 'd3', 11],
    ]);
    expect(tally).toEqual({ hits: 5, documents: 2, truncated: false });
    const third = searchTexts(docs, 'xi', opts, tally, 5);
    expect(third.ok && third.hits).toEqual([]);
    expect(tally.truncated).toBe(true);
  });

  it('is case sensitive when asked', () => {
    const r = searchCorpus(docs, 'xi', { ...opts, matchCase: true });
    expect(r.ok && r.hits.length).toBe(0);
  });
});

describe('statistics', () => {
  const labels = [label('P', 'PER'), label('L', 'LOC'), label('D', 'DATE')];
  const docs = [rec('a', { status: 'done' }), rec('b', { status: 'in_progress' }), rec('c')];
  const texts = new Map([
    ['a', 'Xi met Putin, Xi  smiled'],
    ['b', 'Xi\nJinping in Beijing'],
  ]);
  const spans: SpanLite[] = [
    { docId: 'a', labelId: 'P', start: 0, end: 2 },
    { docId: 'a', labelId: 'P', start: 7, end: 12 },
    { docId: 'a', labelId: 'P', start: 14, end: 16 },
    { docId: 'b', labelId: 'P', start: 0, end: 10 },
    { docId: 'b', labelId: 'L', start: 14, end: 21 },
    // a span of a deleted label and one of a document of another project are not counted
    { docId: 'b', labelId: 'gone', start: 0, end: 2 },
    { docId: 'z', labelId: 'P', start: 0, end: 2 },
  ];

  it('counts spans per label, documents by status and spans per document', () => {
    const s = corpusStats(docs, countByLabel(spans, labels.map((l) => l.id)), labels);
    expect(s.spansPerLabel.map((c) => [c.label.name, c.count])).toEqual([
      ['PER', 4],
      ['LOC', 1],
      ['DATE', 0],
    ]);
    expect(s.totalSpans).toBe(5);
    expect(s.byStatus).toEqual({ new: 1, in_progress: 1, done: 1 });
    expect(s.perDocument.map((r) => [r.doc.id, r.counts, r.total])).toEqual([
      ['a', [3, 0, 0], 3],
      ['b', [1, 1, 0], 2],
      ['c', [0, 0, 0], 0],
    ]);
  });

  it('ranks the most frequent span texts per label, white space collapsed', () => {
    const top = topTexts(spans, texts, labels, 2);
    expect(top.get('P')).toEqual([
      { text: 'Xi', count: 2 },
      { text: 'Putin', count: 1 },
    ]);
    expect(top.get('L')).toEqual([{ text: 'Beijing', count: 1 }]);
    expect(top.get('D')).toEqual([]);
    expect(topTexts(spans, texts, labels).get('P')?.map((t) => t.text)).toEqual(['Xi', 'Putin', 'Xi Jinping']);
  });
});

describe('CSV', () => {
  it('quotes only what needs it, doubling quotes, with CRLF records', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(42)).toBe('42');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(' spaced ')).toBe(' spaced ');
    expect(toCsv([['a', 'b'], ['1', 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it('writes the per-document table with a total row, and the frequent texts', () => {
    const labels = [label('P', 'PER'), label('Q', 'QUOTE, "long"')];
    const docs = [rec('a', { name: 'one, two.txt', title: 'Le "titre"', status: 'done' }), rec('b')];
    const spans: SpanLite[] = [
      { docId: 'a', labelId: 'P', start: 0, end: 2 },
      { docId: 'a', labelId: 'Q', start: 3, end: 9 },
      { docId: 'b', labelId: 'P', start: 0, end: 2 },
    ];
    const csv = statsCsv(corpusStats(docs, countByLabel(spans, labels.map((l) => l.id)), labels), labels);
    expect(csv).toBe(
      ['document,title,status,PER,"QUOTE, ""long""",total', '"one, two.txt","Le ""titre""",done,1,1,2', 'b.txt,,new,1,0,1', 'total,,,2,1,3', ''].join('\r\n'),
    );
    const texts = new Map([
      ['a', 'Xi "a, b" c'],
      ['b', 'Xi'],
    ]);
    expect(topTextsCsv(topTexts(spans, texts, labels), labels)).toBe(['label,rank,text,count', 'PER,1,Xi,2', '"QUOTE, ""long""",1,"""a, b""",1', ''].join('\r\n'));
  });
});

describe('corpus edits in the database', () => {
  let n = 0;
  const dbs: GloseDatabase[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) await db.delete();
  });
  const meta = (hash: string) => ({ format: 'txt', hash, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } });
  const doc = (name: string, text: string, spans: PortableDocument['spans'] = []): PortableDocument => ({ name, text, meta: meta(`h-${text}`), spans, relations: [] });

  async function setup() {
    const db = new GloseDatabase(`corpus-test-${++n}`);
    dbs.push(db);
    const project = await ensureWorkspace(db, news as SchemaSpec, doc('Welcome', 'Hello'));
    const { ids } = await addDocuments(
      db,
      project.id,
      [doc('a.txt', 'Xi met Xi in Pékin. 😀 Xi'), doc('b.txt', 'Pas de Xi ici? Si: Xi.', [{ start: 7, end: 9, label: 'PER' }]), doc('c.txt', 'nothing')],
      'tester',
    );
    const labels = await db.labels.where('projectId').equals(project.id).toArray();
    const per = labels.find((l) => l.name === 'PER')?.id as string;
    const loc = labels.find((l) => l.name === 'LOC')?.id as string;
    return { db, project, ids: ids as [string, string, string], per, loc };
  }

  async function docState(db: GloseDatabase, id: string) {
    const d = await db.documents.get(id);
    const spans = await db.spans.where('docId').equals(id).toArray();
    return { status: d?.status, spanCount: d?.spanCount, spans: spans.map((s) => [s.start, s.end]).sort((x, y) => (x[0] ?? 0) - (y[0] ?? 0)) };
  }

  it('labels every hit not already covered, across documents, and undoes it as one step', async () => {
    const { db, project, ids, per, loc } = await setup();
    const texts = await loadTexts(db, ids);
    expect([...texts.keys()].sort()).toEqual([...ids].sort());
    // a document deleted meanwhile has no text: it is left out, not an error
    expect([...(await loadTexts(db, [...ids, 'gone'])).keys()].sort()).toEqual([...ids].sort());
    const result = searchCorpus(
      ids.map((id) => ({ id, name: id, text: texts.get(id) ?? '' })),
      'Xi',
      { ...opts, wholeWords: true },
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.hits).toHaveLength(5);

    const change = await labelAllHits(db, project.id, result.hits, per, 'tester');
    // b.txt's first Xi was already a PER: one span there, three in a.txt
    expect(change.map((c) => [c.docId, c.spans.length])).toEqual([
      [ids[0], 3],
      [ids[1], 1],
    ]);
    expect(await docState(db, ids[0])).toEqual({ status: 'in_progress', spanCount: 3, spans: [[0, 2], [7, 9], [23, 25]] });
    expect(await docState(db, ids[1])).toEqual({ status: 'in_progress', spanCount: 2, spans: [[7, 9], [19, 21]] });
    const spans = await db.spans.where('docId').anyOf(ids).toArray();
    expect((await spansOfDocuments(db, ids)).map((x) => [x.docId, x.labelId, x.start, x.end]).sort()).toEqual(spans.map((x) => [x.docId, x.labelId, x.start, x.end]).sort());
    expect(spans).toHaveLength(5);
    expect(spans.every((s) => s.annotator === 'tester' && s.labelId === per)).toBe(true);

    // labelling the same hits again finds nothing left to do; another label is not blocked by PER
    const again = await labelAllHits(db, project.id, result.hits, per, 'tester');
    expect(again).toEqual([]);

    await applyCorpusChange(db, invertCorpus(change));
    expect(await docState(db, ids[0])).toEqual({ status: 'new', spanCount: 0, spans: [] });
    // b.txt's imported span stays; its status goes back to what it was before the step
    expect(await docState(db, ids[1])).toEqual({ status: 'new', spanCount: 1, spans: [[7, 9]] });

    const locs = await labelAllHits(db, project.id, result.hits.slice(0, 1), loc, 'tester');
    expect(locs.map((c) => c.spans.length)).toEqual([1]);
  });

  it('reads the statistics from the layer packs where they are stored, and from the spans elsewhere', async () => {
    const { db, project, ids, per, loc } = await setup();
    await labelAllHits(db, project.id, [{ docId: ids[0], start: 0, end: 2 }, { docId: ids[0], start: 7, end: 9 }], per, 'tester');
    const lite = (list: SpanLite[]) => list.map((x) => [x.docId, x.labelId, x.start, x.end].join(' ')).sort();
    const fromSpans = lite(await spansOfDocuments(db, ids));
    expect(fromSpans).toHaveLength(3);
    // packed (as the background keeping does): the same answer, read from one record per document
    await buildPacks(db, ids.map((id): PackKey => [id, OWN_LAYER]));
    expect(lite(await spansOfDocuments(db, ids))).toEqual(fromSpans);
    // a stored pack is what is read: the spans are not read again for its document
    await db.packedLayers.put(packSpans(ids[2], OWN_LAYER, [{ start: 1, end: 3, labelId: loc }]));
    expect(lite(await spansOfDocuments(db, [ids[2]]))).toEqual([`${ids[2]} ${loc} 1 3`]);
    // a write to a document's spans deletes its pack: its spans are read
    const written = await labelAllHits(db, project.id, [{ docId: ids[2], start: 0, end: 4 }], per, 'tester');
    expect(written).toHaveLength(1);
    expect(lite(await spansOfDocuments(db, [ids[2]]))).toEqual([`${ids[2]} ${per} 0 4`]);
  });

  it('keeps span counts true when an old step is undone after other edits', async () => {
    const { db, project, ids, per } = await setup();
    const change = await labelAllHits(db, project.id, [{ docId: ids[0], start: 0, end: 2 }, { docId: ids[0], start: 7, end: 9 }], per, 'tester');
    // the reader deletes one of them meanwhile (its own undo step)
    const first = change[0]?.spans[0]?.after;
    if (!first) throw new Error('no span');
    await applyChange(db, { docId: ids[0], spans: [{ before: first }], relations: [] });
    expect(await docState(db, ids[0])).toMatchObject({ spanCount: 1 });
    // undoing the corpus step deletes a span that is gone already: the count must not go below what is stored
    await applyCorpusChange(db, invertCorpus(change));
    expect(await docState(db, ids[0])).toMatchObject({ spanCount: 0, spans: [] });
  });

  it('refuses a label of another project and ignores documents of another project', async () => {
    const { db, project, ids, per } = await setup();
    await expect(labelAllHits(db, 'other', [{ docId: ids[0], start: 0, end: 2 }], per, 't')).rejects.toThrow(/not in this project/);
    await db.documents.update(ids[2], { projectId: 'other' });
    expect(await labelAllHits(db, project.id, [{ docId: ids[2], start: 0, end: 2 }], per, 't')).toEqual([]);
  });

  it('sets the status of many documents in one step, and undoes it', async () => {
    const { db, ids } = await setup();
    await db.documents.update(ids[1], { status: 'done' });
    const change = await setStatusMany(db, ids, 'done');
    expect(change.map((c) => c.docId)).toEqual([ids[0], ids[2]]);
    expect((await db.documents.bulkGet(ids)).map((d) => d?.status)).toEqual(['done', 'done', 'done']);
    await applyCorpusChange(db, invertCorpus(change));
    expect((await db.documents.bulkGet(ids)).map((d) => d?.status)).toEqual(['new', 'done', 'new']);
  });

  it('deletes documents with their texts, spans and relations, and nothing else', async () => {
    const { db, project, ids } = await setup();
    const spanB = (await db.spans.where('docId').equals(ids[1]).first())?.id as string;
    const type = (await db.relationTypes.toCollection().first())?.id as string;
    await db.relations.add({ id: 'r1', docId: ids[1], typeId: type, fromId: spanB, toId: spanB, annotator: 't', createdAt: 0, updatedAt: 0 });
    await deleteDocuments(db, [ids[0], ids[1]]);
    expect((await db.documents.where('projectId').equals(project.id).toArray()).map((d) => d.name).sort()).toEqual(['Welcome', 'c.txt']);
    expect(await db.texts.bulkGet([ids[0], ids[1], ids[2]])).toEqual([undefined, undefined, expect.objectContaining({ text: 'nothing' })]);
    expect(await db.spans.count()).toBe(0);
    expect(await db.relations.count()).toBe(0);
  });
});
