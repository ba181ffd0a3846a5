// Not a benchmark: what the reader's JS heap holds once a book is open (the memory-heap rows of
// reader.bench.ts). Chromium's sampling heap profiler runs while the book is opened and its
// suggestions arrive; what is still alive at the end is summed by the function that allocated it.
// `npx playwright test -c tests/bench/profile.config.ts heap.profile`, PROFILE_SCALE=1|5 (default 5).
import { test } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeServer } from '../e2e/bridge/server';
import { BenchApp, seed, waitForPack } from './lib/app';
import { book, shortNote } from './lib/corpus';

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

/** Live bytes by allocating function (self), and by the functions on the stack (total), largest first. */
function summary(root: SamplingNode, top = 30): string {
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const name = (n: SamplingNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const walk = (n: SamplingNode, stack: Set<string>): number => {
    const k = name(n);
    self.set(k, (self.get(k) ?? 0) + n.selfSize);
    const inner = new Set(stack).add(k);
    let sum = n.selfSize;
    for (const c of n.children) sum += walk(c, inner);
    if (!stack.has(k)) total.set(k, (total.get(k) ?? 0) + sum);
    return sum;
  };
  const all = walk(root, new Set());
  const mb = (b: number) => (b / 1e6).toFixed(2).padStart(7);
  const rows = (m: Map<string, number>) =>
    [...m]
      .filter(([k]) => !k.startsWith('(root)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `${mb(v)} MB  ${k}`)
      .join('\n');
  return `${mb(all)} MB sampled alive\n-- by allocating function --\n${rows(self)}\n-- by function on the stack --\n${rows(total)}`;
}

test('profile the heap of an open book', async () => {
  test.setTimeout(20 * 60_000);
  const scale = Number(process.env['PROFILE_SCALE'] ?? 5);
  const doc = book(scale);
  const note = shortNote();
  const dir = await mkdtemp(join(tmpdir(), 'glose-profile-heap-'));
  const bridge = new BridgeServer();
  await bridge.start();
  const app = await BenchApp.launch(join(dir, 'profile'), bridge);
  try {
    await seed(app.page, [doc, note]);
    await app.reload();
    const page = app.page;
    const open = async (id: string, title: string) => {
      await page.locator(`#doc-${id}`).click();
      await page.locator('section.reader h1', { hasText: title }).waitFor({ timeout: 120_000 });
      await app.settle(1000);
    };
    await open(note.id, note.title);
    await open(doc.id, doc.title);
    await open(note.id, note.title);
    await waitForPack(page, doc.id);
    await app.cdp.send('HeapProfiler.enable');
    await app.cdp.send('HeapProfiler.collectGarbage');
    await app.cdp.send('HeapProfiler.startSampling', { samplingInterval: 4096 });
    await open(doc.id, doc.title);
    // the suggestions' answer (their highlights painted), then the idle work after the open
    await page.waitForFunction(() => [...CSS.highlights].some(([name, h]) => name.startsWith('sg-') && h.size > 0), undefined, { timeout: 300_000, polling: 500 });
    await app.settle(3000);
    await app.cdp.send('HeapProfiler.collectGarbage');
    await app.cdp.send('HeapProfiler.collectGarbage');
    const { profile } = (await app.cdp.send('HeapProfiler.stopSampling')) as unknown as { profile: { head: SamplingNode } };
    const { usedSize } = await app.cdp.send('Runtime.getHeapUsage');
    console.log(`\n== heap after opening the book (${scale}×): ${(usedSize / 1e6).toFixed(1)} MB used\n${summary(profile.head)}`);
  } finally {
    await app.close();
    await bridge.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
