// The project's undo history: edits that span several documents (label all hits, status of many)
// and label-schema edits, each one step, undone in the order they were made, from the corpus view,
// the toolbar there, or the label editor. It belongs to the project shown: another project starts
// with a history of its own.
import type { Id } from '$model';
import type { GloseDatabase } from '$db/database';
import { applyCorpusChange } from '$db/corpus';
import { applyProjectChange } from '$db/projects';
import { invertCorpus, invertProjectChange, type CorpusChange, type ProjectChange } from '$lib/changes';
import { errorText } from '$lib/text';
import type { Toasts } from './toasts.svelte';
import type { Workspace } from './workspace.svelte';
import { say, t, type Words } from './i18n.svelte';

export interface ProjectStep {
  /** what the Undo button and the toast say, e.g. "label 12 hits as PER" (worded where shown) */
  description: Words;
  changes: CorpusChange;
  /** a label-schema edit (labels, relation types, categories, and the spans it moved or deleted) */
  schema?: ProjectChange;
}

export class ProjectHistory {
  #undo = $state.raw<ProjectStep[]>([]);
  #redo = $state.raw<ProjectStep[]>([]);
  /** the project the steps belong to */
  #projectId = $state<Id | null>(null);
  #working = $state(false);
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: GloseDatabase,
    private readonly ws: Workspace,
    private readonly toasts: Toasts,
  ) {}

  /** the steps to undo, oldest first (none while another project is shown) */
  get undoSteps(): readonly ProjectStep[] {
    return this.#projectId === this.ws.projectId ? this.#undo : [];
  }
  get redoSteps(): readonly ProjectStep[] {
    return this.#projectId === this.ws.projectId ? this.#redo : [];
  }
  get canUndo(): boolean {
    return this.undoSteps.length > 0;
  }
  get canRedo(): boolean {
    return this.redoSteps.length > 0;
  }
  /** what Undo would take back, for the buttons that offer it */
  get undoDescription(): string | null {
    const step = this.undoSteps.at(-1);
    return step ? say(step.description) : null;
  }
  get redoDescription(): string | null {
    const step = this.redoSteps.at(-1);
    return step ? say(step.description) : null;
  }
  /** an edit, undo or delete is being stored */
  get working(): boolean {
    return this.#working;
  }

  async undo(): Promise<void> {
    await this.step('undo');
  }

  async redo(): Promise<void> {
    await this.step('redo');
  }

  private async step(which: 'undo' | 'redo'): Promise<void> {
    await this.run(async () => {
      const step = (which === 'undo' ? this.undoSteps : this.redoSteps).at(-1);
      if (!step) return;
      await this.ws.editor?.flushed();
      if (step.schema) await applyProjectChange(this.db, which === 'undo' ? invertProjectChange(step.schema) : step.schema);
      else await applyCorpusChange(this.db, which === 'undo' ? invertCorpus(step.changes) : step.changes);
      if (which === 'undo') {
        this.#undo = this.#undo.slice(0, -1);
        this.#redo = [...this.#redo, step];
      } else {
        this.#redo = this.#redo.slice(0, -1);
        this.#undo = [...this.#undo, step];
      }
      this.toasts.show('info', () => (which === 'undo' ? t().msg.undone(say(step.description)) : t().msg.redone(say(step.description))));
      await this.reloadIfTouched(step.changes, step.schema);
    });
  }

  /** A label-schema edit: stored in one transaction, undone as one step of the project's history. */
  async changeSchema(schema: ProjectChange, description: Words = () => t().msg.schemaChange): Promise<void> {
    await this.run(async () => {
      await this.ws.editor?.flushed();
      await applyProjectChange(this.db, schema);
      this.record({ description, changes: [], schema });
      await this.reloadIfTouched([], schema);
    });
  }

  /**
   * Stores an edit across documents: `work` writes it and returns the step to record (or null when
   * there was nothing to do). One stored edit at a time, in the order asked; a failure is told in a
   * toast, never thrown at the view.
   */
  run(work: () => Promise<ProjectStep | null | void>): Promise<void> {
    const next = this.queue.then(async () => {
      this.#working = true;
      try {
        const step = await work();
        if (step) {
          this.record(step);
          await this.reloadIfTouched(step.changes, step.schema);
        }
      } catch (err) {
        this.toasts.show('error', () => t().msg.notSaved(errorText(err)));
      } finally {
        this.#working = false;
      }
    });
    this.queue = next;
    return next;
  }

  private record(step: ProjectStep): void {
    if (this.#projectId !== this.ws.projectId) {
      this.#projectId = this.ws.projectId;
      this.#undo = [];
    }
    this.#undo = [...this.#undo, step];
    this.#redo = [];
  }

  /** The reader keeps the open document in memory: read it again when an edit here touched it. */
  private async reloadIfTouched(changes: CorpusChange, schema?: ProjectChange): Promise<void> {
    const open = this.ws.editor?.docId;
    const inSchema = schema ? [...schema.spans, ...schema.relations].some((d) => (d.after ?? d.before)?.docId === open) : false;
    if (!open || !(inSchema || changes.some((c) => c.docId === open))) return;
    await this.ws.reload(open);
  }

  /** Drops every trace of deleted documents from the history. */
  forget(ids: ReadonlySet<Id>): void {
    const kept = <T extends { docId: Id }>(d: { before?: T; after?: T }) => !ids.has((d.after ?? d.before)?.docId ?? '');
    const prune = (stack: ProjectStep[]) =>
      stack.flatMap((s) => {
        const changes = s.changes.filter((c) => !ids.has(c.docId));
        // a schema step stays (its labels are not the documents'), less the deleted documents' spans
        if (s.schema) return [{ ...s, changes, schema: { ...s.schema, spans: s.schema.spans.filter(kept), relations: s.schema.relations.filter(kept) } }];
        return changes.length === 0 ? [] : [{ ...s, changes }];
      });
    this.#undo = prune(this.#undo);
    this.#redo = prune(this.#redo);
  }
}
