// The corpus worker's service: the search streamed a slice of documents at a time (UTF-16 offsets,
// emoji, CRLF), stopped by a newer request, and the statistics counted where the spans are read.
import { describe, expect, it } from 'vitest';
import type { Id } from '$model';
import type { SpanLite } from '$lib/corpus';
import { CorpusService, FIRST_SLICE, SLICE, type CorpusAnswer, type CorpusSource, type SearchRequest } from '../../../src-renderer/src/corpus/service';

const options = { regex: false, wholeWords: false, matchCase: false };

/** A corpus in memory that counts its reads; `gate`, when set, holds every read until it is resolved. */
class FakeSource implements CorpusSource {
  textReads: Id[][] = [];
  spanReads: Array<{ ids: Id[]; layer: string | null }> = [];
  gate: Promise<void> | null = null;

  constructor(
    readonly textOf: Map<Id, string>,
    public spanList: Array<SpanLite & { layer?: string }> = [],
  ) {}

  async texts(ids: readonly Id[]): Promise<Map<Id, string>> {
    this.textReads.push([...ids]);
    if (this.gate) await this.gate;
    return new Map(ids.flatMap((id) => (this.textOf.has(id) ? [[id, this.textOf.get(id) as string] as const] : [])));
  }

  async spans(ids: readonly Id[], layer: string | null): Promise<SpanLite[]> {
    this.spanReads.push({ ids: [...ids], layer });
    if (this.gate) await this.gate;
    const want = new Set(ids);
    return this.spanList.filter((s) => want.has(s.docId) && (s.layer ?? null) === layer);
  }
}

function searchOf(texts: Map<Id, string>, query: string, seq = 1, opts = options): SearchRequest {
  return { kind: 'search', seq, docs: [...texts].map(([id, text]) => ({ id, name: `${id}.txt`, length: text.length })), query, options: opts };
}

async function run(service: CorpusService, req: Parameters<CorpusService['handle']>[0]): Promise<CorpusAnswer[]> {
  const out: CorpusAnswer[] = [];
  await service.handle(req, (a) => out.push(a));
  return out;
}

