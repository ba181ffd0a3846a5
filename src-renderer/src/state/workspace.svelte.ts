// Workspace state: the project, its labels and documents (live from Dexie), imports and the open document.
import { liveQuery } from 'dexie';
import { DEFAULT_IMPORT_LIMIT_BYTES, MAX_IMPORT_LIMIT_BYTES, type ImportBatchResult, type ImportOptions, type ImportProgress } from '../../../src-main/contract';
import type { DocumentRecord, Id, LabelDef, PortableDocument, Project, RelationType, SchemaSpec } from '../../../src-main/model';
import { ensureWorkspace, getSetting, GloseDatabase, loadDocument, portableDocument, setSetting } from '../lib/db';
import { Editor } from './editor.svelte';
import { IMPORT_LIMIT_SETTING, importDuplicatesAnyway, saveImport, validLimit, type ImportReport } from '../lib/import-save';
import newsSchema from '../../../resources/schemas/news.json';
import welcomeText from '../../../resources/welcome.txt?raw';

export type { ImportReport, ImportReportRow } from '../lib/import-save';

export interface Toast {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

export class Workspace {
  readonly db = new GloseDatabase();
  ready = $state(false);
  fatal = $state<string | null>(null);
  project = $state.raw<Project | null>(null);
  labels = $state.raw<LabelDef[]>([]);
  relationTypes = $state.raw<RelationType[]>([]);
  /** open panels and dialogs */
  /** which screen fills the window: one document, or the whole project */
  view = $state<'reader' | 'corpus'>('reader');
  searchOpen = $state(false);
  /** the find bar's query and options, kept while it is closed */
  find = $state({ query: '', regex: false, wholeWords: false, matchCase: false });
  shortcutsOpen = $state(false);
  documents = $state.raw<DocumentRecord[]>([]);
  editor = $state.raw<Editor | null>(null);
  annotator = $state('annotator');
  importProgress = $state.raw<ImportProgress | null>(null);
  importReport = $state.raw<ImportReport | null>(null);
  /** true from the import call until its documents are saved */
  importing = $state(false);
  toasts = $state.raw<Toast[]>([]);
  private toastId = 0;
  private unsubscribers: Array<() => void> = [];

  async start(): Promise<void> {
    try {
      const info = await window.glose.appInfo();
      this.annotator = await getSetting(this.db, 'annotator', info.userName);
      const project = await ensureWorkspace(this.db, newsSchema as SchemaSpec, await welcomeDocument());
      this.project = project;
      this.watch(project.id);
      this.unsubscribers.push(window.glose.on('import:progress', (p) => {
          if (this.importing) this.importProgress = p;
        }));
      this.unsubscribers.push(window.glose.on('open:paths', (paths) => void this.importPaths(paths)));
      const last = await getSetting<Id | null>(this.db, 'lastDocument', null);
      const first = last ?? (await this.db.documents.where('projectId').equals(project.id).first())?.id ?? null;
      if (first) await this.open(first);
      this.ready = true;
      if (info.launchPaths.length > 0) await this.importPaths(info.launchPaths);
    } catch (err) {
      this.fatal = err instanceof Error ? err.message : String(err);
    }
  }

  private watch(projectId: Id): void {
    const docs = liveQuery(() => this.db.documents.where('projectId').equals(projectId).toArray());
    const labels = liveQuery(() => this.db.labels.where('projectId').equals(projectId).sortBy('order'));
    const types = liveQuery(() => this.db.relationTypes.where('projectId').equals(projectId).toArray());
    const a = docs.subscribe({
      next: (d) => (this.documents = d.sort((x, y) => x.createdAt - y.createdAt || x.name.localeCompare(y.name))),
      error: (e: unknown) => this.toast('error', `Could not read the document list: ${String(e)}`),
    });
    const b = labels.subscribe({
      next: (l) => (this.labels = l),
      error: (e: unknown) => this.toast('error', `Could not read the labels: ${String(e)}`),
    });
    const c = types.subscribe({
      next: (t) => (this.relationTypes = t.sort((x, y) => x.name.localeCompare(y.name))),
      error: (e: unknown) => this.toast('error', `Could not read the relation types: ${String(e)}`),
    });
    this.unsubscribers.push(
      () => a.unsubscribe(),
      () => b.unsubscribe(),
      () => c.unsubscribe(),
    );
  }

  async open(id: Id): Promise<void> {
    if (this.editor?.docId === id) return;
    const loaded = await loadDocument(this.db, id);
    if (!loaded) return;
    this.editor = new Editor(this.db, loaded, () => this.annotator);
    await setSetting(this.db, 'lastDocument', id);
  }

