// A map from a pair of small non-negative integers to an integer, in typed arrays: the learned
// strings' walk over a book asks "where does this state go on this spelling?" some 350,000 times,
// and a Map keyed by strings (or by numbers past 2^31) costs more to ask than the question is worth.

/** What get() answers for a pair never set. */
export const MISSING = -0x80000000;

export class PairTable {
  /** per slot: the pair (first + 1 and second; 0 in firstPlus1 for a free slot) and its value */
  #firsts: Int32Array;
  #seconds: Int32Array;
  #values: Int32Array;
  #size = 0;

  constructor(capacity = 1024) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.#firsts = new Int32Array(slots);
    this.#seconds = new Int32Array(slots);
    this.#values = new Int32Array(slots);
  }

  /** How many pairs are set. */
  get size(): number {
    return this.#size;
  }

  /** The value set for (a, b), or MISSING. a and b are integers in [0, 2^31 - 1). */
  get(a: number, b: number): number {
    const firsts = this.#firsts;
    const mask = firsts.length - 1;
    const f = a + 1;
    for (let slot = hash(a, b) & mask; ; slot = (slot + 1) & mask) {
      const at = firsts[slot] as number;
      if (at === 0) return MISSING;
      if (at === f && this.#seconds[slot] === b) return this.#values[slot] as number;
    }
  }

  /** Sets (a, b) to `value` (an int32 other than MISSING), replacing what it was. */
  set(a: number, b: number, value: number): void {
    if (value === MISSING || value !== (value | 0)) throw new RangeError(`PairTable: ${value} is not a value it can hold`);
    if (!(a >= 0 && b >= 0 && a < 0x7fffffff && b <= 0x7fffffff && a === Math.floor(a) && b === Math.floor(b))) throw new RangeError(`PairTable: (${a}, ${b}) is not a pair of small non-negative integers`);
    const mask = this.#firsts.length - 1;
    const f = a + 1;
    for (let slot = hash(a, b) & mask; ; slot = (slot + 1) & mask) {
      const at = this.#firsts[slot] as number;
      if (at === f && this.#seconds[slot] === b) {
        this.#values[slot] = value;
        return;
      }
      if (at !== 0) continue;
      this.#firsts[slot] = f;
      this.#seconds[slot] = b;
      this.#values[slot] = value;
      this.#size++;
      // kept under half full
      if (this.#size * 2 > this.#firsts.length) this.#grow();
      return;
    }
  }

  #grow(): void {
    const firsts = this.#firsts;
    const seconds = this.#seconds;
    const values = this.#values;
    const slots = firsts.length * 2;
    this.#firsts = new Int32Array(slots);
    this.#seconds = new Int32Array(slots);
    this.#values = new Int32Array(slots);
    const mask = slots - 1;
    for (let i = 0; i < firsts.length; i++) {
      const f = firsts[i] as number;
      if (f === 0) continue;
      const b = seconds[i] as number;
      let slot = hash(f - 1, b) & mask;
      while (this.#firsts[slot] !== 0) slot = (slot + 1) & mask;
      this.#firsts[slot] = f;
      this.#seconds[slot] = b;
      this.#values[slot] = values[i] as number;
    }
  }
}

/** Mixes the pair so that neighbouring states and spellings spread over the table. */
function hash(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ b;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return h ^ (h >>> 13);
}
