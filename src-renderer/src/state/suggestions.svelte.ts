// The suggestions the reader shows: the recommenders run in a Web Worker (src/suggest/worker.ts)
// and are told of the project (schema, switches, annotated documents), the open document and every
// change to it; what comes back is shown as proposals apart from the annotations. Accepting,
// correcting and rejecting go through the editor, so each is one undo step stored at once, and the
// decision is kept with the document (a rejection is never proposed there again).
import type { MlBackendFailure, MlBackendHealth, MlBackendStatus, MlPrediction, MlPredictRequest, SuggestListFile } from '$contract';
import type { Decision, Id, LabelDef, Relation, RelationType, Span, SuggestList } from '$model';
import type { GloseDatabase } from '$db/database';
import { getSetting, setSetting } from '$db/settings';
import { projectDecisions, rejectedKeys, suggestDocuments, suggestState, trainingDocuments, type SuggestDocument } from '$db/suggestions';
import type { Change } from '$lib/changes';
import { errorText } from '$lib/text';
import { newId } from '$lib/id';
import { RECOMMENDER_INFO } from '../suggest/recommenders';
import { cueJson, type DocumentChange, type DocumentState, type SuggestReply, type SuggestRequest, type Supplied } from '../suggest/service';
import { applyProposalChange, isRelationKey, type Endpoint, type ExistingSpan, type Proposal, type RelationProposal, type SpanProposal } from '../suggest/types';
import type { PrepareSource, WorkerAnswer, WorkerMessage } from '../suggest/worker';
import { digestOf, editionDigest } from '../suggest/digest';
import { packRequest, unpackReply } from '../suggest/pack';
import type { Editor, Settled, SpanPlace } from './editor.svelte';
import type { Toasts } from './toasts.svelte';
import { language, say, t, type Words } from './i18n.svelte';
import { SuggestFileError, type SuggestProblem, wordSuggestProblem } from '../suggest/errors';
import { MODEL } from '../suggest/model';

/** Where the recommenders run: the worker in the app, the service itself in unit tests. */
export interface SuggestClient {
  request(request: SuggestRequest): Promise<SuggestReply>;
  /** reads a document from the database and computes its proposals for the 'openPrepared' that follows (the worker only) */
  prepare?(source: PrepareSource): Promise<SuggestReply>;
  dispose(): void;
}

/** The recommenders in a Web Worker, one request answered after another. */
export function workerClient(): SuggestClient {
  const worker = new Worker(new URL('../suggest/worker.ts', import.meta.url), { type: 'module' });
  const waiting = new Map<number, (reply: SuggestReply) => void>();
  let seq = 0;
  worker.onmessage = (ev: MessageEvent<WorkerAnswer>) => {
    waiting.get(ev.data.seq)?.(unpackReply(ev.data.reply));
    waiting.delete(ev.data.seq);
  };
  worker.onerror = (ev) => {
    for (const resolve of waiting.values()) resolve({ type: 'error', problem: { code: 'stopped', why: ev.message || '' } });
    waiting.clear();
  };
  return {
    request: (request) =>
      new Promise((resolve) => {
        const { wire, transfer } = packRequest(request);
        const message: WorkerMessage = { seq: ++seq, request: wire };
        waiting.set(message.seq, resolve);
        worker.postMessage(message, transfer);
      }),
    prepare: (source) =>
      new Promise((resolve) => {
        const message: WorkerMessage = { seq: ++seq, prepare: source };
        waiting.set(message.seq, resolve);
        worker.postMessage(message);
      }),
    dispose: () => worker.terminate(),
  };
}

/** What the suggestions ask of main: the user's model, and a list file (window.glose in the app; a stand-in in unit tests). */
export interface MainPort {
  status(): Promise<MlBackendStatus>;
  predict(request: MlPredictRequest): Promise<MlPrediction | MlBackendFailure>;
  /** the open dialog, then the file read; null when cancelled */
  importList(): Promise<SuggestListFile | null>;
}

