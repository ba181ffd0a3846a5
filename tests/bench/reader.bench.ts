// The reader on a book: open it, annotate, scroll through it, narrow the window, and what it costs in
// memory. One profile seeded with the book; every action through the mouse and keyboard.
import { test } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeServer } from '../e2e/bridge/server';
import { BenchApp, chromiumVersion, dropPack, seed, VIEWPORT, waitForPack } from './lib/app';
import { book, LABEL_NAMES, shortNote, type AnnotatedDoc, type SpanSpec } from './lib/corpus';
import type { PaintSpec } from './lib/probe';
import { measured, median, Results, RUNS, WARMUP } from './lib/report';

const LONG_TASK_FLOOR = 50;
/** how long the wheel scrolls per run */
const WHEEL_MS = 3000;
const PAGE_DOWNS = 30;

/** A word no span touches, and a span nothing else overlaps, spread evenly through the book. */
interface Targets {
  words: Array<{ para: number; from: number; to: number }>;
  spans: Array<{ span: SpanSpec; para: number; at: number }>;
}

function paragraphOf(doc: AnnotatedDoc, offset: number): number {
  let lo = 0;
  let hi = doc.paraStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((doc.paraStarts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function chooseTargets(doc: AnnotatedDoc, n: number): Targets {
  const cover = new Uint8Array(doc.text.length);
  for (const s of doc.spans) for (let i = s.start; i < s.end; i++) cover[i] = Math.min(255, (cover[i] as number) + 1);
  const words: Targets['words'] = [];
  const W = doc.wordStart.length;
  for (let k = 0; k < n; k++) {
    for (let w = Math.floor(((k + 0.5) / n) * W); w < W; w++) {
      const a = doc.wordStart[w] as number;
      const b = doc.wordEnd[w] as number;
      if (b - a < 4 || cover.subarray(a, b).some((c) => c > 0)) continue;
      const para = paragraphOf(doc, a);
      const start = doc.paraStarts[para] as number;
      words.push({ para, from: a - start, to: b - start });
      break;
    }
  }
  const solo = doc.spans
    .filter((s) => !s.tangled && /^[\p{L}]{3}/u.test(doc.text.slice(s.start, s.end)) && cover.subarray(s.start, s.end).every((c) => c === 1))
    .sort((a, b) => a.start - b.start);
  const spans = Array.from({ length: n }, (_, k) => {
    const span = solo[Math.floor(((k + 0.5) / n) * solo.length)] as SpanSpec;
    const para = paragraphOf(doc, span.start);
    return { span, para, at: span.start + 1 - (doc.paraStarts[para] as number) };
  });
  return { words, spans };
}

/** BENCH_READER=open (or edit, scroll; comma-separated): only those parts, the others' rows kept in latest.json (all by default) */
const PARTS = new Set((process.env['BENCH_READER'] ?? 'open,edit,scroll').split(',').map((p) => p.trim()));

/** The targets of the 1× book and of the book five times larger (issue 14): an edit or a frame must cost the same. */
const TARGETS = {
  1: { open: 300, heap: 40, edit: { median: 17, p95: 17 } },
  5: { open: 1500, heap: 80, edit: { median: 17, p95: 34 } },
} as const;

test('reader: a 1 MB book with 20,000 spans', async () => {
  await readerBench(1);
});

test('reader: the book five times larger (5 MB, 100,000 spans)', async () => {
  await readerBench(5);
});

async function readerBench(scale: 1 | 5): Promise<void> {
  const suffix = scale === 1 ? '' : `-${scale}x`;
  const id = (name: string) => `${name}${suffix}`;
  const target = TARGETS[scale];
  const results = new Results(`reader${suffix}`);
  const doc = book(scale);
  results.note('chromium', chromiumVersion());
  results.note('book', {
    chars: doc.text.length,
    paragraphs: doc.paraStarts.length,
    words: doc.wordStart.length,
    spans: doc.spans.length,
    nestedOrOverlapping: doc.spans.filter((s) => s.tangled).length / 2,
    relations: doc.relations.length,
  });
  const dir = await mkdtemp(join(tmpdir(), 'glose-bench-'));
  const bridge = new BridgeServer();
  await bridge.start();
  const app = await BenchApp.launch(join(dir, 'profile'), bridge);
  try {
    const note = shortNote();
    const ws = await seed(app.page, [doc, note]);
    await app.reload();
    const page = app.page;
    const hl = (label: number) => `gl-l-${ws.labels[LABEL_NAMES[label] as string]}`;
    const bookItem = `#doc-${doc.id}`;
    const hasSpans = new Array<number>(doc.paraStarts.length).fill(0);
    for (const s of doc.spans) hasSpans[paragraphOf(doc, s.start)] = 1;
    // the text on screen (the reader makes a block's paragraphs as it comes near the viewport, the
    // rest when idle), the highlights and every on-screen chip
    const markChange = (delta: Record<string, number>): Pick<PaintSpec, 'highlightDelta'> => ({ highlightDelta: delta });
    const opened: PaintSpec = { title: doc.title, highlightAtLeast: 1, viewportChips: hasSpans };

    // every open of the book comes from another document
    const openNote = async () => {
      await page.locator(`#doc-${note.id}`).click();
      await page.locator('section.reader h1', { hasText: note.title }).waitFor();
      await app.settle(300);
    };
    const openBook = (spec: PaintSpec) => app.measure({ kind: 'click', selector: bookItem }, spec, () => page.locator(bookItem).click(), { timeoutMs: 120_000 });

    // open-book (+ memory after each open): the book's spans and relations read from its reader pack, made
    // from the reader's memory when the book was left (src-renderer/src/state/pack-keeper.ts); the bench
    // waits for the pack before each open. open-book-records: the same open with no pack, as after a write
    // from elsewhere took the reader's editor mark before the pack was made again: one record per span read.
    const open: number[] = [];
    const openTask: number[] = [];
    const cold: number[] = [];
    const coldTask: number[] = [];
    const heap: number[] = [];
    const rss: number[] = [];
    let renderers = 0;
    // opened once from its records first: the page builds the pack when the book is left
    await page.locator(bookItem).click();
    await page.locator('section.reader h1', { hasText: doc.title }).waitFor({ timeout: 120_000 });
    if (PARTS.has('open')) {
      for (let run = 0; run < WARMUP + RUNS; run++) {
        await openNote();
        await waitForPack(page, doc.id);
        const m = await openBook(opened);
        await app.settle(300);
        if (run < WARMUP) continue;
        open.push(m.painted as number);
        openTask.push(m.longestTask);
        heap.push(await app.heapMB());
        const r = app.rendererRssMB();
        rss.push(r.mb);
        renderers = r.renderers;
      }
      for (let run = 0; run < WARMUP + RUNS; run++) {
        await openNote();
        await waitForPack(page, doc.id);
        await dropPack(page, doc.id);
        const m = await openBook(opened);
        await app.settle(300);
        if (run < WARMUP) continue;
        cold.push(m.painted as number);
        coldTask.push(m.longestTask);
      }
      results.add(
        measured(id('open-book'), 'open the book: click in the list → text + marks painted', 'ms', open, { median: target.open }, {
          note: `${doc.relations.length.toLocaleString('en')} relations seeded; their arcs are drawn only for a selected or hovered span, so none at open`,
        }),
      );
      results.add(measured(id('open-book-longest-task'), 'open the book: longest main-thread task', 'ms', openTask, { median: 200, p95: 200 }, { floor: LONG_TASK_FLOOR }));
      results.add(
        measured(id('open-book-records'), 'open the book before its reader pack is built (after an edit): click → text + marks painted', 'ms', cold, { median: target.open }, {
          note: 'every span and relation record read; the pack is then made from the reader\'s memory 1 s after the open',
        }),
      );
      results.add(measured(id('open-book-records-longest-task'), 'that open: longest main-thread task', 'ms', coldTask, { median: 200, p95: 200 }, { floor: LONG_TASK_FLOOR }));
      results.add(measured(id('memory-heap'), 'after opening the book: renderer JS heap after GC', 'MB', heap, { median: target.heap }));
      results.add(measured(id('memory-rss'), 'after opening the book: renderer process RSS', 'MB', rss, { median: 400 }, { note: `largest of ${renderers} renderer process(es) of the profile` }));

    }
    if (PARTS.has('edit')) {
      // add-span, add-span-durable, relabel, delete, undo: one round per run, each somewhere else in the book
      const targets = chooseTargets(doc, WARMUP + RUNS);
      const add: number[] = [];
      const durable: number[] = [];
      const stored: number[] = [];
      const journalled: number[] = [];
      const relabel: number[] = [];
      const del: number[] = [];
      const undo: number[] = [];
      for (let run = 0; run < WARMUP + RUNS; run++) {
        const word = targets.words[run];
        const { span, para, at } = targets.spans[run] as Targets['spans'][number];
        if (!word) throw new Error('no free word to annotate');
        const label = run % LABEL_NAMES.length;

        await app.dragSelect(word.para, word.from, word.to);
        // a drag that leaves no pending selection is a bug to report, not a reason to wait for the test's 30 minutes
        await page.waitForFunction(() => CSS.highlights.get('gl-pending')?.size === 1, null, { timeout: 30_000 }).catch(() => {
          throw new Error(`dragging over ${JSON.stringify(word)} left no pending selection`);
        });
        const pending = await app.highlightAt('gl-pending');
        if (pending?.para !== word.para || pending.start !== word.from || pending.end !== word.to) {
          throw new Error(`selected ${JSON.stringify(pending)}, not ${JSON.stringify(word)}`);
        }
        await app.settle();
        const a = await app.measure(
          { kind: 'key', key: String(label + 1) },
          { ...markChange({ [hl(label)]: 1 }), paraChips: { para: word.para, delta: 1 } },
          () => page.keyboard.press(String(label + 1)),
          { save: true },
        );
        // the save's two halves, as the editor measures them (SAVE_STORE_MEASURE, SAVE_JOURNAL_MEASURE)
        const halves = await page.evaluate(
          (names) => names.map((n) => performance.getEntriesByName(n, 'measure').at(-1)?.duration ?? Number.NaN),
          ['glose save: indexeddb', 'glose save: journal'],
        );

        await app.clickChar(para, at);
        await page.waitForFunction(() => CSS.highlights.get('gl-selected')?.size === 1, null, { timeout: 30_000 }).catch(() => {
          throw new Error(`clicking character ${at} of paragraph ${para} selected no span`);
        });
        const selected = await app.highlightAt('gl-selected');
        if (selected?.para !== para || selected.start !== span.start - (doc.paraStarts[para] as number)) {
          throw new Error(`clicked span ${JSON.stringify(selected)}, not ${span.start}–${span.end} in paragraph ${para}`);
        }
        await app.settle();
        const to = (span.label + 1) % LABEL_NAMES.length;
        const r = await app.measure(
          { kind: 'key', key: String(to + 1) },
          { ...markChange({ [hl(span.label)]: -1, [hl(to)]: 1 }), chip: { id: span.id, label: LABEL_NAMES[to] as string } },
          () => page.keyboard.press(String(to + 1)),
          { save: true },
        );
        await app.settle();
        const d = await app.measure({ kind: 'key', key: 'Delete' }, { ...markChange({ [hl(to)]: -1 }), chip: { id: span.id, label: null } }, () => page.keyboard.press('Delete'), {
          save: true,
        });
        await app.settle();
        const u = await app.measure({ kind: 'key', key: 'z' }, { ...markChange({ [hl(to)]: 1 }), chip: { id: span.id, label: LABEL_NAMES[to] as string } }, () => page.keyboard.press('Control+z'), {
          save: true,
        });
        await app.settle();
        if (run < WARMUP) continue;
        add.push(a.painted as number);
        durable.push(a.saved as number);
        stored.push(halves[0] as number);
        journalled.push(halves[1] as number);
        relabel.push(r.painted as number);
        del.push(d.painted as number);
        undo.push(u.painted as number);
      }
      results.add(measured(id('add-span'), 'select a word, press 1–6 → mark painted', 'ms', add, target.edit));
      results.add(
        measured(id('add-span-durable'), 'select a word, press 1–6 → "All changes saved"', 'ms', durable, { median: 50 }, {
          note: `IndexedDB transaction (start → commit): median ${median(stored).toFixed(1)} ms; commit → in main's journal: median ${median(journalled).toFixed(1)} ms`,
        }),
      );
      results.add(measured(id('relabel'), 'click a span, press another label key → painted', 'ms', relabel, { median: 17, p95: 34 }));
      results.add(measured(id('delete'), 'Delete on the selected span → painted', 'ms', del, target.edit));
      results.add(measured(id('undo'), 'Control+Z after a delete → painted', 'ms', undo, { median: 17, p95: 34 }));

    }
    if (PARTS.has('scroll')) {
      // scroll: from a freshly opened book, 50 jumps from top to bottom
      const longestFrame: number[] = [];
      const marks: number[] = [];
      const frames: number[] = [];
      let late = 0;
      let jumpPx = 0;
      for (let run = 0; run < WARMUP + RUNS; run++) {
        await openNote();
        await openBook(opened);
        await page.evaluate(() => document.querySelector('section.reader')?.scrollTo(0, 0));
        await app.settle(300);
        const pass = await page.evaluate((hasSpans) => window.__bench.scrollPass(50, hasSpans), hasSpans);
        jumpPx = await page.evaluate(() => {
          const r = document.querySelector('section.reader') as HTMLElement;
          return (r.scrollHeight - r.clientHeight) / 50;
        });
        if (run < WARMUP) continue;
        longestFrame.push(Math.max(...pass.frames));
        frames.push(...pass.frames);
        marks.push(...pass.marks);
        late += pass.lateFrames.filter((n) => n > 0).length;
      }
      const slow = frames.filter((f) => f > 17).length;
      results.add(
        measured(id('scroll'), 'scroll through the book in 50 jumps: longest frame', 'ms', longestFrame, { median: 34, p95: 34 }, {
          note: `jumps of ~${Math.round(jumpPx)} px; ${slow} of ${frames.length} frames over 17 ms`,
        }),
      );
      results.add(measured(id('scroll-slow-frames'), 'scroll in jumps: share of frames over 17 ms', '%', [percent(slow, frames.length)], { median: 1 }));
      results.add(
        measured(id('scroll-marks'), 'after each jump: new viewport with all its marks painted', 'ms', marks, { median: 17 }, {
          note: `${RUNS} passes × 50 jumps; chips came one frame or more after the text in ${late} of ${marks.length} jumps`,
        }),
      );

      // scroll-wheel: a few seconds of continuous wheel scrolling, 100 px notches, from the middle of the book
      const wheelLongest: number[] = [];
      const wheelFrames: number[] = [];
      let wheelUnmarked = 0;
      for (let run = 0; run < WARMUP + RUNS; run++) {
        await openNote();
        await openBook(opened);
        await page.evaluate((run) => {
          const r = document.querySelector('section.reader') as HTMLElement;
          r.scrollTop = ((run + 1) / 8) * (r.scrollHeight - r.clientHeight);
        }, run);
        await app.settle(300);
        const box = await page.locator('section.reader').boundingBox();
        if (!box) throw new Error('no reader on screen');
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.evaluate((hasSpans) => window.__bench.recordFrames(hasSpans), hasSpans);
        const until = Date.now() + WHEEL_MS;
        while (Date.now() < until) await page.mouse.wheel(0, 100);
        await app.settle(300);
        const rec = await page.evaluate(() => window.__bench.stopFrames());
        if (run < WARMUP) continue;
        wheelLongest.push(Math.max(...rec.frames));
        wheelFrames.push(...rec.frames);
        wheelUnmarked += rec.unmarked;
      }
      const wheelSlow = wheelFrames.filter((f) => f > 17).length;
      results.add(
        measured(id('scroll-wheel'), `mouse wheel, 100 px notches for ${WHEEL_MS / 1000} s: longest frame`, 'ms', wheelLongest, { median: 34, p95: 34 }, {
          note: `${wheelSlow} of ${wheelFrames.length} frames over 17 ms; ${wheelUnmarked} frames showed text without all its marks`,
        }),
      );
      results.add(measured(id('scroll-wheel-unmarked'), 'mouse wheel: share of frames with text but not all its marks', '%', [percent(wheelUnmarked, wheelFrames.length)], { median: 0 }));

      // scroll-keys: PageDown through a stretch of the book, then Ctrl+End and Ctrl+Home
      const keysLongest: number[] = [];
      const keysFrames: number[] = [];
      let keysUnmarked = 0;
      for (let run = 0; run < WARMUP + RUNS; run++) {
        await openNote();
        await openBook(opened);
        await page.evaluate(() => document.querySelector('section.reader')?.scrollTo(0, 0));
        await page.locator('section.reader .text').focus();
        await app.settle(300);
        await page.evaluate((hasSpans) => window.__bench.recordFrames(hasSpans), hasSpans);
        for (let k = 0; k < PAGE_DOWNS; k++) {
          await page.keyboard.press('PageDown');
          await page.evaluate(() => window.__bench.frame());
        }
        await page.keyboard.press('Control+End');
        await app.settle(200);
        await page.keyboard.press('Control+Home');
        await app.settle(200);
        const rec = await page.evaluate(() => window.__bench.stopFrames());
        const top = await page.evaluate(() => document.querySelector('section.reader')?.scrollTop ?? -1);
        if (top !== 0) throw new Error(`Control+Home left the reader at ${top} px`);
        if (run < WARMUP) continue;
        keysLongest.push(Math.max(...rec.frames));
        keysFrames.push(...rec.frames);
        keysUnmarked += rec.unmarked;
      }
      const keysSlow = keysFrames.filter((f) => f > 17).length;
      results.add(
        measured(id('scroll-keys'), `${PAGE_DOWNS} × PageDown, Ctrl+End, Ctrl+Home: longest frame`, 'ms', keysLongest, { median: 34, p95: 34 }, {
          note: `${keysSlow} of ${keysFrames.length} frames over 17 ms; ${keysUnmarked} frames showed text without all its marks`,
        }),
      );
      results.add(measured(id('scroll-keys-unmarked'), 'keys: share of frames with text but not all its marks', '%', [percent(keysUnmarked, keysFrames.length)], { median: 0 }));

      // resize: narrow the window to 700 px while the middle of the book is on screen
      const resize: number[] = [];
      for (let run = 0; run < WARMUP + RUNS; run++) {
        await page.setViewportSize(VIEWPORT);
        await page.evaluate(() => {
          const r = document.querySelector('section.reader') as HTMLElement;
          r.scrollTop = (r.scrollHeight - r.clientHeight) / 2;
        });
        await app.settle(500);
        const m = await app.measure({ kind: 'now' }, {}, () => page.setViewportSize({ width: 700, height: VIEWPORT.height }), { settleMs: 1500 });
        if (run >= WARMUP) resize.push(m.longestTask);
      }
      await page.setViewportSize(VIEWPORT);
      results.add(measured(id('resize'), 'narrow the window to 700 px: longest task', 'ms', resize, { median: 100 }, { floor: LONG_TASK_FLOOR }));
    }
  } finally {
    await app.close();
    await bridge.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function percent(n: number, of: number): number {
  return of === 0 ? 0 : Math.round((n / of) * 1000) / 10;
}
