// Not a benchmark: CPU profiles (CDP) of the reader on the book, to find what an open, an edit or a
// scroll frame spends its time on. `npx playwright test -c tests/bench/profile.config.ts`, with
// PROFILE_SCALE=1|5 (default 5); writes test-results/profiles/<scenario>-<scale>x.cpuprofile
// (open it in Chromium's DevTools, Performance panel) and prints the heaviest functions of each.
import { test } from '@playwright/test';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeServer } from '../e2e/bridge/server';
import { BenchApp, dropPack, seed, waitForPack } from './lib/app';
import { book, shortNote } from './lib/corpus';
import { traceOf } from './lib/trace';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self and total time per function, heaviest first. */
function summary(p: Profile, top = 25): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  p.samples.forEach((id, i) => {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const n = byId.get(id) as ProfileNode;
    self.set(name(n), (self.get(name(n)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = name(byId.get(cur) as ProfileNode);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + dt);
    }
  });
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
  const lines = rows.map(([k, v]) => `${v.toFixed(1).padStart(8)} ms self ${(total.get(k) ?? 0).toFixed(1).padStart(8)} ms total  ${k}`);
  const heavy = [...total].filter(([k]) => !k.startsWith('(root)') && !k.startsWith('(program)') && !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top);
  return `${lines.join('\n')}\n  -- by total --\n${heavy.map(([k, v]) => `${v.toFixed(1).padStart(8)} ms  ${k}`).join('\n')}`;
}

