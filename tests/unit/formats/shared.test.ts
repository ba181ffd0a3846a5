// The helpers every format module leans on (src-main/formats/shared.ts), tested on their own: a bug in
// one of them shows up in every format at once, often as a file that cannot be read back.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FormatError, failAt, Problems } from '../../../src-main/formats/errors';
import { CodePointIndex } from '../../../src-main/formats/offsets';
import {
  checkQuote,
  commaSeparated,
  describePath,
  exportRange,
  fallbackName,
  fileNameOf,
  ImportLog,
  jsonArrayChunks,
  jsonLines,
  JsonStrings,
  metadataRecord,
  notJsonError,
  parsedMetadata,
  parseJson,
  resolveRelations,
  stringRecord,
  stripBom,
  typeName,
  uniqueFileStems,
  validate,
} from '../../../src-main/formats/shared';
import type { PortableDocument } from '../../../src-main/model';
import { meta } from './documents';

/** The FormatError `run` throws (the test fails if it throws nothing, or something else). */
function thrown(run: () => unknown): FormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof FormatError) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
}

function doc(text: string, spans: PortableDocument['spans'], relations: PortableDocument['relations'] = []): PortableDocument {
  return { name: 'd.txt', text, meta: meta(), spans, relations };
}

describe('reading JSON', () => {
  it('strips a byte order mark at the start only', () => {
    expect(stripBom('\ufeff{"a":1}')).toBe('{"a":1}');
    expect(stripBom('a\ufeff')).toBe('a\ufeff');
    expect(stripBom('')).toBe('');
  });

  it('says where a text stops being JSON: the line given for one line of a file, else the fault’s', () => {
    expect(parseJson('{"a": [1, 2]}', 'f.json')).toEqual({ a: [1, 2] });
    const oneLine = thrown(() => parseJson('{"a": x}', 'f.jsonl', 7));
    expect(oneLine.message).toBe('f.jsonl line 7: not valid JSON: unexpected "x" at column 7');
    expect(oneLine.line).toBe(7);
    const whole = thrown(() => parseJson('{\n  "a": 1,\n  "b": ]\n}', 'f.json'));
    expect(whole.line).toBe(3);
    expect(whole.message).toBe('f.json line 3: not valid JSON: unexpected "]" at column 8');
  });

  it('keeps the engine’s message when its own scan finds no fault', () => {
    // JSON.parse refused something the scan accepts: only the engine's words are left to tell
    const error = notJsonError('[1]', 'f.json', undefined, new SyntaxError('engine says no'));
    expect(error.message).toBe('f.json: engine says no');
    expect(notJsonError('[1]', 'f.json', 2, 'a thrown string').message).toBe('f.json line 2: a thrown string');
  });

  it('reads JSON Lines: blank lines skipped, line numbers from 1, every bad line kept', () => {
    const problems = new Problems();
    const input = '\ufeff{"n":1}\n\n   \n{"n":2}\nnot json\n{"n":3}\n{bad\n';
    const read = [...jsonLines(input, 'f.jsonl', problems)];
    expect(read).toEqual([
      { value: { n: 1 }, line: 1 },
      { value: { n: 2 }, line: 4 },
      { value: { n: 3 }, line: 6 },
    ]);
    const error = thrown(() => problems.check());
    expect(error.problems.map((p) => p.line)).toEqual([5, 7]);
  });
});

describe('validating', () => {
  const schema = z.object({ labels: z.array(z.object({ name: z.string(), color: z.string() })) });
  const fail = failAt('schema.json');

  it('names a field by its path as a person reads it', () => {
    expect(describePath(['labels', 3, 'color'])).toBe('labels[3].color');
    expect(describePath([0, 'name'])).toBe('[0].name');
    expect(describePath([])).toBe('');
  });

  it('gives the value when it passes, the first problem with its path and the others counted', () => {
    expect(validate(schema, { labels: [{ name: 'A', color: '#000' }] }, fail)).toEqual({ labels: [{ name: 'A', color: '#000' }] });
    const one = thrown(() => validate(schema, { labels: [{ name: 'A', color: 1 }] }, fail));
    expect(one.message).toMatch(/^schema\.json: field labels\[0\]\.color: .+$/);
    expect(one.message).not.toContain('more problem');
    const three = thrown(() => validate(schema, { labels: [{ name: 1, color: 1 }, { name: 'B' }] }, fail));
    expect(three.message).toMatch(/^schema\.json: field labels\[0\]\.name: .+ \(and 2 more problems\)$/);
  });

  it('gives a problem at the root without a field', () => {
    const error = thrown(() => validate(z.string(), 3, fail));
    expect(error.message).toBe('schema.json: Invalid input: expected string, received number');
  });

  it('refuses a quote that is not the text at the span', () => {
    expect(() => checkQuote('Ada', 'Ada', '0–3', fail)).not.toThrow();
    expect(thrown(() => checkQuote('Ada', 'Bob', '0–3', fail)).message).toBe(
      'schema.json: quote "Ada" does not match the text at 0–3 ("Bob")',
    );
  });
});

