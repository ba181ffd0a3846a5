// A large import batch arrives in slices (src-main/services/import-slices.ts): the page gathers them
// back into one batch before anything is saved.
import { describe, expect, it } from 'vitest';
import type { ImportBatchResult, ImportSlice } from '../../../src-main/contract';
import type { PortableDocument } from '../../../src-main/model';
import { wholeBatch } from '../../../src-renderer/src/lib/import-batch';

const doc = (name: string): PortableDocument => ({
  name,
  text: name,
  meta: { format: 'txt', hash: name, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } },
  spans: [],
  relations: [],
});

describe('wholeBatch', () => {
  it('asks for every slice main holds, in order, and gives the batch back whole with its report unchanged', async () => {
    const held: ImportSlice[] = [
      { documents: [doc('c'), doc('d')], more: true },
      { documents: [doc('e')], more: true },
      { documents: [doc('f')], more: false },
    ];
    const asked: string[] = [];
    const first: ImportBatchResult = { documents: [doc('a'), doc('b')], failures: [], files: ['/x'], notReached: 2, cancelled: true, more: 'batch-1' };
    const whole = await wholeBatch(first, async (id) => {
      asked.push(id);
      const slice = held.shift();
      if (!slice) throw new Error('asked once too often');
      return slice;
    });
    expect(asked).toEqual(['batch-1', 'batch-1', 'batch-1']);
    expect(whole).toEqual({ documents: ['a', 'b', 'c', 'd', 'e', 'f'].map(doc), failures: [], files: ['/x'], notReached: 2, cancelled: true });
    expect(whole).not.toHaveProperty('more');
  });

  it('gives a batch that came whole back as it is, asking nothing', async () => {
    const small: ImportBatchResult = { documents: [doc('a')], failures: [], files: [], notReached: 0, cancelled: false };
    expect(await wholeBatch(small, () => Promise.reject(new Error('not asked')))).toBe(small);
  });
});
