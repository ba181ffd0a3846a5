// npm run eval:suggest [-- --set dev|held-out] [-- --json]: precision and recall of every
// recommender on the annotated sample in tests/fixtures/suggest, as a table (or JSON). The evaluation is TypeScript; Vite's
// module runner loads it as the app's build would, JSON and ?raw imports included.
import { runnerImport } from 'vite';

const { module } = await runnerImport('./tests/eval/suggest-eval.ts', { configFile: false, logLevel: 'error' });
const at = process.argv.indexOf('--set');
const set = at > 0 ? process.argv[at + 1] : 'all';
if (!['all', 'dev', 'held-out'].includes(set)) {
  console.error(`eval:suggest: --set takes dev or held-out, not ${set}`);
  process.exit(2);
}
const result = module.evaluate(undefined, set);
process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(result, null, 2)}\n` : `${module.formatTable(result)}\n`);
