// Span matching between two annotators' layers of one document, for span F1.
import { bump } from './coefficients';

/** One annotator's spans in one document, in `spanOrder` (start, longest first, label). */
export interface SortedSpans {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly labels: Int32Array;
}

/**
 * Exact matches per label: a span matches a span of the other layer with the same start, end and
 * label, one to one (two identical spans in one layer need two in the other).
 */
export function exactMatches(a: SortedSpans, b: SortedSpans, labelCount: number): Int32Array {
  const matched = new Int32Array(labelCount);
  let i = 0;
  let j = 0;
  while (i < a.starts.length && j < b.starts.length) {
    const d =
      (a.starts[i] as number) - (b.starts[j] as number) ||
      (b.ends[j] as number) - (a.ends[i] as number) ||
      (a.labels[i] as number) - (b.labels[j] as number);
    if (d === 0) {
      bump(matched, a.labels[i] as number);
      i++;
      j++;
    } else if (d < 0) {
      i++;
    } else {
      j++;
    }
  }
  return matched;
}

/** The positions, in a layer's sorted spans, of each label's spans (so each list is sorted by start). */
export function byLabel(spans: SortedSpans, labelCount: number): Int32Array[] {
  const counts = new Int32Array(labelCount);
  for (const l of spans.labels) bump(counts, l);
  const lists = Array.from(counts, (c) => new Int32Array(c));
  counts.fill(0);
  for (let i = 0; i < spans.labels.length; i++) {
    const l = spans.labels[i] as number;
    (lists[l] as Int32Array)[counts[l] as number] = i;
    bump(counts, l);
  }
  return lists;
}

/** Span positions by end: the order in which `overlapMatches` visits them. */
export function endOrder(spans: SortedSpans): Int32Array {
  const n = spans.ends.length;
  // end · 2²¹ + position sorts natively (no comparator) and stays exact below 2⁵³
  const SHIFT = 2 ** 21;
  if (n >= SHIFT) return Int32Array.from({ length: n }, (_, i) => i).sort((x, y) => (spans.ends[x] as number) - (spans.ends[y] as number));
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (spans.ends[i] as number) * SHIFT + i;
  keys.sort();
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = (keys[i] as number) % SHIFT;
  return order;
}

/**
 * Overlap matches per label: the largest one-to-one matching of same-label spans that share at least
 * one character. Greedy by end is exact here: the span that ends first takes, among the other layer's
 * spans that overlap it, the one that ends first; any span that could still match later overlaps that
 * one's competitors as well, so no choice is lost (checked against an exhaustive search in the tests).
 * `aByEnd` and `bByEnd` come from `endOrder`.
 */
export function overlapMatches(a: SortedSpans, aByEnd: Int32Array, b: SortedSpans, bByEnd: Int32Array, labelCount: number): Int32Array {
  const matched = new Int32Array(labelCount);
  const na = a.starts.length;
  const nb = b.starts.length;
  if (na === 0 || nb === 0) return matched;
  const doneA = new Uint8Array(na); // matched, or reached its end unmatched
  const doneB = new Uint8Array(nb);
  // per label, the spans that have started and not ended: candidates for whatever ends next
  const poolA: number[][] = Array.from({ length: labelCount }, () => []);
  const poolB: number[][] = Array.from({ length: labelCount }, () => []);
  let nextA = 0; // both layers are sorted by start
  let nextB = 0;
  let i = 0;
  let j = 0;
  while (i < na || j < nb) {
    const fromA = j >= nb || (i < na && (a.ends[aByEnd[i] as number] as number) <= (b.ends[bByEnd[j] as number] as number));
    const x = fromA ? (aByEnd[i++] as number) : (bByEnd[j++] as number);
    const done = fromA ? doneA : doneB;
    if (done[x]) continue;
    done[x] = 1;
    const e = (fromA ? a.ends[x] : b.ends[x]) as number;
    while (nextA < na && (a.starts[nextA] as number) < e) (poolA[a.labels[nextA] as number] as number[]).push(nextA++);
    while (nextB < nb && (b.starts[nextB] as number) < e) (poolB[b.labels[nextB] as number] as number[]).push(nextB++);
    // every span left in the other pool started before e and has not ended before it: it overlaps x
    const label = (fromA ? a.labels[x] : b.labels[x]) as number;
    const pool = (fromA ? poolB : poolA)[label] as number[];
    const other = fromA ? b : a;
    const otherDone = fromA ? doneB : doneA;
    let best = -1;
    let w = 0;
    for (const y of pool) {
      if (otherDone[y]) continue;
      pool[w++] = y;
      if (best < 0 || (other.ends[y] as number) < (other.ends[best] as number)) best = y;
    }
    pool.length = w;
    if (best >= 0) {
      otherDone[best] = 1;
      bump(matched, label);
    }
  }
  return matched;
}
