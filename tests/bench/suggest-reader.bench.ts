// The suggestions as the user meets them in the app (the engine alone is suggest.bench.ts): the
// proposals of the 1 MB book painted after a click opens it (and, in the same runs, after its text and
// marks were painted: what the suggestions add to opening), the proposals updated after a span is
// added, and Corpus ▸ Pre-annotate… over the 500-document workspace, all through the reader's
// worker. The learned model holds the project's spans (the book's, or the workspace's).
import { test } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeServer } from '../e2e/bridge/server';
import { BenchApp, seed } from './lib/app';
import { book, collection, shortNote, type AnnotatedDoc } from './lib/corpus';
import { measured, median, Results, RUNS, WARMUP } from './lib/report';

const LONG_TASK_FLOOR = 50;
/** BENCH_SUGGEST=open (or edit, preannotate; comma-separated): only those parts (all by default) */
const PARTS = new Set((process.env['BENCH_SUGGEST'] ?? 'open,edit,preannotate').split(',').map((p) => p.trim()));
const COUNT = '[data-testid="suggestion-count"]';

/** Which paragraphs hold spans (as the reader bench checks the chips on screen). */
function paragraphsWithSpans(doc: AnnotatedDoc): number[] {
  const has = new Array<number>(doc.paraStarts.length).fill(0);
  let para = 0;
  for (const s of [...doc.spans].sort((a, b) => a.start - b.start)) {
    while (para + 1 < doc.paraStarts.length && (doc.paraStarts[para + 1] as number) <= s.start) para++;
    has[para] = 1;
  }
  return has;
}

/** Free words (no span on them) of four letters or more, spread through the book. */
function freeWords(doc: AnnotatedDoc, n: number): Array<{ para: number; from: number; to: number }> {
  const cover = new Uint8Array(doc.text.length);
  for (const s of doc.spans) cover.fill(1, s.start, s.end);
  const out: Array<{ para: number; from: number; to: number }> = [];
  const W = doc.wordStart.length;
  for (let k = 0; k < n; k++) {
    for (let w = Math.floor(((k + 0.5) / n) * W); w < W; w++) {
      const a = doc.wordStart[w] as number;
      const b = doc.wordEnd[w] as number;
      if (b - a < 4 || !/^\p{L}+$/u.test(doc.text.slice(a, b)) || cover.subarray(a, b).some((c) => c > 0)) continue;
      let para = 0;
      while (para + 1 < doc.paraStarts.length && (doc.paraStarts[para + 1] as number) <= a) para++;
      out.push({ para, from: a - (doc.paraStarts[para] as number), to: b - (doc.paraStarts[para] as number) });
      break;
    }
  }
  return out;
}

