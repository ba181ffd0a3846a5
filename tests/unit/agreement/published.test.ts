// Each coefficient against the worked example its author published: first the formula on the
// published table, then the whole engine on documents built so that each unit is a one-token document.
import { describe, expect, it } from 'vitest';
import { cohenKappa, fleissKappa, krippendorffAlpha } from '../../../src-renderer/src/agreement/coefficients';
import { computeAgreement } from '../../../src-renderer/src/agreement/compute';
import type { AgreementDocument, Figure } from '../../../src-renderer/src/agreement/types';
import { expectedDisagreement, gapLengths, mergeUnits, observedDisagreement, observedSum, sectionDistance, unitLengths } from '../../../src-renderer/src/agreement/unitizing';
import { cohen1960, fleiss1971, krippendorff1995, krippendorff2004, krippendorff2011, wikipediaFleiss } from '../../fixtures/agreement/published';

const num = (f: Figure): number => {
  if (f.value === null) throw new Error(`expected a value, got: ${f.reason}`);
  return f.value;
};

/** Units × observers (null: missing) as documents of one token, "x", each value a span over it. */
function unitDocuments(observers: readonly string[], valueOf: (unit: number, observer: number) => number | null, units: number): AgreementDocument[] {
  return Array.from({ length: units }, (_, u) => {
    const layers: Record<string, Array<{ start: number; end: number; label: string }>> = {};
    observers.forEach((o, i) => {
      const v = valueOf(u, i);
      if (v !== null) layers[o] = [{ start: 0, end: 1, label: String(v) }];
    });
    return { id: `unit-${u + 1}`, length: 1, text: 'x', layers };
  });
}

/** Ordered pairs of values within units (Fleiss) and the coincidence matrix (α) of unit value lists. */
function pairCounts(units: ReadonlyArray<ReadonlyArray<number | null>>, v: number) {
  const pairs = new Float64Array(v * v);
  const coincidences = new Float64Array(v * v);
  for (const unit of units) {
    const values = unit.filter((x): x is number => x !== null);
    if (values.length < 2) continue;
    for (let i = 0; i < values.length; i++) {
      for (let j = 0; j < values.length; j++) {
        if (i === j) continue;
        const cell = (values[i] as number) * v + (values[j] as number);
        pairs[cell] = (pairs[cell] as number) + 1;
        coincidences[cell] = (coincidences[cell] as number) + 1 / (values.length - 1);
      }
    }
  }
  return { pairs, coincidences };
}

const transpose = <T,>(rows: readonly (readonly T[])[]): T[][] => (rows[0] ?? []).map((_, j) => rows.map((r) => r[j] as T));

describe("Krippendorff's α, nominal: Krippendorff (2011), 4 observers × 12 units with missing values", () => {
  const units = transpose(krippendorff2011.values);

  it('gives 0.743 from the coincidence matrix', () => {
    const { coincidences } = pairCounts(units, 6);
    expect(num(krippendorffAlpha(coincidences, 6))).toBeCloseTo(krippendorff2011.alpha, 3);
  });

  it('gives 0.743 through the engine, each unit a document and a missing value an annotator without a layer', () => {
    const docs = unitDocuments(krippendorff2011.observers, (u, o) => krippendorff2011.values[o]?.[u] ?? null, 12);
    const report = computeAgreement(docs);
    expect(num(report.overall.alpha)).toBeCloseTo(krippendorff2011.alpha, 3);
    // unit 12 has one value only: not pairable, so not compared
    expect(report.documents).toEqual({ total: 12, compared: 11, complete: 8 });
  });
});

describe("Cohen's κ: Cohen (1960), p. 45", () => {
  it('gives pₒ = .70, pₑ = .41, κ = .492 from the table', () => {
    expect(num(cohenKappa(cohen1960.table.flat(), 3))).toBeCloseTo(cohen1960.kappa, 3);
    // κ = (pₒ − pₑ) / (1 − pₑ) with the paper's pₒ and pₑ
    expect((cohen1960.po - cohen1960.pe) / (1 - cohen1960.pe)).toBeCloseTo(cohen1960.kappa, 3);
  });

  it('gives .492 through the engine for the pair and for the group of two', () => {
    const values: Array<[number, number]> = [];
    cohen1960.table.forEach((row, i) => row.forEach((count, j) => values.push(...Array.from({ length: count }, (): [number, number] => [i + 1, j + 1]))));
    const report = computeAgreement(unitDocuments(['judge A', 'judge B'], (u, o) => (values[u] as [number, number])[o] as number, values.length));
    expect(report.pairs).toHaveLength(1);
    expect(num((report.pairs[0] as (typeof report.pairs)[number]).overall.cohenKappa)).toBeCloseTo(cohen1960.kappa, 3);
    expect(num(report.overall.cohenKappa)).toBeCloseTo(cohen1960.kappa, 3);
  });
});

