// WebAnno TSV 3.3 files broken one way at a time (the header, sentence and row rules of the format's
// documentation, https://inception-project.github.io/releases/latest/docs/user-guide.html#sect_webannotsv):
// each is refused with its line and its problem, which the mutation run (docs/testing.md) found
// untested, and the checks that tell a WebAnno file or archive from others.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../src-main/formats/errors';
import { isWebannoTsv, isWebannoZip, parse, parseZip } from '../../../src-main/formats/webanno';

const NE = 'de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity';
const header = ['#FORMAT=WebAnno TSV 3.3', `#T_SP=${NE}|value`, '', ''];
const file = (...rows: string[]): string => [...header, ...rows, ''].join('\n');
const sentence = ['#Text=Hi Bob', '1-1\t0-2\tHi\t_', '1-2\t3-6\tBob\tPER'];

const fails = (input: string): string => {
  try {
    parse(input, 'bad.tsv');
  } catch (error) {
    if (error instanceof FormatError) return error.message;
    throw error;
  }
  return 'no error';
};

describe('WebAnno TSV: what is refused, and where', () => {
  it('reads the well-formed file the broken ones start from', () => {
    const doc = parse(file(...sentence), 'ok.tsv');
    expect(doc.name).toBe('ok');
    expect([doc.text, doc.spans]).toEqual(['Hi Bob', [{ key: 'T1', start: 3, end: 6, label: 'PER' }]]);
  });

  it('refuses a header that is not one', () => {
    expect(fails(`x${file(...sentence)}`)).toMatch(/^bad\.tsv line 1: the first line must be/);
    expect(fails(file(...sentence).replace('3.3', '3.3 beta'))).toMatch(/^bad\.tsv line 1: the first line must be/);
    expect(fails(file(...sentence).replace('3.3', '4.0'))).toBe('bad.tsv line 1: WebAnno TSV 4.0 is not supported: export as WebAnno TSV 3.3');
    expect(fails(file(...sentence).replace('3.3', '13.3'))).toBe('bad.tsv line 1: WebAnno TSV 13.3 is not supported: export as WebAnno TSV 3.3');
    expect(fails(file(...sentence).replace('3.3', '3.2'))).toBe('no error');
    expect(fails(file(...sentence).replace(`#T_SP=${NE}|value`, '#T_SP=|value'))).toBe('bad.tsv line 2: a layer declaration without a layer name');
    expect(fails(file(...sentence).replace(`#T_SP=${NE}|value`, `#T_SP=${NE}|value\n#T_RL=webanno.custom.R|value`))).toBe(
      'bad.tsv line 3: relation layer webanno.custom.R has no BT_ column naming the layer it links',
    );
    expect(fails(file(...sentence).replace(`|value\n`, '|value\nnot a declaration\n'))).toBe(
      'bad.tsv line 3: expected a layer declaration (#T_SP=, #T_RL=, #T_CH=) or an empty line, found "not a declaration"',
    );
  });

  it('refuses sentences and rows out of place', () => {
    expect(fails(file('#Text=Hi', '', '#Text=Bob', '1-1\t0-3\tBob\t_'))).toBe('bad.tsv line 6: a sentence header (#Text=) without token rows');
    expect(fails(file('#Text=Hi'))).toBe('bad.tsv line 6: a sentence header (#Text=) without token rows');
    expect(fails(file(...sentence, '#Text=more'))).toBe('bad.tsv line 8: expected a token row or an empty line, found "#Text=more"');
    expect(fails(file('1-1\t0-2\tHi\t_'))).toBe('bad.tsv line 5: a token row outside a sentence (no #Text= line before it)');
    expect(fails(file('#Text=Hi', '1-1.1\t0-2\tHi\t_'))).toBe('bad.tsv line 6: a sentence starts with the sub-token 1-1.1');
    expect(fails(file('#Text=Hi', 'x1-1\t0-2\tHi\t_'))).toBe('bad.tsv line 6: expected a row "sentence-token<TAB>begin-end<TAB>token…", found "x1-1\\t0-2\\tHi\\t_"');
    expect(fails(file('#Text=Hi', '1-1\t0-2x\tHi\t_'))).toBe('bad.tsv line 6: "0-2x" is not begin-end offsets');
    expect(fails(file('#Text=Hi', '1-1\tx0-2\tHi\t_'))).toBe('bad.tsv line 6: "x0-2" is not begin-end offsets');
    expect(fails(file('#Text=Hi', '1-1\t0-9\tHi\t_'))).toBe("bad.tsv line 6: offsets 0-9 are outside the sentence's text");
    expect(fails(file('#Text=Hi', '1-1\t2-1\tHi\t_'))).toBe("bad.tsv line 6: offsets 2-1 are outside the sentence's text");
    expect(fails(file(...sentence.slice(0, 2), '1-1\t0-2\tHi\t_'))).toBe('bad.tsv line 7: row 1-1 appears twice');
    expect(fails(file(...sentence, '', '#Text=Bob', '2-1\t4-7\tBob\t_'))).toBe('bad.tsv line 10: token 2-1 starts at 4, inside the text of the sentence before');
  });

  it('reads a sentence that starts right after the previous one, without its line break', () => {
    const doc = parse(file(...sentence, '', '#Text=!', '2-1\t6-7\t!\t_'), 'ok.tsv');
    expect(doc.text).toBe('Hi Bob!');
  });

  it('keeps a closing bracket that is escaped as part of the value', () => {
    const doc = parse(file('#Text=a', '1-1\t0-1\ta\tX\\]'), 'ok.tsv');
    expect(doc.spans.map((s) => s.label)).toEqual(['X]']);
  });
});

describe('WebAnno TSV: telling it from other files', () => {
  it('knows a file by its exact first line', () => {
    expect(isWebannoTsv('\uFEFF#FORMAT=WebAnno TSV 3.3\r\n#T_SP=x|value')).toBe(true);
    expect(isWebannoTsv('#FORMAT=WebAnno TSV 10.12\n')).toBe(true);
    expect(isWebannoTsv(' #FORMAT=WebAnno TSV 3.3\n')).toBe(false);
    expect(isWebannoTsv('#FORMAT=WebAnno TSV 3.3 and more\n')).toBe(false);
    expect(isWebannoTsv('#FORMAT=WebAnno TSV x.3\n')).toBe(false);
    expect(isWebannoTsv('')).toBe(false);
  });

  it('knows an archive of .tsv files without .ann, and reads only its visible .tsv files', () => {
    const tsv = strToU8(file(...sentence));
    expect(isWebannoZip(zipSync({ 'a/b.TSV': tsv }))).toBe(true);
    expect(isWebannoZip(zipSync({ 'a/b.tsv': tsv, 'a/b.ann': strToU8('') }))).toBe(false);
    expect(isWebannoZip(zipSync({ 'a/b.txt': strToU8('') }))).toBe(false);
    expect(isWebannoZip(strToU8('not a zip'))).toBe(false);
    const docs = parseZip(zipSync({ 'x/doc.tsv': tsv, 'x/doc.tsv.bak': tsv, 'x/.hidden.tsv': tsv, '__MACOSX/x/doc.tsv': tsv }), 'c.zip');
    expect(docs.map((d) => d.name)).toEqual(['doc']);
    expect(() => parseZip(zipSync({ 'a.txt': strToU8('') }), 'c.zip')).toThrow('c.zip: holds no .tsv file');
  });
});
