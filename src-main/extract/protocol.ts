// Messages between the importer (main process) and the extraction worker.
import type { ExtractedFile } from './file';

export interface WorkerRequest {
  id: number;
  path: string;
  /** the file name, which chooses the reader */
  name: string;
  /** files larger than this on disk are refused before they are read */
  limitBytes: number;
}

export type WorkerResponse =
  | { id: number; ok: true; document: ExtractedFile }
  | { id: number; ok: false; code: string; message: string };

/** Sent once by a new worker when its code is loaded. */
export interface WorkerReady {
  ready: true;
}
