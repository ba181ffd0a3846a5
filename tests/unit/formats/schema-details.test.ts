// Label schema files in the detail the mutation run of 2026-12-01 (docs/testing.md) found untested:
// brat's annotation.conf with comments, abstract types, <OVERLAP> and ENTITY-NESTING rules, events,
// attributes with and without values, the line of each problem; doccano's and Glose's own JSON.
import { describe, expect, it } from 'vitest';
import { paletteColour, parseSchemaFile } from '../../../src-main/formats/schema';
import { LABEL_PALETTE } from '../../../src-main/model';
import { formatErrorMessage } from './documents';

const message = formatErrorMessage;

const CONF = [
  '# brat annotation.conf',
  '[entities]',
  'Person   # a comment after a name',
  '!Abstract',
  '  Place',
  ...Array.from({ length: 8 }, (_, i) => `Extra${i + 1}`),
  '  [relations]  ',
  '<OVERLAP> Arg1:Person, Arg2:Place, <OVL-TYPE>:<ANY>',
  'ENTITY-NESTING Arg1:Person, Arg2:Place',
  'Works_for\tArg1:Person,  Arg2:Extra1|<ENTITY>',
  'Near Arg1:<ANY>, Arg2:Place|Person',
  'Knows Arg1:Person, Arg2:Nobody',
  '[events]',
  'Meeting\tParticipant:Person',
  '[attributes]',
  'Negated   Arg:Person|Place',
  'Certainty Arg:Person, Value:Low|High',
  'Missing Arg:Nothing',
].join('\n');

describe('brat annotation.conf', () => {
  it('reads entities, relations and attributes, numbers the first nine hotkeys, and warns by line', () => {
    const { spec, warnings } = parseSchemaFile(CONF, 'annotation.conf');
    const names = ['Person', 'Place', ...Array.from({ length: 8 }, (_, i) => `Extra${i + 1}`)];
    expect(spec.labels.map((l) => [l.name, l.color, l.hotkey])).toEqual(names.map((name, i) => [name, paletteColour(i), i < 9 ? String(i + 1) : undefined]));
    expect(spec.labels[0]?.attributes).toEqual([{ name: 'Negated', values: ['true'] }, { name: 'Certainty', values: ['Low', 'High'] }]);
    expect(spec.labels[1]?.attributes).toEqual([{ name: 'Negated', values: ['true'] }]);
    expect(spec.labels[2]).not.toHaveProperty('attributes');
    expect(spec.relations).toStrictEqual([
      { name: 'Works_for', source: ['Person'], target: ['Extra1'], directed: true },
      { name: 'Near', source: [], target: ['Place', 'Person'], directed: true },
      { name: 'Knows', source: ['Person'], target: ['Nobody'], directed: true },
    ]);
    expect(spec.categories).toStrictEqual([]);
    expect(warnings).toEqual([
      'line 15: <OVERLAP> rules are not used by Glose (overlaps are always allowed).',
      'line 16: ENTITY-NESTING rules are not used by Glose (overlaps are always allowed).',
      'line 21: event types are not supported; "Meeting" was skipped.',
      'attribute Missing: no entity type Nothing.',
      'relation Knows: no label Nobody.',
    ]);
  });

  it('splits lines at CR too, and names the line of a broken definition', () => {
    expect(parseSchemaFile('[entities]\rA\rB', 'cr.conf').spec.labels.map((l) => l.name)).toEqual(['A', 'B']);
    expect(message(() => parseSchemaFile('[entities]\nA\nBad,Name', 'a.conf'))).toBe('a.conf line 3: "Bad,Name" is not an entity type name');
    expect(message(() => parseSchemaFile('[entities]\nA\nB|C', 'a.conf'))).toBe('a.conf line 3: "B|C" is not an entity type name');
    expect(message(() => parseSchemaFile('[entities]\nA\n[relations]\nLonely', 'a.conf'))).toBe('a.conf line 4: "Lonely" is not a relation definition');
    expect(message(() => parseSchemaFile('[entities]\nA\n[attributes]\nLonely', 'a.conf'))).toBe('a.conf line 4: "Lonely" is not an attribute definition');
    expect(message(() => parseSchemaFile('A', 'a.conf'))).toBe('a.conf line 1: text outside a [section]: "A"');
    expect(message(() => parseSchemaFile('[entities]\n!A', 'a.conf'))).toBe('a.conf: no entity types in [entities]');
  });

  it('warns of a label name given twice', () => {
    expect(parseSchemaFile('[entities]\nA\nA', 'a.conf').warnings).toEqual(['some label names appear twice; the last one wins.']);
  });
});

describe('JSON label schemas', () => {
  it('reads doccano’s label list, named after the file, with palette colours where none is given', () => {
    const json = JSON.stringify([{ text: 'PER', suffix_key: 'p', background_color: '#112233' }, { text: 'LOC', suffix_key: null }]);
    expect(parseSchemaFile(`\uFEFF${json}`, 'x.jsonfile.json')).toStrictEqual({
      spec: {
        name: 'x.jsonfile',
        labels: [
          { name: 'PER', color: '#112233', hotkey: 'p' },
          { name: 'LOC', color: LABEL_PALETTE[1] },
        ],
        relations: [],
        categories: [],
      },
      warnings: [],
    });
  });

  it('reads Glose’s own schema, and names bad JSON', () => {
    const json = JSON.stringify({ name: 's', labels: [{ name: 'A', color: '#000000', hotkey: 'a' }, { name: 'B', color: '#ffffff' }] });
    expect(parseSchemaFile(json, 's.json').spec.labels).toStrictEqual([
      { name: 'A', color: '#000000', hotkey: 'a' },
      { name: 'B', color: '#ffffff' },
    ]);
    expect(message(() => parseSchemaFile('{', 'bad.json'))).toBe('bad.json line 1: not valid JSON: the text ends before the JSON does (column 2)');
    expect(message(() => parseSchemaFile('{"labels": 3}', 'bad.json'))).toMatch(/^bad\.json: not a Glose schema: field labels: /);
    expect(message(() => parseSchemaFile('{}', 'bad.json'))).toMatch(/^bad\.json: not a Glose schema: field labels: /);
    expect(message(() => parseSchemaFile('[{"text": ""}]', 'bad.json'))).toMatch(/^bad\.json: not a doccano label configuration: field \[0\]\.text: /);
  });
});
