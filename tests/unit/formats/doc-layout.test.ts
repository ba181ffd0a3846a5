// spaCy Doc JSON and Prodigy JSONL: tokens that spaCy rebuilds, spans on whole tokens, relations
// on token indexes, and what import makes of files other tools wrote.
import { describe, expect, it } from 'vitest';
import { describeLoss } from '../../../src-main/formats/index';
import * as prodigy from '../../../src-main/formats/prodigy';
import * as spacy from '../../../src-main/formats/spacy';
import { docLayout } from '../../../src-main/formats/doc-layout';
import { codePointSlice, curie, edges } from './documents';
import { worded } from './notes';

describe('tokens', () => {
  it('cut CoNLL tokens at span edges, lay whitespace out as spaCy does, count code points', () => {
    const layout = docLayout(edges);
    const { places } = layout;
    const tokens = Array.from({ length: layout.count }, (_, i) => ({ start: layout.starts[i] ?? -1, end: layout.ends[i] ?? -1, ws: layout.ws[i] === 1 }));
    const words = tokens.map((t) => codePointSlice(edges.text, t.start, t.end));
    expect(words.map((_, i) => layout.text(i))).toEqual(words);
    // the text is the tokens with one space after those whose ws is set
    expect(tokens.map((t, i) => `${words[i]}${t.ws ? ' ' : ''}`).join('')).toBe(edges.text);
    expect(words).toEqual([
      '  ', 'Zoe\u0308', 'et', 'sa', 'fami', 'lle', '\u00a0', 'à', ' ', 'Paris', '\t\t', '(', 'France', ')', '\n\n\n',
      'La', '\ufeff', 'Ville', 'Lumière', '.', '\u001c', 'Fin', ' ',
    ]);
    // spans start and end on tokens, shorn of edge whitespace; a span of whitespace only has no place
    expect(places.map((p) => (p === undefined ? undefined : codePointSlice(edges.text, p.start, p.end)))).toEqual([
      'Zoe\u0308', 'fami', 'à', 'Paris\t\t(France)', 'France', undefined, 'Ville Lumière', 'Lumière', 'Fin',
    ]);
    expect(places[6]).toMatchObject({ firstToken: 17, lastToken: 18 });
    expect(places[7]).toMatchObject({ firstToken: 18, lastToken: 18 });
  });

  it('report spans whose edges hold whitespace', () => {
    const loss = describeLoss('spacy', [edges]).find((l) => l.kind === 'edgeWhitespace');
    expect(loss?.count).toBe(3);
    expect(describeLoss('prodigy', [curie]).map((l) => l.kind)).toEqual(['notes']);
  });
});

describe('spaCy Doc JSON', () => {
  it('puts every span in spans["sc"] and the spans that do not overlap in ents', () => {
    const [line] = spacy.serialize([edges]).trim().split('\n').map((l) => JSON.parse(l) as {
      ents: { start: number; end: number; label: string }[];
      spans: { sc: { label: string }[] };
      _: { relations: { from: number; to: number; label: string }[] };
    });
    expect(line?.spans.sc.map((s) => s.label)).toEqual(['PER', 'PART', 'WORD', 'LOC', 'COUNTRY', 'CITY', 'WORD', 'WORD']);
    expect(line?.ents.map((e) => e.label)).toEqual(['PER', 'PART', 'WORD', 'LOC', 'CITY', 'WORD']);
    // relations index spans["sc"], where the whitespace span is not
    expect(line?._.relations).toEqual([
      { from: 5, to: 0, label: 'home_of' },
      { from: 6, to: 3, label: 'names' },
    ]);
  });

  it('reads what spaCy writes: entities without span groups, other groups, extensions, sentences', () => {
    const doc = {
      text: 'Ada met Bob.',
      ents: [{ start: 0, end: 3, label: 'PER' }],
      sents: [{ start: 0, end: 12 }],
      tokens: [{ id: 0, start: 0, end: 3, pos: 'PROPN' }],
      spans: { people: [{ start: 8, end: 11, label: 'PER', kb_id: 'Q1' }, { start: 0, end: 3, label: 'PER', kb_id: '' }] },
      cats: { greeting: 0.2, meeting: 0.9 },
      _: { source: 'wire' },
    };
    const [read] = spacy.parse(JSON.stringify(doc), 'spacy.jsonl');
    expect(read?.spans.map((s) => [s.start, s.end, s.label])).toEqual([
      [8, 11, 'PER'],
      [0, 3, 'PER'],
    ]);
    expect(read?.categories).toEqual(['meeting']);
    expect(read?.meta.extra).toEqual({ source: 'wire' });
  });

  it('refuses a relation to a span that is not in spans["sc"]', () => {
    const doc = { text: 'Ada', tokens: [], spans: { sc: [{ start: 0, end: 3, label: 'PER', kb_id: '' }] }, _: { relations: [{ from: 0, to: 4, label: 'x' }] } };
    expect(() => spacy.parse(JSON.stringify(doc), 's.jsonl')).toThrow('s.jsonl line 1: relation "x" refers to span 4 of spans["sc"], which has 1');
  });
});

