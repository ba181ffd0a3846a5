// node --expose-gc tests/bench/export-memory.mjs [--spans 1000000] [format…]
// How much memory an export of a whole corpus takes beyond the documents themselves: the main
// process's exportDocuments (the same call the export:save handler makes) writing each format of
// the seeded workspace (200 spans per document, so 5,000 documents for 1 M spans) to a temp file.
// Each format runs in a child process of its own, so that one export's garbage does not count
// against the next. Prints a table; not a test, never run by `npm test`.
//   peak RSS: the process's resident memory, polled every 5 ms by a worker thread (it keeps
//     polling while the export holds the main thread), less its value once the documents were made
//   peak heap: V8 heap used plus memory held outside it by buffers, sampled every 5 ms whenever the
//     main thread is free (between writes), less its value once the documents were made
//   kept: the same after the export and a full garbage collection: what the export holds on to
// A peak above "kept" is garbage the collector had not yet reclaimed: V8 lets the heap grow in
// proportion to what is live (here the documents) before a full collection.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const FORMATS = ['doccano', 'conll', 'brat', 'webanno', 'w3c', 'labelstudio', 'spacy', 'prodigy', 'csv'];
const SPANS_PER_DOCUMENT = 200;
const MB = 2 ** 20;

const args = process.argv.slice(2);
if (args[0] === '--child') await child(args[1], Number(args[2]));
else parent(args);

function parent(argv) {
  if (typeof globalThis.gc !== 'function') {
    console.error('export-memory: run with node --expose-gc');
    process.exit(2);
  }
  const at = argv.indexOf('--spans');
  const spans = at >= 0 ? Number(argv[at + 1]) : 1_000_000;
  const named = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--spans');
  const unknown = named.filter((f) => !FORMATS.includes(f));
  if (unknown.length > 0 || !Number.isSafeInteger(spans) || spans < SPANS_PER_DOCUMENT) {
    console.error(`export-memory: formats are ${FORMATS.join(', ')}; --spans takes a whole number of at least ${SPANS_PER_DOCUMENT}`);
    process.exit(2);
  }
  const documents = Math.round(spans / SPANS_PER_DOCUMENT);
  const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');
  console.log(`export memory: ${documents.toLocaleString('en')} documents, ${(documents * SPANS_PER_DOCUMENT).toLocaleString('en')} spans; load average before ${load()}`);
  const rows = [['format', 'written', 'time', 'peak RSS', 'peak heap', 'kept', 'documents in memory']];
  for (const format of named.length > 0 ? named : FORMATS) {
    const run = spawnSync(process.execPath, ['--expose-gc', process.argv[1], '--child', format, String(documents)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const line = run.stdout.trim().split('\n').at(-1) ?? '';
    let r;
    try {
      r = JSON.parse(line);
    } catch {
      rows.push([format, `failed (exit ${run.status})`, '', '', '', '', '']);
      continue;
    }
    if (r.error) {
      rows.push([format, `failed: ${r.error}`, '', '', '', '', '']);
      continue;
    }
    const mb = (n) => `${Math.round(n / MB).toLocaleString('en')} MB`;
    const rise = (n) => `${n < 0 ? '' : '+'}${mb(n)}`;
    rows.push([format, mb(r.bytes), `${(r.ms / 1000).toFixed(1)} s`, rise(r.peakRss - r.baseRss), rise(r.peakHeap - r.baseHeap), rise(r.keptHeap - r.baseHeap), `RSS ${mb(r.baseRss)}, heap ${mb(r.baseHeap)}`]);
    console.log(`  ${format}: done`);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  console.log('');
  for (const row of rows) console.log(row.map((cell, c) => (c >= 1 && c <= 5 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  '));
  console.log(`\nload average after ${load()}`);
}

async function child(format, documents) {
  const { runnerImport } = await import('vite');
  const load = (path) => runnerImport(path, { configFile: false, logLevel: 'error' }).then((r) => r.module);
  const { collection, portable } = await load('./tests/bench/lib/corpus.ts');
  const { exportDocuments } = await load('./src-main/services/exporter.ts');
  const docs = collection(documents).map(portable);
  const schema = { name: 'news', labels: ['PER', 'ORG', 'LOC', 'DATE', 'EVENT', 'QUOTE'].map((name) => ({ name, color: '#336699' })), relations: [], categories: [] };

  globalThis.gc();
  globalThis.gc();
  const heapNow = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  };
  const peakRss = new Float64Array(new SharedArrayBuffer(8));
  const poller = new Worker(
    `const { workerData } = require('node:worker_threads');
     const peak = new Float64Array(workerData);
     setInterval(() => { const rss = process.memoryUsage.rss(); if (rss > peak[0]) peak[0] = rss; }, 5);`,
    { eval: true, workerData: peakRss.buffer },
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  const baseRss = process.memoryUsage.rss();
  const baseHeap = heapNow();
  peakRss[0] = baseRss;
  let peakHeap = baseHeap;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, heapNow())), 5);

  const dir = mkdtempSync(join(tmpdir(), 'glose-export-memory-'));
  const target = join(dir, `export.${format}`);
  try {
    const t0 = performance.now();
    await exportDocuments({ format, defaultName: `export.${format}`, documents: docs, schema }, target);
    const ms = performance.now() - t0;
    peakHeap = Math.max(peakHeap, heapNow());
    await new Promise((resolve) => setTimeout(resolve, 20));
    const peak = Math.max(peakRss[0], process.memoryUsage.rss());
    globalThis.gc();
    globalThis.gc();
    console.log(JSON.stringify({ format, ms, bytes: statSync(target).size, baseRss, peakRss: peak, baseHeap, peakHeap, keptHeap: heapNow() }));
  } catch (err) {
    console.log(JSON.stringify({ format, error: err instanceof Error ? err.message.slice(0, 120) : String(err) }));
  } finally {
    clearInterval(sampler);
    await poller.terminate();
    rmSync(dir, { recursive: true, force: true });
  }
}
