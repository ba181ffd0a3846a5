// Every sentence describeLoss can tell the person exporting, for one item and for several: the
// mutation run of 2026-12-01 (docs/testing.md) found that only the kinds and counts were checked.
import { describe, expect, it } from 'vitest';
import { describeLoss, formats } from '../../../src-main/formats/index';
import type { PortableDocument } from '../../../src-main/model';
import { at, meta } from './documents';

// one of each thing a format may drop or change: a relation with a note, span notes (one with a line
// break), attributes, categories, metadata, a name with a space and a hyphen, a span of a line break
// only, spans with whitespace at an edge, a span inside "é" (e + combining accent), overlapping
// spans off token boundaries; the text starts with a line break
const text = '\nCafe\u0301 de Paris and more\n';
const full = (name: string): PortableDocument => ({
  name,
  text,
  meta: meta({ title: 'T' }),
  categories: ['news'],
  spans: [
    { key: 'a', ...at(text, 'Cafe\u0301'), label: 'Org name', note: 'two\nlines', attributes: { kind: 'x' } },
    { key: 'b', ...at(text, 'Paris'), label: 'LOC-X', note: 'plain' },
    { start: 0, end: 1, label: 'BREAK' },
    { ...at(text, ' and '), label: 'EDGE' },
    { start: at(text, 'Cafe').start, end: at(text, 'Cafe').end, label: 'SPLIT' },
    { ...at(text, 'aris and'), label: 'MIS' },
  ],
  relations: [{ fromKey: 'a', toKey: 'b', type: 'in', note: 'n' }],
});
const empty: PortableDocument = { name: 'empty', text: '', meta: meta(), spans: [], relations: [] };

