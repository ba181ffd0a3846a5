// brat cases the mutation run (docs/testing.md) found untested: how names become identifiers when
// they meet (types, relations and attributes share one space in visual.conf, values one per
// attribute), spans that touch line breaks, lines brat writes that Glose reads or leaves out, and
// where a collection's names file is looked for.
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { PortableDocument, SchemaSpec } from '../../../src-main/model';
import { annotationConf, BratNames, lineBreakSpans, parseAnn, parseZip, serializeDocument, serializeZip, visualConf } from '../../../src-main/formats/brat';
import { at, meta } from './documents';
import { worded } from './notes';

const schema = (more: Partial<SchemaSpec>): SchemaSpec => ({ name: 's', labels: [], relations: [], categories: [], ...more });
const document = (text: string, more: Partial<PortableDocument> = {}): PortableDocument => ({
  name: 'd.txt',
  text,
  meta: meta(),
  spans: [],
  relations: [],
  ...more,
});

describe('brat names', () => {
  it('lets names that are identifiers already keep them, wherever they are declared', () => {
    // each renamed name comes before the identifier it would take, in the order names are read
    const spec = schema({
      labels: [
        { name: 'a b', color: '#ff0000', attributes: [{ name: 'Q', values: ['v w', 'v_w'] }] },
        { name: 'x y', color: '#00ff00' },
      ],
      relations: [{ name: 'a_b', source: [], target: [], directed: true }],
    });
    const doc = document('one two', {
      spans: [{ key: 's', start: 0, end: 3, label: 'x y', attributes: { x_y: 'on', Q: 'v w' } }],
    });
    const names = BratNames.of(spec, [doc]);
    expect(names.id('type', 'a b')).toBe('a_b-2');
    expect(names.id('relation', 'a_b')).toBe('a_b');
    expect(names.id('value', 'v w', 'Q')).toBe('v_w-2');
    expect(names.id('value', 'v_w', 'Q')).toBe('v_w');
    expect(names.id('type', 'x y')).toBe('x_y-2');
    expect(names.id('attribute', 'x_y')).toBe('x_y');
    expect(JSON.parse(names.file() ?? '')).toEqual({
      types: { 'a_b-2': 'a b', 'x_y-2': 'x y' },
      relations: {},
      attributes: {},
      values: { Q: { 'v_w-2': 'v w' } },
    });
  });

  it('keeps a type and a relation of the same name apart, and values within their attribute only', () => {
    const spec = schema({
      labels: [{ name: 'Ort', color: '#ff0000', attributes: [{ name: 'size', values: ['very big'] }, { name: 'mood', values: ['very big'] }] }],
      relations: [{ name: 'a b', source: [], target: [], directed: true }],
    });
    const doc = document('x', { spans: [{ key: 's', start: 0, end: 1, label: 'a b' }] });
    const names = BratNames.of(spec, [doc]);
    // the relation is declared first, so it has the plain identifier
    expect(names.id('relation', 'a b')).toBe('a_b');
    expect(names.id('type', 'a b')).toBe('a_b-2');
    // the same value in two attributes, and a value named like a type: no number added
    expect(names.id('value', 'very big', 'size')).toBe('very_big');
    expect(names.id('value', 'very big', 'mood')).toBe('very_big');
    const withValueLikeType = BratNames.of(schema({ labels: [{ name: 'v_w', color: '#ff0000', attributes: [{ name: 'Q', values: ['v w'] }] }] }), []);
    expect(withValueLikeType.id('value', 'v w', 'Q')).toBe('v_w');
  });

  it('numbers names that meet in order, and names a value within its own attribute, in a document alone too', () => {
    const spec = schema({ labels: [{ name: 'a_b', color: '#ff0000' }, { name: 'a b', color: '#ff0000' }, { name: 'a.b', color: '#ff0000' }] });
    const names = BratNames.of(spec, []);
    expect([names.id('type', 'a b'), names.id('type', 'a.b')]).toEqual(['a_b-2', 'a_b-3']);
    const doc = document('x y z', {
      spans: [
        { key: 'x', start: 0, end: 1, label: 'L', attributes: { P: 'a b' } },
        { key: 'y', start: 2, end: 3, label: 'L', attributes: { P: 'a_b' } },
        { key: 'z', start: 4, end: 5, label: 'L', attributes: { Q: 'a b' } },
      ],
    });
    expect(serializeDocument(doc).ann).toBe(
      ['T1\tL 0 1\tx', 'T2\tL 2 3\ty', 'T3\tL 4 5\tz', 'A1\tP T1 a_b-2', 'A2\tP T2 a_b', 'A3\tQ T3 a_b', ''].join('\n'),
    );
  });

  it('drops accents without adding a number, and starts a name with no letter left with "_"', () => {
    const names = BratNames.of(schema({ labels: [{ name: 't\u0301', color: '#ff0000' }, { name: '--', color: '#ff0000' }] }), []);
    expect(names.id('type', 't\u0301')).toBe('t');
    expect(names.id('type', '--')).toBe('_--');
    expect(names.renamed.map(({ kind, name, id }) => [kind, name, id])).toEqual([
      ['type', 't\u0301', 't'],
      ['type', '--', '_--'],
    ]);
  });

  it('names a document alone as the collection would: identifiers first', () => {
    const doc = document('one two', {
      spans: [
        { key: 'a', start: 0, end: 3, label: 'a b' },
        { key: 'b', start: 4, end: 7, label: 'c' },
      ],
      relations: [{ fromKey: 'a', toKey: 'b', type: 'a_b' }],
    });
    expect(serializeDocument(doc).ann).toBe('T1\ta_b-2 0 3\tone\nT2\tc 4 7\ttwo\nR1\ta_b Arg1:T1 Arg2:T2\n');
  });

  it('shows renamed names in visual.conf without "|", a leading "!" or white space, and "_" when nothing is left', () => {
    const spec = schema({ labels: [{ name: ' !!big|one', color: '#123456' }, { name: '!', color: '#654321' }] });
    expect(visualConf(spec, BratNames.of(spec, []))).toBe(
      ['[labels]', '___big_one | big one', '_ | _', '', '[drawing]', '___big_one\tbgColor:#123456', '_\tbgColor:#654321', ''].join('\n'),
    );
  });

  it('declares a binary attribute without values, and an attribute used on several types', () => {
    const spec = schema({
      labels: [
        { name: 'A', color: '#ff0000', attributes: [{ name: 'Neg', values: [] }, { name: 'Size', values: ['S', 'L'] }] },
        { name: 'B', color: '#00ff00', attributes: [{ name: 'Size', values: ['S'] }] },
      ],
    });
    const attributes = annotationConf(spec).split('[attributes]\n')[1];
    expect(attributes).toBe('Neg\tArg:A\nSize\tArg:A|B, Value:S|L\n');
  });

  it('names a document file from its name without a trailing .txt only', () => {
    const files = unzipSync(serializeZip([document('x', { name: 'report.txt.v2' })], schema({})));
    expect(Object.keys(files)).toContain('report.txt.v2.txt');
  });
});

