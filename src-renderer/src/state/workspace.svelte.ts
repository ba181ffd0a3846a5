// Workspace state: the project, its labels and documents (live from Dexie), imports and the open document.
import { liveQuery } from 'dexie';
import type { ImportBatchResult, ImportProgress } from '../../../src-main/contract';
import type { DocumentRecord, Id, LabelDef, PortableDocument, Project, SchemaSpec } from '../../../src-main/model';
import { addDocuments, ensureWorkspace, getSetting, GloseDatabase, loadDocument, portableDocument, setSetting } from '../lib/db';
import { Editor } from './editor.svelte';
import newsSchema from '../../../resources/schemas/news.json';
import welcomeText from '../../../resources/welcome.txt?raw';

export interface ImportReportRow {
  file: string;
  outcome: 'imported' | 'duplicate' | 'failed';
  message: string;
}

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
  documents = $state.raw<DocumentRecord[]>([]);
  editor = $state.raw<Editor | null>(null);
  annotator = $state('annotator');
  importProgress = $state.raw<ImportProgress | null>(null);
  importReport = $state.raw<ImportReportRow[] | null>(null);
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
      this.unsubscribers.push(window.glose.on('import:progress', (p) => (this.importProgress = p.current ? p : null)));
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
    const a = docs.subscribe({
      next: (d) => (this.documents = d.sort((x, y) => x.createdAt - y.createdAt || x.name.localeCompare(y.name))),
      error: (e: unknown) => this.toast('error', `Could not read the document list: ${String(e)}`),
    });
    const b = labels.subscribe({
      next: (l) => (this.labels = l),
      error: (e: unknown) => this.toast('error', `Could not read the labels: ${String(e)}`),
    });
    this.unsubscribers.push(
      () => a.unsubscribe(),
      () => b.unsubscribe(),
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

  async importPick(): Promise<void> {
    await this.runImport(() => window.glose.importPick());
  }

  async importPaths(paths: string[]): Promise<void> {
    await this.runImport(() => window.glose.importPaths(paths));
  }

  async importDropped(files: File[]): Promise<void> {
    await this.runImport(() => window.glose.importDropped(files));
  }

  cancelImport(): void {
    void window.glose.importCancel();
  }

  private async runImport(call: () => Promise<ImportBatchResult | null>): Promise<void> {
    const project = this.project;
    if (!project) return;
    let result: ImportBatchResult | null;
    try {
      result = await call();
    } catch (err) {
      this.importProgress = null;
      this.toast('error', `Import failed: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    this.importProgress = null;
    if (!result) return;
    const rows: ImportReportRow[] = result.failures.map((f) => ({ file: f.file, outcome: 'failed', message: f.message }));
    if (result.documents.length > 0) {
      try {
        const { ids, duplicates } = await addDocuments(this.db, project.id, result.documents, this.annotator);
        const dup = new Set(duplicates);
        for (const d of result.documents) {
          rows.push(
            dup.has(d.name)
              ? { file: d.name, outcome: 'duplicate', message: `${d.name}: already in the project (same text)` }
              : { file: d.name, outcome: 'imported', message: `${d.name}: imported` },
          );
        }
        const first = ids[0];
        if (first) await this.open(first);
      } catch (err) {
        for (const d of result.documents) {
          rows.push({ file: d.name, outcome: 'failed', message: `${d.name}: could not be saved (${err instanceof Error ? err.message : String(err)})` });
        }
      }
    }
    rows.sort((a, b) => a.file.localeCompare(b.file));
    if (result.cancelled) this.toast('info', 'Import cancelled: the files imported so far are kept.');
    this.importReport = rows;
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
