// The suggestion worker, started by the reader with
//   new Worker(new URL('../suggest/worker.ts', import.meta.url), { type: 'module' })
// Each message is { seq, request } (see service.ts; its documents packed, see pack.ts) or { seq, prepare }
// (a document the reader starts opening, read here from the database: IndexedDB is shared by the page
// and its workers, so the page need not send it); each answer { seq, reply }, packed too. Messages are
// answered in the order they came, a read from the database included. Replies carry no sentence:
// explanations and a list's problems are codes the page words (explain.ts, errors.ts).
import { GloseDatabase } from '../db/database';
import { prepareRequest, readSuggestSource } from '../db/suggestions';
import { DEFAULT_CUE_FILES } from './default-cues';
import { packReply, unpackRequest, type WireReply, type WireRequest } from './pack';
import { type SuggestReply, SuggestService } from './service';

/** What 'prepare' reads: the database, the document and the layer the reader opens, and the names of the labels and relation types by id. */
export interface PrepareSource {
  database: string;
  id: string;
  /** null: the user's own layer */
  layer: string | null;
  labels: Array<[id: string, name: string]>;
  types: Array<[id: string, name: string]>;
}

export type WorkerMessage = { seq: number; request: WireRequest } | { seq: number; prepare: PrepareSource };

export interface WorkerAnswer {
  seq: number;
  reply: WireReply;
}

/** The worker's global scope, as far as this file uses it (the DOM typings describe a window). */
interface Scope {
  onmessage: ((event: { data: WorkerMessage }) => void) | null;
  postMessage(answer: WorkerAnswer, transfer: ArrayBuffer[]): void;
}

const scope = self as unknown as Scope;
const service = new SuggestService(DEFAULT_CUE_FILES);
let db: GloseDatabase | null = null;

async function prepare(source: PrepareSource): Promise<SuggestReply> {
  if (db?.name !== source.database) {
    db?.close();
    db = new GloseDatabase(source.database);
  }
  const t0 = performance.now();
  const read = await readSuggestSource(db, source.id, source.layer, new Map(source.labels), new Map(source.types), service.knownText(source.id));
  // the worker's own User Timing (a trace shows it on the worker's thread)
  const t1 = performance.now();
  performance.measure('glose suggest worker: read', { start: t0, end: t1 });
  const reply: SuggestReply = read ? service.handle(prepareRequest(read, source)) : { type: 'ok' };
  performance.measure('glose suggest worker: prepare', { start: t1 });
  return reply;
}

async function answer(data: WorkerMessage): Promise<void> {
  let reply: SuggestReply;
  if ('prepare' in data) {
    try {
      reply = await prepare(data.prepare);
    } catch {
      // nothing prepared: the page, given no 'prepared' answer, sends the document
      reply = { type: 'ok' };
    }
  } else {
    reply = service.handle(unpackRequest(data.request));
  }
  const { wire, transfer } = packReply(reply);
  scope.postMessage({ seq: data.seq, reply: wire }, transfer);
}

let queue: Promise<void> = Promise.resolve();
scope.onmessage = ({ data }) => {
  queue = queue
    .then(() => answer(data))
    .catch((err: unknown) => {
      // thrown where the page sees it (its worker's error event), as a throw in onmessage would be; the next messages are answered still
      setTimeout(() => {
        throw err;
      }, 0);
    });
};
