// Startup with a full workspace: 500 documents and 100,000 spans in IndexedDB; a new page load on the
// same profile, from navigation start to the first frame showing the whole document list.
import { test } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeServer } from '../e2e/bridge/server';
import { BenchApp, seed } from './lib/app';
import { EXPECT_DOCS_KEY } from './lib/probe';
import { collection } from './lib/corpus';
import { measured, Results, RUNS, WARMUP } from './lib/report';

test('startup: workspace of 500 documents', async () => {
  const results = new Results('startup');
  const docs = collection();
  results.note('workspace', {
    documents: docs.length,
    chars: docs.reduce((n, d) => n + d.text.length, 0),
    spans: docs.reduce((n, d) => n + d.spans.length, 0),
    relations: docs.reduce((n, d) => n + d.relations.length, 0),
  });
  const dir = await mkdtemp(join(tmpdir(), 'glose-bench-startup-'));
  const bridge = new BridgeServer();
  await bridge.start();
  const app = await BenchApp.launch(join(dir, 'profile'), bridge);
  try {
    // the app reopens the document the user had open last
    await seed(app.page, docs, { lastDocument: docs[0]?.id as string });
    await app.reload();
    // what the list shows once complete (the app's own documents, such as the welcome one, included)
    await app.page.waitForFunction((n) => document.querySelectorAll('nav.docs li[role="option"]').length >= n, docs.length, { timeout: 60_000 });
    await app.settle(500);
    const listed = await app.page.locator('nav.docs li[role="option"]').count();
    await app.page.evaluate(({ key, n }) => localStorage.setItem(key, String(n)), { key: EXPECT_DOCS_KEY, n: listed });
    const times: number[] = [];
    for (let run = 0; run < WARMUP + RUNS; run++) {
      const previous = app.page;
      const page = await app.context.newPage();
      await previous.close();
      await app.load(page);
      await page.waitForFunction(() => window.__bench.listPainted !== null, undefined, { polling: 200, timeout: 60_000 });
      const ms = await page.evaluate(() => window.__bench.listPainted as number);
      if (run >= WARMUP) times.push(ms);
    }
    results.add(measured('startup', `page load → list of ${listed} documents painted`, 'ms', times, { median: 1000 }, { note: 'new page on a running browser, same profile; timed from navigation start' }));
  } finally {
    await app.close();
    await bridge.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
