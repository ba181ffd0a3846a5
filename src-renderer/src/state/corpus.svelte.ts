// The corpus view's state: list settings, the corpus search, and the project's undo history: edits
// that span several documents (label all hits, status of many) and label-schema edits. Kept on the
// workspace so that a trip to the reader and back finds everything as it was.
import { tick } from 'svelte';
import { liveQuery } from 'dexie';
import type { DocStatus, DocumentRecord, Id, Span } from '../../../src-main/model';
import { applyCorpusChange, corpusSpans, deleteDocuments, invertCorpus, labelAllHits, loadTexts, setStatusMany, type CorpusChange } from '../lib/db';
import { searchCorpus, STATUS_NAMES, type CorpusSearchResult, type DocFilter, type Hit, type SortDir, type SortKey } from '../lib/corpus';
import type { SearchOptions } from '../lib/search';
import type { Workspace } from './workspace.svelte';
import { applyProjectChange, invertProjectChange, type ProjectChange } from '../lib/db-projects';

export interface CorpusStep {
  /** what the Undo button and the toast say, e.g. "label 12 hits as PER" */
  description: string;
  changes: CorpusChange;
  /** a label-schema edit (labels, relation types, categories, and the spans it moved or deleted) */
  schema?: ProjectChange;
}

export interface Progress {
  done: number;
  total: number;
}

/** texts are read this many at a time, so the progress bar moves and the window stays responsive */
const TEXT_CHUNK = 250;
/** a busy indicator for anything shorter would only flicker */
const BUSY_AFTER_MS = 500;

export class Corpus {
  tab = $state<'documents' | 'search' | 'statistics'>('documents');
  sort = $state<{ key: SortKey; dir: SortDir }>({ key: 'name', dir: 'ascending' });
  filter = $state<DocFilter>({ status: '', labelId: '', text: '' });
  /** the search form, and the query the shown result is for */
  query = $state<SearchOptions & { query: string }>({ query: '', regex: false, wholeWords: false, matchCase: false });
  searched = $state.raw<(SearchOptions & { query: string }) | null>(null);
  result = $state.raw<CorpusSearchResult | null>(null);
  /** set when a text load has taken longer than half a second */
  progress = $state.raw<Progress | null>(null);
  /** the project's spans, while someone watches them (statistics, label filter) */
  spans = $state.raw<Span[] | null>(null);
  undoStack = $state.raw<CorpusStep[]>([]);
  redoStack = $state.raw<CorpusStep[]>([]);
  readonly canUndo = $derived(this.undoStack.length > 0);
  /** what Undo would take back, for buttons outside the corpus view (the label editor's) */
  readonly undoDescription = $derived(this.undoStack.at(-1)?.description ?? null);
  readonly canRedo = $derived(this.redoStack.length > 0);
  /** an edit, undo or delete is being stored */
  working = $state(false);
  /** bumped by Ctrl+F in the corpus view: the search field takes the focus */
  findRequest = $state(0);

