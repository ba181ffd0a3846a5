import { describe, expect, it } from 'vitest';
import { parseBratConf, parseSchemaFile } from '../../../src-main/formats/schema';
import { FormatError } from '../../../src-main/formats/errors';
import news from '../../../resources/schemas/news.json';
import conll from '../../../resources/schemas/conll2003.json';
import quotes from '../../../resources/schemas/quotes-sources.json';

describe('label schema files', () => {
  it('accepts the shipped templates', () => {
    for (const t of [news, conll, quotes]) {
      const { spec, warnings } = parseSchemaFile(JSON.stringify(t), 'template.json');
      expect(spec.labels.length).toBeGreaterThan(0);
      expect(warnings).toEqual([]);
    }
    const { spec } = parseSchemaFile(JSON.stringify(news), 'news.json');
    expect(spec.relations).toContainEqual({ name: 'said_by', source: ['QUOTE'], target: ['PER', 'ORG'], directed: true });
  });

  it('refuses a Glose schema with a bad colour, naming the field', () => {
    const bad = { name: 'x', labels: [{ name: 'PER', color: 'red' }] };
    expect(() => parseSchemaFile(JSON.stringify(bad), 'bad.json')).toThrow(/bad\.json: not a Glose schema: field labels\[0\]\.color: a colour is #rrggbb/);
    expect(() => parseSchemaFile('{"labels": [', 'broken.json')).toThrow(FormatError);
  });

  it('warns about relations that name unknown labels', () => {
    const spec = { name: 'x', labels: [{ name: 'A', color: '#112233' }], relations: [{ name: 'r', source: ['A'], target: ['B'], directed: true }], categories: [] };
    expect(parseSchemaFile(JSON.stringify(spec), 'x.json').warnings).toEqual(['relation r: no label B.']);
  });

  it('reads a doccano label configuration', () => {
    const doccano = [
      { id: 1, text: 'PER', prefix_key: null, suffix_key: 'p', background_color: '#d1e7dd', text_color: '#000000' },
      { id: 2, text: 'ORG', prefix_key: null, suffix_key: null, background_color: '#0d6efd', text_color: '#ffffff' },
    ];
    const { spec } = parseSchemaFile(JSON.stringify(doccano), 'label_config.json');
    expect(spec.labels).toEqual([
      { name: 'PER', color: '#d1e7dd', hotkey: 'p' },
      { name: 'ORG', color: '#0d6efd' },
    ]);
    expect(() => parseSchemaFile('[{"name": "PER"}]', 'labels.json')).toThrow(/not a doccano label configuration/);
  });

  it("reads brat's annotation.conf: hierarchy, relations, attributes; reports what it skips", () => {
    const conf = [
      '# a comment',
      '[entities]',
      '!Entity',
      '\tPerson',
      '\tOrganization',
      'Quote',
      '',
      '[relations]',
      'Said_by Arg1:Quote, Arg2:Person|Organization',
      '<OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>',
      '',
      '[events]',
      'Meeting Participant:Person',
      '',
      '[attributes]',
      'Kind Arg:Quote, Value:direct|indirect',
      'Negated Arg:Person',
    ].join('\r\n');
    const { spec, warnings } = parseBratConf(conf, 'annotation.conf');
    expect(spec.labels.map((l) => [l.name, l.hotkey])).toEqual([
      ['Person', '1'],
      ['Organization', '2'],
      ['Quote', '3'],
    ]);
    expect(spec.relations).toEqual([{ name: 'Said_by', source: ['Quote'], target: ['Person', 'Organization'], directed: true }]);
    expect(spec.labels.find((l) => l.name === 'Quote')?.attributes).toEqual([{ name: 'Kind', values: ['direct', 'indirect'] }]);
    expect(spec.labels.find((l) => l.name === 'Person')?.attributes).toEqual([{ name: 'Negated', values: ['true'] }]);
    expect(warnings).toHaveLength(2);
    expect(warnings.join(' ')).toMatch(/OVERLAP/);
    expect(warnings.join(' ')).toMatch(/event types are not supported/);
  });

  it('refuses a conf without entity types, or with text outside sections', () => {
    expect(() => parseBratConf('[relations]\n', 'annotation.conf')).toThrow(/no entity types/);
    expect(() => parseBratConf('Person\n', 'annotation.conf')).toThrow(/annotation\.conf line 1: text outside a \[section\]/);
  });
});
