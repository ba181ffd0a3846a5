// Re-tests the surviving, uncovered (and, in a report from count.mjs --report, pending) mutants of a
// Stryker report against the tests as they are now,
// one mutant planted at a time, without a new Stryker run: for checking that new tests kill what
// they were written for. Each source file is restored after each mutant, also when a run fails.
//   node tests/mutation/recheck.mjs [--config vitest.config.ts] reports/mutation/mutation.json tests/unit/formats/offsets.test.ts …
// Prints one line per mutant (Killed, Survived or Timeout); the report itself is not changed.
// With --new <regex>, every test runs (no bail) and a mutant killed only by tests whose
// "<file> > <test name>" matches the regex (the tests just written) is printed as KilledByNew: one
// run then gives the before and the after of those tests.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const newAt = args.indexOf('--new');
const fresh = newAt === -1 ? null : new RegExp(args[newAt + 1] ?? '');
if (newAt !== -1) args.splice(newAt, 2);
// --config: another vitest configuration, for tests that vitest.mutate.config.ts leaves out (the
// importer's worker-thread tests): `--config vitest.config.ts`
const configAt = args.indexOf('--config');
const config = configAt === -1 ? 'vitest.mutate.config.ts' : args[configAt + 1];
if (configAt !== -1) args.splice(configAt, 2);
const [report, ...testFiles] = args;
if (!report || testFiles.length === 0) {
  console.error('usage: node tests/mutation/recheck.mjs [--new <regex>] <mutation.json> <test file>…');
  process.exit(2);
}
const results = join(tmpdir(), `recheck-${process.pid}.json`);
/** The failing tests of a --new run, as "<file> > <test name>". */
function failing() {
  try {
    const { testResults } = JSON.parse(readFileSync(results, 'utf8'));
    return testResults.flatMap((f) => {
      const failed = f.assertionResults.filter((a) => a.status === 'failed').map((a) => `${f.name} > ${a.fullName}`);
      // a file that failed to load (or in a hook) fails as a whole
      return failed.length === 0 && f.status === 'failed' ? [`${f.name} > (the file)`] : failed;
    });
  } catch {
    return ['(no results)'];
  } finally {
    rmSync(results, { force: true });
  }
}
/** The file with a mutant planted in it now, and its text, put back if this script is stopped. */
let current = null;
let child = null;
/**
 * Runs vitest in a process group of its own: on a timeout (a mutant that makes a test loop forever)
 * the whole group is ended, not only npx, whose vitest workers would otherwise go on looping.
 */
function vitest(args, ms) {
  return new Promise((resolve) => {
    child = spawn('npx', args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, ms);
    child.on('close', (status) => {
      clearTimeout(timer);
      child = null;
      resolve({ status, stdout, stderr, error: timedOut ? new Error(`timed out after ${ms} ms`) : undefined });
    });
  });
}
function killGroup() {
  try {
    if (child?.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already ended
  }
}
// stopped by hand (Ctrl+C) or by a time limit: no mutant is left in the sources, no vitest left running
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    killGroup();
    if (current) writeFileSync(current.file, current.original);
    process.exit(130);
  });
}
const { files } = JSON.parse(readFileSync(report, 'utf8'));
const counts = { Killed: 0, KilledByNew: 0, Survived: 0, Timeout: 0 };
for (const [file, { mutants }] of Object.entries(files)) {
  const original = readFileSync(file, 'utf8');
  const lineStarts = [0];
  for (let i = original.indexOf('\n'); i !== -1; i = original.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  // report locations are 1-based lines and columns, the end exclusive
  const offset = ({ line, column }) => lineStarts[line - 1] + column - 1;
  for (const mutant of mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage' || m.status === 'Pending')) {
    const { start, end } = mutant.location;
    writeFileSync(file, original.slice(0, offset(start)) + mutant.replacement + original.slice(offset(end)));
    let run;
    try {
      const how = fresh ? ['--reporter=json', `--outputFile=${results}`] : ['--bail=1'];
      current = { file, original };
      run = await vitest(['vitest', 'run', '-c', config, ...how, ...testFiles], Number(process.env['GLOSE_RECHECK_TIMEOUT_MS'] ?? 300_000));
      // a test file filter that matches nothing (left out by the configuration) is no kill
      if (/No test files found/.test(`${run.stdout}${run.stderr}`)) throw new Error(`no test file of ${testFiles.join(' ')} runs under ${config}`);
    } finally {
      writeFileSync(file, original);
      current = null;
    }
    let status = run.error ? 'Timeout' : run.status === 0 ? 'Survived' : 'Killed';
    if (fresh && status === 'Killed' && failing().every((name) => fresh.test(name))) status = 'KilledByNew';
    rmSync(results, { force: true });
    counts[status]++;
    console.log(`${status} ${file}:${start.line}:${start.column} ${mutant.mutatorName} ${JSON.stringify(mutant.replacement)}`);
  }
}
console.log(JSON.stringify(counts));
