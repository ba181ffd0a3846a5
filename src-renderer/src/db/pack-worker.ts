// The reader-pack worker, started by the workspace with
//   new Worker(new URL('../db/pack-worker.ts', import.meta.url), { type: 'module' })
// It builds the reader packs of the documents named (./reader-packs.ts): reading every span and
// relation record of a book is what a pack saves the page, so it is done here, where the page's frames
// do not wait for it. IndexedDB is shared by the page and its workers: only ids cross.
import { GloseDatabase } from './database';
import { buildReaderPacks } from './reader-packs';

export interface PackRequest {
  database: string;
  docIds: string[];
}

export type PackAnswer = { kind: 'built'; docIds: string[]; stored: number } | { kind: 'error'; docIds: string[]; message: string };

interface Scope {
  onmessage: ((event: { data: PackRequest }) => void) | null;
  postMessage(answer: PackAnswer): void;
}

const scope = self as unknown as Scope;
let db: GloseDatabase | null = null;
/** one build at a time, in the order asked */
let queue: Promise<void> = Promise.resolve();

async function build({ database, docIds }: PackRequest): Promise<void> {
  if (db?.name !== database || !db.isOpen()) {
    // a connection Dexie closed (another version, a deleted database) is opened again
    db?.close();
    db = new GloseDatabase(database);
  }
  const stored = await buildReaderPacks(db, docIds);
  scope.postMessage({ kind: 'built', docIds, stored });
}

scope.onmessage = ({ data }) => {
  queue = queue.then(() => build(data)).catch((err: unknown) => scope.postMessage({ kind: 'error', docIds: data.docIds, message: err instanceof Error ? err.message : String(err) }));
};
