// Exporting a whole workspace (500 documents, 100,000 spans, 5,000 relations) in every format, as
// the main process does on export:save: exportDocuments counts what the format loses, then streams
// the file to a temp file beside the target, fsyncs it and renames it into place.
import { test } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPORT_FORMATS } from '../../src-main/contract';
import type { SchemaSpec } from '../../src-main/model';
import { exportDocuments } from '../../src-main/services/exporter';
import { collection, portable } from './lib/corpus';
import { measured, median, Results, RUNS, unmeasured, WARMUP } from './lib/report';

test('export: 500 documents, 100,000 spans, every format', async () => {
  const results = new Results('export');
  const docs = collection().map(portable);
  const spans = docs.reduce((n, d) => n + d.spans.length, 0);
  const schema = JSON.parse(readFileSync(join(process.cwd(), 'resources', 'schemas', 'news.json'), 'utf8')) as SchemaSpec;
  const dir = mkdtempSync(join(tmpdir(), 'glose-bench-export-'));
  try {
    for (const { id, extension } of EXPORT_FORMATS) {
      const target = { median: 2000 };
      const scenario = `export ${docs.length} documents / ${spans.toLocaleString('en')} spans → file written`;
      try {
        const times: number[] = [];
        const cpuTimes: number[] = [];
        let bytes = 0;
        for (let run = 0; run < WARMUP + RUNS; run++) {
          const c0 = process.cpuUsage();
          const t0 = performance.now();
          const result = await exportDocuments({ format: id, defaultName: `export.${extension}`, documents: docs, schema }, join(dir, `export.${extension}`));
          const ms = performance.now() - t0;
          const cpu = process.cpuUsage(c0);
          bytes = result.bytes;
          if (run >= WARMUP) {
            times.push(ms);
            cpuTimes.push((cpu.user + cpu.system) / 1000);
          }
        }
        // CPU time tells what the machine's other work did to the wall-clock figure
        results.add(measured(`export-${id}`, scenario, 'ms', times, target, { note: `${(bytes / 1e6).toFixed(1)} MB out; CPU median ${Math.round(median(cpuTimes))} ms` }));
      } catch (err) {
        results.add(unmeasured(`export-${id}`, scenario, 'ms', target, 'error', err instanceof Error ? err.message.slice(0, 200) : String(err)));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
