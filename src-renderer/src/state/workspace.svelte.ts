// Workspace state: the projects, the project shown with its labels and documents (live from the
// database), the open document's editor, and which screen fills the window.
import { CURATED_LAYER, type DocumentRecord, type Id, type LabelDef, type PortableDocument, type Project, type Relation, type RelationType, type SchemaSpec } from '$model';
import type { GloseDatabase } from '$db/database';
import { Live } from '$db/live.svelte';
import { PackBuilder } from '$db/pack-builder';
import { putEditorMark } from '$db/reader-packs';
import { PackKeeper } from './pack-keeper';
import { firstDocument, getDocument, loadDocument, portableDocuments } from '$db/documents';
import { applyLayerChange, loadLayer, portableLayerDocuments, type ExportLayer } from '$db/layers';
import { getSetting, setSetting, SETTING } from '$db/settings';
import {
  createProject,
  duplicateProject,
  ensureWorkspace,
  formerLabels,
  getProject,
  listProjects,
  planDeleteLabel,
  planMergeSchema,
  planRestoreLabel,
  projectDocuments,
  projectLabels,
  projectRelationTypes,
  purgeDeletedProjects,
  relationsOfType,
  renameProject,
  schemaOf,
  setProjectDeleted,
  spansOfLabel,
} from '$db/projects';
import type { ProjectChange } from '$lib/changes';
import { labelsOfLayer, labelTitle, relationTypesFor } from '$lib/schema';
import { errorText } from '$lib/text';
import { newId } from '$lib/id';
import { nextTask } from '$lib/next-task';
import { EditHistory, Editor, type EditorTarget } from './editor.svelte';
import type { Settings } from './settings.svelte';
import type { Toasts } from './toasts.svelte';

/** Label schema templates shipped in resources/schemas, by file name. */
export const TEMPLATES: Array<{ id: string; spec: SchemaSpec }> = Object.entries(
  import.meta.glob<SchemaSpec>('../../../resources/schemas/*.json', { eager: true, import: 'default' }),
)
  .map(([path, spec]) => ({ id: path.replace(/^.*\/(.*)\.json$/, '$1'), spec }))
  .sort((a, b) => (a.id === 'news' ? -1 : b.id === 'news' ? 1 : a.id.localeCompare(b.id)));

/**
 * A template in the interface language (its name, its labels' guidelines, the names and values of its
 * categories and attributes); the news template when `id` is unknown. The project keeps these words:
 * they are its data from then on, like names the user types.
 */
export function templateSpec(id: string): SchemaSpec {
  const template = TEMPLATES.find((x) => x.id === id) ?? TEMPLATES.find((x) => x.id === 'news') ?? (TEMPLATES[0] as (typeof TEMPLATES)[number]);
  const words = t().templates[template.id];
  if (!words) return template.spec;
  const term = (word: string) => words.terms[word] ?? word;
  const named = <T extends { name: string; values: string[] }>(x: T): T => ({ ...x, name: term(x.name), values: x.values.map(term) });
  return {
    ...template.spec,
    name: words.name,
    labels: template.spec.labels.map((l) => ({
      ...l,
      description: words.guidelines[l.name] ?? l.description,
      ...(l.attributes ? { attributes: l.attributes.map(named) } : {}),
    })),
    categories: template.spec.categories.map(named),
  };
}
import welcomeText from '../../../resources/welcome.txt?raw';
import { WELCOME_NAME } from '$lib/welcome';
import { t } from './i18n.svelte';
import type { Messages } from '$lib/i18n/en';

export type View = 'reader' | 'corpus';

/** The live records of the project shown; replaced when another project is shown. */
class ProjectData {
  readonly project: Live<Project | undefined>;
  readonly documents: Live<DocumentRecord[]>;
  readonly labels: Live<LabelDef[]>;
  readonly formerLabels: Live<LabelDef[]>;
  readonly relationTypes: Live<RelationType[]>;
  private readonly releases: Array<() => void>;

  constructor(db: GloseDatabase, project: Project, toasts: Toasts) {
    const failed = (what: keyof Messages['msg']['couldNotRead']) => (err: unknown) => toasts.show('error', () => t().msg.couldNotRead[what](errorText(err)));
    this.project = new Live(async () => (await getProject(db, project.id)) ?? project, project, failed('project'));
    this.documents = new Live(() => projectDocuments(db, project.id), [], failed('documents'));
    this.labels = new Live(() => projectLabels(db, project.id), [], failed('labels'));
    this.formerLabels = new Live(() => formerLabels(db, project.id), [], failed('labels'));
    this.relationTypes = new Live(() => projectRelationTypes(db, project.id), [], failed('relationTypes'));
    // the workspace's methods read these in event handlers too, where no effect keeps them current
    this.releases = [this.project.hold(), this.documents.hold(), this.labels.hold(), this.formerLabels.hold(), this.relationTypes.hold()];
  }