describe('corpus search in the worker', () => {
  it('streams the hits of each slice, numbered in document order, then says it is over', async () => {
    const count = FIRST_SLICE + SLICE + 5;
    const texts = new Map(Array.from({ length: count }, (_, i) => [`d${String(i).padStart(3, '0')}`, i % 2 ? 'rien' : `un accord, puis l’accord ${i}`]));
    const answers = await run(new CorpusService(new FakeSource(texts)), searchOf(texts, 'accord'));
    const slices = answers.filter((a) => a.kind === 'hits');
    expect(slices.map((a) => a.kind === 'hits' && [a.read, a.total])).toEqual([
      [FIRST_SLICE, count],
      [FIRST_SLICE + SLICE, count],
      [count, count],
    ]);
    const hits = slices.flatMap((a) => (a.kind === 'hits' ? a.hits : []));
    const withHits = Math.ceil(count / 2);
    expect(hits).toHaveLength(withHits * 2);
    expect(hits.map((h) => h.n)).toEqual(hits.map((_, i) => i));
    expect(hits.slice(0, 2).map((h) => [h.docId, h.start, h.end])).toEqual([
      ['d000', 3, 9],
      ['d000', 18, 24],
    ]);
    expect(answers.at(-1)).toEqual({ seq: 1, kind: 'searched', hits: withHits * 2, documents: withHits, truncated: false });
  });

  it('gives UTF-16 offsets after emoji and flag sequences, and shows a CRLF as one space in context', async () => {
    const texts = new Map([
      ['emoji', '🙂🇫🇷 Zoë a dit «\u00a0accord\u00a0» 🎉accord'],
      ['crlf', 'ligne un\r\naccord\r\nfin'],
    ]);
    const answers = await run(new CorpusService(new FakeSource(texts)), searchOf(texts, 'accord'));
    const hits = answers.flatMap((a) => (a.kind === 'hits' ? a.hits : []));
    const emoji = texts.get('emoji') as string;
    expect(hits.map((h) => [h.docId, h.start, h.end])).toEqual([
      ['emoji', emoji.indexOf('accord'), emoji.indexOf('accord') + 6],
      ['emoji', emoji.lastIndexOf('accord'), emoji.length],
      ['crlf', 10, 16],
    ]);
    // 🙂 and each regional indicator are two code units: the first match is at 19 (in code points: 16)
    expect(hits[0]?.start).toBe(19);
    for (const h of hits) expect((h.docId === 'emoji' ? emoji : (texts.get('crlf') as string)).slice(h.start, h.end)).toBe('accord');
    expect(hits[1]).toMatchObject({ left: expect.stringMatching(/🎉$/), match: 'accord', right: '' });
    expect(hits[2]).toMatchObject({ left: 'ligne un ', match: 'accord', right: ' fin' });
  });

  it('matches whole words and case as asked, and stops at the cap', async () => {
    const texts = new Map([
      ['a', 'Accord accords accord'],
      ['b', 'accord accord accord'],
    ]);
    const service = new CorpusService(new FakeSource(texts));
    const whole = (await run(service, searchOf(texts, 'accord', 1, { ...options, wholeWords: true, matchCase: true }))).flatMap((a) => (a.kind === 'hits' ? a.hits : []));
    expect(whole.map((h) => [h.docId, h.start])).toEqual([
      ['a', 15],
      ['b', 0],
      ['b', 7],
      ['b', 14],
    ]);
    const capped = await run(service, { ...searchOf(texts, 'accord', 2), cap: 3 });
    expect(capped.flatMap((a) => (a.kind === 'hits' ? a.hits : [])).map((h) => h.docId)).toEqual(['a', 'a', 'a']);
    expect(capped.at(-1)).toMatchObject({ kind: 'searched', hits: 3, truncated: true });
  });

  it('answers an invalid expression once, and an empty query with no hits', async () => {
    const texts = new Map([['a', 'x']]);
    const service = new CorpusService(new FakeSource(texts));
    expect(await run(service, searchOf(texts, '(', 1, { ...options, regex: true }))).toEqual([{ seq: 1, kind: 'invalid', error: expect.stringMatching(/paren|group|terminated/i) }]);
    expect(await run(service, searchOf(texts, '', 2))).toEqual([{ seq: 2, kind: 'searched', hits: 0, documents: 0, truncated: false }]);
  });

  it('reads each text once: a later search finds them kept', async () => {
    const texts = new Map([
      ['a', 'un accord'],
      ['b', 'deux accords'],
    ]);
    const source = new FakeSource(texts);
    const service = new CorpusService(source);
    await run(service, searchOf(texts, 'accord', 1));
    const second = await run(service, searchOf(texts, 'deux', 2));
    expect(source.textReads).toEqual([['a', 'b']]);
    expect(second.flatMap((a) => (a.kind === 'hits' ? a.hits : [])).map((h) => h.docId)).toEqual(['b']);
  });

  it('stops a search when a newer one starts, or when it is cancelled', async () => {
    const texts = new Map(Array.from({ length: FIRST_SLICE * 3 }, (_, i) => [`d${i}`, 'accord']));
    const source = new FakeSource(texts);
    const service = new CorpusService(source);
    let open!: () => void;
    source.gate = new Promise((resolve) => (open = resolve));
    const older: CorpusAnswer[] = [];
    const first = service.handle(searchOf(texts, 'accord', 1), (a) => older.push(a));
    const newer: CorpusAnswer[] = [];
    const second = service.handle(searchOf(texts, 'accord', 2), (a) => newer.push(a));
    open();
    await Promise.all([first, second]);
    expect(older).toEqual([]);
    expect(newer.at(-1)).toMatchObject({ seq: 2, kind: 'searched', hits: FIRST_SLICE * 3 });

    const fresh = new CorpusService(new FakeSource(texts));
    const gated = new FakeSource(texts);
    gated.gate = new Promise((resolve) => (open = resolve));
    const cancelled: CorpusAnswer[] = [];
    const cancelledService = new CorpusService(gated);
    const running = cancelledService.handle(searchOf(texts, 'accord', 7), (a) => cancelled.push(a));
    await cancelledService.handle({ kind: 'cancel', seq: 7 }, () => {});
    open();
    await running;
    expect(cancelled).toEqual([]);
    expect((await run(fresh, searchOf(texts, 'accord', 8))).at(-1)).toMatchObject({ kind: 'searched' });
  });
});

