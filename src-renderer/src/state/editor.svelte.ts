// The open document: its text, spans and relations in memory, edits as Changes, undo and redo, and
// what the reader has selected. Changed only through its methods: the reader states intents (select,
// setPending, cancel…), the editor keeps the selection, caret, popover and link mode consistent.
import type { Decision, DocStatus, Id, Relation, Span } from '$model';
import type { GloseDatabase } from '$db/database';
import { applyChange, type LoadedDocument } from '$db/documents';
import { invert, type Change, type DocFields } from '$lib/changes';
import { newId } from '$lib/id';
import { splitParagraphs, type Paragraphs } from '$lib/paragraphs';
import { SpanGroups } from '$lib/span-groups';
import { SpanOrder } from '$lib/span-order';
import { errorText } from '$lib/text';
import { say, t, type Words } from './i18n.svelte';

export interface SpanListener {
  (added: Span[], removed: Span[]): void;
}

/** Told of every change shown (an edit, an undo, a redo, a rollback), after it is applied in memory. */
export interface ChangeListener {
  (change: Change): void;
}

/** A span by place and label: an end of a relation being accepted, found or made. */
export interface SpanPlace {
  labelId: Id;
  start: number;
  end: number;
}

/**
 * A suggestion settled: the decision to store and, for an accept or a correction, the span or the
 * relation it makes. A relation's ends are the spans at those places (made by this settle or
 * already there), else new spans.
 */
export interface Settled {
  decision: Pick<Decision, 'key' | 'verdict' | 'recommender' | 'alsoBy' | 'start' | 'end' | 'label'>;
  span?: SpanPlace;
  relation?: { typeId: Id; from: SpanPlace; to: SpanPlace };
}

export type SaveState = 'saved' | 'saving' | 'failed';
export interface TextRange {
  start: number;
  end: number;
}

/**
 * A document's undo and redo steps. The workspace keeps one per document for the session, so that
 * opening another document, or reloading this one after an edit elsewhere, does not lose them.
 */
export class EditHistory {
  readonly undo: Change[] = [];
  readonly redo: Change[] = [];
}

/** Where an editor's edits go: the user's own layer (the default), another layer, or nowhere. */
export interface EditorTarget {
  /** the layer shown, when it is not the user's own (CURATED_LAYER for the curated one) */
  layer?: string;
  /** set when the layer shown cannot be edited here: every edit is refused with this message (worded where it is shown) */
  readOnly?: Words;
  /** stores a change (default: in the user's own layer) */
  store?: (db: GloseDatabase, change: Change) => Promise<void>;
  /** the claim of the document's editor mark (db/pack-keys.ts, EditorMark), kept by every save, in the user's own layer */
  mark?: string;
}

/** What the editor holds, every edit saved: what a reader pack is made from (state/pack-keeper.ts). */
export interface SavedMemory {
  docId: Id;
  /** in reading order; a copy */
  spans: Span[];
  relations: Relation[];
  /** the editor's count of changes at that moment: any edit, undo or rollback since moves it */
  changes: number;
}

export class Editor {
  readonly docId: Id;
  /** the edition of the reader pack the document was read from (null: read from its records); it holds what the editor held before its first change */
  readonly edition: string | null;
  readonly projectId: Id;
  readonly text: string;
  readonly paragraphs: Paragraphs;
  #version = $state(0);
  /** -1 until the document's first frame is painted */
  #listVersion = $state(-1);
  #relationsVersion = $state(0);
  private listQueued = false;
  /** a relation, or the text at one of its ends, changed since the list was last told */
  private relationsChanged = false;
  #selectedId = $state<Id | null>(null);
  #pending = $state<TextRange | null>(null);
  #caret = $state(0);
  #openedId = $state<Id | null>(null);
  #linkFrom = $state<Id | null>(null);
  #linkProblem = $state<Words | null>(null);
  #fields = $state.raw<DocFields>({ status: 'new', categories: [] });
  #revealAt = $state.raw<{ offset: number; seq: number } | null>(null);
  #saveState = $state<SaveState>('saved');
  #lastError = $state<Words | null>(null);
  #canUndo = $state(false);
  #canRedo = $state(false);

