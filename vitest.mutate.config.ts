import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config';

// Stryker's test run (stryker.config.mjs): the unit project only, without the tests that cost
// seconds to minutes per mutant. `npm test` still runs all of them; a mutant that only they would
// catch is counted as surviving, so the score errs low.
// - main-bundle (tests/unit/main): loads the built app from out/, which no mutant in the sources
//   reaches, and its global setup would rebuild out/ inside every sandbox.
// - the Python readers (NLTK, spaCy, pyld, jsonschema): a process per test.
// - the importer's worker threads: a mutant is switched on in the test's thread only, so the code a
//   worker runs is never mutated there.
const SLOW = [
  'tests/unit/formats/conformance.test.ts',
  'tests/unit/formats/conll-nltk.test.ts',
  'tests/unit/agreement/nltk.test.ts',
  'tests/unit/services/importer.test.ts',
  'tests/unit/services/annotated-import.test.ts',
];

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], exclude: [...configDefaults.exclude, 'tests/unit/main/**', ...SLOW] } },
    ],
  },
});
