// Every format: serialize → parse gives back what the format carries, on plain and nasty text.
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { PortableDocument, SchemaSpec } from '../../../src-main/model';
import * as brat from '../../../src-main/formats/brat';
import * as conll from '../../../src-main/formats/conll';
import * as csv from '../../../src-main/formats/csv';
import * as doccano from '../../../src-main/formats/doccano';
import { type FormatId, formats } from '../../../src-main/formats/index';
import * as labelstudio from '../../../src-main/formats/labelstudio';
import * as prodigy from '../../../src-main/formats/prodigy';
import * as spacy from '../../../src-main/formats/spacy';
import * as w3c from '../../../src-main/formats/w3c';
import * as webanno from '../../../src-main/formats/webanno';
import { codePointSlice, comparable, curie, empty, nasty } from './documents';

const schema: SchemaSpec = { name: 'test', labels: [], relations: [], categories: [] };

/** Serialize and parse back, for each format that carries the text. */
const roundTrips: Record<Exclude<FormatId, 'csv' | 'conll'>, (docs: PortableDocument[]) => PortableDocument[]> = {
  doccano: (docs) => doccano.parse(doccano.serialize(docs), 'out.jsonl'),
  brat: (docs) => brat.parseZip(brat.serializeZip(docs, schema), 'out.zip'),
  webanno: (docs) => webanno.parseZip(webanno.serializeZip(docs), 'out.zip'),
  w3c: (docs) => w3c.parse(w3c.serialize(docs), 'out.jsonld'),
  labelstudio: (docs) => labelstudio.parse(labelstudio.serialize(docs), 'out.json'),
  spacy: (docs) => spacy.parse(spacy.serialize(docs), 'out.jsonl'),
  prodigy: (docs) => prodigy.parse(prodigy.serialize(docs), 'out.jsonl'),
};

const carried = (id: FormatId) => formats.find((f) => f.id === id)?.carries ?? {};

