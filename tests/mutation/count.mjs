// Counts the mutants Stryker would plant in the scope of stryker.config.mjs, per file, by running
// only its instrumenter (seconds, no test run): the denominator for "which part of the scope is
// measured". Static mutants are among them; telling them apart needs a dry run.
//   node tests/mutation/count.mjs [--by-folder]
// With --report, writes the mutants of the given files (default: the whole scope) as a Stryker JSON
// report whose every mutant is Pending, for recheck.mjs to plant one at a time against chosen tests:
//   node tests/mutation/count.mjs --report reports/mutation/planted.json src-renderer/src/db/journal.ts
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { globSync } from 'tinyglobby';
import { Instrumenter } from '@stryker-mutator/instrumenter';
import config from '../../stryker.config.mjs';

const patterns = config.mutate.filter((p) => !p.startsWith('!'));
const ignore = config.mutate.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
const args = process.argv.slice(2);
const reportAt = args.includes('--report') ? args[args.indexOf('--report') + 1] : undefined;
const named = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--report');
const files = named.length > 0 ? named : globSync(patterns, { ignore }).sort();
const silent = { isTraceEnabled: () => false, isDebugEnabled: () => false, isInfoEnabled: () => false, trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {} };
const { mutants } = await new Instrumenter(silent).instrument(
  files.map((name) => ({ name, content: readFileSync(name, 'utf8'), mutate: true })),
  { plugins: null, excludedMutations: [], ignorers: [] },
);
const counts = new Map(files.map((f) => [f, 0]));
for (const m of mutants) counts.set(m.fileName, (counts.get(m.fileName) ?? 0) + 1);
if (reportAt) {
  const report = { schemaVersion: '2', thresholds: { high: 85, low: 70 }, files: {} };
  for (const name of files) report.files[name] = { language: 'typescript', source: readFileSync(name, 'utf8'), mutants: [] };
  for (const m of mutants) {
    const { id, mutatorName, replacement, location } = m;
    // the instrumenter's locations are 0-based lines and columns; a report's are 1-based
    const at = (p) => ({ line: p.line + 1, column: p.column + 1 });
    report.files[m.fileName].mutants.push({ id, mutatorName, replacement, location: { start: at(location.start), end: at(location.end) }, status: 'Pending' });
  }
  mkdirSync(dirname(reportAt), { recursive: true });
  writeFileSync(reportAt, JSON.stringify(report));
}
const byFolder = args.includes('--by-folder');
const rows = new Map();
for (const [file, n] of counts) {
  const key = byFolder ? file.split('/').slice(0, -1).join('/') : file;
  rows.set(key, (rows.get(key) ?? 0) + n);
}
for (const [key, n] of rows) console.log(`${String(n).padStart(6)}  ${key}`);
console.log(`${String(mutants.length).padStart(6)}  total (${files.length} files)`);
