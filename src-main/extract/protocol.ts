// Messages between the importer (main process) and the extraction worker.
import type { FileKind, Locale, OffsetQuestion } from '../contract';
import type { PortableDocument } from '../model';
import type { ExtractedFile } from './file';

/** The unit a doccano file was read with, when it matters, and whether the other one reads. */
export type WorkerOffsetQuestion = Omit<OffsetQuestion, 'file' | 'path'>;

export interface WorkerRequest {
  id: number;
  path: string;
  /** the file name, which chooses the reader */
  name: string;
  /** files larger than this on disk are refused before they are read */
  limitBytes: number;
  /** 'annotated': an interchange format (doccano, brat…) read with its annotations; default 'extract' */
  mode?: 'extract' | 'annotated';
  /** the language a failure is told in (default English) */
  locale?: Locale;
}

export type WorkerResponse =
  | { id: number; ok: true; document: ExtractedFile }
  /** an annotated file: every document it holds, with spans and relations */
  | { id: number; ok: true; documents: PortableDocument[]; offsetQuestion?: WorkerOffsetQuestion }
  /** details: every problem of a malformed annotated file, when there are several */
  | { id: number; ok: false; code: string; message: string; details?: string[]; offsetQuestion?: WorkerOffsetQuestion; looksLike?: FileKind };

/** Sent once by a new worker when its code is loaded. */
export interface WorkerReady {
  ready: true;
}
