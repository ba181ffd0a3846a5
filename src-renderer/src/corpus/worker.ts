// The corpus worker, started by the corpus view with
//   new Worker(new URL('../corpus/worker.ts', import.meta.url), { type: 'module' })
// It opens the database itself (IndexedDB is shared by the page and its workers), so the texts and
// spans of thousands of documents are read and searched here and never cross to the window: only
// the hits and the counts do. Requests and answers: service.ts.
import { GloseDatabase } from '$db/database';
import { loadTexts, spansOfDocuments } from '$db/corpus';
import { CorpusService, type CorpusAnswer, type CorpusRequest } from './service';

/** The worker's global scope, as far as this file uses it (the DOM typings describe a window). */
interface Scope {
  onmessage: ((event: { data: CorpusRequest }) => void) | null;
  postMessage(answer: CorpusAnswer): void;
}

const scope = self as unknown as Scope;
const db = new GloseDatabase();
const service = new CorpusService({
  texts: (ids) => loadTexts(db, ids),
  spans: (ids, layer) => spansOfDocuments(db, ids, layer),
});
scope.onmessage = ({ data }) => void service.handle(data, (answer) => scope.postMessage(answer));