test('suggestions in the app: open the book, edit it, pre-annotate the workspace', async () => {
  const results = new Results('suggest-reader');
  const dir = await mkdtemp(join(tmpdir(), 'glose-bench-suggest-'));
  const bridge = new BridgeServer();
  await bridge.start();
  try {
    const doc = book();
    const note = shortNote();
    const app = await BenchApp.launch(join(dir, 'book'), bridge);
    try {
      await seed(app.page, [doc, note], { lastDocument: note.id });
      await app.reload();
      const page = app.page;
      const bookItem = `#doc-${doc.id}`;
      const openNote = async () => {
        await page.locator(`#doc-${note.id}`).click();
        await page.locator('section.reader h1', { hasText: note.title }).waitFor();
        await app.settle(300);
      };

      // open: click on the book → its text and marks painted (as open-book in reader.bench.ts) → its
      // proposals registered and painted
      const opened = { title: doc.title, highlightAtLeast: 1, viewportChips: paragraphsWithSpans(doc) };
      const open: number[] = [];
      const afterOpen: number[] = [];
      const textShown: number[] = [];
      /** opens whose proposals the worker had prepared while the book opened (the page's User Timing measure says) */
      let prepared = 0;
      const openTask: number[] = [];
      const ownTask: number[] = [];
      /** the page's User Timing measures: the worker's prepare (from the reader's start on the book to its answer back), the page's open of the proposals */
      const prepareMs: number[] = [];
      const pageMs: number[] = [];
      let count = '';
      for (let run = 0; run < (PARTS.has('open') ? WARMUP + RUNS : 0); run++) {
        await openNote();
        // the worker's answer for the book, whose proposals are then on screen
        const before = (await page.locator(COUNT).getAttribute('data-updates')) ?? '';
        const answered = { selector: COUNT, attribute: 'data-updates', pattern: `^(?!${before}$)\\d+$` };
        const m = await app.measure({ kind: 'click', selector: bookItem }, { ...opened, proposalsAtLeast: 1, text: answered, milestone: opened }, () => page.locator(bookItem).click(), {
          timeoutMs: 120_000,
        });
        await app.settle(300);
        count = ((await page.locator(COUNT).textContent()) ?? '').trim();
        if (run < WARMUP) continue;
        const timing = await page.evaluate(() => {
          const last = (name: string) => performance.getEntriesByName(name).at(-1) as PerformanceMeasure | undefined;
          return { prepared: last('glose suggest: open')?.detail?.prepared === true, prepare: last('glose suggest: prepare')?.duration ?? null, page: last('glose suggest: open')?.duration ?? null };
        });
        if (timing.prepared) prepared++;
        if (timing.prepare !== null) prepareMs.push(timing.prepare);
        if (timing.page !== null) pageMs.push(timing.page);
        // the suggestions' own share of the main thread: tasks from the text and marks painted to 150 ms
        // after the proposals painted (the open's own tasks are over by the milestone)
        ownTask.push(await page.evaluate(([from, to]) => window.__bench.longestTask(from, to), [m.t0 + (m.milestone as number), m.t0 + (m.painted as number) + 150] as const));
        open.push(m.painted as number);
        afterOpen.push((m.painted as number) - (m.milestone as number));
        textShown.push(m.milestone as number);
        openTask.push(m.longestTask);
      }
      if (PARTS.has('open')) {
        const textMedian = [...textShown].sort((a, b) => a - b)[textShown.length >> 1] as number;
        results.add(
          measured('suggest-reader-open', 'open the book: click in the list → its proposals painted (worker: index, every recommender)', 'ms', open, { median: 300 }, { note: `${count} proposals (spans and relations, as the panel's header counts them); includes opening the book itself` }),
        );
        results.add(
          measured('suggest-reader-after-open', 'open the book: its text and marks painted → its proposals painted', 'ms', afterOpen, { median: 300 }, {
            note: `the same runs; text and marks painted ${Math.round(textMedian).toLocaleString('en')} ms (median) after the click; ${prepared} of ${afterOpen.length} opens answered from what the worker prepared; worker's prepare answered ${Math.round(median(prepareMs))} ms after the reader started the book, the page's part ${Math.round(median(pageMs))} ms (medians)`,
          }),
        );
        results.add(measured('suggest-reader-open-longest-task', 'open the book with suggestions: longest main-thread task (the open itself included: its target is open-book-longest-task’s)', 'ms', openTask, { median: 200 }, { floor: LONG_TASK_FLOOR }));
        results.add(
          measured('suggest-reader-after-open-longest-task', 'open the book: longest main-thread task from its text and marks painted to its proposals painted (the suggestions’ own share)', 'ms', ownTask, { median: 50, p95: 50 }, { floor: LONG_TASK_FLOOR }),
        );
      }

      // edit: tag a free word → the worker's new proposals (that form counted again and proposed
      // everywhere in the book) shown. Every word of the generated book already carries labels
      // elsewhere, so the count may not move: the panel's update counter says when the answer is in.
      const words = freeWords(doc, WARMUP + RUNS);
      if (PARTS.has('edit')) {
        const edit: number[] = [];
        const editTask: number[] = [];
        for (let run = 0; run < WARMUP + RUNS; run++) {
          const word = words[run];
          if (!word) throw new Error('no free word to annotate');
          await app.dragSelect(word.para, word.from, word.to);
          await page.waitForFunction(() => CSS.highlights.get('gl-pending')?.size === 1, undefined, { timeout: 30_000 });
          await app.settle();
          const before = (await page.locator(COUNT).getAttribute('data-updates')) ?? '';
          const m = await app.measure({ kind: 'key', key: '1' }, { text: { selector: COUNT, attribute: 'data-updates', pattern: `^(?!${before}$)\\d+$` } }, () => page.keyboard.press('1'), {
            timeoutMs: 30_000,
          });
          await app.settle(200);
          if (run < WARMUP) continue;
          edit.push(m.painted as number);
          editTask.push(m.longestTask);
      }
      results.add(measured('suggest-reader-edit', 'tag a free word of the book (key 1) → the proposals recomputed by the worker and painted', 'ms', edit, { median: 100 }));
      results.add(measured('suggest-reader-edit-longest-task', 'that edit: longest main-thread task', 'ms', editTask, { median: 50 }, { floor: LONG_TASK_FLOOR }));
      }
    } finally {
      await app.close();
    }

    // pre-annotate: the 500-document workspace, all selected, Pre-annotate… → the report painted
    if (!PARTS.has('preannotate')) return;
    const docs = collection();
    const ws = await BenchApp.launch(join(dir, 'workspace'), bridge);
    try {
      await seed(ws.page, docs, { lastDocument: docs[0]?.id as string });
      await ws.reload();
      const page = ws.page;
      const pre: number[] = [];
      const preTask: number[] = [];
      let status = '';
      for (let run = 0; run < 1 + Math.min(RUNS, 2); run++) {
        await page.getByRole('tab', { name: 'Corpus' }).click();
        const all = page.getByRole('grid', { name: 'Documents' }).getByRole('checkbox', { name: 'Select all shown documents' });
        if (!(await all.isChecked())) await all.check();
        await ws.settle(300);
        const m = await ws.measure({ kind: 'click', selector: '[data-testid="preannotate"]' }, { text: { selector: '[data-testid="preannotate-status"]', pattern: '^\\d+ documents: ' } }, () => page.getByTestId('preannotate').click(), {
          timeoutMs: 120_000,
        });
        status = ((await page.getByTestId('preannotate-status').textContent()) ?? '').trim();
        await page.getByRole('dialog', { name: 'Pre-annotate' }).getByRole('button', { name: 'Close' }).click();
        await ws.settle(300);
        if (run < 1) continue;
        pre.push(m.painted as number);
        preTask.push(m.longestTask);
      }
      results.add(measured('suggest-reader-preannotate', 'Corpus ▸ Pre-annotate… on 500 documents → the report painted', 'ms', pre, { median: 10_000 }, { warmup: 1, note: status }));
      results.add(measured('suggest-reader-preannotate-longest-task', 'that pre-annotation: longest main-thread task', 'ms', preTask, { median: 50 }, { warmup: 1, floor: LONG_TASK_FLOOR }));
    } finally {
      await ws.close();
    }
  } finally {
    await bridge.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
