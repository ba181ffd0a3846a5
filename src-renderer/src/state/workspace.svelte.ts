// Workspace state: the project, its labels and documents (live from Dexie), imports and the open document.
import { liveQuery } from 'dexie';
import { DEFAULT_IMPORT_LIMIT_BYTES, MAX_IMPORT_LIMIT_BYTES, type ImportBatchResult, type ImportOptions, type ImportProgress } from '../../../src-main/contract';
import type { DocumentRecord, Id, LabelDef, PortableDocument, Project, RelationType, SchemaSpec } from '../../../src-main/model';
import { ensureWorkspace, getSetting, GloseDatabase, loadDocument, portableDocument, setSetting } from '../lib/db';
import { Editor } from './editor.svelte';
import type { MarkPainter } from '../lib/textview';
import { Corpus } from './corpus.svelte';
import { failedRow, IMPORT_LIMIT_SETTING, importDuplicatesAnyway, saveImport, validLimit, type ImportReport } from '../lib/import-save';
import { inUnit, type OffsetUnit } from '../lib/import-offsets';
import { createMissing, hasMissing, missingNames, withoutUnknown, type MissingNames } from '../lib/import-labels';
import { createProject, duplicateProject, listProjects, purgeDeletedProjects, renameProject, setProjectDeleted, type ProjectChange } from '../lib/db-projects';

/** Label schema templates shipped in resources/schemas, by file name. */
export const TEMPLATES: Array<{ id: string; spec: SchemaSpec }> = Object.entries(
  import.meta.glob<SchemaSpec>('../../../resources/schemas/*.json', { eager: true, import: 'default' }),
)
  .map(([path, spec]) => ({ id: path.replace(/^.*\/(.*)\.json$/, '$1'), spec }))
  .sort((a, b) => (a.id === 'news' ? -1 : b.id === 'news' ? 1 : a.id.localeCompare(b.id)));
