// CoNLL specifics: tokens, sentence breaks, IOB schemes, misaligned and overlapping spans.
import { describe, expect, it } from 'vitest';
import type { PortableDocument } from '../../../src-main/model';
import { checkConll, parse, serialize } from '../../../src-main/formats/conll';
import { at, meta } from './documents';

function doc(text: string, spans: [string, string][], from = 0): PortableDocument {
  return {
    name: 'd.txt',
    text,
    meta: meta(),
    spans: spans.map(([part, label]) => ({ ...at(text, part, from), label })),
    relations: [],
  };
}

const tags = (out: string): string[] =>
  out
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('-DOCSTART-'))
    .map((line) => line.split(' ').join(' '));

describe('CoNLL export', () => {
  it('writes IOB1 B- only where an entity follows one of the same type', () => {
    const d = doc('Paris London and Rome', [
      ['Paris', 'LOC'],
      ['London', 'LOC'],
      ['Rome', 'LOC'],
    ]);
    expect(tags(serialize([d], { scheme: 'iob1' }))).toEqual(['Paris I-LOC', 'London B-LOC', 'and O', 'Rome I-LOC']);
    expect(tags(serialize([d]))).toEqual(['Paris B-LOC', 'London B-LOC', 'and O', 'Rome B-LOC']);
    const [back] = parse(serialize([d], { scheme: 'iob1' }), 'd.conll');
    expect(back?.spans.map((s) => back.text.slice(s.start, s.end))).toEqual(['Paris', 'London', 'Rome']);
  });

  it('keeps a span that crosses a sentence end in one sentence, so it reads back whole', () => {
    const d = doc('He said Hi. There. Then left.', [['Hi. There', 'QUOTE']]);
    const out = serialize([d]);
    expect(out).toBe(
      '-DOCSTART- O\n\nHe O\nsaid O\nHi B-QUOTE\n. I-QUOTE\nThere I-QUOTE\n. O\n\nThen O\nleft O\n. O\n\n',
    );
    const [back] = parse(out, 'd.conll');
    expect(back?.spans.map((s) => back.text.slice(s.start, s.end))).toEqual(['Hi . There']);
  });

  it('widens misaligned spans to whole tokens and replaces spaces in labels', () => {
    const d = doc('Interpol headquarters', [['pol head', 'Named Entity']]);
    expect(checkConll(d).misaligned).toEqual(d.spans);
    expect(tags(serialize([d]))).toEqual(['Interpol B-Named_Entity', 'headquarters I-Named_Entity']);
  });

  it('keeps the outermost of overlapping spans, or none of them', () => {
    const d = doc('University of Paris is old', [
      ['Paris', 'LOC'],
      ['University of Paris', 'ORG'],
      ['old', 'AGE'],
    ]);
    expect(checkConll(d)).toEqual({ misaligned: [], overlapping: [[d.spans[1], d.spans[0]]] });
    expect(tags(serialize([d]))).toEqual(['University B-ORG', 'of I-ORG', 'Paris I-ORG', 'is O', 'old B-AGE']);
    expect(tags(serialize([d], { overlap: 'skip' }))).toEqual(['University O', 'of O', 'Paris O', 'is O', 'old B-AGE']);
  });

  it('tokenises a long text exactly as it would segment it in one piece', () => {
    const text =
      'Dr. Smith went to Washington D.C. yesterday. "Really?" she asked! e\u0301té 東京都に住む。 3.14 U.S.A. '.repeat(150) +
      'and then one sentence that goes on 👩‍👩‍👧 without end '.repeat(150);
    const segment = (granularity: 'sentence' | 'word', part: string) =>
      Array.from(new Intl.Segmenter('en', { granularity }).segment(part), (s) => s.segment);
    const expected = segment('sentence', text)
      .map((sentence) => segment('word', sentence).flatMap((word) => word.match(/\S+/gu) ?? []))
      .filter((tokens) => tokens.length > 0)
      .map((tokens) => tokens.map((token) => `${token} O\n`).join(''))
      .join('\n');
    expect(serialize([doc(text, [])])).toBe(`-DOCSTART- O\n\n${expected}\n`);
  });

  it('writes 4 columns with either filler', () => {
    const d = doc('Paris', [['Paris', 'LOC']]);
    expect(serialize([d], { columns: 4 })).toBe('-DOCSTART- -X- -X- O\n\nParis _ O B-LOC\n\n');
    expect(serialize([d], { columns: 4, filler: '-X-' })).toBe('-DOCSTART- -X- -X- O\n\nParis -X- -X- B-LOC\n\n');
  });
});

describe('CoNLL import', () => {
  it('reads IOBES tags, documents and sentences, naming documents after the file', () => {
    const file = [
      '-DOCSTART- -X- -X- O',
      '',
      'New NNP B-NP B-LOC',
      'York NNP I-NP E-LOC',
      'is VBZ B-VP O',
      'Obama NNP B-NP S-PER',
      '',
      'Yes UH O O',
      '-DOCSTART- -X- -X- O',
      '',
      'Rome NNP B-NP I-LOC',
      '',
    ].join('\n');
    const docs = parse(file, 'news.conll');
    expect(docs.map((d) => [d.name, d.text])).toEqual([
      ['news.conll #1', 'New York is Obama\nYes'],
      ['news.conll #2', 'Rome'],
    ]);
    expect(docs.map((d) => d.spans.map((s) => [d.text.slice(s.start, s.end), s.label]))).toEqual([
      [
        ['New York', 'LOC'],
        ['Obama', 'PER'],
      ],
      [['Rome', 'LOC']],
    ]);
  });

  it('reads a file without -DOCSTART- as one document', () => {
    const [d, ...more] = parse('Paris\tB-LOC\nis\tO\n', 'x.conll');
    expect(more).toEqual([]);
    expect(d?.spans).toEqual([{ start: 0, end: 5, label: 'LOC' }]);
  });
});
