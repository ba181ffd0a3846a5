// Prints, for each file of a Stryker JSON report, the counts that docs/testing.md tabulates and,
// with --survivors, each surviving or uncovered mutant with its source line: the list to work from.
//   node tests/mutation/summary.mjs reports/mutation/mutation.json [--survivors]
import { readFileSync } from 'node:fs';

const [report, flag] = process.argv.slice(2);
if (!report) {
  console.error('usage: node tests/mutation/summary.mjs <mutation.json> [--survivors]');
  process.exit(2);
}
const { files } = JSON.parse(readFileSync(report, 'utf8'));
const total = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0 };
const row = (name, c) => {
  const detected = c.Killed + c.Timeout;
  const valid = detected + c.Survived + c.NoCoverage;
  const score = valid === 0 ? 'n/a' : `${((100 * detected) / valid).toFixed(1)}%`;
  return `| ${name} | ${valid} | ${c.Killed} | ${c.Timeout} | ${c.Survived} | ${c.NoCoverage} | ${c.Ignored} | ${score} |`;
};
for (const [file, { mutants, source }] of Object.entries(files)) {
  const c = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0 };
  for (const m of mutants) if (m.status in c) c[m.status]++;
  for (const k of Object.keys(c)) total[k] += c[k];
  console.log(row(`\`${file}\``, c));
  if (flag === '--survivors') {
    const lines = source.split('\n');
    for (const m of mutants.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
      const { line, column } = m.location.start;
      console.log(`  ${m.status} ${line}:${column} ${m.mutatorName} ${JSON.stringify(m.replacement).slice(0, 80)}\n      ${lines[line - 1].trim().slice(0, 140)}`);
    }
  }
}
if (Object.keys(files).length > 1) console.log(row('**total**', total));
