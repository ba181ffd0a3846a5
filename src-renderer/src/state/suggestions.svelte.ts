// The suggestions the reader shows: the recommenders run in a Web Worker (src/suggest/worker.ts)
// and are told of the project (schema, switches, annotated documents), the open document and every
// change to it; what comes back is shown as proposals apart from the annotations. Accepting,
// correcting and rejecting go through the editor, so each is one undo step stored at once, and the
// decision is kept with the document (a rejection is never proposed there again).
import type { MlBackendFailure, MlBackendHealth, MlBackendStatus } from '$contract';
import type { Decision, Id, LabelDef, RelationType } from '$model';
import type { GloseDatabase } from '$db/database';
import { getSetting, setSetting } from '$db/settings';
import { projectDecisions, rejectedKeys, suggestDocuments, trainingDocuments, type SuggestDocument } from '$db/suggestions';
import type { Change } from '$lib/changes';
import { errorText } from '$lib/text';
import { RECOMMENDER_INFO } from '../suggest/recommenders';
import type { DocumentState, SuggestReply, SuggestRequest } from '../suggest/service';
import type { Proposal, SpanProposal } from '../suggest/types';
import type { WorkerAnswer, WorkerMessage } from '../suggest/worker';
import type { Editor, Settled } from './editor.svelte';
import type { Toasts } from './toasts.svelte';
import { t } from './i18n.svelte';

/** Where the recommenders run: the worker in the app, the service itself in unit tests. */
export interface SuggestClient {
  request(request: SuggestRequest): Promise<SuggestReply>;
  dispose(): void;
}

/** The recommenders in a Web Worker, one request answered after another. */
export function workerClient(): SuggestClient {
  const worker = new Worker(new URL('../suggest/worker.ts', import.meta.url), { type: 'module' });
  const waiting = new Map<number, (reply: SuggestReply) => void>();
  let seq = 0;
  worker.onmessage = (ev: MessageEvent<WorkerAnswer>) => {
    waiting.get(ev.data.seq)?.(ev.data.reply);
    waiting.delete(ev.data.seq);
  };
  worker.onerror = (ev) => {
    for (const resolve of waiting.values()) resolve({ type: 'error', message: ev.message || 'the suggestion worker stopped' });
    waiting.clear();
  };
  return {
    request: (request) =>
      new Promise((resolve) => {
        const message: WorkerMessage = { seq: ++seq, request };
        waiting.set(message.seq, resolve);
        worker.postMessage(message);
      }),
    dispose: () => worker.terminate(),
  };
}

export const RECOMMENDERS = RECOMMENDER_INFO.map((r) => ({ id: r.id as string, name: r.name as string, description: r.description as string }));
const ALL = RECOMMENDERS.map((r) => r.id);
const settingKey = (projectId: Id) => `suggestEnabled:${projectId}`;

/** A recommender's name in the interface language (a model's id as it is). */
export function recommenderName(id: string): string {
  return t().suggest.recommenders[id]?.name ?? RECOMMENDERS.find((r) => r.id === id)?.name ?? id;
}

export interface RecommenderStats {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  /** proposals shown in the open document */
  open: number;
  /** decided in the project: accepted, and rejected or corrected */
  accepted: number;
  rejected: number;
  /** accepted / decided; null before any decision */
  precision: number | null;
}

export interface PreannotateRow {
  id: Id;
  name: string;
  proposals: number;
  /** per recommender id */
  by: Record<string, number>;
}

export interface PreannotateRun {
  total: number;
  done: number;
  rows: PreannotateRow[];
  state: 'running' | 'cancelled' | 'finished' | 'failed';
  error?: string;
}

/** Documents sent to the worker at once by a pre-annotation: small enough that Cancel answers quickly. */
const PREANNOTATE_BATCH = 25;

type Tally = Map<string, { accepted: number; rejected: number }>;

