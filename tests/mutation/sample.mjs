// Estimates the mutation score of code too large to run whole, from one Stryker run on a random
// sample of its source lines (docs/testing.md, "A sample of the rest of the scope").
//
//   node tests/mutation/sample.mjs plan [--rate 0.04] [--least 1] [--seed 18] [--out reports/mutation/sample.json] [files…]
//     Instruments the files (default: the part of the scope no run has measured, UNMEASURED below),
//     and draws, file by file, a simple random sample of the lines that carry mutants: round(rate ×
//     lines), at least --least (or every line of a file with fewer). Writes the sample to --out and
//     prints the `--mutate` argument that makes Stryker plant exactly the mutants of those lines:
//       npm run mutate -- --mutate "$(node tests/mutation/sample.mjs plan …)"
//   node tests/mutation/sample.mjs estimate reports/mutation/sample.json reports/mutation/mutation.json [--measured D/V]
//     Reads the run's report and prints, per folder and over all, the mutants sampled, detected, the
//     estimated score and its 95% confidence interval; with --measured (detected/valid mutants of the
//     part measured in full), the score of the whole scope, measured part plus estimated part.
//
// The design. A *cluster* is one source line: the mutants that lie on that line alone. Stryker's
// mutation ranges (`file:12-12`) plant a mutant only if its whole node is inside the range, so a
// mutant that spans several lines (mostly a block `{…}` emptied, `BlockStatement`) could only be
// planted with a range that also plants every mutant nested in it. Those mutants are left out of the
// sample: the plan prints how many there are, and the estimate bounds the whole-scope score with
// them counted as all detected and as all surviving.
// Each file is a stratum, sampled at the same rate; a sampled line weighs N_f/n_f (lines of the file
// over lines sampled). The score is a ratio estimate (Cochran, Sampling Techniques, ch. 6):
//   R = Ŷ / X̂,  Ŷ = Σ w·y,  X̂ = Σ w·x   (y: detected mutants of a line, x: its valid mutants)
// with the linearised variance V(R) ≈ V(Ŷ − R·X̂) / X̂², and the interval R ± 1.96·√V (normal
// approximation). Valid = killed + timed out + survived + no coverage; static mutants (Ignored, see
// stryker.config.mjs) are in no count, as in the tables.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { globSync } from 'tinyglobby';
import { Instrumenter } from '@stryker-mutator/instrumenter';

const UNMEASURED = {
  patterns: ['src-main/extract/**/*.ts', 'src-main/services/**/*.ts', 'src-renderer/src/db/**/*.ts'],
  // measured in full (docs/testing.md), or never mutated (stryker.config.mjs)
  ignore: ['src-main/extract/worker.ts', 'src-main/extract/pdfjs.ts', 'src-renderer/src/db/journal.ts', 'src-renderer/src/db/backups.ts'],
};

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at === -1) return fallback;
  const [value] = args.splice(at, 2).slice(1);
  return value;
};

