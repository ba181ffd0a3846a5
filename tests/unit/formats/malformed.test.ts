// Malformed input: each parser names the file, the line when there is one, and what is wrong.
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import * as brat from '../../../src-main/formats/brat';
import * as conll from '../../../src-main/formats/conll';
import * as csv from '../../../src-main/formats/csv';
import * as doccano from '../../../src-main/formats/doccano';
import { FormatError } from '../../../src-main/formats/errors';
import * as labelstudio from '../../../src-main/formats/labelstudio';
import * as prodigy from '../../../src-main/formats/prodigy';
import * as spacy from '../../../src-main/formats/spacy';
import * as w3c from '../../../src-main/formats/w3c';
import { curie, meta } from './documents';

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

const validLine = JSON.stringify({ text: 'Paris is nice.', label: [[0, 5, 'LOC']] });

describe('JSON Lines', () => {
  it('reports the line of broken JSON', () => {
    const lines = Array.from({ length: 16 }, () => validLine);
    lines.push('{"text": "Lyon", "label": [[0, 4, "LOC"]');
    lines.push(validLine);
    const error = formatError(() => doccano.parse(lines.join('\n'), 'data.jsonl'));
    expect(error.file).toBe('data.jsonl');
    expect(error.line).toBe(17);
    expect(error.message).toBe('data.jsonl line 17: not valid JSON: the text ends before the JSON does (column 41)');
    expect(formatError(() => prodigy.parse(lines.join('\r\n'), 'data.jsonl')).line).toBe(17);
  });

  it('reports a span past the end of the text, in the file\'s unit', () => {
    const line = JSON.stringify({ text: 'x'.repeat(97) + '😀', label: [[120, 130, 'LOC']] });
    expect(formatError(() => doccano.parse(`${validLine}\n\n${line}\n`, 'data.jsonl')).message).toBe(
      'data.jsonl line 3: span 120–130 is past the end of the text (length 98)',
    );
  });

  it('reports structures it does not know', () => {
    const classification = JSON.stringify({ text: 'Great film', label: ['positive'] });
    expect(formatError(() => doccano.parse(classification, 'cls.jsonl')).message).toMatch(
      /^cls\.jsonl line 1: field label\[0\]: .*expected tuple/,
    );
    expect(formatError(() => doccano.parse('[1, 2]', 'a.jsonl')).message).toMatch(/expected a JSON object/);
    const both = JSON.stringify({ text: 'a', label: [], entities: [] });
    expect(formatError(() => doccano.parse(both, 'a.jsonl')).message).toMatch(/both "label" and "entities"/);
    const dangling = JSON.stringify({
      text: 'Paris',
      entities: [{ id: 1, start_offset: 0, end_offset: 5, label: 'LOC' }],
      relations: [{ id: 1, from_id: 1, to_id: 9, type: 'x' }],
    });
    expect(formatError(() => doccano.parse(dangling, 'a.jsonl')).message).toMatch(/refers to entity 9/);
    expect(formatError(() => spacy.parse(JSON.stringify({ spans: [] }), 's.jsonl')).message).toMatch(
      /^s\.jsonl line 1: field text: /,
    );
  });

  it('refuses UTF-16 offsets that split an emoji, with a hint', () => {
    const line = JSON.stringify({ text: '😀 Paris', label: [[1, 8, 'LOC']] });
    expect(formatError(() => doccano.parse(line, 'a.jsonl', { offsets: 'utf16' })).message).toMatch(
      /offset 1 of span 1–8 falls inside a character outside the BMP/,
    );
  });

  it('imports nothing from a file with one bad document', () => {
    const bad = JSON.stringify({ text: 'short', label: [[0, 50, 'X']] });
    expect(() => doccano.parse(`${validLine}\n${bad}`, 'a.jsonl')).toThrow(FormatError);
  });
});

