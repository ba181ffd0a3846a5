// Imports files: expands folders, refuses oversized files by their size on disk, and extracts each
// file's text in a worker thread (two at once where there are two cores). Annotated files
// (doccano/spaCy/Prodigy .jsonl, .conll, brat .ann or .zip, W3C or Label Studio .json) are parsed there
// instead, and may hold many documents. Every file gets a result, reported in the order the files
// were found; one bad file never stops the batch.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { DEFAULT_IMPORT_LIMIT_BYTES, type ImportBatchResult, type ImportFailure, type ImportOptions, type ImportProgress, type OffsetQuestion } from '../contract';
import type { PortableDocument } from '../model';
import { checkSize, formatDuration, workerMemoryMb } from '../extract/limits';
import type { WorkerReady, WorkerRequest, WorkerResponse } from '../extract/protocol';
import { annotatedKindOf, isBratConfig, refusedAnnotated } from '../extract/annotated';
import { expandPaths } from './files';
import { currentLocale, errorWords } from '../i18n/current';


export interface ImporterOptions {
  /** the built extraction worker script */
  workerPath: string;
  /** per-file size limit when the call gives none */
  limitBytes?: number;
  /** files extracted at once, each in its own worker (default: 2 where there are 2 cores or more) */
  concurrency?: number;
  /**
   * a file that takes longer than this is failed and its worker replaced (default 2 minutes): the
   * worker stops a file at each stage's own allowance, this catches a step that cannot be stopped
   */
  timeoutMs?: number;
}

/** A file's documents (several for an annotated file) or why it has none, and the question it raises. */
type Outcome = { documents: PortableDocument[] } | ImportFailure;
type Answer = { outcome: Outcome; offsetQuestion?: OffsetQuestion };

export class Importer {
  private readonly slots: WorkerSlot[];
  private nextId = 1;
  private cancelRequested = false;
  private running = false;

  constructor(private readonly options: ImporterOptions) {
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? Math.min(2, availableParallelism())));
    const timeoutMs = options.timeoutMs ?? 2 * 60_000;
    this.slots = Array.from({ length: concurrency }, () => new WorkerSlot(options.workerPath, timeoutMs));
  }

  /** Stops after the file(s) being extracted; what was imported is kept. */
  cancel(): void {
    if (this.running) this.cancelRequested = true;
  }

  async run(paths: readonly string[], onProgress: (p: ImportProgress) => void, options: ImportOptions = {}): Promise<ImportBatchResult> {
    if (this.running) throw new Error('an import is already running: wait for it to finish or cancel it');
    this.running = true;
    this.cancelRequested = false;
    try {
      const limit = options.limitBytes ?? this.options.limitBytes ?? DEFAULT_IMPORT_LIMIT_BYTES;
      const expanded = await expandPaths(paths);
      const { missing, unreadable } = expanded;
      const files = bratPairs(expanded.files);
      const total = files.length;
      const outcomes: Answer[] = [];
      let next = 0;
      let done = 0;
      const reading: string[] = [];
      const report = () => onProgress({ done, total, current: reading[0] ?? '' });
      // Each slot takes the next file when it is free; results land at the file's index, so the
      // report keeps the order the files were found in whatever order they finish.
      const work = async (slot: WorkerSlot): Promise<void> => {
        while (!this.cancelRequested && next < total) {
          const i = next++;
          const path = files[i] as string;
          reading.push(basename(path));
          report();
          outcomes[i] = await this.importOne(slot, path, limit);
          reading.splice(reading.indexOf(basename(path)), 1);
          done++;
          if (reading.length > 0) report();
        }
      };
      await Promise.all(this.slots.slice(0, Math.max(1, Math.min(this.slots.length, total))).map(work));
      const cancelled = done < total;
      onProgress({ done, total, current: '' });

      const documents: PortableDocument[] = [];
      const failures: ImportFailure[] = [
        ...missing.map((p) => failure(p, 'not-found', errorWords().notFound)),
        ...unreadable.map((p) => failure(p, 'unreadable', errorWords().folderUnreadable)),
      ];
      const reported = [...missing, ...unreadable];
      const offsetQuestions: OffsetQuestion[] = [];
      for (const [i, { outcome, offsetQuestion }] of outcomes.entries()) {
        reported.push(files[i] as string);
        if ('code' in outcome) failures.push(outcome);
        else documents.push(...outcome.documents);
        if (offsetQuestion) offsetQuestions.push(offsetQuestion);
      }
      return {
        documents,
        failures,
        files: reported,
        notReached: total - done,
        cancelled,
        ...(offsetQuestions.length > 0 ? { offsetQuestions } : {}),
      };
    } finally {
      this.running = false;
    }
  }

  async dispose(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.dispose()));
  }

  private async importOne(slot: WorkerSlot, path: string, limit: number): Promise<Answer> {
    const name = basename(path);
    // The size on disk is checked here too, so an oversized file costs no trip to the worker.
    try {
      const tooLarge = checkSize((await stat(path)).size, limit);
      if (tooLarge) return { outcome: failure(path, tooLarge.code, tooLarge.message) };
    } catch {
      return { outcome: failure(path, 'not-found', errorWords().notFound) };
    }
    const refused = refusedAnnotated(name);
    if (refused) return { outcome: failure(path, 'unsupported', refused) };
    // Annotated formats (doccano, CoNLL, brat, W3C, Label Studio, spaCy, Prodigy) are parsed, not extracted.
    const mode = annotatedKindOf(name) ? 'annotated' : 'extract';
    const res = await slot.extract({ id: this.nextId++, path, name, limitBytes: limit, mode, locale: currentLocale() });
    const question = 'offsetQuestion' in res && res.offsetQuestion ? { offsetQuestion: { file: name, path, ...res.offsetQuestion } } : {};
    if (!res.ok) return { outcome: { ...failure(path, res.code, res.message, res.details), ...(res.looksLike ? { looksLike: res.looksLike } : {}) }, ...question };
    if ('documents' in res) return { outcome: { documents: res.documents }, ...question };
    return { outcome: { documents: [{ name, text: res.document.text, meta: res.document.meta, spans: [], relations: [] }] } };
  }
}

