// The corpus view's state: list settings, the documents ticked in the list, the corpus search, and
// the edits it makes across documents (recorded in the project's history). Kept for the session, so
// that a trip to the reader and back finds everything as it was.
import { tick } from 'svelte';
import type { DocStatus, DocumentRecord, Id, Span } from '$model';
import type { GloseDatabase } from '$db/database';
import { Live } from '$db/live.svelte';
import { corpusSpans, labelAllHits, loadTexts, setStatusMany } from '$db/corpus';
import { deleteDocuments } from '$db/documents';
import { searchCorpus, type CorpusSearchResult, type DocFilter, type Hit, type SortDir, type SortKey } from '$lib/corpus';
import type { SearchOptions } from '$lib/search';
import { errorText } from '$lib/text';
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

/** texts are read this many at a time, so the progress bar moves and the window stays responsive */
const TEXT_CHUNK = 250;
/** a busy indicator for anything shorter would only flicker */
const BUSY_AFTER_MS = 500;

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
  /** the project's spans, read while something shows them (statistics, the label filter) */
  readonly #spans = $derived.by(() => {
    const projectId = this.ws.projectId;
    return projectId ? new Live<Span[] | null>(() => corpusSpans(this.db, projectId), null, (err) => this.toasts.show('error', t().msg.couldNotRead.annotations(errorText(err)))) : null;
  });
  readonly #selected = $derived.by(() => {
    const { projectId, ids } = this.#selection;
    if (projectId !== this.ws.projectId || ids.length === 0) return [];
    // documents deleted elsewhere drop out of the selection
    const known = new Set(this.ws.documents.map((d) => d.id));
    return ids.filter((id) => known.has(id));
  });

  /** Stored texts never change, so a text read once serves every later search. */
  private readonly texts = new Map<Id, string>();
  private searchSeq = 0;
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
  /** set when a text load has taken longer than half a second */
  get progress(): Progress | null {
    return this.#progress;
  }
  /** bumped by Ctrl+F in the corpus view: the search field takes the focus */
  get findRequest(): number {
    return this.#findRequest;
  }
  /** the project's spans (null until read); reading this in an effect keeps them live */
  get spans(): Span[] | null {
    return this.#spans?.current ?? null;
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

  /** Texts of `docs`, read on demand; `progress` shows while a long read runs. Null if superseded. */
  async textsOf(docs: readonly DocumentRecord[], isCurrent: () => boolean = () => true): Promise<ReadonlyMap<Id, string> | null> {
    const missing = docs.filter((d) => this.texts.get(d.id)?.length !== d.length).map((d) => d.id);
    if (missing.length === 0) return this.texts;
    const timer = setTimeout(() => {
      if (isCurrent()) this.#progress = { done: 0, total: missing.length };
    }, BUSY_AFTER_MS);
    try {
      for (let i = 0; i < missing.length; i += TEXT_CHUNK) {
        const part = missing.slice(i, i + TEXT_CHUNK);
        for (const [id, text] of await loadTexts(this.db, part)) this.texts.set(id, text);
        if (!isCurrent()) return null;
        if (this.#progress) this.#progress = { done: i + part.length, total: missing.length };
      }
      return this.texts;
    } finally {
      clearTimeout(timer);
      if (isCurrent()) this.#progress = null;
    }
  }

  async search(): Promise<void> {
    const seq = ++this.searchSeq;
    const query = { ...this.#query };
    const docs = this.ws.documents;
    const texts = await this.textsOf(docs, () => seq === this.searchSeq);
    if (!texts || seq !== this.searchSeq) return;
    this.#result = searchCorpus(
      docs.map((d) => ({ id: d.id, name: d.name, text: texts.get(d.id) ?? '' })),
      query.query,
      query,
    );
    this.#searched = query;
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
    this.searchSeq++;
    this.texts.clear();
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
        this.toasts.show('info', t().msg.nothingToLabel(name));
        return null;
      }
      this.toasts.show('info', t().msg.labelledHits(n, name, changes.length, covered));
      return { description: t().msg.labelHitsStep(n, name), changes };
    });
  }

  async setStatus(ids: readonly Id[], status: DocStatus): Promise<void> {
    await this.history.run(async () => {
      await this.ws.editor?.flushed();
      const changes = await setStatusMany(this.db, ids, status);
      if (changes.length === 0) return null;
      return { description: t().msg.statusStep(changes.length, t().status[status]), changes };
    });
  }

  /** Deletes documents for good (not undoable: the view asks first); the open one is closed. */
  async deleteDocuments(ids: readonly Id[]): Promise<void> {
    await this.history.run(async () => {
      await this.ws.editor?.flushed();
      this.ws.forgetDocuments(ids);
      await deleteDocuments(this.db, ids);
      this.forget(new Set(ids));
      this.toasts.show('info', t().msg.deletedDocuments(ids.length));
    });
  }

  /** Drops every trace of deleted documents: history, hits, cached texts, selection. */
  private forget(ids: ReadonlySet<Id>): void {
    this.history.forget(ids);
    for (const id of ids) this.texts.delete(id);
    const r = this.#result;
    if (r?.ok && r.hits.some((h) => ids.has(h.docId))) {
      const hits = r.hits.filter((h) => !ids.has(h.docId)).map((h, n) => ({ ...h, n }));
      this.#result = { ...r, hits, documents: new Set(hits.map((h) => h.docId)).size };
    }
    this.setSelected([...ids], false);
  }
}