  private readonly spans = new Map<Id, Span>();
  private readonly relations = new Map<Id, Relation>();
  private readonly decisions = new Map<Id, Decision>();
  /** changes applied in memory (not reactive: read when a pack of the memory is stored) */
  private changeCount = 0;
  private readonly listeners = new Set<SpanListener>();
  private readonly changeListeners = new Set<ChangeListener>();
  private readonly undoStack: Change[];
  private readonly redoStack: Change[];
  /** edits are written one after another, in the order they were made */
  private queue: Promise<void> = Promise.resolve();
  /** edits shown but not yet stored, oldest first */
  private readonly unsaved: Unsaved[] = [];
  /** the spans in reading order, kept so edit by edit */
  private readonly order: SpanOrder<Span>;
  /** the spans by label and text, made when first asked for, then kept so edit by edit */
  private groupIndex: SpanGroups<Span> | null = null;
  /**
   * the spans still to take into groupIndex while it is made a slice at a time, and the edits made
   * meanwhile (applied once every span is in: add and remove expect a whole index)
   */
  private groupBuild: { ordered: readonly Span[]; at: number; edits: Array<{ span: Span; add: boolean }> } | null = null;
  #groupsReady = $state(false);

  constructor(
    private readonly db: GloseDatabase,
    loaded: LoadedDocument,
    private readonly annotator: () => string,
    history: EditHistory = new EditHistory(),
    private readonly target: EditorTarget = {},
  ) {
    this.docId = loaded.doc.id;
    this.edition = loaded.edition ?? null;
    this.projectId = loaded.doc.projectId;
    this.text = loaded.text;
    this.paragraphs = splitParagraphs(loaded.text);
    this.#fields = { status: loaded.doc.status, categories: loaded.doc.categories };
    for (const s of loaded.spans) this.spans.set(s.id, s);
    this.order = new SpanOrder(loaded.spans);
    for (const r of loaded.relations) this.relations.set(r.id, r);
    for (const d of loaded.decisions ?? []) this.decisions.set(d.id, d);
    this.undoStack = history.undo;
    this.redoStack = history.redo;
    this.refreshHistory();
    this.queueList();
  }

  /** bumped on every span or relation change; components that list them derive from it */
  get version(): number {
    return this.#version;
  }
  /**
   * follows `version` once the frame showing the change has been painted (-1 until the document's
   * first frame is): the side panel derives from it, so listing spans never delays the text or a mark
   */
  get listVersion(): number {
    return this.#listVersion;
  }
  /** as `listVersion`, for lists of relations: moves only when a relation or the text at its ends changed */
  get relationsVersion(): number {
    return this.#relationsVersion;
  }
  get selectedId(): Id | null {
    return this.#selectedId;
  }
  /** the word-snapped selection a label key will turn into a span */
  get pending(): TextRange | null {
    return this.#pending;
  }
  /** the keyboard caret: a text offset, shown on the word it is in */
  get caret(): number {
    return this.#caret;
  }
  /** the span whose popover is open */
  get openedId(): Id | null {
    return this.#openedId;
  }
  /** a relation being drawn from this span */
  get linkFrom(): Id | null {
    return this.#linkFrom;
  }
  /** why the last target chosen in link mode was refused */
  get linkProblem(): string | null {
    return this.#linkProblem === null ? null : say(this.#linkProblem);
  }
  get fields(): DocFields {
    return this.#fields;
  }
  /** a request for the reader to bring an offset into view (seq makes repeated requests distinct) */
  get revealAt(): { offset: number; seq: number } | null {
    return this.#revealAt;
  }
  get saveState(): SaveState {
    return this.#saveState;
  }
  get lastError(): string | null {
    return this.#lastError === null ? null : say(this.#lastError);
  }
  get canUndo(): boolean {
    return this.#canUndo;
  }
  get canRedo(): boolean {
    return this.#canRedo;
  }
  /** the layer shown when it is not the user's own */
  get layer(): string | undefined {
    return this.target.layer;
  }
  /** why edits are refused, when they are */
  get readOnly(): string | undefined {
    return this.target.readOnly === undefined ? undefined : say(this.target.readOnly);
  }

  allSpans(): Span[] {
    return [...this.spans.values()];
  }

  /** Spans in reading order (start, then longest first); the array is the editor's own: do not change it. */
  spansInOrder(): readonly Span[] {
    return this.order.all();
  }