describe('Prodigy JSONL', () => {
  it('writes relations between the last tokens of their spans, with the spans themselves', () => {
    const [task] = prodigy.serialize([edges]).trim().split('\n').map((l) => JSON.parse(l) as {
      relations: { head: number; child: number; head_span: { token_end: number; label: string }; label: string }[];
    });
    // Ville Lumière and Lumière both end on token 18: head_span says which
    expect(task?.relations.map((r) => [r.head, r.child, r.head_span.label, r.label])).toEqual([
      [18, 1, 'CITY', 'home_of'],
      [18, 13, 'WORD', 'names'],
    ]);
  });

  it('reads relations by head_span and child_span, or by the token a span ends on', () => {
    const task = {
      text: 'Ada met Bob',
      tokens: [
        { text: 'Ada', start: 0, end: 3, id: 0, ws: true },
        { text: 'met', start: 4, end: 7, id: 1, ws: true },
        { text: 'Bob', start: 8, end: 11, id: 2, ws: false },
      ],
      spans: [
        { start: 0, end: 3, token_start: 0, token_end: 0, label: 'PER' },
        { start: 8, end: 11, label: 'PER' },
      ],
      relations: [
        { head: 0, child: 2, label: 'meets' },
        { head: 1, child: 1, label: 'self', head_span: { start: 4, end: 7, token_start: 1, token_end: 1, label: null }, child_span: { start: 4, end: 7, token_start: 1, token_end: 1, label: null } },
      ],
      options: [{ id: 'social', text: 'social' }],
      accept: ['social'],
      answer: 'reject',
      _input_hash: 42,
    };
    const [doc] = prodigy.parse(JSON.stringify(task), 'p.jsonl');
    expect(doc?.relations).toEqual([{ fromKey: '0', toKey: '1', type: 'meets' }]);
    expect(doc?.categories).toEqual(['social']);
    expect(worded(doc?.meta.extra)).toEqual({
      _input_hash: '42',
      answer: 'reject',
      importNotes: '1 × relation between tokens that are not spans left out',
    });
  });

  it('refuses a relation whose token ends no span, or several, when no span is named', () => {
    const task = (head: number) => ({
      text: 'Ada Lovelace',
      tokens: [
        { text: 'Ada', start: 0, end: 3, id: 0, ws: true },
        { text: 'Lovelace', start: 4, end: 12, id: 1, ws: false },
      ],
      spans: [
        { start: 0, end: 12, label: 'PER' },
        { start: 4, end: 12, label: 'NAME' },
      ],
      relations: [{ head, child: 1, label: 'r' }],
    });
    expect(() => prodigy.parse(JSON.stringify(task(0)), 'p.jsonl')).toThrow(/refers to token 0, on which no span ends/);
    expect(() => prodigy.parse(JSON.stringify(task(1)), 'p.jsonl')).toThrow(/refers to token 1, on which several spans end \(give "head_span" and "child_span"/);
  });
});
