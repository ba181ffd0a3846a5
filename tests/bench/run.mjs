// npm run bench [-- --check] [-- <Playwright filters>]: builds if needed, runs the *.bench.ts files in
// the e2e suite's Chromium, then prints the table and writes tests/bench/results/latest.json.
// --check exits non-zero when a target is missed. Not part of `npm test`.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

const BASE_ORDER = [
  'open-book',
  'open-book-longest-task',
  'add-span',
  'add-span-durable',
  'relabel',
  'delete',
  'undo',
  'scroll',
  'scroll-slow-frames',
  'scroll-marks',
  'scroll-wheel',
  'scroll-wheel-unmarked',
  'scroll-keys',
  'scroll-keys-unmarked',
  'resize',
  'memory-heap',
  'memory-rss',
  'import-batch',
  'import-batch-longest-task',
  'export-doccano',
  'export-conll',
  'export-brat',
  'export-webanno',
  'export-w3c',
  'export-labelstudio',
  'export-spacy',
  'export-prodigy',
  'export-csv',
  'startup',
  'corpus-search',
  'corpus-startup-5000',
  'corpus-list-scroll',
  'corpus-search-first',
  'corpus-search-total',
  'corpus-search-longest-task',
  'corpus-stats',
  'corpus-stats-longest-task',
  'agreement',
  'agreement-worker',
  'agreement-worker-longest-frame',
  'agreement-app-cold',
  'agreement-app',
  'agreement-app-longest-frame',
  'agreement-app-kept',
  'suggest-open-book',
  'suggest-open-worker',
  'suggest-edit',
  'suggest-edit-whole',
  'suggest-edit-delta',
  'suggest-preannotate',
  'suggest-reader-open',
  'suggest-reader-after-open',
  'suggest-reader-open-longest-task',
  'suggest-reader-after-open-longest-task',
  'suggest-reader-edit',
  'suggest-reader-edit-longest-task',
  'suggest-reader-preannotate',
  'suggest-reader-preannotate-longest-task',
];
/** The reader's scenarios run again on the 5× book. */
const READER_IDS = BASE_ORDER.slice(0, BASE_ORDER.indexOf('memory-rss') + 1);
const ORDER = [...BASE_ORDER, ...READER_IDS.map((id) => `${id}-5x`)];
/** Scenarios run on the 1× book (`X`) and on the book five times larger (`X-5x`) are compared. */
const SCALED = '-5x';
/**
 * What a user does must not cost more on a longer book: an edit or a scroll frame more than this
 * many times slower on the 5× book is a miss. Opening may grow with the text; its ratio is shown.
 */
const GROWTH_LIMIT = 1.5;
const GROWTH_LIMITED = ['add-span', 'add-span-durable', 'relabel', 'delete', 'undo', 'scroll', 'scroll-marks', 'scroll-wheel', 'scroll-keys'];
const LATEST = join('tests', 'bench', 'results', 'latest.json');

const args = process.argv.slice(2);
const check = args.includes('--check');
const forwarded = args.filter((a) => a !== '--check');

if (!existsSync(join('out', 'renderer', 'index.html')) || !existsSync(join('out', 'main', 'extract-worker.js'))) {
  console.log('bench: out/ is missing, building first (npx electron-vite build)');
  const built = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const load = () => loadavg().map((n) => Math.round(n * 100) / 100);
const loadBefore = load();
const outDir = mkdtempSync(join(tmpdir(), 'glose-bench-rows-'));
const started = Date.now();
const res = spawnSync('npx', ['playwright', 'test', '-c', 'tests/bench/bench.config.ts', ...forwarded], {
  stdio: 'inherit',
  env: { ...process.env, BENCH_OUT: outDir },
});

const rows = [];
const corpus = {};
for (const file of readdirSync(outDir).filter((f) => f.endsWith('.json'))) {
  const part = JSON.parse(readFileSync(join(outDir, file), 'utf8'));
  rows.push(...part.rows);
  Object.assign(corpus, part.meta);
}
rmSync(outDir, { recursive: true, force: true });

const chromium = corpus.chromium ?? chromiumVersion();
delete corpus.chromium;
const machine = {
  cpu: cpuModel(),
  cores: cpus().length,
  ramGB: Math.round(totalmem() / 2 ** 30),
  chromium,
  node: process.version,
  os: `${process.platform} ${release()}`,
  loadAverage: { before: loadBefore, after: load() },
};

// A filtered run (Playwright arguments given) updates its rows in the previous results.
let scenarios = rows;
let previous = null;
if (forwarded.length > 0 && existsSync(LATEST)) {
  previous = JSON.parse(readFileSync(LATEST, 'utf8'));
  const fresh = new Set(rows.map((r) => r.id));
  scenarios = [...previous.scenarios.filter((r) => !fresh.has(r.id)), ...rows];
} else {
  for (const id of ORDER) {
    if (!rows.some((r) => r.id === id)) {
      scenarios.push({ id, scenario: 'did not run (see the Playwright output above)', unit: 'ms', warmup: 0, runs: 0, median: null, p95: null, max: null, target: {}, status: 'error', samples: [] });
    }
  }
}
// X-5x right after X
const rank = (id) => {
  const base = id.endsWith(SCALED) ? id.slice(0, -SCALED.length) : id;
  return (ORDER.includes(base) ? ORDER.indexOf(base) : ORDER.length) + (base === id ? 0 : 0.5);
};
scenarios.sort((a, b) => rank(a.id) - rank(b.id));

const result = {
  generatedAt: new Date().toISOString(),
  durationSeconds: Math.round((Date.now() - started) / 1000),
  machine,
  corpus: { ...(previous?.corpus ?? {}), ...corpus },
  scenarios,
  growth: growthOf(scenarios),
};
writeFileSync(LATEST, `${JSON.stringify(result, null, 1)}\n`);

printTable(result);
console.log(`\nwritten to ${LATEST}`);
const missed = [
  ...scenarios.filter((r) => r.status === 'miss' || r.status === 'error'),
  ...result.growth.filter((g) => g.status === 'miss').map((g) => ({ id: `${g.id} growth` })),
];
if (res.status !== 0) {
  console.error('bench: the Playwright run failed (see above)');
  process.exit(res.status ?? 1);
}
if (check && missed.length > 0) {
  console.error(`bench --check: ${missed.length} scenario(s) missed their target: ${missed.map((r) => r.id).join(', ')}`);
  process.exit(1);
}

/**
 * The 5×/1× ratio of every scenario measured on both books, median to median and p95 to p95; a
 * ratio over GROWTH_LIMIT is a miss for edits and scroll frames, told for the rest.
 */
function growthOf(rows) {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ratio = (scaled, base) => (typeof scaled === 'number' && typeof base === 'number' && base > 0 ? Math.round((scaled / base) * 100) / 100 : null);
  const growth = [];
  for (const scaled of rows) {
    if (!scaled.id.endsWith(SCALED)) continue;
    const id = scaled.id.slice(0, -SCALED.length);
    const base = byId.get(id);
    if (!base) continue;
    const median = ratio(scaled.median, base.median);
    const p95 = ratio(scaled.p95, base.p95);
    const limited = GROWTH_LIMITED.includes(id);
    const status = median === null ? 'no ratio' : !limited ? 'shown' : median > GROWTH_LIMIT ? 'miss' : 'pass';
    growth.push({ id, unit: base.unit, base: { median: base.median, p95: base.p95 }, scaled: { median: scaled.median, p95: scaled.p95 }, ratio: { median, p95 }, ...(limited ? { limit: GROWTH_LIMIT } : {}), status });
  }
  return growth.sort((a, b) => rank(a.id) - rank(b.id));
}

function cpuModel() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line ? line.split(':')[1].trim() : (cpus()[0]?.model ?? 'unknown');
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
}

