// WebAnno TSV 3.3 files as INCEpTION writes them for a project with its own layers (the user guide's
// "WebAnno TSV 3.3 File format": custom span and relation layers, features, placeholders `*`,
// chains, slot features, disambiguation ids, escapes), read into spans, attributes and relations,
// and the details of the export the mutation run (docs/testing.md) found untested: escaping, the
// header's columns, where a sentence's text ends, and what checkWebanno reports.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { PortableDocument } from '../../../src-main/model';
import { FormatError } from '../../../src-main/formats/errors';
import { zipDirectory } from '../../../src-main/extract/zip';
import { checkWebanno, escapeValue, isWebannoZip, parse, parseZip, serializeDocument, serializeZip } from '../../../src-main/formats/webanno';
import { annotations, at, meta } from './documents';
import { worded } from './notes';

const NE = 'de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity';
const POS = 'de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS';
const tsv = (declarations: string[], ...rows: string[]): string => ['#FORMAT=WebAnno TSV 3.3', ...declarations, '', '', ...rows, ''].join('\n');
const fails = (input: string): string => {
  try {
    parse(input, 'bad.tsv');
  } catch (error) {
    if (error instanceof FormatError) return error.message;
    throw error;
  }
  return 'no error';
};
const text = '#Text=Ada met Bob .';

