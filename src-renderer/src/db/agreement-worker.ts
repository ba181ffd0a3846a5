// The agreement worker, started by the agreement screen with
//   new Worker(new URL('../db/agreement-worker.ts', import.meta.url), { type: 'module' })
// A request either names what to compare, and the worker reads the layers and texts from the database
// itself (IndexedDB is shared by the page and its workers: nothing but ids, progress and the report
// crosses to the window), or brings the documents packed (./transfer.ts). It is answered by progress
// messages, then (for a read) what was read, then the report (or why it could not be computed).
// The spans stay packed throughout (computePackedAgreement reads them from their buffers).
import { GloseDatabase } from './database';
import { agreementInput, type ComparedLayer } from './layers';
import { computePackedAgreement } from '../agreement/compute';
import type { PackedDocument } from '../agreement/transfer';
import type { AgreementReport } from '../agreement/types';

interface Options {
  annotators: string[];
  labels: string[];
}

/** What to read: the database, the project, the layers compared and which documents count. */
export interface AgreementSource {
  database: string;
  projectId: string;
  compared: ComparedLayer[];
  doneOnly: boolean;
}

export type AgreementRequest =
  | { seq: number; source: AgreementSource; options: Options }
  | {
      seq: number;
      documents: PackedDocument[];
      /** the label names the packed spans' indexes refer to */
      names: string[];
      options: Options;
    };

export type AgreementAnswer =
  /** `phase` read: layers packed from the spans so far (only those not packed yet); compute: documents */
  | { seq: number; kind: 'progress'; phase: 'read' | 'compute'; done: number; total: number }
  /** the documents compared (id and name), and the layer packs read and built */
  | { seq: number; kind: 'read'; documents: Array<[id: string, name: string]>; packs: { read: number; built: number } }
  | { seq: number; kind: 'report'; report: AgreementReport }
  | { seq: number; kind: 'error'; message: string };

interface Scope {
  onmessage: ((event: { data: AgreementRequest }) => void) | null;
  postMessage(answer: AgreementAnswer): void;
}

const scope = self as unknown as Scope;
let db: GloseDatabase | null = null;

/** A message per percent at most: 100,000 small messages would cost more than the work. */
function throttled(seq: number, phase: 'read' | 'compute'): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    if (done === total || done - last >= Math.max(1, total / 100)) {
      last = done;
      scope.postMessage({ seq, kind: 'progress', phase, done, total });
    }
  };
}

async function answer(data: AgreementRequest): Promise<void> {
  const { seq, options } = data;
  let documents: PackedDocument[];
  let names: string[];
  if ('source' in data) {
    const { database, projectId, compared, doneOnly } = data.source;
    if (db?.name !== database) {
      db?.close();
      db = new GloseDatabase(database);
    }
    const input = await agreementInput(db, projectId, compared, doneOnly, undefined, throttled(seq, 'read'));
    scope.postMessage({ seq, kind: 'read', documents: input.documents.map((d) => [d.id, d.name]), packs: input.packs });
    if (input.documents.length === 0) return;
    documents = input.documents;
    names = input.labels;
  } else {
    documents = data.documents;
    names = data.names;
  }
  const report = computePackedAgreement(documents, names, { ...options, onProgress: throttled(seq, 'compute') });
  scope.postMessage({ seq, kind: 'report', report });
}

scope.onmessage = ({ data }) => {
  answer(data).catch((err: unknown) => scope.postMessage({ seq: data.seq, kind: 'error', message: err instanceof Error ? err.message : String(err) }));
};
