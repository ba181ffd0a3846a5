// The suggestion engine behind one message channel: what the reader's Web Worker (worker.ts) runs,
// and what tests drive directly. It keeps the project's learned model and the open documents'
// indexes between requests, so that an edit recomputes only what it touched.
import { type CueFile, compileCues, type Cues, parseCues } from './cues';
import { digestOf } from './digest';
import { DocIndex } from './doc';
import { sameProposal, SuggestSession, suggest } from './engine';
import { SuggestFileError, type SuggestProblem } from './errors';
import { type Gazetteer, parseGazetteer } from './gazetteer';
import { Schema } from './labels';
import { formKeyAt, LearnedModel } from './learned';
import type { SuggestContext } from './recommender';
import type { ModelSpan } from './model';
import { recommenders } from './recommenders';
import type { Delta, ExistingRelation, ExistingSpan, Proposal, SchemaNames } from './types';

export type { Delta } from './types';

/**
 * An edit in an open document, as what changed: spans and relations by id, rejected keys, whether
 * it is complete, and the extents the edit touched (see the 'edit' request). Its cost to send and
 * to apply is that of the edit, not of the document.
 */
export interface DocumentChange {
  spans?: Delta<ExistingSpan>[];
  relations?: Delta<ExistingRelation>[];
  rejected?: Delta<string>[];
  complete?: boolean;
  touched: Array<{ start: number; end: number }>;
}

/** A document as the page knows it: its text and the user's annotations in it. */
export interface DocumentState {
  id: string;
  text: string;
  spans: ExistingSpan[];
  relations?: ExistingRelation[];
  /** keys of the proposals rejected in this document */
  rejected?: string[];
  /** the user marked it done */
  complete?: boolean;
  /** what the user's model proposed for it (pre-annotation) */
  model?: Supplied;
}

/** A gazetteer or a cue list as the user imported it. */
export interface ListFile {
  name: string;
  kind: 'gazetteer' | 'cues';
  content: string;
  label?: string;
  ignoreCase?: boolean;
}

/** A cue list's JSON, or why it is not JSON (with its line). */
export function cueJson(content: string, name: string): unknown {
  try {
    return JSON.parse(content.startsWith('\uFEFF') ? content.slice(1) : content) as unknown;
  } catch (err) {
    // V8 says "at position N" (older) or "(line L column C)"
    const message = err instanceof Error ? err.message : String(err);
    const line = /line (\d+)/.exec(message)?.[1];
    const position = /position (\d+)/.exec(message)?.[1];
    const at = line !== undefined ? Number(line) : position !== undefined ? content.slice(0, Number(position)).split('\n').length : undefined;
    throw new SuggestFileError(name, at, { code: 'notJson' });
  }
}

/** A model's answer for one document. */
export interface Supplied {
  spans: ModelSpan[];
  version: string | null;
}

export type SuggestRequest =
  | {
      type: 'configure';
      schema: SchemaNames;
      /** ids of the recommenders switched on; all when omitted */
      enabled?: string[];
      /** the user's own cue files, added to the shipped ones */
      cueFiles?: Array<{ name: string; json: unknown }>;
      gazetteers?: Array<{ name: string; content: string; label?: string; ignoreCase?: boolean }>;
      minConfidence?: number;
    }
  /** every annotated document of the project: the learned model is built from them */
  | { type: 'learn'; documents: Array<Omit<DocumentState, 'relations'>> }
  | { type: 'open'; document: DocumentState }
  /**
   * A document the reader is about to open, read by the worker itself from the database: its
   * proposals are computed now and answered at once with the digest of the document they are for
   * (see digest.ts), so that the page shows them as soon as it holds the same document; the
   * 'openPrepared' that follows makes it the open document.
   */
  | {
      type: 'prepare';
      document: DocumentState;
      /** the document's fingerprint when the caller has a cheaper one than digestOf (editionDigest: read from a reader pack) */
      digest?: string;
    }
  /**
   * Opens the document last prepared, when `digest` is that of what was prepared: its proposals (or
   * 'ok' when `known`: the page holds them from the 'prepared' answer), else 'stale' (send 'open').
   */
  | { type: 'openPrepared'; id: string; digest: string; known?: boolean }
  /**
   * After an edit in an open document: its state now, and the extents the edit touched: a span's
   * old and new extent, or the extent of a proposal accepted or rejected (a rejection is a "no" the
   * learned model counts).
   */
  | { type: 'edit'; document: DocumentState; touched: Array<{ start: number; end: number }> }
  /** edits in an open document since the last request, in order: answered with what changed */
  | { type: 'change'; id: string; changes: DocumentChange[] }
  /** the user's model answered for an open document: its spans join the proposals */
  | { type: 'supply'; id: string; model: Supplied }
  /** reads a list the user picked, as configure would, without changing anything: what it holds, or why it cannot be read */
  | { type: 'check'; list: ListFile }
  | { type: 'close'; id: string }
  | { type: 'preannotate'; documents: DocumentState[] };

