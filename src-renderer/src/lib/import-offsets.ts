// The unit of a doccano file's offsets, which the file does not say: main reads it in code points
// and lists the files where the unit matters; when the person says UTF-16, those files are read
// again and their outcome replaces the first one in the batch.
import type { ImportBatchResult, OffsetQuestion } from '../../../src-main/contract';

export type OffsetUnit = OffsetQuestion['unit'];

/** `result` with the files of `again` (read once more, in another unit) in place of their first reading. */
export function withReread(result: ImportBatchResult, again: ImportBatchResult): ImportBatchResult {
  const reread = new Set(again.files);
  const fromFile = (path: string | undefined): boolean => path !== undefined && reread.has(path);
  const questions = [...(result.offsetQuestions ?? []).filter((q) => !reread.has(q.path)), ...(again.offsetQuestions ?? [])];
  return {
    ...result,
    documents: [...result.documents.filter((d) => !fromFile(d.meta.sourcePath)), ...again.documents],
    failures: [...result.failures.filter((f) => !reread.has(f.path)), ...again.failures],
    ...(questions.length > 0 ? { offsetQuestions: questions } : {}),
  };
}

/** The files to read again when the person chose `unit`: those read in another one. */
export function toReread(questions: readonly OffsetQuestion[], unit: OffsetUnit): string[] {
  return questions.filter((q) => q.unit !== unit).map((q) => q.path);
}
