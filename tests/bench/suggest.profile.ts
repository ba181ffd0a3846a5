// Not a benchmark: a Chromium trace of opening the 1 MB book with suggestions on (as
// suggest-reader.bench.ts seeds it), to see what the page's main thread and the suggestion worker do
// between the click and the proposals painted. `npx playwright test -c tests/bench/profile.config.ts suggest`
// (PROFILE_RUNS=n traces n opens, default 2). Prints, per open: the User Timing measures of the page and
// the worker, each thread's tasks over 2 ms in the order they ran (from the click), and each thread's
// heaviest functions (V8's sampling profiler, in the trace); writes the trace of the last open to
// test-results/profiles/suggest-open.json (DevTools ▸ Performance opens it).
import { test, type CDPSession } from '@playwright/test';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeServer } from '../e2e/bridge/server';
import { BenchApp, seed } from './lib/app';
import { book, shortNote } from './lib/corpus';
import { eventLabel, recordTrace } from './lib/trace';

interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  id?: string;
  id2?: { local?: string };
  args?: { name?: string; data?: ProfileData & Record<string, unknown> };
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

const trace = (cdp: CDPSession, action: () => Promise<void>) => recordTrace<TraceEvent>(cdp, action, 'devtools.timeline,disabled-by-default-devtools.timeline,blink,v8,v8.execute,disabled-by-default-v8.cpu_profiler,blink.user_timing');

const ms = (us: number) => (us / 1000).toFixed(1).padStart(7);

/** The sampling profiler's chunks of one thread, as self and total time per function. */
function byFunction(events: readonly TraceEvent[], tid: number, top = 25): string {
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
  const rows = [...self].filter(([k]) => !/^\((idle)\)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, top);
  const heavy = [...total].filter(([k]) => !/^\((root|program|idle)\)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, top);
  return `${rows.map(([k, v]) => `${ms(v)} ms self ${ms(total.get(k) ?? 0)} ms total  ${k}`).join('\n')}\n  -- by total --\n${heavy.map(([k, v]) => `${ms(v)} ms  ${k}`).join('\n')}`;
}

