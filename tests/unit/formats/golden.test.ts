// Golden files written by hand from each format's specification, compared byte for byte with
// serialize(), and read back by parse().
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { PortableDocument, SchemaSpec } from '../../../src-main/model';
import * as brat from '../../../src-main/formats/brat';
import * as conll from '../../../src-main/formats/conll';
import * as csv from '../../../src-main/formats/csv';
import * as doccano from '../../../src-main/formats/doccano';
import { formats } from '../../../src-main/formats/index';
import * as labelstudio from '../../../src-main/formats/labelstudio';
import * as prodigy from '../../../src-main/formats/prodigy';
import * as spacy from '../../../src-main/formats/spacy';
import * as w3c from '../../../src-main/formats/w3c';
import { at, comparable, curie, meta as metadata } from './documents';

const golden = (name: string): string =>
  readFileSync(new URL(`../../fixtures/formats/${name}`, import.meta.url), 'utf8');
const carries = (id: string) => formats.find((f) => f.id === id)?.carries ?? {};

const schema: SchemaSpec = {
  name: 'people and places',
  labels: [
    { name: 'PER', color: '#aa0000' },
    { name: 'LOC', color: '#00aa00', attributes: [{ name: 'kind', values: ['city', 'country'] }] },
  ],
  relations: [{ name: 'born_in', source: ['PER'], target: ['LOC'], directed: true }],
  categories: [],
};

