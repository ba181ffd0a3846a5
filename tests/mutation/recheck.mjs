// Re-tests the surviving and uncovered mutants of a Stryker report against the tests as they are now,
// one mutant planted at a time, without a new Stryker run: for checking that new tests kill what
// they were written for. Each source file is restored after each mutant, also when a run fails.
//   node tests/mutation/recheck.mjs reports/mutation/mutation.json tests/unit/formats/offsets.test.ts …
// Prints one line per mutant (Killed, Survived or Timeout); the report itself is not changed.
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const [report, ...testFiles] = process.argv.slice(2);
if (!report || testFiles.length === 0) {
  console.error('usage: node tests/mutation/recheck.mjs <mutation.json> <test file>…');
  process.exit(2);
}
const { files } = JSON.parse(readFileSync(report, 'utf8'));
const counts = { Killed: 0, Survived: 0, Timeout: 0 };
for (const [file, { mutants }] of Object.entries(files)) {
  const original = readFileSync(file, 'utf8');
  const lineStarts = [0];
  for (let i = original.indexOf('\n'); i !== -1; i = original.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  // report locations are 1-based lines and columns, the end exclusive
  const offset = ({ line, column }) => lineStarts[line - 1] + column - 1;
  for (const mutant of mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage')) {
    const { start, end } = mutant.location;
    writeFileSync(file, original.slice(0, offset(start)) + mutant.replacement + original.slice(offset(end)));
    let run;
    try {
      run = spawnSync('npx', ['vitest', 'run', '-c', 'vitest.mutate.config.ts', '--bail=1', ...testFiles], { encoding: 'utf8', timeout: 60_000 });
    } finally {
      writeFileSync(file, original);
    }
    const status = run.error ? 'Timeout' : run.status === 0 ? 'Survived' : 'Killed';
    counts[status]++;
    console.log(`${status} ${file}:${start.line}:${start.column} ${mutant.mutatorName} ${JSON.stringify(mutant.replacement)}`);
  }
}
console.log(JSON.stringify(counts));
