// The registry says what each format carries, and describeLoss what an export would drop.
import { describe, expect, it } from 'vitest';
import * as doccano from '../../../src-main/formats/doccano';
import { describeLoss, formats } from '../../../src-main/formats/index';
import * as spacy from '../../../src-main/formats/spacy';
import { curie, nasty } from './documents';

describe('formats', () => {
  it('lists every format once, with an extension', () => {
    expect(formats.map((f) => f.id)).toEqual(['doccano', 'conll', 'brat', 'webanno', 'w3c', 'labelstudio', 'spacy', 'prodigy', 'csv']);
    for (const format of formats) expect(format.extension).toMatch(/^[a-z]+$/);
  });
});

describe('describeLoss', () => {
  const kinds = (id: Parameters<typeof describeLoss>[0]) => describeLoss(id, [curie, nasty]).map((l) => l.kind);

  it('reports what CoNLL cannot carry', () => {
    expect(kinds('conll')).toEqual([
      'relations',
      'relationNotes',
      'notes',
      'attributes',
      'categories',
      'metadata',
      'names',
      'whitespace',
    ]);
    const [relations] = describeLoss('conll', [curie, nasty]);
    expect(relations).toEqual({
      kind: 'relations',
      count: 3,
      documents: [curie.name, nasty.name],
      message: 'CoNLL (IOB): 3 relations will be left out (in 2 documents)',
    });
  });

  it('reports CoNLL spans off token boundaries, overlaps, and labels with spaces', () => {
    const text = 'University of Paris';
    const doc = {
      ...curie,
      text,
      relations: [],
      spans: [
        { start: 0, end: 19, label: 'Org name' },
        { start: 14, end: 19, label: 'LOC' },
        { start: 2, end: 5, label: 'BITS' },
      ],
    };
    const losses = describeLoss('conll', [doc]);
    expect(losses.map((l) => [l.kind, l.count])).toEqual([
      ['names', 1],
      ['whitespace', 1],
      ['misaligned', 1],
      ['overlapping', 2],
      ['renamed', 1],
    ]);
  });

  it('reports brat names with spaces and notes with line breaks', () => {
    const doc = {
      ...curie,
      spans: curie.spans.map((s) => ({ ...s, label: 'Place name', note: 'two\nlines' })),
      categories: ['x'],
    };
    expect(describeLoss('brat', [doc]).map((l) => [l.kind, l.count])).toEqual([
      ['categories', 1],
      ['renamed', 1],
      ['noteLineBreaks', 3],
    ]);
  });

  it('is empty when the format keeps everything the documents hold', () => {
    expect(describeLoss('w3c', [curie])).toEqual([]);
    expect(describeLoss('labelstudio', [curie])).toEqual([]);
    expect(kinds('labelstudio')).toEqual(['relationNotes']);
    expect(kinds('csv')).toEqual(['relations', 'relationNotes', 'categories', 'metadata', 'text']);
  });
});

describe('metadata in JSON Lines formats', () => {
  it('keeps descriptive metadata and extra keys of an imported line', () => {
    const line = JSON.stringify({ id: 12, text: 'Hi', label: [], Comments: [], meta: { title: 'T', pages: 3 } });
    const [doc] = doccano.parse(line, 'in.jsonl');
    expect(doc?.name).toBe('in.jsonl #1');
    expect(doc?.meta).toEqual({
      format: 'doccano',
      hash: '',
      normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 },
      title: 'T',
      extra: { id: '12', Comments: '[]', pages: '3' },
    });
  });

  it('reads spaCy categories by score', () => {
    const [doc] = spacy.parse(JSON.stringify({ text: 'Hi', tokens: [], cats: { greeting: 0.9, insult: 0.1 } }), 'in.jsonl');
    expect(doc?.categories).toEqual(['greeting']);
  });
});
