// Estimates the mutation score of code too large to run whole, from one Stryker run on a random
// sample of its source lines (docs/testing.md, "A sample of the rest of the scope").
//
//   node tests/mutation/sample.mjs plan [--rate 0.04] [--least 1] [--seed 18] [--out reports/mutation/sample.json] [files…] > ranges.txt
//     Instruments the files (default: the part of the scope no run has measured, UNMEASURED below),
//     and draws, file by file, a simple random sample of the lines on which mutants start: round(rate ×
//     lines), at least --least (or every line of a file with fewer). Writes the sample to --out and
//     prints the `--mutate` argument for one Stryker run on exactly the mutants of those lines:
//       GLOSE_MUTATION_SAMPLE=reports/mutation/sample.json npx stryker run stryker.sample.config.mjs --mutate "$(cat ranges.txt)"
//   node tests/mutation/sample.mjs estimate reports/mutation/sample.json reports/mutation/mutation.json [--measured D/V] [--corrections F]
//     Reads the run's report and prints, per folder and over all, the mutants sampled, detected, the
//     estimated score and its 95% confidence interval; with --measured (detected/valid mutants of the
//     part measured in full), the score of the whole scope, measured part plus estimated part.
//
// The design. A *cluster* is one source line: the mutants that start on it, whether their node ends on
// that line or spans several (mostly a block `{…}` emptied, `BlockStatement`), so every mutant of the
// scope belongs to exactly one line and can be drawn. A sampled line's single-line mutants are planted
// with the range `file:12-12`; a multi-line one with the range of its lines, `file:12-30`, which would
// also plant every mutant nested in it: the sample's ignorer (sample-ignorer.mjs, in
// stryker.sample.config.mjs) marks those Ignored, so the run tests the sample's mutants only. The plan
// checks this by instrumenting the files again with the ranges and the ignorer.
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
import { REASON, fingerprint, sampleIgnorer } from './sample-ignorer.mjs';

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
  let sampledMulti = 0;
  let planted = 0;
  for (const file of files) {
    // the instrumenter's lines and columns are 0-based; the sample and Stryker's ranges use 1-based
    // lines, Babel's locations (the ignorer's) 1-based lines and 0-based columns
    const own = mutants.filter((m) => m.fileName === file);
    const isMulti = (m) => m.location.start.line !== m.location.end.line;
    multiLine += own.filter(isMulti).length;
    // a mutant belongs to the line it starts on, whether it ends there or not
    const lines = [...new Set(own.map((m) => m.location.start.line + 1))].sort((a, b) => a - b);
    const n = Math.min(lines.length, Math.max(least, Math.round(rate * lines.length)));
    // Fisher–Yates, stopped after n draws
    const pool = [...lines];
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(draw() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    const chosen = pool.slice(0, n).sort((a, b) => a - b);
    const drawn = own.filter((m) => chosen.includes(m.location.start.line + 1));
    const wanted = drawn.filter(isMulti).map(({ location: { start, end } }) => ({
      start: { line: start.line + 1, column: start.column },
      end: { line: end.line + 1, column: end.column },
    }));
    sample.files[file] = {
      lines: lines.length,
      mutants: own.length,
      multiLine: own.filter(isMulti).length,
      sampled: chosen,
      wanted,
      fingerprint: fingerprint(readFileSync(file, 'utf8')),
    };
    planted += drawn.length;
    sampledMulti += wanted.length;
    for (const line of chosen) ranges.push(`${file}:${line}-${line}`);
    for (const w of wanted) ranges.push(`${file}:${w.start.line}-${w.end.line}`);
  }
  sample.multiLine = multiLine;
  sample.total = mutants.length;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(sample, null, 1));
  // Check: instrument again as Stryker will (the ranges, the sample's ignorer) and compare the mutants
  // it keeps with the sample's.
  const byFile = new Map();
  for (const r of ranges) {
    const [, name, from, to] = /^(.*):(\d+)-(\d+)$/.exec(r);
    const list = byFile.get(name) ?? [];
    list.push({ start: { line: Number(from) - 1, column: 0 }, end: { line: Number(to) - 1, column: Number.MAX_SAFE_INTEGER } });
    byFile.set(name, list);
  }
  const kept = (
    await new Instrumenter(silent).instrument(
      [...byFile].map(([name, mutate]) => ({ name, content: readFileSync(name, 'utf8'), mutate })),
      { plugins: null, excludedMutations: [], ignorers: [sampleIgnorer(sample)] },
    )
  ).mutants.filter((m) => m.status !== 'Ignored' && !m.ignoreReason);
  const inSample = (m) => sample.files[m.fileName]?.sampled.includes(m.location.start.line + 1);
  const extra = kept.filter((m) => !inSample(m)).length;
  const keptOfSample = kept.length - extra;
  const lineCount = Object.values(sample.files).reduce((s, f) => s + f.lines, 0);
  const lineTotal = Object.values(sample.files).reduce((s, f) => s + f.sampled.length, 0);
  console.error(
    `${files.length} files, ${mutants.length} mutants (${multiLine} on several lines), ${lineCount} lines on which mutants start; ` +
      `sampled ${lineTotal} lines holding ${planted} mutants (${sampledMulti} on several lines; static ones included); written to ${out}.\n` +
      `Instrumented with the ranges and the ignorer: ${kept.length} mutants planted, ${keptOfSample} of the sample, ${extra} outside it ` +
      `(nodes that enclose a sampled one; the estimate leaves them out).`,
  );
  if (keptOfSample !== planted) console.error(`warning: the sample has ${planted} mutants, but the ranges plant ${keptOfSample} of them`);
  console.log(ranges.join(','));
}

