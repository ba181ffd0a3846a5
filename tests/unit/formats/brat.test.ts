// brat specifics: fragments across newlines, attributes, notes, lines Glose leaves out, file names.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { PortableDocument } from '../../../src-main/model';
import { annotationConf, parseAnn, parseZip, serializeDocument, serializeZip } from '../../../src-main/formats/brat';
import { at, meta } from './documents';
import { worded } from './notes';

const text = 'They flew to New\nYork 😀 and back.';
const doc: PortableDocument = {
  name: 'trip.txt',
  text,
  meta: meta(),
  spans: [
    { key: 'a', ...at(text, 'New\nYork'), label: 'Place name', attributes: { size: 'very big' } },
    { key: 'b', ...at(text, 'back'), label: 'DIR', note: 'first line\nsecond line' },
  ],
  relations: [{ fromKey: 'b', toKey: 'a', type: 'goes to', note: 'maybe' }],
};

describe('brat export', () => {
  it('splits spans at newlines into fragments and flattens names and notes', () => {
    expect(serializeDocument(doc).ann).toBe(
      [
        'T1\tPlace_name 13 16;17 21\tNew York',
        'T2\tDIR 28 32\tback',
        'R1\tgoes_to Arg1:T2 Arg2:T1',
        'A1\tsize T1 very_big',
        '#1\tAnnotatorNotes T2\tfirst line second line',
        '#2\tAnnotatorNotes R1\tmaybe',
        '',
      ].join('\n'),
    );
  });

  it('declares in annotation.conf whatever the documents use beyond the schema', () => {
    expect(annotationConf({ name: 's', labels: [], relations: [], categories: [] }, [doc])).toBe(
      [
        '[entities]',
        'Place_name',
        'DIR',
        '',
        '[relations]',
        '<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>',
        'goes_to\tArg1:<ENTITY>, Arg2:<ENTITY>',
        '',
        '[events]',
        '',
        '[attributes]',
        'size\tArg:Place_name, Value:very_big',
        '',
      ].join('\n'),
    );
  });

  it('gives every document a safe, unique file name', () => {
    const named = (name: string): PortableDocument => ({ ...doc, name });
    const files = unzipSync(
      serializeZip([named('a/b.txt'), named('A_b'), named('..hidden'), named('')], {
        name: 's',
        labels: [],
        relations: [],
        categories: [],
      }),
    );
    expect(Object.keys(files).filter((path) => path.endsWith('.txt'))).toEqual([
      'a_b.txt',
      'A_b-2.txt',
      '_hidden.txt',
      'document.txt',
    ]);
    expect(strFromU8(files['a_b.txt'] ?? new Uint8Array())).toBe(text);
  });
});

describe('brat import', () => {
  it('reads fragments, attributes, notes and relations, whatever their order', () => {
    const ann = [
      '#1\tAnnotatorNotes T1\tsee also',
      'A1\tNegated T1',
      'M2\tSize T1 big',
      'R1\tto Arg2:T1 Arg1:T2',
      'T1\tPLACE 13 16;17 21\tNew York',
      'T2\tDIR 28 32\tback',
      '#2\tAnnotatorNotes R1\tmaybe',
    ].join('\n');
    const parsed = parseAnn(text, ann, 'trip.ann');
    expect(parsed.name).toBe('trip.txt');
    expect(parsed.spans).toEqual([
      { key: 'T1', ...at(text, 'New\nYork'), label: 'PLACE', note: 'see also', attributes: { Negated: 'true', Size: 'big' } },
      { key: 'T2', ...at(text, 'back'), label: 'DIR' },
    ]);
    expect(parsed.relations).toEqual([{ fromKey: 'T2', toKey: 'T1', type: 'to', note: 'maybe' }]);
    expect(parsed.meta.extra).toBeUndefined();
  });

  it('leaves out events, normalizations and equivalences, and says so', () => {
    const ann = [
      'T1\tPLACE 13 21\tNew\nYork'.replace('\n', ' '),
      'T2\tTrigger 5 9\tflew',
      'E1\tTravel:T2 Dest:T1',
      'A1\tNegated E1',
      'N1\tReference T1 Wikipedia:645042\tNew York',
      '*\tEquiv T1 T2',
      'R1\tlinks Arg1:E1 Arg2:T1',
    ].join('\n');
    const parsed = parseAnn(text.replace('\n', ' '), ann, 'trip.ann');
    expect(parsed.spans.map((s) => s.label)).toEqual(['PLACE', 'Trigger']);
    expect(parsed.relations).toEqual([]);
    expect(worded(parsed.meta.extra)?.importNotes).toBe(
      '1 × event (E line) left out; 1 × normalization (N line) left out; 1 × equivalence (* line) left out; ' +
        '1 × attribute of an event, normalization or equivalence left out; 1 × relation to an event left out',
    );
  });

  it('widens a discontinuous span over its gap and says so when the gap holds text', () => {
    const parsed = parseAnn('North and South America', 'T1\tCONTINENT 0 5;16 23\tNorth America', 'c.ann');
    expect(parsed.spans).toEqual([{ key: 'T1', start: 0, end: 23, label: 'CONTINENT' }]);
    expect(worded(parsed.meta.extra)?.importNotes).toBe('1 × discontinuous span widened over the text between its fragments');
  });

  it('pairs .txt and .ann files in folders, counts a BOM, skips hidden files', () => {
    const zip = zipSync({
      'corpus/a.txt': strToU8('\uFEFFParis'),
      'corpus/a.ann': strToU8('T1\tLOC 1 6\tParis\n'),
      'corpus/b.TXT': strToU8('no annotations'),
      'corpus/.notes.txt': strToU8('hidden'),
      '__MACOSX/corpus/._a.txt': strToU8('resource fork'),
    });
    const docs = parseZip(zip, 'corpus.zip');
    expect(docs.map((d) => [d.name, d.text, d.spans])).toEqual([
      ['corpus/a.txt', 'Paris', [{ key: 'T1', start: 0, end: 5, label: 'LOC' }]],
      ['corpus/b.TXT', 'no annotations', []],
    ]);
    expect(docs[0]?.meta.normalisation.bomRemoved).toBe(true);
  });
});
