// Curation of one document: the annotators' layers aligned, what they agree on put in the curated layer
// when curation starts, each disagreement settled by a choice that is stored at once, undo and redo of
// every step, and the way from one disagreement to the next.
import type { GloseDatabase } from '$db/database';
import { loadDocument } from '$db/documents';
import { applyLayerChange, documentLayers, loadCurated, loadLayer } from '$db/layers';
import { alignLayers, type Alignment, type CurationLayer, type Disagreement } from '../agreement/curation';
import { invert, type Change } from '$lib/changes';
import { applyChoice, preAccept, type CurateContext } from '$lib/curate';
import { errorText } from '$lib/text';
import { say, t, type Words } from './i18n.svelte';
import { CURATED_LAYER, type Id, type Relation, type Span } from '$model';
import type { Layers } from './layers.svelte';
import type { Settings } from './settings.svelte';
import type { Toasts } from './toasts.svelte';
import type { Workspace } from './workspace.svelte';

interface Step {
  change: Change;
  before: Record<string, string>;
  after: Record<string, string>;
  /** the disagreement it settled, shown again when it is undone */
  at: number;
}

/** A choice's mark in `decisions` when the curator edits the stretch by hand in the reader. */
export const BY_HAND = 'hand';

export class Curation {
  #docId = $state<Id | null>(null);
  #text = $state('');
  #alignment = $state.raw<Alignment | null>(null);
  #decisions = $state.raw<Record<string, string>>({});
  #index = $state(0);
  #problem = $state<Words | null>(null);
  #canUndo = $state(false);
  #canRedo = $state(false);
  /** bumped on every change of the curated layer in memory */
  #version = $state(0);
  private spans = new Map<Id, Span>();
  private relations = new Map<Id, Relation>();
  private readonly undoStack: Step[] = [];
  private readonly redoStack: Step[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: GloseDatabase,
    private readonly ws: Workspace,
    private readonly layers: Layers,
    private readonly settings: Settings,
    private readonly toasts: Toasts,
  ) {}

