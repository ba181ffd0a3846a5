// Layers seen from the reader: which layers the open document has, which one is shown (the user's own by
// default), the comparison of all of them, and a colleague's work brought in as their layer: planned,
// shown, confirmed (asked again when it replaces their layer), undoable.
import type { ImportBatchResult, RestoreCandidate } from '$contract';
import type { GloseDatabase } from '$db/database';
import { loadDocument } from '$db/documents';
import { documentLayers, loadLayer, projectLayerNames, readLayer, replaceLayer, setProjectBlind, type LayerContent, type LayerInfo } from '$db/layers';
import type { CompareSpan } from '$lib/compare';
import { planColleagueLayer, theirDocumentsFromBackup, theirDocumentsFromFiles, theirDocumentsFromPackage, type ColleaguePlan, type TheirDocument } from '$lib/colleague';
import { errorText, failureText, fileOf } from '$lib/text';
import { inUnits, readsIn, settledUnit, type OffsetUnit } from '$lib/import-offsets';
import { wholeBatch } from '$lib/import-batch';
import { CURATED_LAYER, type Id } from '$model';
import { t, type Words } from './i18n.svelte';
import type { Settings } from './settings.svelte';
import type { Toasts } from './toasts.svelte';
import type { Workspace } from './workspace.svelte';

/** A layer's name as the screen says it. */
export const layerTitle = (layer: string | null, me: string): string => (layer === null ? t().export.mine(me) : layer === CURATED_LAYER ? t().layers.curated : layer);

/** What the reader column shows: one layer (in the reader), every layer side by side, or the curation. */
export type LayerScreen = 'reader' | 'compare' | 'curate';

/** A colleague's work read from a file and matched, waiting for the user's go-ahead. */
export interface PendingImport {
  /** the file's name (the names of the files), for the dialog's heading and the layer's record */
  source: string;
  /** how many files, when more than one: the heading says the count */
  count?: number;
  kind: 'backup' | 'file' | 'package';
  theirs: TheirDocument[];
  /** the colleague's name: from their backup's settings, or typed in */
  name: string;
  /** the plan for `name` (null while the name is not usable, with `problem` saying why) */
  plan: ColleaguePlan | null;
  /** worded where it is shown, so a language switch words it again */
  problem: Words | null;
  /** the name already has a layer here: importing replaces it */
  replaces: boolean;
  /** files that could not be read */
  failures: string[];
  /**
   * doccano files whose offsets read differently in code points and in UTF-16 units, where nothing in
   * the file settles which: the person says (`unit` is null until they do)
   */
  offsets?: { result: ImportBatchResult; files: string[]; unit: OffsetUnit | null };
}

interface ImportStep {
  projectId: Id;
  layer: string;
  before: LayerContent;
}

export class Layers {
  #available = $state.raw<LayerInfo[]>([]);
  #projectLayers = $state.raw<string[]>([]);
  #screen = $state<LayerScreen>('reader');
  #pending = $state.raw<PendingImport | null>(null);
  #busy = $state(false);
  #lastImport = $state.raw<ImportStep | null>(null);
  private docId: Id | null = null;

  constructor(
    private readonly db: GloseDatabase,
    private readonly ws: Workspace,
    private readonly settings: Settings,
    private readonly toasts: Toasts,
  ) {}

  /** the other layers of the open document */
  get available(): LayerInfo[] {
    return this.#available;
  }
  /** the other layers anywhere in the project */
  get projectLayers(): string[] {
    return this.#projectLayers;
  }
  /** the screen shown; in blind mode, the reader until the open document is marked Done */
  get screen(): LayerScreen {
    return this.hiddenFor(this.ws.editor?.docId ?? null) ? 'reader' : this.#screen;
  }
  get pending(): PendingImport | null {
    return this.#pending;
  }
  get busy(): boolean {
    return this.#busy;
  }
  /** the last colleague import, which "Undo import" takes back */
  get lastImport(): { layer: string } | null {
    return this.#lastImport;
  }

  /** the project is in blind mode */
  get blind(): boolean {
    return this.ws.project?.blind === true;
  }

  /** In blind mode, a document's other layers stay hidden until the user marks it Done. */
  hiddenFor(docId: Id | null): boolean {
    return this.blind && docId !== null && this.ws.documents.find((d) => d.id === docId)?.status !== 'done';
  }

  /** Turns blind mode on or off for the project; on, the reader goes back to the user's own layer. */
  async setBlind(blind: boolean): Promise<void> {
    const projectId = this.ws.projectId;
    if (!projectId) return;
    try {
      await setProjectBlind(this.db, projectId, blind);
      // the project record the screen reads is updated a moment later: decided from the document here
      const docId = this.ws.editor?.docId;
      if (blind && docId && this.ws.documents.find((d) => d.id === docId)?.status !== 'done') {
        this.#screen = 'reader';
        await this.ws.showLayer(null);
      }
    } catch (err) {
      this.toasts.show('error', () => t().layers.msg.blindFailed(errorText(err)));
    }
  }

