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
