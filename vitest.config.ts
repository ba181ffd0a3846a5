import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { rendererAliases } from './src-renderer/aliases';

export default defineConfig({
  // compiles the renderer's rune classes (*.svelte.ts), so state like the editor is tested as it runs
  plugins: [svelte({ configFile: false })],
  resolve: { alias: rendererAliases(import.meta.dirname) },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20000,
  },
});