const newsSchema = (TEMPLATES.find((t) => t.id === 'news') ?? TEMPLATES[0])?.spec as SchemaSpec;
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
  projects = $state.raw<Project[]>([]);
  /** the last deleted project, restorable until the app closes */
  deletedProject = $state.raw<Project | null>(null);
  schemaEditorOpen = $state(false);
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
  /** documents ticked in the corpus list (the export dialog's "selected documents") */
  selectedDocIds = $state<Id[]>([]);
  /** the corpus view's settings, search and cross-document undo */
  readonly corpus = new Corpus(this);
  editor = $state.raw<Editor | null>(null);
  annotator = $state('annotator');
  /** how the reader paints marks (settings key "markPainter"; see TextView) */
  markPainter = $state<MarkPainter>('highlight');
  importProgress = $state.raw<ImportProgress | null>(null);
  importReport = $state.raw<ImportReport | null>(null);
  /** true from the import call until its documents are saved */
  importing = $state(false);
  /** the export dialog (File ▸ Export…, Ctrl+E, the toolbar) */
  exportDialogOpen = $state(false);
  toasts = $state.raw<Toast[]>([]);
  private toastId = 0;
  private unsubscribers: Array<() => void> = [];
  /** subscriptions of the current project, replaced when switching */
  private projectSubscriptions: Array<() => void> = [];

  async start(): Promise<void> {
    try {
      const info = await window.glose.appInfo();
      this.annotator = await getSetting(this.db, 'annotator', info.userName);
      this.markPainter = (await getSetting<string>(this.db, 'markPainter', 'highlight')) === 'overlay' ? 'overlay' : 'highlight';
      await purgeDeletedProjects(this.db);
      const first = await ensureWorkspace(this.db, newsSchema, await welcomeDocument());
      const projects = liveQuery(() => listProjects(this.db)).subscribe({
        next: (p) => (this.projects = p),
        error: (e: unknown) => this.toast('error', `Could not read the projects: ${String(e)}`),
      });
      this.unsubscribers.push(() => projects.unsubscribe());
      const lastProject = await getSetting<Id | null>(this.db, 'lastProject', null);
      const project = (lastProject ? await this.db.projects.get(lastProject) : undefined) ?? first;
      this.unsubscribers.push(window.glose.on('import:progress', (p) => {
          if (this.importing) this.importProgress = p;
        }));
      this.unsubscribers.push(window.glose.on('import:waiting', () => void this.importPending()));
      await this.switchProject(project.id);
      this.ready = true;
      // files given on the command line (or by the OS) before the window was ready
      await this.importPending();
    } catch (err) {
      this.fatal = err instanceof Error ? err.message : String(err);
    }
  }

  /** Shows a project: its labels, documents, and the document last open in it. */
  async switchProject(id: Id): Promise<void> {
    const project = await this.db.projects.get(id);
    if (!project || project.deletedAt) return;
    for (const u of this.projectSubscriptions.splice(0)) u();
    this.editor = null;
    this.project = project;
    // the undo history is the project's: another project starts with its own
    this.corpus.useProject(id);
    this.watch(id);
    await setSetting(this.db, 'lastProject', id);
    const last = await getSetting<Id | null>(this.db, `lastDocument:${id}`, null);
    const doc = (last ? await this.db.documents.get(last) : undefined) ?? (await this.db.documents.where('projectId').equals(id).first());
    if (doc) await this.open(doc.id);
  }

  async createProject(name: string, templateId: string): Promise<void> {
    const spec = TEMPLATES.find((t) => t.id === templateId)?.spec ?? newsSchema;
    const project = await createProject(this.db, name.trim() || spec.name, spec);
    await this.switchProject(project.id);
    this.toast('info', `Project “${project.name}” created with the ${spec.name} labels.`);
  }

  async renameProject(name: string): Promise<void> {
    const p = this.project;
    if (!p || !name.trim()) return;
    await renameProject(this.db, p.id, name.trim());
  }

  async duplicateProject(withDocuments: boolean): Promise<void> {
    const p = this.project;
    if (!p) return;
    await this.editor?.flushed();
    const copy = await duplicateProject(this.db, p.id, `${p.name} (copy)`, withDocuments);
    await this.switchProject(copy.id);
    this.toast('info', `Duplicated as “${copy.name}”${withDocuments ? ' with its documents' : ' (labels only)'}.`);
  }

  /** Deletes the open project; it can be restored until Glose closes. */
  async deleteProject(): Promise<void> {
    const p = this.project;
    if (!p) return;
    await this.editor?.flushed();
    await setProjectDeleted(this.db, p.id, true);
    this.deletedProject = p;
    const next = (await listProjects(this.db))[0];
    if (next) await this.switchProject(next.id);
    else await this.createProject('My project', 'news');
  }

  async restoreDeletedProject(): Promise<void> {
    const p = this.deletedProject;
    if (!p) return;
    await setProjectDeleted(this.db, p.id, false);
    this.deletedProject = null;
    await this.switchProject(p.id);
  }

  /** A label-schema edit, as one step of the project's undo history (shared with the corpus view). */
  async changeSchema(change: ProjectChange, description = 'label schema change'): Promise<void> {
    await this.corpus.changeSchema(change, description);
  }

  private watch(projectId: Id): void {
    const project = liveQuery(() => this.db.projects.get(projectId));
    const p = project.subscribe({
      next: (rec) => {
        if (rec) this.project = rec;
      },
      error: (e: unknown) => this.toast('error', `Could not read the project: ${String(e)}`),
    });
    this.projectSubscriptions.push(() => p.unsubscribe());
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
    this.projectSubscriptions.push(
      () => a.unsubscribe(),
      () => b.unsubscribe(),
      () => c.unsubscribe(),
    );
  }

  async open(id: Id): Promise<void> {
    if (this.editor?.docId === id) return;
    const loaded = await loadDocument(this.db, id);
    if (!loaded) return;
    if (this.project && loaded.doc.projectId !== this.project.id) return;
    this.editor = new Editor(this.db, loaded, () => this.annotator);
    await setSetting(this.db, `lastDocument:${loaded.doc.projectId}`, id);
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

  /** File ▸ Import… (files) or Import Folder… (folders, with everything in them). */
  async importPick(folders = false): Promise<void> {
    await this.runImport((options) => window.glose.importPick(folders ? { ...options, folders } : options));
  }

  /** Files given on a command line or by the OS: main holds their paths, the page only asks for them. */
  async importPending(): Promise<void> {
    await this.runImport((options) => window.glose.importPending(options));
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
    if (this.importing || this.importReport?.pending) {
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
      // Annotated files may use labels the project lacks, and doccano files may count offsets in
      // either unit: nothing is saved until the user chooses.
      if (!(await this.holdForChoices(result, true))) await this.saveBatch(result);
    } finally {
      this.importing = false;
      this.importProgress = null;
    }
  }

  /**
   * The choice about labels an annotated import needs: create them and import everything, import
   * without the annotations that use them (counted in the report), or import nothing.
   */
  async resolvePendingImport(choice: 'create' | 'without' | 'import' | 'cancel', unit: OffsetUnit = 'codepoint'): Promise<void> {
    const project = this.project;
    const pending = this.importReport?.pending;
    if (!project || !pending) return;
    if (choice === 'cancel') {
      this.importReport = null;
      return;
    }
    this.importing = true;
    try {
      const result = inUnit(pending.result, unit);
      // read in the other unit, the files may use other names: ask again if so
      if (result !== pending.result && choice === 'import' && (await this.holdForChoices(result, false))) return;
      const missing = await this.missingIn(result);
      if (choice === 'create') {
        const created = await createMissing(this.db, project.id, missing);
        await this.saveBatch(result, { created });
      } else {
        const labels = await this.db.labels.where('projectId').equals(project.id).toArray();
        const types = await this.db.relationTypes.where('projectId').equals(project.id).toArray();
        const kept = withoutUnknown(result.documents, new Set(labels.map((l) => l.name)), new Set(types.map((t) => t.name)));
        await this.saveBatch({ ...result, documents: kept.documents }, { leftOut: { spans: kept.spans, relations: kept.relations } });
      }
    } catch (err) {
      this.toast('error', `Import failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.importing = false;
      this.importProgress = null;
    }
  }

  private async missingIn(result: ImportBatchResult): Promise<MissingNames> {
    const projectId = this.project?.id ?? '';
    const labels = await this.db.labels.where('projectId').equals(projectId).toArray();
    const types = await this.db.relationTypes.where('projectId').equals(projectId).toArray();
    return missingNames(result.documents, labels, types);
  }

  /**
   * Holds the batch in the results dialog when the user has something to decide: names the
   * project lacks, or (when `askUnit`) the unit of doccano offsets. Returns whether it did.
   */
  private async holdForChoices(result: ImportBatchResult, askUnit: boolean): Promise<boolean> {
    const missing = await this.missingIn(result);
    const questions = askUnit ? (result.offsetQuestions ?? []) : [];
    if (!hasMissing(missing) && questions.length === 0) return false;
    this.importReport = {
      rows: result.failures.map(failedRow),
      duplicates: [],
      cancelled: result.cancelled,
      notReached: result.notReached,
      pending: { result: askUnit ? result : { ...result, offsetQuestions: [] }, missing },
    };
    return true;
  }

  /** Saves an import batch, opens its first document and shows the results. */
  private async saveBatch(result: ImportBatchResult, extra: Pick<ImportReport, 'created' | 'leftOut'> = {}): Promise<void> {
    const project = this.project;
    if (!project) return;
    if (result.documents.length > 0) this.importProgress = { done: 1, total: 1, current: '' };
    const report = await saveImport(this.db, project.id, result, this.annotator);
    const first = report.rows.find((r) => r.docId)?.docId;
    if (first) await this.open(first);
    if (result.cancelled) this.toast('info', 'Import cancelled: the files imported so far are kept.');
    this.importReport = { ...report, ...extra };
  }

  /** Opens the export dialog (format, scope, options, preview), after pending edits are saved. */
  async openExport(): Promise<void> {
    if (this.importReport?.pending) return;
    await this.editor?.flushed();
    this.exportDialogOpen = true;
  }

  /** Everything an export needs for these documents, labels by name, in the order given. */
  async portableDocuments(ids: readonly Id[]): Promise<PortableDocument[]> {
    await this.editor?.flushed();
    const docs: PortableDocument[] = [];
    for (const id of ids) {
      const doc = await portableDocument(this.db, id);
      if (doc) docs.push(doc);
    }
    return docs;
  }

  toast(kind: Toast['kind'], text: string): void {
    const id = ++this.toastId;
    this.toasts = [...this.toasts, { id, kind, text }];
    setTimeout(() => (this.toasts = this.toasts.filter((t) => t.id !== id)), kind === 'error' ? 12000 : 6000);
  }

  dispose(): void {
    for (const u of [...this.unsubscribers, ...this.projectSubscriptions]) u();
    this.db.close();
  }
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
