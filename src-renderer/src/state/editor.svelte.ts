// The open document: its text, spans and relations in memory, edits as Changes, undo and redo.
import type { Id, Relation, Span } from '../../../src-main/model';
import { applyChange, invert, newId, type Change, type GloseDatabase, type LoadedDocument } from '../lib/db';
import { splitParagraphs, type Paragraphs } from '../lib/paragraphs';

export interface SpanListener {
  (added: Span[], removed: Span[]): void;
}

export type SaveState = 'saved' | 'saving' | 'failed';

export class Editor {
  readonly docId: Id;
  readonly text: string;
  readonly paragraphs: Paragraphs;
  /** bumped on every span change; components that list spans derive from it */
  version = $state(0);
  selectedId = $state<Id | null>(null);
  /** the word-snapped selection a label key will turn into a span */
  pending = $state<{ start: number; end: number } | null>(null);
  saveState = $state<SaveState>('saved');
  lastError = $state<string | null>(null);
  canUndo = $state(false);
  canRedo = $state(false);

  private readonly spans = new Map<Id, Span>();
  private readonly relations = new Map<Id, Relation>();
  private readonly listeners = new Set<SpanListener>();
  private readonly undoStack: Change[] = [];
  private readonly redoStack: Change[] = [];
  /** edits are written one after another, in the order they were made */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: GloseDatabase,
    loaded: LoadedDocument,
    private readonly annotator: () => string,
  ) {
    this.docId = loaded.doc.id;
    this.text = loaded.text;
    this.paragraphs = splitParagraphs(loaded.text);
    for (const s of loaded.spans) this.spans.set(s.id, s);
    for (const r of loaded.relations) this.relations.set(r.id, r);
  }

  allSpans(): Span[] {
    return [...this.spans.values()];
  }

  span(id: Id): Span | undefined {
    return this.spans.get(id);
  }

  /** Spans covering `offset`, innermost (shortest) first. */
  spansAt(offset: number): Span[] {
    const out: Span[] = [];
    for (const s of this.spans.values()) if (s.start <= offset && offset < s.end) out.push(s);
    return out.sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start);
  }

  subscribe(listener: SpanListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Turns the pending selection into a span of `labelId`; returns the new span. */
  addSpan(labelId: Id): Span | null {
    const range = this.pending;
    if (!range) return null;
    const now = Date.now();
    const span: Span = {
      id: newId(),
      docId: this.docId,
      labelId,
      start: range.start,
      end: range.end,
      annotator: this.annotator(),
      createdAt: now,
      updatedAt: now,
    };
    this.pending = null;
    this.commit({ docId: this.docId, spans: [{ after: span }], relations: [] });
    this.selectedId = span.id;
    return span;
  }

  removeSpan(id: Id): void {
    const span = this.spans.get(id);
    if (!span) return;
    const relations = [...this.relations.values()].filter((r) => r.fromId === id || r.toId === id);
    this.commit({ docId: this.docId, spans: [{ before: span }], relations: relations.map((r) => ({ before: r })) });
    if (this.selectedId === id) this.selectedId = null;
  }

  relabelSpan(id: Id, labelId: Id): void {
    const span = this.spans.get(id);
    if (!span || span.labelId === labelId) return;
    this.commit({ docId: this.docId, spans: [{ before: span, after: { ...span, labelId, updatedAt: Date.now() } }], relations: [] });
  }

  undo(): void {
    const change = this.undoStack.pop();
    if (!change) return;
    this.redoStack.push(change);
    this.run(invert(change));
  }

  redo(): void {
    const change = this.redoStack.pop();
    if (!change) return;
    this.undoStack.push(change);
    this.run(change);
  }

  /** Resolves once every edit made so far is stored (or has failed and been rolled back). */
  flushed(): Promise<void> {
    return this.queue;
  }

  private commit(change: Change): void {
    this.undoStack.push(change);
    this.redoStack.length = 0;
    this.run(change);
  }

  /** Shows the change at once, then stores it; if storing fails, the screen goes back to what is stored. */
  private run(change: Change): void {
    this.applyInMemory(change);
    this.saveState = 'saving';
    this.queue = this.queue.then(async () => {
      try {
        await applyChange(this.db, change);
        if (this.queue === current) this.saveState = 'saved';
      } catch (err) {
        this.applyInMemory(invert(change));
        const i = this.undoStack.lastIndexOf(change);
        if (i >= 0) this.undoStack.splice(i, 1);
        this.saveState = 'failed';
        this.lastError = `Not saved: ${describe(change)} (${err instanceof Error ? err.message : String(err)})`;
      }
    });
    const current = this.queue;
  }

  private applyInMemory(change: Change): void {
    const added: Span[] = [];
    const removed: Span[] = [];
    for (const d of change.spans) {
      if (d.before) {
        this.spans.delete(d.before.id);
        removed.push(d.before);
      }
      if (d.after) {
        this.spans.set(d.after.id, d.after);
        added.push(d.after);
      }
    }
    for (const d of change.relations) {
      if (d.before) this.relations.delete(d.before.id);
      if (d.after) this.relations.set(d.after.id, d.after);
    }
    if (this.selectedId && !this.spans.has(this.selectedId)) this.selectedId = null;
    this.canUndo = this.undoStack.length > 0;
    this.canRedo = this.redoStack.length > 0;
    this.version++;
    for (const l of this.listeners) l(added, removed);
  }
}

function describe(change: Change): string {
  const n = change.spans.length;
  return n === 1 ? 'the last annotation change' : `${n} annotation changes`;
}