function estimate() {
  const measured = option('--measured', undefined);
  const corrections = option('--corrections', undefined);
  const [, samplePath, reportPath] = args;
  if (!samplePath || !reportPath) {
    console.error('usage: node tests/mutation/sample.mjs estimate <sample.json> <mutation.json> [--measured D/V]');
    process.exit(2);
  }
  const sample = JSON.parse(readFileSync(samplePath, 'utf8'));
  const report = JSON.parse(readFileSync(reportPath, 'utf8')).files;
  // --corrections: mutants whose status Stryker got wrong, each planted again by hand with the tests
  // of the run (recheck.mjs): [{ "file", "line", "column", "replacement", "status", "why" }]
  for (const fix of corrections ? JSON.parse(readFileSync(corrections, 'utf8')) : []) {
    const m = report[fix.file]?.mutants.find(
      (x) => x.location.start.line === fix.line && x.location.start.column === fix.column && x.replacement === fix.replacement,
    );
    if (!m) throw new Error(`correction not found in the report: ${JSON.stringify(fix)}`);
    console.error(`corrected: ${fix.file}:${fix.line}:${fix.column} ${m.status} -> ${fix.status} (${fix.why})`);
    m.status = fix.status;
  }
  /** per file: the sampled lines' (x, y) and the counts of the mutants planted */
  const strata = [];
  for (const [file, s] of Object.entries(sample.files)) {
    // a line's cluster: every mutant that starts on it, on one line or several (report lines are 1-based);
    // mutants the sample's ignorer left out are in the report as Ignored, and are not in any cluster
    const mutants = (report[file]?.mutants ?? []).filter((m) => !(m.status === 'Ignored' && m.statusReason === REASON));
    const units = s.sampled.map((line) => {
      const own = mutants.filter((m) => m.location.start.line === line);
      const c = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, other: 0 };
      for (const m of own) c[m.status in c ? m.status : 'other']++;
      const y = c.Killed + c.Timeout;
      const multi = own.filter((m) => m.location.start.line !== m.location.end.line && m.status !== 'Ignored');
      const multiY = multi.filter((m) => m.status === 'Killed' || m.status === 'Timeout').length;
      // m: every mutant of the line, static ones included, whose total over a folder is known exactly
      return { line, x: y + c.Survived + c.NoCoverage, y, m: own.length, c, multi: multi.length, multiY };
    });
    if (!report[file] && s.lines > 0) console.error(`warning: ${file} is not in the report`);
    strata.push({ file, folder: folderOf(file), N: s.lines, n: s.sampled.length, M: s.mutants, units });
  }
  // Each sampled line stands for N_f/n_f lines of its file (its weight). The variances below are taken
  // as if each folder's lines were drawn with replacement (the "ultimate cluster" estimator): they
  // ignore the split by file and the finite-population correction, both of which only make the true
  // variance smaller, so the intervals err wide.
  const units = strata.flatMap((st) => st.units.map((u) => ({ ...u, folder: st.folder, w: st.N / st.n })));
  // The number of mutants of each folder, static ones included, is known (the plan counts them), and
  // the sample's weighted count m̂ of them is noisy: so each folder's valid and detected totals are
  // estimated as ratios to that known total, X̂_f = M_f·x̂_f/m̂_f and Ŷ_f = M_f·ŷ_f/m̂_f (a separate
  // ratio estimate per folder; Cochran ch. 6). A score over folders, plus a part measured in full
  // (D detected of V valid), is S = (D + ΣŶ_f)/(V + ΣX̂_f), with the linearised variance
  // Σ_f (M_f/m̂_f)²·V(Σ w·(y − S·x − c_f·m)) / (V + ΣX̂_f)², c_f = (ŷ_f − S·x̂_f)/m̂_f.
  const M = new Map();
  for (const st of strata) M.set(st.folder, (M.get(st.folder) ?? 0) + st.M);
  const combine = (group, D = 0, Vm = 0) => {
    const folders = [...new Set(group.map((u) => u.folder))];
    const sums = folders.map((folder) => {
      const g = group.filter((u) => u.folder === folder);
      const sum = (k) => g.reduce((t, u) => t + u.w * u[k], 0);
      const scale = M.get(folder) / sum('m');
      return { folder, g, x: sum('x'), y: sum('y'), m: sum('m'), scale };
    });
    const X = sums.reduce((t, f) => t + f.scale * f.x, 0);
    const Y = sums.reduce((t, f) => t + f.scale * f.y, 0);
    const R = (D + Y) / (Vm + X);
    let V = 0;
    for (const f of sums) {
      const cf = (f.y - R * f.x) / f.m;
      const z = f.g.map((u) => u.w * (u.y - R * u.x - cf * u.m));
      const n = z.length;
      if (n < 2) continue;
      const mean = z.reduce((t, v) => t + v, 0) / n;
      V += f.scale ** 2 * (n / (n - 1)) * z.reduce((t, v) => t + (v - mean) ** 2, 0);
    }
    const c = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, other: 0 };
    for (const u of group) for (const k of Object.keys(c)) c[k] += u.c[k];
    return { R, X, Y, se: Math.sqrt(V) / (Vm + X), c, lines: group.length };
  };
  const pct = (v) => `${(100 * v).toFixed(1)}%`;
  const row = (name, e) => {
    const valid = e.c.Killed + e.c.Timeout + e.c.Survived + e.c.NoCoverage;
    const lo = e.R - 1.96 * e.se;
    const hi = e.R + 1.96 * e.se;
    return `| ${name} | ${e.lines} | ${valid} | ${e.c.Killed + e.c.Timeout} | ${e.c.Survived} | ${e.c.NoCoverage} | ${e.c.Ignored} | ${pct(e.R)} | ${pct(lo)}–${pct(Math.min(1, hi))} | ${Math.round(e.X)} |`;
  };
  console.log('| folder | lines sampled | valid mutants | detected | survived | no coverage | ignored (static) | estimated score | 95% interval | valid mutants (estimated) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const folder of [...new Set(units.map((u) => u.folder))]) console.log(row(`\`${folder}\``, combine(units.filter((u) => u.folder === folder))));
  const all = combine(units);
  console.log(row('**the sampled part**', all));
  const other = units.reduce((s, u) => s + u.c.other, 0);
  if (other > 0) console.error(`warning: ${other} mutants with another status (compile error, runtime error, pending) are left out`);
  if (measured) {
    const [D, V] = measured.split('/').map(Number);
    // the measured part has no sampling error
    const w = combine(units, D, V);
    console.log(
      `\nmeasured ${D}/${V} + estimated ${Math.round(all.Y)}/${Math.round(all.X)}: ` +
        `${pct(w.R)} (95% interval ${pct(w.R - 1.96 * w.se)}–${pct(w.R + 1.96 * w.se)})`,
    );
    const multi = units.reduce((s, u) => s + u.multi, 0);
    const multiY = units.reduce((s, u) => s + u.multiY, 0);
    console.log(
      `every mutant of the scope counted: the sample's clusters include the mutants that span several lines ` +
        `(${multi} valid ones sampled, ${multiY} detected)`,
    );
  }
}

if (args[0] === 'plan') await plan();
else if (args[0] === 'estimate') estimate();
else {
  console.error('usage: node tests/mutation/sample.mjs plan|estimate …');
  process.exit(2);
}
