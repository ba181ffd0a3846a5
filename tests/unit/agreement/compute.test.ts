import { describe, expect, it } from 'vitest';
import { NO_VARIATION } from '../../../src-renderer/src/agreement/coefficients';
import { AgreementInputError, computeAgreement, sortDocuments } from '../../../src-renderer/src/agreement/compute';
import { tokenize } from '../../../src-renderer/src/agreement/tokens';
import type { AgreementDocument, AgreementSpan, DocumentRow, Figure } from '../../../src-renderer/src/agreement/types';
import { smallCorpus } from '../../fixtures/agreement/synthetic';

const num = (f: Figure): number => {
  if (f.value === null) throw new Error(`expected a value, got: ${f.reason}`);
  return f.value;
};
const reasonOf = (f: Figure): string => {
  if (f.value !== null) throw new Error(`expected no value, got ${f.value}`);
  return f.reason;
};

const TEXT = 'The Lord Mayor of London met Marie Curie in Paris on Monday.';
const span = (words: string, label: string, from = 0): AgreementSpan => {
  const start = TEXT.indexOf(words, from);
  return { start, end: start + words.length, label };
};
const doc = (id: string, layers: Record<string, AgreementSpan[]>, text = TEXT): AgreementDocument => ({ id, length: text.length, text, layers });

describe('perfect agreement', () => {
  it('gives 1 everywhere', () => {
    const spans = [span('Lord Mayor of London', 'PER'), span('London', 'LOC'), span('Marie Curie', 'PER'), span('Paris', 'LOC'), span('Monday', 'DATE')];
    const report = computeAgreement([doc('d', { A: spans, B: [...spans].reverse(), C: spans })]);
    for (const f of [report.overall.f1Exact, report.overall.f1Overlap, report.overall.fleissKappa, report.overall.alpha, report.overall.alphaU]) expect(num(f)).toBeCloseTo(1, 12);
    for (const p of report.pairs) for (const f of [p.overall.cohenKappa, p.overall.alpha, p.overall.alphaU, p.overall.exact.f1]) expect(num(f)).toBeCloseTo(1, 12);
    expect(report.overall.spans).toEqual([5, 5, 5]);
    expect(report.labels).toEqual(['DATE', 'LOC', 'PER']);
  });
});

describe('edge cases', () => {
  it('one label only: every figure is defined', () => {
    const report = computeAgreement([doc('d', { A: [span('Marie Curie', 'PER'), span('Lord Mayor', 'PER')], B: [span('Marie Curie', 'PER')] })]);
    expect(report.labels).toEqual(['PER']);
    expect(num(report.overall.f1Exact)).toBeCloseTo(2 / 3, 12);
    expect(num(report.overall.cohenKappa)).toBeGreaterThan(0);
    expect(num(report.overall.alphaU)).toBeLessThan(1);
  });

  it('no variation at all (every token tagged alike by everyone): undefined, with the reason', () => {
    const text = 'Paris';
    const report = computeAgreement([doc('d', { A: [{ start: 0, end: 5, label: 'LOC' }], B: [{ start: 0, end: 5, label: 'LOC' }] }, text)]);
    expect(num(report.overall.f1Exact)).toBe(1);
    expect(reasonOf(report.overall.cohenKappa)).toBe(NO_VARIATION);
    expect(reasonOf(report.overall.alpha)).toBe(NO_VARIATION);
    // uα judges boundaries, and here they could have been elsewhere in the five characters
    expect(num(report.overall.alphaU)).toBe(1);
  });

  it('no spans at all: F1 and αu are undefined ("no spans"), κ and α undefined for lack of variation, no crash', () => {
    const report = computeAgreement([doc('d1', { A: [], B: [] }), doc('d2', { A: [], B: [] })]);
    expect(report.labels).toEqual([]);
    expect(reasonOf(report.overall.f1Exact)).toBe('neither annotator marked a span');
    expect(reasonOf(report.overall.cohenKappa)).toBe(NO_VARIATION);
    expect(reasonOf(report.overall.fleissKappa)).toBe(NO_VARIATION);
    expect(reasonOf(report.overall.alphaU)).toBe('no spans');
    expect(report.perDocument.map((r) => [r.id, r.disagreement, r.f1Exact.value])).toEqual([
      ['d1', 0, null],
      ['d2', 0, null],
    ]);
    expect(report.confusion).toEqual([[2 * 2 * 12]]); // 12 tokens, 2 documents, both orders of the one pair
  });

  it('an annotator with no spans: recall 0, precision undefined, κ 0, F1 0', () => {
    const report = computeAgreement([doc('d', { A: [span('Marie Curie', 'PER'), span('Paris', 'LOC')], B: [] })], { reference: 'A' });
    const pair = report.pairs[0];
    expect(pair?.a).toBe('A');
    expect(pair?.overall.exact).toMatchObject({ reference: 2, other: 0, matched: 0, recall: { value: 0 }, f1: { value: 0 } });
    expect(reasonOf(pair?.overall.exact.precision as Figure)).toBe('no spans to check');
    expect(num(pair?.overall.cohenKappa as Figure)).toBeCloseTo(0, 12);
    expect(report.perDocument[0]?.disagreement).toBe(1);
  });

  it('no documents, or fewer than two annotators: undefined figures, with the reason', () => {
    const empty = computeAgreement([]);
    expect(empty.documents).toEqual({ total: 0, compared: 0, complete: 0 });
    expect(reasonOf(empty.overall.alpha)).toBe('fewer than two annotators to compare');
    const alone = computeAgreement([doc('d', { A: [span('Paris', 'LOC')] })]);
    expect(alone.pairs).toEqual([]);
    expect(reasonOf(alone.overall.fleissKappa)).toBe('fewer than two annotators to compare');
    expect(reasonOf(alone.perDocument[0]?.alpha as Figure)).toBe('fewer than two of the compared annotators annotated this document');
    expect(alone.overall.spans).toEqual([1]);
  });

  it('leaves a document out of the pairs whose annotators did not both annotate it', () => {
    const report = computeAgreement([doc('both', { A: [span('Paris', 'LOC')], B: [span('Paris', 'LOC')] }), doc('only A', { A: [span('Paris', 'LOC')] })]);
    expect(report.documents).toEqual({ total: 2, compared: 1, complete: 1 });
    expect(report.pairs[0]?.documents).toBe(1);
    expect(report.pairs[0]?.overall.exact).toMatchObject({ reference: 1, other: 1, matched: 1 });
    // but each annotator's span count covers every document they annotated
    expect(report.overall.spans).toEqual([2, 1]);
  });
});