describe('W3C', () => {
  const collection = (exact: string, start: number, end: number) =>
    JSON.stringify({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'AnnotationCollection',
      'glose:text': 'We went to Lyon and back.',
      first: {
        type: 'AnnotationPage',
        items: [
          {
            id: 'a1',
            type: 'Annotation',
            body: { type: 'TextualBody', purpose: 'tagging', value: 'LOC' },
            target: {
              source: 'urn:x',
              selector: [
                { type: 'TextQuoteSelector', exact },
                { type: 'TextPositionSelector', start, end },
              ],
            },
          },
        ],
      },
    });

  it('checks the quote against the text at the position', () => {
    expect(w3c.parse(collection('Lyon', 11, 15), 'a.jsonld')[0]?.spans).toEqual([
      { key: 'a1', start: 11, end: 15, label: 'LOC' },
    ]);
    expect(formatError(() => w3c.parse(collection('Paris', 10, 15), 'a.jsonld')).message).toBe(
      'a.jsonld: collection 1: annotation a1: quote "Paris" does not match the text at 10–15 (" Lyon")',
    );
  });

  it('checks prefix and suffix too', () => {
    const json = collection('Lyon', 11, 15).replace('"exact":"Lyon"', '"exact":"Lyon","prefix":"ran to "');
    expect(formatError(() => w3c.parse(json, 'a.jsonld')).message).toMatch(/quote "ran to " does not match .* \(prefix\)/);
  });

  it('reports what it does not know', () => {
    expect(formatError(() => w3c.parse('{"type": "Annotation"}', 'a.jsonld')).message).toMatch(
      /^a\.jsonld: collection 1: /,
    );
    const noText = JSON.parse(collection('Lyon', 11, 15)) as Record<string, unknown>;
    delete noText['glose:text'];
    expect(formatError(() => w3c.parse(JSON.stringify(noText), 'a.jsonld')).message).toMatch(
      /the document text \("glose:text"\) is missing/,
    );
    expect(formatError(() => w3c.parse('[{"@context": ', 'a.jsonld')).message).toMatch(/not valid JSON/);
  });
});

describe('Label Studio', () => {
  const task = (value: Record<string, unknown>) =>
    JSON.stringify([
      {
        data: { text: 'We went to Lyon.' },
        annotations: [{ result: [{ id: 'r1', from_name: 'label', to_name: 'text', type: 'labels', value }] }],
      },
    ]);

  it('checks the region text against the text', () => {
    expect(
      formatError(() => labelstudio.parse(task({ start: 11, end: 15, text: 'Nice', labels: ['LOC'] }), 'ls.json'))
        .message,
    ).toBe('ls.json: task 1: quote "Nice" does not match the text at 11–15 ("Lyon")');
  });

  it('reports offsets past the end and unknown structures', () => {
    expect(
      formatError(() => labelstudio.parse(task({ start: 11, end: 40, labels: ['LOC'] }), 'ls.json')).message,
    ).toBe('ls.json: task 1: span 11–40 is past the end of the text (length 16)');
    expect(formatError(() => labelstudio.parse('{"data": {}}', 'ls.json')).message).toBe(
      'ls.json: expected a JSON array of Label Studio tasks',
    );
    expect(formatError(() => labelstudio.parse('[{"data": {"html": "<p>"}}]', 'ls.json')).message).toMatch(
      /^ls\.json: task 1: field data\.text: /,
    );
  });
});

describe('brat', () => {
  it('reports a bad line with its number', () => {
    const ann = 'T1\tLOC 11 15\tLyon\nX9 nonsense\n';
    expect(formatError(() => brat.parseAnn('We went to Lyon.', ann, 'doc.ann')).message).toBe(
      'doc.ann line 2: not a brat annotation line: "X9 nonsense"',
    );
  });

  it('checks the text of each span', () => {
    expect(formatError(() => brat.parseAnn('We went to Lyon.', 'T1\tLOC 10 15\tLyon\n', 'doc.ann')).message).toBe(
      'doc.ann line 1: quote "Lyon" does not match the text at 10–15 (" Lyon")',
    );
  });

  it('reports spans past the end, dangling relations and attributes, duplicate ids', () => {
    expect(formatError(() => brat.parseAnn('short', 'T1\tX 0 9\tshort', 'd.ann')).message).toBe(
      'd.ann line 1: span 0–9 is past the end of the text (length 5)',
    );
    expect(formatError(() => brat.parseAnn('ab', 'T1\tX 0 1\ta\nR1\tr Arg1:T1 Arg2:T7\n', 'd.ann')).message).toMatch(
      /^d\.ann line 2: relation R1 refers to T7, which is not annotated/,
    );
    expect(formatError(() => brat.parseAnn('ab', 'A1\tNeg T3\n', 'd.ann')).message).toBe(
      'd.ann line 1: T3 is not annotated in this file',
    );
    expect(formatError(() => brat.parseAnn('ab', 'T1\tX 0 1\ta\nT1\tX 1 2\tb\n', 'd.ann')).message).toBe(
      'd.ann line 2: the id T1 is used twice',
    );
  });

  it('reports archives that are not zips, .ann files without text, and text that is not UTF-8', () => {
    expect(formatError(() => brat.parseZip(strToU8('not a zip'), 'x.zip')).message).toMatch(/^x\.zip: not a zip archive/);
    const orphan = zipSync({ 'a.ann': strToU8('') });
    expect(formatError(() => brat.parseZip(orphan, 'x.zip')).message).toBe('x.zip/a.ann: has no .txt of the same name');
    const latin1 = zipSync({ 'a.txt': new Uint8Array([0x43, 0x61, 0x66, 0xe9]) });
    expect(formatError(() => brat.parseZip(latin1, 'x.zip')).message).toBe(
      'x.zip/a.txt: not UTF-8 text, which brat requires',
    );
  });
});

