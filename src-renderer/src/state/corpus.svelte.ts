// The corpus view's state: list settings, the documents ticked in the list, the corpus search, the
// statistics, and the edits it makes across documents (recorded in the project's history). Kept for
// the session, so that a trip to the reader and back finds everything as it was. The search and the
// statistics run in the corpus worker (src/corpus/worker.ts), which reads texts and spans itself:
// the window only ever holds the document records, the hits and the counts.
import { tick } from 'svelte';
import type { DocStatus, Id, LabelDef, Span } from '$model';
import type { GloseDatabase } from '$db/database';
import { Live } from '$db/live.svelte';
import { corpusSpans, labelAllHits, layerCounts, setStatusMany, type LayerCount } from '$db/corpus';
import { errorText } from '$lib/text';
import { deleteDocuments } from '$db/documents';
import type { CorpusSearchResult, DocFilter, Hit, SortDir, SortKey, TextCount } from '$lib/corpus';
import type { SearchOptions } from '$lib/search';
import type { CorpusAnswer, CorpusRequest } from '../corpus/service';
import type { ProjectHistory } from './project-history.svelte';
import type { Settings } from './settings.svelte';
import type { Toasts } from './toasts.svelte';
import type { Workspace } from './workspace.svelte';
import { t } from './i18n.svelte';

export interface Progress {
  done: number;
  total: number;
}

export type CorpusTab = 'documents' | 'search' | 'statistics';
export type CorpusQuery = SearchOptions & { query: string };

/** The annotation counts the worker sent, for the documents and labels they were asked for. */
export interface AnnotationCounts {
  /** spans per label (in the order of `labelIds`) of each document */
  byDoc: ReadonlyMap<Id, readonly number[]>;
  labelIds: readonly Id[];
  /** the most frequent texts of each label; null until they are counted */
  top: ReadonlyMap<Id, TextCount[]> | null;
}

/** a busy indicator for anything shorter would only flicker */
const BUSY_AFTER_MS = 500;
/** most frequent texts listed per label */
const TOP_TEXTS = 10;

