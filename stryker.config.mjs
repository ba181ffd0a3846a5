// Mutation testing (`npm run mutate`): plants one small bug at a time in the modules whose bugs lose
// or corrupt data, and reports each one the unit tests let through. Not part of `npm test`: a full
// run takes hours on two cores. Before a submission, run it on the files the change touches:
//   npm run mutate -- --mutate 'src-main/formats/conll.ts'
// Incremental mode keeps the results of earlier runs, so only mutants in changed code (or covered by
// changed tests) are run again. See docs/testing.md.
const mutate = [
  'src-main/formats/**/*.ts',
  'src-main/extract/**/*.ts',
  'src-main/services/**/*.ts',
  // the renderer's database layer (Dexie) and its import and text helpers
  'src-renderer/src/db/**/*.ts',
  'src-renderer/src/lib/import-*.ts',
  'src-renderer/src/lib/words.ts',
  'src-renderer/src/lib/paragraphs.ts',
  'src-renderer/src/lib/text*.ts',
  // worker-thread entry points: they run in a thread Stryker does not instrument, so their mutants
  // could only ever be reported as not covered
  '!src-main/extract/worker.ts',
  '!src-main/extract/pdfjs.ts',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate,
  coverageAnalysis: 'perTest',
  // A static mutant (code run only while a test file loads: module constants, top-level fixtures)
  // needs a fresh module graph and every related test per mutant, ~40 s each here: such mutants are
  // reported as Ignored, and the count is kept in docs/testing.md. Mutants also reached from inside a
  // test still run, against the tests that reach them.
  ignoreStatic: true,
  // two cores shared with other work: one test runner, plus Stryker's own process
  concurrency: 1,
  // an infinite loop costs this allowance plus a restart of the test runner; the hit limit catches most first
  timeoutMS: 8000,
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  thresholds: { high: 85, low: 70, break: null },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  ignorePatterns: ['out', 'dist', 'test-results', 'playwright-report', '.tmp', 'docs', 'resources/icons'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
