// CoNLL specifics: tokens, sentence breaks, IOB schemes, misaligned and overlapping spans.
import { describe, expect, it } from 'vitest';
import type { PortableDocument } from '../../../src-main/model';
import { checkConll, parse, serialize } from '../../../src-main/formats/conll';
import { at, curie, meta, nasty } from './documents';

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

describe('CoNLL and French', () => {
  const text = 'Le secrétaire de l’OTAN parle d’État et de l\'économie.';
  const french = (language?: string): PortableDocument => ({
    ...doc(text, [
      ['OTAN', 'ORG'],
      ['État', 'LOC'],
      ['économie', 'TOPIC'],
    ]),
    meta: meta(language === undefined ? {} : { extra: { language } }),
  });

  it('splits elisions in French text, so that an entity without its article stays without it', () => {
    expect(checkConll(french('fr')).misaligned).toEqual([]);
    expect(tags(serialize([french('fr-FR')]))).toEqual([
      'Le O', 'secrétaire O', 'de O', 'l’ O', 'OTAN B-ORG', 'parle O', 'd’ O', 'État B-LOC', 'et O', 'de O', "l' O", 'économie B-TOPIC', '. O',
    ]);
  });

  it('detects French when the metadata does not say, and can be told otherwise', () => {
    expect(tags(serialize([french()]))).toContain('OTAN B-ORG');
    // forced to no elision rules: the article is part of the token, and the span is widened to it
    expect(checkConll(french('fr'), { language: 'und' }).misaligned.length).toBe(3);
    expect(tags(serialize([french('fr')], { language: 'und' }))).toContain('l’OTAN B-ORG');
    expect(tags(serialize([french('en')]))).toContain('d’État B-LOC');
  });

  it('writes each sentence as one block', () => {
    const out = serialize([doc('Il pleut. Il vente !\nNon', [])]);
    expect(out.split('\n\n').slice(1)).toEqual(['Il O\npleut O\n. O', 'Il O\nvente O\n! O', 'Non O', '']);
  });

  it('turns hyphens in labels into underscores, as tag readers split at them', () => {
    expect(tags(serialize([doc('Le lieu-dit Bel Air', [['Bel Air', 'Lieu-dit nommé']])]))).toContain('Bel B-Lieu_dit_nommé');
  });
});

/**
 * A CoNLL file by conlleval's conventions: one token per line with space-separated fields, the
 * same number on every line, a blank line between sentences, and valid IOB tags. Returns the
 * problems, and the chunks conlleval's own start/end rules (conlleval.pl startOfChunk, endOfChunk)
 * find, as "TYPE first-last" over the token positions of the file.
 */
function conlleval(file: string, scheme: 'iob1' | 'iob2'): { problems: string[]; chunks: string[] } {
  const problems: string[] = [];
  const chunks: string[] = [];
  if (!file.endsWith('\n\n')) problems.push('the file must end with a blank line');
  let fields = -1;
  let previous = { tag: 'O', type: '' };
  let open: { type: string; first: number } | undefined;
  let position = 0;
  const close = (last: number): void => {
    if (open) chunks.push(`${open.type} ${open.first}-${last}`);
    open = undefined;
  };
  const lines = file.split('\n').slice(0, -1);
  lines.forEach((line, i) => {
    if (line === '') {
      if (lines[i - 1] === '') problems.push(`line ${i + 1}: two blank lines`);
      close(position - 1);
      previous = { tag: 'O', type: '' };
      return;
    }
    const parts = line.split(' ');
    if (parts.some((p) => p === '' || /\s/.test(p))) problems.push(`line ${i + 1}: fields must be separated by one space`);
    if (fields === -1) fields = parts.length;
    else if (parts.length !== fields) problems.push(`line ${i + 1}: ${parts.length} fields, not ${fields}`);
    const last = parts[parts.length - 1] ?? '';
    const match = /^(?:O|([BI])-(\S+))$/.exec(last);
    if (!match) problems.push(`line ${i + 1}: tag ${last}`);
    const tag = match?.[1] ?? 'O';
    const type = match?.[2] ?? '';
    if (scheme === 'iob2' && tag === 'I' && (previous.tag === 'O' || previous.type !== type)) problems.push(`line ${i + 1}: IOB2 I- must continue a chunk of its type`);
    if (scheme === 'iob1' && tag === 'B' && (previous.tag === 'O' || previous.type !== type)) problems.push(`line ${i + 1}: IOB1 B- only right after a chunk of its type`);
    const ends = previous.tag !== 'O' && (tag === 'B' || tag === 'O' || previous.type !== type);
    const starts = tag !== 'O' && (tag === 'B' || previous.tag === 'O' || previous.type !== type);
    if (ends) close(position - 1);
    if (starts) open = { type, first: position };
    previous = { tag, type };
    position++;
  });
  close(position - 1);
  return { problems, chunks };
}

describe('CoNLL by conlleval’s conventions', () => {
  const adjacent = doc('Paris London and Rome , Lyon', [
    ['Paris', 'LOC'],
    ['London', 'LOC'],
    ['Rome', 'LOC'],
    ['Lyon', 'CITY'],
  ]);
  const overlapping = doc('University of Paris is old', [
    ['University of Paris', 'ORG'],
    ['Paris', 'LOC'],
    ['old', 'AGE'],
  ]);

  it('one token per line, a blank line between sentences, valid IOB1 and IOB2, and the spans as chunks', () => {
    for (const d of [curie, nasty, adjacent, overlapping]) {
      for (const scheme of ['iob1', 'iob2'] as const) {
        for (const columns of [2, 4] as const) {
          const out = serialize([d], { scheme, columns });
          const { problems, chunks } = conlleval(out, scheme);
          expect({ name: d.name, scheme, columns, problems }).toEqual({ name: d.name, scheme, columns, problems: [] });
          // the chunks over the file's token positions (the -DOCSTART- line is position 0)
          const lines = out.split('\n').filter((line) => line !== '');
          const found = chunks.map((chunk) => {
            const [type, range = ''] = chunk.split(' ');
            const [first = 0, last = 0] = range.split('-').map(Number);
            return `${type} ${lines.slice(first, last + 1).map((line) => line.split(' ')[0]).join(' ')}`;
          });
          const kept = d === overlapping ? d.spans.filter((s) => s.label !== 'LOC') : d.spans;
          expect(found).toEqual(kept.map((s) => `${s.label} ${d.text.slice(s.start, s.end).replace('東京都', '東京 都')}`));
        }
      }
    }
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
