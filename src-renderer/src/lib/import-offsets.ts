// The unit of a doccano file's offsets, which the file does not say. Main reads the file once, in
// code points (doccano's own) and, where the unit matters, in UTF-16 code units too; both readings
// come back, and the person's answer picks one. Nothing is read again: the page never names a file.
import type { ImportBatchResult, OffsetQuestion } from '../../../src-main/contract';

export type OffsetUnit = OffsetQuestion['unit'];

/**
 * `result` with each questioned file's reading in `unit`: where it was read in the other unit, its
 * documents (or its failure) are replaced by the other reading, or by a failure saying why that
 * reading fails.
 */
export function inUnit(result: ImportBatchResult, unit: OffsetUnit): ImportBatchResult {
  const swapped = (result.offsetQuestions ?? []).filter((q) => q.unit !== unit);
  if (swapped.length === 0) return result;
  const paths = new Set(swapped.map((q) => q.path));
  const documents = result.documents.filter((d) => !paths.has(d.meta.sourcePath ?? ''));
  const failures = result.failures.filter((f) => !paths.has(f.path));
  for (const q of swapped) {
    if (q.alternative) documents.push(...q.alternative);
    else failures.push({ file: q.file, path: q.path, code: 'malformed', message: `${q.file}: ${q.otherUnitProblem ?? 'cannot be read in that unit'}` });
  }
  const offsetQuestions = (result.offsetQuestions ?? []).map((q): OffsetQuestion => (q.unit === unit ? q : { file: q.file, path: q.path, unit }));
  return { ...result, documents, failures, offsetQuestions };
}
