// Messages between the importer (main process) and the extraction worker.
import type { Extracted } from './index';

export interface WorkerRequest {
  id: number;
  path: string;
  name: string;
}

export type WorkerResponse =
  | { id: number; ok: true; extracted: Extracted }
  | { id: number; ok: false; code: string; message: string };
