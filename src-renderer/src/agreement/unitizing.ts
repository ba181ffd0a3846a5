// Krippendorff's α for unitizing (uα; Krippendorff 1995, and Content Analysis, 2nd ed., 2004, §11.6):
// each coder cuts the continuum, for one category, into units of that category and gaps; disagreement
// weighs how far the boundaries of overlapping sections are apart.

/**
 * One coder's units of one category: the spans of that category (sorted by start) with overlapping or
 * nested ones merged, since uα needs each coder's units of a category not to overlap. Spans that only
 * touch stay two units.
 */
export function mergeUnits(starts: ArrayLike<number>, ends: ArrayLike<number>, positions: ArrayLike<number>): { starts: number[]; ends: number[] } {
  const us: number[] = [];
  const ue: number[] = [];
  for (let k = 0; k < positions.length; k++) {
    const p = positions[k] as number;
    const s = starts[p] as number;
    const e = ends[p] as number;
    const last = ue.length - 1;
    if (last >= 0 && s < (ue[last] as number)) {
      if (e > (ue[last] as number)) ue[last] = e;
    } else {
      us.push(s);
      ue.push(e);
    }
  }
  return { starts: us, ends: ue };
}

/** The lengths of a coder's units, sorted. */
export function unitLengths(units: { starts: readonly number[]; ends: readonly number[] }): Float64Array {
  const out = new Float64Array(units.starts.length);
  for (let k = 0; k < out.length; k++) out[k] = (units.ends[k] as number) - (units.starts[k] as number);
  return out.sort();
}

/** The lengths of the gaps between units on [0, length), sorted: what the coder left out of the category. */
export function gapLengths(units: { starts: readonly number[]; ends: readonly number[] }, length: number): Float64Array {
  const out = new Float64Array(units.starts.length + 1);
  let n = 0;
  let at = 0;
  for (let k = 0; k < units.starts.length; k++) {
    const s = units.starts[k] as number;
    if (s > at) out[n++] = s - at;
    at = units.ends[k] as number;
  }
  if (length > at) out[n++] = length - at;
  return out.subarray(0, n).sort();
}

/**
 * δ² between a section of coder i (begin b1, length l1, a unit or a gap) and an overlapping section of
 * coder j: two overlapping units differ by the squares of their begin and end differences; a unit
 * inside the other coder's gap counts its length squared; anything else is no disagreement.
 */
export function sectionDistance(b1: number, l1: number, unit1: boolean, b2: number, l2: number, unit2: boolean): number {
  const db = b1 - b2;
  const de = b1 + l1 - (b2 + l2);
  if (unit1 && unit2) return -l1 < db && db < l2 ? db * db + de * de : 0;
  if (unit1 && !unit2) return db >= 0 && de <= 0 ? l1 * l1 : 0;
  if (!unit1 && unit2) return db <= 0 && de >= 0 ? l2 * l2 : 0;
  return 0;
}

/**
 * Σ δ² over every pair of overlapping sections of two coders on [0, length), walking both coders'
 * sections (units and the gaps between them) side by side.
 */
export function observedSum(a: { starts: readonly number[]; ends: readonly number[] }, b: { starts: readonly number[]; ends: readonly number[] }, length: number): number {
  if (length <= 0) return 0;
  const sa = new Sections(a, length);
  const sb = new Sections(b, length);
  let sum = 0;
  while (!sa.finished && !sb.finished) {
    sum += sectionDistance(sa.begin, sa.end - sa.begin, sa.unit, sb.begin, sb.end - sb.begin, sb.unit);
    const ea = sa.end;
    const eb = sb.end;
    if (ea <= eb) sa.next();
    if (eb <= ea) sb.next();
  }
  return sum;
}

/** A coder's sections of [0, length) in order: gap, unit, gap… (empty gaps skipped). */
class Sections {
  begin = 0;
  end = 0;
  unit = false;
  finished = false;
  private k = 0; // next unit

  constructor(
    private readonly units: { starts: readonly number[]; ends: readonly number[] },
    private readonly length: number,
  ) {
    this.next();
  }

