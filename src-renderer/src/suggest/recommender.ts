// What every recommender is given and what it must be: an id, a name the reader shows on hover, and
// propose(), a pure function of the document and its context.
import type { DocIndex } from './doc';
import type { Schema } from './labels';
import type { ExistingRelation, ExistingSpan, Proposal, SpanProposal } from './types';

export interface SuggestContext {
  schema: Schema;
  /** the document's spans (every annotator layer the user sees) */
  spans: readonly ExistingSpan[];
  relations: readonly ExistingRelation[];
  /** keys of the proposals the user rejected in this document (see proposalKey, relationKey) */
  rejected: ReadonlySet<string>;
}

export interface Recommender {
  /** stable id, stored with rejections and in the per-project switch */
  readonly id: string;
  /** shown on hover: where the proposals come from */
  readonly name: string;
  readonly description: string;
  /** its proposals depend on the document's spans, so a session recomputes it after every edit */
  readonly live?: boolean;
  /**
   * Proposals for the document. `earlier` holds the span proposals of the recommenders that ran
   * before this one (the quote recommender looks among them for speakers). The engine drops what
   * the user rejected, what duplicates or overlaps a span of the same label, and labels the schema
   * lacks, so a recommender need not, though it may.
   */
  propose(doc: DocIndex, ctx: SuggestContext, earlier: readonly SpanProposal[]): Proposal[];
}
