// The suggestion worker, started by the reader with
//   new Worker(new URL('../suggest/worker.ts', import.meta.url), { type: 'module' })
// Each message is { seq, request } (see service.ts; its documents packed, see pack.ts); each answer { seq, reply }. Replies
// carry no sentence: explanations and a list's problems are codes the page words (explain.ts, errors.ts).
import { DEFAULT_CUE_FILES } from './default-cues';
import { unpackRequest, type WireRequest } from './pack';
import { type SuggestReply, SuggestService } from './service';

export interface WorkerMessage {
  seq: number;
  request: WireRequest;
}

export interface WorkerAnswer {
  seq: number;
  reply: SuggestReply;
}

/** The worker's global scope, as far as this file uses it (the DOM typings describe a window). */
interface Scope {
  onmessage: ((event: { data: WorkerMessage }) => void) | null;
  postMessage(answer: WorkerAnswer): void;
}

const scope = self as unknown as Scope;
const service = new SuggestService(DEFAULT_CUE_FILES);
scope.onmessage = ({ data }) => {
  scope.postMessage({ seq: data.seq, reply: service.handle(unpackRequest(data.request)) });
};
