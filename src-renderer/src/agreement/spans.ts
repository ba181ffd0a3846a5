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

/**
 * Overlap matches of one label: the largest one-to-one matching of spans that share at least one
 * character. Greedy by end is exact here: the span that ends first takes, among the other layer's
 * spans that overlap it, the one that ends first; any span that could still match later overlaps
 * that one's competitors as well, so no choice is lost (checked against an exhaustive search in the
 * tests). `ia` and `ib` are the label's span positions in `a` and `b`, sorted by start.
 */
export function overlapMatches(a: SortedSpans, ia: Int32Array, b: SortedSpans, ib: Int32Array): number {
  const na = ia.length;
  const nb = ib.length;
  if (na === 0 || nb === 0) return 0;
  // intervals 0..na-1 are a's, na..na+nb-1 are b's
  const n = na + nb;
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  for (let k = 0; k < na; k++) {
    start[k] = a.starts[ia[k] as number] as number;
    end[k] = a.ends[ia[k] as number] as number;
  }
  for (let k = 0; k < nb; k++) {
    start[na + k] = b.starts[ib[k] as number] as number;
    end[na + k] = b.ends[ib[k] as number] as number;
  }
  const byEnd = new Int32Array(n);
  for (let k = 0; k < n; k++) byEnd[k] = k;
  byEnd.sort((x, y) => (end[x] as number) - (end[y] as number));
  const done = new Uint8Array(n); // matched, or reached its end unmatched
  const poolA: number[] = [];
  const poolB: number[] = [];
  let nextA = 0; // a's intervals are sorted by start, and so are b's
  let nextB = na;
  let matched = 0;
  for (const x of byEnd) {
    if (done[x]) continue;
    done[x] = 1;
    const e = end[x] as number;
    while (nextA < na && (start[nextA] as number) < e) poolA.push(nextA++);
    while (nextB < n && (start[nextB] as number) < e) poolB.push(nextB++);
    // every interval left in the other pool started before e and has not ended before it: it overlaps x
    const pool = x < na ? poolB : poolA;
    let best = -1;
    let w = 0;
    for (const y of pool) {
      if (done[y]) continue;
      pool[w++] = y;
      if (best < 0 || (end[y] as number) < (end[best] as number)) best = y;
    }
    pool.length = w;
    if (best >= 0) {
      done[best] = 1;
      matched++;
    }
  }
  return matched;
}
