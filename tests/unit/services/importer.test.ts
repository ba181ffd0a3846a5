// The Importer over real folders, with the real extraction worker (bundled here with esbuild).
import { mkdir, mkdtemp, open, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ImportBatchResult, ImportProgress } from '../../../src-main/contract';
import { extractFile } from '../../../src-main/extract/file';
import { expandPaths } from '../../../src-main/services/files';
import { Importer } from '../../../src-main/services/importer';
import { en } from '../../../src-renderer/src/lib/i18n/en';
import { failureText } from '../../../src-renderer/src/lib/text';
import { workerMemoryMb } from '../../../src-main/extract/limits';
import { bratBomb, docxBomb, manyPagesPdf, odtBomb } from '../../fixtures/bombs';
import { LEGACY_TEXT, pdfBytes, PNG_BYTES, writeMixedFolder, type ExpectedFile } from '../../fixtures/import/mixed';

let buildDir: string;
let workerPath: string;
let dir: string;
let expected: ExpectedFile[];
const importers: Importer[] = [];

function importer(options: Partial<ConstructorParameters<typeof Importer>[0]> = {}): Importer {
  const imp = new Importer({ workerPath, ...options });
  importers.push(imp);
  return imp;
}

/** One line per file, in report order: "name: imported" or the failure message. */
function outcomes(res: ImportBatchResult): string[] {
  const byPath = new Map<string, string>();
  for (const d of res.documents) byPath.set(d.meta.sourcePath as string, `${d.name}: imported`);
  // as the report shows it: a file that is not text is worded by the interface, from its code
  for (const f of res.failures) byPath.set(f.path, failureText(f, en));
  return res.files.map((p) => byPath.get(p) as string);
}