function chromiumVersion() {
  for (const exe of [process.env.CHROMIUM_PATH, 'chromium', 'chromium-browser'].filter(Boolean)) {
    try {
      return execFileSync(exe, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      // try the next name
    }
  }
  return 'unknown';
}

function fmt(value, row) {
  if (value === null || value === undefined) return row.status === 'not yet' ? 'not yet' : '—';
  if (row.floor !== undefined && value < row.floor) return `<${row.floor} ${row.unit}`;
  const n = row.unit === 'ms' && value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${n.toLocaleString('en')} ${row.unit}`;
}

function targetText(row) {
  const parts = [];
  if (row.target.median !== undefined) parts.push(`≤ ${row.target.median.toLocaleString('en')} ${row.unit}`);
  if (row.target.p95 !== undefined) parts.push(`p95 ≤ ${row.target.p95.toLocaleString('en')}`);
  return parts.join(', ');
}

function printGrowth(growth) {
  if (growth.length === 0) return;
  console.log(`\ngrowth, 5× book / 1× book (an edit or a scroll frame over ${GROWTH_LIMIT}× is a miss):`);
  const times = (n) => (n === null ? '—' : `${n.toFixed(2)}×`);
  const table = [['scenario', '1× median', '5× median', 'ratio', 'p95 ratio', 'result']];
  for (const g of growth) {
    const value = (v) => fmt(v ?? null, { unit: g.unit });
    table.push([g.id, value(g.base.median), value(g.scaled.median), times(g.ratio.median), times(g.ratio.p95), g.status === 'miss' ? 'MISS' : g.status]);
  }
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const line = (row) => row.map((cell, c) => (c >= 1 && c <= 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ');
  console.log(line(table[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table.slice(1)) console.log(line(row));
}

function printTable({ machine, scenarios, growth }) {
  console.log('\nGlose bench');
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGB} GB RAM; ${machine.chromium}; Node ${machine.node}; ${machine.os}`);
  console.log(`load average before/after: ${machine.loadAverage.before.join(' ')} / ${machine.loadAverage.after.join(' ')}`);
  const busiest = Math.max(machine.loadAverage.before[0], machine.loadAverage.after[0], machine.loadAverage.after[1]);
  if (busiest > machine.cores) console.log(`warning: other work kept the machine busy (load ${busiest} on ${machine.cores} cores): these numbers are inflated`);
  console.log('');
  const table = [['scenario', 'runs', 'median', 'p95', 'target (median)', 'result']];
  for (const r of scenarios) {
    const runs = r.runs ? `${r.warmup ? `${r.warmup}+` : ''}${r.runs}` : '';
    table.push([r.id, runs, fmt(r.median, r), fmt(r.p95, r), targetText(r), r.status === 'pass' ? 'pass' : r.status === 'miss' ? 'MISS' : r.status]);
  }
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const line = (row) => row.map((cell, c) => (c >= 1 && c <= 3 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ');
  console.log(line(table[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table.slice(1)) console.log(line(row));
  console.log('\nruns: warm-up + measured. p95 is nearest-rank (the largest of 5 runs). "<50 ms": no task of 50 ms or more (Long Tasks API floor).');
  printGrowth(growth);
  const notes = scenarios.filter((r) => r.note);
  if (notes.length) {
    console.log('notes:');
    for (const r of notes) console.log(`  ${r.id}: ${r.note}`);
  }
}
