// Imports files: expands folders, checks size before reading, extracts in a worker thread, one file at a time.
import { Worker } from 'node:worker_threads';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ImportBatchResult, ImportFailure, ImportProgress } from '../contract';
import type { PortableDocument } from '../model';
import { checkSize, sha256Hex } from '../extract/index';
import type { WorkerRequest, WorkerResponse } from '../extract/protocol';
import { expandPaths } from './files';

export const DEFAULT_LIMIT_BYTES = 100 * 1024 * 1024;

export interface ImporterOptions {
  /** the built extraction worker script */
  workerPath: string;
  limitBytes?: number;
}

export class Importer {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, (res: WorkerResponse) => void>();
  private cancelRequested = false;
  private running = false;

  constructor(private readonly options: ImporterOptions) {}

  /** Stops after the file being extracted; what was imported is kept. */
  cancel(): void {
    if (this.running) this.cancelRequested = true;
  }

  async run(paths: readonly string[], onProgress: (p: ImportProgress) => void): Promise<ImportBatchResult> {
    if (this.running) throw new Error('an import is already running');
    this.running = true;
    this.cancelRequested = false;
    try {
      const { files, missing } = await expandPaths(paths);
      const failures: ImportFailure[] = missing.map((p) => ({ file: basename(p), path: p, message: 'not found' }));
      const documents: PortableDocument[] = [];
      let cancelled = false;
      for (const [i, path] of files.entries()) {
        if (this.cancelRequested) {
          cancelled = true;
          break;
        }
        const name = basename(path);
        onProgress({ done: i, total: files.length, current: name });
        const result = await this.importOne(path, name);
        if ('message' in result) failures.push(result);
        else documents.push(result);
      }
      onProgress({ done: cancelled ? documents.length + failures.length : files.length, total: files.length, current: '' });
      return { documents, failures, cancelled };
    } finally {
      this.running = false;
    }
  }

  async dispose(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }

  private async importOne(path: string, name: string): Promise<PortableDocument | ImportFailure> {
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      return { file: name, path, message: `${name}: not found` };
    }
    const tooLarge = checkSize(size, this.options.limitBytes ?? DEFAULT_LIMIT_BYTES);
    if (tooLarge) return { file: name, path, message: `${name}: ${tooLarge.message}` };
    const res = await this.extractInWorker({ id: this.nextId++, path, name });
    if (!res.ok) return { file: name, path, message: `${name}: ${res.message}` };
    const { text, meta } = res.extracted;
    return {
      name,
      text,
      meta: { ...meta, sourcePath: path, size, hash: sha256Hex(text) },
      spans: [],
      relations: [],
    };
  }

  private extractInWorker(req: WorkerRequest): Promise<WorkerResponse> {
    const worker = this.ensureWorker();
    return new Promise((resolve) => {
      this.pending.set(req.id, resolve);
      worker.postMessage(req);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.workerPath);
    worker.on('message', (res: WorkerResponse) => {
      this.pending.get(res.id)?.(res);
      this.pending.delete(res.id);
    });
    // A crashed worker fails the files it held and is replaced on the next file.
    const failAll = (message: string) => {
      for (const [id, resolve] of this.pending) resolve({ id, ok: false, code: 'corrupt', message });
      this.pending.clear();
      if (this.worker === worker) this.worker = null;
    };
    worker.on('error', (err) => failAll(`could not be read: ${err.message}`));
    worker.on('exit', () => failAll('could not be read: the extraction worker stopped'));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
