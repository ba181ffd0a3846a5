// Agreement on the 500-document workspace with three annotators (~100,000 spans each): the whole report
// (tokens, IOB tags, span F1, κ, α, αu, confusion, per-document rows) computed in Node, as the renderer's
// worker will, with a progress callback.
import { test } from '@playwright/test';
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