describe('metadata', () => {
  it('names an unnamed document after its file and place', () => {
    expect(fallbackName('a.jsonl', 3)).toBe('a.jsonl #3');
  });

  it('takes the last part of a path, with either separator', () => {
    expect(fileNameOf('/home/ada/notes/a.txt')).toBe('a.txt');
    expect(fileNameOf('C:\\Users\\ada\\a.txt')).toBe('a.txt');
    expect(fileNameOf('C:\\Users\\ada/dir\\a.txt')).toBe('a.txt');
    expect(fileNameOf('a.txt')).toBe('a.txt');
  });

  it('writes the descriptive fields and extra, the source path as its file name unless asked', () => {
    const m = meta({
      title: 'T',
      author: 'A',
      date: '2020',
      siteName: 'S',
      sourcePath: '/home/ada/a.txt',
      hash: 'h',
      extra: { genre: 'poem', title: 'extra title' },
    });
    expect(metadataRecord(m)).toEqual({ genre: 'poem', title: 'T', author: 'A', date: '2020', siteName: 'S', sourcePath: 'a.txt' });
    expect(metadataRecord(m, { fullPaths: true }).sourcePath).toBe('/home/ada/a.txt');
    expect(metadataRecord(m, { fullPaths: false }).sourcePath).toBe('a.txt');
    // a field not set is not written
    expect(metadataRecord(meta({ title: 'T' }))).toEqual({ title: 'T' });
    // only the source path is a path: a title or a date with a slash is written whole
    expect(metadataRecord(meta({ title: 'Either/Or', date: '1843/02/20', author: 'S\\K' }))).toEqual({
      title: 'Either/Or',
      date: '1843/02/20',
      author: 'S\\K',
    });
  });

  it('reads the descriptive fields back into their places and the rest into extra', () => {
    const normalisation = { bomRemoved: true, crlfToLf: 1, crToLf: 0 };
    expect(parsedMetadata('conll', normalisation, { title: 'T', sourcePath: 'a.txt', genre: 'poem' })).toEqual({
      format: 'conll',
      hash: '',
      normalisation,
      title: 'T',
      sourcePath: 'a.txt',
      extra: { genre: 'poem' },
    });
    // no extra at all rather than an empty one
    expect(parsedMetadata('conll', normalisation, { author: 'A' })).not.toHaveProperty('extra');
    expect(parsedMetadata('conll', normalisation)).toEqual({ format: 'conll', hash: '', normalisation });
  });

  it('keeps strings as they are and writes other values as JSON', () => {
    expect(stringRecord({ a: 'x', b: 2, c: [1, 'y'], d: null, e: { f: true }, g: undefined })).toEqual({
      a: 'x',
      b: '2',
      c: '[1,"y"]',
      d: 'null',
      e: '{"f":true}',
      g: '',
    });
  });

  it('tallies import notes by code and subject, and writes nothing when none', () => {
    const log = new ImportLog();
    expect(log.record()).toEqual({});
    log.add('brat-event');
    log.add('brat-event');
    log.add('labelstudio-result', 'choices');
    log.add('labelstudio-result', 'rating');
    log.add('labelstudio-result', 'choices');
    expect(JSON.parse(log.record()['importNotes'] ?? '')).toEqual([
      { note: 'brat-event', count: 2 },
      { note: 'labelstudio-result', count: 2, what: 'choices' },
      { note: 'labelstudio-result', count: 1, what: 'rating' },
    ]);
  });
});

