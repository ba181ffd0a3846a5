// Importing a batch of 500 files (txt, html, docx, pdf; ~20 MB) through the Import… button, into a
// fresh workspace each run, until the document list shows them all.
import { test } from '@playwright/test';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeServer } from '../e2e/bridge/server';
import { BenchApp } from './lib/app';
import { writeImportBatch } from './lib/import-files';
import { measured, Results } from './lib/report';

/** A run takes several seconds and is made on a new profile: three, without a warm-up. */
const RUNS = Math.min(3, Number(process.env['BENCH_RUNS'] ?? 3));
const FILES = 500;

test('import: 500 files, ~20 MB', async () => {
  const results = new Results('import');
  const dir = await mkdtemp(join(tmpdir(), 'glose-bench-import-'));
  try {
    await mkdir(join(dir, 'files'));
    const batch = await writeImportBatch(join(dir, 'files'), FILES);
    const kinds = Object.entries(batch.byFormat)
      .map(([f, { files, bytes }]) => `${files} ${f} (${(bytes / 1e6).toFixed(1)} MB)`)
      .join(', ');
    results.note('importBatch', { files: batch.paths.length, megabytes: Math.round(batch.bytes / 1e4) / 100, textChars: batch.chars, byFormat: batch.byFormat });

    const times: number[] = [];
    const tasks: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // a fresh install each run: its own app data too, or the write journal of the run before (in
      // main's app data) would rebuild the fresh profile's database with the documents it imported
      const bridge = new BridgeServer();
      await bridge.start();
      const app = await BenchApp.launch(join(dir, `profile-${run}`), bridge);
      try {
        // the welcome document listed first: read before the list is painted, the count would be 0
        await app.page.waitForFunction(() => window.__bench.listed() > 0, undefined, { timeout: 60_000 });
        const listed = (await app.page.evaluate(() => window.__bench.listed())) + FILES;
        bridge.stubOpenDialog(batch.paths);
        const m = await app.measure(
          { kind: 'click', selector: 'button[aria-keyshortcuts="Control+O"]' },
          { documents: listed },
          () => app.page.getByRole('button', { name: 'Import…' }).click(),
          { timeoutMs: 300_000 },
        );
        const summary = await app.page.getByRole('dialog', { name: 'Import results' }).locator('.summary').textContent();
        if (!summary?.startsWith(`${FILES} imported`)) throw new Error(`import report: ${summary ?? 'none'}`);
        times.push(m.painted as number);
        tasks.push(m.longestTask);
      } finally {
        await app.close();
        await bridge.stop();
      }
    }
    results.add(measured('import-batch', `import ${FILES} files → all listed`, 'ms', times, { median: 10_000 }, { warmup: 0, note: `${(batch.bytes / 1e6).toFixed(1)} MB: ${kinds}` }));
    results.add(measured('import-batch-longest-task', 'import: longest renderer task meanwhile', 'ms', tasks, { median: 50 }, { warmup: 0, floor: 50 }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
