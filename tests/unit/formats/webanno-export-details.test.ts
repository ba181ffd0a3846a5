// WebAnno TSV 3.3 export details the mutation run of 2026-12-02 (docs/testing.md) found untested:
// sub-tokens told apart by their start, stacked spans on the same text in the document's order, a span
// of white space only written on no row, the empty relation cells of a span without a relation, and a
// damaged zip named as such.
import { describe, expect, it } from 'vitest';
import type { PortableDocument } from '../../../src-main/model';
import { FormatError } from '../../../src-main/formats/errors';
import { parseZip, serializeDocument } from '../../../src-main/formats/webanno';
import { meta } from './documents';

function doc(text: string, spans: PortableDocument['spans'], relations: PortableDocument['relations'] = []): PortableDocument {
  return { name: 'd.txt', text, meta: meta(), spans, relations };
}

/** The rows of the exported file (the lines that start with a token's or sub-token's id). */
const rows = (d: PortableDocument): string[] => serializeDocument(d, { language: 'en' }).split('\n').filter((l) => /^\d+-\d+/.test(l));

describe('WebAnno TSV export', () => {
  it('gives two spans that start at different places inside one token a sub-token each', () => {
    const d = doc('abcdef ghi', [
      { start: 1, end: 10, label: 'A' },
      { start: 3, end: 10, label: 'B' },
    ]);
    expect(rows(d)).toEqual([
      '1-1\t0-6\tabcdef\t_\t',
      '1-1.1\t1-6\tbcdef\tA[1]\t',
      '1-1.2\t3-6\tdef\tB[2]\t',
      '1-2\t7-10\tghi\tA[1]|B[2]\t',
    ]);
  });

  it('stacks spans over the same text in the document’s order', () => {
    const d = doc('Ada met Bob', [
      { start: 0, end: 3, label: 'PER' },
      { start: 0, end: 3, label: 'NAME' },
      { start: 0, end: 3, label: 'X' },
    ]);
    expect(rows(d)[0]).toBe('1-1\t0-3\tAda\tPER[1]|NAME[2]|X[3]\t');
  });

  it('writes a span of white space only on no row, inside the text or at its end', () => {
    const d = doc('Ada  Bob  ', [
      { start: 0, end: 3, label: 'PER' },
      { start: 3, end: 5, label: 'GAP' },
      { start: 8, end: 10, label: 'END' },
    ]);
    expect(rows(d)).toEqual(['1-1\t0-3\tAda\tPER\t', '1-2\t5-8\tBob\t_\t']);
  });

  it('writes empty relation cells on the row of a span without a relation, and stacks the relations to one span', () => {
    const d = doc(
      'Ada met Bob',
      [
        { key: 'a', start: 0, end: 3, label: 'PER' },
        { key: 'm', start: 4, end: 7, label: 'V' },
        { key: 'b', start: 8, end: 11, label: 'PER' },
      ],
      [
        { fromKey: 'a', toKey: 'b', type: 'meets' },
        { fromKey: 'm', toKey: 'b', type: 'names' },
      ],
    );
    expect(rows(d)).toEqual([
      '1-1\t0-3\tAda\tPER\t_\t_\t',
      '1-2\t4-7\tmet\tV\t_\t_\t',
      // two relations to one span: both on its row, each cell's values separated by |
      '1-3\t8-11\tBob\tPER\tmeets|names\t1-1|1-2\t',
    ]);
  });
});

describe('WebAnno TSV zip import', () => {
  it('names a damaged zip as such', () => {
    let error: unknown;
    try {
      parseZip(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'project.zip');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).message).toMatch(/^project\.zip: not a zip archive \(.+\)$/);
  });
});
