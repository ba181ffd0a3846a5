// A document's spans kept in reading order as they change: an edit inserts or removes one span by
// binary search instead of sorting them all again, and the spans on a stretch of text are found
// without looking at the others.

/** What the order needs of a span. */
export interface Ranged {
  id: string;
  start: number;
  end: number;
}

/** Reading order: by start, the longest first, then by id (a total order: a span is found by binary search). */
export function compareSpans(a: Ranged, b: Ranged): number {
  return a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The first index of a sorted array where `after` holds (it holds from there to the end), or its length. */
export function firstWhere<T>(list: readonly T[], after: (x: T) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (after(list[mid] as T)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index bits packed under the start in a sort key: starts and counts up to 2^26 keep the key exact. */
const INDEX_BITS = 2 ** 26;

/**
 * Sorts spans into reading order. Spans come from the database in id order (random); a comparator
 * sort of 100,000 of them takes a frame's worth many times over, so the starts are sorted first as
 * plain numbers (a typed array sorts natively), and the comparator only settles equal starts.
 */
export function sortSpans<S extends Ranged>(spans: readonly S[]): S[] {
  const n = spans.length;
  let fits = n < INDEX_BITS;
  for (let i = 0; i < n && fits; i++) fits = (spans[i] as S).start < INDEX_BITS;
  if (!fits) return [...spans].sort(compareSpans);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (spans[i] as S).start * INDEX_BITS + i;
  keys.sort();
  const out = new Array<S>(n);
  for (let i = 0; i < n; i++) out[i] = spans[(keys[i] as number) % INDEX_BITS] as S;
  // sorted by start already: the sort below only reorders runs of equal starts (nearly linear)
  return out.sort(compareSpans);
}

/**
 * Spans longer than this are also kept apart: a search for the spans over an offset looks back this
 * far in the order, plus through the long ones, so one chapter-long span does not make every search
 * read the whole document.
 */
const LONG = 2000;

export class SpanOrder<S extends Ranged> {
  private readonly list: S[];
  private readonly long = new Set<S>();

  constructor(spans: readonly S[]) {
    this.list = sortSpans(spans);
    for (const s of this.list) if (s.end - s.start > LONG) this.long.add(s);
  }

  get size(): number {
    return this.list.length;
  }

  /** every span, in reading order (do not change the array) */
  all(): readonly S[] {
    return this.list;
  }

  at(i: number): S | undefined {
    return this.list[i];
  }

  insert(s: S): void {
    this.list.splice(this.lowerBound(s), 0, s);
    if (s.end - s.start > LONG) this.long.add(s);
  }

  /** Removes the span with this one's id, start and end; false when there is none. */
  remove(s: Ranged): boolean {
    const i = this.indexOf(s);
    if (i < 0) return false;
    this.long.delete(this.list[i] as S);
    this.list.splice(i, 1);
    return true;
  }

  /** Where the span is in reading order, or -1. */
  indexOf(s: Ranged): number {
    const i = this.lowerBound(s);
    return this.list[i]?.id === s.id ? i : -1;
  }

  /** The index of the first span at or after `s` in reading order. */
  lowerBound(s: Ranged): number {
    return firstWhere(this.list, (x) => compareSpans(x, s) >= 0);
  }

  /** The index of the first span starting at or after `offset`. */
  firstFrom(offset: number): number {
    return firstWhere(this.list, (x) => x.start >= offset);
  }

  /** Spans that overlap [from, to), in reading order; with from === to, the spans covering that offset. */
  overlapping(from: number, to: number): S[] {
    const near = from - LONG;
    const out: S[] = [];
    for (const s of this.long) if (s.start < near && s.end > from) out.push(s);
    if (out.length > 1) out.sort(compareSpans);
    const end = this.firstFrom(Math.max(to, from + 1));
    for (let i = this.firstFrom(near); i < end; i++) {
      const s = this.list[i] as S;
      if (s.end > from) out.push(s);
    }
    return out;
  }
}
