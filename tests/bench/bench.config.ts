// Playwright config for `npm run bench` (tests/bench/run.mjs): benchmarks, never part of `npm test`.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.bench.ts',
  forbidOnly: true,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // the reader bench opens a 1 MB book some twenty times and scrolls through it six times
  timeout: 30 * 60_000,
  reporter: [['list']],
  outputDir: '../../test-results/bench/playwright',
});
