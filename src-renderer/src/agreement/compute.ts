// The agreement report: every document is tokenised and tagged once, each pair of annotators is swept
// once per document, and every coefficient (per label, per pair, per document, overall) is read from
// the counts that sweep leaves. No DOM, no database: it runs in a Web Worker or in Node.
import { addMatrix, bump, cohenKappa, collapse, fleissKappa, krippendorffAlpha, none, NO_VARIATION, value } from './coefficients';
import { byLabel, endOrder, exactMatches, overlapMatches, type SortedSpans } from './spans';
import { spanOrder, tagOf, tagTokens, tokenize } from './tokens';
import type { PackedDocument } from './transfer';
import type { AgreementDocument, AgreementOptions, AgreementSpan, AgreementReport, DocumentRow, Figure, GroupFigures, PairFigures, PairReport, SpanMatch, TokenRanges } from './types';
import { expectedDisagreement, gapLengths, mergeUnits, observedDisagreement, observedSum, sortedLengths, unitLengths } from './unitizing';

/** Input the engine cannot read: which document, which annotator, which span, and what is wrong. */
export class AgreementInputError extends Error {
  override name = 'AgreementInputError';
}

const FEWER_THAN_TWO = 'fewer than two annotators to compare';
const NOT_TWO = "Cohen's κ compares two annotators: see the pairs, or Fleiss' κ for all of them";

type Units = { starts: number[]; ends: number[] };

interface Layer extends SortedSpans {
  readonly tags: Int32Array;
  /** span positions by end */
  readonly byEnd: Int32Array;
  /** spans per label */
  readonly counts: Int32Array;
  /** uα units per label */
  readonly units: Units[];
}

/** Sorted unit or gap lengths, by annotator, label and the documents they come from. */
type SortedCache = Map<string, Float64Array>;

/** Units and gaps of the documents annotated by the same set of annotators (a "signature"). */
interface Signature {
  readonly present: ReadonlySet<number>;
  length: number;
  /** [annotator][label]: lengths, one list per document */
  readonly units: Float64Array[][][];
  readonly gaps: Float64Array[][][];
  /** [pair][label]: Σ δ² */
  readonly observed: Float64Array[];
}

export function computeAgreement(documents: readonly AgreementDocument[], options: AgreementOptions = {}): AgreementReport {
  const annotators = options.annotators ? [...options.annotators] : [...new Set(documents.flatMap((d) => Object.keys(d.layers)))].sort();
  const labels = listedLabels(options);
  const seen = new Set(labels);
  const extra = new Set<string>();
  for (const d of documents) for (const a of annotators) for (const s of d.layers[a] ?? []) if (!seen.has(s.label)) extra.add(s.label);
  labels.push(...[...extra].sort());
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const sources = documents.map((doc): RawDocument => {
    const layers: Record<string, RawLayer> = {};
    for (const a of annotators) {
      const spans = doc.layers[a];
      if (spans === undefined) continue;
      const n = spans.length;
      const raw = { starts: new Int32Array(n), ends: new Int32Array(n), labels: new Int32Array(n) };
      for (let i = 0; i < n; i++) {
        const s = spans[i] as AgreementSpan;
        if (!Number.isInteger(s.start) || !Number.isInteger(s.end)) throw badSpan(doc, a, i, s.start, s.end, s.label, 'offsets must be whole numbers');
        raw.starts[i] = s.start;
        raw.ends[i] = s.end;
        raw.labels[i] = labelIndex.get(s.label) as number;
      }
      layers[a] = raw;
    }
    return { ...doc, layers };
  });
  return computeRaw(sources, annotators, labels, options);
}

/**
 * The same report from documents packed for the worker (./transfer.ts), read straight from their
 * Int32Arrays, without a span object per span. `names` are the labels the packed indexes refer to.
 */
