// Asks the reader-pack worker (./pack-worker.ts) to build the packs of documents the reader opened
// from their records, or left after editing them, once the page has been quiet for a while: a build
// reads every span and relation record of a document, which is the work a pack spares the next open,
// and is done off the page so that no frame waits for it.
import type { Id } from '$model';
import type { PackAnswer, PackRequest } from './pack-worker';

/** The part of a Worker the builder uses (a stand-in in tests). */
export interface PackWorker {
  postMessage(request: PackRequest): void;
  onmessage: ((event: { data: PackAnswer }) => void) | null;
}

export interface PackBuilderOptions {
  /** quiet time before the documents asked for are built (2 s) */
  delayMs?: number;
  /** makes the worker, when first needed; null where workers cannot run (unit tests of the page's state) */
  makeWorker?: () => PackWorker | null;
  /**
   * documents not to build when the time comes: the one open in the reader, whose pack the reader
   * makes from its memory, and whose every record read would hold up the next edit's save
   */
  skip?: (docId: Id) => boolean;
}

function defaultWorker(): PackWorker | null {
  if (typeof Worker === 'undefined') return null;
  return new Worker(new URL('./pack-worker.ts', import.meta.url), { type: 'module' }) as unknown as PackWorker;
}

export class PackBuilder {
  private readonly waiting = new Set<Id>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private worker: PackWorker | null | undefined;
  private readonly delayMs: number;
  private readonly makeWorker: () => PackWorker | null;
  /** told of each answer (tests, and a failure is only logged: the pack is a cache) */
  onAnswer: ((answer: PackAnswer) => void) | null = null;

  constructor(
    private readonly database: string,
    options: PackBuilderOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 2000;
    this.makeWorker = options.makeWorker ?? defaultWorker;
    this.skip = options.skip ?? (() => false);
  }
  private readonly skip: (docId: Id) => boolean;

  /** Builds this document's pack once the page has been quiet for `delayMs` (each new request restarts the wait). */
  request(docId: Id, delayMs = this.delayMs): void {
    this.waiting.add(docId);
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.send(), delayMs);
  }

  /** The documents asked for, now (the page is about to be left, or a test). */
  send(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    for (const id of [...this.waiting]) if (this.skip(id)) this.waiting.delete(id);
    if (this.waiting.size === 0) return;
    if (this.worker === undefined) {
      this.worker = this.makeWorker();
      if (this.worker) this.worker.onmessage = ({ data }) => this.answered(data);
    }
    const docIds = [...this.waiting];
    this.waiting.clear();
    this.worker?.postMessage({ database: this.database, docIds });
  }

  private answered(answer: PackAnswer): void {
    if (answer.kind === 'error') console.warn(`reader packs of ${answer.docIds.length} document(s) not built: ${answer.message}`);
    this.onAnswer?.(answer);
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.waiting.clear();
  }
}
