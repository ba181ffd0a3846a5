// The suggestion engine behind one message channel: what the reader's Web Worker (worker.ts) runs,
// and what tests drive directly. It keeps the project's learned model and the open documents'
// indexes between requests, so that an edit recomputes only what it touched.
import { type CueFile, compileCues, type Cues, parseCues } from './cues';
import { DocIndex } from './doc';
import { SuggestSession, suggest } from './engine';
import { SuggestFileError } from './errors';
import { type Gazetteer, parseGazetteer } from './gazetteer';
import { Schema } from './labels';
import { formKeyAt, LearnedModel } from './learned';
import type { SuggestContext } from './recommender';
import { recommenders } from './recommenders';
import type { ExistingRelation, ExistingSpan, Proposal, SchemaNames } from './types';

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
   * After an edit in an open document: its state now, and the extents the edit touched: a span's
   * old and new extent, or the extent of a proposal accepted or rejected (a rejection is a "no" the
   * learned model counts).
   */
  | { type: 'edit'; document: DocumentState; touched: Array<{ start: number; end: number }> }
  | { type: 'close'; id: string }
  | { type: 'preannotate'; documents: DocumentState[] };

export type SuggestReply =
  | { type: 'proposals'; id: string; proposals: Proposal[] }
  | { type: 'preannotated'; results: Array<{ id: string; proposals: Proposal[] }> }
  | { type: 'ok' }
  | { type: 'error'; message: string };

export class SuggestService {
  readonly #shippedCues: readonly CueFile[];
  #schema = new Schema({ labels: [], relations: [] });
  #enabled: ReadonlySet<string> | undefined;
  #cues: Cues;
  #gazetteers: Gazetteer[] = [];
  #minConfidence: number | undefined;
  #model = new LearnedModel();
  readonly #open = new Map<string, SuggestSession>();

  constructor(shippedCues: readonly CueFile[]) {
    this.#shippedCues = shippedCues;
    this.#cues = compileCues(shippedCues);
  }

  /** Answers one request; a bad file or an unknown document is an error reply, never a throw. */
  handle(request: SuggestRequest): SuggestReply {
    try {
      return this.#handle(request);
    } catch (err) {
      if (err instanceof SuggestFileError) return { type: 'error', message: err.message };
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
        for (const [id, session] of this.#open) this.#open.set(id, new SuggestSession(session.doc, this.#recommenders()));
        return { type: 'ok' };
      }
      case 'learn': {
        this.#model = LearnedModel.build(request.documents.map((d) => ({ ...d, index: this.#open.get(d.id)?.doc })));
        for (const [id, session] of this.#open) this.#open.set(id, new SuggestSession(session.doc, this.#recommenders()));
        return { type: 'ok' };
      }
      case 'open': {
        const { document } = request;
        const session = new SuggestSession(new DocIndex(document.text), this.#recommenders());
        this.#open.set(document.id, session);
        return { type: 'proposals', id: document.id, proposals: session.all(this.#context(document)) };
      }
      case 'edit': {
        const { document, touched } = request;
        const session = this.#open.get(document.id);
        if (!session) return { type: 'error', message: `document ${document.id} is not open` };
        const keys = touched.map((r) => formKeyAt(session.doc, r.start, r.end)).filter((k): k is string => k !== null);
        const changed = this.#model.observe({ ...document, index: session.doc }, keys);
        return { type: 'proposals', id: document.id, proposals: session.update(this.#context(document), changed) };
      }
      case 'close':
        this.#open.delete(request.id);
        return { type: 'ok' };
      case 'preannotate': {
        const recs = this.#recommenders();
        const results = request.documents.map((d) => ({ id: d.id, proposals: suggest(this.#open.get(d.id)?.doc ?? new DocIndex(d.text), this.#context(d), recs) }));
        return { type: 'preannotated', results };
      }
    }
  }

  #recommenders() {
    return recommenders({
      model: this.#model,
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