/** One thread's tasks over 2 ms of wall time, in order, from t0, with the heaviest events inside each. */
function tasks(events: readonly TraceEvent[], tid: number, t0: number): string {
  const mine = events.filter((e) => e.tid === tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
  const what = eventLabel;
  const lines: string[] = [];
  for (const task of mine.filter((e) => (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && (e.dur ?? 0) > 2000)) {
    const end = task.ts + (task.dur ?? 0);
    const inside = mine.filter((e) => e !== task && e.ts >= task.ts && e.ts < end && !/RunTask/.test(e.name) && (e.dur ?? 0) > 1000);
    const top = inside
      .filter((e) => ['FunctionCall', 'EventDispatch', 'TimerFire', 'FireAnimationFrame', 'HandlePostMessage', 'Layout', 'UpdateLayoutTree', 'Paint', 'PrePaint', 'Commit', 'MinorGC', 'MajorGC', 'V8.GC_SCAVENGER', 'v8.run', 'FireIdleCallback', 'EvaluateScript', 'V8.DeserializeContext'].includes(e.name) || /GC|Deserialize|postMessage|Message/i.test(e.name))
      .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
      .slice(0, 5)
      .map((e) => `${what(e)} ${((e.dur ?? 0) / 1000).toFixed(1)}`);
    lines.push(`  +${((task.ts - t0) / 1000).toFixed(0).padStart(6)} ms  ${((task.dur ?? 0) / 1000).toFixed(1).padStart(6)} wall ${(((task.tdur ?? task.dur ?? 0) as number) / 1000).toFixed(1).padStart(6)} CPU: ${top.join(' | ')}`);
  }
  return lines.join('\n');
}

/** User Timing measures (async events of blink.user_timing) of any thread, from t0. */
function measures(events: readonly TraceEvent[], t0: number, names: Map<number, string>): string {
  const begins = new Map<string, TraceEvent>();
  const lines: string[] = [];
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    if (!e.cat?.includes('user_timing')) continue;
    const key = `${e.name}|${e.id ?? e.id2?.local ?? ''}|${e.tid}`;
    if (e.ph === 'b') begins.set(key, e);
    else if (e.ph === 'e') {
      const b = begins.get(key);
      if (b) lines.push(`  ${e.name.padEnd(36)} +${((b.ts - t0) / 1000).toFixed(0).padStart(6)} → +${((e.ts - t0) / 1000).toFixed(0).padStart(6)} ms (${((e.ts - b.ts) / 1000).toFixed(1)} ms) ${names.get(e.tid) ?? e.tid}`);
    } else if (e.ph === 'R' || e.ph === 'I' || e.ph === 'n') lines.push(`  mark ${e.name.padEnd(31)} +${((e.ts - t0) / 1000).toFixed(0).padStart(6)} ms ${names.get(e.tid) ?? e.tid}`);
  }
  return lines.join('\n');
}

test('profile opening the book with suggestions', async () => {
  test.setTimeout(20 * 60_000);
  const out = join('test-results', 'profiles');
  await mkdir(out, { recursive: true });
  const dir = await mkdtemp(join(tmpdir(), 'glose-profile-suggest-'));
  const bridge = new BridgeServer();
  await bridge.start();
  const doc = book();
  const note = shortNote();
  const app = await BenchApp.launch(join(dir, 'book'), bridge);
  try {
    await seed(app.page, [doc, note], { lastDocument: note.id });
    await app.reload();
    const page = app.page;
    const COUNT = '[data-testid="suggestion-count"]';
    const openNote = async () => {
      await page.locator(`#doc-${note.id}`).click();
      await page.locator('section.reader h1', { hasText: note.title }).waitFor();
      await app.settle(300);
    };
    const openBook = async () => {
      const before = (await page.locator(COUNT).getAttribute('data-updates')) ?? '';
      await page.evaluate(() => performance.mark('glose profile: click'));
      await page.locator(`#doc-${doc.id}`).click();
      await page.waitForFunction((b) => {
        const n = document.querySelector('[data-testid="suggestion-count"]')?.getAttribute('data-updates');
        return n !== null && n !== undefined && n !== b;
      }, before, { timeout: 120_000 });
      await app.settle(500);
    };
    // warm: the book opened once, its reader pack built
    await openNote();
    await openBook();
    const runs = Number(process.env['PROFILE_RUNS'] ?? 2);
    for (let run = 0; run < runs; run++) {
      await openNote();
      await app.settle(2500);
      const events = await trace(app.cdp, openBook);
      if (run === runs - 1) await writeFile(join(out, 'suggest-open.json'), JSON.stringify({ traceEvents: events }));
      const names = new Map<number, string>();
      for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) names.set(e.tid, e.args.name);
      const click = events.find((e) => e.name === 'glose profile: click') ?? events.find((e) => e.name === 'EventDispatch' && e.args?.data?.['type'] === 'click');
      const t0 = click?.ts ?? 0;
      const main = [...names].find(([, n]) => n === 'CrRendererMain')?.[0];
      const workers = [...names].filter(([, n]) => /Worker/.test(n)).map(([t]) => t);
      console.log(`\n== open ${run + 1}: load ${loadavg()[0]?.toFixed(1)}\n-- measures\n${measures(events, t0, names)}`);
      for (const t of [main, ...workers]) {
        if (t === undefined) continue;
        const list = tasks(events, t, t0);
        if (list.trim().length === 0) continue;
        console.log(`-- ${names.get(t)} ${t}: tasks over 2 ms\n${list}`);
        console.log(`-- ${names.get(t)} ${t}: by function\n${byFunction(events, t)}`);
      }
    }
  } finally {
    await app.close();
    await bridge.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
