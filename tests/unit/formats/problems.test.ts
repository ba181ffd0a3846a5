// A malformed file is reported whole: every bad line (task, annotation, row…) up to 50, then how
// many more, and nothing of the file is returned.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import * as brat from '../../../src-main/formats/brat';
import * as conll from '../../../src-main/formats/conll';
import * as csv from '../../../src-main/formats/csv';
import * as doccano from '../../../src-main/formats/doccano';
import { FormatError, PROBLEM_LIMIT } from '../../../src-main/formats/errors';
import * as labelstudio from '../../../src-main/formats/labelstudio';
import * as prodigy from '../../../src-main/formats/prodigy';
import * as spacy from '../../../src-main/formats/spacy';
import * as w3c from '../../../src-main/formats/w3c';
import { describeFormatError, describeProblems } from '../../../src-main/extract/annotated';

/** The FormatError `run` throws. */
function formatError(run: () => unknown): FormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof FormatError) return error;
    throw error;
  }
  throw new Error('expected a FormatError');
}

/** "line N: detail" for each problem, as the import report lists them. */
const listed = (error: FormatError, file: string): string[] => describeProblems(error, file);

const good = JSON.stringify({ text: 'Paris', label: [[0, 5, 'LOC']] });
const bad = (n: number) => JSON.stringify({ text: 'Lyon', label: [[0, 40 + n, 'LOC']] });

