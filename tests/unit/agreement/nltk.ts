// Runs NLTK's AnnotationTask (Debian's python3-nltk) on (coder, item, label) triples. A machine without
// it fails the test that asks, with the way to get it: the comparison is never skipped.
import { spawnSync } from 'node:child_process';

export type Measure = 'alpha' | 'pi' | 'kappa' | 'multi_kappa' | 'avg_Ao';
export interface NltkJob {
  triples: Array<[string, string, string]>;
  measures: Measure[];
}

const SCRIPT = `
import json, sys
from nltk.metrics.agreement import AnnotationTask
jobs = json.load(sys.stdin)
out = []
for job in jobs:
    task = AnnotationTask(data=[tuple(t) for t in job["triples"]])
    out.append({m: float(getattr(task, m)()) for m in job["measures"]})
json.dump(out, sys.stdout)
`;

const CANDIDATES = ['/usr/bin/python3', 'python3'];

function python(): string {
  const tried: string[] = [];
  for (const exe of CANDIDATES) {
    const r = spawnSync(exe, ['-c', 'import nltk.metrics.agreement'], { encoding: 'utf8' });
    if (r.status === 0) return exe;
    tried.push(`${exe}: ${(r.error?.message ?? r.stderr.trim().split('\n').pop() ?? `exit ${r.status}`).slice(0, 200)}`);
  }
  throw new Error(`NLTK is needed to check the agreement figures and no Python here can import it. Install Debian's python3-nltk (apt-get install python3-nltk). Tried ${tried.join('; ')}`);
}

export function runNltk(jobs: readonly NltkJob[]): Array<Partial<Record<Measure, number>>> {
  const r = spawnSync(python(), ['-c', SCRIPT], { input: JSON.stringify(jobs), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`NLTK failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout) as Array<Partial<Record<Measure, number>>>;
}
