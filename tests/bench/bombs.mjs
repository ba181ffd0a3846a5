// node tests/bench/bombs.mjs [case…]: bundles tests/bench/bombs.ts and the extraction worker, writes
// the bombs into .tmp/bombs (once), then runs each case in its own Node process and prints a table.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const out = join(process.cwd(), '.tmp', 'bombs-bench');
mkdirSync(out, { recursive: true });
const common = { bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'error' };
await build({ ...common, entryPoints: ['src-main/extract/worker.ts'], outfile: join(out, 'extract-worker.mjs') });
await build({ ...common, entryPoints: ['tests/bench/bombs.ts'], outfile: join(out, 'bombs.mjs') });

const all = ['txt-tiny', 'brat-1g', 'brat-400m', 'docx-1g', 'docx-tiny', 'odt-tiny', 'pdf-20000', 'pdf-flate-1g', 'txt-94m', 'docx-40m'];
const cases = process.argv.slice(2).length > 0 ? process.argv.slice(2) : all;
const dir = join(process.cwd(), '.tmp', 'bombs');
const mb = (n) => `${Math.round(n / 1024 / 1024)} MB`;
for (const name of cases) {
  const args = [join(out, 'bombs.mjs'), dir, join(out, 'extract-worker.mjs'), name];
  execFileSync(process.execPath, [...args, '--make'], { stdio: 'inherit' });
  const line = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 }).trim().split('\n').at(-1);
  const r = JSON.parse(line);
  console.log(`| ${r.name} | ${r.what} | ${(r.ms / 1000).toFixed(1)} s | ${mb(r.rssBefore)} → ${mb(r.peak)} (+${mb(r.peak - r.rssBefore)}) | ${r.outcome} |`);
}
