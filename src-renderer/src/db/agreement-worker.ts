// The agreement worker, started by the agreement screen with
//   new Worker(new URL('../db/agreement-worker.ts', import.meta.url), { type: 'module' })
// A request either names what to compare, and the worker reads the layers and texts from the database
// itself (IndexedDB is shared by the page and its workers: nothing but ids, progress and the report
// crosses to the window), or brings the documents packed (./transfer.ts). It is answered by progress
// messages, then (for a read) what was read, then the report (or why it could not be computed).
// The spans stay packed throughout (computePackedAgreement reads them from their buffers).
// It also keeps a project's layer packs built in the background (a `keep` request, sent by the page
// after start-up and once edits pause: ./packs.ts keepPacked), a few layers at a time, holding off
// while it computes a report, and stopping when a newer request (or `stop`) comes.
import { GloseDatabase } from './database';
import { agreementInput, type ComparedLayer } from './layers';
import { keepPacked, type Kept } from './packs';
import { computePackedAgreement } from '../agreement/compute';
import { warmUpAgreement } from '../agreement/warm-up';
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

/** Keep a project's packs built (`stop`: stop keeping them, for now). */
/** keep the project's packs (but those of `skip`, the document open in the reader), or stop keeping them */
export type KeepRequest = { keep: number; database: string; projectId: string; skip?: string[] } | { keep: number; stop: true };

/** A report asked for: what to read, or the documents themselves. */
export type ReportRequest =
  | { seq: number; source: AgreementSource; options: Options }
  | {
      seq: number;
      documents: PackedDocument[];
      /** the label names the packed spans' indexes refer to */
      names: string[];
      options: Options;
    };

export type AgreementRequest = KeepRequest | ReportRequest;

export type AgreementAnswer =
  /** `phase` read: layers packed from the spans so far (only those not packed yet); compute: documents */
  | { seq: number; kind: 'progress'; phase: 'read' | 'compute'; done: number; total: number }
  /** the documents compared (id and name), and the layer packs read and built */
  | { seq: number; kind: 'read'; documents: Array<[id: string, name: string]>; packs: { read: number; built: number } }
  | { seq: number; kind: 'report'; report: AgreementReport }
  | { seq: number; kind: 'error'; message: string }
  /** a keep request done (or stopped), or why it failed */
  | ({ keep: number; kind: 'kept' } & Kept)
  | { keep: number; kind: 'keepFailed'; message: string };

interface Scope {
  onmessage: ((event: { data: AgreementRequest }) => void) | null;
  postMessage(answer: AgreementAnswer): void;
}

const scope = self as unknown as Scope;
let db: GloseDatabase | null = null;

function database(name: string): GloseDatabase {
  if (db?.name !== name) {
    db?.close();
    db = new GloseDatabase(name);
    claimsLooked = false;
  }
  return db;
}

/** reports being read or computed: the keeping waits for none */
let busy = 0;
const idle: Array<() => void> = [];
/** the newest keep request: an older one stops */
let keeping = 0;
/** whether this worker looked for claims left by builds that never ended in its database */
let claimsLooked = false;
/** whether the engine ran once on the warm-up workload */
let warmedUp = false;

/** Resolves once no report is being made (true if it had to wait), after letting other messages in. */
async function turn(): Promise<boolean> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (busy === 0) return false;
  await new Promise<void>((resolve) => idle.push(resolve));
  return true;
}

async function keep(request: KeepRequest): Promise<void> {
  keeping = Math.max(keeping, request.keep);
  if ('stop' in request) return;
  const mine = request.keep;
  const base = database(request.database);
  const claims = !claimsLooked;
  const kept = await keepPacked(base, request.projectId, { claims, stopped: () => keeping !== mine || db !== base, turn, skip: request.skip ?? [] });
  if (claims && !kept.stopped) claimsLooked = true;
  // once the layers are packed and nothing else is asked, the engine is run once on a small made-up
  // workload (../agreement/warm-up.ts): the first report of this worker is then computed at full speed
  if (!kept.stopped && busy === 0 && keeping === mine) warmUp();
  scope.postMessage({ keep: mine, kind: 'kept', ...kept });
}

/** Layers to pack before a report from which the engine's warm-up is run while they are read (see answer). */
export const WARM_UP_WHILE_PACKING = 100;

/** Runs the engine once on the warm-up workload, unless it ran already in this worker. */
function warmUp(): void {
  if (warmedUp) return;
  warmedUp = true;
  warmUpAgreement();
}

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

async function answer(data: ReportRequest): Promise<void> {
  const { seq, options } = data;
  let documents: PackedDocument[];
  let names: string[];
  if ('source' in data) {
    const { projectId, compared, doneOnly } = data.source;
    const progress = throttled(seq, 'read');
    const input = await agreementInput(database(data.source.database), projectId, compared, doneOnly, undefined, (done, total) => {
      progress(done, total);
      // layers are being packed from their span records: a read that waits on IndexedDB for seconds, the
      // worker's thread idle meanwhile (the other requests of the batch are under way). The engine's
      // warm-up, left undone when the report was asked before the background packing ended, runs then
      // rather than slowing the computing that follows (cold, the engine took twice its warm time).
      // Only for many layers: packing a few takes less than the warm-up itself.
      if (done === 1 && total >= WARM_UP_WHILE_PACKING && !warmedUp) setTimeout(warmUp, 0);
    });
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

const why = (err: unknown) => (err instanceof Error ? err.message : String(err));

scope.onmessage = ({ data }) => {
  if ('keep' in data) {
    keep(data).catch((err: unknown) => scope.postMessage({ keep: data.keep, kind: 'keepFailed', message: why(err) }));
    return;
  }
  busy++;
  answer(data)
    .catch((err: unknown) => scope.postMessage({ seq: data.seq, kind: 'error', message: why(err) }))
    .finally(() => {
      if (--busy === 0) for (const wake of idle.splice(0)) wake();
    });
};