describe('brat spans and line breaks', () => {
  const text = 'New York\n\nis big\n';

  it('writes a span that ends on a line break as one fragment, and leaves out a span of line breaks only with its relations', () => {
    const doc = document(text, {
      spans: [
        { key: 'nl', ...at(text, '\n\n'), label: 'GAP' },
        { key: 'a', start: 0, end: 9, label: 'PLACE' },
        { key: 'b', ...at(text, 'big\n'), label: 'SIZE' },
      ],
      relations: [
        { fromKey: 'a', toKey: 'nl', type: 'r' },
        { fromKey: 'nl', toKey: 'b', type: 'r' },
        { fromKey: 'a', toKey: 'b', type: 'r' },
      ],
    });
    expect(lineBreakSpans(doc).map((span) => span.key)).toEqual(['nl']);
    expect(serializeDocument(doc).ann).toBe('T1\tPLACE 0 8\tNew York\nT2\tSIZE 13 16\tbig\nR1\tr Arg1:T1 Arg2:T2\n');
    expect(lineBreakSpans({ ...doc, spans: doc.spans.slice(1) })).toEqual([]);
  });
});

describe('brat import details', () => {
  const text = 'New\nYork is big';

  it('joins several notes of one span, sorts fragments, and skips lines of white space', () => {
    const ann = ['T1\tPLACE 4 8;0 3\tNew York', '   ', '#1\tAnnotatorNotes T1\tone', '#2\tAnnotatorNotes T1\ttwo'].join('\n');
    const parsed = parseAnn(text, ann, 'a.ann');
    expect(parsed.spans).toEqual([{ key: 'T1', start: 0, end: 8, label: 'PLACE', note: 'one\ntwo' }]);
  });

  it('names the fragments when the text does not match them', () => {
    expect(() => parseAnn(text, 'T1\tPLACE 0 3;4 8\tOld York', 'a.ann')).toThrow(/a\.ann line 1: .*0–3, 4–8/);
  });

  it('leaves out an attribute of a relation and refuses a note of an id that is not there', () => {
    const ann = ['T1\tX 0 3\tNew', 'T2\tX 4 8\tYork', 'R1\tr Arg1:T1 Arg2:T2', 'A1\tNeg R1'].join('\n');
    expect(worded(parseAnn(text, ann, 'a.ann').meta.extra)?.importNotes).toBe('1 × attribute of a relation left out');
    expect(() => parseAnn(text, '#1\tAnnotatorNotes T9\tnote', 'a.ann')).toThrow('a.ann line 1: T9 is not annotated in this file');
    expect(() => parseAnn(text, 'A1\tNeg T9', 'a.ann')).toThrow('a.ann line 1: T9 is not annotated in this file');
  });

  it('quotes a line it cannot read, cut at 60 characters', () => {
    const long = `X${'y'.repeat(70)}`;
    expect(() => parseAnn(text, long, 'a.ann')).toThrow(`not a brat annotation line: "${long.slice(0, 60)}…"`);
    const sixty = `X${'y'.repeat(59)}`;
    expect(() => parseAnn(text, sixty, 'a.ann')).toThrow(`not a brat annotation line: "${sixty}"`);
  });

  it('names a document after its .ann with only the final extension changed', () => {
    expect(parseAnn('', '', 'my.annals.ann').name).toBe('my.annals.txt');
  });

  it('reads the names file beside the .ann before the one at the root, and skips __MACOSX and hidden files anywhere', () => {
    const names = (type: string): Uint8Array => strToU8(JSON.stringify({ types: { a_b: type } }));
    const zip = zipSync({
      'glose-names.json': names('root name'),
      'inner/glose-names.json': names('inner name'),
      'inner/x.txt': strToU8('hello'),
      'inner/x.ann': strToU8('T1\ta_b 0 5\thello\n'),
      'y.txt': strToU8('hello'),
      'y.ann': strToU8('T1\ta_b 0 5\thello\n'),
      '__MACOSX/z.txt': strToU8('fork'),
      '.hidden.txt': strToU8('hidden'),
    });
    const docs = parseZip(zip, 'c.zip');
    expect(docs.map((doc) => [doc.name, doc.spans[0]?.label])).toEqual([
      ['inner/x.txt', 'inner name'],
      ['y.txt', 'root name'],
    ]);
  });
});