export function computePackedAgreement(documents: readonly PackedDocument[], names: readonly string[], options: AgreementOptions = {}): AgreementReport {
  const annotators = options.annotators ? [...options.annotators] : [...new Set(documents.flatMap((d) => Object.keys(d.layers)))].sort();
  const labels = listedLabels(options);
  const seen = new Set(labels);
  // the packed names met in the compared layers, as computeAgreement would meet them
  const used = new Uint8Array(names.length);
  for (const d of documents) {
    for (const a of annotators) {
      const packed = d.layers[a];
      if (packed === undefined) continue;
      if (packed.length % 3 !== 0) throw new AgreementInputError(`document "${d.id}", annotator "${a}": ${packed.length} numbers are not spans of three (start, end, label)`);
      for (let i = 2; i < packed.length; i += 3) {
        const k = packed[i] as number;
        if (k < 0 || k >= names.length) throw new AgreementInputError(`document "${d.id}", annotator "${a}", span ${(i + 1) / 3}: label ${k} is not among the ${names.length} names sent`);
        used[k] = 1;
      }
    }
  }
  labels.push(...names.filter((n, k) => used[k] === 1 && !seen.has(n)).sort());
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const remap = Int32Array.from(names, (n) => labelIndex.get(n) ?? -1);
  const sources = documents.map((doc): RawDocument => {
    const layers: Record<string, RawLayer> = {};
    for (const a of annotators) {
      const packed = doc.layers[a];
      if (packed === undefined) continue;
      const n = packed.length / 3;
      const raw = { starts: new Int32Array(n), ends: new Int32Array(n), labels: new Int32Array(n) };
      for (let i = 0; i < n; i++) {
        raw.starts[i] = packed[3 * i] as number;
        raw.ends[i] = packed[3 * i + 1] as number;
        raw.labels[i] = remap[packed[3 * i + 2] as number] as number;
      }
      layers[a] = raw;
    }
    return { ...doc, layers };
  });
  return computeRaw(sources, annotators, labels, options);
}

/** One annotator's spans in one document as given: offsets, and label indexes into the report's labels. */
interface RawLayer {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly labels: Int32Array;
}

interface RawDocument extends Omit<AgreementDocument, 'layers'> {
  readonly layers: Readonly<Record<string, RawLayer>>;
}

function listedLabels(options: AgreementOptions): string[] {
  const labels = [...(options.labels ?? [])];
  if (new Set(labels).size !== labels.length) throw new AgreementInputError('a label is listed twice');
  return labels;
}