describe('CSV', () => {
  const header = 'document,start,end,label,text,note,attributes\r\n';

  it('reports the line of a bad row, counting line breaks inside quoted fields', () => {
    const rows = `${header}a,0,5,LOC,Paris,"a note\r\non two lines",\r\na,x,5,LOC,Paris,,\r\n`;
    expect(formatError(() => csv.parse(rows, 'spans.csv')).message).toBe(
      'spans.csv line 4: start "x" is not a whole number',
    );
    expect(formatError(() => csv.parse(`${header}a,0,5\r\n`, 's.csv')).message).toBe(
      's.csv line 2: expected 7 fields, found 3',
    );
    expect(formatError(() => csv.parse(`${header}a,0,5,L,"Paris,,\r\n`, 's.csv')).message).toBe(
      's.csv line 2: a quoted field is never closed',
    );
    expect(formatError(() => csv.parse(`${header}a,0,5,L,Pa"ris,,\r\n`, 's.csv')).message).toBe(
      's.csv line 2: a field that is not quoted contains a quote',
    );
    expect(formatError(() => csv.parse(`${header}a,0,5,L,"Paris"x,,\r\n`, 's.csv')).message).toBe(
      's.csv line 2: a quoted field is followed by more text before the next comma',
    );
    expect(formatError(() => csv.parse(`${header}a,0,5,L,Paris,,novalue\r\n`, 's.csv')).message).toMatch(
      /^s\.csv line 2: attributes "novalue" are not name=value pairs/,
    );
  });

  it('requires the header row', () => {
    expect(formatError(() => csv.parse('doc,start\r\n', 's.csv')).message).toMatch(/^s\.csv line 1: the header row must be/);
    expect(formatError(() => csv.parse('', 's.csv')).message).toMatch(/the file is empty/);
  });

  it('checks offsets and text when spans are attached to a document', () => {
    const [document] = csv.parse(`${header}a,0,5,LOC,Paris,,\r\na,0,99,LOC,Paris,,\r\n`, 's.csv');
    expect(formatError(() => csv.attachSpans(document ?? { name: '', spans: [] }, 'Paris!', 's.csv')).message).toBe(
      's.csv line 3: span 0–99 is past the end of the text (length 6)',
    );
    const [lyon] = csv.parse(`${header}a,0,5,LOC,Paris,,\r\n`, 's.csv');
    expect(formatError(() => csv.attachSpans(lyon ?? { name: '', spans: [] }, 'Lyon is', 's.csv')).message).toBe(
      's.csv line 2: quote "Paris" does not match the text at 0–5 ("Lyon ")',
    );
  });
});

describe('CoNLL', () => {
  it('reports bad tags and lines without a tag', () => {
    expect(formatError(() => conll.parse('Paris B-LOC\nis X-Y\n', 'a.conll')).message).toBe(
      'a.conll line 2: tag "X-Y" is not O, B-…, I-… (or E-, S-, L-, U-)',
    );
    expect(formatError(() => conll.parse('Paris B-LOC\n\nlonely\n', 'a.conll')).message).toBe(
      'a.conll line 3: expected a token and a tag, found "lonely"',
    );
  });
});

describe('serialize', () => {
  it('refuses a span that splits a surrogate pair or points past the text', () => {
    const split = { ...curie, spans: [{ start: 12, end: 13, label: 'X' }], relations: [] };
    expect(formatError(() => spacy.serialize([split])).message).toMatch(/^curie\.txt: offset 13 of span 12–13 falls inside/);
    const past = { name: 'd', text: 'abc', meta: meta(), spans: [{ start: 1, end: 9, label: 'X' }], relations: [] };
    expect(formatError(() => csv.serialize([past])).message).toBe(
      'd: span 1–9 is past the end of the text (length 3) (label "X")',
    );
  });

  it('refuses a relation to a span that is not there', () => {
    const dangling = { ...curie, relations: [{ fromKey: 's1', toKey: 'nope', type: 'born_in' }] };
    expect(formatError(() => w3c.serialize([dangling])).message).toBe(
      'curie.txt: relation "born_in" refers to span "nope", which is not in the document',
    );
  });
});
