// The typed API between renderer and main: channel names, argument and result types.
// The renderer imports this file; keep it free of runtime dependencies.
import type { DocStatus, DocumentMetadata, DocumentRecord, DocumentText, LabelDef, LayerDocument, LayerRelation, LayerSpan, PortableDocument, PortableRelation, PortableSpan, Project, Relation, RelationType, SchemaSpec, Span } from './model';

export interface ImportFailure {
  /** file name as the user knows it */
  file: string;
  path: string;
  /** "<file name>: <a reason a person understands>" */
  message: string;
  /** machine-readable reason: an ExtractErrorCode, or 'not-found', 'unreadable', 'timeout', 'malformed' (an annotated file) */
  code: string;
  /** a malformed annotated file: every problem found ("line 3: …"), up to 50, then "and N more" */
  details?: string[];
  /** a file that is not text ('not-text'): what its first bytes say it is, for the renderer to word */
  looksLike?: FileKind;
}

/** What a file that is not text can look like, from its first bytes (src-main/extract/sniff.ts). */
export const FILE_KINDS = ['png', 'jpeg', 'gif', 'tiff', 'webp', 'media', 'zip', 'pdf', 'ole2', 'gzip', '7z', 'rar', 'xz', 'sqlite', 'elf', 'macho', 'exe'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/**
 * A doccano file whose offsets mean different things in code points and in UTF-16 units (it holds
 * characters outside the BMP). Nothing in the file says which it uses, so the renderer asks.
 */
export interface OffsetQuestion {
  file: string;
  path: string;
  /** the unit the file was read with (its documents or its failure are in the same result) */
  unit: 'codepoint' | 'utf16';
  /** why the file cannot be read in the other unit; absent when it can */
  otherUnitProblem?: string;
  /**
   * the file's documents read in the other unit, when it reads: the file is read once and both
   * readings travel, so that the answer never needs the page to name the file again
   */
  alternative?: PortableDocument[];
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
  /** doccano files whose unit of offsets the user should confirm before anything is saved */
  offsetQuestions?: OffsetQuestion[];
  /**
   * set when main still holds more of the batch's documents (they follow `documents`, in order):
   * the page asks 'import:more' with this id until it answers `more: false`. A large batch comes in
   * slices so that no single answer holds the page's main thread while it is copied in.
   */
  more?: string;
}

/** The next slice of a batch's documents ('import:more'). */
export interface ImportSlice {
  documents: PortableDocument[];
  /** whether main still holds more after these */
  more: boolean;
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
  /** import:pick only: the dialog chooses folders (imported with everything in them) instead of files */
  folders?: boolean;
}

export interface ImportProgress {
  done: number;
  total: number;
  current: string;
}

/**
 * The formats an export offers, in the order the dialog lists them: the one list from which the id
 * type, the IPC schema's enum (services/schemas.ts) and the format registry (formats/index.ts,
 * services/exporter.ts) derive, so that a format added here and not handled there does not compile.
 */
export const EXPORT_FORMATS = [
  { id: 'doccano', name: 'doccano JSONL', extension: 'jsonl' },
  { id: 'conll', name: 'CoNLL (IOB)', extension: 'conll' },
  { id: 'brat', name: 'brat standoff (zip)', extension: 'zip' },
  { id: 'webanno', name: 'WebAnno TSV 3.3 (INCEpTION)', extension: 'zip' },
  { id: 'w3c', name: 'W3C Web Annotation (JSON-LD)', extension: 'jsonld' },
  { id: 'labelstudio', name: 'Label Studio JSON', extension: 'json' },
  { id: 'spacy', name: 'spaCy Doc JSON', extension: 'jsonl' },
  { id: 'prodigy', name: 'Prodigy JSONL', extension: 'jsonl' },
  { id: 'csv', name: 'CSV (one row per span)', extension: 'csv' },
] as const satisfies readonly { id: string; name: string; extension: string }[];

export type ExportFormatId = (typeof EXPORT_FORMATS)[number]['id'];

/** The ids alone, as a non-empty tuple (what z.enum takes). */
export const EXPORT_FORMAT_IDS = EXPORT_FORMATS.map((f) => f.id) as [ExportFormatId, ...ExportFormatId[]];

/** Format options; each format reads only its own and ignores the others. */
export interface ExportOptions {
  /** doccano: offsets in code points (Python string indexes, the default) or UTF-16 code units */
  offsets?: 'codepoint' | 'utf16';
  /** CoNLL: tagging scheme, default iob2 */
  scheme?: 'iob2' | 'iob1';
  /** CoNLL: `token TAG` (2) or CoNLL-2003's `token POS CHUNK TAG` (4), default 2 */
  columns?: 2 | 4;
  /** CoNLL: of overlapping spans keep the outermost (default) or none */
  overlap?: 'outermost' | 'skip';
  /** CSV: write cells as they are, even those a spreadsheet would run as a formula (default: neutralised) */
  raw?: boolean;
  /** CSV: start the file with a UTF-8 byte order mark, so that Excel reads accents */
  bom?: boolean;
  /** doccano, spaCy, Prodigy, Label Studio: write the source file's full path, not only its name */
  fullPaths?: boolean;
  /**
   * CoNLL, WebAnno TSV: the language whose tokenisation is used, 'auto' (default: each document's
   * metadata, else detected from its words) or a BCP 47 tag ('fr' splits French elisions; 'und' none)
   */
  language?: string;
}

/** How the documents of one language are tokenised, as the export dialog tells it (formats/tokens.ts). */
export interface TokenisationNote {
  /** BCP 47 primary tag, "und" when undetermined */
  language: string;
  /** the language in English ("French"), or "Undetermined" */
  name: string;
  documents: number;
  /** how the language was settled, for its documents */
  sources: ('export option' | 'metadata' | 'detected')[];
  /** the rules in a sentence */
  rule: string;
}

export interface ExportRequest {
  format: ExportFormatId;
  options?: ExportOptions;
  defaultName: string;
  documents: PortableDocument[];
  /** the project's labels and relation types (brat writes them to annotation.conf) */
  schema?: SchemaSpec;
}

/** Something an export cannot represent, told before and after the export (formats' describeLoss). */
export interface ExportLoss {
  kind: string;
  /** how many items are concerned */
  count: number;
  /** names of the documents concerned */
  documents: string[];
  message: string;
}

/** A span as the CoNLL report shows it. */
export interface ReportedSpan {
  label: string;
  text: string;
  start: number;
  end: number;
}

/** What an export to CoNLL would change in one document (formats/conll.ts checkConll). */
export interface ConllDocumentReport {
  document: string;
  /** spans off token boundaries (widened to whole tokens, or left out); at most 20 listed */
  misaligned: ReportedSpan[];
  misalignedCount: number;
  /** pairs of spans sharing a token; at most 20 listed */
  overlapping: [ReportedSpan, ReportedSpan][];
  overlappingCount: number;
}

export interface ExportPreview {
  /** the first lines of the output for the first document (for brat: its .ann) */
  text: string;
  /** what `text` shows: a document name, or "<stem>.ann" for brat */
  source: string;
  /** the output goes on beyond what `text` shows */
  truncated: boolean;
  /** long strings (the document text) were shortened in `text`, which the file holds in full */
  abridged: boolean;
  documents: number;
  spans: number;
  relations: number;
  losses: ExportLoss[];
  /** CoNLL only: one entry per document with misaligned or overlapping spans */
  conll?: ConllDocumentReport[];
  /** formats written as tokens: the tokenisation of each language present, most documents first */
  tokenisation?: TokenisationNote[];
  /** brat only: the names written as other identifiers */
  renamed?: RenamedName[];
  /** spans that start or end inside a grapheme cluster, per document (at most 20 listed each) */
  graphemeSplits?: SpanListReport[];
}

/** A name brat cannot store as it is, and the identifier written instead. */
export interface RenamedName {
  kind: 'type' | 'relation' | 'attribute' | 'value';
  name: string;
  id: string;
}

/** Some spans of one document, as a report lists them. */
export interface SpanListReport {
  document: string;
  /** at most 20 */
  spans: ReportedSpan[];
  count: number;
}

export interface ExportResult {
  path: string;
  bytes: number;
  format: ExportFormatId;
  documents: number;
  spans: number;
  relations: number;
  /** what the file does not hold (empty when the export is faithful) */
  losses: ExportLoss[];
}

/** The languages of the interface; the renderer's choice is sent to main for the menu and native dialogs. */
export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

/** The interface language for the OS's preferred languages (first start): French for any fr-*, else English. */
export function localeFor(languages: readonly string[]): Locale {
  const first = languages[0]?.toLowerCase() ?? '';
  return first === 'fr' || first.startsWith('fr-') || first.startsWith('fr_') ? 'fr' : 'en';
}

export interface AppInfo {
  version: string;
  platform: string;
  /** the OS user name, the default annotator name */
  userName: string;
}

/**
 * A file dropped on the window, as the preload hands it to main: its path comes from
 * webUtils.getPathForFile, which gives '' for a File the page made itself (refused by main).
 */
export interface DroppedFile {
  /** the file's name as the page saw it, for the report */
  name: string;
  path: string;
}

/** Every request/response channel: argument tuple and result. */
export interface Channels {
  'app:info': { args: []; result: AppInfo };
  /** the interface language chosen in the renderer: main rebuilds its menu and words its dialogs in it */
  'app:setLocale': { args: [locale: Locale]; result: void };
  'import:pick': { args: [options?: ImportOptions]; result: ImportBatchResult | null };
  /** imports the files main holds from the command line or the OS (see 'import:waiting'); null when none */
  'import:pending': { args: [options?: ImportOptions]; result: ImportBatchResult | null };
  /** the preload's channel for dropped files (GloseApi.importDropped): the page never names a path */
  'import:dropped': { args: [files: DroppedFile[], options?: ImportOptions]; result: ImportBatchResult };
  'import:cancel': { args: []; result: void };
  /** the next slice of the documents of a batch answered with `more` (see ImportBatchResult.more) */
  'import:more': { args: [batch: string]; result: ImportSlice };
  'export:preview': { args: [request: ExportRequest]; result: ExportPreview };
  'export:save': { args: [request: ExportRequest]; result: ExportResult | null };
  /** opens a label schema (Glose JSON, brat annotation.conf, doccano labels) through the open dialog */
  'schema:import': { args: []; result: SchemaImportResult | null };
  /** a small text file the renderer made (statistics CSV, a label schema), through the save dialog */
  'file:saveText': { args: [request: SaveTextRequest]; result: { path: string; bytes: number } | null };
  /** writes a snapshot to the backup folder (every few minutes of editing, on quit, before a restore, "Back up now") */
  'backup:snapshot': { args: [snapshot: WorkspaceSnapshot, reason: SnapshotReason]; result: BackupFile };
  /** File ▸ Backup workspace…: the save dialog, then the file */
  'backup:save': { args: [snapshot: WorkspaceSnapshot]; result: BackupFile | null };
  /** File ▸ Restore…: the open dialog, then the file read and validated; nothing is changed yet */
  'backup:open': { args: []; result: RestoreCandidate | null };
  /** the newest valid snapshot in the backup folder */
  'backup:latest': { args: []; result: RestoreCandidate | null };
  'backup:info': { args: []; result: BackupInfo };
  /** lets the user choose another backup folder; null when cancelled */
  'backup:pickFolder': { args: []; result: BackupInfo | null };
  /** the renderer's answer to 'backup:request': its final snapshot is written, or nothing changed */
  'backup:quitReady': { args: []; result: void };
  /** stores one committed transaction in the write journal, flushed to disk; resolves with its position */
  'journal:append': { args: [write: JournalWrite]; result: JournalPosition };
  /** the journal, validated, for rebuilding a database Chromium deleted */
  'journal:read': { args: []; result: JournalContents };
  /** the position of the journal's last entry (its base when it has none) */
  'journal:position': { args: []; result: JournalPosition };
  /** the model served by the user: its URL (null: off, the default) and whether the user let Glose send to it */
  'suggest:backend': { args: []; result: MlBackendStatus };
  /** sets the model's base URL, or switches it off with null; nothing is sent until the user confirms, at the first call */
  'suggest:setBackend': { args: [url: string | null]; result: MlBackendStatus };
  /** GET <url>/health: whether the model answers (the first call to a URL asks the user first) */
  'suggest:checkBackend': { args: []; result: MlBackendHealth | MlBackendFailure };
  /** POST <url>/predict with one document: its proposals in UTF-16 offsets (the first call to a URL asks the user first) */
  'suggest:predict': { args: [request: MlPredictRequest]; result: MlPrediction | MlBackendFailure };
  /** the open dialog for a gazetteer or a cue list, then the file read as text; its content is checked by the page's recommenders */
  'suggest:importList': { args: []; result: SuggestListFile | null };
  /** a work package (hand-out or return) through the save dialog, written as a zip (services/work-package.ts) */
  'package:save': { args: [pkg: WorkPackage]; result: { path: string; bytes: number } | null };
  /** the open dialog, then the package read against a byte and time budget and validated; nothing is stored yet */
  'package:open': { args: [options?: ImportOptions]; result: OpenedPackage | null };
}

// ---- work packages: a project handed out to a named annotator, and their work sent back

/** One layer of a document in a package: whose it is ('' is the curated layer), their status, labels and annotations. */
export interface PackageLayer {
  layer: string;
  status: DocStatus;
  categories: string[];
  spans: PortableSpan[];
  relations: PortableRelation[];
}

export interface PackageDocument {
  name: string;
  text: string;
  meta: DocumentMetadata;
  layers: PackageLayer[];
}

/**
 * A project handed out to one annotator ('handout': documents, schema with its guidelines, their own
 * earlier layer, and the other layers unless the work is blind), or that annotator's work coming back
 * ('return': their layer alone, under the name they were handed the work).
 */
export interface WorkPackage {
  format: 'glose-package';
  version: 1;
  kind: 'handout' | 'return';
  /** the hand-out's id; a return carries the id of the hand-out it answers */
  id: string;
  /** ms since the epoch */
  createdAt: number;
  appVersion: string;
  /** the project's name */
  project: string;
  /** the annotator the work is for (handout) or by (return): the name of their layer */
  annotator: string;
  /** who made the package */
  from: string;
  /** the annotator sees only their own layer until they mark a document Done */
  blind: boolean;
  /** the lead's instructions, shown with the guidelines */
  note?: string;
  /** the labels (with their guidelines), relation types and document categories */
  schema: SchemaSpec;
  documents: PackageDocument[];
}

export interface OpenedPackage {
  /** the file's name, for the dialog */
  fileName: string;
  package: WorkPackage;
}

/** The largest gazetteer or cue list Glose reads, in bytes. */
export const MAX_SUGGEST_LIST_BYTES = 8 * 1024 * 1024;

/**
 * A list the user picked for the recommenders: a gazetteer (one term per line, term<TAB>label;
 * CSV term,label; spaCy/Prodigy patterns.jsonl) or a cue list (JSON, as resources/suggest/cues.*.json).
 */
export interface SuggestListFile {
  fileName: string;
  kind: 'gazetteer' | 'cues';
  content: string;
}

// ---- a model served by the user: a Label Studio ML backend (services/ml-backend.ts)

/** The longest text sent to the model, in UTF-16 code units. */
export const MAX_PREDICT_TEXT = 10 * 1024 * 1024;

/** The model as main keeps it, in its own settings file: off unless the user sets a URL. */
export interface MlBackendStatus {
  /** the backend's base URL (requests go to <url>/predict and <url>/health), or null: off */
  url: string | null;
  /** the user's answer to "Send documents to …?" for this URL; null until asked, which the first call does */
  consent: 'allowed' | 'declined' | null;
}

/**
 * Why a call gave nothing: no URL set ('off'), the user said no ('declined'; setting the URL again
 * asks again), nothing answers ('unreachable'), too slow ('timeout'), an HTTP error ('http'), a
 * redirect to another origin ('redirect'), an answer over the size cap ('too-large'), or one that is
 * not the Label Studio format ('malformed').
 */
export type MlBackendProblem = 'off' | 'declined' | 'unreachable' | 'timeout' | 'http' | 'redirect' | 'too-large' | 'malformed';

export interface MlBackendFailure {
  ok: false;
  problem: MlBackendProblem;
  /** a sentence for the user, naming the URL */
  message: string;
}

export interface MlBackendHealth {
  ok: true;
  url: string;
  /** what /health said ("UP" for Label Studio's SDK), null when it did not say */
  status: string | null;
  /** the backend's model class, when it names it */
  modelClass: string | null;
}

/** One document to propose spans for: its text as stored, and the project's label names. */
export interface MlPredictRequest {
  /** echoed in the result, so the answer can be matched to its document; never sent */
  documentId: string;
  text: string;
  /** the labels the model may use (sent as the Label Studio labeling config); others are dropped */
  labels: string[];
}

export interface MlProposal {
  /** UTF-16 offsets into the text sent, end exclusive */
  start: number;
  end: number;
  /** the project's spelling of the label */
  label: string;
  text: string;
  /** the region's score, else the prediction's, as the model gave it; null when it gave none */
  score: number | null;
}

/** What the model proposed that Glose left out, by reason. */
export interface MlDropped {
  /** results of another type than span labels (choices, relations, text areas…) */
  notSpans: number;
  /** offsets that are not whole numbers, empty, or past the end of the text */
  badRange: number;
  /** the result's text is not the text at its offsets */
  textMismatch: number;
  /** a label the project does not have (one per label of a result) */
  unknownLabel: number;
  /** the same span and label again */
  duplicate: number;
}

export interface MlPrediction {
  ok: true;
  documentId: string;
  /** the URL the document was sent to */
  url: string;
  modelVersion: string | null;
  /** sorted by start, then end */
  proposals: MlProposal[];
  dropped: MlDropped;
}

// ---- backups (docs/backup-format.md)

export interface SettingRecord {
  key: string;
  value: unknown;
}

/** Every table of the workspace database, as stored. */
export interface BackupTables {
  projects: Project[];
  documents: DocumentRecord[];
  texts: DocumentText[];
  labels: LabelDef[];
  relationTypes: RelationType[];
  spans: Span[];
  relations: Relation[];
  settings: SettingRecord[];
  layerSpans?: LayerSpan[];
  layerRelations?: LayerRelation[];
  layerDocuments?: LayerDocument[];
}

/** The whole workspace as one value: what a backup file holds. */
export interface WorkspaceSnapshot {
  format: 'glose-backup';
  version: 1;
  /** ms since the epoch */
  createdAt: number;
  appVersion: string;
  /** the version of the database schema the tables were read from (Dexie's version number) */
  schemaVersion: number;
  /** the write journal the snapshot was taken beside (absent in older backups) */
  journalId?: string;
  /** that journal's position the snapshot holds everything up to */
  journalSeq?: number;
  tables: BackupTables;
}

// ---- the write journal (src-main/services/journal.ts)

/** One write of a committed transaction, as IndexedDB was asked to do it. */
export type JournalOp =
  | { type: 'put'; table: string; values: unknown[] }
  | { type: 'delete'; table: string; keys: Array<string | number> }
  /** keys from lower to upper (a bound absent: unbounded on that side) */
  | { type: 'deleteRange'; table: string; lower?: string | number; upper?: string | number; lowerOpen: boolean; upperOpen: boolean };

/** One committed transaction, as the renderer sends it. */
export interface JournalWrite {
  ops: JournalOp[];
}

export interface JournalEntry extends JournalWrite {
  /** its position: 1, 2, 3… across sessions */
  seq: number;
  /** ms since the epoch, when main stored it */
  at: number;
}

/** Where a journal is: which journal (a new one is begun if the file is lost) and its last entry. */
export interface JournalPosition {
  id: string;
  seq: number;
  /** a snapshot taken beside this journal exists: a database it did not see begin can be rebuilt */
  anchored: boolean;
}

/** The journal read back: the entries that follow the snapshot at position `base` (0: an empty database). */
export interface JournalContents {
  id: string;
  base: number;
  entries: JournalEntry[];
}

export type SnapshotReason = 'auto' | 'quit' | 'manual' | 'before-restore';

export interface BackupFile {
  path: string;
  name: string;
  /** ms since the epoch */
  createdAt: number;
  bytes: number;
}

export interface BackupInfo {
  folder: string;
  /** the folder is the default one, in the app's data folder */
  isDefault: boolean;
  latest: BackupFile | null;
  count: number;
}

/** A backup read and validated by main, waiting for the user to confirm the restore. */
export interface RestoreCandidate {
  path: string;
  snapshot: WorkspaceSnapshot;
}

export interface SchemaImportResult {
  fileName: string;
  spec: SchemaSpec;
  warnings: string[];
}

export interface SaveTextRequest {
  defaultName: string;
  content: string;
}

export type Channel = keyof Channels;


/** Commands the native menu (or a second launch) sends to the renderer. */
export type MenuCommand = 'import' | 'importFolder' | 'export' | 'undo' | 'redo' | 'find' | 'shortcuts' | 'settings' | 'backup' | 'restore';

export interface MainEvents {
  'menu:command': MenuCommand;
  'import:progress': ImportProgress;
  /**
   * Files were given to Glose by a command line (first or second launch) or the OS (macOS open-file):
   * main holds them, and the renderer imports them with importPending(). No path crosses over.
   */
  'import:waiting': { count: number };
  /** Glose is quitting: send a final snapshot (if anything changed), then call backupQuitReady */
  'backup:request': { reason: 'quit' };
}

export const EVENTS = ['menu:command', 'import:progress', 'import:waiting', 'backup:request'] as const satisfies readonly (keyof MainEvents)[];


/**
 * The one method table: each window.glose function and the channel it calls. The channel list, the
 * GloseApi type, the preload and the test bridge's client are all made from it, so a channel added
 * here is a function everywhere (and a channel missing here fails to compile below).
 */
export const INVOKERS = {
  appInfo: 'app:info',
  setLocale: 'app:setLocale',
  importPick: 'import:pick',
  /** imports the files given on the command line or by the OS, held by main; null when there are none */
  importPending: 'import:pending',
  /** stops the running import after the file being read; what was imported is returned */
  importCancel: 'import:cancel',
  /** the rest of an import batch's documents, a slice at a time (ImportBatchResult.more) */
  importMore: 'import:more',
  /** the first lines the export would write, and what it would not keep; no file is written */
  exportPreview: 'export:preview',
  exportSave: 'export:save',
  schemaImport: 'schema:import',
  saveText: 'file:saveText',
  backupSnapshot: 'backup:snapshot',
  backupSave: 'backup:save',
  backupOpen: 'backup:open',
  backupLatest: 'backup:latest',
  backupInfo: 'backup:info',
  backupPickFolder: 'backup:pickFolder',
  backupQuitReady: 'backup:quitReady',
  journalAppend: 'journal:append',
  journalRead: 'journal:read',
  journalPosition: 'journal:position',
  suggestBackend: 'suggest:backend',
  /** the URL is set here only, never with a call: the page cannot choose where a document goes */
  suggestSetBackend: 'suggest:setBackend',
  suggestCheckBackend: 'suggest:checkBackend',
  suggestPredict: 'suggest:predict',
  suggestImportList: 'suggest:importList',
  packageSave: 'package:save',
  packageOpen: 'package:open',
} as const satisfies Record<string, Channel>;

/** The channel the preload alone calls: dropped files, whose paths it reads itself (webUtils). */
const DROP_CHANNEL = 'import:dropped' satisfies Channel;

/** Every channel main handles, in the table's order. */
export const CHANNELS: readonly Channel[] = [...Object.values(INVOKERS), DROP_CHANNEL];

// Every channel of `Channels` is in the table (or is the drop channel): otherwise this is not `true`.
const everyChannelCalled: Exclude<Channel, (typeof INVOKERS)[keyof typeof INVOKERS] | typeof DROP_CHANNEL> extends never ? true : false = true;
void everyChannelCalled;

type Invoker<C extends Channel> = (...args: Channels[C]['args']) => Promise<Channels[C]['result']>;

/**
 * window.glose: one function per channel (from INVOKERS), event subscriptions and dropped-file
 * import. No function takes a path: files come from main's dialogs, the command line, the OS, or a
 * real drop.
 */
export type GloseApi = { readonly [M in keyof typeof INVOKERS]: Invoker<(typeof INVOKERS)[M]> } & {
  /**
   * Files and folders dropped on the window: their paths are read in the preload (webUtils), never
   * from the page; a File the page made has none and is refused. A folder is imported with everything in it.
   */
  importDropped(files: File[], options?: ImportOptions): Promise<ImportBatchResult>;
  on<E extends keyof MainEvents>(event: E, listener: (payload: MainEvents[E]) => void): () => void;
};

/** Errors cross the boundary as plain messages; this prefix marks ones written for the user. */
export const USER_ERROR_PREFIX = 'glose:';