describe('span F1, exact and overlap', () => {
  const A = [span('Lord Mayor of London', 'PER'), span('Marie Curie', 'PER'), span('Paris', 'LOC'), span('Monday', 'DATE')];
  const B = [span('Lord Mayor', 'PER'), span('Marie Curie', 'PER'), span('Paris', 'ORG'), span('London', 'LOC')];
  const report = computeAgreement([doc('d', { A, B })]);
  const pair = report.pairs[0];

  it('exact: same start, end and label', () => {
    expect(pair?.overall.exact).toMatchObject({ reference: 4, other: 4, matched: 1 });
    expect(num(pair?.overall.exact.f1 as Figure)).toBeCloseTo(0.25, 12);
  });

  it('overlap: same label and a shared character, one to one', () => {
    expect(pair?.overall.overlap).toMatchObject({ matched: 2 });
    const per = Object.fromEntries((pair?.perLabel ?? []).map((p) => [p.label, p.overlap.matched]));
    expect(per).toEqual({ DATE: 0, LOC: 0, ORG: 0, PER: 2 });
  });
});

describe('reference annotator', () => {
  const docs = smallCorpus(99, 6, ['Ana', 'Bert', 'Chloé']);

  it('orients the pairs and averages F1 over the reference’s pairs only', () => {
    const report = computeAgreement(docs, { reference: 'Chloé' });
    expect(report.pairs.map((p) => [p.a, p.b])).toEqual([
      ['Ana', 'Bert'],
      ['Chloé', 'Ana'],
      ['Chloé', 'Bert'],
    ]);
    const [, ca, cb] = report.pairs;
    expect(num(report.overall.f1Exact)).toBeCloseTo((num(ca?.overall.exact.f1 as Figure) + num(cb?.overall.exact.f1 as Figure)) / 2, 12);
    expect(ca?.overall.exact.recall).toEqual({ value: (ca?.overall.exact.matched ?? 0) / (ca?.overall.exact.reference ?? 1) });
  });

  it('refuses a reference that is not compared, and names listed twice', () => {
    expect(() => computeAgreement(docs, { annotators: ['Ana', 'Bert'], reference: 'Chloé' })).toThrow(AgreementInputError);
    expect(() => computeAgreement(docs, { annotators: ['Ana', 'Ana'] })).toThrow('an annotator is listed twice');
    expect(() => computeAgreement(docs, { labels: ['PER', 'PER'] })).toThrow('a label is listed twice');
  });
});

