// A whole corpus, ten times the workspace of startup.bench.ts: 5,000 documents, 1,000,000 spans,
// ~63 M characters in IndexedDB. Each run is a new page on the same profile (a cold start: nothing
// read yet, a new corpus worker): start-up to the listed documents, scrolling the document list,
// a corpus search over every text, then the statistics.
import { test, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeServer } from '../e2e/bridge/server';
import { BenchApp, seed } from './lib/app';
import { EXPECT_DOCS_KEY } from './lib/probe';
import { collection, type AnnotatedDoc } from './lib/corpus';
import { measured, Results, RUNS, WARMUP } from './lib/report';

/** BENCH_CORPUS_DOCS: fewer documents for a quick look (seeding the full corpus takes many minutes: a million IndexedDB puts) */
const DOCUMENTS = Number(process.env['BENCH_CORPUS_DOCS'] ?? 5_000);
/**
 * BENCH_CORPUS_CACHE=1: the seeded profile (and main's journal beside it) is kept in .tmp/ and copied
 * for the next run: seeding a million spans took IndexedDB 25 minutes at load 12, copying the profile
 * seconds. Keyed by the size, by the code that makes and stores the corpus and by the database's
 * schema. Not the default yet: its one use (2026-12-02) copied the profile, but the app on it did not
 * list the 5,000 documents within 5 minutes, which is not understood.
 */
const CACHE = process.env['BENCH_CORPUS_CACHE'] === '1';

function cacheDir(): string {
  const hash = createHash('sha256');
  for (const file of ['tests/bench/lib/corpus.ts', 'tests/bench/lib/prng.ts', 'tests/bench/lib/app.ts', 'src-renderer/src/db/database.ts']) hash.update(readFileSync(file));
  return join('.tmp', `bench-corpus-${DOCUMENTS}-${hash.digest('hex').slice(0, 12)}`);
}

/**
 * A two-word phrase of the first document that occurs a few hundred to a few thousand times in the
 * corpus: the search must read every text (the hit list stops at 5,000) and finds hits from the start.
 */
function phrase(docs: readonly AnnotatedDoc[]): { query: string; count: number } {
  const all = docs.map((d) => d.text.toLowerCase()).join('\n');
  const words = (docs[0]?.text ?? '').split(/\s+/).filter((w) => /^\p{L}{3,}$/u.test(w));
  for (let i = 0; i + 1 < words.length; i++) {
    const query = `${words[i]} ${words[i + 1]}`;
    const needle = query.toLowerCase();
    let count = 0;
    for (let at = all.indexOf(needle); at >= 0 && count <= docs.length * 0.6; at = all.indexOf(needle, at + 1)) count++;
    if (count >= docs.length * 0.06 && count <= docs.length * 0.6) return { query, count };
  }
  throw new Error('no phrase of the first document has a few hundred hits');
}

/** Longest interval between frames (rAF timestamps) while `action` runs. */
async function longestFrame(page: Page, action: () => Promise<void>): Promise<{ longest: number; frames: number; over17: number }> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __framing: boolean };
    w.__frames = [];
    w.__framing = true;
    const tick = (t: number) => {
      w.__frames.push(t);
      if (w.__framing) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await action();
  const stamps = await page.evaluate(async () => {
    const w = window as unknown as { __frames: number[]; __framing: boolean };
    w.__framing = false;
    await new Promise((r) => requestAnimationFrame(r));
    return w.__frames;
  });
  const gaps = stamps.slice(1).map((t, i) => t - (stamps[i] as number));
  return { longest: Math.max(...gaps), frames: gaps.length, over17: gaps.filter((g) => g > 17).length };
}