beforeAll(async () => {
  // Inside the repository, so that the bundle's bare imports (pdfjs-dist, mammoth…) resolve.
  await mkdir(join(process.cwd(), '.tmp'), { recursive: true });
  buildDir = await mkdtemp(join(process.cwd(), '.tmp', 'importer-test-'));
  workerPath = join(buildDir, 'extract-worker.mjs');
  await build({ entryPoints: ['src-main/extract/worker.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: workerPath, logLevel: 'error' });
  dir = await mkdtemp(join(tmpdir(), 'glose-import-'));
  expected = await writeMixedFolder(join(dir, 'mixed'));
}, 60_000);

afterAll(async () => {
  await Promise.all(importers.map((i) => i.dispose()));
  await rm(buildDir, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

describe('Importer', () => {
  test.each([1, 2])('a folder of good and bad files: every file gets a result, in order (%i worker(s))', async (concurrency) => {
    const progress: ImportProgress[] = [];
    const res = await importer({ concurrency }).run([join(dir, 'mixed')], (p) => progress.push(p));

    // recursion into sub/deeper; .hidden.txt and the .cache folder skipped
    expect(res.files).toEqual(expected.map((e) => join(dir, 'mixed', e.rel)));
    expect(outcomes(res)).toEqual(expected.map((e) => `${basename(e.rel)}: ${e.outcome === 'imported' ? 'imported' : e.expect}`));
    expect(res.cancelled).toBe(false);
    expect(res.notReached).toBe(0);
    expect(res.failures.map((f) => [f.file, f.code])).toEqual([
      ['empty.txt', 'empty'],
      ['photo.txt', 'not-text'],
    ]);

    for (const e of expected.filter((x) => x.outcome === 'imported')) {
      const doc = res.documents.find((d) => d.meta.sourcePath === join(dir, 'mixed', e.rel));
      expect(doc?.text, e.rel).toContain(e.expect);
      if (e.encoding) expect(doc?.meta.encoding, e.rel).toBe(e.encoding);
      expect(doc?.meta.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(doc?.meta.size).toBeGreaterThan(0);
    }
    const utf8 = res.documents.find((d) => d.name === 'article-utf8.txt');
    expect(utf8?.meta.normalisation).toEqual({ bomRemoved: true, crlfToLf: 2, crToLf: 0 });
    expect(utf8?.text.startsWith('L’été')).toBe(true);
    const legacy = res.documents.find((d) => d.name === 'legacy-1252.txt');
    expect(legacy?.text).toBe(LEGACY_TEXT);
    expect(legacy?.meta.normalisation).toEqual({ bomRemoved: false, crlfToLf: 2, crToLf: 0 });
    const md = res.documents.find((d) => d.name === 'notes.md');
    expect([md?.meta.title, md?.meta.author, md?.meta.date]).toEqual(['Réunion du lundi', 'Hugo Lefèvre', '2024-03-04']);
    const html = res.documents.find((d) => d.name === 'page.html');
    expect(html?.text).not.toContain('pwned');

    // progress: counts rise to the total, every file is named, and the last report is the end
    expect(progress.at(-1)).toEqual({ done: expected.length, total: expected.length, current: '' });
    // the file named is the earliest still being read: with one worker, every file in turn
    const named = new Set(progress.map((p) => p.current).filter(Boolean));
    if (concurrency === 1) expect(named).toEqual(new Set(expected.map((e) => basename(e.rel))));
    else expect([...named].every((n) => expected.some((e) => basename(e.rel) === n))).toBe(true);
    for (const [i, p] of progress.entries()) if (i > 0) expect(p.done).toBeGreaterThanOrEqual((progress[i - 1] as ImportProgress).done);
  });

  test('the size limit is checked on disk before reading: a sparse 200 MB file is refused at once', async () => {
    const big = join(dir, 'huge.txt');
    const handle = await open(big, 'w');
    await handle.truncate(200 * 1024 * 1024);
    await handle.close();
    // an importer whose worker cannot even start: the refusal must come from the size on disk alone
    const res = await importer({ workerPath: join(dir, 'no-such-worker.mjs') }).run([big], () => {});
    expect(res.failures).toEqual([{ file: 'huge.txt', path: big, code: 'too-large', message: 'huge.txt: too large: 200 MB, limit 100 MB' }]);
    // the limit is per call
    const small = join(dir, 'five-kb.txt');
    await writeFile(small, 'a'.repeat(5000));
    expect(outcomes(await importer().run([small], () => {}, { limitBytes: 1000 }))).toEqual(['five-kb.txt: too large: 4.9 KB, limit 1000 bytes']);
    expect(outcomes(await importer().run([small], () => {}, { limitBytes: 5000 }))).toEqual(['five-kb.txt: imported']);
    // the worker checks again from the open file (a file may grow between the two)
    await expect(extractFile(big, 'huge.txt', 1024)).rejects.toThrow('too large: 200 MB, limit 1 KB');
  });

  test('a PNG renamed .txt, a zero-byte file, an unknown type and a missing path each get a reason', async () => {
    const d = await mkdtemp(join(dir, 'bad-'));
    await writeFile(join(d, 'image.txt'), PNG_BYTES);
    await writeFile(join(d, 'zero.md'), '');
    await writeFile(join(d, 'binary.txt'), new Uint8Array([0x41, 0x42, 0, 0, 0x43]));
    await writeFile(join(d, 'table.xlsx'), 'whatever');
    const res = await importer().run([d, join(d, 'gone.txt')], () => {});
    expect(outcomes(res)).toEqual([
      'gone.txt: not found (moved or deleted during the import?)',
      'binary.txt: not a text file: it contains binary data',
      'image.txt: not a text file: it looks like a PNG image',
      'table.xlsx: unsupported file type .xlsx',
      'zero.md: the file is empty',
    ]);
    expect(res.failures.find((f) => f.file === 'image.txt')?.looksLike).toBe('png');
    expect(res.failures.filter((f) => f.looksLike !== undefined)).toHaveLength(1);
    expect(res.documents).toEqual([]);
  });

  test.each([1, 2])('cancel stops after the file being read and keeps it (%i worker(s))', async (concurrency) => {
    const d = await mkdtemp(join(dir, 'cancel-'));
    for (let i = 0; i < 6; i++) await writeFile(join(d, `doc-${i}.txt`), `Document numéro ${i}.`);
    const imp = importer({ concurrency });
    const progress: ImportProgress[] = [];
    const res = await imp.run([d], (p) => {
      progress.push(p);
      if (p.current === 'doc-0.txt') imp.cancel();
    });
    expect(res.cancelled).toBe(true);
    expect(res.documents.map((x) => x.text)).toEqual(['Document numéro 0.']);
    expect(res.files).toEqual([join(d, 'doc-0.txt')]);
    expect(res.notReached).toBe(5);
    expect(progress.at(-1)).toEqual({ done: 1, total: 6, current: '' });
    // the importer is ready for the next batch, and that one is not cancelled
    const again = await imp.run([d], () => {});
    expect([again.cancelled, again.documents.length]).toEqual([false, 6]);
  });

  test('keeps the order of the files when a slow file finishes after quick ones', async () => {
    const d = await mkdtemp(join(dir, 'order-'));
    await writeFile(join(d, 'a-slow.pdf'), await pdfBytes(['Une page parmi beaucoup.', 'Encore une ligne.'], 60));
    for (const n of ['b', 'c', 'd']) await writeFile(join(d, `${n}.txt`), `Texte ${n}.`);
    const res = await importer({ concurrency: 2 }).run([d], () => {});
    expect(res.documents.map((x) => x.name)).toEqual(['a-slow.pdf', 'b.txt', 'c.txt', 'd.txt']);
  });

  test('a file that hangs or crashes its worker fails alone; the batch goes on with a fresh worker', async () => {
    // A stand-in worker that hangs on one file and dies on another: the importer's side, exactly.
    const fake = join(buildDir, 'fake-worker.mjs');
    await writeFile(
      fake,
      `import { parentPort } from 'node:worker_threads';
      parentPort.on('message', (req) => {
        if (req.name === 'hang.txt') return;
        if (req.name === 'crash.txt') process.exit(3);
        parentPort.postMessage({ id: req.id, ok: true, document: { text: req.name, meta: { format: 'txt', hash: req.name, sourcePath: req.path, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } } } });
      });
      parentPort.postMessage({ ready: true });`,
    );
    const d = await mkdtemp(join(dir, 'hang-'));
    for (const n of ['a.txt', 'crash.txt', 'hang.txt', 'z.txt']) await writeFile(join(d, n), 'x');
    const res = await importer({ workerPath: fake, concurrency: 1, timeoutMs: 400 }).run([d], () => {});
    expect(outcomes(res)).toEqual([
      'a.txt: imported',
      'crash.txt: could not be read: the extraction stopped unexpectedly',
      'hang.txt: took longer than 0.4 s to read: stopped',
      'z.txt: imported',
    ]);
    expect(res.failures.map((f) => f.code)).toEqual(['corrupt', 'timeout']);
  });

  test('hostile containers of issue 12 are refused through the worker, each for its real reason', async () => {
    const MB = 1024 * 1024;
    const d = await mkdtemp(join(dir, 'bombs-'));
    await writeFile(join(d, 'a-corpus.zip'), bratBomb(120 * MB));
    await writeFile(join(d, 'b-tiny.docx'), docxBomb(60 * MB, 'a'));
    await writeFile(join(d, 'c-tiny.odt'), odtBomb(60 * MB, 'a'));
    await writeFile(join(d, 'd-pages.pdf'), manyPagesPdf(20_000));
    const res = await importer({ concurrency: 1 }).run([d], () => {});
    expect(outcomes(res)).toEqual([
      'a-corpus.zip: expands to more than 100 MB once unpacked (the import size limit)',
      'b-tiny.docx: too complex to read: more than 2,000,000 XML elements (paragraphs, runs, tags) in word/document.xml',
      'c-tiny.odt: too complex to read: more than 2,000,000 XML elements (paragraphs, runs, tags) in content.xml',
      'd-pages.pdf: has 20,000 pages, more than the 5,000 Glose reads from one PDF: split it and import the parts',
    ]);
    expect(res.failures.map((f) => f.code)).toEqual(['too-large', 'too-large', 'too-large', 'too-large']);
  }, 120_000);

  test("each worker's heap is capped for the size limit; another limit gets another worker", async () => {
    // A stand-in worker that answers with the heap cap it was given.
    const fake = join(buildDir, 'limits-worker.mjs');
    await writeFile(
      fake,
      `import { parentPort, resourceLimits } from 'node:worker_threads';
      parentPort.on('message', (req) => {
        parentPort.postMessage({ id: req.id, ok: true, document: { text: String(resourceLimits.maxOldGenerationSizeMb), meta: { format: 'txt', hash: 'h', sourcePath: req.path, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } } } });
      });
      parentPort.postMessage({ ready: true });`,
    );
    const d = await mkdtemp(join(dir, 'limits-'));
    await writeFile(join(d, 'a.txt'), 'x');
    const imp = importer({ workerPath: fake, concurrency: 1 });
    const heap = async (limitBytes: number) => (await imp.run([d], () => {}, { limitBytes })).documents[0]?.text;
    expect(await heap(100 * 1024 * 1024)).toBe(String(workerMemoryMb(100 * 1024 * 1024)));
    expect(await heap(500 * 1024 * 1024)).toBe(String(workerMemoryMb(500 * 1024 * 1024)));
    expect(workerMemoryMb(500 * 1024 * 1024)).toBeGreaterThan(workerMemoryMb(100 * 1024 * 1024));
  });

  test('refuses a second run while one is running', async () => {
    const imp = importer();
    const first = imp.run([join(dir, 'mixed')], () => {});
    await expect(imp.run([join(dir, 'mixed')], () => {})).rejects.toThrow(/already running/);
    await first;
  });
});

describe('expandPaths', () => {
  test('visits each folder once, even through a symbolic link back up', async () => {
    const d = await mkdtemp(join(dir, 'loop-'));
    await mkdir(join(d, 'inner'));
    await writeFile(join(d, 'inner', 'x.txt'), 'x');
    await symlink(d, join(d, 'inner', 'up'));
    const { files, missing, unreadable } = await expandPaths([d]);
    expect(files).toEqual([join(d, 'inner', 'x.txt')]);
    expect([missing, unreadable]).toEqual([[], []]);
  });
});
