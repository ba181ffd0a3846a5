// Not a benchmark: a Chromium trace of Agreement… in the app on the 500-document workspace with three
// annotators (agreement.bench.ts seeds it the same way), opened cold (every layer packed from its spans
// first, unless the background packing got there) and warm, to find what the main thread and the
// agreement worker spend their time on. `npx playwright test -c tests/bench/profile.config.ts agreement`
// (PROFILE_WAIT=1: wait for the background packing before the first open, so it is warm too).
// Prints, per open: the longest frames and tasks of the page, the browser's work on the main thread by
// trace event, and each thread's heaviest functions (V8's sampling profiler, in the trace); writes the
// trace to test-results/profiles/agreement-<cold|warm>.json (DevTools ▸ Performance opens it).
import { test, type CDPSession } from '@playwright/test';
import { recordTrace } from './lib/trace';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeServer } from '../e2e/bridge/server';
import { BenchApp } from './lib/app';
import { ANNOTATORS, seedLayers } from './lib/agreement';
import { collection, sha256 } from './lib/corpus';
import { Rng } from './lib/prng';
import { layersFor } from '../fixtures/agreement/synthetic';
import type { AgreementSpan } from '../../src-renderer/src/agreement/types';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: { name?: string; data?: ProfileData };
}
interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url?: string; lineNumber: number };
}
interface ProfileData {
  cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
  timeDeltas?: number[];
}

const trace = (cdp: CDPSession, action: () => Promise<void>) => recordTrace<TraceEvent>(cdp, action, 'devtools.timeline,disabled-by-default-devtools.timeline,blink,v8.execute,disabled-by-default-v8.cpu_profiler,blink.user_timing');

const ms = (us: number) => (us / 1000).toFixed(1).padStart(8);

/** Complete events of one thread summed by name, with the longest of each. */
function byEvent(events: readonly TraceEvent[], tid: number, top = 18): string {
  const by = new Map<string, { total: number; max: number; count: number }>();
  for (const e of events) {
    if (e.tid !== tid || e.ph !== 'X' || e.dur === undefined) continue;
    const r = by.get(e.name) ?? { total: 0, max: 0, count: 0 };
    r.total += e.dur;
    r.max = Math.max(r.max, e.dur);
    r.count++;
    by.set(e.name, r);
  }
  return [...by]
    .sort((a, b) => b[1].total - a[1].total)
    .slice(0, top)
    .map(([k, r]) => `${ms(r.total)} ms total ${ms(r.max)} ms longest ${String(r.count).padStart(6)}×  ${k}`)
    .join('\n');
}

/** The sampling profiler's chunks of one thread, as self and total time per function. */
function byFunction(events: readonly TraceEvent[], tid: number, top = 22): string {
  const ids = new Set(events.filter((e) => e.name === 'Profile' && e.tid === tid).map((e) => e.id));
  const nodes = new Map<number, ProfileNode>();
  const samples: Array<[number, number]> = [];
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || !ids.has(e.id)) continue;
    const data = e.args?.data;
    for (const n of data?.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    const deltas = data?.timeDeltas ?? [];
    (data?.cpuProfile?.samples ?? []).forEach((s, i) => samples.push([s, deltas[i] ?? 0]));
  }
  const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${(n.callFrame.url ?? '').split('/').pop() ?? ''}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  // a sample's time is the delta of the next one
  samples.forEach(([id], i) => {
    const dt = samples[i + 1]?.[1] ?? 0;
    const n = nodes.get(id);
    if (!n) return;
    self.set(name(n), (self.get(name(n)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: ProfileNode | undefined = n; cur; cur = cur.parent === undefined ? undefined : nodes.get(cur.parent)) {
      const k = name(cur);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + dt);
    }
  });
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
  const heavy = [...total].filter(([k]) => !/^\((root|program|idle)\)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, top);
  return `${rows.map(([k, v]) => `${ms(v)} ms self ${ms(total.get(k) ?? 0)} ms total  ${k}`).join('\n')}\n  -- by total --\n${heavy.map(([k, v]) => `${ms(v)} ms  ${k}`).join('\n')}`;
}

function threads(events: readonly TraceEvent[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) out.set(e.tid, e.args.name);
  return out;
}