describe('relations and ranges', () => {
  const text = 'Ada met Bob.';
  const spans = [
    { key: 'a', start: 0, end: 3, label: 'PER' },
    { start: 4, end: 7, label: 'VERB' },
    { key: 'b', start: 8, end: 11, label: 'PER' },
  ];

  it('resolves each relation to its spans’ positions', () => {
    const relations = [
      { fromKey: 'a', toKey: 'b', type: 'meets' },
      { fromKey: 'b', toKey: 'a', type: 'met_by' },
    ];
    expect(resolveRelations(doc(text, spans, relations)).map(({ from, to, relation }) => [relation.type, from, to])).toEqual([
      ['meets', 0, 2],
      ['met_by', 2, 0],
    ]);
  });

  it('refuses two spans with one key and a relation to a key no span has', () => {
    expect(thrown(() => resolveRelations(doc(text, [...spans, { key: 'a', start: 4, end: 7, label: 'X' }]))).message).toBe(
      'd.txt: two spans have the key "a"',
    );
    expect(thrown(() => resolveRelations(doc(text, spans, [{ fromKey: 'a', toKey: 'c', type: 'meets' }]))).message).toBe(
      'd.txt: relation "meets" refers to span "c", which is not in the document',
    );
    expect(thrown(() => resolveRelations(doc(text, spans, [{ fromKey: 'z', toKey: 'a', type: 'meets' }]))).message).toBe(
      'd.txt: relation "meets" refers to span "z", which is not in the document',
    );
  });

  it('gives a span’s offsets in UTF-16 units or code points, and refuses one off the text', () => {
    const emoji = '🧪 Ada';
    const span = { start: 3, end: 6, label: 'PER' };
    expect(exportRange(doc(emoji, [span]), span, undefined)).toEqual([3, 6]);
    expect(exportRange(doc(emoji, [span]), span, new CodePointIndex(emoji))).toEqual([2, 5]);
    const past = { start: 3, end: 9, label: 'PER' };
    expect(thrown(() => exportRange(doc(emoji, [past]), past, undefined)).message).toBe(
      'd.txt: span 3–9 is past the end of the text (length 6) (label "PER")',
    );
    const split = { start: 1, end: 6, label: 'PER' };
    expect(thrown(() => exportRange(doc(emoji, [split]), split, undefined)).message).toMatch(/^d\.txt: .+ \(label "PER"\)$/);
  });
});

describe('writing in pieces', () => {
  it('writes a JSON array item by item, as JSON.stringify with two spaces writes it whole', () => {
    const items = [{ a: 1, b: ['x', 'y\nz'] }, 'two', [], { nested: { deep: [1, { e: null }] } }];
    const pieces = [...jsonArrayChunks(items, (item) => item)];
    expect(pieces.join('')).toBe(`${JSON.stringify(items, null, 2)}\n`);
    expect(pieces.length).toBe(2 * items.length + 1);
    expect([...jsonArrayChunks([], (item) => item)].join('')).toBe('[]\n');
    expect([...jsonArrayChunks(['a', 'b'], (item, i) => `${item}${i}`)].join('')).toBe('[\n  "a0",\n  "b1"\n]\n');
  });

  it('writes a list separated by commas in pieces of 500 items, the same as one join', () => {
    const items = Array.from({ length: 1201 }, (_, i) => i);
    const pieces = [...commaSeparated(items, (n, i) => `${n * 2}:${i}`)];
    expect(pieces.join('')).toBe(items.map((n, i) => `${n * 2}:${i}`).join(','));
    expect(pieces.map((p) => p.split(',').filter((s) => s !== '').length)).toEqual([500, 500, 201]);
    expect(pieces[0]?.startsWith('0:0,')).toBe(true);
    expect(pieces[1]?.startsWith(',1000:500,')).toBe(true);
    expect([...commaSeparated([], String)]).toEqual([]);
    expect([...commaSeparated([7], String)]).toEqual(['7']);
    expect([...commaSeparated(Array.from({ length: 500 }, () => 1), String)]).toHaveLength(1);
  });

  it('makes a string’s JSON once and gives the same each time', () => {
    const strings = new JsonStrings();
    const first = strings.of('a "b"\n');
    expect(first).toBe('"a \\"b\\"\\n"');
    expect(strings.of('a "b"\n')).toBe(first);
    expect(strings.of('c')).toBe('"c"');
  });
});

describe('names', () => {
  it('makes a type name without white space', () => {
    expect(typeName('Named  entity\tperson\nx')).toBe('Named_entity_person_x');
    expect(typeName('PER')).toBe('PER');
  });

  it('makes file stems a file system takes, unique even where case does not count', () => {
    expect(uniqueFileStems(['a.txt', 'A.txt', 'a.txt', 'b.txt'], /\.txt$/)).toEqual(['a', 'A-2', 'a-3', 'b']);
    expect(uniqueFileStems(['a.txt'])).toEqual(['a.txt']);
    expect(uniqueFileStems(['a\\b/c:d*e?f"g<h>i|j\u0001k'])).toEqual(['a_b_c_d_e_f_g_h_i_j_k']);
    expect(uniqueFileStems(['..hidden', '.x', 'a.b'])).toEqual(['_hidden', '_x', 'a.b']);
    // nothing left: a stem all the same, numbered like any other
    expect(uniqueFileStems(['.txt', '', 'document'], /\.txt$/)).toEqual(['document', 'document-2', 'document-3']);
  });
});