  /** Stored texts never change, so a text read once serves every later search. */
  private readonly texts = new Map<Id, string>();
  private searchSeq = 0;
  private projectId: Id | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ws: Workspace) {}

  /** Texts of `docs`, read on demand; `progress` shows while a long read runs. Null if superseded. */
  async textsOf(docs: readonly DocumentRecord[], isCurrent: () => boolean = () => true): Promise<ReadonlyMap<Id, string> | null> {
    const missing = docs.filter((d) => this.texts.get(d.id)?.length !== d.length).map((d) => d.id);
    if (missing.length === 0) return this.texts;
    const timer = setTimeout(() => {
      if (isCurrent()) this.progress = { done: 0, total: missing.length };
    }, BUSY_AFTER_MS);
    try {
      for (let i = 0; i < missing.length; i += TEXT_CHUNK) {
        const part = missing.slice(i, i + TEXT_CHUNK);
        for (const [id, text] of await loadTexts(this.ws.db, part)) this.texts.set(id, text);
        if (!isCurrent()) return null;
        if (this.progress) this.progress = { done: i + part.length, total: missing.length };
      }
      return this.texts;
    } finally {
      clearTimeout(timer);
      if (isCurrent()) this.progress = null;
    }
  }

  async search(): Promise<void> {
    const seq = ++this.searchSeq;
    const query = { ...this.query };
    const docs = this.ws.documents;
    const texts = await this.textsOf(docs, () => seq === this.searchSeq);
    if (!texts || seq !== this.searchSeq) return;
    this.result = searchCorpus(
      docs.map((d) => ({ id: d.id, name: d.name, text: texts.get(d.id) ?? '' })),
      query.query,
      query,
    );
    this.searched = query;
  }

  /** Ctrl+F in the corpus view: the corpus search, not the reader's find bar. */
  find(): void {
    this.tab = 'search';
    this.findRequest++;
  }

  /** Opens the hit's document in the reader with the match selected, ready for a label key. */
  async openHit(hit: Pick<Hit, 'docId' | 'start' | 'end'>): Promise<void> {
    await this.ws.open(hit.docId);
    const ed = this.ws.editor;
    if (!ed || ed.docId !== hit.docId) return;
    ed.openedId = null;
    ed.selectedId = null;
    ed.pending = { start: hit.start, end: hit.end };
    ed.caret = hit.start;
    this.ws.view = 'reader';
    ed.reveal(hit.start);
    await tick();
    document.querySelector<HTMLElement>('[role="document"][aria-label="Document text"]')?.focus({ preventScroll: true });
  }

  /** Keeps `spans` live for this project until the returned function is called. */
  watchSpans(projectId: Id): () => void {
    const sub = liveQuery(() => corpusSpans(this.ws.db, projectId)).subscribe({
      next: (spans) => (this.spans = spans),
      error: (e: unknown) => this.ws.toast('error', `Could not read the annotations: ${String(e)}`),
    });
    return () => {
      sub.unsubscribe();
      this.spans = null;
    };
  }

  /** Starts afresh when another project is shown: its history, hits and selection belong to the old one. */
  useProject(projectId: Id): void {
    if (this.projectId === projectId) return;
    const first = this.projectId === null;
    this.projectId = projectId;
    if (first) return;
    this.searchSeq++;
    this.texts.clear();
    this.undoStack = [];
    this.redoStack = [];
    this.result = null;
    this.searched = null;
    this.filter = { ...this.filter, labelId: '' };
    this.ws.selectedDocIds = [];
  }

  async labelAll(hits: readonly Hit[], labelId: Id): Promise<void> {
    const project = this.ws.project;
    const name = this.ws.label(labelId)?.name ?? '?';
    if (!project || hits.length === 0) return;
    await this.run(async () => {
      await this.ws.editor?.flushed();
      const changes = await labelAllHits(this.ws.db, project.id, hits, labelId, this.ws.annotator);
      const n = changes.reduce((sum, c) => sum + c.spans.length, 0);
      const covered = hits.length - n;
      if (n === 0) {
        this.ws.toast('info', `Nothing to do: every hit is already inside an annotation labelled ${name}.`);
        return;
      }
      this.record({ description: `label ${count(n, 'hit', 'hits')} as ${name}`, changes });
      this.ws.toast('info', `Labelled ${count(n, 'hit', 'hits')} as ${name} in ${count(changes.length, 'document', 'documents')}${covered > 0 ? ` (${covered.toLocaleString()} already covered)` : ''}.`);
      await this.reloadIfTouched(changes);
    });
  }

  async setStatus(ids: readonly Id[], status: DocStatus): Promise<void> {
    await this.run(async () => {
      await this.ws.editor?.flushed();
      const changes = await setStatusMany(this.ws.db, ids, status);
      if (changes.length === 0) return;
      const n = changes.length;
      this.record({ description: `set ${count(n, 'document', 'documents')} to ${STATUS_NAMES[status]}`, changes });
      await this.reloadIfTouched(changes);
    });
  }

  /** Deletes documents for good (not undoable: the view asks first); the open one is closed. */
  async deleteDocuments(ids: readonly Id[]): Promise<void> {
    await this.run(async () => {
      const ed = this.ws.editor;
      if (ed) await ed.flushed();
      if (ed && ids.includes(ed.docId)) this.ws.editor = null;
      await deleteDocuments(this.ws.db, ids);
      this.forget(new Set(ids));
      this.ws.toast('info', `Deleted ${count(ids.length, 'document', 'documents')}.`);
    });
  }

  async undo(): Promise<void> {
    await this.step('undo');
  }

  async redo(): Promise<void> {
    await this.step('redo');
  }

  private async step(which: 'undo' | 'redo'): Promise<void> {
    await this.run(async () => {
      const step = (which === 'undo' ? this.undoStack : this.redoStack).at(-1);
      if (!step) return;
      await this.ws.editor?.flushed();
      if (step.schema) await applyProjectChange(this.ws.db, which === 'undo' ? invertProjectChange(step.schema) : step.schema);
      else await applyCorpusChange(this.ws.db, which === 'undo' ? invertCorpus(step.changes) : step.changes);
      if (which === 'undo') {
        this.undoStack = this.undoStack.slice(0, -1);
        this.redoStack = [...this.redoStack, step];
      } else {
        this.redoStack = this.redoStack.slice(0, -1);
        this.undoStack = [...this.undoStack, step];
      }
      this.ws.toast('info', `${which === 'undo' ? 'Undone' : 'Redone'}: ${step.description}.`);
      await this.reloadIfTouched(step.changes, step.schema);
    });
  }

  /** A label-schema edit: stored in one transaction, undone as one step of the project's history. */
  async changeSchema(schema: ProjectChange, description: string): Promise<void> {
    await this.run(async () => {
      await this.ws.editor?.flushed();
      await applyProjectChange(this.ws.db, schema);
      this.record({ description, changes: [], schema });
      await this.reloadIfTouched([], schema);
    });
  }

  private record(step: CorpusStep): void {
    this.undoStack = [...this.undoStack, step];
    this.redoStack = [];
  }

  /** One stored edit at a time, in the order asked; failures are told, never thrown at the view. */
  private run(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(async () => {
      this.working = true;
      try {
        await work();
      } catch (err) {
        this.ws.toast('error', `Not saved: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        this.working = false;
      }
    });
    this.queue = next;
    return next;
  }

  /** The reader keeps the open document in memory: read it again when a corpus edit touched it. */
  private async reloadIfTouched(changes: CorpusChange, schema?: ProjectChange): Promise<void> {
    const open = this.ws.editor?.docId;
    const inSchema = schema ? [...schema.spans, ...schema.relations].some((d) => (d.after ?? d.before)?.docId === open) : false;
    if (!open || !(inSchema || changes.some((c) => c.docId === open))) return;
    this.ws.editor = null;
    await this.ws.open(open);
  }

  /** Drops every trace of deleted documents: history, hits, cached texts, selection. */
  private forget(ids: ReadonlySet<Id>): void {
    const kept = <T extends { docId: Id }>(d: { before?: T; after?: T }) => !ids.has((d.after ?? d.before)?.docId ?? '');
    const prune = (stack: CorpusStep[]) =>
      stack.flatMap((s) => {
        const changes = s.changes.filter((c) => !ids.has(c.docId));
        // a schema step stays (its labels are not the documents'), less the deleted documents' spans
        if (s.schema) return [{ ...s, changes, schema: { ...s.schema, spans: s.schema.spans.filter(kept), relations: s.schema.relations.filter(kept) } }];
        return changes.length === 0 ? [] : [{ ...s, changes }];
      });
    this.undoStack = prune(this.undoStack);
    this.redoStack = prune(this.redoStack);
    for (const id of ids) this.texts.delete(id);
    const r = this.result;
    if (r?.ok && r.hits.some((h) => ids.has(h.docId))) {
      const hits = r.hits.filter((h) => !ids.has(h.docId)).map((h, n) => ({ ...h, n }));
      this.result = { ...r, hits, documents: new Set(hits.map((h) => h.docId)).size };
    }
    this.ws.selectedDocIds = this.ws.selectedDocIds.filter((id) => !ids.has(id));
  }
}

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
