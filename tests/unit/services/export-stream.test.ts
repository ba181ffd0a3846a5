// Exports are written to disk a document at a time: the file on disk is, byte for byte, the export
// made in memory; a zip written an entry at a time holds its entries as readers see them; a failed
// export leaves nothing behind; and the JSON formats' text is JSON.stringify's.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { EXPORT_FORMATS, type ExportRequest } from '../../../src-main/contract';
import type { PortableDocument, SchemaSpec } from '../../../src-main/model';
import { concatBytes, zipEntries } from '../../../src-main/formats/zip-writer';
import { tokenizeDocument } from '../../../src-main/formats/tokens';
import { exportDocuments, exportLosses, serializeExport } from '../../../src-main/services/exporter';
import { BUFFER_BYTES, writeChunksAtomic } from '../../../src-main/services/files';
import { collection, portable } from '../../bench/lib/corpus';
import { at, curie, edges } from '../formats/documents';

// counted, not changed: an export tokenises each document once
vi.mock('../../../src-main/formats/tokens', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src-main/formats/tokens')>();
  return { ...actual, tokenizeDocument: vi.fn(actual.tokenizeDocument) };
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glose-export-stream-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Seeded articles (accents, elisions, emoji, nested and overlapping spans, relations) and the edge cases. */
const docs: PortableDocument[] = [...collection(12).map(portable), curie, edges];
const schema: SchemaSpec = {
  name: 'news',
  labels: ['PER', 'ORG', 'LOC', 'DATE', 'EVENT', 'QUOTE'].map((name) => ({ name, color: '#336699' })),
  relations: [],
  categories: [],
};
/** Where two long texts first differ (-1 when they are equal): a diff of megabytes takes minutes to print. */
function firstDifference(a: string, b: string): { at: number; got: string; expected: string } | -1 {
  if (a === b) return -1;
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  return { at, got: a.slice(Math.max(0, at - 40), at + 40), expected: b.slice(Math.max(0, at - 40), at + 40) };
}

const request = (format: ExportRequest['format'], documents = docs): ExportRequest => ({ format, defaultName: `out.${format}`, documents, schema });

describe('an export streamed to disk', () => {
  test.each(EXPORT_FORMATS.map((f) => f.id))('is the export made in memory, byte for byte: %s', async (format) => {
    // the zips record the time of writing
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2024, 5, 1, 12, 0, 0));
    const target = join(dir, `all.${format}`);
    const result = await exportDocuments(request(format), target);
    const inMemory = serializeExport(request(format));
    const expected = typeof inMemory === 'string' ? Buffer.from(inMemory, 'utf8') : Buffer.from(inMemory);
    const written = await readFile(target);
    expect(written.equals(expected)).toBe(true);
    expect(result.bytes).toBe(expected.byteLength);
    expect(result.documents).toBe(docs.length);
  });

  test.each([
    ['conll', ['misaligned', 'overlapping']],
    ['webanno', ['unwritten', 'trimmed']],
  ] as const)('%s: tokenises each document once, and tells the losses the checks alone find', async (format, kinds) => {
    vi.mocked(tokenizeDocument).mockClear();
    const result = await exportDocuments(request(format), join(dir, `once.${format}`));
    expect(vi.mocked(tokenizeDocument)).toHaveBeenCalledTimes(docs.length);
    expect(result.losses).toEqual(exportLosses(request(format)));
    for (const kind of kinds) expect(result.losses.find((loss) => loss.kind === kind)?.count).toBeGreaterThan(0);
  });

  test('pieces of text and bytes are gathered in a buffer; those larger than it are written alone', async () => {
    const target = join(dir, 'pieces.bin');
    // larger than the buffer, characters outside the BMP at the edges of the pieces
    const big = `🙂${'é'.repeat(700_000)}🙂`;
    const bigBytes = new Uint8Array(1_500_000).map((_, i) => i % 251);
    const small = Array.from({ length: 3000 }, (_, i) => `${i} l’État 🙂\n`);
    // pieces that would overrun a nearly full buffer by a byte (the large piece first empties it)
    const edge = [bigBytes, new Uint8Array(BUFFER_BYTES - 8), '€€€', new Uint8Array(BUFFER_BYTES - 3), strToU8('abcd'), 'x'.repeat(BUFFER_BYTES / 3)];
    const chunks = ['a', big, strToU8('|bytes|'), ...small, bigBytes, big, '', 'z€', ...small, ...edge, strToU8('end')];
    const bytes = await writeChunksAtomic(target, chunks);
    const expected = Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c))));
    expect((await readFile(target)).equals(expected)).toBe(true);
    expect(bytes).toBe(expected.byteLength);
  });

  test('an export that fails part way leaves the file that was there and no temp file', async () => {
    const target = join(dir, 'kept.jsonl');
    await writeFile(target, 'the previous export\n');
    const bad: PortableDocument = { ...curie, name: 'bad.txt', spans: [{ start: 0, end: at(curie.text, '🧪').start + 1, label: 'X' }], relations: [] };
    for (const format of ['doccano', 'spacy', 'brat'] as const) {
      await expect(exportDocuments(request(format, [...docs.slice(0, 5), bad]), target)).rejects.toThrow(/bad\.txt: .*surrogate pair/);
    }
    expect(await readFile(target, 'utf8')).toBe('the previous export\n');
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('a zip written an entry at a time', () => {
  const entries: [string, Uint8Array][] = [
    ['annotation.conf', strToU8('[entities]\nPER\n')],
    ['Zoë — été.txt', strToU8('Zoë est née à Paris. 🙂'.repeat(500))],
    ['vide.ann', new Uint8Array(0)],
    ['dossier/deux.txt', strToU8('deux')],
  ];

  test.each([{ level: 6 }, { level: 0 }])('holds the entries, in order, as fflate and Python read them (%o)', async (options) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2024, 5, 1, 12, 34, 56));
    const bytes = concatBytes(zipEntries(entries, options));
    const read = unzipSync(bytes);
    expect(Object.keys(read)).toEqual(entries.map(([name]) => name));
    for (const [name, data] of entries) expect(Buffer.from(read[name] ?? []).equals(Buffer.from(data))).toBe(true);
    // Python's zipfile checks every CRC and size, and tells how each entry was written
    const path = join(dir, `entries-${options.level}.zip`);
    await writeFile(path, bytes);
    const script = [
      'import json, sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1])',
      'print(json.dumps({"bad": z.testzip(), "entries": [[i.filename, i.compress_type, i.flag_bits, list(i.date_time), i.file_size] for i in z.infolist()]}))',
    ].join('\n');
    const run = spawnSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' });
    if (run.error) throw new Error(`/usr/bin/python3 cannot be run (${run.error.message}): install Debian's python3`);
    expect(run.stderr).toBe('');
    const checked = JSON.parse(run.stdout) as { bad: string | null; entries: [string, number, number, number[], number][] };
    expect(checked.bad).toBeNull();
    expect(checked.entries).toEqual(
      entries.map(([name, data]) => [
        name,
        options.level === 0 ? 0 : 8,
        // UTF-8 names flagged; no data descriptor (bit 3)
        /^[\x20-\x7e]*$/.test(name) ? 0 : 0x800,
        [2024, 6, 1, 12, 34, 56],
        data.byteLength,
      ]),
    );
  });

  test('an empty archive is the end record alone', () => {
    expect(Buffer.from(concatBytes(zipEntries([]))).equals(Buffer.from(zipSync({})))).toBe(true);
  });

  test('refuses more entries than a zip without ZIP64 can count', () => {
    function* many(): Generator<[string, Uint8Array]> {
      for (let i = 0; i <= 0xffff; i++) yield [`${i}.txt`, new Uint8Array(0)];
    }
    expect(() => concatBytes(zipEntries(many(), { level: 0 }))).toThrow('a zip holds at most 65,535 files; export fewer documents at a time');
  });
});

