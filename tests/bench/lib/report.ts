// Result rows: samples -> median / p95 -> pass or miss against the target. Each bench file writes its
// rows to BENCH_OUT (set by run.mjs); run.mjs merges them into results/latest.json and prints the table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Unit = 'ms' | 'MB' | '%';

/** Upper bounds; every one given must hold. */
export interface Target {
  median?: number;
  p95?: number;
}

export type Status = 'pass' | 'miss' | 'not yet' | 'error';

export interface Row {
  id: string;
  scenario: string;
  unit: Unit;
  warmup: number;
  runs: number;
  median: number | null;
  p95: number | null;
  max: number | null;
  target: Target;
  status: Status;
  /** values below this are not observable (the Long Tasks API reports tasks of 50 ms and more); 0 = none seen */
  floor?: number;
  note?: string;
  samples: number[];
}

/** Runs per scenario after the warm-up; BENCH_RUNS / BENCH_WARMUP override them (for quick checks). */
export const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
export const WARMUP = Number(process.env['BENCH_WARMUP'] ?? 1);

const round = (n: number) => Math.round(n * 10) / 10;

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Nearest-rank 95th percentile: with 5 samples it is the largest. */
export function p95(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] as number;
}

export interface RowOptions {
  warmup?: number;
  floor?: number;
  note?: string;
  /** keep at most this many samples in the JSON (long series are summarised) */
  keep?: number;
}

export function measured(id: string, scenario: string, unit: Unit, samples: number[], target: Target, opts: RowOptions = {}): Row {
  const med = median(samples);
  const p = p95(samples);
  const ok = (target.median === undefined || med <= target.median) && (target.p95 === undefined || p <= target.p95);
  return {
    id,
    scenario,
    unit,
    warmup: opts.warmup ?? WARMUP,
    runs: samples.length,
    median: round(med),
    p95: round(p),
    max: round(Math.max(...samples)),
    target,
    status: ok ? 'pass' : 'miss',
    ...(opts.floor !== undefined ? { floor: opts.floor } : {}),
    ...(opts.note ? { note: opts.note } : {}),
    samples: samples.slice(0, opts.keep ?? 20).map(round),
  };
}

export function unmeasured(id: string, scenario: string, unit: Unit, target: Target, status: 'not yet' | 'error', note: string): Row {
  return { id, scenario, unit, warmup: 0, runs: 0, median: null, p95: null, max: null, target, status, note, samples: [] };
}

/** One bench file's rows, rewritten to BENCH_OUT after every row, so a crash keeps what was measured. */
export class Results {
  private readonly rows: Row[] = [];
  private readonly meta: Record<string, unknown> = {};
  private readonly file: string;

  constructor(name: string) {
    const dir = process.env['BENCH_OUT'] ?? join(process.cwd(), 'test-results', 'bench', 'rows');
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, `${name}.json`);
  }

  add(row: Row): void {
    this.rows.push(row);
    const v = (x: number | null) => (x === null ? '—' : `${x} ${row.unit}`);
    console.log(`  ${row.id.padEnd(26)} median ${v(row.median).padEnd(11)} p95 ${v(row.p95).padEnd(11)} ${row.status}${row.note ? `  (${row.note})` : ''}`);
    this.flush();
  }

  /** something worth recording about the corpus or the browser */
  note(key: string, value: unknown): void {
    this.meta[key] = value;
    this.flush();
  }

  private flush(): void {
    writeFileSync(this.file, JSON.stringify({ rows: this.rows, meta: this.meta }, null, 2));
  }
}
