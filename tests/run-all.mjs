// npm test: typecheck, lint, build, unit tests, e2e — each part's result printed, then one closing line.
// The build comes before the unit tests: the main-bundle tests (tests/unit/main) run what it wrote.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const parts = [
  { name: 'typecheck', cmd: ['npm', 'run', '-s', 'typecheck'] },
  { name: 'lint', cmd: ['npm', 'run', '-s', 'lint'] },
  { name: 'build', cmd: ['npm', 'run', '-s', 'build'] },
  { name: 'unit', cmd: ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/unit.json'], report: 'test-results/unit.json', needs: 'build' },
  { name: 'e2e', cmd: ['node', 'tests/e2e/run.mjs'], report: 'test-results/e2e.json', needs: 'build' },
];

rmSync('test-results', { recursive: true, force: true });
const results = [];
let passed = 0;
let failed = 0;
/** Each failed test and the first lines of its error, repeated at the end where a truncated log still shows them. */
const failures = [];
for (const part of parts) {
  if (part.needs && results.find((r) => r.name === part.needs)?.ok === false) {
    results.push({ name: part.name, ok: false, note: `not run: ${part.needs} failed` });
    failed++;
    continue;
  }
  console.log(`\n=== ${part.name}: ${part.cmd.join(' ')}`);
  const started = Date.now();
  const res = spawnSync(part.cmd[0], part.cmd.slice(1), { stdio: 'inherit' });
  const ok = res.status === 0;
  let note = '';
  if (part.report && existsSync(part.report)) {
    const report = JSON.parse(readFileSync(part.report, 'utf8'));
    const counts = countTests(part.name, report);
    failures.push(...failedTests(part.name, report));
    passed += counts.passed;
    failed += counts.failed;
    note = `${counts.passed} passed, ${counts.failed} failed`;
    if (!ok && counts.failed === 0) failed++;
  } else if (!ok) {
    failed++;
  }
  results.push({ name: part.name, ok, note, seconds: ((Date.now() - started) / 1000).toFixed(1) });
}

console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(10)} ${r.note ?? ''}${r.seconds ? `  (${r.seconds} s)` : ''}`);
for (const f of failures) console.log(`  failed: ${f}`);
const allOk = results.every((r) => r.ok);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(allOk ? 0 : 1);

function countTests(name, report) {
  if (name === 'unit') return { passed: report.numPassedTests ?? 0, failed: report.numFailedTests ?? 0 };
  const stats = report.stats ?? {};
  return { passed: stats.expected ?? 0, failed: (stats.unexpected ?? 0) + (stats.flaky ?? 0) };
}

function firstLines(message) {
  // eslint-disable-next-line no-control-regex
  const plain = String(message ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  return plain.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 4).join(' | ').slice(0, 400);
}

function failedTests(name, report) {
  const out = [];
  if (name === 'unit') {
    for (const file of report.testResults ?? []) {
      for (const t of file.assertionResults ?? []) {
        if (t.status === 'failed') out.push(`${t.fullName}: ${firstLines((t.failureMessages ?? [])[0])}`);
      }
    }
    return out;
  }
  const walk = (suite, path) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const bad = (t.results ?? []).find((r) => r.status !== 'passed' && r.status !== 'skipped');
        if (t.status === 'unexpected' || t.status === 'flaky') out.push(`${[...path, spec.title].join(' › ')}: ${firstLines(bad?.error?.message ?? bad?.status)}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
  };
  for (const s of report.suites ?? []) walk(s, [s.title]);
  return out;
}