  release(): void {
    for (const r of this.releases) r();
  }
}

export class Workspace {
  #ready = $state(false);
  #fatal = $state<string | null>(null);
  readonly #projects: Live<Project[]>;
  #data = $state.raw<ProjectData | null>(null);
  #deletedProject = $state.raw<Project | null>(null);
  #view = $state<View>('reader');
  #editor = $state.raw<Editor | null>(null);
  /** the layer the reader shows: null for the user's own */
  #layer = $state<string | null>(null);
  /** each document's undo history (per layer), kept for the session */
  readonly #histories = new Map<Id, EditHistory>();
  private releaseProjects: (() => void) | null = null;
  /** builds, off the page, the packs the next opens read in one record (db/reader-packs.ts) */
  private readonly packs: PackBuilder;
  /** keeps the open document's pack made from the reader's memory (state/pack-keeper.ts) */
  readonly keeper: PackKeeper;
  /** the open editor shows the user's own layer (whose pack the reader reads) */
  private editorOnOwnLayer = false;

  constructor(
    private readonly db: GloseDatabase,
    private readonly settings: Settings,
    private readonly toasts: Toasts,
  ) {
    this.#projects = new Live(() => listProjects(db), [], (err) => toasts.show('error', () => t().msg.couldNotRead.projects(errorText(err))));
    // the document open in the reader is left out: the keeper packs it from memory (and a build would read every record while it is edited)
    this.packs = new PackBuilder(db.name, { skip: (id) => this.editorOnOwnLayer && this.#editor?.docId === id });
    this.keeper = new PackKeeper(db);
  }

  /** told when a document starts loading into the reader, before it is read (the suggestions start on it then) */
  onLoading: ((id: Id, layer: string | null) => void) | null = null;

  /** the workspace is open (the e2e suites and the benchmark wait for it) */
  get ready(): boolean {
    return this.#ready;
  }
  /** why the database could not be opened */
  get fatal(): string | null {
    return this.#fatal;
  }
  get projects(): Project[] {
    return this.#projects.current;
  }
  get project(): Project | null {
    return this.#data?.project.current ?? null;
  }
  get projectId(): Id | null {
    return this.project?.id ?? null;
  }
  get documents(): DocumentRecord[] {
    return this.#data?.documents.current ?? [];
  }
  get labels(): LabelDef[] {
    return this.#data?.labels.current ?? [];
  }
  get relationTypes(): RelationType[] {
    return this.#data?.relationTypes.current ?? [];
  }
  /** labels deleted from the schema that colleagues' or the curated layer still use: in no palette, but named */
  get formerLabels(): LabelDef[] {
    return this.#data?.formerLabels.current ?? [];
  }
  /** the labels a layer's spans may carry: the schema's, and when another layer is shown, the former ones too */
  get shownLabels(): LabelDef[] {
    return this.labelsOf(this.#layer);
  }
  /** the labels a layer's spans may carry (null: the user's own, which holds the schema's only) */
  labelsOf(layer: string | null): LabelDef[] {
    return labelsOfLayer(this.labels, this.formerLabels, layer);
  }
  /** a label's name as shown: "LOC (deleted label)" for one deleted from the schema */
  labelName(label: LabelDef): string {
    return labelTitle(label, t().layers.deletedLabel);
  }
  /** the last deleted project, restorable until the app closes */
  get deletedProject(): Project | null {
    return this.#deletedProject;
  }
  /** which screen fills the window: one document, or the whole project */
  get view(): View {
    return this.#view;
  }
  /** the open document */
  get editor(): Editor | null {
    return this.#editor;
  }

  /**
   * Opens the workspace (creating it on first run) on the project and document last shown. Returns
   * false when the database could not be opened.
   */
  async start(): Promise<boolean> {
    try {
      const info = await window.glose.appInfo();
      await this.settings.loadInterface();
      await this.settings.loadAnnotator(info.userName);
      await purgeDeletedProjects(this.db);
      const first = await ensureWorkspace(this.db, templateSpec('news'), await welcomeDocument());
      this.releaseProjects = this.#projects.hold();
      const lastProject = await getSetting<Id | null>(this.db, SETTING.lastProject, null);
      const project = (lastProject ? await getProject(this.db, lastProject) : undefined) ?? first;
      await this.switchProject(project.id);
      this.#ready = true;
      return true;
    } catch (err) {
      this.#fatal = errorText(err);
      return false;
    }
  }

  /** Shows a project: its labels, documents, and the document last open in it. */
  async switchProject(id: Id): Promise<void> {
    const project = await getProject(this.db, id);
    if (!project || project.deletedAt) return;
    this.#data?.release();
    this.leaveDocument();
    this.#editor = null;
    this.#data = new ProjectData(this.db, project, this.toasts);
    await setSetting(this.db, SETTING.lastProject, id);
    const last = await getSetting<Id | null>(this.db, SETTING.lastDocument(id), null);
    const doc = (last ? await getDocument(this.db, last) : undefined) ?? (await firstDocument(this.db, id));
    if (doc) await this.open(doc.id);
  }

  async createProject(name: string, templateId: string): Promise<void> {
    const spec = templateSpec(templateId);
    const project = await createProject(this.db, name.trim() || spec.name, spec);
    await this.switchProject(project.id);
    this.toasts.show('info', () => t().msg.projectCreated(project.name, spec.name));
  }

  async renameProject(name: string): Promise<void> {
    const p = this.project;
    if (!p || !name.trim()) return;
    await renameProject(this.db, p.id, name.trim());
  }

  async duplicateProject(withDocuments: boolean): Promise<void> {
    const p = this.project;
    if (!p) return;
    await this.#editor?.flushed();
    const copy = await duplicateProject(this.db, p.id, t().msg.copyName(p.name), withDocuments);
    await this.switchProject(copy.id);
    this.toasts.show('info', () => t().msg.duplicated(copy.name, withDocuments));
  }

  /** Deletes the open project; it can be restored until Glose closes. */
  async deleteProject(): Promise<void> {
    const p = this.project;
    if (!p) return;
    await this.#editor?.flushed();
    await setProjectDeleted(this.db, p.id, true);
    this.#deletedProject = p;
    const next = (await listProjects(this.db))[0];
    if (next) await this.switchProject(next.id);
    else await this.createProject(t().msg.defaultProject, 'news');
  }

  async restoreDeletedProject(): Promise<void> {
    const p = this.#deletedProject;
    if (!p) return;
    await setProjectDeleted(this.db, p.id, false);
    this.#deletedProject = null;
    await this.switchProject(p.id);
  }

  showReader(): void {
    this.#view = 'reader';
  }

  showCorpus(): void {
    this.#view = 'corpus';
  }

  /** Opens a document of the project shown in the reader (the view stays as it is). */
  async open(id: Id): Promise<void> {
    if (this.#editor?.docId === id) return;
    await this.load(id);
  }

  /** the layer the reader shows: null for the user's own, CURATED_LAYER for the curated one */
  get layer(): string | null {
    return this.#layer;
  }

  /**
   * Shows another layer of the open document (null: the user's own). A colleague's layer is shown
   * read-only; the curated layer can be edited like one's own.
   */
  async showLayer(layer: string | null): Promise<void> {
    if (layer === this.#layer) return;
    this.#layer = layer;
    if (this.#editor) await this.load(this.#editor.docId);
  }

  /** Reads the open document again after an edit made elsewhere (corpus, label schema) touched it; its undo history stays. */
  async reload(id: Id): Promise<void> {
    if (this.#editor?.docId === id) await this.load(id);
  }

  /** Documents deleted for good: closed if open, their undo history dropped. */
  forgetDocuments(ids: readonly Id[]): void {
    if (this.#editor && ids.includes(this.#editor.docId)) {
      this.keeper.stop();
      this.#editor = null;
    }
    for (const key of [...this.#histories.keys()]) if (ids.includes(key.split('\u0000')[0] ?? key)) this.#histories.delete(key);
  }

  private async load(id: Id): Promise<void> {
    // the edits still being written must be stored before the document is read back
    await this.#editor?.flushed();
    // blind mode: a document not yet marked Done opens on the user's own layer
    if (this.project?.blind && this.documents.find((d) => d.id === id)?.status !== 'done') this.#layer = null;
    const layer = this.#layer;
    this.onLoading?.(id, layer);
    // the user's own layer: the editor mark goes on before the read, so the reader's memory can be packed later (state/pack-keeper.ts)
    const claim = newId();
    if (layer === null) await putEditorMark(this.db, id, claim).catch((err: unknown) => console.warn(`editor mark of ${id} not stored: ${errorText(err)}`));
    const loaded = layer === null ? await loadDocument(this.db, id) : await loadLayer(this.db, id, layer);
    if (!loaded) return;
    // making the editor (its spans filed, in reading order) is a task of its own on a long book
    await nextTask();
    if (this.project && loaded.doc.projectId !== this.project.id) return;
    // another document, or this one in another layer: the user's own layer is left
    if (this.#editor?.docId !== id || layer !== null) this.leaveDocument();
    else this.keeper.stop();
    const key = layer === null ? id : `${id}\u0000${layer}`;
    let history = this.#histories.get(key);
    if (!history) this.#histories.set(key, (history = new EditHistory()));
    const editor = new Editor(this.db, loaded, () => this.settings.annotator, history, layer === null ? { mark: claim } : this.editorTarget(layer, loaded.doc.projectId));
    this.#editor = editor;
    // an edit deletes the pack; the keeper makes it again from memory once the user pauses, never by
    // reading the records while the document is edited (the next edit's save would wait for that read)
    this.editorOnOwnLayer = layer === null;
    if (layer === null) this.keeper.watch(editor, claim, loaded.packed === true);
    await setSetting(this.db, SETTING.lastDocument(loaded.doc.projectId), id);
  }

  /**
   * The open document is being left: its pack, if its edits deleted it, is made from the reader's
   * memory in idle time, or else built from its records while the reader is quiet.
   */
  private leaveDocument(): void {
    const left = this.#editor && this.editorOnOwnLayer ? this.#editor.docId : null;
    if (left === null) return this.keeper.stop();
    void this.keeper.leave().then((stored) => {
      if (!stored) this.packs.request(left);
    });
  }

  private editorTarget(layer: string | null, projectId: Id): EditorTarget {
    if (layer === null) return {};
    if (layer === CURATED_LAYER) return { layer, store: (db, change) => applyLayerChange(db, projectId, layer, change) };
    return { layer, readOnly: () => t().layers.readOnlyRefused(layer) };
  }

  labelByHotkey(key: string): LabelDef | undefined {
    return this.labels.find((l) => l.hotkey === key);
  }

  /** A label of the schema (not one deleted from it: nothing new may be stored under those). */
  label(id: Id): LabelDef | undefined {
    return this.labels.find((l) => l.id === id);
  }

  /** Relation types allowed from one span's label to another's (an empty list in the schema allows any). */
  relationTypesFor(fromLabel: Id, toLabel: Id): RelationType[] {
    return relationTypesFor(this.relationTypes, fromLabel, toLabel);
  }

  /** Everything an export needs for these documents, labels by name, in the order given, from the layer chosen (the user's own by default). */
  async portableDocuments(ids: readonly Id[], layer: ExportLayer = { kind: 'mine' }): Promise<PortableDocument[]> {
    await this.#editor?.flushed();
    return layer.kind === 'mine' ? portableDocuments(this.db, ids) : portableLayerDocuments(this.db, ids, layer);
  }

  /** How many spans of the project carry this label (asked before deleting it). */
  spansOfLabel(labelId: Id): Promise<number> {
    return spansOfLabel(this.db, this.projectId ?? '', labelId);
  }

  /** The change that deletes a label, its spans deleted or moved to `moveTo`. */
  planDeleteLabel(labelId: Id, moveTo: Id | null): Promise<ProjectChange> {
    return planDeleteLabel(this.db, this.projectId ?? '', labelId, moveTo);
  }

  /** The change that puts a deleted label back in the schema; null when a label of the schema has its name. */
  planRestoreLabel(labelId: Id): Promise<ProjectChange | null> {
    return planRestoreLabel(this.db, this.projectId ?? '', labelId);
  }

  /** The change that merges an imported schema into the project's, and what had to be adjusted. */
  planMergeSchema(spec: SchemaSpec): Promise<{ change: ProjectChange; notes: string[] }> {
    return planMergeSchema(this.db, this.projectId ?? '', spec);
  }

  /** The relations of one type in the project's documents. */
  relationsOfType(typeId: Id): Promise<Relation[]> {
    return relationsOfType(this.db, this.projectId ?? '', typeId);
  }

  /** The project's schema in the exchange shape, as stored. */
  schemaSpec(): Promise<SchemaSpec> {
    return schemaOf(this.db, this.projectId ?? '');
  }

  dispose(): void {
    this.keeper.stop();
    this.packs.dispose();
    this.#data?.release();
    this.releaseProjects?.();
  }
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function welcomeDocument(): Promise<PortableDocument> {
  const text = welcomeText.replace(/\r\n?/g, '\n');
  return {
    name: WELCOME_NAME,
    text,
    meta: { format: 'txt', encoding: 'utf-8', title: 'Bienvenue dans Glose — Welcome to Glose', hash: await sha256(text), normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } },
    spans: [],
    relations: [],
  };
}