describe('the pairs of a group', () => {
  it('are what the same annotators give when compared alone (documents one of them skipped included)', () => {
    const docs = smallCorpus(17, 10, ['Ana', 'Bert', 'Chloé'], { drop: 0.1, relabel: 0.1, shift: 0.1, add: 0.1, skip: 0.25 });
    const report = computeAgreement(docs);
    for (const pair of report.pairs) {
      const alone = computeAgreement(docs, { annotators: [pair.a, pair.b] });
      expect(alone.overall.cohenKappa).toEqual(pair.overall.cohenKappa);
      expect(alone.overall.alpha.value).toBeCloseTo(num(pair.overall.alpha), 12);
      expect(alone.overall.alphaU).toEqual(pair.overall.alphaU);
      expect(alone.overall.f1Overlap).toEqual(pair.overall.overlap.f1);
      expect(alone.perLabel.map((l) => l.alphaU)).toEqual(pair.perLabel.map((l) => l.alphaU));
      expect(alone.pairs[0]?.documents).toBe(pair.documents);
    }
  });
});

describe('confusion matrix (tokens, labels without B/I, "none" last)', () => {
  it('counts which label each annotator gave each token', () => {
    const A = [span('Lord Mayor', 'PER')];
    const B = [span('Lord Mayor', 'ORG'), span('London', 'LOC')];
    const report = computeAgreement([doc('d', { A, B })], { labels: ['PER', 'ORG', 'LOC'] });
    // rows: A's label, columns: B's; 12 tokens
    expect(report.pairs[0]?.confusion).toEqual([
      [0, 2, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 1, 9],
    ]);
    // every ordered pair: symmetric
    expect(report.confusion).toEqual([
      [0, 2, 0, 0],
      [2, 0, 0, 0],
      [0, 0, 0, 1],
      [0, 0, 1, 18],
    ]);
  });
});

describe('the per-document table', () => {
  const same = [span('Paris', 'LOC'), span('Marie Curie', 'PER')];
  const report = computeAgreement([
    doc('agree', { A: same, B: same }),
    doc('differ', { A: same, B: [span('Paris', 'ORG'), span('Marie Curie', 'PER')] }),
    doc('empty', { A: [], B: [] }),
    doc('alone', { A: same }),
  ]);

  it('has one row per document, with its figures', () => {
    expect(report.perDocument.map((r) => r.id)).toEqual(['agree', 'differ', 'empty', 'alone']);
    const differ = report.perDocument[1] as DocumentRow;
    expect(differ).toMatchObject({ annotators: ['A', 'B'], tokens: 12, spans: 4, disagreement: 0.5 });
    expect(num(differ.f1Exact)).toBe(0.5);
    expect(num(differ.kappa)).toBeLessThan(1);
    expect(num((report.perDocument[0] as DocumentRow).alpha)).toBe(1);
  });

  it('sorts by disagreement, most first, undefined figures last', () => {
    expect(sortDocuments(report.perDocument).map((r) => r.id)).toEqual(['differ', 'agree', 'empty', 'alone']);
    expect(sortDocuments(report.perDocument, 'kappa', 'ascending').map((r) => r.id)).toEqual(['differ', 'agree', 'empty', 'alone']);
    expect(sortDocuments(report.perDocument, 'alpha', 'descending')[0]?.id).toBe('agree');
  });
});

describe('input', () => {
  it('takes the tokens when given, instead of the text', () => {
    const layers = { A: [span('Paris', 'LOC')], B: [span('Paris', 'LOC'), span('Monday', 'DATE')] };
    const fromText = computeAgreement([doc('d', layers)]);
    const fromTokens = computeAgreement([{ id: 'd', length: TEXT.length, tokens: tokenize(TEXT), layers }]);
    expect(fromTokens).toEqual(fromText);
  });

  it('names the document, annotator and span that cannot be read', () => {
    expect(() => computeAgreement([doc('chapter 1', { A: [{ start: 50, end: 99, label: 'LOC' }], B: [] })])).toThrow(
      'document "chapter 1", annotator "A", span 1 (50–99 LOC): outside the text (0–60)',
    );
    expect(() => computeAgreement([doc('d', { A: [{ start: 5, end: 5, label: 'LOC' }] })])).toThrow('empty or reversed');
    expect(() => computeAgreement([{ id: 'd', length: 3, layers: {} }])).toThrow('document "d": neither its text nor its tokens were given');
    expect(() => computeAgreement([{ id: 'd', length: 3, text: 'ab', layers: {} }])).toThrow('its text has 2 UTF-16 units, not 3');
  });

  it('reports progress after each document', () => {
    const calls: Array<[number, number]> = [];
    computeAgreement(smallCorpus(5, 4, ['A', 'B']), { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
  });
});