test('corpus: 5,000 documents, 1,000,000 spans', async () => {
  test.setTimeout(90 * 60_000);
  const results = new Results('corpus');
  const made = Date.now();
  const docs = collection(DOCUMENTS);
  console.log(`corpus: ${DOCUMENTS} documents made in ${((Date.now() - made) / 1000).toFixed(1)} s`);
  const spans = docs.reduce((n, d) => n + d.spans.length, 0);
  results.note('corpus5000', { documents: docs.length, chars: docs.reduce((n, d) => n + d.text.length, 0), spans });
  const { query, count } = phrase(docs);
  const dir = await mkdtemp(join(tmpdir(), 'glose-bench-corpus-'));
  const profile = join(dir, 'profile');
  const userData = join(dir, 'userData');
  const cache = CACHE ? cacheDir() : null;
  const cached = cache !== null && existsSync(join(cache, 'ready'));
  if (cached) {
    const copying = Date.now();
    await cp(join(cache, 'profile'), profile, { recursive: true });
    await cp(join(cache, 'userData'), userData, { recursive: true });
    console.log(`corpus: seeded profile copied from ${cache} in ${((Date.now() - copying) / 1000).toFixed(1)} s`);
  }
  await mkdir(userData, { recursive: true });
  const bridge = new BridgeServer(userData);
  await bridge.start();
  let app = await BenchApp.launch(profile, bridge);
  try {
    if (!cached) {
      // seeded from a page of the same origin that is not the app: the app, left running, would take
      // its automatic backup of the database half-written 5 minutes after its first start (a snapshot
      // that stalled the seeding for 5 minutes) and keep its layer packs meanwhile
      await app.page.goto(`${bridge.url}/seeding`);
      const seeding = Date.now();
      await seed(app.page, docs, {
        lastDocument: docs[0]?.id as string,
        chunk: 100,
        progress: (n) => n % 1000 === 0 && console.log(`corpus: ${n} documents stored after ${((Date.now() - seeding) / 1000).toFixed(1)} s`),
      });
      console.log(`corpus: seeded in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
      if (cache) {
        // Chromium closed, so that its files are whole: the profile and main's journal beside it
        await app.close();
        await rm(cache, { recursive: true, force: true });
        await cp(profile, join(cache, 'profile'), { recursive: true });
        await cp(userData, join(cache, 'userData'), { recursive: true });
        await writeFile(join(cache, 'ready'), `${new Date().toISOString()}\n`);
        app = await BenchApp.launch(profile, bridge);
      }
    }
    await app.load(app.page);
    await app.page.waitForFunction((n) => window.__bench.listed() >= n, docs.length, { timeout: 300_000 });
    const listed = await app.page.evaluate(() => window.__bench.listed());
    await app.page.evaluate(({ key, n }) => localStorage.setItem(key, String(n)), { key: EXPECT_DOCS_KEY, n: listed });

    const startup: number[] = [];
    const startupTasks: number[] = [];
    const scroll: number[] = [];
    let scrollNote = '';
    const first: number[] = [];
    const total: number[] = [];
    const searchTasks: number[] = [];
    let summary = '';
    const stats: number[] = [];
    const statsTasks: number[] = [];
    const topTimes: number[] = [];
    for (let run = 0; run < WARMUP + RUNS; run++) {
      const measuredRun = run >= WARMUP;
      console.log(`corpus: run ${run + 1} of ${WARMUP + RUNS} begins (load ${loadavg().map((n) => n.toFixed(1)).join(' ')})`);
      const previous = app.page;
      const page = await app.context.newPage();
      await previous.close();
      await app.load(page);

      // start-up: navigation start → the list painted with every document
      await page.waitForFunction(() => window.__bench.listPainted !== null, undefined, { polling: 200, timeout: 60_000 });
      const painted = await page.evaluate(() => window.__bench.listPainted as number);
      const startTask = await page.evaluate((to) => window.__bench.longestTask(0, to), painted);
      if (measuredRun) {
        startup.push(painted);
        startupTasks.push(startTask);
      }
      await app.settle(300);

      // the document list: 3 s of wheel notches over it, then 30 jumps of its scrollbar top to bottom
      const list = page.getByRole('listbox', { name: 'Document list' });
      const box = await list.boundingBox();
      if (!box) throw new Error('no document list on screen');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const wheel = await longestFrame(page, async () => {
        const until = Date.now() + 3000;
        while (Date.now() < until) await page.mouse.wheel(0, 100);
      });
      const jumps = await longestFrame(page, async () => {
        await page.evaluate(async () => {
          const el = document.querySelector<HTMLElement>('nav.docs [role="listbox"]');
          if (!el) throw new Error('no document list');
          for (let k = 1; k <= 30; k++) {
            await new Promise((r) => requestAnimationFrame(r));
            el.scrollTop = Math.round((k / 30) * (el.scrollHeight - el.clientHeight));
            await new Promise((r) => requestAnimationFrame(r));
          }
        });
      });
      if (measuredRun) scroll.push(Math.max(wheel.longest, jumps.longest));
      scrollNote = `wheel: ${wheel.over17} of ${wheel.frames} frames over 17 ms; jumps: ${jumps.over17} of ${jumps.frames}`;

      // corpus search, cold (a new worker reads every text): Enter → first hit painted, → the list complete
      await page.getByRole('tab', { name: 'Corpus' }).click();
      await page.getByRole('tablist', { name: 'Corpus sections' }).getByRole('tab', { name: /Search/ }).click();
      const search = page.getByRole('searchbox', { name: 'Search the corpus' });
      await search.fill(query);
      await app.settle(200);
      await page.evaluate(() => {
        const w = window as unknown as { __search: { t0: number; first: number | null; done: number | null } };
        w.__search = { t0: 0, first: null, done: null };
        window.addEventListener('keydown', (ev) => ev.key === 'Enter' && (w.__search.t0 = ev.timeStamp), { once: true });
        const check = () => {
          const hits = document.querySelector('[role="listbox"][aria-label="Hits"]');
          const s = w.__search;
          if (s.t0 > 0 && s.first === null && hits?.querySelector('[role="option"]')) {
            setTimeout(() => (s.first = performance.now() - s.t0), 0);
          }
          if (s.t0 > 0 && hits?.getAttribute('aria-busy') === 'false' && /\bhits? for\b/.test(document.getElementById('corpus-search-summary')?.textContent ?? '')) {
            setTimeout(() => (s.done = performance.now() - s.t0), 0);
            return;
          }
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
      await search.press('Enter');
      await page.waitForFunction(() => (window as unknown as { __search: { done: number | null } }).__search.done !== null, undefined, { timeout: 600_000 });
      await new Promise((r) => setTimeout(r, 200));
      const s = await page.evaluate(() => {
        const { t0, first, done } = (window as unknown as { __search: { t0: number; first: number; done: number } }).__search;
        return { first, done, task: window.__bench.longestTask(t0, t0 + done) };
      });
      summary = ((await page.locator('#corpus-search-summary').textContent()) ?? '').trim();
      if (measuredRun) {
        first.push(s.first);
        total.push(s.done);
        searchTasks.push(s.task);
      }

      // statistics: a click on the tab → the annotations per label counted and painted
      const m = await app.measure(
        { kind: 'click', selector: '#corpus-tab-statistics' },
        { text: { selector: '#st-labels .total', pattern: '^[\\d,]+$' } },
        () => page.getByRole('tab', { name: 'Statistics' }).click(),
        { timeoutMs: 600_000 },
      );
      const counted = Number(((await page.locator('#st-labels .total').textContent()) ?? '').replace(/\D/g, ''));
      if (counted !== spans) throw new Error(`statistics counted ${counted} annotations, not ${spans}`);
      const t0 = Date.now();
      await page.getByRole('region', { name: /Most frequent .* texts/ }).first().waitFor({ timeout: 600_000 });
      if (measuredRun) {
        stats.push(m.painted as number);
        statsTasks.push(m.longestTask);
        topTimes.push(m.painted as number + Date.now() - t0);
      }
    }
    results.add(measured(DOCUMENTS === 5_000 ? 'corpus-startup-5000' : `corpus-startup-${DOCUMENTS}`, `page load → list of ${listed.toLocaleString('en')} documents painted`, 'ms', startup, { median: 1000 }, { note: `new page, same profile; longest task meanwhile ${Math.max(...startupTasks)} ms` }));
    results.add(measured('corpus-list-scroll', 'document list: longest frame while wheel-scrolling 3 s and jumping top to bottom', 'ms', scroll, { median: 34 }, { note: scrollNote }));
    results.add(measured('corpus-search-first', `search ${DOCUMENTS.toLocaleString('en')} texts (cold) → first hit painted`, 'ms', first, { median: 200 }, { note: `"${query}", ${count} occurrences: ${summary}` }));
    results.add(measured('corpus-search-total', 'the same → every hit listed, search over', 'ms', total, { median: 2000 }));
    results.add(measured('corpus-search-longest-task', 'the same: longest main-thread task', 'ms', searchTasks, { median: 50 }, { floor: 50 }));
    results.add(
      measured('corpus-stats', 'Statistics tab (cold) → annotations per label painted', 'ms', stats, { median: 1000 }, {
        note: `most frequent texts (every span's text read in the worker) painted after a median of ${[...topTimes].sort((a, b) => a - b)[topTimes.length >> 1]?.toFixed(0)} ms`,
      }),
    );
    results.add(measured('corpus-stats-longest-task', 'the same: longest main-thread task', 'ms', statsTasks, { median: 50 }, { floor: 50 }));
  } finally {
    await app.close();
    await bridge.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
