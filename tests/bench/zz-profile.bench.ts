import { test } from '@playwright/test';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeServer } from '../e2e/bridge/server';
import { BenchApp, seed } from './lib/app';
import { book } from './lib/corpus';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }

function top(profile: { nodes: Node[]; samples?: number[]; timeDeltas?: number[] }, n = 25): string {
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    const node = byId.get(id)!;
    const cf = node.callFrame;
    const key = `${cf.functionName || '(anon)'} ${cf.url.split('/').pop()}:${cf.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (deltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return `total ${total.toFixed(0)} ms\n` + [...self].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${v.toFixed(1).padStart(8)} ms  ${k}`).join('\n');
}

test('profile', async () => {
  const doc = book();
  const dir = await mkdtemp(join(tmpdir(), 'glose-bench-'));
  const bridge = new BridgeServer();
  await bridge.start();
  const app = await BenchApp.launch(join(dir, 'profile'), bridge);
  await seed(app.page, [doc]);
  await app.reload();
  const page = app.page;
  const cdp = app.cdp;
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  // warm
  await page.locator(`#doc-${doc.id}`).click();
  await page.locator('.text .chip').first().waitFor();
  await page.locator('nav.docs li[role="option"]', { hasText: 'Bienvenue' }).click();
  await page.locator('section.reader h1', { hasText: 'Bienvenue' }).waitFor();
  await app.settle(500);
  await cdp.send('Profiler.start');
  await page.locator(`#doc-${doc.id}`).click();
  await page.locator('.text .chip').first().waitFor();
  await app.settle(500);
  const { profile } = await cdp.send('Profiler.stop');
  console.log('OPEN BOOK\n' + top(profile as never));

  const hasSpans = new Array<number>(doc.paraStarts.length).fill(1);
  await cdp.send('Profiler.start');
  const pass = await page.evaluate((hasSpans) => window.__bench.scrollPass(50, hasSpans), hasSpans);
  const p2 = await cdp.send('Profiler.stop');
  console.log('SCROLL\n' + top(p2.profile as never));
  console.log('frames', JSON.stringify(pass.frames.map(Math.round)));
  console.log('marks', JSON.stringify(pass.marks.map(Math.round)));
});