  next(): void {
    const at = this.end;
    if (at >= this.length && this.k >= this.units.starts.length) {
      this.finished = true;
      return;
    }
    this.begin = at;
    const s = this.units.starts[this.k];
    if (s === undefined) {
      this.unit = false;
      this.end = this.length;
    } else if (s > at) {
      this.unit = false;
      this.end = s;
    } else {
      this.unit = true;
      this.end = this.units.ends[this.k++] as number;
    }
  }
}

/** Dₒ from the δ² sums of every pair of coders (each unordered pair once), m coders, continuum L. */
export function observedDisagreement(pairSum: number, coders: number, length: number): number {
  return (2 * pairSum) / (coders * (coders - 1) * length * length);
}

/** Largest value counted rather than compared when lengths are sorted (a histogram of 4n + 65,536 slots at most). */
const COUNTED_BELOW = 65_536;

/**
 * Lengths sorted in ascending order, from several lists. Lengths are counts of UTF-16 units: when every
 * one is a whole number no larger than the list is long (or 65,536), they are counted, in time linear in
 * their number, rather than sorted (the 500-document report sorts some 2 million of them).
 */
export function sortedLengths(lists: ReadonlyArray<ArrayLike<number>>): Float64Array {
  let n = 0;
  for (const l of lists) n += l.length;
  const out = new Float64Array(n);
  let at = 0;
  let max = 0;
  let whole = true;
  for (const l of lists) {
    for (let i = 0; i < l.length; i++) {
      const v = l[i] as number;
      out[at++] = v;
      if (v > max) max = v;
      if (!(v >= 0 && Number.isInteger(v))) whole = false;
    }
  }
  if (!whole || max > Math.max(COUNTED_BELOW, 4 * n)) return out.sort();
  const counts = new Uint32Array(max + 1);
  for (let i = 0; i < n; i++) {
    const v = out[i] as number;
    counts[v] = (counts[v] as number) + 1;
  }
  at = 0;
  for (let v = 0; v <= max; v++) for (let c = counts[v] as number; c > 0; c--) out[at++] = v;
  return out;
}

/**
 * Dₑ of one category: every unit of every coder against every way it could lie in any coder's gap, and
 * against the other units, over all pairs of positions of the mL places of the m coders' continua:
 * Dₑ = (2/L) Σ_units [ (N−1)(2l³ − 3l² + l)/3 + l² Σ_{gaps g ≥ l} (g − l + 1) ] / [ mL(mL − 1) − Σ_units l(l − 1) ].
 * `units[i]` and `gaps[i]` are coder i's lengths, sorted.
 */
export function expectedDisagreement(units: ReadonlyArray<ArrayLike<number>>, gaps: ReadonlyArray<ArrayLike<number>>, length: number): number {
  const coders = units.length;
  let count = 0;
  for (const u of units) count += u.length;
  if (count === 0 || length <= 0) return 0;
  let squares = 0;
  let numerator = 0;
  for (const u of units) {
    for (let i = 0; i < u.length; i++) {
      const l = u[i] as number;
      squares += l * (l - 1);
      numerator += ((count - 1) * (2 * l * l * l - 3 * l * l + l)) / 3;
    }
    for (const g of gaps) numerator += placements(u, g);
  }
  const places = coders * length;
  return ((2 / length) * numerator) / (places * (places - 1) - squares);
}

/**
 * Σ over units l of l² · Σ over gaps g ≥ l of (g − l + 1), the places each unit could take in a gap:
 * both lists sorted, walked from the longest.
 */
function placements(units: ArrayLike<number>, gaps: ArrayLike<number>): number {
  let k = gaps.length - 1;
  let gapsAtLeast = 0;
  let gapSumAtLeast = 0;
  let sum = 0;
  for (let i = units.length - 1; i >= 0; i--) {
    const l = units[i] as number;
    while (k >= 0 && (gaps[k] as number) >= l) {
      gapsAtLeast++;
      gapSumAtLeast += gaps[k--] as number;
    }
    sum += l * l * (gapSumAtLeast - (l - 1) * gapsAtLeast);
  }
  return sum;
}
