// What every recommender is given and what it must be: an id, a name the reader shows on hover, and
// propose(), a pure function of the document and its context.
import type { DocIndex } from './doc';
import type { Schema } from './labels';
import type { ExistingRelation, ExistingSpan, Proposal, SpanProposal } from './types';

/** A part of a live recommender's work (one quote to attribute), and the extent [from, to] whose spans it reads. */
export interface Unit {
  /** the same while the part is */
  readonly key: string;
  readonly from: number;
  readonly to: number;
}

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
  /**
   * Its proposals depend on the document's spans and on the earlier recommenders' proposals, so a
   * session runs it again after an edit: the units whose reach the edit meets when it has units(),
   * else all of it.
   */
  readonly live?: boolean;
  /** A live recommender's parts. Reads ctx.spans of unitLabels() and ctx.relations only. */
  units?(doc: DocIndex, ctx: SuggestContext): Unit[];
  /** The labels whose spans decide what the units are. */
  unitLabels?(schema: Schema): string[];
  /**
   * The proposals of each of `units`, unit by unit. ctx.spans and `earlier` need hold only what
   * starts within the units' reach.
   */
  proposeUnits?(doc: DocIndex, ctx: SuggestContext, earlier: readonly SpanProposal[], units: readonly Unit[], each: (unit: Unit, proposals: Proposal[]) => void): void;
  /**
   * Proposals for the document. `earlier` holds the span proposals of the recommenders that ran
   * before this one (the quote recommender looks among them for speakers). The engine drops what
   * the user rejected, what duplicates or overlaps a span of the same label, and labels the schema
   * lacks, so a recommender need not, though it may.
   */
  propose(doc: DocIndex, ctx: SuggestContext, earlier: readonly SpanProposal[]): Proposal[];
}