test('profile Agreement… in the app', async () => {
  test.setTimeout(30 * 60_000);
  const out = join('test-results', 'profiles');
  await mkdir(out, { recursive: true });
  const rng = new Rng(2016);
  const corpus = collection();
  const layers = corpus.map((d) => layersFor(rng, d, ANNOTATORS));
  const dir = await mkdtemp(join(tmpdir(), 'glose-profile-agreement-'));
  const bridge = new BridgeServer();
  await bridge.start();
  const app = await BenchApp.launch(join(dir, 'profile'), bridge);
  try {
    const [mine, ...colleagues] = ANNOTATORS as [string, ...string[]];
    for (let i = 0; i < corpus.length; i += 50) {
      const batch = corpus.slice(i, i + 50).map((d, k) => ({ id: d.id, name: d.name, text: d.text, hash: sha256(d.text), layers: layers[i + k] as Record<string, AgreementSpan[]> }));
      await app.page.evaluate(seedLayers, { batch, mine, colleagues });
    }
    await app.reload();
    const page = app.page;
    if (process.env['PROFILE_WAIT']) {
      const t0 = Date.now();
      await page.locator('body[data-packs="kept"]').waitFor({ timeout: 600_000 });
      console.log(`background packing done ${Date.now() - t0} ms after the reload`);
    }
    const open = async () => {
      await page.evaluate(() => {
        const w = window as unknown as { __long: number[]; __gaps: number[]; __framing: boolean; __lo?: PerformanceObserver };
        w.__lo?.disconnect();
        w.__long = [];
        w.__gaps = [];
        w.__framing = true;
        w.__lo = new PerformanceObserver((list) => w.__long.push(...list.getEntries().map((e) => Math.round(e.duration))));
        w.__lo.observe({ type: 'longtask' });
        let previous = performance.now();
        const tick = (t: number) => {
          w.__gaps.push(Math.round(t - previous));
          previous = t;
          if (w.__framing) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
        performance.clearMeasures();
      });
      const t0 = Date.now();
      await page.getByRole('button', { name: 'Agreement…' }).click();
      await page.locator('dialog[open] section table tbody tr').first().waitFor({ timeout: 600_000 });
      await page.waitForFunction(() => performance.getEntriesByName('glose agreement: worker', 'measure').length > 0, undefined, { timeout: 600_000 });
      await page.waitForTimeout(1500);
      const wall = Date.now() - t0;
      const r = await page.evaluate(() => {
        const w = window as unknown as { __long: number[]; __gaps: number[]; __framing: boolean };
        w.__framing = false;
        const m = (n: string) => Math.round((performance.getEntriesByName(n, 'measure').at(-1) as PerformanceMeasure | undefined)?.duration ?? -1);
        return { long: [...w.__long].sort((a, b) => b - a).slice(0, 6), gaps: [...w.__gaps].sort((a, b) => b - a).slice(0, 6), read: m('glose agreement: read'), worker: m('glose agreement: worker') };
      });
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: 'Agreement' }).waitFor({ state: 'hidden' });
      return { wall, ...r };
    };
    for (const scenario of ['cold', 'warm']) {
      let r: Awaited<ReturnType<typeof open>> | null = null;
      const events = await trace(app.cdp, async () => {
        r = await open();
      });
      await writeFile(join(out, `agreement-${scenario}.json`), JSON.stringify({ traceEvents: events }));
      const names = threads(events);
      const main = [...names].find(([, n]) => n === 'CrRendererMain')?.[0];
      const workers = [...names].filter(([, n]) => /Worker/.test(n)).map(([t]) => t);
      const res = r as unknown as Awaited<ReturnType<typeof open>>;
      console.log(`\n== ${scenario}: ${res.wall} ms wall (1.5 s settle included), read ${res.read} ms, worker ${res.worker} ms; load ${loadavg()[0]?.toFixed(1)}; longest tasks ${res.long.join(', ') || '–'} ms; longest frames ${res.gaps.join(', ')} ms`);
      if (main !== undefined) console.log(`-- main thread, by event\n${byEvent(events, main)}\n-- main thread, by function\n${byFunction(events, main)}`);
      for (const t of workers) {
        const profile = byFunction(events, t);
        if (profile.trim().length > 30) console.log(`-- ${names.get(t)} ${t}, by function\n${profile}`);
      }
    }
  } finally {
    await app.close();
    await bridge.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