describe('WebAnno TSV import of a project’s own layers', () => {
  it('takes the label from `value`, else the first feature, else the layer’s name; other features become attributes', () => {
    // row cells: Person.role, Person.value, Place.kind, Place.note, Mark — five columns
    const five = tsv(
      ['#T_SP=webanno.custom.Person|role|value', '#T_SP=webanno.custom.Place|kind|note', '#T_SP=webanno.custom.Mark'],
      text,
      '1-1\t0-3\tAda\tchief\tPER\t_\t_\t_',
      '1-2\t4-7\tmet\t_\t_\t_\t_\t*',
      '1-3\t8-11\tBob\t_\t_\tcity\tnear\\_here\t_',
      '1-4\t12-13\t.\t*\t*\t*\tsome\t_',
    );
    const doc = parse(five, 'layers.tsv');
    expect(doc.spans).toEqual([
      { key: 'T1', start: 0, end: 3, label: 'PER', attributes: { role: 'chief' } },
      { key: 'T2', start: 4, end: 7, label: 'Mark' },
      { key: 'T3', start: 8, end: 11, label: 'city', attributes: { note: 'near_here' } },
      // `*`: the annotation is there, its feature is not set
      { key: 'T4', start: 12, end: 13, label: 'Person' },
      { key: 'T5', start: 12, end: 13, label: 'some' },
    ]);
    expect(doc.meta.extra).toBeUndefined();
  });

  it('reads a prefix INCEpTION gives a column of another kind as part of a feature’s name, and a bracket with no id as part of a value', () => {
    // BT_ names a relation's base, ROLE_ a span's slot: on a span and a relation layer they are plain features
    const span = parse(tsv(['#T_SP=webanno.custom.Tag|BT_kind'], text, '1-1\t0-3\tAda\tfoo', '1-2\t4-7\tmet\t_', '1-3\t8-11\tBob\t_', '1-4\t12-13\t.\t_'), 'bt.tsv');
    expect(span.spans).toEqual([{ key: 'T1', start: 0, end: 3, label: 'foo' }]);
    const relation = parse(
      tsv(
        ['#T_SP=webanno.custom.Span|label', '#T_RL=webanno.custom.Link|ROLE_kind|BT_webanno.custom.Span'],
        text,
        '1-1\t0-3\tAda\tA\t_\t_',
        '1-2\t4-7\tmet\t_\t_\t_',
        '1-3\t8-11\tBob\tB\tknows\t1-1',
        '1-4\t12-13\t.\t_\t_\t_',
      ),
      'role.tsv',
    );
    expect(annotations(relation)).toEqual(['A Ada', 'B Bob', 'Ada -knows-> Bob']);
    // `abc]`: no `[` opens an id, the bracket is the value's; `[3]`: an id and no value, as `*[3]` would be
    const values = parse(tsv(['#T_SP=webanno.custom.Tag|label'], text, '1-1\t0-3\tAda\tabc]', '1-2\t4-7\tmet\t_', '1-3\t8-11\tBob\t[3]', '1-4\t12-13\t.\t_'), 'brackets.tsv');
    expect(values.spans).toEqual([
      { key: 'T1', start: 0, end: 3, label: 'abc]' },
      { key: 'T2', start: 8, end: 11, label: 'Tag' },
    ]);
  });

  it('links spans of a custom relation layer, its type from its first feature, and counts relations over other layers as left out', () => {
    const file = tsv(
      [
        `#T_SP=${POS}|PosValue`,
        '#T_SP=webanno.custom.Span|label',
        `#T_RL=de.tudarmstadt.ukp.dkpro.core.api.syntax.type.dependency.Dependency|DependencyType|BT_${POS}`,
        '#T_RL=webanno.custom.Link|kind|weight|BT_webanno.custom.Span',
      ],
      text,
      '1-1\t0-3\tAda\tNNP\tA\t_\t_\t_\t_\t_',
      '1-2\t4-7\tmet\tVBD\t_\tnsubj\t1-1\t_\t_\t_',
      '1-3\t8-11\tBob\tNNP\tB\t_\t_\tknows\t3\t1-1',
      '1-4\t12-13\t.\t.\t_\t_\t_\t_\t_\t_',
    );
    const doc = parse(file, 'links.tsv');
    expect(annotations(doc)).toEqual(['A Ada', 'B Bob', 'Ada -knows-> Bob']);
    expect(worded(doc.meta.extra)).toEqual({
      importNotes:
        `4 × POS annotation value (layer ${POS}) left out; ` +
        '2 × Dependency annotation value (layer de.tudarmstadt.ukp.dkpro.core.api.syntax.type.dependency.Dependency) left out',
    });
  });

  it('names a relation after its layer when it has no feature value, and finds stacked ends by their ids', () => {
    const file = tsv(
      [`#T_SP=${NE}|value`, '#T_RL=webanno.custom.Pair|BT_' + NE],
      text,
      '1-1\t0-3\tAda\tPER[1]|X[2]\t_',
      '1-2\t4-7\tmet\tPER[1]\t_',
      '1-3\t8-11\tBob\tPER[3]|Y[4]\t1-1[2_4]|1-1[1_3]',
      '1-4\t12-13\t.\t_\t_',
    );
    const doc = parse(file, 'pairs.tsv');
    expect(annotations(doc)).toEqual(['PER Ada met', 'X Ada', 'PER Bob', 'Y Bob', 'Ada -Pair-> Bob', 'Ada met -Pair-> Bob']);
    const [first, second] = doc.relations;
    expect([first?.fromKey, first?.toKey, second?.fromKey, second?.toKey]).toEqual(['T2', 'T4', 'T1', 'T3']);
  });

  it('leaves out chains, slot features and zero-width annotations, and says how many', () => {
    const coref = 'de.tudarmstadt.ukp.dkpro.core.api.coref.type.Coreference';
    const file = tsv(
      ['#T_SP=webanno.custom.Event|ROLE_webanno.custom.Event:args_webanno.custom.EventArgsLink|webanno.custom.Span|name', `#T_CH=${coref}Link|referenceType|referenceRelation`],
      text,
      '1-1\t0-3\tAda\targ\t1-3\tmeeting\tnam\t*->1-1',
      '1-2\t4-7\tmet\t_\t_\t_\t_\t_',
      '1-3\t8-11\tBob\t_\t_\t_\tnam\t*->1-2',
      '1-3.1\t11-11\t\t_\t_\tempty\t_\t_',
      '1-4\t12-13\t.\t_\t_\t_\t_\t_',
    );
    const doc = parse(file, 'events.tsv');
    expect(annotations(doc)).toEqual(['meeting Ada']);
    expect(worded(doc.meta.extra)).toEqual({
      importNotes: [
        '2 × Event annotation value (layer webanno.custom.Event, slot feature) left out',
        `4 × CoreferenceLink annotation value (layer ${coref}Link) left out`,
        '1 × zero-width annotation left out',
      ].join('; '),
    });
  });

  it('leaves out a relation with a zero-width end, and says so, instead of refusing the file', () => {
    // INCEpTION writes a zero-width span on a sub-token of no width after the token it follows
    const rows = (atBob: string, atGap: string): string =>
      tsv(
        [`#T_SP=${NE}|value`, `#T_RL=webanno.custom.Relation|value|BT_${NE}`],
        text,
        '1-1\t0-3\tAda\tPER\t_\t_',
        '1-2\t4-7\tmet\t_\t_\t_',
        `1-3\t8-11\tBob\tPER\t${atBob}`,
        `1-3.1\t11-11\t\tGAP\t${atGap}`,
        '1-4\t12-13\t.\t_\t_\t_',
      );
    // to the zero-width span (on its row), from it (on Bob's row), and one between two kept spans
    for (const file of [rows('knows\t1-1', 'near\t1-3'), rows('near\t1-3.1', '_\t_')]) {
      const doc = parse(file, 'gap.tsv');
      expect(annotations(doc)).toEqual(['PER Ada', 'PER Bob', ...(file.includes('knows') ? ['Ada -knows-> Bob'] : [])]);
      expect(worded(doc.meta.extra)?.importNotes).toBe('1 × zero-width annotation left out; 1 × relation to or from a zero-width annotation left out');
    }
  });

  it('unescapes every reserved character of a value, and the escapes of a #Text line', () => {
    const file = tsv([`#T_SP=${NE}|value`], '#Text=a\\tb\\\\c\\fd\\re\\bf', '1-1\t0-1\ta\t\\\\\\[\\]\\|\\_\\->\\;\\t\\n\\*x', '1-2\t2-3\tb\t_', '1-3\t4-5\tc\t_');
    const doc = parse(file, 'escapes.tsv');
    // a CR becomes a line break, as in every import (the offsets still count it)
    expect(doc.text).toBe('a\tb\\c\fd\ne\bf');
    expect(doc.spans[0]?.label).toBe('\\[]|_->;\t\n*x');
    // a backslash before anything else is kept as it is
    expect(parse(tsv([`#T_SP=${NE}|value`], '#Text=a\\x', '1-1\t0-3\ta\\x\ta\\q'), 'kept.tsv').spans[0]?.label).toBe('a\\q');
  });

  it('refuses broken ids and references, naming the line', () => {
    const file = (cell: string, ref = '_'): string =>
      tsv([`#T_SP=${NE}|value`, `#T_RL=webanno.custom.Relation|value|BT_${NE}`], '#Text=Ada Bob', '1-1\t0-3\tAda\tPER\t_\t_', `1-2\t4-7\tBob\t${cell}\t${ref === '_' ? '_' : 'r'}\t${ref}`);
    expect(fails(file('PER[x]'))).toBe('bad.tsv line 8: "x" is not a disambiguation id');
    expect(fails(file('PER', '1-1[1]'))).toBe('bad.tsv line 8: "1-1[1]" is not a row reference (sentence-token[source_target])');
    expect(fails(file('PER', '1-1[1_x]'))).toBe('bad.tsv line 8: "1-1[1_x]" is not a row reference (sentence-token[source_target])');
    expect(fails(file('PER', 'one'))).toBe('bad.tsv line 8: "one" is not a row reference (sentence-token[source_target])');
    expect(fails(file('PER', '1-1'))).toBe('no error');
    expect(fails(file('PER', '1-1[0_0]'))).toBe('no error');
    expect(fails(file('PER', '1-1[5_0]'))).toBe('bad.tsv line 8: the source of a relation, row 1-1 [5], holds no NamedEntity annotation');
    expect(fails(file('PER', '1-2'))).toBe('no error');
    expect(fails(file('_', '1-1'))).toBe('bad.tsv line 8: the target of a relation, row 1-2, holds no NamedEntity annotation');
    expect(fails(file('PER', '1-1[0_7]'))).toBe('bad.tsv line 8: the target of a relation, row 1-2 [7], holds no NamedEntity annotation');
  });
});

