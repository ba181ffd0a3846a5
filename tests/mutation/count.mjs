// Counts the mutants Stryker would plant in the scope of stryker.config.mjs, per file, by running
// only its instrumenter (seconds, no test run): the denominator for "which part of the scope is
// measured". Static mutants are among them; telling them apart needs a dry run.
//   node tests/mutation/count.mjs [--by-folder]
import { readFileSync } from 'node:fs';
import { globSync } from 'tinyglobby';
import { Instrumenter } from '@stryker-mutator/instrumenter';
import config from '../../stryker.config.mjs';

const patterns = config.mutate.filter((p) => !p.startsWith('!'));
const ignore = config.mutate.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
const files = globSync(patterns, { ignore }).sort();
const silent = { isTraceEnabled: () => false, isDebugEnabled: () => false, isInfoEnabled: () => false, trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {} };
const { mutants } = await new Instrumenter(silent).instrument(
  files.map((name) => ({ name, content: readFileSync(name, 'utf8'), mutate: true })),
  { plugins: null, excludedMutations: [], ignorers: [] },
);
const counts = new Map(files.map((f) => [f, 0]));
for (const m of mutants) counts.set(m.fileName, (counts.get(m.fileName) ?? 0) + 1);
const byFolder = process.argv.includes('--by-folder');
const rows = new Map();
for (const [file, n] of counts) {
  const key = byFolder ? file.split('/').slice(0, -1).join('/') : file;
  rows.set(key, (rows.get(key) ?? 0) + n);
}
for (const [key, n] of rows) console.log(`${String(n).padStart(6)}  ${key}`);
console.log(`${String(mutants.length).padStart(6)}  total (${files.length} files)`);
