// Parsed text is stored with LF and no BOM; offsets written against CRLF text still land right.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { PortableDocument } from '../../../src-main/model';
import * as brat from '../../../src-main/formats/brat';
import * as conll from '../../../src-main/formats/conll';
import * as csv from '../../../src-main/formats/csv';
import * as doccano from '../../../src-main/formats/doccano';
import * as labelstudio from '../../../src-main/formats/labelstudio';
import * as prodigy from '../../../src-main/formats/prodigy';
import * as spacy from '../../../src-main/formats/spacy';
import * as w3c from '../../../src-main/formats/w3c';

// Code points in the text as written: BOM 0, "Première ligne " 1–16, "😀" 16, CR 17, LF 18,
// "Paris" 19–24, CR 24, LF 25, "e\u0301té" 26–30.
const written = '\uFEFFPremière ligne 😀\r\nParis\r\ne\u0301té';
const stored = 'Première ligne 😀\nParis\ne\u0301té';
const spans = [
  { start: 19, end: 24, label: 'LOC', quote: 'Paris' },
  { start: 16, end: 24, label: 'SPAN', quote: '😀\r\nParis' },
  { start: 26, end: 30, label: 'WORD', quote: 'e\u0301té' },
];
const expected = [
  ['Paris', 'LOC'],
  ['😀\nParis', 'SPAN'],
  ['e\u0301té', 'WORD'],
];

function check(doc: PortableDocument | undefined): void {
  expect(doc?.text).toBe(stored);
  expect(doc?.meta.normalisation).toEqual({ bomRemoved: true, crlfToLf: 2, crToLf: 0 });
  expect(doc?.spans.map((s) => [doc.text.slice(s.start, s.end), s.label])).toEqual(expected);
}

describe('CRLF and BOM in parsed text', () => {
  it('doccano', () => {
    const line = JSON.stringify({ text: written, label: spans.map((s) => [s.start, s.end, s.label]) });
    check(doccano.parse(`${line}\r\n`, 'a.jsonl')[0]);
  });

  it('doccano with UTF-16 offsets', () => {
    const utf16 = (cp: number) => Array.from(written).slice(0, cp).join('').length;
    const line = JSON.stringify({ text: written, label: spans.map((s) => [utf16(s.start), utf16(s.end), s.label]) });
    check(doccano.parse(line, 'a.jsonl', { offsets: 'utf16' })[0]);
  });

  it('spaCy Doc JSON', () => {
    const sc = spans.map(({ start, end, label }) => ({ start, end, label, kb_id: '' }));
    check(spacy.parse(JSON.stringify({ text: written, tokens: [], spans: { sc } }), 'a.jsonl')[0]);
  });

  it('Prodigy', () => {
    check(prodigy.parse(JSON.stringify({ text: written, spans, answer: 'accept' }), 'a.jsonl')[0]);
  });

  it('Label Studio', () => {
    const result = spans.map((s, i) => ({
      id: `r${i}`,
      from_name: 'label',
      to_name: 'text',
      type: 'labels',
      value: { start: s.start, end: s.end, text: s.quote, labels: [s.label] },
    }));
    check(labelstudio.parse(JSON.stringify([{ data: { text: written }, annotations: [{ result }] }]), 'a.json')[0]);
  });

  it('W3C', () => {
    const items = spans.map((s, i) => ({
      id: `a${i}`,
      type: 'Annotation',
      body: [{ type: 'TextualBody', purpose: 'tagging', value: s.label }],
      target: {
        source: 'urn:doc',
        selector: [
          { type: 'TextQuoteSelector', exact: s.quote },
          { type: 'TextPositionSelector', start: s.start, end: s.end },
        ],
      },
    }));
    const collection = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'AnnotationCollection',
      'glose:text': written,
      first: { type: 'AnnotationPage', items },
    };
    check(w3c.parse(JSON.stringify(collection), 'a.jsonld')[0]);
  });

  it('brat, whose .ann lines may end in CRLF too', () => {
    const ann = spans
      .map((s, i) => `T${i + 1}\t${s.label} ${s.start} ${s.end}${s.quote.includes('\n') ? '' : `\t${s.quote}`}`)
      .join('\r\n');
    check(brat.parseAnn(written, ann, 'a.ann'));
    check(brat.parseZip(zipSync({ 'a.txt': strToU8(written), 'a.ann': strToU8(ann) }), 'a.zip')[0]);
  });

  it('CSV and CoNLL files with CRLF line endings', () => {
    const file = '\uFEFFdocument,start,end,label,text,note,attributes\r\nd,0,5,LOC,Paris,,\r\n';
    expect(csv.parse(file, 'a.csv')[0]?.spans).toEqual([{ start: 0, end: 5, label: 'LOC', text: 'Paris', line: 2 }]);
    const [doc] = conll.parse('\uFEFFNew B-LOC\r\nYork I-LOC\r\n\r\nhi O\r\n', 'a.conll');
    expect(doc?.text).toBe('New York\nhi');
    expect(doc?.spans).toEqual([{ start: 0, end: 8, label: 'LOC' }]);
  });
});
