// Reading doccano files again in the unit the person chose: their new outcome replaces the first.
import { describe, expect, it } from 'vitest';
import type { ImportBatchResult } from '../../../src-main/contract';
import type { PortableDocument } from '../../../src-main/model';
import { toReread, withReread } from '../../../src-renderer/src/lib/import-offsets';

const doc = (name: string, sourcePath: string): PortableDocument => ({
  name,
  text: 'Paris',
  meta: { format: 'doccano', hash: '', normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 }, sourcePath },
  spans: [],
  relations: [],
});
const first: ImportBatchResult = {
  documents: [doc('a1', '/in/a.jsonl'), doc('b1', '/in/b.jsonl'), doc('c1', '/in/c.txt')],
  failures: [{ file: 'd.jsonl', path: '/in/d.jsonl', code: 'malformed', message: 'd.jsonl: line 1: …' }],
  files: ['/in/a.jsonl', '/in/b.jsonl', '/in/c.txt', '/in/d.jsonl'],
  notReached: 0,
  cancelled: false,
  offsetQuestions: [
    { file: 'b.jsonl', path: '/in/b.jsonl', unit: 'codepoint' },
    { file: 'd.jsonl', path: '/in/d.jsonl', unit: 'codepoint' },
  ],
};

describe('doccano files read again in another unit', () => {
  it('reads again only the files whose unit matters and differs from the one chosen', () => {
    expect(toReread(first.offsetQuestions ?? [], 'utf16')).toEqual(['/in/b.jsonl', '/in/d.jsonl']);
    expect(toReread(first.offsetQuestions ?? [], 'codepoint')).toEqual([]);
  });

  it('puts the new outcome of those files in place of the first, and keeps the others', () => {
    const again: ImportBatchResult = {
      documents: [doc('d1', '/in/d.jsonl')],
      failures: [{ file: 'b.jsonl', path: '/in/b.jsonl', code: 'malformed', message: 'b.jsonl: line 2: …' }],
      files: ['/in/b.jsonl', '/in/d.jsonl'],
      notReached: 0,
      cancelled: false,
      offsetQuestions: [{ file: 'd.jsonl', path: '/in/d.jsonl', unit: 'utf16' }],
    };
    const merged = withReread(first, again);
    expect(merged.documents.map((d) => d.name)).toEqual(['a1', 'c1', 'd1']);
    expect(merged.failures.map((f) => f.file)).toEqual(['b.jsonl']);
    expect(merged.files).toEqual(first.files);
    expect(merged.offsetQuestions).toEqual([{ file: 'd.jsonl', path: '/in/d.jsonl', unit: 'utf16' }]);
  });
});
