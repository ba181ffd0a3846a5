// `npm run eval:suggest` runs tests/eval/run.mjs: the script itself, in a Node of its own, twice.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (...args: string[]) => execFileSync(process.execPath, ['tests/eval/run.mjs', ...args], { encoding: 'utf8' });

describe('npm run eval:suggest', () => {
  it('prints the same table of every recommender on every run', { timeout: 120_000 }, () => {
    const first = run('--set', 'dev');
    expect(run('--set', 'dev')).toBe(first);
    const lines = first.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Suggestions on \d+ documents \(set dev; \d+ gold spans, \d+ relations\)/);
    const header = lines.findIndex((l) => /^recommender\s+label\s+gold\s+tp\s+fp\s+fn\s+precision\s+recall\s+f1$/.test(l));
    expect(header).toBeGreaterThan(0);
    const rows = lines.slice(header + 1).filter((l) => l !== '');
    expect([...new Set(rows.map((l) => l.split(/\s+/)[0]))]).toEqual(['learned', 'gazetteer', 'dates', 'quotes', 'all']);
    for (const row of rows) expect(row).toMatch(/^\S+\s+\S+(\s+\d+){4}(\s+(\d\.\d{3}|–)){3}$/);
  });

  it('prints JSON when asked, and refuses an unknown set', { timeout: 120_000 }, () => {
    const json = JSON.parse(run('--set', 'held-out', '--json')) as { set: string; rows: unknown[] };
    expect(json.set).toBe('held-out');
    expect(json.rows.length).toBeGreaterThan(10);
    expect(() => execFileSync(process.execPath, ['tests/eval/run.mjs', '--set', 'train'], { encoding: 'utf8', stdio: 'pipe' })).toThrow(/--set takes dev or held-out, not train/);
  });
});
