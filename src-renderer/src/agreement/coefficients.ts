// Chance-corrected coefficients from count matrices (v × v, row-major), so that a million tokens are
// counted once and every coefficient, per label or overall, is read from the counts.
import type { Figure } from './types';

export const value = (v: number): Figure => ({ value: v });
export const none = (reason: string): Figure => ({ value: null, reason });

export const NO_VARIATION = 'no variation: every annotation has the same value, so chance agreement is total and the coefficient is undefined';

/** A v × v matrix's total, diagonal, row sums and column sums. */
function margins(matrix: ArrayLike<number>, v: number): { total: number; diagonal: number; rows: Float64Array; cols: Float64Array } {
  let total = 0;
  let diagonal = 0;
  const rows = new Float64Array(v);
  const cols = new Float64Array(v);
  for (let i = 0; i < v; i++) {
    for (let j = 0; j < v; j++) {
      const c = matrix[i * v + j] as number;
      total += c;
      rows[i] = (rows[i] as number) + c;
      cols[j] = (cols[j] as number) + c;
    }
    diagonal += matrix[i * v + i] as number;
  }
  return { total, diagonal, rows, cols };
}

/**
 * Cohen's κ (Cohen 1960) from a contingency table: cell (i, j) counts the units the first annotator
 * put in category i and the second in j. κ = (pₒ − pₑ) / (1 − pₑ), pₑ from each annotator's own
 * marginals.
 */
export function cohenKappa(table: ArrayLike<number>, v: number): Figure {
  const { total: n, diagonal, rows, cols } = margins(table, v);
  if (n === 0) return none('no units coded by both annotators');
  let pe = 0;
  for (let i = 0; i < v; i++) pe += ((rows[i] as number) / n) * ((cols[i] as number) / n);
  if (pe >= 1) return none(NO_VARIATION);
  return value((diagonal / n - pe) / (1 - pe));
}

/**
 * Fleiss' κ (Fleiss 1971; Scott's π for many raters) from the ordered pairs of values within units
 * that all have the same number of values: cell (i, j) counts pairs (r, r′) of different raters of a
 * unit where r chose i and r′ chose j. P̄ is the share of agreeing pairs, Pₑ = Σ pᵢ² with pᵢ the share
 * of all values that are i.
 */
export function fleissKappa(pairs: ArrayLike<number>, v: number): Figure {
  const { total, diagonal, rows } = margins(pairs, v);
  if (total === 0) return none('no unit coded by every annotator');
  let pe = 0;
  for (let i = 0; i < v; i++) pe += ((rows[i] as number) / total) ** 2;
  if (pe >= 1) return none(NO_VARIATION);
  return value((diagonal / total - pe) / (1 - pe));
}

/**
 * Krippendorff's α, nominal (Krippendorff 2011), from the coincidence matrix: each unit with m ≥ 2
 * values adds 1 / (m − 1) to cell (c, k) for every ordered pair of its values (c, k) from different
 * coders. α = 1 − Dₒ / Dₑ = 1 − (n − 1)(n − Σ o_cc) / (n² − Σ n_c²). Units with fewer than two values
 * are not pairable and left out, which is how α takes missing values.
 */
export function krippendorffAlpha(coincidences: ArrayLike<number>, v: number): Figure {
  const { total: n, diagonal, rows } = margins(coincidences, v);
  if (n === 0) return none('no pairable values: no unit was coded by two annotators');
  let squares = 0;
  for (const r of rows) squares += r * r;
  const expected = n * n - squares;
  // a relative tolerance: the 1 / (m − 1) weights leave rounding dust on integer counts
  if (expected <= n * n * 1e-12) return none(NO_VARIATION);
  return value(1 - ((n - 1) * (n - diagonal)) / expected);
}

/** counts[i] += by (typed arrays index to `number | undefined` under noUncheckedIndexedAccess) */
export function bump(counts: Float64Array | Int32Array, i: number, by = 1): void {
  counts[i] = (counts[i] as number) + by;
}

/** Adds `from` into `into`, both v × v; with `transpose`, adds its transpose as well. */
export function addMatrix(into: Float64Array, from: ArrayLike<number>, v: number, transpose = false, weight = 1): void {
  for (let i = 0; i < v; i++) {
    for (let j = 0; j < v; j++) {
      const c = from[i * v + j] as number;
      if (c === 0) continue;
      into[i * v + j] = (into[i * v + j] as number) + c * weight;
      if (transpose) into[j * v + i] = (into[j * v + i] as number) + c * weight;
    }
  }
}

/** A v × v matrix with its categories merged by `map` (category → new category, w of them). */
export function collapse(matrix: ArrayLike<number>, v: number, map: ArrayLike<number>, w: number): Float64Array {
  const out = new Float64Array(w * w);
  for (let i = 0; i < v; i++) {
    const mi = (map[i] as number) * w;
    for (let j = 0; j < v; j++) {
      const c = matrix[i * v + j] as number;
      if (c !== 0) out[mi + (map[j] as number)] = (out[mi + (map[j] as number)] as number) + c;
    }
  }
  return out;
}
