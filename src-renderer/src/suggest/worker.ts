// The suggestion worker, started by the reader with
//   new Worker(new URL('../suggest/worker.ts', import.meta.url), { type: 'module' })
// Each message is { seq, locale, request } (see service.ts; its documents packed, see pack.ts); each answer { seq, reply } (packed too). The locale is
// the interface language the explanations and a list's problems are told in.
import type { Locale } from '$contract';
import { setCurrentLocale } from '../lib/i18n/current';
import { DEFAULT_CUE_FILES } from './default-cues';
import { packReply, unpackRequest, type WireReply, type WireRequest } from './pack';
import { SuggestService } from './service';

export interface WorkerMessage {
  seq: number;
  locale: Locale;
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
  setCurrentLocale(data.locale);
  const { wire, transfer } = packReply(service.handle(unpackRequest(data.request)));
  scope.postMessage({ seq: data.seq, reply: wire }, transfer);
};
