// A colleague's doccano file, read by the real import (worker and all) and turned into their layer:
// nothing in a doccano file says whether its offsets count code points (Python, doccano itself) or
// UTF-16 units (JavaScript tools). With an emoji before the spans the two differ: the file settles it
// when only one unit fits its spans, or when both readings are the same; otherwise the person is asked.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportBatchResult } from '../../../src-main/contract';
import { Importer } from '../../../src-main/services/importer';
import { theirDocumentsFromFiles } from '../../../src-renderer/src/lib/colleague';
import { inUnits, settledUnit, type OffsetUnit } from '../../../src-renderer/src/lib/import-offsets';

const TEXT = 'Angela Merkel 😀 a reçu Emmanuel Macron à Berlin.';
let buildDir: string;
let dir: string;
let importer: Importer;

beforeAll(async () => {
  await mkdir(join(process.cwd(), '.tmp'), { recursive: true });
  buildDir = await mkdtemp(join(process.cwd(), '.tmp', 'colleague-doccano-'));
  const workerPath = join(buildDir, 'extract-worker.mjs');
  await build({ entryPoints: ['src-main/extract/worker.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: workerPath, logLevel: 'error' });
  importer = new Importer({ workerPath, concurrency: 1 });
  dir = await mkdtemp(join(tmpdir(), 'glose-colleague-'));
}, 60_000);

afterAll(async () => {
  await importer.dispose();
  await rm(buildDir, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

/** What the colleague import does with a file: each doccano file in the unit it settles, or in `asked`. */
async function colleagueRead(file: string, asked?: OffsetUnit) {
  const result: ImportBatchResult = await importer.run([file], () => undefined);
  const questions = result.offsetQuestions ?? [];
  const settled = questions.map((q) => settledUnit(result, q));
  const read = inUnits(result, (q) => settledUnit(result, q) ?? asked ?? q.unit);
  const [doc] = theirDocumentsFromFiles(read.documents);
  return { settled, questions: questions.length, failures: read.failures.map((f) => f.message), surfaces: doc?.spans.map((s) => `${TEXT.slice(s.start, s.end)}/${s.label}`) };
}

describe('a colleague\'s doccano file with an emoji before its spans', () => {
  it('made by Python (code points, as doccano writes them) is read in code points without a question', async () => {
    const file = join(dir, 'python.jsonl');
    const py = spawnSync(
      '/usr/bin/python3',
      ['-c', 'import json,sys\nt=sys.argv[2]\nspans=[[t.index(w),t.index(w)+len(w),l] for w,l in (("Emmanuel Macron","PER"),("Berlin","LOC"))]\nopen(sys.argv[1],"w",encoding="utf-8").write(json.dumps({"text":t,"label":spans},ensure_ascii=False)+"\\n")', file, TEXT],
      { encoding: 'utf8' },
    );
    expect(py.stderr).toBe('');
    const read = await colleagueRead(file);
    expect(read.questions).toBe(1);
    expect(read.settled).toEqual(['codepoint']);
    expect(read.surfaces).toEqual(['Emmanuel Macron/PER', 'Berlin/LOC']);
  });

  it('made by a JavaScript tool (UTF-16 units) is read in UTF-16 units without a question, though Glose first reads doccano in code points', async () => {
    const file = join(dir, 'js.jsonl');
    const at = (w: string) => [TEXT.indexOf(w), TEXT.indexOf(w) + w.length];
    await writeFile(file, `${JSON.stringify({ text: TEXT, label: [[...at('Emmanuel Macron'), 'PER'], [...at('Berlin'), 'LOC']] })}\n`);
    const read = await colleagueRead(file);
    expect(read.settled).toEqual(['utf16']);
    expect(read.failures).toEqual([]);
    expect(read.surfaces).toEqual(['Emmanuel Macron/PER', 'Berlin/LOC']);
  });

  it('whose spans all come before the emoji reads the same in both units: no question', async () => {
    const file = join(dir, 'before.jsonl');
    await writeFile(file, `${JSON.stringify({ text: TEXT, label: [[0, 13, 'PER']] })}\n`);
    const read = await colleagueRead(file);
    expect(read.settled).toEqual(['codepoint']);
    expect(read.surfaces).toEqual(['Angela Merkel/PER']);
  });

  it('whose spans fit word boundaries in both units, differently, is not guessed: the person\'s answer decides', async () => {
    const text = '😀 a b c';
    const file = join(dir, 'both.jsonl');
    await writeFile(file, `${JSON.stringify({ text, label: [[3, 6, 'X']] })}\n`);
    const surfaces = async (unit: OffsetUnit) => {
      const result = await importer.run([file], () => undefined);
      expect(result.offsetQuestions?.map((q) => settledUnit(result, q))).toEqual([null]);
      const [doc] = theirDocumentsFromFiles(inUnits(result, () => unit).documents);
      return doc?.spans.map((s) => text.slice(s.start, s.end));
    };
    expect(await surfaces('codepoint')).toEqual([' b ']);
    expect(await surfaces('utf16')).toEqual(['a b']);
  });
});
