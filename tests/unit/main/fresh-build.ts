// The main-bundle tests run what `electron-vite build` wrote to out/, so they must never run an old
// build: before they start, out/ is rebuilt when any source of it is newer (npm test builds first, so
// there this finds it fresh).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const INPUTS = ['src-main', 'src-renderer', 'resources/schemas', 'resources/welcome.txt', 'electron.vite.config.ts'];
export const OUTPUTS = ['out/main/index.js', 'out/main/extract-worker.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Why out/ must be rebuilt, or null when every output is newer than every input. */
export function staleBecause(root = process.cwd()): string | null {
  const missing = OUTPUTS.find((o) => !existsSync(join(root, o)));
  if (missing) return `${missing} is missing`;
  const built = Math.min(...OUTPUTS.map((o) => statSync(join(root, o)).mtimeMs));
  const input = INPUTS.find((i) => newest(join(root, i)) > built);
  return input ? `${input} changed since the last build` : null;
}

export default function setup(): void {
  const why = staleBecause();
  if (!why) return;
  console.log(`main-bundle tests: building out/ first (${why})`);
  const res = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
  if (res.status !== 0) throw new Error('electron-vite build failed: the main-bundle tests need out/');
  const still = staleBecause();
  if (still) throw new Error(`out/ is still stale after the build: ${still}`);
}