test('profile the reader', async () => {
  test.setTimeout(20 * 60_000);
  const scale = Number(process.env['PROFILE_SCALE'] ?? 5);
  const out = join('test-results', 'profiles');
  await mkdir(out, { recursive: true });
  const doc = book(scale);
  const dir = await mkdtemp(join(tmpdir(), 'glose-profile-'));
  const bridge = new BridgeServer();
  await bridge.start();
  const app = await BenchApp.launch(join(dir, 'profile'), bridge);
  try {
    const note = shortNote();
    await seed(app.page, [doc, note]);
    await app.reload();
    const page = app.page;
    const cdp = app.cdp;
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    const profile = async (scenario: string, action: () => Promise<void>) => {
      // the page's long tasks (over 50 ms) during the scenario, and the label chips left in the page after it
      await page.evaluate(() => {
        const w = window as unknown as { __long: number[]; __longObserver?: PerformanceObserver };
        w.__longObserver?.disconnect();
        w.__long = [];
        w.__longObserver = new PerformanceObserver((list) => w.__long.push(...list.getEntries().map((e) => Math.round(e.duration))));
        w.__longObserver.observe({ type: 'longtask' });
      });
      await cdp.send('Profiler.start');
      const t0 = Date.now();
      await action();
      const wall = Date.now() - t0;
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
      await writeFile(join(out, `${scenario}-${scale}x.cpuprofile`), JSON.stringify(profile));
      const work = await page.evaluate(() => ({ long: (window as unknown as { __long: number[] }).__long, chips: document.querySelectorAll('.chip').length, paragraphs: document.querySelectorAll('p.para').length }));
      const long = [...work.long].sort((a, b) => b - a);
      console.log(
        `\n== ${scenario} (${scale}×): ${wall} ms wall, load ${loadavg()[0]?.toFixed(1)}; long tasks ${long.length}, longest ${long.slice(0, 5).join(', ') || '–'} ms; after it ${work.chips} chips, ${work.paragraphs} paragraphs in the page\n${summary(profile)}`,
      );
    };
    const openNote = async () => {
      await page.locator(`#doc-${note.id}`).click();
      await page.locator('section.reader h1', { hasText: note.title }).waitFor();
      await app.settle(300);
    };
    const openBook = async () => {
      await page.locator(`#doc-${doc.id}`).click();
      await page.locator('section.reader h1', { hasText: doc.title }).waitFor({ timeout: 120_000 });
      await app.settle(1000);
    };
    // the open reads the book's reader pack, as a second open does; PROFILE_PACK=0: its records, as after an edit
    const packed = process.env['PROFILE_PACK'] !== '0';
    const beforeOpen = async () => {
      await openNote();
      await waitForPack(page, doc.id);
      if (!packed) await dropPack(page, doc.id);
    };
    await openNote();
    await openBook();
    await beforeOpen();
    await profile('open', openBook);
    // whether the suggestions' worker had the book ready (prepared) or the page sent it (what costs the page a copy of it)
    const opens = await page.evaluate(() => performance.getEntriesByName('glose suggest: open').map((e) => (e as PerformanceMeasure).detail as { prepared: boolean }));
    console.log(`suggestions at the opens so far: ${opens.map((o) => (o.prepared ? 'prepared' : 'sent')).join(', ')}`);
    if (process.env['PROFILE_TRACE']) {
      await beforeOpen();
      console.log(`\n== open trace (${scale}×), load ${loadavg()[0]?.toFixed(1)}\n${await traceOf(cdp, openBook)}`);
    }

    const scrollThrough = async () => {
      await page.evaluate(async () => {
        const r = document.querySelector('section.reader') as HTMLElement;
        const step = (r.scrollHeight - r.clientHeight) / 50;
        for (let i = 1; i <= 50; i++) {
          await new Promise((res) => requestAnimationFrame(res));
          r.scrollTop = i * step;
        }
        await new Promise((res) => setTimeout(res, 300));
      });
    };
    // PROFILE_ONLY=open (or scroll, wheel, edit; comma-separated) profiles only those scenarios
    const only = process.env['PROFILE_ONLY']?.split(',');
    const wanted = (s: string) => !only || only.includes(s);
    if (!wanted('scroll') && !wanted('wheel') && !wanted('edit')) return;
    if (wanted('scroll')) await profile('scroll', scrollThrough);
    if (process.env['PROFILE_TRACE'] && wanted('scroll')) {
      // the browser's own work per frame (style, layout, paint), which a CPU profile shows only as "(program)";
      // the edits are traced too, after their profile. From a fresh open, as the bench scrolls: the
      // first pass over the book lays each part of it out for the first time
      await openNote();
      await openBook();
      console.log(`\n== scroll trace (${scale}×), load ${loadavg()[0]?.toFixed(1)}\n${await traceOf(cdp, scrollThrough)}`);
    }

    // the mouse wheel, 100 px notches for 3 s from the middle of the book, right after an open (as the bench does)
    const wheel = async () => {
      await page.evaluate(() => {
        const r = document.querySelector('section.reader') as HTMLElement;
        r.scrollTop = 0.5 * (r.scrollHeight - r.clientHeight);
      });
      await app.settle(300);
      const box = await page.locator('section.reader').boundingBox();
      if (!box) throw new Error('no reader on screen');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const until = Date.now() + 3000;
      while (Date.now() < until) await page.mouse.wheel(0, 100);
      await app.settle(300);
    };
    if (wanted('wheel')) {
      await openNote();
      await openBook();
      await profile('wheel', wheel);
      if (process.env['PROFILE_TRACE']) {
        await openNote();
        await openBook();
        console.log(`\n== wheel trace (${scale}×), load ${loadavg()[0]?.toFixed(1)}\n${await traceOf(cdp, wheel)}`);
      }
    }

    await page.evaluate(() => document.querySelector('section.reader')?.scrollTo(0, 0));
    await app.settle(300);
    const edits = async (from: number) => {
      for (let k = 0; k < 5; k++) {
        await app.dragSelect(from + k * 4, 0, 4);
        await page.keyboard.press('1');
        await app.settle(200);
        await page.keyboard.press('Delete');
        await app.settle(200);
        await page.keyboard.press('Control+z');
        await app.settle(200);
      }
    };
    if (!wanted('edit')) return;
    await profile('edit', () => edits(3));
    if (process.env['PROFILE_TRACE']) console.log(`\n== edit trace (${scale}×), load ${loadavg()[0]?.toFixed(1)}\n${await traceOf(cdp, () => edits(5))}`);
  } finally {
    await app.close();
    await bridge.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