function tally(decisions: readonly Decision[], into: Tally = new Map(), sign = 1): Tally {
  for (const d of decisions) {
    for (const r of [d.recommender, ...(d.alsoBy ?? [])]) {
      const t = into.get(r) ?? { accepted: 0, rejected: 0 };
      if (d.verdict === 'accepted') t.accepted += sign;
      else t.rejected += sign;
      into.set(r, t);
    }
  }
  return into;
}

export class Suggestions {
  #enabled = $state.raw<readonly string[]>(ALL);
  #proposals = $state.raw<SpanProposal[]>([]);
  #currentKey = $state<string | null>(null);
  #reviewing = $state(false);
  /** decisions counted in the project's other documents */
  #elsewhere = $state.raw<Tally>(new Map());
  /** bumped when the open document's decisions change */
  #decided = $state(0);
  #run = $state.raw<PreannotateRun | null>(null);
  #error = $state<string | null>(null);
  /** answers from the recommenders shown so far (the benchmark waits for the next one) */
  #updates = $state(0);
  #backend = $state.raw<MlBackendStatus | null>(null);
  #backendCheck = $state.raw<MlBackendHealth | MlBackendFailure | null>(null);

  #client: SuggestClient | null = null;
  /** requests to the worker, one after another */
  #chain: Promise<unknown> = Promise.resolve();
  #projectId: Id | null = null;
  #schemaKey = '';
  #labels: LabelDef[] = [];
  #editor: Editor | null = null;
  #unwatch: (() => void) | null = null;
  /** extents touched by edits not yet sent to the worker */
  #touched: Array<{ start: number; end: number }> | null = null;
  #cancelRun = false;
  /** requests waiting for the next frame to be painted */
  #deferred = 0;

  constructor(
    private readonly db: GloseDatabase,
    private readonly toasts: Toasts,
    private readonly makeClient: () => SuggestClient = workerClient,
  ) {}