export class Corpus {
  #tab = $state<CorpusTab>('documents');
  #sort = $state.raw<{ key: SortKey; dir: SortDir }>({ key: 'name', dir: 'ascending' });
  #filter = $state.raw<DocFilter>({ status: '', labelId: '', text: '' });
  #query = $state.raw<CorpusQuery>({ query: '', regex: false, wholeWords: false, matchCase: false });
  #searched = $state.raw<CorpusQuery | null>(null);
  #result = $state.raw<CorpusSearchResult | null>(null);
  #progress = $state.raw<Progress | null>(null);
  #findRequest = $state(0);
  /** the documents ticked in the list, and the project they were ticked in */
  #selection = $state.raw<{ projectId: Id | null; ids: Id[] }>({ projectId: null, ids: [] });
  /** the layer whose spans the statistics, the label filter and the search's labels count: null is the user's own */
  #layer = $state<{ projectId: Id | null; layer: string | null }>({ projectId: null, layer: null });
  /** another layer's spans, read while the search shows how that layer labelled its hits (the statistics are counted by the worker) */
  readonly #spans = $derived.by(() => {
    const projectId = this.ws.projectId;
    const layer = this.layer;
    return projectId && layer !== null ? new Live<Span[] | null>(() => corpusSpans(this.db, projectId, layer), null, (err) => this.toasts.show('error', () => t().msg.couldNotRead.annotations(errorText(err)))) : null;
  });
  /** each layer's documents and spans, the user's own first */
  readonly #layerCounts = $derived.by(() => {
    const projectId = this.ws.projectId;
    return projectId ? new Live<LayerCount[] | null>(() => layerCounts(this.db, projectId), null, (err) => this.toasts.show('error', () => t().msg.couldNotRead.annotations(errorText(err)))) : null;
  });
  #counts = $state.raw<AnnotationCounts | null>(null);
  /** the search is still reading texts */
  #searching = $state(false);
  /** the shown search was stopped before it had read every text */
  #stopped = $state(false);
  readonly #selected = $derived.by(() => {
    const { projectId, ids } = this.#selection;
    if (projectId !== this.ws.projectId || ids.length === 0) return [];
    // documents deleted elsewhere drop out of the selection
    const known = new Set(this.ws.documents.map((d) => d.id));
    return ids.filter((id) => known.has(id));
  });

  private worker: Worker | null = null;
  /** who listens to the answers of each request still running, by request number */
  private readonly listeners = new Map<number, (answer: CorpusAnswer) => boolean>();
  /** every request to the worker has its own number; the latest search and count are the ones shown */
  private seq = 0;
  private searchSeq = 0;
  private countSeq = 0;
  /** what the last count was asked for: the same question is not asked again */
  private countKey = '';
  private projectId: Id | null = null;

  constructor(
    private readonly db: GloseDatabase,
    private readonly ws: Workspace,
    private readonly history: ProjectHistory,
    private readonly settings: Settings,
    private readonly toasts: Toasts,
  ) {}

  get tab(): CorpusTab {
    return this.#tab;
  }
  get sort(): { key: SortKey; dir: SortDir } {
    return this.#sort;
  }
  get filter(): DocFilter {
    return this.#filter;
  }
  /** the search form */
  get query(): CorpusQuery {
    return this.#query;
  }
  /** the query the shown result is for */
  get searched(): CorpusQuery | null {
    return this.#searched;
  }
  get result(): CorpusSearchResult | null {
    return this.#result;
  }
  /** how far the running search has read, once it has taken longer than half a second */
  get progress(): Progress | null {
    return this.#progress;
  }
  /** a search is running: its hits so far are in `result` */
  get searching(): boolean {
    return this.#searching;
  }
  /** the shown hits are those found before the search was stopped */
  get stopped(): boolean {
    return this.#stopped;
  }
  /** bumped by Ctrl+F in the corpus view: the search field takes the focus */
  get findRequest(): number {
    return this.#findRequest;
  }
  /** the layer counted (null: the user's own); another project starts on the user's own */
  get layer(): string | null {
    // blind mode hides the other layers of documents not yet Done: the corpus counts the user's own only
    return this.#layer.projectId === this.ws.projectId && !this.ws.project?.blind ? this.#layer.layer : null;
  }

  /** the user's name, which their own layer is called by */
  get me(): string {
    return this.settings.annotator;
  }

  /** each layer's documents and spans (null until read), the user's own first */
  get layerCounts(): LayerCount[] | null {
    return this.#layerCounts?.current ?? null;
  }

  setLayer(layer: string | null): void {
    this.#layer = { projectId: this.ws.projectId, layer };
  }

  /** another layer's spans (null until read, and for the user's own); reading this in an effect keeps them live */
  get spans(): Span[] | null {
    return this.#spans?.current ?? null;
  }
  /** spans per label of each document, once `count` has been answered (null until then) */
  get counts(): AnnotationCounts | null {
    return this.#counts;
  }
  /** documents ticked in the corpus list (the export dialog's "selected documents") */
  get selectedDocIds(): Id[] {
    return this.#selected;
  }

  showTab(tab: CorpusTab): void {
    this.#tab = tab;
  }

  /** A click on a column heading: that column, or the other way round if it is already the one. */
  sortBy(key: SortKey): void {
    const same = this.#sort.key === key;
    this.#sort = { key, dir: same ? (this.#sort.dir === 'ascending' ? 'descending' : 'ascending') : key === 'spans' || key === 'updated' ? 'descending' : 'ascending' };
  }

  setFilter(patch: Partial<DocFilter>): void {
    this.#filter = { ...this.#filter, ...patch };
  }

  setQuery(patch: Partial<CorpusQuery>): void {
    this.#query = { ...this.#query, ...patch };
  }

  /** Ticks (or unticks) these documents in the list. */
  setSelected(ids: readonly Id[], on: boolean): void {
    const current = this.#selected;
    if (on) {
      const have = new Set(current);
      const add = ids.filter((id) => !have.has(id));
      if (add.length > 0) this.#selection = { projectId: this.ws.projectId, ids: [...current, ...add] };
    } else {
      const drop = new Set(ids);
      this.#selection = { projectId: this.ws.projectId, ids: current.filter((id) => !drop.has(id)) };
    }
  }

  clearSelection(): void {
    this.#selection = { projectId: this.ws.projectId, ids: [] };
  }

  /**
   * Searches every document of the project, in the worker: hits are listed as each slice of
   * documents is searched, and a new search stops the one running.
   */
  search(): void {
    this.listeners.delete(this.searchSeq);
    const seq = ++this.seq;
    this.searchSeq = seq;
    const query = { ...this.#query };
    const docs = this.ws.documents.map((d) => ({ id: d.id, name: d.name, length: d.length }));
    const { query: text, ...options } = query;
    this.#searched = query;
    this.#result = { ok: true, hits: [], truncated: false, documents: 0 };
    this.#searching = true;
    this.#stopped = false;
    this.#progress = null;
    const started = performance.now();
    this.ask({ kind: 'search', seq, docs, query: text, options }, (answer) => {
      const r = this.#result;
      if (answer.kind === 'hits') {
        if (r?.ok && answer.hits.length > 0) this.#result = { ...r, hits: r.hits.concat(answer.hits), documents: answer.documents };
        if (answer.read < answer.total && performance.now() - started > BUSY_AFTER_MS) this.#progress = { done: answer.read, total: answer.total };
        return false;
      }
      if (answer.kind === 'searched' && r?.ok) this.#result = { ...r, truncated: answer.truncated, documents: answer.documents };
      else if (answer.kind === 'invalid') this.#result = { ok: false, error: answer.error };
      else if (answer.kind === 'error') this.toasts.show('error', () => t().msg.couldNotRead.texts(answer.message));
      this.#searching = false;
      this.#progress = null;
      return true;
    });
  }

  /** Stops the running search; the hits found so far stay. */
  cancelSearch(): void {
    if (!this.#searching) return;
    this.worker?.postMessage({ kind: 'cancel', seq: this.searchSeq } satisfies CorpusRequest);
    this.listeners.delete(this.searchSeq);
    this.searchSeq = 0;
    this.#searching = false;
    this.#stopped = true;
    this.#progress = null;
  }

  /**
   * Counts the annotations of every document per label (the statistics, the label filter), in the
   * worker, and then the most frequent texts when `top`. Called from an effect: it reads the
   * documents and labels, so it runs again when they change, and the worker counts again only
   * the documents edited since. `layer`: another layer than the user's own.
   */
  count(labels: readonly LabelDef[], top = false, layer: string | null = null): void {
    const docs = this.ws.documents.map((d) => ({ id: d.id, updatedAt: d.updatedAt }));
    const labelIds = labels.map((l) => l.id);
    const key = JSON.stringify([this.ws.projectId, docs, labelIds, top, layer]);
    if (key === this.countKey) return;
    this.countKey = key;
    this.listeners.delete(this.countSeq);
    const seq = ++this.seq;
    this.countSeq = seq;
    this.ask({ kind: 'stats', seq, docs, labelIds, layer, top: top ? TOP_TEXTS : 0 }, (answer) => {
      if (answer.kind === 'counts') {
        this.#counts = { byDoc: new Map(docs.map((d, i) => [d.id, answer.counts[i] ?? []])), labelIds, top: null };
        return !top;
      }
      if (answer.kind === 'top' && this.#counts) this.#counts = { ...this.#counts, top: new Map(answer.top) };
      if (answer.kind === 'error') {
        this.countKey = '';
        this.toasts.show('error', () => t().msg.couldNotRead.annotations(answer.message));
      }
      return true;
    });
  }

  /** Sends a request to the worker; `onAnswer` gets its answers until it returns true (or a newer request of its kind replaces it). */
  private ask(request: CorpusRequest, onAnswer: (answer: CorpusAnswer) => boolean): void {
    if (!this.worker) {
      this.worker = new Worker(new URL('../corpus/worker.ts', import.meta.url), { type: 'module' });
      this.worker.onmessage = ({ data }: MessageEvent<CorpusAnswer>) => {
        if (this.listeners.get(data.seq)?.(data)) this.listeners.delete(data.seq);
      };
    }
    this.listeners.set(request.seq, onAnswer);
    this.worker.postMessage(request);
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.listeners.clear();
  }

  /** Ctrl+F in the corpus view: the corpus search, not the reader's find bar. */
  find(): void {
    this.#tab = 'search';
    this.#findRequest++;
  }

  /** Opens the hit's document in the reader with the match selected, ready for a label key. */
  async openHit(hit: Pick<Hit, 'docId' | 'start' | 'end'>): Promise<void> {
    await this.ws.open(hit.docId);
    const ed = this.ws.editor;
    if (!ed || ed.docId !== hit.docId) return;
    ed.selectRange({ start: hit.start, end: hit.end });
    this.ws.showReader();
    await tick();
    document.querySelector<HTMLElement>('.reader [role="document"]')?.focus({ preventScroll: true });
  }

  /** Starts afresh when another project is shown: its hits and filters belong to the old one. */
  useProject(projectId: Id): void {
    if (this.projectId === projectId) return;
    const first = this.projectId === null;
    this.projectId = projectId;
    if (first) return;
    this.listeners.clear();
    this.searchSeq = 0;
    this.countSeq = 0;
    this.countKey = '';
    this.#searching = false;
    this.#stopped = false;
    this.#progress = null;
    this.#counts = null;
    this.#result = null;
    this.#searched = null;
    this.#filter = { ...this.#filter, labelId: '' };
  }

  async labelAll(hits: readonly Hit[], labelId: Id): Promise<void> {
    const project = this.ws.project;
    const name = this.ws.label(labelId)?.name ?? '?';
    if (!project || hits.length === 0) return;
    await this.history.run(async () => {
      await this.ws.editor?.flushed();
      const changes = await labelAllHits(this.db, project.id, hits, labelId, this.settings.annotator);
      const n = changes.reduce((sum, c) => sum + c.spans.length, 0);
      const covered = hits.length - n;
      if (n === 0) {
        this.toasts.show('info', () => t().msg.nothingToLabel(name));
        return null;
      }
      this.toasts.show('info', () => t().msg.labelledHits(n, name, changes.length, covered));
      return { description: () => t().msg.labelHitsStep(n, name), changes };
    });
  }

  async setStatus(ids: readonly Id[], status: DocStatus): Promise<void> {
    await this.history.run(async () => {
      await this.ws.editor?.flushed();
      const changes = await setStatusMany(this.db, ids, status);
      if (changes.length === 0) return null;
      return { description: () => t().msg.statusStep(changes.length, t().status[status]), changes };
    });
  }

  /** Deletes documents for good (not undoable: the view asks first); the open one is closed. */
  async deleteDocuments(ids: readonly Id[]): Promise<void> {
    await this.history.run(async () => {
      await this.ws.editor?.flushed();
      this.ws.forgetDocuments(ids);
      await deleteDocuments(this.db, ids);
      this.forget(new Set(ids));
      this.toasts.show('info', () => t().msg.deletedDocuments(ids.length));
    });
  }

  /** Drops every trace of deleted documents: history, hits, selection. */
  private forget(ids: ReadonlySet<Id>): void {
    this.history.forget(ids);
    const r = this.#result;
    if (r?.ok && r.hits.some((h) => ids.has(h.docId))) {
      const hits = r.hits.filter((h) => !ids.has(h.docId)).map((h, n) => ({ ...h, n }));
      this.#result = { ...r, hits, documents: new Set(hits.map((h) => h.docId)).size };
    }
    this.setSelected([...ids], false);
  }
}