function computeRaw(documents: readonly RawDocument[], annotators: readonly string[], labels: readonly string[], options: AgreementOptions): AgreementReport {
  const m = annotators.length;
  const reference = options.reference ?? null;
  if (reference !== null && !annotators.includes(reference)) throw new AgreementInputError(`the reference annotator "${reference}" is not among the compared annotators`);
  if (new Set(annotators).size !== m) throw new AgreementInputError('an annotator is listed twice');
  const K = labels.length;
  const T = 2 * K + 1;

  // pairs, the reference first in its pairs, otherwise in annotator order
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const r = reference === null ? -1 : annotators.indexOf(reference);
      pairs.push(j === r ? [j, i] : [i, j]);
    }
  }
  const P = pairs.length;
  const pairIndex = new Map(pairs.map(([a, b], p) => [a * m + b, p]));
  const pairOf = (a: number, b: number) => pairIndex.get(a * m + b) ?? (pairIndex.get(b * m + a) as number);

  // per pair, over the documents both annotated
  const contingency = pairs.map(() => new Float64Array(T * T));
  const pairDocs = new Int32Array(P);
  const pairTokens = new Float64Array(P);
  const spansA = pairs.map(() => new Float64Array(K));
  const spansB = pairs.map(() => new Float64Array(K));
  const exact = pairs.map(() => new Float64Array(K));
  const overlap = pairs.map(() => new Float64Array(K));
  // over all annotators
  const coincidences = new Float64Array(T * T);
  const fleissPairs = new Float64Array(T * T);
  const spanCounts = annotators.map(() => new Float64Array(K));
  const signatures = new Map<string, Signature>();
  let compared = 0;
  let complete = 0;
  let tokenTotal = 0;
  const rows: DocumentRow[] = [];

  for (const [d, doc] of documents.entries()) {
    const present: number[] = [];
    for (let a = 0; a < m; a++) if (doc.layers[annotators[a] as string] !== undefined) present.push(a);
    const tokens = tokensOf(doc);
    const layers = new Map<number, Layer>();
    for (const a of present) {
      const layer = readLayer(doc, annotators[a] as string, labels, tokens);
      layers.set(a, layer);
      for (const l of layer.labels) bump(spanCounts[a] as Float64Array, l);
    }
    const spanTotal = [...layers.values()].reduce((n, l) => n + l.starts.length, 0);
    if (present.length < 2) {
      const reason = 'fewer than two of the compared annotators annotated this document';
      rows.push({ id: doc.id, annotators: present.map((a) => annotators[a] as string), tokens: tokens.starts.length, spans: spanTotal, f1Exact: none(reason), f1Overlap: none(reason), kappa: none(reason), alpha: none(reason), alphaU: none(reason), disagreement: 0 });
      options.onProgress?.(d + 1, documents.length);
      continue;
    }
    compared++;
    const isComplete = present.length === m;
    if (isComplete) complete++;
    const nTokens = tokens.starts.length;
    tokenTotal += nTokens;

    // uα: each annotator's units and gaps per label, into the document's and its signature's lengths
    const signature = signatureOf(signatures, present, m, K, P);
    signature.length += doc.length;
    // [label][annotator]: sorted lengths
    const docUnits = labels.map((): Float64Array[] => []);
    const docGaps = labels.map((): Float64Array[] => []);
    let docHasUnits = false;
    for (const a of present) {
      const layer = layers.get(a) as Layer;
      for (let l = 0; l < K; l++) {
        const units = layer.units[l] as Units;
        const lengths = unitLengths(units);
        const gaps = gapLengths(units, doc.length);
        ((signature.units[a] as Float64Array[][])[l] as Float64Array[]).push(lengths);
        ((signature.gaps[a] as Float64Array[][])[l] as Float64Array[]).push(gaps);
        (docUnits[l] as Float64Array[]).push(lengths);
        (docGaps[l] as Float64Array[]).push(gaps);
        if (lengths.length) docHasUnits = true;
      }
    }

    // this document's pairs
    const docPairs = new Float64Array(T * T); // ordered pairs of values within tokens, both orders
    const docObserved = new Float64Array(K);
    let docF1Pairs = 0;
    let docF1Exact = 0;
    let docF1Overlap = 0;
    const docTable = new Int32Array(T * T);
    for (let x = 0; x < present.length; x++) {
      for (let y = x + 1; y < present.length; y++) {
        const p = pairOf(present[x] as number, present[y] as number);
        const [ia, ib] = pairs[p] as [number, number];
        const la = layers.get(ia) as Layer;
        const lb = layers.get(ib) as Layer;
        countTags(la.tags, lb.tags, T, docTable);
        addMatrix(contingency[p] as Float64Array, docTable, T);
        addMatrix(docPairs, docTable, T, true);
        bump(pairDocs, p);
        bump(pairTokens, p, nTokens);

        const ex = exactMatches(la, lb, K);
        const ov = overlapMatches(la, la.byEnd, lb, lb.byEnd, K);
        let pairExact = 0;
        let pairOverlap = 0;
        for (let l = 0; l < K; l++) {
          bump(spansA[p] as Float64Array, l, la.counts[l] as number);
          bump(spansB[p] as Float64Array, l, lb.counts[l] as number);
          bump(exact[p] as Float64Array, l, ex[l] as number);
          bump(overlap[p] as Float64Array, l, ov[l] as number);
          pairExact += ex[l] as number;
          pairOverlap += ov[l] as number;
          const sum = observedSum(la.units[l] as Units, lb.units[l] as Units, doc.length);
          bump(signature.observed[p] as Float64Array, l, sum);
          bump(docObserved, l, sum);
        }
        const both = la.starts.length + lb.starts.length;
        if (both > 0) {
          docF1Pairs++;
          docF1Exact += (2 * pairExact) / both;
          docF1Overlap += (2 * pairOverlap) / both;
        }
      }
    }
    addMatrix(coincidences, docPairs, T, false, 1 / (present.length - 1));
    if (isComplete) addMatrix(fleissPairs, docPairs, T);

    // the document's row
    const noSpans = 'no spans in this document';
    const f1Exact = docF1Pairs ? value(docF1Exact / docF1Pairs) : none(noSpans);
    const docExpected = docUnits.reduce((e, units, l) => e + expectedDisagreement(units, docGaps[l] as Float64Array[], doc.length), 0);
    rows.push({
      id: doc.id,
      annotators: present.map((a) => annotators[a] as string),
      tokens: nTokens,
      spans: spanTotal,
      f1Exact,
      f1Overlap: docF1Pairs ? value(docF1Overlap / docF1Pairs) : none(noSpans),
      kappa: present.length === 2 ? cohenKappa(docTable, T) : fleissKappa(docPairs, T),
      alpha: krippendorffAlpha(scaled(docPairs, 1 / (present.length - 1)), T),
      alphaU: docHasUnits ? alphaU(sum(docObserved), docExpected, present.length, doc.length) : none(noSpans),
      disagreement: f1Exact.value === null ? 0 : 1 - f1Exact.value,
    });
    options.onProgress?.(d + 1, documents.length);
  }

  // ---- figures
  const labelMaps = labels.map((_, l) => {
    const map = new Int32Array(T);
    map[tagOf.begin(l)] = 1;
    map[tagOf.inside(l)] = 2;
    return map;
  });
  const confusionMap = new Int32Array(T);
  for (let t = 0; t < T; t++) confusionMap[t] = t === 0 ? K : tagOf.label(t);

  const sortedCache: SortedCache = new Map();
  const pairReports: PairReport[] = pairs.map(([ia, ib], p) => {
    const members = [ia, ib];
    const unitizing = unitizingFigures(signatures, members, [p], K, sortedCache);
    const table = contingency[p] as Float64Array;
    const figures = (label: number | null): PairFigures => {
      const sum = (xs: Float64Array) => (label === null ? xs.reduce((s, x) => s + x, 0) : (xs[label] as number));
      const sa = sum(spansA[p] as Float64Array);
      const sb = sum(spansB[p] as Float64Array);
      const t = label === null ? table : collapse(table, T, labelMaps[label] as Int32Array, 3);
      const v = label === null ? T : 3;
      return {
        label: label === null ? null : (labels[label] as string),
        exact: spanMatch(sa, sb, sum(exact[p] as Float64Array)),
        overlap: spanMatch(sa, sb, sum(overlap[p] as Float64Array)),
        cohenKappa: cohenKappa(t, v),
        alpha: krippendorffAlpha(symmetric(t, v), v),
        alphaU: label === null ? unitizing.overall : (unitizing.perLabel[label] as Figure),
      };
    };
    return {
      a: annotators[ia] as string,
      b: annotators[ib] as string,
      documents: pairDocs[p] as number,
      tokens: pairTokens[p] as number,
      overall: figures(null),
      perLabel: labels.map((_, l) => figures(l)),
      confusion: rowsOf(collapse(table, T, confusionMap, K + 1), K + 1),
    };
  });

  const everyone = annotators.map((_, a) => a);
  const groupUnitizing = unitizingFigures(signatures, everyone, pairs.map((_, p) => p), K, sortedCache);
  const f1Pairs = pairs.map((_, p) => p).filter((p) => reference === null || annotators[(pairs[p] as [number, number])[0]] === reference);
  const group = (label: number | null): GroupFigures => {
    const mean = (pick: (f: PairFigures) => SpanMatch): Figure => {
      const values: number[] = [];
      let reason = 'no spans';
      for (const p of f1Pairs) {
        const pr = pairReports[p] as PairReport;
        const f = pick(label === null ? pr.overall : (pr.perLabel[label] as PairFigures)).f1;
        if (f.value === null) reason = f.reason;
        else values.push(f.value);
      }
      return m < 2 ? none(FEWER_THAN_TWO) : values.length ? value(values.reduce((s, x) => s + x, 0) / values.length) : none(reason);
    };
    const v = label === null ? T : 3;
    const c = label === null ? coincidences : collapse(coincidences, T, labelMaps[label] as Int32Array, 3);
    const f = label === null ? fleissPairs : collapse(fleissPairs, T, labelMaps[label] as Int32Array, 3);
    const pair0 = pairReports[0];
    return {
      label: label === null ? null : (labels[label] as string),
      spans: spanCounts.map((c) => (label === null ? c.reduce((s, x) => s + x, 0) : (c[label] as number))),
      f1Exact: mean((x) => x.exact),
      f1Overlap: mean((x) => x.overlap),
      cohenKappa: m < 2 ? none(FEWER_THAN_TWO) : m === 2 && pair0 ? (label === null ? pair0.overall : (pair0.perLabel[label] as PairFigures)).cohenKappa : none(NOT_TWO),
      fleissKappa: m < 2 ? none(FEWER_THAN_TWO) : fleissKappa(f, v),
      alpha: m < 2 ? none(FEWER_THAN_TWO) : krippendorffAlpha(c, v),
      alphaU: m < 2 ? none(FEWER_THAN_TWO) : label === null ? groupUnitizing.overall : (groupUnitizing.perLabel[label] as Figure),
    };
  };

  const confusion = new Float64Array((K + 1) * (K + 1));
  for (const table of contingency) addMatrix(confusion, collapse(table, T, confusionMap, K + 1), K + 1, true);

  return {
    annotators: [...annotators],
    labels: [...labels],
    reference,
    documents: { total: documents.length, compared, complete },
    tokens: tokenTotal,
    overall: group(null),
    perLabel: labels.map((_, l) => group(l)),
    pairs: pairReports,
    confusion: rowsOf(confusion, K + 1),
    perDocument: rows,
  };
}

