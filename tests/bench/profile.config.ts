// Playwright config for the reader's CPU profiles (reader.profile.ts): a tool, never part of `npm test` or `npm run bench`.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.profile.ts',
  forbidOnly: true,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: '../../test-results/bench/playwright',
});