/** The model is off where there is no main process to ask (the engine's unit tests). */
const windowMain: MainPort = {
  status: async () => (typeof window === 'undefined' ? { url: null, consent: null } : window.glose.suggestBackend()),
  predict: (request) => window.glose.suggestPredict(request),
  importList: () => window.glose.suggestImportList(),
};

export const RECOMMENDERS = RECOMMENDER_INFO.map((r) => ({ id: r.id as string, name: r.name as string, description: r.description as string }));
const ALL = RECOMMENDERS.map((r) => r.id);
const settingKey = (projectId: Id) => `suggestEnabled:${projectId}`;
const listsKey = (projectId: Id) => `suggestLists:${projectId}`;

/** What importing a list came to: kept (with what it holds), refused (why), or the dialog cancelled. */
export type ListImport = { ok: true; list: SuggestList; terms: number; unknownLabels: string[] } | { ok: false; message: Words } | null;

/** The recommenders' error, worded where it is shown (a language switch words it again). */
const said = (problem: SuggestProblem): Words => () => wordSuggestProblem(language.locale, problem);

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
  error?: Words;
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
  /** the open document's proposals in the engine's order: text order, each relation after the span it starts from */
  #all = $state.raw<Proposal[]>([]);
  /** #all's span proposals and relation proposals: kept with it, change by change (not filtered again from tens of thousands) */
  #proposals = $state.raw<SpanProposal[]>([]);
  #relations = $state.raw<RelationProposal[]>([]);
  #currentKey = $state<string | null>(null);
  #reviewing = $state(false);
  /** decisions counted in the project's other documents */
  #elsewhere = $state.raw<Tally>(new Map());
  /** bumped when the open document's decisions change */
  #decided = $state(0);
  #run = $state.raw<PreannotateRun | null>(null);
  #error = $state<Words | null>(null);
  /** answers from the recommenders shown so far (the benchmark waits for the next one) */
  #updates = $state(0);
  /** documents opened with the proposals the worker prepared while they opened (see prepare) */
  #preparedOpens = $state(0);
  #backend = $state.raw<MlBackendStatus | null>(null);
  /** the project's gazetteers and cue lists */
  #lists = $state.raw<SuggestList[]>([]);
  /** the list last removed, until another change: what Undo puts back */
  #removedList = $state.raw<SuggestList | null>(null);
  #backendCheck = $state.raw<MlBackendHealth | MlBackendFailure | null>(null);

  #client: SuggestClient | null = null;
  /** requests to the worker, one after another */
  #chain: Promise<unknown> = Promise.resolve();
  #projectId: Id | null = null;
  #schemaKey = '';
  #labels: LabelDef[] = [];
  #editor: Editor | null = null;
  #unwatch: (() => void) | null = null;
  /** edits not yet sent to the worker: their changes in order, and whether the whole document must go */
  #queued: { full: boolean; changes: DocumentChange[] } | null = null;
  /** the proposals as the worker last said, and split by kind; #all is these less what was just accepted or rejected */
  #base: Proposal[] = [];
  #baseSpans: SpanProposal[] = [];
  #baseRelations: RelationProposal[] = [];
  #cancelRun = false;
  /** requests waiting for the next frame to be painted */
  #deferred = 0;
  /** the document the worker was last asked to prepare (see prepare) */
  #preparing: Id | null = null;
  /** what the worker prepared for it, and under which setup (see #setup) */
  #prepared: { id: Id; digest: string; reply: Extract<SuggestReply, { type: 'prepared' }>; setup: number } | null = null;
  /** bumped whenever the worker is configured or learns again: what it prepared before is then not what it would open */
  #setup = 0;

  constructor(
    private readonly db: GloseDatabase,
    private readonly toasts: Toasts,
    private readonly makeClient: () => SuggestClient = workerClient,
    private readonly main: MainPort = windowMain,
  ) {}

  /** span proposals in the open document, in text order */
  get proposals(): readonly SpanProposal[] {
    return this.#proposals;
  }
  /** relation proposals (a quote said by a person) in the open document */
  get relations(): readonly RelationProposal[] {
    return this.#relations;
  }
  get current(): Proposal | null {
    const key = this.#currentKey;
    return key === null ? null : (this.#all.find((p) => p.key === key) ?? null);
  }
  /** where the current proposal stands among all of them (1-based), and how many there are */
  get position(): { index: number; total: number } {
    const key = this.#currentKey;
    return { index: key === null ? 0 : this.#all.findIndex((p) => p.key === key) + 1, total: this.#all.length };
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
    return this.#error === null ? null : say(this.#error);
  }
  get updates(): number {
    return this.#updates;
  }
  get preparedOpens(): number {
    return this.#preparedOpens;
  }
  /** the gazetteers and cue lists imported into the project, oldest first */
  get lists(): readonly SuggestList[] {
    return this.#lists;
  }
  get removedList(): SuggestList | null {
    return this.#removedList;
  }

  get stats(): RecommenderStats[] {
    void this.#decided;
    const here = tally(this.#editor?.allDecisions() ?? []);
    // one pass over the proposals, not one per recommender: a long book has tens of thousands
    const open = new Map<string, number>();
    for (const p of this.#all) open.set(p.recommender, (open.get(p.recommender) ?? 0) + 1);
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
        open: open.get(r.id) ?? 0,
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

  /** The relation proposals that start or end at a span proposal's place and label. */
  relationsOf(p: SpanProposal): RelationProposal[] {
    const at = (e: Endpoint) => e.start === p.start && e.end === p.end && e.label === p.label;
    return this.#relations.filter((r) => at(r.from) || at(r.to));
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
    this.#base = [];
    this.#baseSpans = [];
    this.#baseRelations = [];
    this.#setAll([], [], []);
    this.#currentKey = null;
    this.#queued = null;
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
      const t0 = performance.now();
      // the fingerprint of the document as the page holds it, made now: the worker is most likely
      // still computing what it prepared, and the answer is then shown as soon as it comes
      const changes = opened.changes;
      const fingerprint = this.#preparing === opened.docId ? this.#fingerprint(opened) : null;
      // the document itself, for the worker, made now only when the fingerprint needed it or nothing was prepared
      let state = fingerprint ? fingerprint.state : this.#documentState(opened);
      const digest = fingerprint?.digest ?? null;
      void this.#enqueue(async () => {
        // left before its turn came: nothing to open (its close is on its way), and what is being prepared is another's
        if (this.#editor !== opened) return;
        // computed already when the worker read the same document while the reader opened it (the
        // prepare's answer came before this task: requests are answered in order)
        let reply: SuggestReply | undefined;
        const ready = this.#prepared;
        this.#prepared = null;
        let prepared = false;
        if (this.#preparing === opened.docId) {
          this.#preparing = null;
          if (ready && ready.id === opened.docId && ready.digest === digest && ready.setup === this.#setup) {
            prepared = true;
            this.#preparedOpens++;
            this.#show(opened, { type: 'proposals', id: ready.id, proposals: ready.reply.proposals });
            reply = await this.#client?.request({ type: 'openPrepared', id: opened.docId, digest, known: true });
          }
        }
        if (reply === undefined || reply.type === 'stale') {
          prepared = false;
          if (state === null) {
            // edited since the fingerprint: the refresh that follows sends the document whole, its
            // changes being in what is sent now already
            if (opened.changes !== changes && this.#queued) this.#queued.full = true;
            state = this.#documentState(opened);
          }
          reply = await this.#client?.request({ type: 'open', document: state });
          this.#show(opened, reply);
        }
        // read by the benchmark: the page's part once the document is shown, and whether it came prepared
        performance.measure('glose suggest: open', { start: t0, detail: { prepared } });
        // the model is asked once the others' proposals are shown: it may be slow, and main may ask the user first
        if (reply?.type === 'proposals' || reply?.type === 'ok') void this.#askModel(opened);
      });
    });
  }

  /**
   * The reader starts opening a document (of the project followed): the worker reads it from the
   * database and computes its proposals while the page reads and draws it, so that follow() then
   * only checks that both hold the same document (see suggest/digest.ts).
   */
  prepare(docId: Id, layer: string | null): void {
    const client = this.#client;
    if (!client?.prepare || this.#projectId === null) return;
    const source: PrepareSource = { database: this.db.name, id: docId, layer, ...this.#names() };
    this.#preparing = docId;
    this.#prepared = null;
    const t0 = performance.now();
    void this.#enqueue(async () => {
      // requests go one after another: every configure and learn sent before this one is counted by now
      const setup = this.#setup;
      // from the reader's start on the document to the worker's proposals ready (waiting for earlier requests included)
      const reply = await client.prepare?.(source);
      performance.measure('glose suggest: prepare', { start: t0 });
      // kept for follow(), which shows them once it holds the same document (nothing set up again meanwhile)
      // (its proposals are unpacked only then: see unpackReply)
      if (reply?.type === 'prepared' && this.#preparing === docId) this.#prepared = { id: reply.id, digest: reply.digest, reply, setup };
      return reply;
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
    const at = this.#currentKey === null ? -1 : this.#all.findIndex((p) => p.key === this.#currentKey);
    const next = at >= 0 ? this.#all[at + dir] : this.#after(this.#editor?.caret ?? 0, dir);
    if (!next) return false;
    this.#currentKey = next.key;
    this.#reveal();
    return true;
  }

  /**
   * Accepts a proposal (the current one by default), or with `labelId` another label: a correction.
   * A relation is accepted with its ends: the quote and the speaker become spans if they were only
   * proposed. A relation takes no other label.
   */
  accept(key: string | null = this.#currentKey, labelId?: Id): boolean {
    const p = this.#find(key);
    const ed = this.#editor;
    if (!p || !ed) return false;
    if (p.kind === 'relation') {
      const items = labelId === undefined ? this.#relationItems(p) : null;
      if (!items) return false;
      this.#settle(items, p);
      return true;
    }
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

  /**
   * Accepts every proposal of a label (by name) or of a recommender in the document: one undo step.
   * A recommender's relations come with it; a label's do not.
   */
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
    let count = items.length;
    if (filter.label === undefined) {
      for (const r of this.#relations) {
        if (filter.recommender !== undefined && r.recommender !== filter.recommender) continue;
        // the ends were accepted above when they were this recommender's proposals
        const link = this.#relationItems(r, items);
        if (!link) continue;
        items.push(...link);
        count++;
      }
    }
    if (items.length > 0) this.#settle(items, null);
    return count;
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

  // ---- gazetteers and cue lists, per project

  /**
   * Main's open dialog, then the file read by the recommenders as they will read it: kept for the
   * project when it reads, refused as a whole (with the file and line at fault) when it does not.
   */
  async importList(options: { label?: string; ignoreCase: boolean }): Promise<ListImport> {
    const projectId = this.#projectId;
    if (!projectId) return null;
    let file;
    try {
      file = await this.main.importList();
    } catch (err) {
      return { ok: false, message: errorText(err) };
    }
    if (!file) return null;
    const label = file.kind === 'gazetteer' && options.label ? { label: options.label } : {};
    const candidate: SuggestList = { id: newId(), fileName: file.fileName, kind: file.kind, content: file.content, ...label, ignoreCase: options.ignoreCase, addedAt: Date.now() };
    const checked = await this.#checkList(candidate);
    if (checked.type === 'error') return { ok: false, message: said(checked.problem) };
    if (checked.type !== 'checked') return { ok: false, message: said({ code: 'noAnswer' }) };
    const known = new Set(this.#labels.map((l) => l.name.toUpperCase()));
    const unknownLabels = checked.labels.filter((l) => !known.has(l.toUpperCase()));
    const saved = await this.#saveLists(projectId, [...this.#lists, candidate]);
    return saved === null ? { ok: true, list: candidate, terms: checked.terms, unknownLabels } : { ok: false, message: saved };
  }

  /** Takes a list out of the project (Undo puts it back). */
  async removeList(id: Id): Promise<void> {
    const projectId = this.#projectId;
    const list = this.#lists.find((l) => l.id === id);
    if (!projectId || !list) return;
    const failed = await this.#saveLists(projectId, this.#lists.filter((l) => l.id !== id));
    if (failed === null) this.#removedList = list;
    else this.toasts.show('error', failed);
  }

  async undoRemoveList(): Promise<void> {
    const projectId = this.#projectId;
    const list = this.#removedList;
    if (!projectId || !list) return;
    const lists = [...this.#lists, list].sort((a, b) => a.addedAt - b.addedAt);
    const failed = await this.#saveLists(projectId, lists);
    if (failed === null) this.#removedList = null;
    else this.toasts.show('error', failed);
  }

  async #checkList(list: SuggestList): Promise<SuggestReply> {
    this.#client ??= this.makeClient();
    const file = { name: list.fileName, kind: list.kind, content: list.content, ...(list.label !== undefined ? { label: list.label } : {}), ignoreCase: list.ignoreCase };
    return (await this.#enqueue(async () => this.#client?.request({ type: 'check', list: file }))) ?? { type: 'error', problem: { code: 'noAnswer' } };
  }

  /** Stores the project's lists and tells the recommenders; null, or why they were not stored. */
  async #saveLists(projectId: Id, lists: SuggestList[]): Promise<string | null> {
    try {
      await setSetting(this.db, listsKey(projectId), lists);
    } catch (err) {
      return errorText(err);
    }
    this.#removedList = null;
    this.#lists = lists;
    this.#schemaKey = '';
    this.#syncProject(projectId, this.#labels, this.#lastTypes);
    return null;
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
      let useModel = await this.#modelOn();
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
        const states: DocumentState[] = [];
        for (const d of docs) {
          if (this.#cancelRun) break;
          const model = useModel ? await this.#predict(d.id, d.text) : null;
          // a model that failed once (said in a toast) is not asked again in this run
          if (!model) useModel = false;
          states.push(model ? { ...toState(d), model } : toState(d));
        }
        // cancelled while the model was asked: this batch is left out whole, not reported without the model's proposals
        if (this.#cancelRun) {
          this.#run = { ...run, state: 'cancelled' };
          return;
        }
        const reply = await this.#enqueue(async () => this.#client?.request({ type: 'preannotate', documents: states }));
        if (reply?.type === 'error') {
          this.#run = { ...run, state: 'failed', error: said(reply.problem) };
          return;
        }
        const results = reply?.type === 'preannotated' ? reply.results : [];
        const names = new Map(docs.map((d) => [d.id, d.name]));
        const rows = results.map((r): PreannotateRow => ({ id: r.id, name: names.get(r.id) ?? r.id, proposals: r.proposals, by: r.by }));
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
        const lists = await getSetting<SuggestList[]>(this.db, listsKey(projectId), []);
        if (this.#projectId !== projectId) return;
        this.#enabled = Array.isArray(stored) ? ALL.filter((id) => stored.includes(id)) : ALL;
        this.#lists = lists;
        this.#removedList = null;
      }
      this.#setup++;
      const configured = await this.#client?.request({ type: 'configure', schema, enabled: [...this.#enabled], ...this.#listFiles() });
      if (configured?.type === 'error') return this.#fail(said(configured.problem));
      if (!newProject) {
        // a renamed label or a recommender switched: the open document's proposals again
        const ed = this.#editor;
        if (ed) this.#refresh(ed, null);
        return;
      }
      const docs = await trainingDocuments(this.db, projectId);
      this.#setup++;
      const learned = await this.#client?.request({ type: 'learn', documents: docs.map(toState) });
      if (learned?.type === 'error') this.#fail(said(learned.problem));
    });
  }

  /**
   * What the user's model proposes for a document, when it is switched on for the project and a URL
   * is set; null when it is not asked. A failure is said once, in a toast.
   */
  async #modelAnswer(docId: Id, text: string): Promise<Supplied | null> {
    return (await this.#modelOn()) ? this.#predict(docId, text) : null;
  }

  async #modelOn(): Promise<boolean> {
    if (!this.#enabled.includes(MODEL)) return false;
    try {
      this.#backend = await this.main.status();
      return this.#backend.url !== null && this.#backend.consent !== 'declined';
    } catch (err) {
      this.toasts.show('error', t().proposals.modelFailed(errorText(err)));
      return false;
    }
  }

  async #predict(docId: Id, text: string): Promise<Supplied | null> {
    try {
      const answer = await this.main.predict({ documentId: docId, text, labels: this.#labels.map((l) => l.name) });
      if (answer.ok) return { spans: answer.proposals.map((p) => ({ start: p.start, end: p.end, label: p.label, score: p.score })), version: answer.modelVersion };
      if (answer.problem !== 'off' && answer.problem !== 'declined') this.toasts.show('error', t().proposals.modelFailed(answer.message));
    } catch (err) {
      this.toasts.show('error', t().proposals.modelFailed(errorText(err)));
    }
    return null;
  }

  async #askModel(editor: Editor): Promise<void> {
    const model = await this.#modelAnswer(editor.docId, editor.text);
    if (!model || this.#editor !== editor) return;
    const reply = await this.#enqueue(async () => (this.#editor === editor ? this.#client?.request({ type: 'supply', id: editor.docId, model }) : undefined));
    this.#show(editor, reply);
  }

  /** The project's lists as configure takes them; a cue list that is no longer JSON is said by configure's error. */
  #listFiles(): Pick<Extract<SuggestRequest, { type: 'configure' }>, 'gazetteers' | 'cueFiles'> {
    const gazetteers = this.#lists.filter((l) => l.kind === 'gazetteer').map((l) => ({ name: l.fileName, content: l.content, ...(l.label !== undefined ? { label: l.label } : {}), ignoreCase: l.ignoreCase }));
    const cueFiles = this.#lists.filter((l) => l.kind === 'cues').map((l) => ({ name: l.fileName, json: cueJson(l.content, l.fileName) }));
    return { gazetteers, cueFiles };
  }

  #changed(editor: Editor, change: Change): void {
    const touched: Array<{ start: number; end: number }> = [];
    for (const d of change.spans) for (const s of [d.before, d.after]) if (s) touched.push({ start: s.start, end: s.end });
    for (const d of change.decisions ?? []) for (const s of [d.before, d.after]) if (s) touched.push({ start: s.start, end: s.end });
    if (change.decisions?.length) this.#decided++;
    if (touched.length > 0 || change.relations.length > 0 || change.doc) this.#refresh(editor, this.#delta(change, touched));
  }

  /** An edit as the worker needs it: the records it changed (labels and types by name), not the document. */
  #delta(change: Change, touched: DocumentChange['touched']): DocumentChange {
    const labels = new Map(this.#labels.map((l) => [l.id, l.name]));
    const types = new Map(this.#lastTypes.map((t) => [t.id, t.name]));
    // a record whose label or type the schema lacks is only ever taken out, by id
    const span = (s: Span | undefined): ExistingSpan | undefined => (s ? { start: s.start, end: s.end, label: labels.get(s.labelId) ?? '', id: s.id } : undefined);
    const relation = (r: Relation | undefined) => (r ? { id: r.id, type: types.get(r.typeId) ?? '', fromId: r.fromId, toId: r.toId } : undefined);
    const refused = (d: Decision | undefined) => (d && d.verdict !== 'accepted' ? d.key : undefined);
    const known = <T extends { label?: string; type?: string }>(x: T | undefined) => (x && (x.label ?? x.type) !== '' ? x : undefined);
    const out: DocumentChange = {
      touched,
      spans: change.spans.map((d) => sides(span(d.before), known(span(d.after)))),
      relations: change.relations.map((d) => sides(relation(d.before), known(relation(d.after)))),
      rejected: (change.decisions ?? []).map((d) => sides(refused(d.before), refused(d.after))),
    };
    if (change.doc) out.complete = change.doc.after.status === 'done';
    return out;
  }

  /**
   * Tells the worker of an edit (null: the whole document again, after the schema changed); edits
   * made while it is busy go together in the next request.
   */
  #refresh(editor: Editor, change: DocumentChange | null): void {
    if (this.#queued) {
      if (change) this.#queued.changes.push(change);
      else this.#queued.full = true;
      return;
    }
    this.#queued = { full: change === null, changes: change ? [change] : [] };
    // the edit is painted first
    this.#later(() =>
      void this.#enqueue(async () => {
        const queued = this.#queued;
        this.#queued = null;
        if (!queued || this.#editor !== editor) return;
        const touched = queued.changes.flatMap((c) => c.touched);
        const reply = queued.full
          ? await this.#client?.request({ type: 'edit', document: this.#documentState(editor), touched })
          : await this.#client?.request({ type: 'change', id: editor.docId, changes: queued.changes });
        this.#show(editor, reply);
      }),
    );
  }

  #show(editor: Editor, reply: SuggestReply | undefined): void {
    if (this.#editor !== editor || !reply) return;
    if (reply.type === 'error') return this.#fail(said(reply.problem));
    if (reply.type === 'proposals') {
      this.#base = reply.proposals;
      this.#baseSpans = spanProposals(reply.proposals);
      this.#baseRelations = reply.proposals.filter((p) => p.kind === 'relation');
    } else if (reply.type === 'changed' && reply.id === editor.docId) {
      this.#base = applyProposalChange(this.#base, reply.removed, reply.added);
      this.#baseSpans = applyProposalChange(this.#baseSpans, reply.removed.filter((k) => !isRelationKey(k)), spanProposals(reply.added));
      this.#baseRelations = applyProposalChange(this.#baseRelations, reply.removed.filter(isRelationKey), reply.added.filter((p) => p.kind === 'relation'));
    } else return;
    this.#error = null;
    this.#updates++;
    this.#setAll(this.#base, this.#baseSpans, this.#baseRelations);
    if (this.#reviewing && !this.current) this.#currentKey = this.#after(editor.caret, 1)?.key ?? null;
  }

  #setAll(all: Proposal[], spans: SpanProposal[], relations: RelationProposal[]): void {
    this.#all = all;
    this.#proposals = spans;
    this.#relations = relations;
  }

  #fail(message: Words): void {
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
      // a cue list stored before that is no longer JSON (see #listFiles)
      this.#fail(err instanceof SuggestFileError ? said({ code: 'list', list: err.problem }) : errorText(err));
      return undefined;
    });
    this.#chain = next;
    return next;
  }

  /** The labels' and relation types' names by id, as the worker reads a document under them (see prepare). */
  #names(): Pick<PrepareSource, 'labels' | 'types'> {
    return { labels: this.#labels.map((l) => [l.id, l.name]), types: this.#lastTypes.map((t) => [t.id, t.name]) };
  }

  /**
   * The fingerprint of the open document as the page holds it (see suggest/digest.ts), and its state
   * when making the fingerprint needed it: a document read from a reader pack and unchanged since is
   * named by the pack's edition, without reading its spans (100,000 in a long book).
   */
  #fingerprint(editor: Editor): { digest: string; state: DocumentState | null } {
    if (editor.edition !== null && editor.changes === 0) {
      const { labels, types } = this.#names();
      const rejected = rejectedKeys(editor.allDecisions());
      const complete = editor.fields.status === 'done';
      return { digest: editionDigest({ id: editor.docId, edition: editor.edition, textLength: editor.text.length, labels, types, rejected, complete }), state: null };
    }
    const state = this.#documentState(editor);
    return { digest: digestOf(state), state };
  }

  /** The document as the worker is told of it; the worker's own read of it from the database is made by the same function (see prepare). */
  #documentState(editor: Editor): DocumentState {
    return suggestState(
      { id: editor.docId, text: editor.text, spans: editor.allSpans(), relations: editor.allRelations(), decisions: editor.allDecisions(), status: editor.fields.status },
      new Map(this.#labels.map((l) => [l.id, l.name])),
      new Map(this.#lastTypes.map((t) => [t.id, t.name])),
    );
  }

  /**
   * The items that accept a relation proposal: its ends by place (a proposed end is accepted too,
   * unless `earlier` already does), then the relation. Null when the schema lacks a name it uses.
   */
  #relationItems(r: RelationProposal, earlier: readonly Settled[] = []): Settled[] | null {
    const typeId = this.#lastTypes.find((t) => t.name === r.type)?.id;
    const from = this.#place(r.from);
    const to = this.#place(r.to);
    if (!typeId || !from || !to) return null;
    const items: Settled[] = [];
    for (const [end, place] of [[r.from, from], [r.to, to]] as const) {
      if (end.spanId !== undefined) continue;
      const proposal = this.#proposals.find((p) => p.start === end.start && p.end === end.end && p.label === end.label);
      if (proposal && ![...earlier, ...items].some((i) => i.decision.key === proposal.key)) items.push({ decision: this.#decision(proposal, 'accepted'), span: place });
    }
    items.push({ decision: this.#decision(r, 'accepted'), relation: { typeId, from, to } });
    return items;
  }

  #place(e: Endpoint): SpanPlace | null {
    const labelId = this.#labelId(e.label);
    return labelId ? { labelId, start: e.start, end: e.end } : null;
  }

  #settle(items: Settled[], settled: Proposal | null): void {
    const ed = this.#editor;
    if (!ed) return;
    const keys = new Set(items.map((i) => i.decision.key));
    // the next proposal in review, chosen before this one leaves the list
    const at = settled ? this.#all.indexOf(settled) : -1;
    const next = at >= 0 && this.#reviewing ? this.#all.slice(at + 1).find((p) => !keys.has(p.key)) : undefined;
    // shown gone at once; the worker's answer to the edit follows
    const stays = (p: Proposal) => !keys.has(p.key) && !(p.kind === 'span' && items.some((i) => i.span && overlapsSame(p, i.span.start, i.span.end, i.decision.label)));
    this.#setAll(this.#all.filter(stays), this.#proposals.filter(stays), this.#relations.filter(stays));
    this.#currentKey = next?.key ?? null;
    ed.settle(items);
    if (settled && !this.#reviewing) {
      const place = settled.kind === 'span' ? settled : settled.from;
      ed.select(ed.spansAt(place.start).find((s) => s.start === place.start && s.end === place.end)?.id ?? null, false);
    }
    this.#reveal();
  }

  #decision(p: Proposal, verdict: Decision['verdict']): Settled['decision'] {
    // a relation's decision sits where its first end (the quote) is, under the relation type's name
    const { start, end } = p.kind === 'span' ? p : p.from;
    const label = p.kind === 'span' ? p.label : p.type;
    return { key: p.key, verdict, recommender: p.recommender, ...(p.alsoBy?.length ? { alsoBy: p.alsoBy } : {}), start, end, label };
  }

  #find(key: string | null): Proposal | undefined {
    return key === null ? undefined : this.#all.find((p) => p.key === key);
  }

  #labelId(name: string): Id | undefined {
    return this.#labels.find((l) => l.name === name)?.id;
  }

  /** The first proposal starting at or after `offset` (dir 1), or the last starting before it (dir -1). */
  #after(offset: number, dir: 1 | -1): Proposal | undefined {
    return dir === 1 ? this.#all.find((p) => startOf(p) >= offset) : this.#all.findLast((p) => startOf(p) < offset);
  }

  #reveal(): void {
    const cur = this.current;
    if (cur) this.#editor?.reveal(startOf(cur));
  }
}

/** Runs `fn` once the next frame is painted, or soon where there are no frames (unit tests). */
function afterPaint(fn: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(fn, 0));
  else setTimeout(fn, 0);
}

function sides<T>(before: T | undefined, after: T | undefined): { before?: T; after?: T } {
  return { ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) };
}

function startOf(p: Proposal): number {
  return p.kind === 'span' ? p.start : p.from.start;
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