/** Documents sorted for a curator: most disagreement first (or by another column), undefined figures last. */
export function sortDocuments(rows: readonly DocumentRow[], key: 'disagreement' | 'f1Exact' | 'f1Overlap' | 'kappa' | 'alpha' | 'alphaU' = 'disagreement', direction: 'ascending' | 'descending' = 'descending'): DocumentRow[] {
  const read = (r: DocumentRow): number | null => (key === 'disagreement' ? r.disagreement : r[key].value);
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((x, y) => {
    const a = read(x);
    const b = read(y);
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    return sign * (a - b);
  });
}

/** table[a · T + b] = how many tokens `ta` tags a and `tb` tags b. */
function countTags(ta: Int32Array, tb: Int32Array, T: number, table: Int32Array): void {
  table.fill(0);
  for (let t = 0; t < ta.length; t++) {
    const cell = (ta[t] as number) * T + (tb[t] as number);
    table[cell] = (table[cell] as number) + 1;
  }
}

function tokensOf(doc: RawDocument): TokenRanges {
  if (doc.tokens) {
    if (doc.tokens.starts.length !== doc.tokens.ends.length) throw new AgreementInputError(`document "${doc.id}": its token starts and ends differ in number`);
    return doc.tokens;
  }
  if (typeof doc.text !== 'string') throw new AgreementInputError(`document "${doc.id}": neither its text nor its tokens were given`);
  if (doc.text.length !== doc.length) throw new AgreementInputError(`document "${doc.id}": its text has ${doc.text.length} UTF-16 units, not ${doc.length}`);
  return tokenize(doc.text);
}

