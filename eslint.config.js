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
  // The renderer's layers (docs/architecture.md): each folder imports only from the ones below it.
  ...rendererLayers(),
);

/**
 * components → state → db → lib, with reader beside state and the engines (suggest, agreement) on
 * lib; contract.ts, model.ts and records.ts (the record schemas, zod only) through $contract, $model
 * and $records; no Node, no Electron. Each folder's rule lists everything it may not import, since a
 * later rule for the same files replaces an earlier one.
 */
function rendererLayers() {
  const forbid = (what, why) => ({ regex: what, message: why });
  const everywhere = [
    { group: ['electron', 'node:*'], message: 'no Node in the renderer' },
    forbid('src-main/', 'the renderer takes only src-main/contract.ts, model.ts and records.ts, as $contract, $model and $records'),
  ];
  const dexie = { group: ['dexie', 'dexie/*'], message: 'only src/db imports dexie' };
  const db = (why) => forbid('^\\$db/', why);
  const state = (why) => forbid('^\\$state/|(^|/)state/', why);
  const reader = (why) => forbid('^\\$reader/|(^|/)reader/', why);
  const components = (why) => forbid('^\\$components/|(^|/)components/', why);
  const rule = (patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...everywhere, ...patterns] }] });
  return [
    { files: ['src-renderer/src/**/*.{ts,svelte}'], rules: rule([dexie]) },
    {
      files: ['src-renderer/src/db/**/*.ts'],
      rules: rule([state('the database knows nothing of the screen'), reader('the database knows nothing of the screen'), components('the database knows nothing of the screen')]),
    },
    {
      files: ['src-renderer/src/lib/**/*.ts'],
      rules: rule([
        dexie,
        db('lib holds pure helpers: no database'),
        state('lib holds pure helpers: no app state'),
        reader('lib holds pure helpers: no DOM'),
        components('lib holds pure helpers'),
        { group: ['svelte', 'svelte/*'], message: 'lib holds pure helpers: no Svelte' },
      ]),
    },
    {
      // the suggestion and agreement engines work on the documents they are given (in a worker, or in a test)
      files: ['src-renderer/src/suggest/**/*.ts', 'src-renderer/src/agreement/**/*.ts'],
      rules: rule([
        dexie,
        db('the engines work on the documents they are given, not on the database'),
        state('the engines know no app state'),
        reader('the engines know no text view'),
        components('the engines know no component'),
        { group: ['svelte', 'svelte/*'], message: 'the engines run without Svelte (the suggestions in a Web Worker)' },
      ]),
    },
    {
      files: ['src-renderer/src/reader/**/*.ts'],
      rules: rule([dexie, db('the text view works on what it is given (TextSource), not on the database'), state('the text view declares what it needs (TextSource) instead of importing state'), components('the text view is no component')]),
    },
    {
      files: ['src-renderer/src/state/**/*.ts'],
      rules: rule([dexie, reader('state is the data behind the screen, not the text view'), components('state knows no component')]),
    },
    {
      // App.svelte is the composition root: it makes the database and hands it to the state classes
      files: ['src-renderer/src/components/**/*.{ts,svelte}'],
      rules: rule([
        dexie,
        // types from src/db (a report's shape) are fine; the database is reached through state's methods
        { regex: '^\\$db/', message: 'components call state methods, never the database', allowTypeImports: true },
      ]),
    },
  ];
}
