// Stryker's configuration for a run on the sample of tests/mutation/sample.mjs: the usual one, plus the
// ignorer that keeps only the sample's mutants (a range would also plant those nested in a sampled
// node that spans several lines). sample.mjs plan prints the command; it needs GLOSE_MUTATION_SAMPLE.
import config from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...config,
  plugins: [...config.plugins, './tests/mutation/sample-ignorer.mjs'],
  ignorers: ['sample'],
  // a sample run is measured once; keep the incremental file of ordinary runs out of it
  incremental: false,
};