/** A layer checked and put in `spanOrder` (left as it is when it already is: the screen reads spans by start). */
function readLayer(doc: RawDocument, annotator: string, names: readonly string[], tokens: TokenRanges): Layer {
  const raw = doc.layers[annotator] as RawLayer;
  const n = raw.starts.length;
  const { starts, ends, labels } = raw;
  let ordered = true;
  for (let i = 0; i < n; i++) {
    const s = starts[i] as number;
    const e = ends[i] as number;
    if (s < 0 || e > doc.length || e <= s) throw badSpan(doc, annotator, i, s, e, names[labels[i] as number] ?? '', e <= s ? 'empty or reversed' : `outside the text (0–${doc.length})`);
    if (ordered && i > 0) {
      const d = (starts[i - 1] as number) - s || e - (ends[i - 1] as number) || (labels[i - 1] as number) - (labels[i] as number);
      if (d > 0) ordered = false;
    }
  }
  let sorted: SortedSpans = raw;
  if (!ordered) {
    const order = spanOrder(starts, ends, labels);
    const out = { starts: new Int32Array(n), ends: new Int32Array(n), labels: new Int32Array(n) };
    for (let k = 0; k < n; k++) {
      const i = order[k] as number;
      out.starts[k] = starts[i] as number;
      out.ends[k] = ends[i] as number;
      out.labels[k] = labels[i] as number;
    }
    sorted = out;
  }
  const identity = new Int32Array(n);
  for (let k = 0; k < n; k++) identity[k] = k;
  const perLabel = byLabel(sorted, names.length);
  return {
    ...sorted,
    tags: tagTokens(tokens, sorted.starts, sorted.ends, sorted.labels, identity),
    byEnd: endOrder(sorted),
    counts: Int32Array.from(perLabel, (positions) => positions.length),
    units: perLabel.map((positions) => mergeUnits(sorted.starts, sorted.ends, positions)),
  };
}