describe('describeLoss messages', () => {
  it('tells each loss of each format, in the singular and the plural', () => {
    const told = Object.fromEntries(
      formats.map(({ id }) => [id, [describeLoss(id, [full('one'), empty]), describeLoss(id, [full('one'), full('two')])].map((losses) => losses.map((l) => `${l.kind} ${l.count} [${l.documents.join(',')}] ${l.message}`))]),
    );
    expect(told).toMatchInlineSnapshot(`
      {
        "brat": [
          [
            "categories 1 [one] brat standoff (zip): 1 document will lose its categories",
            "metadata 1 [one] brat standoff (zip): 1 document will lose its metadata (title, author, date…)",
            "renamed 1 [one] brat standoff (zip): 1 name is not a brat identifier: it is written as one, shown by brat with its name (visual.conf) and restored by Glose on import (glose-names.json) (in 1 document)",
            "noteLineBreaks 1 [one] brat standoff (zip): 1 note has line breaks, which will become spaces (in 1 document)",
            "lineBreakSpans 1 [one] brat standoff (zip): 1 span holds line breaks only, which brat cannot show: it will be left out, with its relations (in 1 document)",
            "graphemeSplit 1 [one] brat standoff (zip): 1 span starts or ends inside a character (between a letter and its accent, inside an emoji or a flag): a tool that selects whole characters cannot show it as it is (in 1 document)",
          ],
          [
            "categories 2 [one,two] brat standoff (zip): 2 documents will lose their categories",
            "metadata 2 [one,two] brat standoff (zip): 2 documents will lose their metadata (title, author, date…)",
            "renamed 1 [one,two] brat standoff (zip): 1 name is not a brat identifier: it is written as one, shown by brat with its name (visual.conf) and restored by Glose on import (glose-names.json) (in 2 documents)",
            "noteLineBreaks 2 [one,two] brat standoff (zip): 2 notes have line breaks, which will become spaces (in 2 documents)",
            "lineBreakSpans 2 [one,two] brat standoff (zip): 2 spans hold line breaks only, which brat cannot show: they will be left out, with their relations (in 2 documents)",
            "graphemeSplit 2 [one,two] brat standoff (zip): 2 spans start or end inside a character (between a letter and its accent, inside an emoji or a flag): a tool that selects whole characters cannot show them as they are (in 2 documents)",
          ],
        ],
        "conll": [
          [
            "relations 1 [one] CoNLL (IOB): 1 relation will be left out (in 1 document)",
            "relationNotes 1 [one] CoNLL (IOB): 1 note on a relation will be left out (in 1 document)",
            "notes 2 [one] CoNLL (IOB): 2 span notes will be left out (in 1 document)",
            "attributes 1 [one] CoNLL (IOB): 1 span will lose its attributes (in 1 document)",
            "categories 1 [one] CoNLL (IOB): 1 document will lose its categories",
            "metadata 1 [one] CoNLL (IOB): 1 document will lose its metadata (title, author, date…)",
            "names 2 [one,empty] CoNLL (IOB): 2 documents will lose their names (they are named after the file on import)",
            "whitespace 1 [one] CoNLL (IOB): 1 document will have its spacing and line breaks rebuilt from tokens when read back",
            "misaligned 4 [one] CoNLL (IOB): 4 spans do not start or end on a token boundary: they will be widened to whole tokens, or left out if they cover none (in 1 document)",
            "overlapping 3 [one] CoNLL (IOB): 3 pairs of spans overlap: of each pair only the outer span (or, with "skip", neither) is written (in 1 document)",
            "renamed 2 [one] CoNLL (IOB): 2 names contain whitespace or a hyphen, which will become "_" (in 1 document)",
          ],
          [
            "relations 2 [one,two] CoNLL (IOB): 2 relations will be left out (in 2 documents)",
            "relationNotes 2 [one,two] CoNLL (IOB): 2 notes on relations will be left out (in 2 documents)",
            "notes 4 [one,two] CoNLL (IOB): 4 span notes will be left out (in 2 documents)",
            "attributes 2 [one,two] CoNLL (IOB): 2 spans will lose their attributes (in 2 documents)",
            "categories 2 [one,two] CoNLL (IOB): 2 documents will lose their categories",
            "metadata 2 [one,two] CoNLL (IOB): 2 documents will lose their metadata (title, author, date…)",
            "names 2 [one,two] CoNLL (IOB): 2 documents will lose their names (they are named after the file on import)",
            "whitespace 2 [one,two] CoNLL (IOB): 2 documents will have their spacing and line breaks rebuilt from tokens when read back",
            "misaligned 8 [one,two] CoNLL (IOB): 8 spans do not start or end on a token boundary: they will be widened to whole tokens, or left out if they cover none (in 2 documents)",
            "overlapping 6 [one,two] CoNLL (IOB): 6 pairs of spans overlap: of each pair only the outer span (or, with "skip", neither) is written (in 2 documents)",
            "renamed 2 [one,two] CoNLL (IOB): 2 names contain whitespace or a hyphen, which will become "_" (in 2 documents)",
          ],
        ],
        "csv": [
          [
            "relations 1 [one] CSV (one row per span): 1 relation will be left out (in 1 document)",
            "relationNotes 1 [one] CSV (one row per span): 1 note on a relation will be left out (in 1 document)",
            "categories 1 [one] CSV (one row per span): 1 document will lose its categories",
            "metadata 1 [one] CSV (one row per span): 1 document will lose its metadata (title, author, date…)",
            "text 1 [one] CSV (one row per span): 1 document will be exported without its text: the file can only be read back onto documents already in Glose",
            "graphemeSplit 1 [one] CSV (one row per span): 1 span starts or ends inside a character (between a letter and its accent, inside an emoji or a flag): a tool that selects whole characters cannot show it as it is (in 1 document)",
          ],
          [
            "relations 2 [one,two] CSV (one row per span): 2 relations will be left out (in 2 documents)",
            "relationNotes 2 [one,two] CSV (one row per span): 2 notes on relations will be left out (in 2 documents)",
            "categories 2 [one,two] CSV (one row per span): 2 documents will lose their categories",
            "metadata 2 [one,two] CSV (one row per span): 2 documents will lose their metadata (title, author, date…)",
            "text 2 [one,two] CSV (one row per span): 2 documents will be exported without their text: the file can only be read back onto documents already in Glose",
            "graphemeSplit 2 [one,two] CSV (one row per span): 2 spans start or end inside a character (between a letter and its accent, inside an emoji or a flag): a tool that selects whole characters cannot show them as they are (in 2 documents)",
          ],
        ],
        "doccano": [
          [
            "relationNotes 1 [one] doccano JSONL: 1 note on a relation will be left out (in 1 document)",
            "notes 2 [one] doccano JSONL: 2 span notes will be left out (in 1 document)",
            "attributes 1 [one] doccano JSONL: 1 span will lose its attributes (in 1 document)",
            "graphemeSplit 1 [one] doccano JSONL: 1 span starts or ends inside a character (between a letter and its accent, inside an emoji or a flag): a tool that selects whole characters cannot show it as it is (in 1 document)",
          ],
          [
            "relationNotes 2 [one,two] doccano JSONL: 2 notes on relations will be left out (in 2 documents)",
            "notes 4 [one,two] doccano JSONL: 4 span notes will be left out (in 2 documents)",
            "attributes 2 [one,two] doccano JSONL: 2 spans will lose their attributes (in 2 documents)",
            "graphemeSplit 2 [one,two] doccano JSONL: 2 spans start or end inside a character (between a letter and its accent, inside an emoji or a flag): a tool that selects whole characters cannot show them as they are (in 2 documents)",
          ],
        ],
        "labelstudio": [
          [
            "relationNotes 1 [one] Label Studio JSON: 1 note on a relation will be left out (in 1 document)",
            "graphemeSplit 1 [one] Label Studio JSON: 1 span starts or ends inside a character (between a letter and its accent, inside an emoji or a flag): a tool that selects whole characters cannot show it as it is (in 1 document)",
          ],
          [
            "relationNotes 2 [one,two] Label Studio JSON: 2 notes on relations will be left out (in 2 documents)",
            "graphemeSplit 2 [one,two] Label Studio JSON: 2 spans start or end inside a character (between a letter and its accent, inside an emoji or a flag): a tool that selects whole characters cannot show them as they are (in 2 documents)",
          ],
        ],
        "prodigy": [
          [
            "relationNotes 1 [one] Prodigy JSONL: 1 note on a relation will be left out (in 1 document)",
            "notes 2 [one] Prodigy JSONL: 2 span notes will be left out (in 1 document)",
            "attributes 1 [one] Prodigy JSONL: 1 span will lose its attributes (in 1 document)",
            "edgeWhitespace 2 [one] Prodigy JSONL: 2 spans start or end with whitespace, which tokens leave out of them (a span of whitespace only is left out) (in 1 document)",
            "graphemeSplit 1 [one] Prodigy JSONL: 1 span starts or ends inside a character (between a letter and its accent, inside an emoji or a flag): a tool that selects whole characters cannot show it as it is (in 1 document)",
          ],
          [
            "relationNotes 2 [one,two] Prodigy JSONL: 2 notes on relations will be left out (in 2 documents)",
            "notes 4 [one,two] Prodigy JSONL: 4 span notes will be left out (in 2 documents)",
            "attributes 2 [one,two] Prodigy JSONL: 2 spans will lose their attributes (in 2 documents)",
            "edgeWhitespace 4 [one,two] Prodigy JSONL: 4 spans start or end with whitespace, which tokens leave out of them (a span of whitespace only is left out) (in 2 documents)",
            "graphemeSplit 2 [one,two] Prodigy JSONL: 2 spans start or end inside a character (between a letter and its accent, inside an emoji or a flag): a tool that selects whole characters cannot show them as they are (in 2 documents)",
          ],
        ],
        "spacy": [
          [
            "relationNotes 1 [one] spaCy Doc JSON: 1 note on a relation will be left out (in 1 document)",
            "notes 2 [one] spaCy Doc JSON: 2 span notes will be left out (in 1 document)",
            "attributes 1 [one] spaCy Doc JSON: 1 span will lose its attributes (in 1 document)",
            "edgeWhitespace 2 [one] spaCy Doc JSON: 2 spans start or end with whitespace, which tokens leave out of them (a span of whitespace only is left out) (in 1 document)",
            "graphemeSplit 1 [one] spaCy Doc JSON: 1 span starts or ends inside a character (between a letter and its accent, inside an emoji or a flag): a tool that selects whole characters cannot show it as it is (in 1 document)",
          ],
          [
            "relationNotes 2 [one,two] spaCy Doc JSON: 2 notes on relations will be left out (in 2 documents)",
            "notes 4 [one,two] spaCy Doc JSON: 4 span notes will be left out (in 2 documents)",
            "attributes 2 [one,two] spaCy Doc JSON: 2 spans will lose their attributes (in 2 documents)",
            "edgeWhitespace 4 [one,two] spaCy Doc JSON: 4 spans start or end with whitespace, which tokens leave out of them (a span of whitespace only is left out) (in 2 documents)",
            "graphemeSplit 2 [one,two] spaCy Doc JSON: 2 spans start or end inside a character (between a letter and its accent, inside an emoji or a flag): a tool that selects whole characters cannot show them as they are (in 2 documents)",
          ],
        ],
        "w3c": [
          [
            "attributes 1 [one] W3C Web Annotation (JSON-LD): 1 span will lose its attributes (in 1 document)",
            "metadata 1 [one] W3C Web Annotation (JSON-LD): 1 document will lose its metadata (title, author, date…)",
            "graphemeSplit 1 [one] W3C Web Annotation (JSON-LD): 1 span starts or ends inside a character (between a letter and its accent, inside an emoji or a flag): a tool that selects whole characters cannot show it as it is (in 1 document)",
          ],
          [
            "attributes 2 [one,two] W3C Web Annotation (JSON-LD): 2 spans will lose their attributes (in 2 documents)",
            "metadata 2 [one,two] W3C Web Annotation (JSON-LD): 2 documents will lose their metadata (title, author, date…)",
            "graphemeSplit 2 [one,two] W3C Web Annotation (JSON-LD): 2 spans start or end inside a character (between a letter and its accent, inside an emoji or a flag): a tool that selects whole characters cannot show them as they are (in 2 documents)",
          ],
        ],
        "webanno": [
          [
            "relationNotes 1 [one] WebAnno TSV 3.3 (INCEpTION): 1 note on a relation will be left out (in 1 document)",
            "notes 2 [one] WebAnno TSV 3.3 (INCEpTION): 2 span notes will be left out (in 1 document)",
            "attributes 1 [one] WebAnno TSV 3.3 (INCEpTION): 1 span will lose its attributes (in 1 document)",
            "categories 1 [one] WebAnno TSV 3.3 (INCEpTION): 1 document will lose its categories",
            "metadata 1 [one] WebAnno TSV 3.3 (INCEpTION): 1 document will lose its metadata (title, author, date…)",
            "unwritten 1 [one] WebAnno TSV 3.3 (INCEpTION): 1 span covers only whitespace and will be left out (in 1 document)",
            "trimmed 1 [one] WebAnno TSV 3.3 (INCEpTION): 1 span starts or ends with whitespace, which will be left out of it (the format has no rows for whitespace) (in 1 document)",
            "whitespace 1 [one] WebAnno TSV 3.3 (INCEpTION): 1 document starts with line breaks or tabs, which will be read back as spaces",
            "graphemeSplit 1 [one] WebAnno TSV 3.3 (INCEpTION): 1 span starts or ends inside a character (between a letter and its accent, inside an emoji or a flag): a tool that selects whole characters cannot show it as it is (in 1 document)",
          ],
          [
            "relationNotes 2 [one,two] WebAnno TSV 3.3 (INCEpTION): 2 notes on relations will be left out (in 2 documents)",
            "notes 4 [one,two] WebAnno TSV 3.3 (INCEpTION): 4 span notes will be left out (in 2 documents)",
            "attributes 2 [one,two] WebAnno TSV 3.3 (INCEpTION): 2 spans will lose their attributes (in 2 documents)",
            "categories 2 [one,two] WebAnno TSV 3.3 (INCEpTION): 2 documents will lose their categories",
            "metadata 2 [one,two] WebAnno TSV 3.3 (INCEpTION): 2 documents will lose their metadata (title, author, date…)",
            "unwritten 2 [one,two] WebAnno TSV 3.3 (INCEpTION): 2 spans cover only whitespace and will be left out (in 2 documents)",
            "trimmed 2 [one,two] WebAnno TSV 3.3 (INCEpTION): 2 spans start or end with whitespace, which will be left out of them (the format has no rows for whitespace) (in 2 documents)",
            "whitespace 2 [one,two] WebAnno TSV 3.3 (INCEpTION): 2 documents start with line breaks or tabs, which will be read back as spaces",
            "graphemeSplit 2 [one,two] WebAnno TSV 3.3 (INCEpTION): 2 spans start or end inside a character (between a letter and its accent, inside an emoji or a flag): a tool that selects whole characters cannot show them as they are (in 2 documents)",
          ],
        ],
      }
    `);
  });

  it('counts a schema’s names that brat renames whichever documents use them, and refuses an unknown format', () => {
    const schema = { name: 's', labels: [{ name: 'Two words', color: '#000000' }], relations: [], categories: [] };
    const plain: PortableDocument = { ...empty, name: 'plain', text: 'ab', spans: [{ start: 0, end: 2, label: 'X' }] };
    expect(describeLoss('brat', [plain], schema).map((l) => [l.kind, l.count, l.documents])).toEqual([['renamed', 1, ['plain']]]);
    expect(describeLoss('brat', [plain]).map((l) => l.kind)).toEqual([]);
    expect(() => describeLoss('nope' as 'brat', [plain])).toThrow('unknown format nope');
  });
});