  /** Spans overlapping the text from `start` to `end`, in reading order. */
  spansIn(start: number, end: number): Span[] {
    return this.order.overlapping(start, end);
  }

  /** The spans grouped by label and identical text (the side panel's rows); made on first use, at once. */
  textGroups(): SpanGroups<Span> {
    if (!this.groupIndex) this.startGroups();
    this.buildGroups(Infinity);
    return this.groupIndex as SpanGroups<Span>;
  }

  /**
   * Whether textGroups() is ready without making it at once: the first call starts making it a
   * slice of spans per task (on a long book, one task would hold the page for a few hundred ms),
   * and the value turns true when it is done.
   */
  get groupsReady(): boolean {
    if (!this.groupIndex) {
      this.startGroups();
      const step = (): void => {
        if (!this.buildGroups(GROUP_SLICE_MS)) setTimeout(step, 0);
      };
      setTimeout(step, 0);
    }
    return this.#groupsReady;
  }

  private startGroups(): void {
    this.groupIndex = new SpanGroups(this.text);
    // a copy: the order changes with each edit, which the build applies after
    this.groupBuild = { ordered: [...this.order.all()], at: 0, edits: [] };
  }

  /** Takes spans into the groups for up to `budget` ms; true once they are all in. */
  private buildGroups(budget: number): boolean {
    const build = this.groupBuild;
    const index = this.groupIndex;
    if (!build || !index) return true;
    const until = performance.now() + budget;
    while (build.at < build.ordered.length) {
      const to = Math.min(build.at + 2000, build.ordered.length);
      index.extend(build.ordered, build.at, to);
      build.at = to;
      if (build.at < build.ordered.length && performance.now() >= until) return false;
    }
    for (const e of build.edits) {
      if (e.add) index.add(e.span);
      else index.remove(e.span);
    }
    this.groupBuild = null;
    this.#groupsReady = true;
    return true;
  }

  private groupEdit(span: Span, add: boolean): void {
    if (this.groupBuild) this.groupBuild.edits.push({ span, add });
    else if (add) this.groupIndex?.add(span);
    else this.groupIndex?.remove(span);
  }

  /** what the user did with suggestions in this document */
  allDecisions(): Decision[] {
    return [...this.decisions.values()];
  }

  allRelations(): Relation[] {
    return [...this.relations.values()];
  }

  /** Changes shown so far (edits, undos, redos, rollbacks): what SavedMemory is checked against. */
  get changes(): number {
    return this.changeCount;
  }

  /** The spans and relations, when every edit made is stored (null while one is being saved). */
  savedMemory(): SavedMemory | null {
    if (this.unsaved.length > 0) return null;
    return { docId: this.docId, spans: this.order.all().slice(), relations: this.allRelations(), changes: this.changeCount };
  }

  relationsOf(spanId: Id): Relation[] {
    return this.allRelations().filter((r) => r.fromId === spanId || r.toId === spanId);
  }

  span(id: Id): Span | undefined {
    return this.spans.get(id);
  }