export type SuggestReply =
  | { type: 'proposals'; id: string; proposals: Proposal[] }
  /** a document prepared: its proposals, and the digest of the document as the worker read it */
  | { type: 'prepared'; id: string; digest: string; proposals: Proposal[] }
  /** the proposals after a 'change': `removed` keys out, `added` in (see applyProposalChange) */
  | { type: 'changed'; id: string; removed: string[]; added: Proposal[] }
  /** per document, how many spans the recommenders propose, and how many each one (the proposals stay here: the page only counts them) */
  | { type: 'preannotated'; results: PreannotateCount[] }
  | { type: 'ok' }
  /** 'openPrepared' found nothing prepared for that document as the page holds it */
  | { type: 'stale'; id: string }
  /** a list read: how many terms (patterns, cue words) and which labels it uses */
  | { type: 'checked'; terms: number; labels: string[] }
  | { type: 'error'; problem: SuggestProblem };

/** What pre-annotating one document found: its span proposals, in all and per recommender id. */
export interface PreannotateCount {
  id: string;
  proposals: number;
  by: Record<string, number>;
}

/** The span proposals among `proposals`, counted in all and per recommender (relations are not counted). */
export function countProposals(id: string, proposals: readonly Proposal[]): PreannotateCount {
  const by: Record<string, number> = {};
  let n = 0;
  for (const p of proposals) {
    if (p.kind !== 'span') continue;
    n++;
    by[p.recommender] = (by[p.recommender] ?? 0) + 1;
  }
  return { id, proposals: n, by };
}

export class SuggestService {
  readonly #shippedCues: readonly CueFile[];
  #schema = new Schema({ labels: [], relations: [] });
  #enabled: ReadonlySet<string> | undefined;
  #cues: Cues;
  #gazetteers: Gazetteer[] = [];
  #minConfidence: number | undefined;
  #model = new LearnedModel();
  readonly #open = new Map<string, SuggestSession>();
  /** the open documents' annotations, kept up to date by 'change' requests */
  readonly #states = new Map<string, OpenState>();
  /** the proposals last answered for an open document whose session was made again since (see #reopen) */
  readonly #answered = new Map<string, Proposal[]>();
  /** the model's answers for open documents */
  readonly #supplied = new Map<string, Supplied>();
  /** the document last prepared (see 'prepare'), until it is opened or the setup changes */
  #prepared: { id: string; digest: string; session: SuggestSession; document: DocumentState; proposals: Proposal[] } | null = null;
  /** documents' indexes, kept between requests: learning, opening and pre-annotating one tokenise its text once */
  readonly #indexes = new IndexCache(INDEX_CACHE_CHARS);

  constructor(shippedCues: readonly CueFile[]) {
    this.#shippedCues = shippedCues;
    this.#cues = compileCues(shippedCues);
  }

  /** The text of a document whose index the service keeps (a document's text never changes: the worker need not read it again), else undefined. */
  knownText(id: string): string | undefined {
    return this.#open.get(id)?.doc.text ?? this.#indexes.text(id);
  }

  /** Answers one request; a bad file or an unknown document is an error reply, never a throw. */
  handle(request: SuggestRequest): SuggestReply {
    try {
      return this.#handle(request);
    } catch (err) {
      if (err instanceof SuggestFileError) return { type: 'error', problem: { code: 'list', list: err.problem } };
      throw err;
    }
  }

