// The typed API between renderer and main: channel names, argument and result types.
// The renderer imports this file; keep it free of runtime dependencies.
import type { PortableDocument } from './model';

export interface ImportFailure {
  /** file name as the user knows it */
  file: string;
  path: string;
  /** "<file name>: <a reason a person understands>" */
  message: string;
  /** machine-readable reason: an ExtractErrorCode, or 'not-found', 'unreadable', 'timeout' */
  code: string;
}

export interface ImportBatchResult {
  documents: PortableDocument[];
  failures: ImportFailure[];
  /** every path that got a result (a document's is meta.sourcePath), in the order they were processed */
  files: string[];
  /** files found (in folders too) but not read because the import was cancelled */
  notReached: number;
  /** true when the user cancelled part-way; documents holds what was done */
  cancelled: boolean;
}

/** Per-file size limit when none is given: files larger on disk are refused before being read. */
export const DEFAULT_IMPORT_LIMIT_BYTES = 100 * 1024 * 1024;
/** The largest limit accepted: a text longer than this could not be held as one string. */
export const MAX_IMPORT_LIMIT_BYTES = 512 * 1024 * 1024;

/**
 * Options of one import. The renderer keeps the size limit in its Dexie settings table under the
 * key "importLimitBytes" (a number of bytes) and passes it with every import call.
 */
export interface ImportOptions {
  /** per-file size limit in bytes (1 … MAX_IMPORT_LIMIT_BYTES); DEFAULT_IMPORT_LIMIT_BYTES when absent */
  limitBytes?: number;
}

export interface ImportProgress {
  done: number;
  total: number;
  current: string;
}

export type ExportFormatId = 'doccano';

export interface ExportRequest {
  format: ExportFormatId;
  defaultName: string;
  documents: PortableDocument[];
}

export interface ExportResult {
  path: string;
  bytes: number;
  documents: number;
  spans: number;
}

export interface AppInfo {
  version: string;
  platform: string;
  /** the OS user name, the default annotator name */
  userName: string;
  /** files passed on the command line at launch (given once) */
  launchPaths: string[];
}

/** Every request/response channel: argument tuple and result. */
export interface Channels {
  'app:info': { args: []; result: AppInfo };
  'import:pick': { args: [options?: ImportOptions]; result: ImportBatchResult | null };
  'import:paths': { args: [paths: string[], options?: ImportOptions]; result: ImportBatchResult };
  'import:cancel': { args: []; result: void };
  'export:save': { args: [request: ExportRequest]; result: ExportResult | null };
  /** a small text file the renderer made (statistics CSV, a label schema), through the save dialog */
  'file:saveText': { args: [request: SaveTextRequest]; result: { path: string; bytes: number } | null };
}

export interface SaveTextRequest {
  defaultName: string;
  content: string;
}

export type Channel = keyof Channels;

export const CHANNELS = ['app:info', 'import:pick', 'import:paths', 'import:cancel', 'export:save', 'file:saveText'] as const satisfies readonly Channel[];

/** Commands the native menu (or a second launch) sends to the renderer. */
export type MenuCommand = 'import' | 'export' | 'undo' | 'redo' | 'find' | 'shortcuts';

export interface MainEvents {
  'menu:command': MenuCommand;
  'import:progress': ImportProgress;
  /** files passed on a command line (first or second launch) */
  'open:paths': string[];
}

export const EVENTS = ['menu:command', 'import:progress', 'open:paths'] as const satisfies readonly (keyof MainEvents)[];

/** window.glose: one function per channel, plus event subscriptions and dropped-file import. */
export interface GloseApi {
  appInfo(): Promise<AppInfo>;
  importPick(options?: ImportOptions): Promise<ImportBatchResult | null>;
  importPaths(paths: string[], options?: ImportOptions): Promise<ImportBatchResult>;
  /** stops the running import after the file being read; what was imported is returned */
  importCancel(): Promise<void>;
  /**
   * Files and folders dropped on the window: their paths are read in the preload (webUtils), never
   * trusted from the page; a folder is imported with everything in it.
   */
  importDropped(files: File[], options?: ImportOptions): Promise<ImportBatchResult>;
  exportSave(request: ExportRequest): Promise<ExportResult | null>;
  saveText(request: SaveTextRequest): Promise<{ path: string; bytes: number } | null>;
  on<E extends keyof MainEvents>(event: E, listener: (payload: MainEvents[E]) => void): () => void;
}

/** Errors cross the boundary as plain messages; this prefix marks ones written for the user. */
export const USER_ERROR_PREFIX = 'glose:';
