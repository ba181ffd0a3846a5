import { describe, expect, it } from 'vitest';
import { sortedLengths } from '../../../src-renderer/src/agreement/unitizing';
import { Rng } from '../../bench/lib/prng';

/** What sortedLengths must give: every value of every list, in ascending order. */
const plainly = (lists: number[][]) => Float64Array.from(lists.flat()).sort();

describe('sortedLengths', () => {
  it('merges lists of lengths into one ascending list, whole numbers counted', () => {
    expect([...sortedLengths([[3, 1, 2], [], [2, 0]])]).toEqual([0, 1, 2, 2, 3]);
    expect(sortedLengths([])).toHaveLength(0);
  });

  it('gives what a sort gives for random lists: small and large whole numbers, fractions, negatives', () => {
    const rng = new Rng(31);
    const kinds: Array<() => number> = [
      () => rng.int(0, 40),
      () => rng.int(0, 200_000),
      () => rng.int(0, 40) + 0.5,
      () => rng.int(-20, 20),
    ];
    for (const value of kinds) {
      for (let round = 0; round < 20; round++) {
        const lists = Array.from({ length: rng.int(0, 6) }, () => Array.from({ length: rng.int(0, 50) }, value));
        expect(sortedLengths(lists)).toEqual(plainly(lists));
      }
    }
  });

  it('sorts a value above the counted range among small ones', () => {
    const lists = [[5, 1_000_000, 2], [7, 0, 65_537]];
    expect([...sortedLengths(lists)]).toEqual([0, 2, 5, 7, 65_537, 1_000_000]);
  });
});