describe('golden files', () => {
  it('doccano, relation shape, code points', () => {
    expect(doccano.serialize([curie])).toBe(golden('curie.doccano.jsonl'));
    const parsed = doccano.parse(golden('curie.doccano.jsonl'), 'curie.doccano.jsonl');
    expect(parsed.map((d) => comparable(d, carries('doccano')))).toEqual([comparable(curie, carries('doccano'))]);
  });

  it('doccano, label shape, UTF-16 offsets', () => {
    const plain = { ...curie, relations: [] };
    expect(doccano.serialize([plain], { offsets: 'utf16' })).toBe(golden('curie.doccano-utf16.jsonl'));
    const parsed = doccano.parse(golden('curie.doccano-utf16.jsonl'), 'x.jsonl', { offsets: 'utf16' });
    expect(parsed.map((d) => comparable(d, carries('doccano')))).toEqual([comparable(plain, carries('doccano'))]);
  });

  it('spaCy Doc JSON', () => {
    expect(spacy.serialize([curie])).toBe(golden('curie.spacy.jsonl'));
    const parsed = spacy.parse(golden('curie.spacy.jsonl'), 'curie.spacy.jsonl');
    expect(parsed.map((d) => comparable(d, carries('spacy')))).toEqual([comparable(curie, carries('spacy'))]);
  });

  it('Prodigy JSONL', () => {
    expect(prodigy.serialize([curie])).toBe(golden('curie.prodigy.jsonl'));
    const parsed = prodigy.parse(golden('curie.prodigy.jsonl'), 'curie.prodigy.jsonl');
    expect(parsed.map((d) => comparable(d, carries('prodigy')))).toEqual([comparable(curie, carries('prodigy'))]);
  });

  it('Label Studio JSON', () => {
    expect(labelstudio.serialize([curie])).toBe(golden('curie.labelstudio.json'));
    const parsed = labelstudio.parse(golden('curie.labelstudio.json'), 'curie.labelstudio.json');
    expect(parsed.map((d) => comparable(d, carries('labelstudio')))).toEqual([
      comparable(curie, carries('labelstudio')),
    ]);
  });

  it('W3C Web Annotation', () => {
    expect(w3c.serialize([curie])).toBe(golden('curie.w3c.jsonld'));
    const parsed = w3c.parse(golden('curie.w3c.jsonld'), 'curie.w3c.jsonld');
    expect(parsed.map((d) => comparable(d, carries('w3c')))).toEqual([comparable(curie, carries('w3c'))]);
  });

  it('brat standoff, annotation.conf and the zip holding them', () => {
    expect(brat.serializeDocument(curie)).toEqual({ txt: golden('brat/curie.txt'), ann: golden('brat/curie.ann') });
    expect(brat.annotationConf(schema, [curie])).toBe(golden('brat/annotation.conf'));
    const files = unzipSync(brat.serializeZip([curie], schema));
    expect(Object.fromEntries(Object.entries(files).map(([path, data]) => [path, strFromU8(data)]))).toEqual({
      'annotation.conf': golden('brat/annotation.conf'),
      'visual.conf': golden('brat/visual.conf'),
      'curie.txt': golden('brat/curie.txt'),
      'curie.ann': golden('brat/curie.ann'),
    });
    const parsed = brat.parseAnn(golden('brat/curie.txt'), golden('brat/curie.ann'), 'curie.ann');
    expect(comparable(parsed, carries('brat'))).toEqual(comparable(curie, carries('brat')));
  });

  it('brat: names that are not identifiers, an attribute value with a comma, a span across a blank line', () => {
    const text = 'Le sommet\n\nde Genève aura lieu à Genève.';
    const sommet: PortableDocument = {
      name: 'sommet.txt',
      text,
      meta: metadata(),
      spans: [
        { key: 'e', ...at(text, 'sommet\n\nde Genève'), label: 'Événement', attributes: { 'portée': 'locale, régionale' } },
        { key: 'l', ...at(text, 'Genève', 25), label: 'Lieu_géographique' },
      ],
      relations: [{ fromKey: 'e', toKey: 'l', type: 'située à' }],
    };
    const names: SchemaSpec = {
      name: 'sommets',
      labels: [
        { name: 'Événement', color: '#7c3aed', attributes: [{ name: 'portée', values: ['locale, régionale', 'nationale'] }] },
        { name: 'Lieu_géographique', color: '#047857' },
      ],
      relations: [{ name: 'située à', source: ['Événement'], target: ['Lieu_géographique'], directed: true }],
      categories: [],
    };
    const files = unzipSync(brat.serializeZip([sommet], names));
    const read = (path: string): string => golden(`brat-names/${path}`);
    expect(Object.fromEntries(Object.entries(files).map(([path, data]) => [path, strFromU8(data)]))).toEqual({
      'annotation.conf': read('annotation.conf'),
      'visual.conf': read('visual.conf'),
      'glose-names.json': read('glose-names.json'),
      'sommet.txt': read('sommet.txt'),
      'sommet.ann': read('sommet.ann'),
    });
    const [back] = brat.parseZip(brat.serializeZip([sommet], names), 'sommet.zip');
    expect(back && comparable(back, carries('brat'))).toEqual(comparable(sommet, carries('brat')));
    expect(back?.meta.extra).toBeUndefined();
  });

  it('CSV', () => {
    expect(csv.serialize([curie])).toBe(golden('curie.csv'));
    const [parsed] = csv.parse(golden('curie.csv'), 'curie.csv');
    expect(parsed?.name).toBe('curie.txt');
    expect(csv.attachSpans(parsed ?? { name: '', spans: [] }, curie.text, 'curie.csv')).toEqual(
      curie.spans.map(({ key: _key, ...span }) => span),
    );
  });

  it('CoNLL, 2 columns, IOB2', () => {
    expect(conll.serialize([curie])).toBe(golden('curie.conll'));
  });

  it('CoNLL-2003, 4 columns, IOB1', () => {
    expect(conll.serialize([curie], { columns: 4, scheme: 'iob1' })).toBe(golden('curie.iob1-4col.conll'));
    const [parsed] = conll.parse(golden('curie.iob1-4col.conll'), 'curie.conll');
    expect(parsed?.spans.map((s) => [parsed.text.slice(s.start, s.end), s.label])).toEqual([
      ['Marie Curie', 'PER'],
      ['Warsaw', 'LOC'],
      ['Paris', 'LOC'],
    ]);
  });
});
