import { describe, expect, it } from 'vitest';
import { endOrder, exactMatches, overlapMatches, type SortedSpans } from '../../../src-renderer/src/agreement/spans';
import { spanOrder } from '../../../src-renderer/src/agreement/tokens';
import { Rng } from '../../bench/lib/prng';

function sorted(spans: ReadonlyArray<readonly [number, number, number]>): SortedSpans {
  const s = Int32Array.from(spans, (x) => x[0]);
  const e = Int32Array.from(spans, (x) => x[1]);
  const l = Int32Array.from(spans, (x) => x[2]);
  const order = spanOrder(s, e, l);
  return { starts: Int32Array.from(order, (k) => s[k] as number), ends: Int32Array.from(order, (k) => e[k] as number), labels: Int32Array.from(order, (k) => l[k] as number) };
}

const overlapCount = (a: SortedSpans, b: SortedSpans, label = 0) => overlapMatches(a, endOrder(a), b, endOrder(b), 3)[label];

/** The largest one-to-one matching of overlapping spans, by trying every assignment. */
function bruteForce(a: ReadonlyArray<readonly [number, number]>, b: ReadonlyArray<readonly [number, number]>): number {
  const used = new Array<boolean>(b.length).fill(false);
  const go = (i: number): number => {
    if (i === a.length) return 0;
    let best = go(i + 1);
    const [s, e] = a[i] as readonly [number, number];
    b.forEach(([bs, be], j) => {
      if (used[j] || !(s < be && bs < e)) return;
      used[j] = true;
      best = Math.max(best, 1 + go(i + 1));
      used[j] = false;
    });
    return best;
  };
  return go(0);
}

describe('exact matches', () => {
  it('need the same start, end and label, one to one', () => {
    const a = sorted([[0, 5, 0], [0, 5, 1], [10, 15, 0], [10, 15, 0], [20, 25, 2]]);
    const b = sorted([[0, 5, 0], [0, 6, 1], [10, 15, 0], [20, 25, 1], [30, 35, 2]]);
    expect(Array.from(exactMatches(a, b, 3))).toEqual([2, 0, 0]);
    expect(Array.from(exactMatches(b, a, 3))).toEqual([2, 0, 0]);
  });
});

describe('overlap matches', () => {
  it('need the same label and at least one shared character; touching is not overlapping', () => {
    expect(overlapCount(sorted([[0, 5, 0]]), sorted([[4, 9, 0]]))).toBe(1);
    expect(overlapCount(sorted([[0, 5, 0]]), sorted([[5, 9, 0]]))).toBe(0);
    expect(overlapCount(sorted([[0, 5, 1]]), sorted([[0, 5, 0]]), 0)).toBe(0);
  });

  it('match one to one: one long span against two short ones inside it counts once', () => {
    const long = sorted([[0, 20, 0]]);
    const short = sorted([[0, 5, 0], [10, 15, 0]]);
    expect(overlapCount(long, short)).toBe(1);
    expect(overlapCount(short, long)).toBe(1);
  });

  it('find the largest matching where taking the first overlapping span would not', () => {
    // a0 overlaps b0 and b1; a1 overlaps b0 only: a0 must take b1, the one that ends first
    const a = sorted([[0, 2, 0], [5, 8, 0]]);
    const b = sorted([[0, 10, 0], [1, 3, 0]]);
    expect(overlapCount(a, b)).toBe(2);
    expect(overlapCount(b, a)).toBe(2);
  });

  it('equal an exhaustive search, label by label, on 2,000 random layers with nested and overlapping spans', () => {
    const rng = new Rng(7);
    for (let round = 0; round < 2000; round++) {
      const layer = () =>
        Array.from({ length: rng.int(0, 8) }, (): [number, number, number] => {
          const s = rng.int(0, 30);
          return [s, s + rng.int(1, 12), rng.int(0, 1)];
        });
      const a = layer();
      const b = layer();
      const got = overlapMatches(sorted(a), endOrder(sorted(a)), sorted(b), endOrder(sorted(b)), 2);
      for (const label of [0, 1]) {
        const only = (spans: typeof a) => spans.filter((x) => x[2] === label).map(([s, e]): [number, number] => [s, e]);
        expect(got[label], JSON.stringify({ a, b, label })).toBe(bruteForce(only(a), only(b)));
      }
    }
  });
});
