// A Stryker ignorer plugin for the sample of tests/mutation/sample.mjs: it keeps the mutants of the
// sampled lines, including those whose node spans several lines, and ignores the ones nested inside
// such a node, which Stryker's mutation ranges would otherwise plant too (a range plants every mutant
// whose whole node lies inside it).
//   GLOSE_MUTATION_SAMPLE=reports/mutation/sample.json npm run mutate -- --ignorers sample \
//     --plugins @stryker-mutator/vitest-runner --plugins ./tests/mutation/sample-ignorer.mjs --mutate "…"
// (sample.mjs plan prints the whole command.) Without the variable it ignores nothing.
//
// Stryker calls shouldIgnore on each node on the way down, and an ignored node's whole subtree is
// ignored. So a node is kept when it lies on one sampled line, or contains a sampled line or a
// sampled multi-line node (its subtree holds mutants of the sample); every other node is ignored.
// Locations are Babel's: lines 1-based, columns 0-based. Stryker's parser gives nodes no file name,
// so a file is told by its Program node: its length and line count, which the plan records.
import { readFileSync } from 'node:fs';
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

export const REASON = 'not in the sample (tests/mutation/sample.mjs)';

const before = (a, b) => a.line < b.line || (a.line === b.line && a.column <= b.column);
const contains = (outer, inner) => before(outer.start, inner.start) && before(inner.end, outer.end);

/** The key of a file's Program node: its length in UTF-16 units and its number of lines. */
export const fingerprint = (content) => `${content.length}:${content.split('\n').length}`;

/** An ignorer for a sample as sample.mjs writes it ({ files: { name: { sampled, wanted, fingerprint } } }). */
export function sampleIgnorer(sample) {
  const files = new Map(
    Object.values(sample.files).map((f) => [f.fingerprint, { lines: new Set(f.sampled), wanted: f.wanted ?? [] }]),
  );
  if (files.size !== Object.keys(sample.files).length) throw new Error('two files of the sample have the same length and line count');
  /** the file being instrumented (Stryker instruments one file at a time, from its Program node down) */
  let file;
  return {
    shouldIgnore(path) {
      const { node } = path;
      if (node.type === 'Program') file = files.get(`${node.end}:${node.loc.end.line}`);
      if (!file || !node.loc) return undefined;
      const loc = node.loc;
      const { start, end } = loc;
      if (start.line === end.line && file.lines.has(start.line)) return undefined;
      for (let line = start.line; line <= end.line; line++) if (file.lines.has(line)) return undefined;
      if (file.wanted.some((w) => contains(loc, w))) return undefined;
      return REASON;
    },
  };
}

const at = process.env.GLOSE_MUTATION_SAMPLE;
const ignorer = at ? sampleIgnorer(JSON.parse(readFileSync(at, 'utf8'))) : { shouldIgnore: () => undefined };
export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, 'sample', ignorer)];