  /** Says so and returns true when blind mode hides the other layers of this document. */
  private refusedBlind(docId: Id | null): boolean {
    if (!this.hiddenFor(docId)) return false;
    this.toasts.show('info', () => t().layers.blindNote);
    return true;
  }

  /** Reads which layers the document (and the project) has: on opening a document and after an import. */
  async refresh(docId: Id | null = this.docId): Promise<void> {
    this.docId = docId;
    const projectId = this.ws.projectId;
    try {
      const [available, names] = await Promise.all([docId ? documentLayers(this.db, docId) : [], projectId ? projectLayerNames(this.db, projectId) : []]);
      if (docId !== this.docId) return;
      this.#available = available;
      this.#projectLayers = names;
    } catch (err) {
      this.toasts.show('error', () => t().layers.msg.readFailed(errorText(err)));
    }
  }

  /** Shows one layer in the reader (null: the user's own). */
  async show(layer: string | null): Promise<void> {
    if (layer !== null && this.refusedBlind(this.ws.editor?.docId ?? null)) return;
    this.#screen = 'reader';
    await this.ws.showLayer(layer);
  }

  /** Shows every layer of the open document side by side. */
  compare(): void {
    if (this.refusedBlind(this.ws.editor?.docId ?? null)) return;
    this.#screen = 'compare';
  }

  /** Shows the curation of the open document (the Curation state has aligned it). */
  curate(): void {
    if (this.refusedBlind(this.ws.editor?.docId ?? null)) return;
    this.#screen = 'curate';
  }

  /** Back to the reader, on the layer it showed. */
  closeCompare(): void {
    this.#screen = 'reader';
  }

  /** Opens a document in the comparison of its layers (from the agreement report). */
  async compareDocument(docId: Id): Promise<void> {
    await this.ws.open(docId);
    if (this.refusedBlind(docId)) return;
    this.#screen = 'compare';
  }

  /**
   * Asks main for annotated files (doccano, brat, Label Studio, W3C, TSV, CoNLL…) to import as a
   * colleague's layer. A doccano file's unit of offsets is taken from the file when only one unit
   * reads it, or when both place every span alike; otherwise the dialog asks.
   */
  async pickFiles(): Promise<void> {
    await this.pick(async () => {
      const picked: ImportBatchResult | null = await window.glose.importPick({ limitBytes: await this.settings.importLimit() });
      if (!picked) return null;
      const result = await wholeBatch(picked);
      const names = result.files.map(fileOf);
      const asked = (result.offsetQuestions ?? []).filter((q) => settledUnit(result, q) === null && readsIn(result, q).here);
      const offsets = asked.length > 0 ? { result, files: asked.map((q) => q.file), unit: null } : undefined;
      return { source: names.join(', '), ...(names.length > 1 ? { count: names.length } : {}), kind: 'file', ...readInUnit(result, offsets?.unit ?? null), name: '', ...(offsets ? { offsets } : {}) };
    });
  }

  /** The unit of offsets the person chose for the doccano files that asked: the plan is made again. */
  async setOffsetUnit(unit: OffsetUnit): Promise<void> {
    const pending = this.#pending;
    if (!pending?.offsets) return;
    this.#pending = { ...pending, ...readInUnit(pending.offsets.result, unit), offsets: { ...pending.offsets, unit } };
    await this.setName(pending.name);
  }

  /** Asks main for a colleague's Glose backup (validated there like any restore), to import their own layer. */
  async pickBackup(): Promise<void> {
    await this.pick(async () => {
      const candidate: RestoreCandidate | null = await window.glose.backupOpen();
      if (!candidate) return null;
      const read = theirDocumentsFromBackup(candidate.snapshot);
      return { source: fileOf(candidate.path), kind: 'backup', theirs: read.documents, name: read.name ?? '', failures: [] };
    });
  }

  /** Asks main for a work package an annotator sent back (validated there), to import their layer under the name it was handed out with. */
  async pickPackage(): Promise<void> {
    await this.pick(async () => {
      const got = await window.glose.packageOpen({ limitBytes: await this.settings.importLimit() });
      if (!got) return null;
      if (got.package.kind !== 'return') {
        const { fileName, package: { annotator } } = got;
        this.toasts.show('error', () => t().layers.msg.theirsFailed(t().colleague.notReturned(fileName, annotator)));
        return null;
      }
      return { source: got.fileName, kind: 'package', theirs: theirDocumentsFromPackage(got.package, got.package.annotator), name: got.package.annotator, failures: [] };
    });
  }

