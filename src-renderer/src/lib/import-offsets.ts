// The unit of a doccano file's offsets, which the file does not say. Main reads the file once, in
// code points (doccano's own) and, where the unit matters, in UTF-16 code units too; both readings
// come back, and the person's answer picks one. Nothing is read again: the page never names a file.
import type { ImportBatchResult, OffsetQuestion } from '$contract';
import type { PortableDocument } from '$model';
import { messagesNow } from './i18n/current';

export type OffsetUnit = OffsetQuestion['unit'];

/** Whether a questioned file reads in the unit it was read with (`here`), and in the other (`there`). */
export function readsIn(result: ImportBatchResult, q: OffsetQuestion): { here: boolean; there: boolean } {
  return { here: !result.failures.some((f) => f.path === q.path), there: q.otherUnitProblem === undefined };
}

/**
 * The unit a questioned file is to be read in when the file settles it: the only unit it reads in, or
 * the one it was read with when both readings place every span alike (no span after a character
 * outside the BMP). Null when both read and differ, so the person must say, or when neither reads.
 */
export function settledUnit(result: ImportBatchResult, q: OffsetQuestion): OffsetUnit | null {
  const { here, there } = readsIn(result, q);
  const other: OffsetUnit = q.unit === 'codepoint' ? 'utf16' : 'codepoint';
  if (here !== there) return here ? q.unit : other;
  if (!here) return null;
  const spans = (docs: readonly PortableDocument[]) => JSON.stringify(docs.filter((d) => d.meta.sourcePath === q.path).map((d) => d.spans));
  return spans(result.documents) === spans(q.alternative ?? []) ? q.unit : null;
}

/**
 * `result` with each questioned file's reading in the unit `unitOf` gives it: where that is the other
 * unit, its documents (or its failure) are replaced by the other reading, or by a failure saying why
 * that reading fails.
 */
export function inUnits(result: ImportBatchResult, unitOf: (q: OffsetQuestion) => OffsetUnit): ImportBatchResult {
  const swapped = (result.offsetQuestions ?? []).filter((q) => q.unit !== unitOf(q));
  if (swapped.length === 0) return result;
  const paths = new Set(swapped.map((q) => q.path));
  const documents = result.documents.filter((d) => !paths.has(d.meta.sourcePath ?? ''));
  const failures = result.failures.filter((f) => !paths.has(f.path));
  for (const q of swapped) {
    if (q.alternative) documents.push(...q.alternative);
    else failures.push({ file: q.file, path: q.path, code: 'malformed', message: messagesNow().importReport.otherUnitFails(q.file, q.otherUnitProblem) });
  }
  const offsetQuestions = (result.offsetQuestions ?? []).map((q): OffsetQuestion => (paths.has(q.path) ? { file: q.file, path: q.path, unit: unitOf(q) } : q));
  return { ...result, documents, failures, offsetQuestions };
}

/** `result` with every questioned file read in `unit`. */
export function inUnit(result: ImportBatchResult, unit: OffsetUnit): ImportBatchResult {
  return inUnits(result, () => unit);
}
