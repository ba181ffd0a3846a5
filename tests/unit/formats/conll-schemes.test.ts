// CoNLL cases the mutation run (docs/testing.md) found untested: where IOBES and BILOU chunks end
// (E-, L-, S- and U- close a chunk, as seqeval's IOBES and BILOU schemes read them, so an I- after
// them starts a new one), IOB1 across sentence ends, and spans that cover no whole token.
import { describe, expect, it } from 'vitest';
import type { PortableDocument } from '../../../src-main/model';
import { checkConll, parse, serialize } from '../../../src-main/formats/conll';
import { at, meta } from './documents';

const chunks = (file: string): [string, string][] => {
  const [doc] = parse(file, 'x.conll');
  return (doc?.spans ?? []).map((s) => [doc?.text.slice(s.start, s.end) ?? '', s.label]);
};
const lines = (...rows: string[]): string => `${rows.join('\n')}\n`;

function doc(text: string, spans: [string, string, number?][]): PortableDocument {
  return { name: 'd.txt', text, meta: meta(), spans: spans.map(([part, label, from]) => ({ ...at(text, part, from), label })), relations: [] };
}
const tags = (out: string): string[] => out.split('\n').filter((line) => line !== '' && !line.startsWith('-DOCSTART-'));

describe('CoNLL import of chunk ends', () => {
  it('ends a chunk at E- and L-, so that an I- of the same type after them starts another', () => {
    expect(chunks(lines('a B-X', 'b E-X', 'c I-X'))).toEqual([['a b', 'X'], ['c', 'X']]);
    expect(chunks(lines('a B-X', 'b L-X', 'c I-X'))).toEqual([['a b', 'X'], ['c', 'X']]);
  });

  it('reads S- and U- as chunks of one token', () => {
    expect(chunks(lines('a S-X', 'b I-X'))).toEqual([['a', 'X'], ['b', 'X']]);
    expect(chunks(lines('a U-X', 'b I-X'))).toEqual([['a', 'X'], ['b', 'X']]);
  });

  it('continues a chunk through I-, E- and L- of the same type only', () => {
    expect(chunks(lines('a B-X', 'b I-X', 'c E-X'))).toEqual([['a b c', 'X']]);
    expect(chunks(lines('a B-X', 'b L-X'))).toEqual([['a b', 'X']]);
    expect(chunks(lines('a B-X', 'b I-Y', 'c E-Y'))).toEqual([['a', 'X'], ['b c', 'Y']]);
  });

  it('reads indented lines, and names a line with one field by its content', () => {
    expect(chunks(lines('  a B-X  ', '\tb I-X'))).toEqual([['a b', 'X']]);
    expect(() => parse(lines('a O', '  lone  '), 'x.conll')).toThrow('x.conll line 2: expected a token and a tag, found "lone"');
  });

  it('records no normalisation and no relations', () => {
    const [d] = parse('a O\n', 'x.conll');
    expect(d?.meta.normalisation).toEqual({ bomRemoved: false, crlfToLf: 0, crToLf: 0 });
    expect(d?.meta.format).toBe('conll');
    expect(d?.relations).toEqual([]);
  });
});

describe('CoNLL export details', () => {
  it('writes IOB1 B- after an entity of the same type that ends in I- or B-, not across a sentence end', () => {
    expect(tags(serialize([doc('a b c d', [['a', 'X'], ['b', 'X'], ['c', 'X']])], { scheme: 'iob1' }))).toEqual(['a I-X', 'b B-X', 'c B-X', 'd O']);
    expect(tags(serialize([doc('He came. Lyon won.', [['.', 'X'], ['Lyon', 'X']])], { scheme: 'iob1' }))).toEqual([
      'He O',
      'came O',
      '. I-X',
      'Lyon I-X',
      'won O',
      '. O',
    ]);
  });

  it('turns a run of spaces and hyphens in a label into one underscore', () => {
    expect(tags(serialize([doc('a', [['a', 'big  - one']])]))).toEqual(['a B-big_one']);
  });

  it('writes an empty document as its -DOCSTART- line only', () => {
    expect(serialize([doc('', [])])).toBe('-DOCSTART- O\n\n');
  });

  it('reports a span over white space only as misaligned, not as overlapping, and writes no tag for it', () => {
    const d = doc('a b', [['a b', 'X'], [' ', 'GAP']]);
    expect(checkConll(d)).toEqual({ misaligned: [d.spans[1]], overlapping: [] });
    expect(tags(serialize([d]))).toEqual(['a B-X', 'b I-X']);
    const gapFirst = doc('a b', [[' ', 'GAP'], ['b', 'X']]);
    expect(tags(serialize([gapFirst]))).toEqual(['a O', 'b B-X']);
  });

  it('does not count spans that only touch as overlapping, and keeps the longer of two that start together', () => {
    const touching = doc('a b', [['a', 'X'], ['b', 'Y']]);
    expect(checkConll(touching).overlapping).toEqual([]);
    const nested = doc('a b c', [['a', 'SHORT'], ['a b', 'LONG'], ['c', 'Z']]);
    expect(checkConll(nested).overlapping).toEqual([[nested.spans[1], nested.spans[0]]]);
    expect(tags(serialize([nested]))).toEqual(['a B-LONG', 'b I-LONG', 'c B-Z']);
  });
});