/**
 * A brat folder holds a .txt and a .ann per document, and configuration files: the .ann is read
 * with its .txt, so the .txt is not imported again on its own, and the .conf files are left out.
 */
export function bratPairs(files: readonly string[]): string[] {
  const annotated = new Set(files.filter((f) => annotatedKindOf(f) === 'ann').map((f) => f.slice(0, -'.ann'.length).toLowerCase()));
  if (annotated.size === 0) return [...files];
  return files.filter((f) => {
    if (isBratConfig(f)) return false;
    return !(/\.txt$/i.test(f) && annotated.has(f.slice(0, -'.txt'.length).toLowerCase()));
  });
}

function failure(path: string, code: string, reason: string, details?: string[]): ImportFailure {
  const file = basename(path);
  return { file, path, code, message: `${file}${errorWords().afterName}${reason}`, ...(details ? { details } : {}) };
}

/**
 * One worker thread, one file at a time; replaced when it crashes or hangs. Its heap is capped for
 * the size limit of the files it reads (and it is replaced when the limit changes), so a file that
 * needs more ends the worker with a message, never the app.
 */
class WorkerSlot {
  private worker: Worker | null = null;
  /** the heap cap of the current worker, in MB */
  private memoryMb = 0;
  /** settles once the worker has loaded its code (or died trying) */
  private started: Promise<void> = Promise.resolve();
  private pending: { id: number; worker: Worker; resolve: (res: WorkerResponse) => void } | null = null;

  constructor(
    private readonly workerPath: string,
    private readonly timeoutMs: number,
  ) {}

  extract(req: WorkerRequest): Promise<WorkerResponse> {
    const worker = this.ensureWorker(workerMemoryMb(req.limitBytes));
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      this.pending = {
        id: req.id,
        worker,
        resolve: (res) => {
          clearTimeout(timer);
          worker.unref();
          resolve(res);
        },
      };
      // Keeps the process alive while a file is being read, not while the worker idles.
      worker.ref();
      // The time allowed counts from when the worker is ready: its start-up is not the file's fault.
      void this.started.then(() => {
        if (this.pending?.id !== req.id) return;
        timer = setTimeout(() => {
          this.drop(worker);
          this.settle({ id: req.id, ok: false, code: 'timeout', message: errorWords().tookTooLong(formatDuration(this.timeoutMs)) });
          void worker.terminate();
        }, this.timeoutMs);
        worker.postMessage(req);
      });
    });
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private settle(res: WorkerResponse): void {
    const pending = this.pending;
    if (!pending || pending.id !== res.id) return;
    this.pending = null;
    pending.resolve(res);
  }

  private drop(worker: Worker): void {
    if (this.worker === worker) this.worker = null;
  }

  private ensureWorker(memoryMb: number): Worker {
    if (this.worker && this.memoryMb === memoryMb) return this.worker;
    if (this.worker) void this.worker.terminate();
    const worker = new Worker(this.workerPath, { resourceLimits: { maxOldGenerationSizeMb: memoryMb } });
    this.memoryMb = memoryMb;
    let ready = () => {};
    this.started = new Promise<void>((resolve) => (ready = resolve));
    worker.on('message', (msg: WorkerResponse | WorkerReady) => {
      if ('ready' in msg) ready();
      else this.settle(msg);
    });
    // A crashed worker fails the file it held and is replaced on the next file.
    const fail = (message: string, code = 'corrupt') => {
      this.drop(worker);
      ready();
      if (this.pending?.worker === worker) this.settle({ id: this.pending.id, ok: false, code, message });
    };
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code !== 'ERR_WORKER_OUT_OF_MEMORY') return fail(errorWords().couldNotRead(err.message));
      fail(errorWords().needsMemory(memoryMb), 'too-large');
    });
    worker.on('exit', () => fail(errorWords().stoppedUnexpectedly));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