  /** span proposals in the open document, in text order */
  get proposals(): readonly SpanProposal[] {
    return this.#proposals;
  }
  get current(): SpanProposal | null {
    const key = this.#currentKey;
    return key === null ? null : (this.#proposals.find((p) => p.key === key) ?? null);
  }
  /** review mode: Tab and Shift+Tab move between proposals, Enter accepts, Backspace rejects */
  get reviewing(): boolean {
    return this.#reviewing;
  }
  get enabled(): readonly string[] {
    return this.#enabled;
  }
  get run(): PreannotateRun | null {
    return this.#run;
  }
  /** why the recommenders could not run, when they could not */
  get error(): string | null {
    return this.#error;
  }
  get updates(): number {
    return this.#updates;
  }

  get stats(): RecommenderStats[] {
    void this.#decided;
    const here = tally(this.#editor?.allDecisions() ?? []);
    return RECOMMENDERS.map((r) => {
      const a = this.#elsewhere.get(r.id) ?? { accepted: 0, rejected: 0 };
      const b = here.get(r.id) ?? { accepted: 0, rejected: 0 };
      const accepted = a.accepted + b.accepted;
      const rejected = a.rejected + b.rejected;
      return {
        ...r,
        name: recommenderName(r.id),
        description: t().suggest.recommenders[r.id]?.description ?? r.description,
        enabled: this.#enabled.includes(r.id),
        open: this.#proposals.filter((p) => p.recommender === r.id).length,
        accepted,
        rejected,
        precision: accepted + rejected > 0 ? accepted / (accepted + rejected) : null,
      };
    });
  }

  /** The proposal covering a text offset (the shortest when several do), or null. */
  proposalAt(offset: number): SpanProposal | null {
    let best: SpanProposal | null = null;
    for (const p of this.#proposals) {
      if (p.start > offset) break;
      if (offset < p.end && (!best || p.end - p.start < best.end - best.start)) best = p;
    }
    return best;
  }

  /**
   * Follows the project and the open document: called whenever either, or the schema, changes.
   * The worker is told in order; what it answers for a document no longer open is dropped.
   */
  follow(projectId: Id | null, labels: LabelDef[], relationTypes: RelationType[], editor: Editor | null): void {
    this.#labels = labels;
    if (projectId !== null) this.#syncProject(projectId, labels, relationTypes);
    if (editor === this.#editor) return;
    this.#unwatch?.();
    this.#unwatch = null;
    const before = this.#editor;
    this.#editor = editor;
    this.#proposals = [];
    this.#currentKey = null;
    this.#touched = null;
    this.#decided++;
    if (before) this.#send({ type: 'close', id: before.docId });
    if (!editor) return;
    this.#unwatch = editor.watch((change) => this.#changed(editor, change));
    const opened = editor;
    // the project's counts without this document's decisions, which the editor holds (the previous
    // document's are stored by now: the workspace waits for its edits before opening another)
    const project = this.#projectId;
    if (project !== null) {
      void this.#enqueue(async () => {
        const decisions = await projectDecisions(this.db, project);
        if (this.#editor === opened && this.#projectId === project) this.#elsewhere = tally(decisions.filter((d) => d.docId !== opened.docId));
      });
    }
    this.#later(() => {
      if (this.#editor !== opened) return;
      void this.#enqueue(async () => {
        const reply = await this.#client?.request({ type: 'open', document: this.#documentState(opened) });
        this.#show(opened, reply);
      });
    });
  }

  /** Resolves once every request made so far has been answered. */
  async idle(): Promise<void> {
    let chain: Promise<unknown>;
    do {
      while (this.#deferred > 0) await new Promise((resolve) => setTimeout(resolve, 1));
      chain = this.#chain;
      await chain;
    } while (chain !== this.#chain || this.#deferred > 0);
  }

  dispose(): void {
    this.#unwatch?.();
    this.#client?.dispose();
    this.#client = null;
  }

  // ---- review

  setReviewing(on: boolean): void {
    this.#reviewing = on;
    if (on && !this.current) this.#currentKey = this.#after(this.#editor?.caret ?? 0, 1)?.key ?? null;
    if (!on) this.#currentKey = null;
    this.#reveal();
  }

  /** Makes a proposal the current one (a click on it), or none. */
  select(key: string | null): void {
    this.#currentKey = key;
  }

  /** The next (dir 1) or previous proposal from the current one, else from the caret; false when there is none. */
  step(dir: 1 | -1): boolean {
    const cur = this.current;
    const next = this.#after(cur ? (dir === 1 ? cur.start + 1 : cur.start) : (this.#editor?.caret ?? 0), dir);
    if (!next) return false;
    this.#currentKey = next.key;
    this.#reveal();
    return true;
  }

  /** Accepts a proposal (the current one by default), or with `labelId` another label: a correction. */
  accept(key: string | null = this.#currentKey, labelId?: Id): boolean {
    const p = this.#find(key);
    const ed = this.#editor;
    if (!p || !ed) return false;
    const proposed = this.#labelId(p.label);
    const label = labelId ?? proposed;
    if (!label) return false;
    const verdict = label === proposed ? 'accepted' : 'corrected';
    this.#settle([{ decision: this.#decision(p, verdict), span: { labelId: label, start: p.start, end: p.end } }], p);
    return true;
  }

  reject(key: string | null = this.#currentKey): boolean {
    const p = this.#find(key);
    if (!p || !this.#editor) return false;
    this.#settle([{ decision: this.#decision(p, 'rejected') }], p);
    return true;
  }

  /** Accepts every proposal of a label (by name) or of a recommender in the document: one undo step. */
  acceptAll(filter: { label?: string; recommender?: string }): number {
    const chosen = this.#proposals.filter((p) => (filter.label === undefined || p.label === filter.label) && (filter.recommender === undefined || p.recommender === filter.recommender));
    const items: Settled[] = [];
    // proposals of one label never overlap; of several labels they may, and an accept takes one place once
    const taken: SpanProposal[] = [];
    for (const p of chosen) {
      const labelId = this.#labelId(p.label);
      if (!labelId || taken.some((t) => t.start === p.start && t.end === p.end)) continue;
      taken.push(p);
      items.push({ decision: this.#decision(p, 'accepted'), span: { labelId, start: p.start, end: p.end } });
    }
    if (items.length > 0) this.#settle(items, null);
    return items.length;
  }

  // ---- per-project switches

  async setEnabled(id: string, on: boolean): Promise<void> {
    const projectId = this.#projectId;
    if (!projectId) return;
    const next = ALL.filter((r) => (r === id ? on : this.#enabled.includes(r)));
    this.#enabled = next;
    try {
      await setSetting(this.db, settingKey(projectId), next);
    } catch (err) {
      this.toasts.show('error', t().suggest.msg.settingsNotSaved(errorText(err)));
    }
    this.#schemaKey = '';
    this.#syncProject(projectId, this.#labels, this.#lastTypes);
  }

  // ---- the model served by the user (Settings): main keeps the URL and asks before the first call

  /** its URL (null: off) and the user's answer for that URL; null until read */
  get backend(): MlBackendStatus | null {
    return this.#backend;
  }
  /** the answer to the last "Test" */
  get backendCheck(): MlBackendHealth | MlBackendFailure | null {
    return this.#backendCheck;
  }

  async loadBackend(): Promise<void> {
    try {
      this.#backend = await window.glose.suggestBackend();
    } catch (err) {
      this.toasts.show('error', t().suggest.msg.modelUnread(errorText(err)));
    }
  }

  /** Sets the model's base URL, or switches it off with an empty one. */
  async setBackend(url: string): Promise<void> {
    const trimmed = url.trim();
    this.#backendCheck = null;
    try {
      this.#backend = await window.glose.suggestSetBackend(trimmed === '' ? null : trimmed);
    } catch (err) {
      this.toasts.show('error', t().suggest.msg.urlNotSet(errorText(err)));
    }
  }

  async checkBackend(): Promise<void> {
    this.#backendCheck = null;
    try {
      this.#backendCheck = await window.glose.suggestCheckBackend();
      this.#backend = await window.glose.suggestBackend();
    } catch (err) {
      this.toasts.show('error', t().suggest.msg.unreachable(errorText(err)));
    }
  }

  // ---- pre-annotation

  /** Runs every active recommender over documents of the shown project, a batch at a time, until done or cancelled. */
  async preannotate(projectId: Id, labels: LabelDef[], relationTypes: RelationType[], ids: readonly Id[]): Promise<void> {
    if (this.#run?.state === 'running') return;
    this.#labels = labels;
    this.#syncProject(projectId, labels, relationTypes);
    this.#cancelRun = false;
    let run: PreannotateRun = { total: ids.length, done: 0, rows: [], state: 'running' };
    this.#run = run;
    try {
      // the next batch is read from the database while the worker runs the recommenders on this one
      let next: Promise<SuggestDocument[]> | null = ids.length > 0 ? suggestDocuments(this.db, ids.slice(0, PREANNOTATE_BATCH)) : null;
      for (let i = 0; next; i += PREANNOTATE_BATCH) {
        const docs = await next;
        if (this.#cancelRun) {
          this.#run = { ...run, state: 'cancelled' };
          return;
        }
        const following = ids.slice(i + PREANNOTATE_BATCH, i + 2 * PREANNOTATE_BATCH);
        next = following.length > 0 ? suggestDocuments(this.db, following) : null;
        const reply = await this.#enqueue(async () => this.#client?.request({ type: 'preannotate', documents: docs.map(toState) }));
        if (reply?.type === 'error') throw new Error(reply.message);
        const results = reply?.type === 'preannotated' ? reply.results : [];
        const names = new Map(docs.map((d) => [d.id, d.name]));
        const rows = results.map((r) => row(r.id, names.get(r.id) ?? r.id, r.proposals));
        run = { ...run, done: Math.min(ids.length, i + PREANNOTATE_BATCH), rows: [...run.rows, ...rows] };
        this.#run = run;
      }
      this.#run = { ...run, state: 'finished' };
    } catch (err) {
      this.#run = { ...run, state: 'failed', error: errorText(err) };
    }
  }

  cancelPreannotate(): void {
    this.#cancelRun = true;
  }

  closeRun(): void {
    if (this.#run?.state !== 'running') this.#run = null;
  }

  // ---- inside

  #lastTypes: RelationType[] = [];

  /** Configures the worker for the project (and learns from its documents) when the project or its schema changed. */
  #syncProject(projectId: Id, labels: LabelDef[], relationTypes: RelationType[]): void {
    this.#lastTypes = relationTypes;
    const schema = {
      labels: labels.map((l) => l.name),
      relations: relationTypes.map((t) => ({
        name: t.name,
        source: t.sourceLabelIds.flatMap((id) => labels.find((l) => l.id === id)?.name ?? []),
        target: t.targetLabelIds.flatMap((id) => labels.find((l) => l.id === id)?.name ?? []),
      })),
    };
    const newProject = projectId !== this.#projectId;
    const key = JSON.stringify(schema);
    if (!newProject && key === this.#schemaKey) return;
    this.#schemaKey = key;
    if (newProject) {
      this.#projectId = projectId;
      this.#elsewhere = new Map();
    }
    this.#client ??= this.makeClient();
    void this.#enqueue(async () => {
      if (newProject) {
        const stored = await getSetting<unknown>(this.db, settingKey(projectId), null);
        if (this.#projectId !== projectId) return;
        this.#enabled = Array.isArray(stored) ? ALL.filter((id) => stored.includes(id)) : ALL;
      }
      const configured = await this.#client?.request({ type: 'configure', schema, enabled: [...this.#enabled] });
      if (configured?.type === 'error') return this.#fail(configured.message);
      if (!newProject) {
        // a renamed label or a recommender switched: the open document's proposals again
        const ed = this.#editor;
        if (ed) this.#refresh(ed, []);
        return;
      }
      const docs = await trainingDocuments(this.db, projectId);
      const learned = await this.#client?.request({ type: 'learn', documents: docs.map(toState) });
      if (learned?.type === 'error') this.#fail(learned.message);
    });
  }

  #changed(editor: Editor, change: Change): void {
    const touched: Array<{ start: number; end: number }> = [];
    for (const d of change.spans) for (const s of [d.before, d.after]) if (s) touched.push({ start: s.start, end: s.end });
    for (const d of change.decisions ?? []) for (const s of [d.before, d.after]) if (s) touched.push({ start: s.start, end: s.end });
    if (change.decisions?.length) this.#decided++;
    if (touched.length > 0 || change.relations.length > 0) this.#refresh(editor, touched);
  }

  /** Tells the worker of an edit; edits made while it is busy go together in the next request. */
  #refresh(editor: Editor, touched: Array<{ start: number; end: number }>): void {
    if (this.#touched) {
      this.#touched.push(...touched);
      return;
    }
    this.#touched = [...touched];
    // the edit is painted first: reading the document for the worker takes a few milliseconds on a book
    this.#later(() =>
      void this.#enqueue(async () => {
        const all = this.#touched ?? [];
        this.#touched = null;
        if (this.#editor !== editor) return;
        const reply = await this.#client?.request({ type: 'edit', document: this.#documentState(editor), touched: all });
        this.#show(editor, reply);
      }),
    );
  }

  #show(editor: Editor, reply: SuggestReply | undefined): void {
    if (this.#editor !== editor || !reply) return;
    if (reply.type === 'error') return this.#fail(reply.message);
    if (reply.type !== 'proposals') return;
    this.#error = null;
    this.#updates++;
    this.#proposals = spanProposals(reply.proposals);
    if (this.#reviewing && !this.current) this.#currentKey = this.#after(editor.caret, 1)?.key ?? null;
  }

  #fail(message: string): void {
    this.#error = message;
  }

  #send(request: SuggestRequest): void {
    void this.#enqueue(async () => this.#client?.request(request));
  }

  #later(fn: () => void): void {
    this.#deferred++;
    afterPaint(() => {
      this.#deferred--;
      fn();
    });
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T | undefined> {
    const next = this.#chain.then(task, task).catch((err: unknown) => {
      this.#fail(errorText(err));
      return undefined;
    });
    this.#chain = next;
    return next;
  }

  #documentState(editor: Editor): DocumentState {
    const names = new Map(this.#labels.map((l) => [l.id, l.name]));
    const spans = editor.allSpans().flatMap((s) => {
      const label = names.get(s.labelId);
      return label === undefined ? [] : [{ start: s.start, end: s.end, label, id: s.id }];
    });
    const types = new Map(this.#lastTypes.map((t) => [t.id, t.name]));
    const relations = editor.allRelations().flatMap((r) => {
      const type = types.get(r.typeId);
      return type === undefined ? [] : [{ type, fromId: r.fromId, toId: r.toId }];
    });
    return { id: editor.docId, text: editor.text, spans, relations, rejected: rejectedKeys(editor.allDecisions()), complete: editor.fields.status === 'done' };
  }

  #settle(items: Settled[], settled: SpanProposal | null): void {
    const ed = this.#editor;
    if (!ed) return;
    const keys = new Set(items.map((i) => i.decision.key));
    // the next proposal in review, chosen before this one leaves the list
    const next = settled && this.#reviewing ? this.#after(settled.start + 1, 1) : null;
    // shown gone at once; the worker's answer to the edit follows
    this.#proposals = this.#proposals.filter((p) => !keys.has(p.key) && !items.some((i) => i.span && overlapsSame(p, i.span.start, i.span.end, i.decision.label)));
    this.#currentKey = next && !keys.has(next.key) ? next.key : null;
    ed.settle(items);
    if (settled && !this.#reviewing) ed.select(ed.spansAt(settled.start).find((s) => s.start === settled.start && s.end === settled.end)?.id ?? null, false);
    this.#reveal();
  }

  #decision(p: SpanProposal, verdict: Decision['verdict']): Settled['decision'] {
    return { key: p.key, verdict, recommender: p.recommender, ...(p.alsoBy?.length ? { alsoBy: p.alsoBy } : {}), start: p.start, end: p.end, label: p.label };
  }

  #find(key: string | null): SpanProposal | undefined {
    return key === null ? undefined : this.#proposals.find((p) => p.key === key);
  }

  #labelId(name: string): Id | undefined {
    return this.#labels.find((l) => l.name === name)?.id;
  }

  /** The first proposal starting at or after `offset` (dir 1), or the last starting before it (dir -1). */
  #after(offset: number, dir: 1 | -1): SpanProposal | undefined {
    return dir === 1 ? this.#proposals.find((p) => p.start >= offset) : this.#proposals.findLast((p) => p.start < offset);
  }

  #reveal(): void {
    const cur = this.current;
    if (cur) this.#editor?.reveal(cur.start);
  }
}

/** Runs `fn` once the next frame is painted, or soon where there are no frames (unit tests). */
function afterPaint(fn: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(fn, 0));
  else setTimeout(fn, 0);
}

function overlapsSame(p: SpanProposal, start: number, end: number, label: string): boolean {
  return p.start === start && p.end === end && p.label === label;
}

function spanProposals(proposals: readonly Proposal[]): SpanProposal[] {
  return proposals.filter((p): p is SpanProposal => p.kind === 'span');
}

function toState(d: SuggestDocument): DocumentState {
  return { id: d.id, text: d.text, spans: d.spans, rejected: d.rejected, complete: d.complete };
}

function row(id: Id, name: string, proposals: readonly Proposal[]): PreannotateRow {
  const spans = spanProposals(proposals);
  const by: Record<string, number> = {};
  for (const p of spans) by[p.recommender] = (by[p.recommender] ?? 0) + 1;
  return { id, name, proposals: spans.length, by };
}