  /** Spans covering `offset`, innermost (shortest) first. */
  spansAt(offset: number): Span[] {
    return this.order.overlapping(offset, offset).sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start);
  }

  /**
   * The span after (dir 1) or before (dir -1) the selected one, or the caret, in reading order;
   * with `accept`, the nearest one it accepts.
   */
  neighbour(dir: 1 | -1, accept: (s: Span) => boolean = () => true): Span | undefined {
    const order = this.order.all();
    const selected = this.#selectedId ? this.spans.get(this.#selectedId) : undefined;
    const current = selected ? this.order.indexOf(selected) : -1;
    // from the selected span, or from the caret: the first span starting at or after it, or the last before
    const from = current >= 0 ? current + dir : dir === 1 ? this.order.firstFrom(this.#caret) : this.order.firstFrom(this.#caret) - 1;
    for (let i = from; i >= 0 && i < order.length; i += dir) if (accept(order[i] as Span)) return order[i];
    return undefined;
  }

  /** Selects a span and asks the reader to scroll to it. */
  select(id: Id | null, reveal = true): void {
    this.#selectedId = id;
    this.#pending = null;
    const span = id ? this.spans.get(id) : undefined;
    if (span) {
      this.#caret = span.start;
      if (reveal) this.reveal(span.start);
    }
  }

  /** A click on a span (null: on plain text): selects it; a second click on the selected span opens its popover. */
  choose(id: Id | null): void {
    this.#openedId = id && id === this.#selectedId ? id : null;
    this.select(id, false);
  }

  /** Text selected with the mouse (already snapped to words), or none: it replaces any selected span. */
  setPending(range: TextRange | null): void {
    this.#pending = range;
    this.#selectedId = null;
    this.#openedId = null;
    if (range) this.#caret = range.start;
  }

  /** Makes a range of text (a match found, a corpus hit) the selection a label key will tag, and shows it. */
  selectRange(range: TextRange, reveal = true): void {
    this.setPending(range);
    if (reveal) this.reveal(range.start);
  }

  /** Moves the keyboard caret; whatever was selected is let go. */
  moveCaret(offset: number): void {
    this.setPending(null);
    this.#caret = offset;
  }

  /** Selects nothing: no span, no pending text, no popover. */
  clear(): void {
    this.setPending(null);
  }

  openPopover(id: Id | null = this.#selectedId): void {
    this.#openedId = id;
  }

  closePopover(): void {
    this.#openedId = null;
  }

  /** Link mode: the next span chosen becomes the relation's target. */
  startLink(from: Id | null = this.#selectedId): void {
    if (!from) return;
    this.#linkFrom = from;
    this.#linkProblem = null;
    this.#openedId = null;
  }

  endLink(): void {
    this.#linkFrom = null;
    this.#linkProblem = null;
  }

  /** The target chosen cannot be linked to: link mode stays open and says why. */
  refuseLink(reason: Words): void {
    this.#linkProblem = reason;
  }

  /** Escape: leaves link mode, else closes the popover, else drops the pending text, else the selected span. */
  cancel(): void {
    if (this.#linkFrom) this.endLink();
    else if (this.#openedId) this.#openedId = null;
    else if (this.#pending) this.#pending = null;
    else this.#selectedId = null;
  }

  /** A label key or a click in the palette: tags the pending text, or relabels the selected span. */
  applyLabel(labelId: Id): void {
    if (this.#pending) this.addSpan(labelId);
    else if (this.#selectedId) this.relabelSpan(this.#selectedId, labelId);
  }

  reveal(offset: number): void {
    this.#revealAt = { offset, seq: (this.#revealAt?.seq ?? 0) + 1 };
  }

  dismissError(): void {
    this.#lastError = null;
  }

  subscribe(listener: SpanListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  watch(listener: ChangeListener): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /**
   * Accepts, corrects or rejects suggestions: one undo step storing each decision, and the span of
   * each accept or correction. Returns the spans made.
   */
  settle(items: readonly Settled[]): Span[] {
    if (items.length === 0 || this.refused()) return [];
    const now = Date.now();
    const annotator = this.annotator();
    const spans: Span[] = [];
    const relations: Relation[] = [];
    const at = (p: SpanPlace): Span => {
      const same = (s: Span) => s.start === p.start && s.end === p.end && s.labelId === p.labelId;
      let span = spans.find(same) ?? this.spansInOrder().find(same);
      if (!span) spans.push((span = this.newSpan(p.labelId, p)));
      return span;
    };
    const decisions: Decision[] = items.map(({ decision, span, relation }) => {
      const made = span ? this.newSpan(span.labelId, span) : undefined;
      if (made) spans.push(made);
      let link: Relation | undefined;
      if (relation) {
        const fromId = at(relation.from).id;
        const toId = at(relation.to).id;
        const known = (r: Relation) => r.fromId === fromId && r.toId === toId && r.typeId === relation.typeId;
        if (fromId !== toId && !relations.some(known) && !this.allRelations().some(known)) {
          link = { id: newId(), docId: this.docId, typeId: relation.typeId, fromId, toId, annotator, createdAt: now, updatedAt: now };
          relations.push(link);
        }
      }
      const { alsoBy, ...rest } = decision;
      return {
        ...rest,
        ...(alsoBy?.length ? { alsoBy } : {}),
        id: newId(),
        docId: this.docId,
        projectId: this.projectId,
        ...(made ? { spanId: made.id } : {}),
        ...(link ? { relationId: link.id } : {}),
        annotator,
        createdAt: now,
        updatedAt: now,
      };
    });
    this.commit({
      docId: this.docId,
      spans: spans.map((after) => ({ after })),
      relations: relations.map((after) => ({ after })),
      decisions: decisions.map((after) => ({ after })),
    });
    return spans;
  }

  /** Turns the pending selection (or `range`) into a span of `labelId`; returns the new span. */
  addSpan(labelId: Id, range: TextRange | null = this.#pending): Span | null {
    if (!range || range.end <= range.start || this.refused()) return null;
    const span = this.newSpan(labelId, range);
    this.#pending = null;
    this.commit({ docId: this.docId, spans: [{ after: span }], relations: [] });
    this.#selectedId = span.id;
    this.#caret = span.start;
    return span;
  }

  /** One undo step that creates a span for every range given. */
  addSpans(labelId: Id, ranges: TextRange[]): number {
    if (ranges.length === 0 || this.refused()) return 0;
    this.commit({ docId: this.docId, spans: ranges.map((r) => ({ after: this.newSpan(labelId, r) })), relations: [] });
    return ranges.length;
  }

  removeSpan(id: Id): void {
    const span = this.spans.get(id);
    if (!span) return;
    const relations = this.relationsOf(id);
    this.commit({ docId: this.docId, spans: [{ before: span }], relations: relations.map((r) => ({ before: r })) });
    if (this.#selectedId === id) this.#selectedId = null;
    if (this.#openedId === id) this.#openedId = null;
  }

  relabelSpan(id: Id, labelId: Id): void {
    const span = this.spans.get(id);
    if (!span || span.labelId === labelId) return;
    // attributes belong to a label's schema: they do not survive a change of label
    const { attributes: _dropped, ...rest } = span;
    this.updateSpan(span, { ...rest, labelId });
  }

  setNote(id: Id, note: string): void {
    const span = this.spans.get(id);
    if (!span || (span.note ?? '') === note) return;
    const { note: _old, ...rest } = span;
    this.updateSpan(span, note ? { ...rest, note } : rest);
  }

  setAttribute(id: Id, name: string, value: string): void {
    const span = this.spans.get(id);
    if (!span || (span.attributes?.[name] ?? '') === value) return;
    const attributes = { ...span.attributes };
    if (value) attributes[name] = value;
    else delete attributes[name];
    const { attributes: _old, ...rest } = span;
    this.updateSpan(span, Object.keys(attributes).length > 0 ? { ...rest, attributes } : rest);
  }

  /** Moves a span's boundaries; refuses an empty span or one past the text. */
  resizeSpan(id: Id, start: number, end: number): void {
    const span = this.spans.get(id);
    if (!span || start < 0 || end > this.text.length || end <= start) return;
    if (span.start === start && span.end === end) return;
    this.updateSpan(span, { ...span, start, end });
  }

  addRelation(fromId: Id, toId: Id, typeId: Id): Relation | null {
    if (fromId === toId || !this.spans.has(fromId) || !this.spans.has(toId)) return null;
    const exists = this.allRelations().some((r) => r.fromId === fromId && r.toId === toId && r.typeId === typeId);
    if (exists) return null;
    const now = Date.now();
    const relation: Relation = { id: newId(), docId: this.docId, typeId, fromId, toId, annotator: this.annotator(), createdAt: now, updatedAt: now };
    this.commit({ docId: this.docId, spans: [], relations: [{ after: relation }] });
    return relation;
  }

  removeRelation(id: Id): void {
    const relation = this.relations.get(id);
    if (relation) this.commit({ docId: this.docId, spans: [], relations: [{ before: relation }] });
  }

  setStatus(status: DocStatus): void {
    if (this.#fields.status !== status) this.commitFields({ ...this.#fields, status });
  }

  toggleCategory(value: string, exclusiveWith: string[] = []): void {
    const has = this.#fields.categories.includes(value);
    const categories = has ? this.#fields.categories.filter((c) => c !== value) : [...this.#fields.categories.filter((c) => !exclusiveWith.includes(c)), value];
    this.commitFields({ ...this.#fields, categories });
  }

  undo(): void {
    if (this.refused()) return;
    const change = this.undoStack.pop();
    if (!change) return;
    this.redoStack.push(change);
    this.run(invert(change), { step: change, kind: 'undo' });
  }

  redo(): void {
    if (this.refused()) return;
    const change = this.redoStack.pop();
    if (!change) return;
    this.undoStack.push(change);
    this.run(change, { step: change, kind: 'redo' });
  }

  /** Resolves once every edit made so far is stored (or has failed and been rolled back). */
  flushed(): Promise<void> {
    return this.queue;
  }

  private newSpan(labelId: Id, range: TextRange): Span {
    const now = Date.now();
    return { id: newId(), docId: this.docId, labelId, start: range.start, end: range.end, annotator: this.annotator(), createdAt: now, updatedAt: now };
  }

  private updateSpan(before: Span, after: Span): void {
    this.commit({ docId: this.docId, spans: [{ before, after: { ...after, updatedAt: Date.now() } }], relations: [] });
  }

  private commitFields(after: DocFields): void {
    this.commit({ docId: this.docId, spans: [], relations: [], doc: { before: this.#fields, after } });
  }

  /** In a read-only layer: says why nothing changes, and returns true. */
  private refused(): boolean {
    if (this.target.readOnly === undefined) return false;
    this.#lastError = this.target.readOnly;
    return true;
  }

  private commit(change: Change): void {
    if (this.refused()) return;
    this.undoStack.push(change);
    const clearedRedo = this.redoStack.splice(0);
    this.run(change, { step: change, kind: 'do', clearedRedo });
  }

  /**
   * Shows the change at once, then stores it. If storing fails, that edit and every edit made after it
   * (shown, not yet stored) are taken back, newest first, so the screen shows what is stored; the undo
   * history goes back to what it was before them, and the user is told what was not saved.
   */
  private run(change: Change, history: Omit<Unsaved, 'change' | 'cancelled'>): void {
    this.applyInMemory(change);
    this.#saveState = 'saving';
    const entry: Unsaved = { change, cancelled: false, ...history };
    this.unsaved.push(entry);
    const current: Promise<void> = this.queue.then(async () => {
      if (entry.cancelled) return;
      try {
        const t0 = performance.now();
        await (this.target.store ? this.target.store(this.db, change) : applyChange(this.db, change, this.target.mark));
        const t1 = performance.now();
        // saved means on disk twice: in IndexedDB and in main's journal (a crash can cost Chromium its database)
        await this.db.journal?.settled();
        // the two halves of the last save, for the benchmarks (tests/bench/reader.bench.ts: add-span-durable);
        // the earlier ones cleared, or a long session would keep two entries per edit
        performance.clearMeasures(SAVE_STORE_MEASURE);
        performance.clearMeasures(SAVE_JOURNAL_MEASURE);
        performance.measure(SAVE_STORE_MEASURE, { start: t0, end: t1 });
        performance.measure(SAVE_JOURNAL_MEASURE, { start: t1 });
        this.unsaved.splice(this.unsaved.indexOf(entry), 1);
        if (this.queue === current) this.#saveState = 'saved';
      } catch (err) {
        const lost = this.unsaved.splice(this.unsaved.indexOf(entry));
        for (const e of [...lost].reverse()) {
          e.cancelled = true;
          this.applyInMemory(invert(e.change));
          this.forget(e);
        }
        this.refreshHistory();
        this.#saveState = 'failed';
        const why = errorText(err);
        this.#lastError = () => t().msg.editNotSaved(describe(lost.map((e) => e.change)), why);
      }
    });
    this.queue = current;
  }

  /** Undoes what an edit that was not stored did to the undo and redo stacks. */
  private forget(e: Unsaved): void {
    const drop = (stack: Change[]) => {
      const i = stack.lastIndexOf(e.step);
      if (i >= 0) stack.splice(i, 1);
    };
    if (e.kind === 'do') {
      drop(this.undoStack);
      this.redoStack.push(...(e.clearedRedo ?? []));
    } else if (e.kind === 'undo') {
      // not undone after all: still the step to undo
      drop(this.redoStack);
      this.undoStack.push(e.step);
    } else {
      drop(this.undoStack);
      this.redoStack.push(e.step);
    }
  }

  private applyInMemory(change: Change): void {
    this.changeCount++;
    const added: Span[] = [];
    const removed: Span[] = [];
    for (const d of change.spans) {
      if (d.before) this.dropSpan(d.before.id);
      if (d.before) removed.push(d.before);
      if (d.after) {
        // a span stored twice would be listed twice
        this.dropSpan(d.after.id);
        this.spans.set(d.after.id, d.after);
        this.order.insert(d.after);
        this.groupEdit(d.after, true);
        added.push(d.after);
      }
    }
    for (const d of change.relations) {
      if (d.before) this.relations.delete(d.before.id);
      if (d.after) this.relations.set(d.after.id, d.after);
      this.relationsChanged = true;
    }
    if (!this.relationsChanged && change.spans.some((d) => d.before && d.after && (d.before.start !== d.after.start || d.before.end !== d.after.end))) {
      const moved = new Set(change.spans.map((d) => d.before?.id));
      this.relationsChanged = this.allRelations().some((r) => moved.has(r.fromId) || moved.has(r.toId));
    }
    for (const d of change.decisions ?? []) {
      if (d.before) this.decisions.delete(d.before.id);
      if (d.after) this.decisions.set(d.after.id, d.after);
    }
    if (change.doc) this.#fields = change.doc.after;
    // the first annotation starts the work on a document (as applyChange records it)
    else if (this.#fields.status === 'new' && (change.spans.length > 0 || change.relations.length > 0)) this.#fields = { ...this.#fields, status: 'in_progress' };
    if (this.#selectedId && !this.spans.has(this.#selectedId)) this.#selectedId = null;
    if (this.#openedId && !this.spans.has(this.#openedId)) this.#openedId = null;
    if (this.#linkFrom && !this.spans.has(this.#linkFrom)) this.endLink();
    this.refreshHistory();
    this.#version++;
    this.queueList();
    if (added.length > 0 || removed.length > 0) for (const l of this.listeners) l(added, removed);
    for (const l of this.changeListeners) l(change);
  }

  private dropSpan(id: Id): void {
    const stored = this.spans.get(id);
    if (!stored) return;
    this.spans.delete(id);
    this.order.remove(stored);
    this.groupEdit(stored, false);
  }

  /** `listVersion` catches up with `version` once the frame showing the change has been painted. */
  private queueList(): void {
    if (this.listQueued) return;
    this.listQueued = true;
    afterPaint(() =>
      // and once the edits shown so far are stored: the panel's frame would otherwise come between the
      // save's requests to IndexedDB, whose answers wait for the page (tests/bench/reader.bench.ts, add-span-durable)
      void this.queue.then(() =>
        whenIdle(() => {
          this.listQueued = false;
          this.#listVersion = this.#version;
          if (!this.relationsChanged) return;
          this.relationsChanged = false;
          this.#relationsVersion++;
        }),
      ),
    );
  }

  private refreshHistory(): void {
    this.#canUndo = this.undoStack.length > 0;
    this.#canRedo = this.redoStack.length > 0;
  }
}

/** User Timing: an edit's transaction, from its start to its commit */
export const SAVE_STORE_MEASURE = 'glose save: indexeddb';
/** User Timing: the commit → main's journal holds the edit */
export const SAVE_JOURNAL_MEASURE = 'glose save: journal';

/** how long a slice of the panel's groups may hold the page */
const GROUP_SLICE_MS = 8;

interface Unsaved {
  change: Change;
  /** the undo step it belongs to, and what it did with it */
  step: Change;
  kind: 'do' | 'undo' | 'redo';
  /** the redo steps a new edit cleared */
  clearedRedo?: Change[];
  /** an earlier edit failed: this one is taken back and never written */
  cancelled: boolean;
}

function describe(changes: Change[]): string {
  const n = changes.reduce((sum, c) => sum + c.spans.length + c.relations.length + (c.doc ? 1 : 0), 0);
  return n === 1 ? t().msg.lastChange : t().msg.annotationChanges(n);
}

/** Runs `fn` once the next frame has been painted, or soon where there are no frames, as in tests. */
function afterPaint(fn: () => void): void {
  if (typeof requestAnimationFrame !== 'function') setTimeout(fn, 0);
  else requestAnimationFrame(() => setTimeout(fn, 0));
}

/** Runs `fn` once the page is idle (at most 300 ms later), or soon where it cannot tell. */
function whenIdle(fn: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 300 });
  else setTimeout(fn, 0);
}