describe('every bad line, not only the first', () => {
  it('doccano: each bad line with its number, broken JSON included', () => {
    const input = [good, bad(1), good, '{"text": "x", "label": [', bad(2)].join('\n');
    const error = formatError(() => doccano.parse(input, 'a.jsonl'));
    expect(error.total).toBe(3);
    expect(listed(error, 'a.jsonl')).toEqual([
      'line 2: span 0–41 is past the end of the text (length 4)',
      expect.stringMatching(/^line 4: not valid JSON/),
      'line 5: span 0–42 is past the end of the text (length 4)',
    ]);
    expect(error.message).toBe('a.jsonl line 2: span 0–41 is past the end of the text (length 4) (and 2 more problems)');
    expect(describeFormatError(error, 'a.jsonl')).toBe('line 2: span 0–41 is past the end of the text (length 4) (and 2 more problems)');
  });

  it(`lists ${PROBLEM_LIMIT} problems, then says how many more`, () => {
    const input = Array.from({ length: 120 }, (_, i) => (i % 2 === 0 ? good : bad(i))).join('\n');
    const error = formatError(() => doccano.parse(input, 'many.jsonl'));
    expect(error.total).toBe(60);
    const lines = listed(error, 'many.jsonl');
    expect(lines).toHaveLength(PROBLEM_LIMIT + 1);
    expect(lines[0]).toBe('line 2: span 0–41 is past the end of the text (length 4)');
    expect(lines[PROBLEM_LIMIT - 1]).toMatch(/^line 100: /);
    expect(lines[PROBLEM_LIMIT]).toBe('and 10 more');
  });

  it('spaCy and Prodigy: each bad line', () => {
    const doc = (end: number) => JSON.stringify({ text: 'Paris', tokens: [], spans: { sc: [{ start: 0, end, label: 'LOC', kb_id: '' }] } });
    expect(listed(formatError(() => spacy.parse([doc(9), doc(5), doc(8)].join('\n'), 's.jsonl')), 's.jsonl')).toEqual([
      'line 1: span 0–9 is past the end of the text (length 5)',
      'line 3: span 0–8 is past the end of the text (length 5)',
    ]);
    const task = (end: number) => JSON.stringify({ text: 'Paris', spans: [{ start: 0, end, label: 'LOC' }], answer: 'accept' });
    expect(listed(formatError(() => prodigy.parse([task(7), task(6)].join('\n'), 'p.jsonl')), 'p.jsonl')).toEqual([
      'line 1: span 0–7 is past the end of the text (length 5)',
      'line 2: span 0–6 is past the end of the text (length 5)',
    ]);
  });

  it('CoNLL: each bad tag and each line without a tag', () => {
    const error = formatError(() => conll.parse('Paris B-LOC\nis X-Y\nlonely\nnice O\nhere Q\n', 'a.conll'));
    expect(listed(error, 'a.conll')).toEqual([
      'line 2: tag "X-Y" is not O, B-…, I-… (or E-, S-, L-, U-)',
      'line 3: expected a token and a tag, found "lonely"',
      'line 5: tag "Q" is not O, B-…, I-… (or E-, S-, L-, U-)',
    ]);
  });

  it('brat: each bad line of an .ann, and every document of an archive', () => {
    const ann = 'T1\tLOC 0 5\tLyon!\nX9 nonsense\nT2\tLOC 0 99\tLyon\nA1\tSize T7 big\n';
    expect(listed(formatError(() => brat.parseAnn('Lyon is nice', ann, 'd.ann')), 'd.ann')).toEqual([
      'line 1: quote "Lyon!" does not match the text at 0–5 ("Lyon ")',
      'line 2: not a brat annotation line: "X9 nonsense"',
      'line 3: span 0–99 is past the end of the text (length 12)',
      'line 4: T7 is not annotated in this file',
    ]);
    const zip = zipSync({
      'a.txt': strToU8('Paris'),
      'a.ann': strToU8('T1\tLOC 0 9\tParis\n'),
      'b.txt': strToU8('Lyon'),
      'b.ann': strToU8('T1\tLOC 0 4\tLyon\nT2\tLOC 0 8\tLyon\n'),
      'c.ann': strToU8(''),
    });
    expect(listed(formatError(() => brat.parseZip(zip, 'x.zip')), 'x.zip')).toEqual([
      'c.ann: has no .txt of the same name',
      'a.ann line 1: span 0–9 is past the end of the text (length 5)',
      'b.ann line 2: span 0–8 is past the end of the text (length 4)',
    ]);
  });

  it('W3C: each bad annotation of each collection', () => {
    const annotation = (id: string, start: number, end: number) => ({
      id,
      type: 'Annotation',
      body: { type: 'TextualBody', purpose: 'tagging', value: 'LOC' },
      target: { source: 'urn:x', selector: { type: 'TextPositionSelector', start, end } },
    });
    const collection = (items: unknown[]) => ({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'AnnotationCollection',
      'glose:text': 'Lyon',
      first: { type: 'AnnotationPage', items },
    });
    const input = JSON.stringify([
      collection([annotation('a', 0, 4), annotation('b', 0, 9), { id: 'c' }]),
      collection([annotation('d', 2, 1)]),
    ]);
    expect(listed(formatError(() => w3c.parse(input, 'w.jsonld')), 'w.jsonld')).toEqual([
      expect.stringMatching(/^collection 1: annotation 3: field type: /),
      'collection 1: annotation b: span 0–9 is past the end of the text (length 4)',
      'collection 2: annotation d: span 2–1 ends before it starts',
    ]);
  });

  it('Label Studio: each bad task', () => {
    const task = (end: number) => ({
      data: { text: 'Lyon' },
      annotations: [{ result: [{ id: 'r', from_name: 'label', to_name: 'text', type: 'labels', value: { start: 0, end, labels: ['LOC'] } }] }],
    });
    const input = JSON.stringify([task(9), task(4), task(8)]);
    expect(listed(formatError(() => labelstudio.parse(input, 'l.json')), 'l.json')).toEqual([
      'task 1: span 0–9 is past the end of the text (length 4)',
      'task 3: span 0–8 is past the end of the text (length 4)',
    ]);
  });

  it('CSV: each bad row, and each row whose text does not match', () => {
    const header = 'document,start,end,label,text,note,attributes\r\n';
    const rows = `${header}a,0,5,LOC,Paris,,\r\na,x,5,LOC,Paris,,\r\na,0,5\r\na,0,5,L,Paris,,novalue\r\n`;
    expect(listed(formatError(() => csv.parse(rows, 's.csv')), 's.csv')).toEqual([
      'line 3: start "x" is not a whole number',
      'line 4: expected 7 fields, found 3',
      'line 5: attributes "novalue" are not name=value pairs separated by ";"',
    ]);
    const [document] = csv.parse(`${header}a,0,5,LOC,Lyon!,,\r\na,0,4,LOC,Lyon,,\r\na,0,9,LOC,Lyon,,\r\n`, 's.csv');
    expect(listed(formatError(() => csv.attachSpans(document ?? { name: '', spans: [] }, 'Lyon is', 's.csv')), 's.csv')).toEqual([
      'line 2: quote "Lyon!" does not match the text at 0–5 ("Lyon ")',
      'line 4: span 0–9 is past the end of the text (length 7)',
    ]);
  });
});

describe('the import report of a hand-made error', () => {
  it('lists at most the first 50 problems, then how many more, whatever the error holds', () => {
    const problems = Array.from({ length: PROBLEM_LIMIT + 10 }, (_, i) => new FormatError('a.jsonl', i + 1, 'bad'));
    const lines = describeProblems(new FormatError('a.jsonl', 1, 'bad', { problems, total: PROBLEM_LIMIT + 12 }), 'a.jsonl');
    expect(lines).toHaveLength(PROBLEM_LIMIT + 1);
    expect(lines.at(-2)).toBe(`line ${PROBLEM_LIMIT}: bad`);
    expect(lines.at(-1)).toBe('and 12 more');
  });
});
