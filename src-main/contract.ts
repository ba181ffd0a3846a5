// The typed API between renderer and main: channel names, argument and result types.
// The renderer imports this file; keep it free of runtime dependencies.
import type { PortableDocument } from './model';

export interface ImportFailure {
  /** file name as the user knows it */
  file: string;
  path: string;
  /** a reason a person understands */
  message: string;
}

export interface ImportBatchResult {
  documents: PortableDocument[];
  failures: ImportFailure[];
  /** true when the user cancelled part-way; documents holds what was done */
  cancelled: boolean;
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
  'import:pick': { args: []; result: ImportBatchResult | null };
  'import:paths': { args: [paths: string[]]; result: ImportBatchResult };
  'import:cancel': { args: []; result: void };
  'export:save': { args: [request: ExportRequest]; result: ExportResult | null };
}

export type Channel = keyof Channels;

export const CHANNELS = ['app:info', 'import:pick', 'import:paths', 'import:cancel', 'export:save'] as const satisfies readonly Channel[];

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
  importPick(): Promise<ImportBatchResult | null>;
  importPaths(paths: string[]): Promise<ImportBatchResult>;
  importCancel(): Promise<void>;
  /** files dropped on the window: their paths are read in the preload (webUtils), never trusted from the page */
  importDropped(files: File[]): Promise<ImportBatchResult>;
  exportSave(request: ExportRequest): Promise<ExportResult | null>;
  on<E extends keyof MainEvents>(event: E, listener: (payload: MainEvents[E]) => void): () => void;
}

/** Errors cross the boundary as plain messages; this prefix marks ones written for the user. */
export const USER_ERROR_PREFIX = 'glose:';