/** A small seeded generator (mulberry32): the same seed draws the same sample. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const folderOf = (file) => file.split('/').slice(0, -1).join('/');

async function plan() {
  const rate = Number(option('--rate', '0.04'));
  const seed = Number(option('--seed', '18'));
  const least = Number(option('--least', '1'));
  const out = option('--out', 'reports/mutation/sample.json');
  const named = args.slice(1);
  const files = (named.length > 0 ? named : globSync(UNMEASURED.patterns, { ignore: UNMEASURED.ignore })).sort();
  const silent = { isTraceEnabled: () => false, isDebugEnabled: () => false, isInfoEnabled: () => false, trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {} };
  const { mutants } = await new Instrumenter(silent).instrument(
    files.map((name) => ({ name, content: readFileSync(name, 'utf8'), mutate: true })),
    { plugins: null, excludedMutations: [], ignorers: [] },
  );
  const draw = random(seed);
  const sample = { seed, rate, least, files: {} };
  const ranges = [];
  let multiLine = 0;
  let planted = 0;
  for (const file of files) {
    // the instrumenter's lines are 0-based; the sample and Stryker's ranges use 1-based lines
    const own = mutants.filter((m) => m.fileName === file);
    const single = own.filter((m) => m.location.start.line === m.location.end.line);
    multiLine += own.length - single.length;
    const lines = [...new Set(single.map((m) => m.location.start.line + 1))].sort((a, b) => a - b);
    const n = Math.min(lines.length, Math.max(least, Math.round(rate * lines.length)));
    // Fisher–Yates, stopped after n draws
    const pool = [...lines];
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(draw() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    const chosen = pool.slice(0, n).sort((a, b) => a - b);
    sample.files[file] = { lines: lines.length, mutants: own.length, singleLine: single.length, sampled: chosen };
    planted += single.filter((m) => chosen.includes(m.location.start.line + 1)).length;
    for (const line of chosen) ranges.push(`${file}:${line}-${line}`);
  }
  sample.multiLine = multiLine;
  sample.total = mutants.length;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(sample, null, 1));
  const lineCount = Object.values(sample.files).reduce((s, f) => s + f.lines, 0);
  console.error(
    `${files.length} files, ${mutants.length} mutants (${multiLine} on several lines, left out), ` +
      `${lineCount} lines with mutants; sampled ${ranges.length} lines, ${planted} mutants (static ones included); written to ${out}`,
  );
  console.log(ranges.join(','));
}

function estimate() {
  const measured = option('--measured', undefined);
  const [, samplePath, reportPath] = args;
  if (!samplePath || !reportPath) {
    console.error('usage: node tests/mutation/sample.mjs estimate <sample.json> <mutation.json> [--measured D/V]');
    process.exit(2);
  }
  const sample = JSON.parse(readFileSync(samplePath, 'utf8'));
  const report = JSON.parse(readFileSync(reportPath, 'utf8')).files;
  /** per file: the sampled lines' (x, y) and the counts of the mutants planted */
  const strata = [];
  for (const [file, s] of Object.entries(sample.files)) {
    const mutants = (report[file]?.mutants ?? []).filter((m) => m.location.start.line === m.location.end.line);
    const units = s.sampled.map((line) => {
      const own = mutants.filter((m) => m.location.start.line === line);
      const c = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, other: 0 };
      for (const m of own) c[m.status in c ? m.status : 'other']++;
      const y = c.Killed + c.Timeout;
      return { line, x: y + c.Survived + c.NoCoverage, y, c };
    });
    if (!report[file]) console.error(`warning: ${file} is not in the report`);
    strata.push({ file, folder: folderOf(file), N: s.lines, n: s.sampled.length, units });
  }
  // Each sampled line stands for N_f/n_f lines of its file (its weight). Ŷ and X̂ are the weighted sums;
  // the variance of Ŷ − R·X̂ is taken as if each folder's lines were drawn with replacement (the
  // "ultimate cluster" estimator): it ignores the split by file and the finite-population correction,
  // both of which only make the true variance smaller, so the interval errs wide.
  const units = strata.flatMap((st) => st.units.map((u) => ({ ...u, folder: st.folder, w: st.N / st.n })));
  const variance = (group, R) => {
    let V = 0;
    for (const folder of new Set(group.map((u) => u.folder))) {
      const z = group.filter((u) => u.folder === folder).map((u) => u.w * (u.y - R * u.x));
      const n = z.length;
      if (n < 2) continue;
      const mean = z.reduce((s, v) => s + v, 0) / n;
      V += (n / (n - 1)) * z.reduce((s, v) => s + (v - mean) ** 2, 0);
    }
    return V;
  };
  const combine = (group) => {
    const X = group.reduce((s, u) => s + u.w * u.x, 0);
    const Y = group.reduce((s, u) => s + u.w * u.y, 0);
    const c = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, other: 0 };
    for (const u of group) for (const k of Object.keys(c)) c[k] += u.c[k];
    const R = Y / X;
    return { R, X, Y, se: Math.sqrt(variance(group, R)) / X, c, lines: group.length };
  };
  const pct = (v) => `${(100 * v).toFixed(1)}%`;
  const row = (name, e) => {
    const valid = e.c.Killed + e.c.Timeout + e.c.Survived + e.c.NoCoverage;
    const lo = e.R - 1.96 * e.se;
    const hi = e.R + 1.96 * e.se;
    return `| ${name} | ${e.lines} | ${valid} | ${e.c.Killed + e.c.Timeout} | ${e.c.Survived} | ${e.c.NoCoverage} | ${e.c.Ignored} | ${pct(e.R)} | ${pct(lo)}–${pct(Math.min(1, hi))} | ${Math.round(e.X)} |`;
  };
  console.log('| folder | lines sampled | valid mutants | detected | survived | no coverage | ignored (static) | estimated score | 95% interval | valid mutants (estimated, single-line) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const folder of [...new Set(units.map((u) => u.folder))]) console.log(row(`\`${folder}\``, combine(units.filter((u) => u.folder === folder))));
  const all = combine(units);
  console.log(row('**the sampled part**', all));
  const other = units.reduce((s, u) => s + u.c.other, 0);
  if (other > 0) console.error(`warning: ${other} mutants with another status (compile error, runtime error, pending) are left out`);
  if (measured) {
    const [D, V] = measured.split('/').map(Number);
    const R = (D + all.Y) / (V + all.X);
    // the measured part has no sampling error: the variance is that of Ŷ − R·X̂ alone
    const VV = variance(units, R);
    const se = Math.sqrt(VV) / (V + all.X);
    console.log(
      `\nmeasured ${D}/${V} + estimated ${Math.round(all.Y)}/${Math.round(all.X)} (single-line mutants): ` +
        `${pct(R)} (95% interval ${pct(R - 1.96 * se)}–${pct(R + 1.96 * se)})`,
    );
    // the multi-line mutants, never sampled: the share of them that is valid is not known; bound
    // with every one valid, all detected or all surviving
    const M = sample.multiLine;
    console.log(
      `with the ${M} multi-line mutants (not sampled) all valid: between ${pct((D + all.Y) / (V + all.X + M))} (all surviving) ` +
        `and ${pct((D + all.Y + M) / (V + all.X + M))} (all detected)`,
    );
  }
}

if (args[0] === 'plan') await plan();
else if (args[0] === 'estimate') estimate();
else {
  console.error('usage: node tests/mutation/sample.mjs plan|estimate …');
  process.exit(2);
}