describe('statistics in the worker', () => {
  const texts = new Map([
    ['a', 'Xi met Putin, Xi  smiled'],
    ['b', 'Xi\nJinping in Beijing'],
    ['c', 'nothing'],
  ]);
  const spans: Array<SpanLite & { layer?: string }> = [
    { docId: 'a', labelId: 'P', start: 0, end: 2 },
    { docId: 'a', labelId: 'P', start: 7, end: 12 },
    { docId: 'a', labelId: 'P', start: 14, end: 16 },
    { docId: 'b', labelId: 'P', start: 0, end: 10 },
    { docId: 'b', labelId: 'L', start: 14, end: 21 },
    { docId: 'b', labelId: 'gone', start: 0, end: 2 },
    { docId: 'c', labelId: 'L', start: 0, end: 7, layer: 'Paul' },
  ];
  const docs = [
    { id: 'a', updatedAt: 1 },
    { id: 'b', updatedAt: 1 },
    { id: 'c', updatedAt: 1 },
  ];

  it('counts spans per label in the order asked, then the most frequent texts', async () => {
    const answers = await run(new CorpusService(new FakeSource(texts, spans)), { kind: 'stats', seq: 1, docs, labelIds: ['P', 'L'], layer: null, top: 2 });
    expect(answers).toEqual([
      {
        seq: 1,
        kind: 'counts',
        counts: [
          [3, 0],
          [1, 1],
          [0, 0],
        ],
      },
      {
        seq: 1,
        kind: 'top',
        top: [
          [
            'P',
            [
              { text: 'Xi', count: 2 },
              { text: 'Putin', count: 1 },
            ],
          ],
          ['L', [{ text: 'Beijing', count: 1 }]],
        ],
      },
    ]);
  });

  it('counts again only the documents edited since (their updatedAt moved)', async () => {
    const source = new FakeSource(texts, spans);
    const service = new CorpusService(source);
    await run(service, { kind: 'stats', seq: 1, docs, labelIds: ['P', 'L'], layer: null, top: 0 });
    source.spanList = [...spans, { docId: 'c', labelId: 'P', start: 0, end: 3 }];
    const same = await run(service, { kind: 'stats', seq: 2, docs, labelIds: ['P', 'L'], layer: null, top: 0 });
    expect(same).toEqual([{ seq: 2, kind: 'counts', counts: [[3, 0], [1, 1], [0, 0]] }]);
    const edited = await run(service, { kind: 'stats', seq: 3, docs: docs.map((d) => (d.id === 'c' ? { ...d, updatedAt: 2 } : d)), labelIds: ['P', 'L'], layer: null, top: 0 });
    expect(edited).toEqual([{ seq: 3, kind: 'counts', counts: [[3, 0], [1, 1], [1, 0]] }]);
    expect(source.spanReads.map((r) => r.ids)).toEqual([['a', 'b', 'c'], ['c']]);
  });

  it('counts another layer when asked, reading it every time', async () => {
    const source = new FakeSource(texts, spans);
    const service = new CorpusService(source);
    for (const seq of [1, 2]) {
      expect(await run(service, { kind: 'stats', seq, docs, labelIds: ['P', 'L'], layer: 'Paul', top: 0 })).toEqual([{ seq, kind: 'counts', counts: [[0, 0], [0, 0], [0, 1]] }]);
    }
    expect(source.spanReads).toEqual([
      { ids: ['a', 'b', 'c'], layer: 'Paul' },
      { ids: ['a', 'b', 'c'], layer: 'Paul' },
    ]);
  });
});