  labelByHotkey(key: string): LabelDef | undefined {
    return this.labels.find((l) => l.hotkey === key);
  }

  label(id: Id): LabelDef | undefined {
    return this.labels.find((l) => l.id === id);
  }

  /** Relation types allowed from one span's label to another's (an empty list in the schema allows any). */
  relationTypesFor(fromLabel: Id, toLabel: Id): RelationType[] {
    return this.relationTypes.filter(
      (t) => (t.sourceLabelIds.length === 0 || t.sourceLabelIds.includes(fromLabel)) && (t.targetLabelIds.length === 0 || t.targetLabelIds.includes(toLabel)),
    );
  }

  async importPick(): Promise<void> {
    await this.runImport((options) => window.glose.importPick(options));
  }

  async importPaths(paths: string[]): Promise<void> {
    await this.runImport((options) => window.glose.importPaths(paths, options));
  }

  /** Files and whole folders dropped on the window. */
  async importDropped(files: File[]): Promise<void> {
    await this.runImport((options) => window.glose.importDropped(files, options));
  }

  /** Stops after the file being read; what was imported is kept and reported. */
  cancelImport(): void {
    void window.glose.importCancel();
  }

  /** "Import anyway" in the results dialog: the skipped duplicates are imported as second copies. */
  async importAnyway(): Promise<void> {
    const project = this.project;
    const report = this.importReport;
    if (!project || !report || report.duplicates.length === 0) return;
    const updated = await importDuplicatesAnyway(this.db, project.id, report, this.annotator);
    if (this.importReport === report) this.importReport = updated;
    const first = updated.rows.find((r) => r.docId && report.duplicates.some((d) => (d.meta.sourcePath ?? d.name) === r.path))?.docId;
    if (first) await this.open(first);
  }

  private async runImport(call: (options: ImportOptions) => Promise<ImportBatchResult | null>): Promise<void> {
    const project = this.project;
    if (!project) return;
    if (this.importing) {
      this.toast('info', 'An import is already running: wait for it to finish, or cancel it.');
      return;
    }
    this.importing = true;
    try {
      // The per-file size limit lives in the settings table ("importLimitBytes", in bytes).
      const limitBytes = validLimit(await getSetting<unknown>(this.db, IMPORT_LIMIT_SETTING, null), DEFAULT_IMPORT_LIMIT_BYTES, MAX_IMPORT_LIMIT_BYTES);
      let result: ImportBatchResult | null;
      try {
        result = await call({ limitBytes });
      } catch (err) {
        this.toast('error', `Import failed: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
      if (!result) return;
      if (result.documents.length > 0) this.importProgress = { done: 1, total: 1, current: '' };
      const report = await saveImport(this.db, project.id, result, this.annotator);
      const first = report.rows.find((r) => r.docId)?.docId;
      if (first) await this.open(first);
      if (result.cancelled) this.toast('info', 'Import cancelled: the files imported so far are kept.');
      this.importReport = report;
    } finally {
      this.importing = false;
      this.importProgress = null;
    }
  }

  async exportOpen(): Promise<void> {
    const editor = this.editor;
    if (!editor) {
      this.toast('info', 'Open a document to export it.');
      return;
    }
    await editor.flushed();
    const doc = await portableDocument(this.db, editor.docId);
    if (!doc) return;
    try {
      const res = await window.glose.exportSave({ format: 'doccano', defaultName: `${baseName(doc.name)}.jsonl`, documents: [doc] });
      if (res) this.toast('info', `Exported ${res.spans} spans to ${res.path}`);
    } catch (err) {
      this.toast('error', `Export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  toast(kind: Toast['kind'], text: string): void {
    const id = ++this.toastId;
    this.toasts = [...this.toasts, { id, kind, text }];
    setTimeout(() => (this.toasts = this.toasts.filter((t) => t.id !== id)), kind === 'error' ? 12000 : 6000);
  }

  dispose(): void {
    for (const u of this.unsubscribers) u();
    this.db.close();
  }
}

function baseName(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function welcomeDocument(): Promise<PortableDocument> {
  const text = welcomeText.replace(/\r\n?/g, '\n');
  return {
    name: 'Bienvenue — Welcome',
    text,
    meta: { format: 'txt', encoding: 'utf-8', title: 'Bienvenue dans Glose — Welcome to Glose', hash: await sha256(text), normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } },
    spans: [],
    relations: [],
  };
}
