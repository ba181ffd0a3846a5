import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default ts.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'tests/bench/results/**', '.tmp/**', 'reports/**', '.stryker-tmp/**'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
    // Large collections (20,000 spans) are kept non-reactive on purpose; a version counter signals changes.
    rules: { 'svelte/prefer-svelte-reactivity': 'off' },
  },
  {
    // Only the Electron shell and the preload may import electron: services run under plain Node.
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/app/**', 'src-main/preload/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'only src-main/app and src-main/preload import electron' }] }] },
  },
  {
    // The renderer may take types and pure helpers from contract.ts and model.ts, nothing else from src-main.
    files: ['src-renderer/**/*.{ts,svelte}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: 'src-main/(?!contract$|model$)', message: 'the renderer only imports src-main/contract and src-main/model' }, { group: ['electron', 'node:*'], message: 'no Node in the renderer' }] },
      ],
    },
  },
);
