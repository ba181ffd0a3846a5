// Looking up things by their extent [start, end) without building a key per item: a book has 20,000
// spans, and string or large-number keys cost more to make than the lookups they serve.

export interface Extent {
  start: number;
  end: number;
}

/** Items sorted by (start, end); find() returns every item with exactly that extent. */
export class ExtentIndex<T extends Extent> {
  readonly #items: T[];
  readonly #starts: Int32Array;
  readonly #ends: Int32Array;

  constructor(items: Iterable<T>) {
    this.#items = [...items].sort((a, b) => a.start - b.start || a.end - b.end);
    const n = this.#items.length;
    this.#starts = new Int32Array(n);
    this.#ends = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const item = this.#items[i] as T;
      this.#starts[i] = item.start;
      this.#ends[i] = item.end;
    }
  }

  /** The items sorted by start, then end. */
  get sorted(): readonly T[] {
    return this.#items;
  }

  /** Index of the first item at exactly [start, end), or -1; the others at that extent follow it (see isAt). */
  indexOf(start: number, end: number): number {
    let lo = 0;
    let hi = this.#starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const s = this.#starts[mid] as number;
      if (s < start || (s === start && (this.#ends[mid] as number) < end)) lo = mid + 1;
      else hi = mid;
    }
    return this.isAt(lo, start, end) ? lo : -1;
  }

  isAt(i: number, start: number, end: number): boolean {
    return i < this.#starts.length && this.#starts[i] === start && this.#ends[i] === end;
  }

  item(i: number): T {
    return this.#items[i] as T;
  }

  has(start: number, end: number): boolean {
    return this.indexOf(start, end) >= 0;
  }
}

/**
 * The order of n extents by (start, end), equal ones by index: what sorting 0..n-1 with that
 * comparison gives. Lists made by appending a few recommenders' output (each in text order) are a
 * few sorted runs: those are merged in passes, without a comparison callback; a list of many runs
 * is sorted.
 */
export function extentOrder(starts: Int32Array, ends: Int32Array, n: number): Uint32Array {
  /** where each run begins, and n at the end */
  const bounds: number[] = [0];
  for (let i = 1; i < n; i++) {
    const d = (starts[i] as number) - (starts[i - 1] as number);
    if (d < 0 || (d === 0 && (ends[i] as number) < (ends[i - 1] as number))) {
      bounds.push(i);
      if (bounds.length > MAX_RUNS) break;
    }
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (bounds.length > MAX_RUNS) return order.sort((a, b) => (starts[a] as number) - (starts[b] as number) || (ends[a] as number) - (ends[b] as number) || a - b);
  bounds.push(n);
  let spare = new Uint32Array(n);
  let runs = bounds;
  // merge neighbouring runs two by two until one is left; on a tie the left run's item (the lower index) goes first
  while (runs.length > 2) {
    const next: number[] = [0];
    for (let r = 0; r + 1 < runs.length; r += 2) {
      const lo = runs[r] as number;
      const mid = runs[r + 1] as number;
      const hi = r + 2 < runs.length ? (runs[r + 2] as number) : mid;
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        const a = order[i] as number;
        const b = order[j] as number;
        const d = (starts[b] as number) - (starts[a] as number) || (ends[b] as number) - (ends[a] as number);
        if (d < 0) {
          spare[k++] = b;
          j++;
        } else {
          spare[k++] = a;
          i++;
        }
      }
      while (i < mid) spare[k++] = order[i++] as number;
      while (j < hi) spare[k++] = order[j++] as number;
      next.push(hi);
    }
    [order, spare] = [spare, order];
    runs = next;
  }
  return order;
}

/** Past this many sorted runs, extentOrder sorts instead of merging. */
const MAX_RUNS = 16;
