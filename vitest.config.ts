import { configDefaults, defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  // compiles the renderer's rune classes (*.svelte.ts), so state like the editor is tested as it runs
  plugins: [svelte({ configFile: false })],
  test: {
    environment: 'node',
    testTimeout: 20000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], exclude: [...configDefaults.exclude, 'tests/unit/main/**'] } },
      // The built app (out/) run with a stand-in for Electron: built first whenever a source is newer.
      { extends: true, test: { name: 'main-bundle', include: ['tests/unit/main/**/*.test.ts'], globalSetup: ['tests/unit/main/fresh-build.ts'] } },
    ],
  },
});
