// Runs the Playwright specs on the target that exists here, and says which one ran.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function electronInstalled() {
  const dir = join(process.cwd(), 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  return existsSync(pathFile) && existsSync(join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

const forced = process.env.GLOSE_E2E_TARGET;
const target = forced ?? (electronInstalled() ? 'electron' : 'chromium');
console.log(`e2e target: ${target}${target === 'chromium' ? ' (Electron binary not installed: system Chromium + loopback bridge)' : ''}`);
const res = spawnSync('npx', ['playwright', 'test', '-c', 'tests/e2e/playwright.config.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, GLOSE_E2E_TARGET: target },
});
process.exit(res.status ?? 1);
