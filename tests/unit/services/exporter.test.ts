// The export service: every format by id with its options, the preview and its limits, what is
// lost, the atomic write, and the validation of export requests.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXPORT_FORMATS, type ExportRequest } from '../../../src-main/contract';
import { formats } from '../../../src-main/formats/index';
import { exportDocuments, exportLosses, firstLines, PREVIEW_CHARS, previewExport, serializeExport } from '../../../src-main/services/exporter';
import { parseArgs } from '../../../src-main/services/schemas';
import type { PortableDocument } from '../../../src-main/model';
import { at, curie, meta } from '../formats/documents';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glose-export-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const request = (format: ExportRequest['format'], documents: PortableDocument[] = [curie], options: ExportRequest['options'] = {}): ExportRequest => ({
  format,
  options,
  defaultName: `out.${format}`,
  documents,
});

describe('export formats', () => {
  test('the contract lists the same formats as the registry', () => {
    expect(EXPORT_FORMATS.map(({ id, name, extension }) => ({ id, name, extension }))).toEqual(formats.map(({ id, name, extension }) => ({ id, name, extension })));
  });

  test('doccano counts code points by default, UTF-16 units on request', () => {
    const warsaw = at(curie.text, 'Warsaw');
    const line = (options: ExportRequest['options']) => JSON.parse(serializeExport(request('doccano', [curie], options)) as string) as { entities: Array<{ start_offset: number }> };
    // the test tube emoji before "Warsaw" is one code point and two UTF-16 units
    expect(line({}).entities[1]?.start_offset).toBe(warsaw.start - 1);
    expect(line({ offsets: 'utf16' }).entities[1]?.start_offset).toBe(warsaw.start);
  });

  test('CoNLL takes its scheme, columns and overlap policy', () => {
    const text = 'New York City is big';
    const doc: PortableDocument = {
      name: 'ny',
      text,
      meta: meta(),
      spans: [
        { ...at(text, 'New York City'), label: 'LOC' },
        { ...at(text, 'York'), label: 'LOC' },
      ],
      relations: [],
    };
    expect(serializeExport(request('conll', [doc]))).toContain('New B-LOC\nYork I-LOC\nCity I-LOC\n');
    expect(serializeExport(request('conll', [doc], { columns: 4, scheme: 'iob1' }))).toContain('New _ O I-LOC\n');
    expect(serializeExport(request('conll', [doc], { overlap: 'skip' }))).toContain('New O\nYork O\n');
  });

  test('brat writes a zip with the schema in annotation.conf', () => {
    const bytes = serializeExport({ ...request('brat'), schema: { name: 's', labels: [{ name: 'PER', color: '#000000' }, { name: 'MISC', color: '#111111' }], relations: [], categories: [] } });
    expect(bytes).toBeInstanceOf(Uint8Array);
    const files = unzipSync(bytes as Uint8Array);
    expect(Object.keys(files).sort()).toEqual(['annotation.conf', 'curie.ann', 'curie.txt', 'visual.conf']);
    expect(strFromU8(files['annotation.conf'] as Uint8Array)).toContain('MISC');
  });

  test('every format serializes', () => {
    for (const { id } of EXPORT_FORMATS) expect(serializeExport(request(id)).length).toBeGreaterThan(0);
  });

  test('CSV takes raw cells and a BOM; the JSON formats take full paths', () => {
    const text = '=SUM(1)';
    const risky: PortableDocument = { ...curie, text, spans: [{ start: 0, end: 7, label: 'F' }], relations: [] };
    expect(serializeExport(request('csv', [risky]))).toContain(`,'=SUM(1),`);
    expect(serializeExport(request('csv', [risky], { raw: true }))).toContain(',=SUM(1),');
    expect(serializeExport(request('csv', [risky], { bom: true })).toString().startsWith('\uFEFF')).toBe(true);
    const placed: PortableDocument = { ...curie, meta: meta({ sourcePath: '/home/zoe/curie.txt' }) };
    for (const format of ['doccano', 'spacy', 'prodigy', 'labelstudio'] as const) {
      expect(serializeExport(request(format, [placed]))).not.toContain('/home/zoe');
      expect(serializeExport(request(format, [placed], { fullPaths: true }))).toContain('/home/zoe/curie.txt');
    }
  });
});

