// What the exports write beyond offsets: CSV that spreadsheets do not run, file names instead of
// full paths, stable Label Studio ids, W3C pages that the model allows.
import { describe, expect, it } from 'vitest';
import * as csv from '../../../src-main/formats/csv';
import * as doccano from '../../../src-main/formats/doccano';
import * as labelstudio from '../../../src-main/formats/labelstudio';
import * as prodigy from '../../../src-main/formats/prodigy';
import * as spacy from '../../../src-main/formats/spacy';
import * as w3c from '../../../src-main/formats/w3c';
import type { PortableDocument } from '../../../src-main/model';
import { at, curie, empty, meta } from './documents';

const formulaText = '=HYPERLINK("http://x","y") +1 -2 @a';
const risky: PortableDocument = {
  name: '@list.txt',
  text: formulaText,
  meta: meta(),
  spans: [
    { ...at(formulaText, '=HYPERLINK("http://x","y")'), label: '+LABEL', note: '-note', attributes: { '=a': 'b' } },
    { ...at(formulaText, '+1'), label: 'NUM', note: '\tindented' },
    { ...at(formulaText, '-2'), label: 'NUM' },
    { ...at(formulaText, '@a'), label: 'AT', note: "'=already quoted" },
  ],
  relations: [],
};

describe('CSV and spreadsheets', () => {
  it("prefixes a ' to every text cell a spreadsheet would run as a formula", () => {
    const rows = csv.serialize([risky]).split('\r\n');
    expect(rows[1]).toBe(`'@list.txt,0,26,'+LABEL,"'=HYPERLINK(""http://x"",""y"")",'-note,\\=a=b`);
    expect(rows[2]).toBe(`'@list.txt,27,29,NUM,'+1,"'\tindented",`);
    expect(rows[3]).toBe(`'@list.txt,30,32,NUM,'-2,,`);
    expect(rows[4]).toBe(`'@list.txt,33,35,AT,'@a,''=already quoted,`);
  });

  it('writes cells as they are when asked for raw cells, and a BOM when asked', () => {
    const raw = csv.serialize([risky], { raw: true });
    expect(raw.split('\r\n')[3]).toBe('@list.txt,30,32,NUM,-2,,');
    expect(raw.startsWith('document,')).toBe(true);
    const bom = csv.serialize([curie], { bom: true });
    expect(bom.startsWith('\uFEFFdocument,start,end')).toBe(true);
    expect(new TextEncoder().encode(bom).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('quotes cells holding a semicolon or a tab, which some spreadsheets split on', () => {
    const text = 'a;b c\td';
    const doc = { ...curie, text, spans: [{ ...at(text, 'a;b'), label: 'X' }, { ...at(text, 'c\td'), label: 'Y' }], relations: [] };
    expect(csv.serialize([doc], { raw: true }).split('\r\n').slice(1, 3)).toEqual(['curie.txt,0,3,X,"a;b",,', 'curie.txt,4,7,Y,"c\td",,']);
  });

  it('reads back exactly what was neutralised', () => {
    const [document] = csv.parse(csv.serialize([risky]), 'r.csv');
    expect(document?.name).toBe('@list.txt');
    expect(csv.attachSpans(document ?? { name: '', spans: [] }, formulaText, 'r.csv')).toEqual(risky.spans);
  });
});

describe('source paths stay on this computer unless asked', () => {
  const placed: PortableDocument = {
    ...curie,
    meta: meta({ sourcePath: '/home/zoe/Private/Clients/curie.txt', title: 'Curie' }),
  };
  const sourcePaths = (text: string): unknown[] => text.match(/"sourcePath":\s*"[^"]*"/g) ?? [];

  it('doccano, spaCy, Prodigy and Label Studio write the file name only by default', () => {
    for (const out of [doccano.serialize([placed]), spacy.serialize([placed]), prodigy.serialize([placed]), labelstudio.serialize([placed])]) {
      expect(out).not.toContain('/home/zoe');
      expect(sourcePaths(out)).toEqual([expect.stringMatching(/"sourcePath":\s*"curie\.txt"/)]);
    }
    const windows = { ...placed, meta: meta({ sourcePath: 'C:\\Users\\Zoë\\curie.txt' }) };
    expect(doccano.serialize([windows])).toContain('"sourcePath":"curie.txt"');
  });

  it('and the full path when asked', () => {
    const options = { fullPaths: true };
    for (const out of [doccano.serialize([placed], options), spacy.serialize([placed], options), prodigy.serialize([placed], options), labelstudio.serialize([placed], options)]) {
      expect(sourcePaths(out)).toEqual([expect.stringContaining('/home/zoe/Private/Clients/curie.txt')]);
    }
  });
});

describe('Label Studio ids', () => {
  it('numbers tasks and annotations, and names regions and relations, the same way every time', () => {
    const tasks = JSON.parse(labelstudio.serialize([curie, empty])) as {
      id: number;
      annotations: { id: number; result: { id: string; type: string }[] }[];
    }[];
    expect(tasks.map((task) => [task.id, task.annotations.map((a) => a.id)])).toEqual([
      [1, [1]],
      [2, [2]],
    ]);
    expect(tasks[0]?.annotations[0]?.result.map((r) => [r.id, r.type])).toEqual([
      ['s1', 'labels'],
      ['s2', 'labels'],
      ['s2', 'textarea'],
      ['s3', 'labels'],
      ['r1', 'relation'],
    ]);
    expect(labelstudio.serialize([curie, empty])).toBe(labelstudio.serialize([curie, empty]));
  });
});

describe('W3C pages', () => {
  it('gives the page an IRI, part of its collection', () => {
    const [collection] = JSON.parse(w3c.serialize([curie])) as { id: string; first: { id: string; partOf: string } }[];
    expect(collection?.first.id).toBe('urn:glose:annotations:curie.txt#page-1');
    expect(collection?.first.partOf).toBe(collection?.id);
  });

  it('writes no page for a document without annotations, and reads such a collection back', () => {
    const [collection] = JSON.parse(w3c.serialize([empty])) as Record<string, unknown>[];
    expect(collection).not.toHaveProperty('first');
    expect(collection?.['total']).toBe(0);
    const withText = { ...empty, text: 'Nothing to see.' };
    expect(w3c.parse(w3c.serialize([withText]), 'w.jsonld').map((d) => [d.name, d.text, d.spans])).toEqual([['empty.txt', 'Nothing to see.', []]]);
  });
});