describe('WebAnno TSV export details', () => {
  it('escapes every character the format reserves in a value, as INCEpTION’s Escaping does', () => {
    expect(escapeValue('a\\b[c]d|e_f->g;h\ti\nj*k-l>m')).toBe('a\\\\b\\[c\\]d\\|e\\_f\\->g\\;h\\ti\\nj\\*k-l>m');
  });

  it('escapes control characters in #Text lines but the vertical tab, and reads them back', () => {
    const content = 'a\fb\bd\\e\u0001f\u000bg';
    const doc: PortableDocument = { name: 'c', text: content, meta: meta(), spans: [{ start: 0, end: 1, label: 'A' }], relations: [] };
    const file = serializeDocument(doc, { language: 'und' });
    expect(file.split('\n').filter((line) => line.startsWith('#Text='))).toEqual(['#Text=a\\fb\\bd\\\\e\\\u0001f\u000bg']);
    expect(parse(file, 'c.tsv').text).toBe(content);
  });

  it('declares only the columns the document uses', () => {
    const base: PortableDocument = { name: 'h', text: 'Ada met Bob.', meta: meta(), spans: [], relations: [] };
    const header = (doc: PortableDocument): string[] => serializeDocument(doc, { language: 'und' }).split('\n').slice(0, 3);
    expect(header(base)).toEqual(['#FORMAT=WebAnno TSV 3.3', '', '']);
    expect(serializeDocument(base, { language: 'und' })).toContain('1-1\t0-3\tAda\t\n');
    const spans = { ...base, spans: [{ key: 'a', ...at(base.text, 'Ada'), label: 'PER' }, { key: 'w', ...at(base.text, ' '), label: 'GAP' }] };
    expect(header(spans)).toEqual(['#FORMAT=WebAnno TSV 3.3', `#T_SP=${NE}|value`, '']);
    expect(header({ ...base, spans: [{ ...at(base.text, ' '), label: 'GAP' }] })).toEqual(['#FORMAT=WebAnno TSV 3.3', '', '']);
    // a relation to a span that has no row is not written, nor is its layer
    expect(header({ ...spans, relations: [{ fromKey: 'a', toKey: 'w', type: 'r' }] })).toEqual(['#FORMAT=WebAnno TSV 3.3', `#T_SP=${NE}|value`, '']);
    const linked = { ...spans, spans: [...spans.spans, { key: 'b', ...at(base.text, 'Bob'), label: 'PER' }], relations: [{ fromKey: 'a', toKey: 'b', type: 'r' }] };
    expect(header(linked)).toEqual(['#FORMAT=WebAnno TSV 3.3', `#T_SP=${NE}|value`, `#T_RL=webanno.custom.Relation|value|BT_${NE}`]);
    expect(serializeDocument(linked, { language: 'und' })).toContain('1-2\t4-7\tmet\t_\t_\t_\t\n1-3\t8-11\tBob\tPER\tr\t1-1\t\n');
  });

  it('ends a sentence’s text where the next begins, giving its last line break to INCEpTION', () => {
    const doc: PortableDocument = { name: 's', text: 'One.\n\nTwo.  Three.\n', meta: meta(), spans: [{ start: 0, end: 3, label: 'N' }], relations: [] };
    const lines = serializeDocument(doc, { language: 'und' }).split('\n').filter((line) => line.startsWith('#Text='));
    expect(lines).toEqual(['#Text=One.', '#Text=', '#Text=Two.  ', '#Text=Three.', '#Text=']);
    expect(parse(serializeDocument(doc, { language: 'und' }), 's.tsv').text).toBe(doc.text);
  });

  it('reports spans it cannot write or must trim, and leading white space other than spaces', () => {
    const text = 'Ada  met\tBob.';
    const doc = (t: string, spans: PortableDocument['spans']): PortableDocument => ({ name: 'r', text: t, meta: meta(), spans, relations: [] });
    const report = checkWebanno(doc(text, [{ ...at(text, '  '), label: 'GAP' }, { ...at(text, 'Ada '), label: 'A' }, { ...at(text, '\tBob'), label: 'B' }, { ...at(text, 'met'), label: 'M' }, { ...at(text, 'met\tBob'), label: 'MB' }]));
    expect(report.unwritten.map((s) => s.label)).toEqual(['GAP']);
    expect(report.trimmed.map((s) => s.label)).toEqual(['A', 'B']);
    expect(report.leadingWhitespace).toBe(false);
    expect(checkWebanno(doc('   Ada', [])).leadingWhitespace).toBe(false);
    expect(checkWebanno(doc(' \tAda', [])).leadingWhitespace).toBe(true);
    expect(checkWebanno(doc('\nAda', [])).leadingWhitespace).toBe(true);
    expect(checkWebanno(doc('Ada\t', [])).leadingWhitespace).toBe(false);
  });
});

