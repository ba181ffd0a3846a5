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
    await app.page.waitForFunction((n) => window.__bench.listed() >= n, docs.length, { timeout: 60_000 });
    await app.settle(500);
    const listed = await app.page.evaluate(() => window.__bench.listed());
    await app.page.evaluate(({ key, n }) => localStorage.setItem(key, String(n)), { key: EXPECT_DOCS_KEY, n: listed });
    // a word of the corpus, to search for right after each start (texts not read yet: the cold case)
    const query = (docs[0]?.text.split(/\s+/).find((w) => /^\p{L}{6,}$/u.test(w)) ?? 'accord') as string;
    const times: number[] = [];
    const searches: number[] = [];
    let summary = '';
    for (let run = 0; run < WARMUP + RUNS; run++) {
      const previous = app.page;
      const page = await app.context.newPage();
      await previous.close();
      await app.load(page);
      await page.waitForFunction(() => window.__bench.listPainted !== null, undefined, { polling: 200, timeout: 60_000 });
      const ms = await page.evaluate(() => window.__bench.listPainted as number);
      if (run >= WARMUP) times.push(ms);
      // corpus search: Corpus ▸ Search, type the word, Enter → the keyword-in-context list painted
      await page.getByRole('tab', { name: 'Corpus' }).click();
      await page.getByRole('tablist', { name: 'Corpus sections' }).getByRole('tab', { name: /Search/ }).click();
      const box = page.getByRole('searchbox', { name: 'Search the corpus' });
      await box.fill(query);
      await app.settle(200);
      const started = await page.evaluate(() => performance.now());
      await box.press('Enter');
      await page.waitForFunction(() => document.querySelectorAll('[role="listbox"][aria-label="Hits"] [role="option"]').length > 0, undefined, { timeout: 60_000 });
      const painted = await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0))));
      summary = ((await page.locator('#corpus-search-summary').textContent()) ?? '').trim();
      if (run >= WARMUP) searches.push(painted - started);
    }
    results.add(measured('startup', `page load → list of ${listed} documents painted`, 'ms', times, { median: 1000 }, { note: 'new page on a running browser, same profile; timed from navigation start' }));
    results.add(
      measured('corpus-search', `search ${docs.length} documents for a word (texts read on first search) → hits listed`, 'ms', searches, { median: 1000 }, {
        note: `"${query}": ${summary}; right after each start, so the texts are read from IndexedDB each time; timed from before Enter (Playwright round trip included)`,
      }),
    );
  } finally {
    await app.close();
    await bridge.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
