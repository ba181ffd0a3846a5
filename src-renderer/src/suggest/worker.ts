// The suggestion worker, started by the reader with
//   new Worker(new URL('../suggest/worker.ts', import.meta.url), { type: 'module' })
// Each message is { seq, request } (see service.ts; its documents packed, see pack.ts); each answer { seq, reply }, packed
// too. Replies carry no sentence: explanations and a list's problems are codes the page words (explain.ts, errors.ts).
import { DEFAULT_CUE_FILES } from './default-cues';
import { packReply, unpackRequest, type WireReply, type WireRequest } from './pack';
import { SuggestService } from './service';

export interface WorkerMessage {
  seq: number;
  request: WireRequest;
}

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
scope.onmessage = ({ data }) => {
  const { wire, transfer } = packReply(service.handle(unpackRequest(data.request)));
  scope.postMessage({ seq: data.seq, reply: wire }, transfer);
};