describe('WebAnno TSV rows of stacked and nested spans', () => {
  const rowsOf = (doc: PortableDocument): string[] => serializeDocument(doc, { language: 'und' }).split('\n').filter((line) => /^\d/.test(line));

  it('numbers the spans in text order, longer first, whatever order the document lists them in', () => {
    const text = 'Ada met Bob';
    const doc: PortableDocument = {
      name: 'o',
      text,
      meta: meta(),
      spans: [
        { ...at(text, 'Bob'), label: 'B' },
        { ...at(text, 'met Bob'), label: 'MB' },
        { ...at(text, 'Ada'), label: 'A' },
        { ...at(text, 'Ada met'), label: 'AM' },
      ],
      relations: [],
    };
    expect(rowsOf(doc)).toEqual(['1-1\t0-3\tAda\tAM[1]|A[2]\t', '1-2\t4-7\tmet\tAM[1]|MB[3]\t', '1-3\t8-11\tBob\tMB[3]|B[4]\t']);
  });

  it('writes one sub-token per range, in order of their starts, the longer first', () => {
    const text = 'xy abcdef';
    const doc: PortableDocument = {
      name: 's',
      text,
      meta: meta(),
      spans: [
        { ...at(text, 'xy ab'), label: 'L1' },
        { ...at(text, 'abc'), label: 'L2' },
        { ...at(text, 'abc'), label: 'L3' },
        { ...at(text, 'de'), label: 'L4' },
      ],
      relations: [],
    };
    expect(rowsOf(doc)).toEqual([
      '1-1\t0-2\txy\tL1[1]\t',
      '1-2\t3-9\tabcdef\t_\t',
      '1-2.1\t3-6\tabc\tL2[2]|L3[3]\t',
      '1-2.2\t3-5\tab\tL1[1]\t',
      '1-2.3\t6-8\tde\tL4\t',
    ]);
    expect(annotations(parse(serializeDocument(doc, { language: 'und' }), 's.tsv'))).toEqual(['L1 xy ab', 'L2 abc', 'L3 abc', 'L4 de']);
  });

  it('writes no row and no layer for a span of white space at the end of the text', () => {
    const doc: PortableDocument = { name: 'w', text: 'Ada  ', meta: meta(), spans: [{ start: 3, end: 5, label: 'GAP' }], relations: [] };
    expect(serializeDocument(doc, { language: 'und' })).toBe('#FORMAT=WebAnno TSV 3.3\n\n\n#Text=Ada  \n1-1\t0-3\tAda\t\n');
    expect(checkWebanno(doc).unwritten).toHaveLength(1);
  });

  it('fills the relation columns of a span without relations with empty cells', () => {
    const text = 'Ada met Bob';
    const doc: PortableDocument = {
      name: 'r',
      text,
      meta: meta(),
      spans: [{ key: 'a', ...at(text, 'Ada'), label: 'A' }, { key: 'm', ...at(text, 'met'), label: 'M' }, { key: 'b', ...at(text, 'Bob'), label: 'B' }],
      relations: [{ fromKey: 'a', toKey: 'b', type: 'r' }],
    };
    expect(rowsOf(doc)).toEqual(['1-1\t0-3\tAda\tA\t_\t_\t', '1-2\t4-7\tmet\tM\t_\t_\t', '1-3\t8-11\tBob\tB\tr\t1-1\t']);
  });

  it('stores the files of a zip rather than deflating them', () => {
    const text = 'Ada met Bob. '.repeat(50);
    const zip = serializeZip([{ name: 'z', text, meta: meta(), spans: [], relations: [] }]);
    expect(zipDirectory(zip, (reason) => new Error(reason)).map((entry) => [entry.name, entry.method])).toEqual([['z.tsv', 0]]);
  });
});

