// spaCy Doc JSON cases the mutation run (docs/testing.md) found untested. Doc.ents cannot overlap
// and is kept in token order (spaCy raises E103 otherwise), so an export keeps the outermost of
// nested spans there (offsets in characters, as Doc.to_json writes them), while the span group keeps every span; a category counts from a score of 0.5,
// spaCy's textcat threshold.
import { describe, expect, it } from 'vitest';
import type { PortableDocument } from '../../../src-main/model';
import { docBinUnsupported, parse, serialize } from '../../../src-main/formats/spacy';
import { at, meta } from './documents';

const text = 'New York City is far from Rome';
const doc: PortableDocument = {
  name: 'd.txt',
  text,
  meta: meta(),
  spans: [
    { key: 'rome', ...at(text, 'Rome'), label: 'LOC' },
    { key: 'ny', ...at(text, 'New York'), label: 'GPE' },
    { key: 'nyc', ...at(text, 'New York City'), label: 'CITY' },
  ],
  relations: [],
};
type Line = { ents: { start: number; end: number; label: string }[]; spans: Record<string, unknown[]>; _: Record<string, unknown>; cats?: unknown };
const line = (d: PortableDocument): Line => JSON.parse(serialize([d])) as Line;

describe('spaCy export details', () => {
  it('keeps the outermost of nested spans as entities, in text order', () => {
    expect(line(doc).ents).toEqual([
      { start: 0, end: 13, label: 'CITY' },
      { start: 26, end: 30, label: 'LOC' },
    ]);
  });

  it('writes relations by their place in the span group, and none when there are none', () => {
    expect(line(doc)._).toEqual({ name: 'd.txt' });
    const related = { ...doc, relations: [{ fromKey: 'nyc', toKey: 'rome', type: 'far' }] };
    expect(line(related)._).toEqual({ name: 'd.txt', relations: [{ from: 2, to: 0, label: 'far' }] });
    expect(line(doc).cats).toBeUndefined();
  });
});

describe('spaCy import details', () => {
  const record = (more: Record<string, unknown>): string =>
    JSON.stringify({ text: 'a b', ents: [], tokens: [{ id: 0, start: 0, end: 1 }, { id: 1, start: 2, end: 3 }], ...more });

  it('names documents without a name by their line, counting documents read', () => {
    const docs = parse(`${record({})}\n${record({})}\n`, 'x.jsonl');
    expect(docs.map((d) => d.name)).toEqual(['x.jsonl #1', 'x.jsonl #2']);
  });

  it('reads an entity also in a span group once, and one only in ents too', () => {
    const [d] = parse(record({ ents: [{ start: 0, end: 1, label: 'X' }, { start: 2, end: 3, label: 'Y' }], spans: { sc: [{ start: 0, end: 1, label: 'X' }] } }), 'x.jsonl');
    expect(d?.spans).toEqual([
      { key: 'sc:0', start: 0, end: 1, label: 'X' },
      { key: 'ents:1', start: 2, end: 3, label: 'Y' },
    ]);
  });

  it('refuses a relation to a span past the end of the group', () => {
    const input = record({ spans: { sc: [{ start: 0, end: 1, label: 'X' }] }, _: { relations: [{ from: 0, to: 1, label: 'r' }] } });
    expect(() => parse(input, 'x.jsonl')).toThrow('relation "r" refers to span 1 of spans["sc"], which has 1');
  });

  it('counts a category from a score of 0.5, and keeps unknown keys as metadata', () => {
    const [d] = parse(record({ cats: { yes: 0.5, no: 0.49 }, user_data: 'kept' }), 'x.jsonl');
    expect(d?.categories).toEqual(['yes']);
    expect(d?.meta.extra).toEqual({ user_data: 'kept' });
    const [none] = parse(record({ cats: { no: 0.1 } }), 'x.jsonl');
    expect(none && 'categories' in none).toBe(false);
  });
});

describe('spaCy Doc JSON, more details (the run of 2026-12-02)', () => {
  it('leaves out a relation to a span of white space only, which is not in the span group', () => {
    const d: PortableDocument = {
      name: 'w.txt',
      text: 'Ada  Bob',
      meta: meta(),
      spans: [
        { key: 'a', start: 0, end: 3, label: 'PER' },
        { key: 'gap', start: 3, end: 5, label: 'GAP' },
        { key: 'b', start: 5, end: 8, label: 'PER' },
      ],
      relations: [
        { fromKey: 'a', toKey: 'gap', type: 'to_gap' },
        { fromKey: 'gap', toKey: 'b', type: 'from_gap' },
        { fromKey: 'a', toKey: 'b', type: 'meets' },
      ],
    };
    const line = JSON.parse(serialize([d])) as { _: { relations: unknown[] } };
    expect(line._.relations).toEqual([{ from: 0, to: 1, label: 'meets' }]);
  });

  it('refuses a relation in a file without the span group "sc"', () => {
    const line = { text: 'Ada', tokens: [], ents: [{ start: 0, end: 3, label: 'PER' }], _: { relations: [{ from: 0, to: 0, label: 'self' }] } };
    expect(() => parse(JSON.stringify(line), 's.jsonl')).toThrow('s.jsonl line 1: relation "self" refers to span 0 of spans["sc"], which has 0');
  });

  it('says why a binary .spacy file is not offered', () => {
    expect(docBinUnsupported()).toMatch(/DocBin/);
  });
});
