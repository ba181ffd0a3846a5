import { test } from '@playwright/test';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeServer } from '../e2e/bridge/server';
import { BenchApp } from './lib/app';
import { writeImportBatch } from './lib/import-files';

interface Node { id: number; parent?: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }

test('profile import', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'glose-bench-'));
  await mkdir(join(dir, 'files'));
  const batch = await writeImportBatch(join(dir, 'files'));
  const bridge = new BridgeServer();
  await bridge.start();
  const app = await BenchApp.launch(join(dir, 'profile'), bridge);
  const cdp = app.cdp;
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  bridge.stubOpenDialog(batch.paths);
  await cdp.send('Profiler.start');
  const n = (await app.page.locator('nav.docs li[role="option"]').count()) + 500;
  const m = await app.measure({ kind: 'click', selector: 'button[aria-keyshortcuts="Control+O"]' }, { documents: n }, () => app.page.getByRole('button', { name: 'Import…' }).click(), { timeoutMs: 300000 });
  const { profile } = await cdp.send('Profiler.stop');
  console.log(JSON.stringify(m), JSON.stringify(await app.page.evaluate(() => window.__bench.longtasks.filter((t) => t.duration > 60))));
  const p = profile as unknown as { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number };
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const parent = new Map<number, number>();
  for (const x of p.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  // contiguous busy stretches
  let t = p.startTime; let runStart = -1; const stretches: Array<{ start: number; end: number; stacks: Map<string, number> }> = [];
  let cur: { start: number; end: number; stacks: Map<string, number> } | null = null;
  p.samples.forEach((id, i) => {
    t += p.timeDeltas[i] ?? 0;
    const name = byId.get(id)!.callFrame.functionName;
    if (name === '(idle)') { if (cur) { stretches.push(cur); cur = null; } return; }
    if (!cur) cur = { start: t, end: t, stacks: new Map() };
    cur.end = t;
    // top-most JS frame below root
    const chain: string[] = [];
    let k: number | undefined = id;
    while (k !== undefined) { const cf = byId.get(k)!.callFrame; if (cf.functionName !== '(root)') chain.push(`${cf.functionName || '(anon)'}:${cf.lineNumber}`); k = parent.get(k); }
    const key = chain.slice(0, 4).join(' < ');
    cur.stacks.set(key, (cur.stacks.get(key) ?? 0) + 1);
  });
  void runStart;
  stretches.sort((a, b) => (b.end - b.start) - (a.end - a.start));
  for (const s of stretches.slice(0, 3)) {
    console.log('stretch ms', ((s.end - s.start) / 1000).toFixed(0));
    console.log([...s.stacks].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `  ${v} ${k}`).join('\n'));
  }
});