  #handle(request: SuggestRequest): SuggestReply {
    switch (request.type) {
      case 'configure': {
        // everything is read before anything changes: a bad file leaves the setup as it was
        const cues = compileCues([...this.#shippedCues, ...(request.cueFiles ?? []).map((f) => parseCues(f.json, f.name))]);
        const gazetteers = (request.gazetteers ?? []).map((g) => parseGazetteer(g.content, g.name, { ...(g.label !== undefined ? { label: g.label } : {}), ignoreCase: g.ignoreCase === true }));
        this.#schema = new Schema(request.schema);
        this.#enabled = request.enabled ? new Set(request.enabled) : undefined;
        this.#cues = cues;
        this.#gazetteers = gazetteers;
        this.#minConfidence = request.minConfidence;
        this.#prepared = null;
        this.#reopen();
        return { type: 'ok' };
      }
      case 'learn': {
        this.#model = LearnedModel.build(request.documents.map((d) => ({ ...d, index: this.#index(d.id, d.text) })));
        // what the first open would otherwise work out: the model's trie and its decisions for every form
        this.#model.warm();
        this.#prepared = null;
        this.#reopen();
        return { type: 'ok' };
      }
      case 'open': {
        const { document } = request;
        const session = new SuggestSession(this.#index(document.id, document.text), this.#recommenders(this.#supplied.get(document.id)));
        this.#open.set(document.id, session);
        this.#states.set(document.id, OpenState.of(document));
        this.#answered.delete(document.id);
        if (this.#prepared?.id === document.id) this.#prepared = null;
        return { type: 'proposals', id: document.id, proposals: session.all(this.#context(document)) };
      }
      case 'prepare': {
        const { document } = request;
        // not open yet: no answer of the user's model to join (it is asked once the document is open)
        const session = new SuggestSession(this.#index(document.id, document.text), this.#recommenders());
        const proposals = session.all(this.#context(document));
        const digest = request.digest ?? digestOf(document);
        // the document's state by id is made when it is opened: the page is not kept waiting for it
        this.#prepared = { id: document.id, digest, session, document, proposals };
        return { type: 'prepared', id: document.id, digest, proposals };
      }
      case 'openPrepared': {
        const prepared = this.#prepared;
        if (!prepared || prepared.id !== request.id || prepared.digest !== request.digest || this.#supplied.has(request.id)) return { type: 'stale', id: request.id };
        this.#prepared = null;
        this.#open.set(prepared.id, prepared.session);
        this.#states.set(prepared.id, OpenState.of(prepared.document));
        this.#answered.delete(prepared.id);
        return request.known === true ? { type: 'ok' } : { type: 'proposals', id: prepared.id, proposals: prepared.proposals };
      }
      case 'edit': {
        const { document, touched } = request;
        const session = this.#open.get(document.id);
        const state = this.#states.get(document.id);
        if (!session || !state) return { type: 'error', problem: { code: 'notOpen', id: document.id } };
        const change = { ...state.changeTo(document), touched };
        this.#states.set(document.id, OpenState.of(document));
        this.#update(session, this.#states.get(document.id) as OpenState, [change]);
        this.#answered.delete(document.id);
        return { type: 'proposals', id: document.id, proposals: session.proposals() };
      }
      case 'change': {
        const session = this.#open.get(request.id);
        const state = this.#states.get(request.id);
        if (!session || !state) return { type: 'error', problem: { code: 'notOpen', id: request.id } };
        for (const c of request.changes) state.apply(c);
        const change = this.#update(session, state, request.changes);
        // after a setup change the page still shows what it was last answered
        const answered = this.#answered.get(request.id);
        this.#answered.delete(request.id);
        return { type: 'changed', id: request.id, ...(answered ? difference(answered, session.proposals()) : change) };
      }
      case 'supply': {
        const session = this.#open.get(request.id);
        const state = this.#states.get(request.id);
        if (!session || !state) return { type: 'error', problem: { code: 'notOpen', id: request.id } };
        this.#supplied.set(request.id, request.model);
        const fresh = new SuggestSession(session.doc, this.#recommenders(request.model));
        this.#open.set(request.id, fresh);
        const answered = this.#answered.get(request.id) ?? session.proposals();
        this.#answered.delete(request.id);
        return { type: 'changed', id: request.id, ...difference(answered, fresh.all(this.#context(state.document(session.doc.text)))) };
      }
      case 'check': {
        const { list } = request;
        if (list.kind === 'cues') {
          const cues = parseCues(cueJson(list.content, list.name), list.name);
          return { type: 'checked', terms: cues.verbs.length + cues.sources.length, labels: [] };
        }
        const g = parseGazetteer(list.content, list.name, { ...(list.label !== undefined ? { label: list.label } : {}), ignoreCase: list.ignoreCase === true });
        return { type: 'checked', terms: g.phrases.length + g.patterns.length, labels: g.labels };
      }
      case 'close':
        this.#open.delete(request.id);
        this.#supplied.delete(request.id);
        this.#states.delete(request.id);
        this.#answered.delete(request.id);
        return { type: 'ok' };
      case 'preannotate': {
        const recs = this.#recommenders();
        const results = request.documents.map((d) => countProposals(d.id, suggest(this.#open.get(d.id)?.doc ?? this.#index(d.id, d.text), this.#context(d), d.model ? this.#recommenders(d.model) : recs)));
        return { type: 'preannotated', results };
      }
    }
  }

  /** The open documents' sessions made again with the recommenders as they are now, and run: a later edit updates them. */
  #reopen(): void {
    for (const [id, session] of this.#open) {
      if (!this.#answered.has(id)) this.#answered.set(id, session.proposals());
      const state = this.#states.get(id);
      const fresh = new SuggestSession(session.doc, this.#recommenders(this.#supplied.get(id)));
      if (state) fresh.all(this.#context(state.document(session.doc.text)));
      this.#open.set(id, fresh);
    }
  }

  /** After `changes` (already in `state`): the forms they touched counted again, the proposals updated. */
  #update(session: SuggestSession, state: OpenState, changes: readonly DocumentChange[]): { removed: string[]; added: Proposal[] } {
    const keys = changes.flatMap((c) => c.touched.map((r) => formKeyAt(session.doc, r.start, r.end))).filter((k): k is string => k !== null);
    const complete = state.complete;
    return session.update({
      spans: changes.flatMap((c) => c.spans ?? []),
      relations: changes.flatMap((c) => c.relations ?? []),
      rejected: changes.flatMap((c) => c.rejected ?? []),
      // counted from the session's own index of the spans, which then holds the edit
      forms: (now) =>
        keys.length > 0 ? this.#model.observe({ id: state.id, text: session.doc.text, spans: [], index: session.doc, annotations: { labelsAt: (s, e) => now.labelsAt(s, e), rejectedAt: (s, e) => now.rejectedAt(s, e), complete } }, keys) : [],
    });
  }

  /** The document's index: the one kept for it when its text is the same, else a new one, kept. */
  #index(id: string, text: string): DocIndex {
    const open = this.#open.get(id)?.doc;
    if (open && open.text === text) return open;
    return this.#indexes.get(id, text);
  }

  #recommenders(supplied?: Supplied) {
    return recommenders({
      model: this.#model,
      ...(supplied ? { supplied } : {}),
      gazetteers: this.#gazetteers,
      cues: this.#cues,
      ...(this.#enabled ? { enabled: this.#enabled } : {}),
      ...(this.#minConfidence !== undefined ? { learned: { minConfidence: this.#minConfidence } } : {}),
    });
  }

  #context(d: DocumentState): SuggestContext {
    return { schema: this.#schema, spans: d.spans, relations: d.relations ?? [], rejected: new Set(d.rejected ?? []) };
  }
}

/** Characters of text whose indexes the service keeps (some 30 MB of tokens): a project's documents up to a few books. */
const INDEX_CACHE_CHARS = 8_000_000;

/** Documents' indexes by id, the least recently used let go past a total of `limit` characters. */
class IndexCache {
  readonly #limit: number;
  readonly #byId = new Map<string, DocIndex>();
  #chars = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The text of the index kept for `id`, if any. */
  text(id: string): string | undefined {
    return this.#byId.get(id)?.text;
  }

  get(id: string, text: string): DocIndex {
    const known = this.#byId.get(id);
    if (known) {
      this.#byId.delete(id);
      this.#chars -= known.text.length;
      // a document's text does not change in Glose, but an index never answers for another text
      if (known.text === text) return this.#keep(id, known);
    }
    return this.#keep(id, new DocIndex(text));
  }

  #keep(id: string, index: DocIndex): DocIndex {
    this.#byId.set(id, index);
    this.#chars += index.text.length;
    for (const [old, x] of this.#byId) {
      if (this.#chars <= this.#limit || old === id) break;
      this.#byId.delete(old);
      this.#chars -= x.text.length;
    }
    return index;
  }
}

/** The annotations of an open document, by id, as 'change' requests leave them. */
class OpenState {
  readonly spans = new Map<string, ExistingSpan>();
  readonly relations = new Map<string, ExistingRelation>();
  readonly rejected: Set<string>;
  readonly id: string;
  complete: boolean;
  /** ids given to spans and relations that came without one */
  #unnamed = 0;

  private constructor(d: DocumentState) {
    this.id = d.id;
    for (const s of d.spans) this.spans.set(s.id ?? `#${this.#unnamed++}`, s);
    for (const r of d.relations ?? []) this.relations.set(r.id ?? `#${this.#unnamed++}`, r);
    this.rejected = new Set(d.rejected ?? []);
    this.complete = d.complete === true;
  }

  static of(d: DocumentState): OpenState {
    return new OpenState(d);
  }

  apply(c: DocumentChange): void {
    for (const d of c.spans ?? []) applyDelta(this.spans, d);
    for (const d of c.relations ?? []) applyDelta(this.relations, d);
    for (const d of c.rejected ?? []) {
      if (d.before !== undefined) this.rejected.delete(d.before);
      if (d.after !== undefined) this.rejected.add(d.after);
    }
    if (c.complete !== undefined) this.complete = c.complete;
  }

  /** The change that makes this state `d` (an edit sent whole). */
  changeTo(d: DocumentState): Omit<DocumentChange, 'touched'> {
    const next = OpenState.of(d);
    const spans: Delta<ExistingSpan>[] = [];
    const relations: Delta<ExistingRelation>[] = [];
    const sameSpan = (a: ExistingSpan | undefined, b: ExistingSpan) => a !== undefined && a.start === b.start && a.end === b.end && a.label === b.label && a.id === b.id;
    const sameRelation = (a: ExistingRelation | undefined, b: ExistingRelation) => a !== undefined && a.type === b.type && a.fromId === b.fromId && a.toId === b.toId && a.id === b.id;
    for (const [id, s] of this.spans) if (!sameSpan(next.spans.get(id), s)) spans.push({ before: s });
    for (const [id, s] of next.spans) if (!sameSpan(this.spans.get(id), s)) spans.push({ after: s });
    for (const [id, r] of this.relations) if (!sameRelation(next.relations.get(id), r)) relations.push({ before: r });
    for (const [id, r] of next.relations) if (!sameRelation(this.relations.get(id), r)) relations.push({ after: r });
    const rejected = [...[...this.rejected].filter((k) => !next.rejected.has(k)).map((k) => ({ before: k })), ...[...next.rejected].filter((k) => !this.rejected.has(k)).map((k) => ({ after: k }))];
    return { spans, relations, rejected, complete: next.complete };
  }

  document(text: string): DocumentState {
    return { id: this.id, text, spans: [...this.spans.values()], relations: [...this.relations.values()], rejected: [...this.rejected], complete: this.complete };
  }
}

function applyDelta<T extends { id?: string }>(into: Map<string, T>, d: Delta<T>): void {
  if (d.before?.id !== undefined) into.delete(d.before.id);
  if (d.after?.id !== undefined) into.set(d.after.id, d.after);
}

/** What changed from `before` to `now`; a proposal whose details changed is removed and added again. */
function difference(before: readonly Proposal[], now: readonly Proposal[]): { removed: string[]; added: Proposal[] } {
  const old = new Map(before.map((p) => [p.key, p]));
  const fresh = new Map(now.map((p) => [p.key, p]));
  const removed: string[] = [];
  const added: Proposal[] = [];
  for (const [key, p] of old) {
    const q = fresh.get(key);
    if (!q || !sameProposal(p, q)) removed.push(key);
  }
  for (const [key, q] of fresh) {
    const p = old.get(key);
    if (!p || !sameProposal(p, q)) added.push(q);
  }
  return { removed, added };
}