describe('the JSON formats write what JSON.stringify would', () => {
  test('Prodigy: every line, parsed and written again, is unchanged; its tokens rebuild the text', () => {
    const lines = (serializeExport(request('prodigy')) as string).trimEnd().split('\n');
    expect(lines).toHaveLength(docs.length);
    lines.forEach((line, i) => {
      const task = JSON.parse(line) as { text: string; tokens: { text: string; ws: boolean }[] };
      expect(firstDifference(JSON.stringify(task), line)).toBe(-1);
      expect(firstDifference(task.tokens.map((t) => `${t.text}${t.ws ? ' ' : ''}`).join(''), docs[i]?.text ?? '')).toBe(-1);
      expect(task.tokens.every((t) => typeof t.ws === 'boolean')).toBe(true);
    });
  });

  test.each(['w3c', 'labelstudio'] as const)('%s: the array written a document at a time is JSON.stringify(…, null, 2)', (format) => {
    const file = serializeExport(request(format)) as string;
    expect(firstDifference(file, `${JSON.stringify(JSON.parse(file), null, 2)}\n`)).toBe(-1);
    expect(serializeExport(request(format, []))).toBe('[]\n');
  });

  test('spaCy: every line, parsed and written again, is unchanged but for the float scores', () => {
    const lines = (serializeExport(request('spacy')) as string).trimEnd().split('\n');
    expect(lines).toHaveLength(docs.length);
    expect(lines.filter((line) => line.includes('"cats":{"economy":1.0}'))).toHaveLength(12);
    for (const line of lines) expect(firstDifference(JSON.stringify(JSON.parse(line)), line.replaceAll('":1.0', '":1'))).toBe(-1);
  });
});