describe('preview', () => {
  test('first lines: at most 20 lines and 1500 characters, never half an emoji', () => {
    expect(firstLines('a\nb\nc\n', 2)).toEqual({ text: 'a\nb\n', truncated: true });
    expect(firstLines('a\nb\n', 5)).toEqual({ text: 'a\nb\n', truncated: false });
    const long = `${'x'.repeat(PREVIEW_CHARS - 1)}🧪 and more`;
    const cut = firstLines(long);
    expect(cut.text).toBe('x'.repeat(PREVIEW_CHARS - 1));
    expect(cut.truncated).toBe(true);
  });

  test('shows the first document, counts the whole export, and says what is lost', () => {
    const second: PortableDocument = { ...curie, name: 'second.txt' };
    const preview = previewExport(request('csv', [curie, second]));
    expect(preview.source).toBe('curie.txt');
    expect(preview.text.split('\r\n')[0]).toBe('document,start,end,label,text,note,attributes');
    expect(preview.text).not.toContain('second.txt');
    expect([preview.documents, preview.spans, preview.relations]).toEqual([2, 6, 2]);
    expect(preview.losses.map((l) => l.message)).toContain('CSV (one row per span): 2 relations will be left out (in 2 documents)');
    expect(preview.conll).toBeUndefined();
  });

  test('CoNLL: the token check of every document; brat: the first .ann', () => {
    const text = 'Marie Curie est née à Varsovie.';
    const doc: PortableDocument = { name: 'née.txt', text, meta: meta(), spans: [{ ...at(text, 'Cur'), label: 'PER' }], relations: [] };
    const conll = previewExport(request('conll', [curie, doc]));
    expect(conll.conll).toEqual([
      { document: 'née.txt', misaligned: [{ label: 'PER', text: 'Cur', ...at(text, 'Cur') }], misalignedCount: 1, overlapping: [], overlappingCount: 0 },
    ]);
    expect(conll.losses.find((l) => l.kind === 'misaligned')?.message).toBe(
      'CoNLL (IOB): 1 span does not start or end on a token boundary: it will be widened to whole tokens, or left out if it covers none (in 1 document)',
    );
    const brat = previewExport(request('brat'));
    expect(brat.source).toBe('curie.ann');
    expect(brat.text.split('\n')[0]).toBe('T1\tPER 0 11\tMarie Curie');
    expect(brat.renamed).toEqual([]);
  });

  test('brat: the names written as identifiers, from the schema and the documents, in the preview and its .ann', () => {
    const renamed: PortableDocument = { ...curie, spans: curie.spans.map((s) => ({ ...s, label: s.label === 'LOC' ? 'Lieu géographique' : s.label })), relations: [{ fromKey: 's1', toKey: 's2', type: 'née à' }] };
    const preview = previewExport({ ...request('brat', [renamed]), schema: { name: 's', labels: [{ name: 'Événement', color: '#000000' }], relations: [], categories: [] } });
    expect(preview.renamed).toEqual([
      { kind: 'type', name: 'Événement', id: 'Evenement' },
      { kind: 'type', name: 'Lieu géographique', id: 'Lieu_geographique' },
      { kind: 'relation', name: 'née à', id: 'nee_a' },
    ]);
    expect(preview.text.split('\n').slice(1, 4)).toEqual(['T2\tLieu_geographique 26 32\tWarsaw', 'T3\tLieu_geographique 47 52\tParis', 'R1\tnee_a Arg1:T1 Arg2:T2']);
    expect(preview.losses.find((l) => l.kind === 'renamed')?.count).toBe(3);
  });

  test('the spans that split a character, listed by document for every format but CoNLL', () => {
    const text = 'Zoe\u0308 et 👋🏽 🇫🇷';
    const split: PortableDocument = {
      name: 'split.txt',
      text,
      meta: meta(),
      spans: [
        { start: 0, end: 3, label: 'PER' },
        { ...at(text, '👋'), label: 'HAND' },
        { ...at(text, '🇫🇷'), label: 'FLAG' },
        { start: at(text, '🇫🇷').start, end: at(text, '🇫🇷').start + 2, label: 'HALF' },
      ],
      relations: [],
    };
    for (const format of ['w3c', 'doccano', 'brat', 'labelstudio', 'spacy', 'prodigy', 'csv'] as const) {
      const preview = previewExport(request(format, [curie, split]));
      expect(preview.graphemeSplits).toEqual([
        {
          document: 'split.txt',
          count: 3,
          spans: [
            { label: 'PER', text: 'Zoe', start: 0, end: 3 },
            { label: 'HAND', text: '👋', ...at(text, '👋') },
            { label: 'HALF', text: '🇫', start: at(text, '🇫🇷').start, end: at(text, '🇫🇷').start + 2 },
          ],
        },
      ]);
      expect(preview.losses.find((l) => l.kind === 'graphemeSplit')?.message).toMatch(/3 spans start or end inside a character .* \(in 1 document\)$/);
    }
    expect(previewExport(request('conll', [split])).graphemeSplits).toBeUndefined();
    expect(previewExport(request('w3c', [curie])).graphemeSplits).toBeUndefined();
  });

  test('the token formats say how each language is tokenised, and take the language option', () => {
    const text = 'Le président de la République parle de l’OTAN et de la défense.';
    const fr: PortableDocument = { name: 'otan.txt', text, meta: meta(), spans: [{ ...at(text, 'OTAN'), label: 'ORG' }], relations: [] };
    const conll = previewExport(request('conll', [curie, fr]));
    expect(conll.tokenisation?.map((n) => [n.name, n.documents, n.sources])).toEqual([
      ['English', 1, ['detected']],
      ['French', 1, ['detected']],
    ]);
    expect(conll.conll).toEqual([]);
    // forced to Unicode words only, "l’OTAN" is one token and the span is off its boundaries
    const forced = previewExport(request('conll', [fr], { language: 'und' }));
    expect(forced.tokenisation?.map((n) => [n.name, n.sources])).toEqual([['Undetermined', ['export option']]]);
    expect(forced.conll?.[0]?.misalignedCount).toBe(1);
    expect(serializeExport(request('conll', [fr], { language: 'und' }))).toContain('l’OTAN B-ORG');
    // and the losses told before an export: the span widened with the language given, not without it
    expect(exportLosses(request('conll', [fr], { language: 'und' })).map((l) => [l.kind, l.count])).toContainEqual(['misaligned', 1]);
    expect(exportLosses(request('conll', [fr])).map((l) => l.kind)).not.toContain('misaligned');
    expect(previewExport(request('doccano', [fr])).tokenisation).toBeUndefined();
  });

  test('WebAnno TSV: a zip of .tsv files; the preview shows the first document’s file', () => {
    const files = unzipSync(serializeExport(request('webanno', [curie, { ...curie, name: 'autre.txt' }])) as Uint8Array);
    expect(Object.keys(files)).toEqual(['curie.txt.tsv', 'autre.txt.tsv']);
    const preview = previewExport(request('webanno'));
    expect(preview.source).toBe('curie.txt.tsv');
    expect(preview.text.split('\n')[0]).toBe('#FORMAT=WebAnno TSV 3.3');
    expect(preview.tokenisation?.map((n) => n.name)).toEqual(['English']);
  });

  test('a long text is shortened in a JSON preview, so that the annotations show', () => {
    const text = `${'Lorem ipsum dolor sit amet. '.repeat(200)}Marie Curie.`;
    const doc: PortableDocument = { name: 'long', text, meta: meta(), spans: [{ ...at(text, 'Marie Curie'), label: 'PER' }], relations: [] };
    for (const format of ['doccano', 'spacy', 'prodigy', 'labelstudio', 'w3c'] as const) {
      const preview = previewExport(request(format, [doc]));
      expect(preview.abridged).toBe(true);
      expect(preview.text).toMatch(/more characters\]/);
      expect(preview.text.length).toBeLessThanOrEqual(PREVIEW_CHARS);
    }
    expect(previewExport(request('doccano', [doc])).text).toContain('"label":[[5600,5611,"PER"]]');
    // numbers stay as written: spaCy's scores are floats
    expect(previewExport(request('spacy', [{ ...doc, categories: ['lorem'] }])).text).toContain('"cats":{"lorem":1.0}');
    expect(previewExport(request('doccano')).abridged).toBe(false);
  });
});

