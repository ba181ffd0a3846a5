// Krippendorff's α for unitizing (uα; Krippendorff 1995, and Content Analysis, 2nd ed., 2004, §11.6):
// each coder cuts the continuum, for one category, into units of that category and gaps; disagreement
// weighs how far the boundaries of overlapping sections are apart.

/** Unit lengths or gap lengths, by length: length → how many. */
export type Lengths = Map<number, number>;

export function addLength(into: Lengths, length: number, count = 1): void {
  into.set(length, (into.get(length) ?? 0) + count);
}

export function addLengths(into: Lengths, from: Lengths): void {
  for (const [l, c] of from) addLength(into, l, c);
}

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

/** The lengths of the gaps between units on [0, length): what the coder left out of the category. */
export function gapLengths(units: { starts: readonly number[]; ends: readonly number[] }, length: number): number[] {
  const gaps: number[] = [];
  let at = 0;
  for (let k = 0; k < units.starts.length; k++) {
    const s = units.starts[k] as number;
    if (s > at) gaps.push(s - at);
    at = units.ends[k] as number;
  }
  if (length > at) gaps.push(length - at);
  return gaps;
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

/**
 * Dₑ of one category: every unit of every coder against every way it could lie in any coder's gap, and
 * against the other units, over all pairs of positions of the mL places of the m coders' continua:
 * Dₑ = (2/L) Σ_units [ (N−1)(2l³ − 3l² + l)/3 + l² Σ_{gaps g ≥ l} (g − l + 1) ] / [ mL(mL − 1) − Σ_units l(l − 1) ].
 */
export function expectedDisagreement(units: Lengths, gaps: Lengths, coders: number, length: number): number {
  let count = 0;
  let squares = 0;
  for (const [l, c] of units) {
    count += c;
    squares += c * l * (l - 1);
  }
  if (count === 0 || length <= 0) return 0;
  // gap lengths from the longest: running count and sum of the gaps at least as long
  const gapList = [...gaps].sort((x, y) => y[0] - x[0]);
  const unitList = [...units].sort((x, y) => y[0] - x[0]);
  let g = 0;
  let gapsAtLeast = 0;
  let gapSumAtLeast = 0;
  let numerator = 0;
  for (const [l, c] of unitList) {
    while (g < gapList.length && (gapList[g] as [number, number])[0] >= l) {
      const [gl, gc] = gapList[g++] as [number, number];
      gapsAtLeast += gc;
      gapSumAtLeast += gl * gc;
    }
    const placements = gapSumAtLeast - (l - 1) * gapsAtLeast;
    numerator += c * (((count - 1) * (2 * l * l * l - 3 * l * l + l)) / 3 + l * l * placements);
  }
  const places = coders * length;
  return ((2 / length) * numerator) / (places * (places - 1) - squares);
}
