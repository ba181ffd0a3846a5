// Agreement on the 500-document workspace with three annotators (~100,000 spans each): the whole report
// (tokens, IOB tags, span F1, κ, α, αu, confusion, per-document rows) computed in Node with a progress
// callback, then in the app's own agreement worker in Chromium, the page watched for long tasks.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@playwright/test';
import { BridgeServer } from '../e2e/bridge/server';
import { BenchApp } from './lib/app';
import { LABEL_NAMES } from './lib/corpus';
import { packDocuments } from '../../src-renderer/src/agreement/transfer';
import { computeAgreement } from '../../src-renderer/src/agreement/compute';
import type { AgreementDocument } from '../../src-renderer/src/agreement/types';
import { asDocument, layersFor } from '../fixtures/agreement/synthetic';
import { collection } from './lib/corpus';
import { Rng } from './lib/prng';
import { measured, median, Results, RUNS, WARMUP } from './lib/report';

const ANNOTATORS = ['Ana', 'Bert', 'Chloé'];

test('agreement: 500 documents × 3 annotators', async () => {
  const results = new Results('agreement');
  const rng = new Rng(2016);
  const docs: AgreementDocument[] = collection().map((d) => asDocument(d, layersFor(rng, d, ANNOTATORS)));
  const spans = ANNOTATORS.map((a) => docs.reduce((n, d) => n + (d.layers[a]?.length ?? 0), 0));
  results.note('agreement', { documents: docs.length, annotators: ANNOTATORS.length, spansPerAnnotator: spans });
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let progress = 0;
  let report = computeAgreement(docs.slice(0, 1));
  for (let run = 0; run < WARMUP + RUNS; run++) {
    progress = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    report = computeAgreement(docs, { onProgress: (done) => (progress = done) });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    if (run >= WARMUP) {
      times.push(ms);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
    }
  }
  if (progress !== docs.length) throw new Error(`progress stopped at ${progress} of ${docs.length}`);
  const alpha = report.overall.alpha.value;
  results.add(
    measured('agreement', `${docs.length} documents × ${ANNOTATORS.length} annotators (${spans.map((n) => n.toLocaleString('en')).join(' / ')} spans), ${report.tokens.toLocaleString('en')} tokens`, 'ms', times, { median: 2000 }, {
      // CPU time tells what the machine's other work did to the wall-clock figure
      note: `CPU median ${Math.round(median(cpuTimes))} ms; α = ${alpha === null ? '—' : alpha.toFixed(3)}`,
    }),
  );
});

/** The built agreement worker (Vite names it by hash): the one bundle of out/renderer/assets that computes κ. */
function agreementWorker(): string {
  const dir = join('out', 'renderer', 'assets');
  const name = readdirSync(dir).find((f) => /^worker-.*\.js$/.test(f) && readFileSync(join(dir, f), 'utf8').includes('fleissKappa'));
  if (!name) throw new Error(`no agreement worker among ${dir}'s bundles: run npm run build`);
  return `assets/${name}`;
}

test('agreement in the app worker: 500 documents × 3 annotators, with progress, the page responsive', async () => {
  test.setTimeout(20 * 60_000);
  const results = new Results('agreement-worker');
  const rng = new Rng(2016);
  const docs: AgreementDocument[] = collection().map((d) => asDocument(d, layersFor(rng, d, ANNOTATORS)));
  const bridge = new BridgeServer();
  await bridge.start();
  const profile = await mkdtemp(join(tmpdir(), 'glose-bench-agreement-'));
  const app = await BenchApp.launch(profile, bridge);
  try {
    // the documents are handed to the page once, with the screen's own packing function; each run packs
    // and posts them to the worker as the agreement screen does
    await app.page.evaluate((documents) => ((window as unknown as { __agreementDocs: unknown }).__agreementDocs = documents), docs);
    await app.page.evaluate(`window.__pack = ${packDocuments.toString()}`);
    const times: number[] = [];
    const tasks: number[] = [];
    const gaps: number[] = [];
    const posts: number[] = [];
    let last = { progress: 0, messages: 0, alpha: null as number | null };
    const url = agreementWorker();
    for (let run = 0; run < WARMUP + RUNS; run++) {
      const r = await app.page.evaluate(
        async ({ url, annotators, labels, seq }) => {
          const w = window as unknown as { __agreementDocs: unknown[]; __agreementWorker?: Worker; __pack: (docs: unknown[]) => { documents: unknown[]; labels: string[]; transfer: ArrayBuffer[] } };
          // one worker for the session, as the agreement screen keeps it
          const worker = (w.__agreementWorker ??= new Worker(url, { type: 'module' }));
          let framing = true;
          let previous = performance.now();
          let longestGap = 0;
          const tick = (t: number) => {
            longestGap = Math.max(longestGap, t - previous);
            previous = t;
            if (framing) requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
          const t0 = performance.now();
          let progress = 0;
          let messages = 0;
          // packing and posting the request run on the main thread, inside this task
          let post = 0;
          const answer = await new Promise<{ kind: string; report?: { overall: { alpha: { value: number | null } } }; message?: string }>((resolve) => {
            worker.onmessage = ({ data }) => {
              if (data.seq !== seq) return;
              if (data.kind === 'progress') {
                progress = data.done;
                messages++;
              } else resolve(data);
            };
            const p0 = performance.now();
            const packed = w.__pack(w.__agreementDocs);
            worker.postMessage({ seq, documents: packed.documents, names: packed.labels, options: { annotators, labels } }, packed.transfer);
            post = performance.now() - p0;
          });
          const ms = performance.now() - t0;
          framing = false;
          if (answer.kind !== 'report') throw new Error(`the worker answered ${answer.kind}: ${answer.message ?? ''}`);
          return { ms, progress, messages, post, longestGap, longestTask: window.__bench.longestTask(t0, t0 + ms), alpha: answer.report?.overall.alpha.value ?? null };
        },
        { url, annotators: ANNOTATORS, labels: [...LABEL_NAMES], seq: run + 1 },
      );
      if (r.progress !== docs.length) throw new Error(`progress stopped at ${r.progress} of ${docs.length}`);
      last = r;
      if (run >= WARMUP) {
        times.push(r.ms);
        tasks.push(r.longestTask);
        gaps.push(r.longestGap);
        posts.push(r.post);
      }
    }
    results.add(
      measured('agreement-worker', `the same report in the app's agreement worker (Chromium): posted from the page → the report back`, 'ms', times, { median: 2000 }, {
        note: `${last.messages} progress messages up to ${last.progress} of ${docs.length} documents; α = ${last.alpha === null ? '—' : last.alpha.toFixed(3)}`,
      }),
    );
    results.add(
      measured('agreement-worker-longest-frame', 'longest interval between frames meanwhile (packing and posting the request included)', 'ms', gaps, { median: 200 }, {
        note: `packing and postMessage of the request: median ${Math.round(median(posts))} ms; longest task that started meanwhile: median ${Math.round(median(tasks))} ms`,
      }),
    );
  } finally {
    await app.close();
    await bridge.stop();
    await rm(profile, { recursive: true, force: true });
  }
});