describe('WebAnno TSV import edge cases', () => {
  const two = (more: string): string =>
    tsv([`#T_SP=${NE}|value`, more], '#Text=Ada Bob', '1-1\t0-3\tAda\tPER\t_\t_', '1-2\t4-7\tBob\tPER\tr\t_');

  it('reads later minor versions of TSV 3', () => {
    expect(fails(tsv([`#T_SP=${NE}|value`], '#Text=a', '1-1\t0-1\ta\tX').replace('3.3', '3.12'))).toBe('no error');
  });

  it('refuses a declaration that does not start its line, and a relation layer without any column', () => {
    expect(fails(tsv([` #T_SP=${NE}|value`], '#Text=a', '1-1\t0-1\ta\tX'))).toBe(`bad.tsv line 2: expected a layer declaration (#T_SP=, #T_RL=, #T_CH=) or an empty line, found " #T_SP=${NE}|value"`);
    expect(fails(tsv([`#T_SP=${NE}|value`, '#T_RL=webanno.custom.Relation'], '#Text=a', '1-1\t0-1\ta\tX\t_'))).toBe(
      'bad.tsv line 3: relation layer webanno.custom.Relation has no BT_ column naming the layer it links',
    );
  });

  it('refuses a relation without its source row', () => {
    expect(fails(two(`#T_RL=webanno.custom.Relation|value|BT_${NE}`))).toBe('bad.tsv line 8: relation refers to row (none), which is not in the file');
  });

  it('leaves out a project’s relation layer over a layer it does not import', () => {
    const file = tsv([`#T_SP=${POS}|PosValue`, `#T_RL=webanno.custom.Rel|value|BT_${POS}`], '#Text=Ada Bob', '1-1\t0-3\tAda\tNNP\t_\t_', '1-2\t4-7\tBob\tNNP\tr\t1-1');
    const doc = parse(file, 'pos.tsv');
    expect(doc.relations).toEqual([]);
    expect(worded(doc.meta.extra)?.importNotes).toBe(`2 × POS annotation value (layer ${POS}) left out; 2 × Rel annotation value (layer webanno.custom.Rel) left out`);
  });

  it('types a relation by its `value` feature wherever it stands', () => {
    const file = tsv([`#T_SP=${NE}|value`, `#T_RL=webanno.custom.Link|weight|value|BT_${NE}`], '#Text=Ada Bob', '1-1\t0-3\tAda\tPER\t_\t_\t_', '1-2\t4-7\tBob\tPER\t3\tknows\t1-1');
    expect(annotations(parse(file, 'l.tsv'))).toEqual(['PER Ada', 'PER Bob', 'Ada -knows-> Bob']);
  });

  it('keeps brackets that are escaped in a value, and ids only after an unescaped one', () => {
    const file = tsv([`#T_SP=${NE}|value`], '#Text=Ada Bob', '1-1\t0-3\tAda\ta\\[b\\]', '1-2\t4-7\tBob\tx\\[y');
    expect(parse(file, 'b.tsv').spans.map((s) => s.label)).toEqual(['a[b]', 'x[y']);
  });

  it('refuses a token row after a single empty line that ends the header, and a last #Text= without rows, by its line', () => {
    const header = ['#FORMAT=WebAnno TSV 3.3', `#T_SP=${NE}|value`, ''];
    expect(fails([...header, '1-1\t0-1\ta\tX', ''].join('\n'))).toBe('bad.tsv line 4: a token row outside a sentence (no #Text= line before it)');
    expect(fails([...header, '', '#Text=a', '1-1\t0-1\ta\tX', '', '#Text=b'].join('\n'))).toBe('bad.tsv line 8: a sentence header (#Text=) without token rows');
  });

  it('drops only the final .tsv of a file’s name', () => {
    const file = tsv([`#T_SP=${NE}|value`], '#Text=a', '1-1\t0-1\ta\tX');
    expect(parse(file, 'a.tsv.v2.TSV').name).toBe('a.tsv.v2');
    expect(parseZip(zipSync({ 'dir/a.tsv.v2.tsv': strToU8(file) }), 'p.zip').map((d) => d.name)).toEqual(['a.tsv.v2']);
  });

  it('names a document of an INCEpTION export after its folder, and only a file right inside one', () => {
    const file = tsv([`#T_SP=${NE}|value`], '#Text=a', '1-1\t0-1\ta\tX');
    const names = (path: string) => parseZip(zipSync({ [path]: strToU8(file) }), 'p.zip').map((d) => d.name);
    expect(names('annotation/report.txt/anna.tsv')).toEqual(['report.txt']);
    expect(names('project/curation/report.txt/CURATION_USER.tsv')).toEqual(['report.txt']);
    // a folder whose name ends in .tsv inside the document's folder: not INCEpTION's layout, named after the file
    expect(names('annotation/report.txt/old.tsv/anna.tsv')).toEqual(['anna']);
  });

  it('names the archive and the file in it when a file in a zip is broken, or when it is no zip', () => {
    expect(() => parseZip(zipSync({ 'dir/doc.tsv': strToU8('#FORMAT=WebAnno TSV 2.0\n') }), 'p.zip')).toThrow('p.zip/dir/doc.tsv line 1: WebAnno TSV 2.0 is not supported');
    expect(() => parseZip(strToU8('not a zip at all'), 'p.zip')).toThrow(/^p\.zip: not a zip archive \(/);
  });

  it('knows an archive that holds a .tsv among other files', () => {
    expect(isWebannoZip(zipSync({ 'readme.txt': strToU8('x'), 'a.tsv': strToU8('') }))).toBe(true);
  });
});
