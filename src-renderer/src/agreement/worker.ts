// The agreement worker, started by the agreement screen with
//   new Worker(new URL('../agreement/worker.ts', import.meta.url), { type: 'module' })
// Each request { seq, documents, names, options } is answered by progress messages, then the report (or
// why the figures could not be computed). Computing off the main thread keeps the window responsive on
// hundreds of documents; the spans come packed (./transfer.ts) so that posting them is not a copy, and
// are read from their buffers as they came.
import { computePackedAgreement } from './compute';
import type { PackedDocument } from './transfer';
import type { AgreementReport } from './types';

export interface AgreementRequest {
  seq: number;
  documents: PackedDocument[];
  /** the label names the packed spans' indexes refer to */
  names: string[];
  options: { annotators: string[]; labels: string[] };
}

export type AgreementAnswer =
  | { seq: number; kind: 'progress'; done: number; total: number }
  | { seq: number; kind: 'report'; report: AgreementReport }
  | { seq: number; kind: 'error'; message: string };

interface Scope {
  onmessage: ((event: { data: AgreementRequest }) => void) | null;
  postMessage(answer: AgreementAnswer): void;
}

// globalThis is the worker's scope (self), and also names something under the Node type-check of the engine
const scope = globalThis as unknown as Scope;
scope.onmessage = ({ data }) => {
  const { seq, documents, names, options } = data;
  let last = 0;
  try {
    const report = computePackedAgreement(documents, names, {
      ...options,
      onProgress: (done, total) => {
        // a message per percent at most: 100,000 small messages would cost more than the work
        if (done === total || done - last >= Math.max(1, total / 100)) {
          last = done;
          scope.postMessage({ seq, kind: 'progress', done, total });
        }
      },
    });
    scope.postMessage({ seq, kind: 'report', report });
  } catch (err) {
    scope.postMessage({ seq, kind: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