  private async pick(read: () => Promise<Omit<PendingImport, 'plan' | 'problem' | 'replaces'> | null>): Promise<void> {
    if (!this.ws.projectId || this.#busy) return;
    this.#busy = true;
    try {
      const got = await read();
      if (!got) return;
      this.#pending = { ...got, plan: null, problem: null, replaces: false };
      await this.setName(got.name);
    } catch (err) {
      this.toasts.show('error', () => t().layers.msg.theirsFailed(errorText(err)));
    } finally {
      this.#busy = false;
    }
  }

  /** The colleague's name typed in the import dialog: the plan is made again for it. */
  async setName(name: string): Promise<void> {
    const pending = this.#pending;
    const projectId = this.ws.projectId;
    if (!pending || !projectId) return;
    const layer = name.trim();
    const offsets = pending.offsets;
    const problem: Words | null = offsets && offsets.unit === null
      ? () => t().colleagueOffsets.choose(offsets.files.join(', '))
      : !layer
      ? () => t().colleague.nameNeeded
      : layer === this.settings.annotator
        ? () => t().colleague.ownName(layer)
        : layer.length > 1000
          ? () => t().colleague.nameTooLong(1000)
          : null;
    if (problem) {
      this.#pending = { ...pending, name, plan: null, problem, replaces: false };
      return;
    }
    const ours = this.ws.documents.map((d) => ({ id: d.id, name: d.name, hash: d.meta.hash, length: d.length }));
    const plan = planColleagueLayer(pending.theirs, ours, { labels: this.ws.labels, types: this.ws.relationTypes }, { projectId, layer, source: pending.source });
    const replaces = (await projectLayerNames(this.db, projectId)).includes(layer);
    if (this.#pending !== pending) return;
    this.#pending = { ...pending, name, plan, problem: plan.documents.length === 0 ? () => t().colleague.noneMatch : null, replaces };
  }

  cancelImport(): void {
    this.#pending = null;
  }

  /** Stores the planned layer (replacing the colleague's earlier one, which the user was shown). */
  async confirmImport(): Promise<void> {
    const pending = this.#pending;
    const projectId = this.ws.projectId;
    if (!pending?.plan || pending.problem || !projectId || this.#busy) return;
    this.#busy = true;
    try {
      const { layer, documents, spans, relations, matched } = pending.plan;
      const replaces = pending.replaces;
      const before = await replaceLayer(this.db, projectId, layer, { documents, spans, relations });
      this.#lastImport = { projectId, layer, before };
      this.#pending = null;
      this.toasts.show('info', () => t().layers.msg.imported(layer, matched.length, spans.length, replaces));
      await this.afterLayerChange(layer);
    } catch (err) {
      this.toasts.show('error', () => t().layers.msg.notStored(errorText(err)));
    } finally {
      this.#busy = false;
    }
  }

  /** Takes the last colleague import back: their layer is what it was before (nothing, or the earlier import). */
  async undoImport(): Promise<void> {
    const step = this.#lastImport;
    if (!step || this.#busy) return;
    this.#busy = true;
    try {
      await replaceLayer(this.db, step.projectId, step.layer, step.before);
      this.#lastImport = null;
      this.toasts.show('info', () => t().layers.msg.undone(step.layer));
      await this.afterLayerChange(step.layer);
    } catch (err) {
      this.toasts.show('error', () => t().layers.msg.undoFailed(errorText(err)));
    } finally {
      this.#busy = false;
    }
  }

  private async afterLayerChange(layer: string): Promise<void> {
    if (this.ws.layer === layer && this.ws.editor) await this.ws.reload(this.ws.editor.docId);
    await this.refresh();
  }

  /**
   * Every layer of a document, the user's first, with spans labelled by name: what the comparison
   * shows. Layers are read as stored, so edits still being written are waited for first.
   */
  async comparison(docId: Id): Promise<{ text: string; columns: Array<{ layer: string | null; title: string; status: string; spans: CompareSpan[] }> } | null> {
    await this.ws.editor?.flushed();
    const own = await loadDocument(this.db, docId);
    if (!own) return null;
    // a label deleted from the schema keeps its name in the layers that still use it, marked as such
    const names = new Map([...this.ws.labels, ...this.ws.formerLabels].map((l) => [l.id, this.ws.labelName(l)]));
    const spans = (list: ReadonlyArray<{ start: number; end: number; labelId: Id }>) => list.map((s) => ({ start: s.start, end: s.end, label: names.get(s.labelId) ?? '?' }));
    const columns = [{ layer: null as string | null, title: layerTitle(null, this.settings.annotator), status: own.doc.status, spans: spans(own.spans) }];
    for (const info of await documentLayers(this.db, docId)) {
      const loaded = await loadLayer(this.db, docId, info.layer);
      if (loaded) columns.push({ layer: info.layer, title: layerTitle(info.layer, this.settings.annotator), status: info.status, spans: spans(loaded.spans) });
    }
    return { text: own.text, columns };
  }

  /** A layer's content (the agreement and curation screens read whole layers). */
  read(layer: string): Promise<LayerContent> {
    return readLayer(this.db, this.ws.projectId ?? '', layer);
  }
}

/**
 * A colleague's files with each doccano file read in the unit the file settles, the asked ones in
 * `unit` (while it is null, in the unit they were read with, for the preview).
 */
function readInUnit(result: ImportBatchResult, unit: OffsetUnit | null): { theirs: TheirDocument[]; failures: string[] } {
  const read = inUnits(result, (q) => settledUnit(result, q) ?? unit ?? q.unit);
  return { theirs: theirDocumentsFromFiles(read.documents), failures: read.failures.map((f) => failureText(f, t())) };
}