describe('writing', () => {
  test('writes the file and reports documents, spans, relations, bytes and losses', async () => {
    const target = join(dir, 'curie.conll');
    const res = await exportDocuments(request('conll'), target);
    const written = await readFile(target, 'utf8');
    expect(res).toMatchObject({ path: target, bytes: Buffer.byteLength(written), format: 'conll', documents: 1, spans: 3, relations: 1 });
    expect(res.losses.map((l) => l.kind)).toEqual(['relations', 'notes', 'names', 'whitespace']);
    expect(written.startsWith('-DOCSTART- O\n')).toBe(true);
  });

  test('a span splitting an emoji is refused with the document named', async () => {
    const doc: PortableDocument = { ...curie, spans: [{ start: 0, end: at(curie.text, '🧪').start + 1, label: 'X' }], relations: [] };
    await expect(exportDocuments(request('doccano', [doc]), join(dir, 'bad.jsonl'))).rejects.toThrow(/curie\.txt: .*surrogate pair/);
  });
});

describe('export requests are validated', () => {
  const valid = { format: 'conll', options: { scheme: 'iob1', columns: 4, overlap: 'skip' }, defaultName: 'a.conll', documents: [curie] };
  test('a request with options passes, for the preview and the save', () => {
    expect(parseArgs('export:preview', [valid])[0].options).toEqual({ scheme: 'iob1', columns: 4, overlap: 'skip' });
    expect(parseArgs('export:save', [{ ...valid, format: 'brat', schema: { name: 'n', labels: [{ name: 'PER', color: '#000' }], relations: [], categories: [] } }])[0].format).toBe('brat');
  });
  test('the CSV, path and Prodigy options pass; wrong types do not', () => {
    const csv = { ...valid, format: 'csv', options: { raw: true, bom: true } };
    expect(parseArgs('export:save', [csv])[0].options).toEqual({ raw: true, bom: true });
    expect(parseArgs('export:save', [{ ...valid, format: 'prodigy', options: { fullPaths: true } }])[0].format).toBe('prodigy');
    expect(() => parseArgs('export:save', [{ ...csv, options: { bom: 'yes' } }])).toThrow(/0\.options\.bom/);
    expect(() => parseArgs('export:save', [{ ...valid, options: { fullPaths: 1 } }])).toThrow(/0\.options\.fullPaths/);
  });
  test('unknown formats, options and values are refused', () => {
    expect(() => parseArgs('export:preview', [{ ...valid, format: 'xml' }])).toThrow(/invalid arguments for export:preview at 0\.format/);
    expect(() => parseArgs('export:save', [{ ...valid, options: { columns: 3 } }])).toThrow(/0\.options\.columns/);
    expect(() => parseArgs('export:save', [{ ...valid, options: { tabs: true } }])).toThrow(/0\.options/);
    expect(() => parseArgs('export:save', [{ ...valid, documents: [] }])).toThrow(/0\.documents/);
    expect(() => parseArgs('export:save', [{ ...valid, options: { language: 'fr; rm -rf' } }])).toThrow(/0\.options\.language/);
    expect(parseArgs('export:save', [{ ...valid, format: 'webanno', options: { language: 'fr-CA' } }])[0].options).toEqual({ language: 'fr-CA' });
  });
});
