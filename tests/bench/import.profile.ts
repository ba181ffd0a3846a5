// Not a benchmark: a Chromium trace of the renderer's main thread while 500 files are imported (the
// import bench's batch), to find its longest tasks. `npx playwright test -c tests/bench/profile.config.ts
// import.profile`; PROFILE_TIMELINE=1 lists the tasks over 4 ms of CPU in order.
import { test } from '@playwright/test';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeServer } from '../e2e/bridge/server';
import { BenchApp } from './lib/app';
import { writeImportBatch } from './lib/import-files';
import { traceOf } from './lib/trace';

const FILES = 500;

test('profile an import of 500 files', async () => {
  test.setTimeout(15 * 60_000);
  const dir = await mkdtemp(join(tmpdir(), 'glose-profile-import-'));
  const bridge = new BridgeServer();
  await bridge.start();
  try {
    await mkdir(join(dir, 'files'));
    const batch = await writeImportBatch(join(dir, 'files'), FILES);
    const app = await BenchApp.launch(join(dir, 'profile'), bridge);
    try {
      const listed = (await app.page.evaluate(() => window.__bench.listed())) + FILES;
      bridge.stubOpenDialog(batch.paths);
      const trace = await traceOf(app.cdp, async () => {
        await app.page.getByRole('button', { name: 'Import…' }).click();
        await app.page.waitForFunction((n) => window.__bench.listed() >= n, listed, { timeout: 300_000 });
        await app.settle(500);
      });
      console.log(`\n== import trace (${FILES} files), load ${loadavg()[0]?.toFixed(1)}\n${trace}`);
    } finally {
      await app.close();
    }
  } finally {
    await bridge.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
