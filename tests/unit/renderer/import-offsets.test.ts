// Choosing the unit of doccano offsets: the reading in that unit replaces the first, nothing is read again.
import { describe, expect, it } from 'vitest';
import type { ImportBatchResult } from '../../../src-main/contract';
import type { PortableDocument } from '../../../src-main/model';
import { inUnit } from '../../../src-renderer/src/lib/import-offsets';

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
    // b reads in code points but not in UTF-16; d fails in code points and reads in UTF-16
    { file: 'b.jsonl', path: '/in/b.jsonl', unit: 'codepoint', otherUnitProblem: 'line 2: span 3–5 splits a surrogate pair' },
    { file: 'd.jsonl', path: '/in/d.jsonl', unit: 'codepoint', alternative: [doc('d1', '/in/d.jsonl')] },
  ],
};

describe('the unit of doccano offsets', () => {
  it('keeps the first reading when the unit chosen is the one it was read in', () => {
    expect(inUnit(first, 'codepoint')).toBe(first);
  });

  it('puts the reading in the other unit in place of the first, and keeps the other files', () => {
    const chosen = inUnit(first, 'utf16');
    expect(chosen.documents.map((d) => d.name)).toEqual(['a1', 'c1', 'd1']);
    expect(chosen.failures).toEqual([{ file: 'b.jsonl', path: '/in/b.jsonl', code: 'malformed', message: 'b.jsonl: line 2: span 3–5 splits a surrogate pair' }]);
    expect(chosen.files).toEqual(first.files);
    expect(chosen.offsetQuestions).toEqual([
      { file: 'b.jsonl', path: '/in/b.jsonl', unit: 'utf16' },
      { file: 'd.jsonl', path: '/in/d.jsonl', unit: 'utf16' },
    ]);
  });

  it('leaves a batch without questions as it is', () => {
    const plain: ImportBatchResult = { ...first, offsetQuestions: undefined };
    expect(inUnit(plain, 'utf16')).toBe(plain);
    expect(inUnit({ ...first, offsetQuestions: [] }, 'utf16').documents).toEqual(first.documents);
  });

  it('touches only the questioned files read in the other unit, and says why one cannot be read', () => {
    const mixed: ImportBatchResult = {
      ...first,
      documents: [doc('a1', '/in/a.jsonl'), doc('e1', '/in/e.jsonl')],
      failures: [
        { file: 'b.jsonl', path: '/in/b.jsonl', code: 'malformed', message: 'b.jsonl: line 1: …' },
        { file: 'c.docx', path: '/in/c.docx', code: 'corrupt', message: 'c.docx: could not be read' },
      ],
      offsetQuestions: [
        // b: read in code points, no reason given why UTF-16 fails; e: already read in UTF-16
        { file: 'b.jsonl', path: '/in/b.jsonl', unit: 'codepoint' },
        { file: 'e.jsonl', path: '/in/e.jsonl', unit: 'utf16', otherUnitProblem: 'line 1: span 0–9 is past the end of the text (length 5)' },
      ],
    };
    const chosen = inUnit(mixed, 'utf16');
    expect(chosen.documents.map((d) => d.name)).toEqual(['a1', 'e1']);
    expect(chosen.failures).toEqual([
      { file: 'c.docx', path: '/in/c.docx', code: 'corrupt', message: 'c.docx: could not be read' },
      { file: 'b.jsonl', path: '/in/b.jsonl', code: 'malformed', message: 'b.jsonl: cannot be read in that unit' },
    ]);
    expect(chosen.offsetQuestions).toEqual([
      { file: 'b.jsonl', path: '/in/b.jsonl', unit: 'utf16' },
      mixed.offsetQuestions?.[1],
    ]);
  });
});