  get docId(): Id | null {
    return this.#docId;
  }
  get text(): string {
    return this.#text;
  }
  get alignment(): Alignment | null {
    return this.#alignment;
  }
  get disagreements(): readonly Disagreement[] {
    return this.#alignment?.disagreements ?? [];
  }
  get index(): number {
    return this.#index;
  }
  get current(): Disagreement | undefined {
    return this.disagreements[this.#index];
  }
  /** the choice stored for a disagreement, if any */
  decision(id: string): string | undefined {
    return this.#decisions[id];
  }
  /** disagreements not settled yet */
  get left(): number {
    return this.disagreements.filter((d) => this.#decisions[d.id] === undefined).length;
  }
  get problem(): string | null {
    return this.#problem === null ? null : say(this.#problem);
  }
  get canUndo(): boolean {
    return this.#canUndo;
  }
  get canRedo(): boolean {
    return this.#canRedo;
  }

  /**
   * Starts (or resumes) curating the open document: aligns every annotator's layer that is not new,
   * and, the first time, puts what they all agree on into the curated layer (one undoable step).
   */
  async start(): Promise<void> {
    const docId = this.ws.editor?.docId;
    if (!docId) return;
    await this.ws.editor?.flushed();
    this.#problem = null;
    try {
      const own = await loadDocument(this.db, docId);
      if (!own) return;
      const names = this.names();
      const layers: CurationLayer[] = [];
      if (own.doc.status !== 'new' || own.spans.length > 0) layers.push(this.curationLayer(this.settings.annotator, own.spans, own.relations, names));
      for (const info of await documentLayers(this.db, docId)) {
        if (info.layer === CURATED_LAYER) continue;
        const loaded = await loadLayer(this.db, docId, info.layer);
        if (loaded) layers.push(this.curationLayer(info.layer, loaded.spans, loaded.relations, names));
      }
      if (layers.length < 2) {
        this.#problem = () => t().curation.needsTwo;
        this.layers.curate();
        this.#alignment = null;
        this.#docId = docId;
        return;
      }
      const alignment = alignLayers(layers);
      const curated = await loadCurated(this.db, docId);
      if (this.#docId !== docId) {
        this.undoStack.length = 0;
        this.redoStack.length = 0;
        this.refreshHistory();
      }
      this.#docId = docId;
      this.#text = own.text;
      this.#alignment = alignment;
      this.spans = new Map(curated.spans.map((s) => [s.id, s]));
      this.relations = new Map(curated.relations.map((r) => [r.id, r]));
      this.#decisions = curated.state?.decisions ?? {};
      this.#version++;
      const firstOpen = alignment.disagreements.findIndex((d) => this.#decisions[d.id] === undefined);
      this.#index = Math.max(0, firstOpen);
      this.layers.curate();
      if (!curated.state) this.commit(preAccept(alignment, this.context(docId)), {}, this.#index);
    } catch (err) {
      const why = errorText(err);
      this.#problem = () => t().curation.alignFailed(why);
    }
  }

  private names() {
    // other layers may still use labels deleted from the schema: they keep their names here
    const labels = [...this.ws.formerLabels, ...this.ws.labels];
    return { labels: new Map(labels.map((l) => [l.id, l.name])), types: new Map(this.ws.relationTypes.map((t) => [t.id, t.name])) };
  }

  private curationLayer(annotator: string, spans: readonly Span[], relations: readonly Relation[], names: ReturnType<Curation['names']>): CurationLayer {
    return {
      annotator,
      spans: spans.map((s) => ({ id: s.id, start: s.start, end: s.end, label: names.labels.get(s.labelId) ?? '?' })),
      relations: relations.map((r) => ({ id: r.id, from: r.fromId, to: r.toId, type: names.types.get(r.typeId) ?? '?' })),
    };
  }

  private context(docId: Id): CurateContext {
    const names = this.names();
    return {
      docId,
      labelIds: new Map([...this.ws.formerLabels, ...this.ws.labels].map((l) => [l.name, l.id])),
      typeIds: new Map(this.ws.relationTypes.map((t) => [t.name, t.id])),
      annotator: this.settings.annotator,
      labelName: (id) => names.labels.get(id) ?? '?',
      typeName: (id) => names.types.get(id) ?? '?',
    };
  }

  go(index: number): void {
    if (index >= 0 && index < this.disagreements.length) this.#index = index;
  }

  /** The next (dir 1) or previous disagreement, wrapping around. */
  step(dir: 1 | -1): void {
    const n = this.disagreements.length;
    if (n > 0) this.#index = (this.#index + dir + n) % n;
  }

  /** The n-th choice (1-based, as its key) of the current disagreement. */
  chooseNumber(n: number): boolean {
    const d = this.current;
    const choice = d?.choices[n - 1];
    if (!d || !choice) return false;
    this.choose(d, choice.id);
    return true;
  }

  /** Settles a disagreement with one of its choices: stored at once, then on to the next one left. */
  choose(d: Disagreement, choiceId: string): void {
    if (!this.#docId) return;
    const change = applyChoice({ spans: [...this.spans.values()], relations: [...this.relations.values()] }, d, choiceId, this.context(this.#docId));
    if ('refused' in change) {
      const { refused } = change;
      this.#problem = () => t().curation[refused];
      return;
    }
    this.#problem = null;
    const at = this.disagreements.indexOf(d);
    this.commit(change, { ...this.#decisions, [d.id]: choiceId }, at);
    this.nextOpen(at);
  }

  /** Leaves the current stretch to be edited by hand: counted as settled, shown in the reader on the curated layer. */
  async editByHand(): Promise<void> {
    const d = this.current;
    if (!d || !this.#docId) return;
    this.commit({ docId: this.#docId, spans: [], relations: [] }, { ...this.#decisions, [d.id]: BY_HAND }, this.#index);
    await this.queue;
    await this.layers.show(CURATED_LAYER);
    this.ws.editor?.selectRange({ start: d.start, end: d.end });
  }

  private nextOpen(from: number): void {
    const n = this.disagreements.length;
    for (let k = 1; k <= n; k++) {
      const i = (from + k) % n;
      if (this.#decisions[(this.disagreements[i] as Disagreement).id] === undefined) {
        this.#index = i;
        return;
      }
    }
  }

  undo(): void {
    const step = this.undoStack.pop();
    if (!step) return;
    this.redoStack.push(step);
    this.run(invert(step.change), step.before, step.at);
  }

  redo(): void {
    const step = this.redoStack.pop();
    if (!step) return;
    this.undoStack.push(step);
    this.run(step.change, step.after, step.at);
  }

  /** Resolves once every step taken so far is stored. */
  flushed(): Promise<void> {
    return this.queue;
  }

  private commit(change: Change, after: Record<string, string>, at: number): void {
    this.undoStack.push({ change, before: this.#decisions, after, at });
    this.redoStack.length = 0;
    this.run(change, after, at);
  }

  /** Shows the step at once and stores it; a failure reloads what is stored and says so. */
  private run(change: Change, decisions: Record<string, string>, at: number): void {
    for (const d of change.relations) {
      if (d.before) this.relations.delete(d.before.id);
      if (d.after) this.relations.set(d.after.id, d.after);
    }
    for (const d of change.spans) {
      if (d.before) this.spans.delete(d.before.id);
      if (d.after) this.spans.set(d.after.id, d.after);
    }
    this.#decisions = decisions;
    this.#index = at;
    this.#version++;
    this.refreshHistory();
    const docId = change.docId;
    const projectId = this.ws.projectId ?? '';
    this.queue = this.queue.then(async () => {
      try {
        await applyLayerChange(this.db, projectId, CURATED_LAYER, change, decisions);
      } catch (err) {
        this.toasts.show('error', () => t().curation.notSaved(errorText(err)));
        this.undoStack.length = 0;
        this.redoStack.length = 0;
        if (this.#docId === docId) await this.start();
      }
    });
    void this.queue.then(() => this.layers.refresh());
  }

  private refreshHistory(): void {
    this.#canUndo = this.undoStack.length > 0;
    this.#canRedo = this.redoStack.length > 0;
  }

  /** The curated layer's spans, in reading order (the screen previews them). */
  curatedSpans(): Span[] {
    void this.#version;
    return [...this.spans.values()].sort((a, b) => a.start - b.start || b.end - a.end);
  }
}