describe("Fleiss' κ: Fleiss (1971), 30 patients × 6 psychiatrists", () => {
  it('gives P̄ = .5556, P̄ₑ = .2201, κ = .430 from the pairs within units', () => {
    const { pairs } = pairCounts(fleiss1971.units, 6);
    const total = pairs.reduce((s, x) => s + x, 0);
    const agree = [1, 2, 3, 4, 5].reduce((s, c) => s + (pairs[c * 6 + c] as number), 0);
    expect(agree / total).toBeCloseTo(fleiss1971.observed, 4);
    const shares = [1, 2, 3, 4, 5].map((c) => fleiss1971.units.flat().filter((x) => x === c).length / (30 * 6));
    // the paper squares its shares rounded to three places (.144, .144, .167, .306, .239)
    expect(shares.reduce((s, p) => s + p * p, 0)).toBeCloseTo(fleiss1971.expected, 3);
    expect(num(fleissKappa(pairs, 6))).toBeCloseTo(fleiss1971.kappa, 3);
  });

  it('gives .430 overall and Table 2’s κⱼ per diagnosis through the engine', () => {
    const raters = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'];
    const report = computeAgreement(unitDocuments(raters, (u, r) => fleiss1971.units[u]?.[r] ?? null, 30));
    expect(num(report.overall.fleissKappa)).toBeCloseTo(fleiss1971.kappa, 3);
    expect(report.labels).toEqual(['1', '2', '3', '4', '5']);
    report.perLabel.forEach((row, c) => expect(num(row.fleissKappa)).toBeCloseTo(fleiss1971.perCategory[c] as number, 2));
    expect(report.overall.cohenKappa.value).toBeNull();
  });
});

describe("Fleiss' κ: Wikipedia's worked example, 10 subjects × 14 raters", () => {
  it('gives 0.210 through the engine', () => {
    const raters = Array.from({ length: 14 }, (_, r) => `rater ${r + 1}`);
    const rows = wikipediaFleiss.counts.map((counts) => counts.flatMap((n, c) => Array.from({ length: n }, () => c + 1)));
    const report = computeAgreement(unitDocuments(raters, (u, r) => rows[u]?.[r] ?? null, rows.length));
    expect(num(report.overall.fleissKappa)).toBeCloseTo(wikipediaFleiss.kappa, 3);
  });
});

describe('αu: Krippendorff (2004), Content Analysis, p. 254', () => {
  const { begin, length } = krippendorff2004;
  const unitsOf = (observer: number, category: string) => {
    const spans = krippendorff2004.units.filter(([, , o, c]) => o === observer && c === category).sort((x, y) => x[0] - y[0]);
    return mergeUnits(
      spans.map(([b]) => b - begin),
      spans.map(([b, l]) => b - begin + l),
      spans.map((_, i) => i),
    );
  };

  it('has the book’s δ²', () => {
    for (const [b1, l1, u1, b2, l2, u2, d] of krippendorff2004.distances) expect(sectionDistance(b1, l1, u1, b2, l2, u2)).toBe(d);
  });

  it('gives Dₒ and Dₑ per category', () => {
    for (const category of ['c', 'k'] as const) {
      const a = unitsOf(0, category);
      const b = unitsOf(1, category);
      const units = [a, b].map((u) => unitLengths(u));
      const gaps = [a, b].map((u) => gapLengths(u, length));
      expect(observedDisagreement(observedSum(a, b, length), 2, length)).toBeCloseTo(krippendorff2004[category].observed, 4);
      expect(expectedDisagreement(units, gaps, length)).toBeCloseTo(krippendorff2004[category].expected, 4);
    }
  });

  it('gives uα = .8591 overall, .7286 for c and 1 for k through the engine', () => {
    const layer = (observer: number) =>
      krippendorff2004.units.filter(([, , o]) => o === observer).map(([b, l, , c]) => ({ start: b - begin, end: b - begin + l, label: c }));
    const report = computeAgreement([{ id: 'stretch', length, tokens: { starts: [], ends: [] }, layers: { i: layer(0), j: layer(1) } }]);
    // .8591 is 1 − .0144 / (.0532 + .0490) from the rounded Dₒ and Dₑ; unrounded it is .8587
    expect(num(report.overall.alphaU)).toBeCloseTo(krippendorff2004.alpha, 3);
    expect(report.labels).toEqual(['c', 'k']);
    expect(num((report.perLabel[0] as (typeof report.perLabel)[number]).alphaU)).toBeCloseTo(krippendorff2004.c.alpha, 4);
    expect(num((report.perLabel[1] as (typeof report.perLabel)[number]).alphaU)).toBeCloseTo(krippendorff2004.k.alpha, 4);
    // the pair's figure is the same computation for two annotators
    expect(num((report.pairs[0] as (typeof report.pairs)[number]).overall.alphaU)).toBeCloseTo(krippendorff2004.alpha, 3);
  });
});

describe('αu: Krippendorff (1995), p. 57', () => {
  it('gives the observed disagreement of each pair of observers', () => {
    const { length } = krippendorff1995;
    for (const [category, expected] of Object.entries(krippendorff1995.observed)) {
      const [a, b] = [0, 1].map((o) => {
        const spans = krippendorff1995.units.filter(([, , obs, c]) => obs === o && c === category).sort((x, y) => x[0] - y[0]);
        return mergeUnits(
          spans.map(([s]) => s),
          spans.map(([s, l]) => s + l),
          spans.map((_, i) => i),
        );
      }) as [ReturnType<typeof mergeUnits>, ReturnType<typeof mergeUnits>];
      expect(observedDisagreement(observedSum(a, b, length), 2, length)).toBeCloseTo(expected, 4);
    }
  });
});