function badSpan(doc: { id: string; length: number }, annotator: string, i: number, start: number, end: number, label: string, what: string): AgreementInputError {
  return new AgreementInputError(`document "${doc.id}", annotator "${annotator}", span ${i + 1} (${start}–${end} ${label}): ${what}`);
}

function signatureOf(signatures: Map<string, Signature>, present: readonly number[], m: number, K: number, P: number): Signature {
  const key = present.join(',');
  let s = signatures.get(key);
  if (!s) {
    const perLabel = () => Array.from({ length: K }, (): Float64Array[] => []);
    s = {
      present: new Set(present),
      length: 0,
      units: Array.from({ length: m }, perLabel),
      gaps: Array.from({ length: m }, perLabel),
      observed: Array.from({ length: P }, () => new Float64Array(K)),
    };
    signatures.set(key, s);
  }
  return s;
}

/** uα per label and overall for a set of annotators, on the documents every one of them annotated. */
function unitizingFigures(signatures: ReadonlyMap<string, Signature>, members: readonly number[], memberPairs: readonly number[], K: number, sorted: SortedCache): { overall: Figure; perLabel: Figure[] } {
  const used = [...signatures.entries()].filter(([, s]) => members.every((a) => s.present.has(a)));
  const length = used.reduce((n, [, s]) => n + s.length, 0);
  if (length === 0) {
    const reason = members.length === 2 ? 'no document annotated by both' : 'no document annotated by every one of them';
    return { overall: none(reason), perLabel: Array.from({ length: K }, () => none(reason)) };
  }
  const usedKey = used.map(([key]) => key).join(';');
  // each annotator's lengths over those documents, sorted once for every set of annotators that uses them
  const lengthsOf = (kind: 'units' | 'gaps', a: number, l: number): Float64Array => {
    const key = `${kind} ${a} ${l} ${usedKey}`;
    let out = sorted.get(key);
    if (!out) sorted.set(key, (out = sortedLengths(used.flatMap(([, s]) => (s[kind][a] as Float64Array[][])[l] as Float64Array[]))));
    return out;
  };
  let observedAll = 0;
  let expectedAll = 0;
  let anyUnits = false;
  const perLabel: Figure[] = [];
  for (let l = 0; l < K; l++) {
    const units = members.map((a) => lengthsOf('units', a, l));
    if (units.every((u) => u.length === 0)) {
      perLabel.push(none('no spans of this label'));
      continue;
    }
    anyUnits = true;
    let observed = 0;
    for (const [, s] of used) for (const p of memberPairs) observed += (s.observed[p] as Float64Array)[l] as number;
    const expected = expectedDisagreement(
      units,
      members.map((a) => lengthsOf('gaps', a, l)),
      length,
    );
    observedAll += observed;
    expectedAll += expected;
    perLabel.push(alphaU(observed, expected, members.length, length));
  }
  return { overall: anyUnits ? alphaU(observedAll, expectedAll, members.length, length) : none('no spans'), perLabel };
}

/** uα = 1 − Dₒ / Dₑ, Dₒ from the pairs' Σ δ² (summed over labels for the overall figure, as is Dₑ). */
function alphaU(observedSumOfPairs: number, expected: number, coders: number, length: number): Figure {
  if (expected <= 0) return none(NO_VARIATION);
  return value(1 - observedDisagreement(observedSumOfPairs, coders, length) / expected);
}

function spanMatch(reference: number, other: number, matched: number): SpanMatch {
  const both = reference + other;
  return {
    reference,
    other,
    matched,
    precision: other ? value(matched / other) : none('no spans to check'),
    recall: reference ? value(matched / reference) : none('no spans in the reference'),
    f1: both ? value((2 * matched) / both) : none('neither annotator marked a span'),
  };
}

function symmetric(table: Float64Array, v: number): Float64Array {
  const out = new Float64Array(v * v);
  addMatrix(out, table, v, true);
  return out;
}

function scaled(matrix: Float64Array, factor: number): Float64Array {
  return matrix.map((x) => x * factor);
}

function sum(xs: Float64Array): number {
  return xs.reduce((s, x) => s + x, 0);
}

function rowsOf(matrix: Float64Array, v: number): number[][] {
  return Array.from({ length: v }, (_, i) => Array.from(matrix.subarray(i * v, i * v + v)));
}