describe.each(Object.entries(roundTrips))('%s round trip', (id, roundTrip) => {
  const carries = carried(id as FormatId);
  // brat and WebAnno TSV name documents after their file; the others keep the name as it is.
  const named = (doc: PortableDocument): PortableDocument =>
    id === 'brat' || id === 'webanno' ? { ...doc, name: doc.name.replace(/"/g, '_') } : doc;

  it('brings back spans, relations and what the format carries', () => {
    const docs = [curie, nasty, empty];
    const back = roundTrip(docs);
    expect(back.map((doc) => comparable(doc, carries))).toEqual(
      docs.map((doc) => comparable(named(doc), carries)),
    );
  });

  it('records the format in the metadata and leaves the hash to the caller', () => {
    const [doc] = roundTrip([curie]);
    expect(doc?.meta).toMatchObject({ format: id, hash: '', normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } });
  });

  it('is stable: exporting what was imported gives the same documents again', () => {
    const once = roundTrip([nasty]);
    expect(roundTrip(once).map((doc) => comparable(doc, carries))).toEqual(once.map((doc) => comparable(doc, carries)));
  });

  it('brings back a document read from a CRLF file with a BOM, emoji and accents unshifted', () => {
    const [crlf] = doccano.parse(
      `\uFEFF${JSON.stringify({ text: 'Zoë\r\nà 👋🏽 Paris\r\n🇫🇷 e\u0301t\u00e9', label: [[0, 3, 'PER'], [10, 15, 'LOC'], [17, 19, 'FLAG']], name: 'crlf.txt' })}\r\n`,
      'crlf.jsonl',
    );
    expect(crlf?.text).toBe('Zoë\nà 👋🏽 Paris\n🇫🇷 e\u0301t\u00e9');
    const docs = [crlf as PortableDocument];
    expect(roundTrip(docs).map((doc) => comparable(doc, carries))).toEqual(docs.map((doc) => comparable(named(doc), carries)));
  });
});

describe('doccano with UTF-16 offsets', () => {
  it('round-trips, with offsets that are JavaScript string indexes', () => {
    const out = doccano.serialize([nasty], { offsets: 'utf16' });
    const line = JSON.parse(out) as { text: string; entities: { start_offset: number; end_offset: number }[] };
    expect(line.entities.map((e) => [e.start_offset, e.end_offset])).toEqual(nasty.spans.map((s) => [s.start, s.end]));
    const back = doccano.parse(out, 'out.jsonl', { offsets: 'utf16' });
    expect(back.map((doc) => comparable(doc, carried('doccano')))).toEqual([comparable(nasty, carried('doccano'))]);
  });
});

describe('code-point offsets', () => {
  const spanTexts = nasty.spans.map((span) => nasty.text.slice(span.start, span.end));

  it('doccano, spaCy and Prodigy count code points, as Python indexes strings', () => {
    const d = JSON.parse(doccano.serialize([nasty])) as { text: string; entities: { start_offset: number; end_offset: number }[] };
    expect(d.entities.map((e) => codePointSlice(d.text, e.start_offset, e.end_offset))).toEqual(spanTexts);
    const s = JSON.parse(spacy.serialize([nasty])) as { text: string; spans: { sc: { start: number; end: number }[] } };
    expect(s.spans.sc.map((e) => codePointSlice(s.text, e.start, e.end))).toEqual(spanTexts);
    const p = JSON.parse(prodigy.serialize([nasty])) as { text: string; spans: { start: number; end: number }[] };
    expect(p.spans.map((e) => codePointSlice(p.text, e.start, e.end))).toEqual(spanTexts);
  });

  it('Label Studio counts code points', () => {
    const [task] = JSON.parse(labelstudio.serialize([nasty])) as {
      annotations: { result: { type: string; value: { start: number; end: number } }[] }[];
    }[];
    const labels = task?.annotations[0]?.result.filter((r) => r.type === 'labels') ?? [];
    expect(labels.map((r) => codePointSlice(nasty.text, r.value.start, r.value.end))).toEqual(spanTexts);
  });

  it('W3C TextPositionSelector counts code points', () => {
    const [collection] = JSON.parse(w3c.serialize([nasty])) as {
      first: { items: { target: { selector?: { type: string; start: number; end: number }[] } }[] };
    }[];
    const positions = (collection?.first.items ?? [])
      .flatMap((item) => item.target.selector ?? [])
      .filter((selector) => selector.type === 'TextPositionSelector');
    expect(positions.map((p) => codePointSlice(nasty.text, p.start, p.end))).toEqual(spanTexts);
  });

  it('brat counts code points over the .txt', () => {
    const files = unzipSync(brat.serializeZip([nasty], schema));
    const name = Object.keys(files).find((path) => path.endsWith('.ann')) ?? '';
    const ann = strFromU8(files[name] ?? new Uint8Array());
    const tLines = ann.split('\n').filter((line) => line.startsWith('T'));
    expect(
      tLines.map((line) => {
        const [, offsets = ''] = line.split('\t');
        const [start = 0, end = 0] = offsets.split(' ').slice(1).map(Number);
        return codePointSlice(nasty.text, start, end);
      }),
    ).toEqual(spanTexts);
  });

  it('CSV counts code points', () => {
    const [document] = csv.parse(csv.serialize([nasty]), 'out.csv');
    expect(document?.spans.map((s) => codePointSlice(nasty.text, s.start, s.end))).toEqual(spanTexts);
  });
});

describe('CSV round trip', () => {
  it('brings back spans, notes and attributes once paired with the text', () => {
    const parsed = csv.parse(csv.serialize([curie, nasty, empty]), 'out.csv');
    expect(parsed.map((d) => d.name)).toEqual([curie.name, nasty.name]);
    const texts = new Map([curie, nasty].map((doc) => [doc.name, doc.text]));
    const back = parsed.map((d) => ({
      ...empty,
      name: d.name,
      text: texts.get(d.name) ?? '',
      spans: csv.attachSpans(d, texts.get(d.name) ?? '', 'out.csv'),
      relations: [],
    }));
    const carries = carried('csv');
    expect(back.map((doc) => comparable(doc, carries))).toEqual([curie, nasty].map((doc) => comparable(doc, carries)));
  });
});

describe('CoNLL round trip', () => {
  it('brings back token texts and labels, with text rebuilt from tokens', () => {
    const [back] = conll.parse(conll.serialize([nasty]), 'out.conll');
    expect(back?.text).toBe(
      'Zoë 👩‍👩‍👧 met 𝒳 at the Café e\u0301tude .\nTabs stay .\n' +
        'مرحبا بالعالم — שלום עולם .\n' +
        '東京 都 に 住む 。\nThe 🇫🇷 flag , then 😀 again .',
    );
    expect(back?.spans.map((s) => [back.text.slice(s.start, s.end), s.label])).toEqual(
      nasty.spans.map((s) => [nasty.text.slice(s.start, s.end).replace('東京都', '東京 都'), s.label]),
    );
  });

  it('is stable once the text is in tokens', () => {
    for (const opts of [{}, { scheme: 'iob1', columns: 4 }, { columns: 4, filler: '-X-' }] as const) {
      const once = conll.serialize([curie, nasty, empty], opts);
      expect(conll.serialize(conll.parse(once, 'out.conll'), opts)).toBe(once);
    }
  });
});
