// The model served by the user, as a recommender: main calls it (src-main/services/ml-backend.ts)
// and the page hands its spans to the worker, where they are filtered and merged with the others'
// (never over a span, never a rejected one, never a label the schema lacks).
import type { DocIndex } from './doc';
import type { Recommender, SuggestContext } from './recommender';
import { proposalKey, type SpanProposal } from './types';
import type { Explanation } from './explain';

export const MODEL = 'model';

/** A span the model proposed: UTF-16 offsets, the schema's label, its score when it gave one. */
export interface ModelSpan {
  start: number;
  end: number;
  label: string;
  score: number | null;
}

/** A model that gives no score is taken at this confidence. */
const UNSCORED = 0.5;

export class ModelProposals implements Recommender {
  readonly id = MODEL;
  readonly name = 'Your model';
  readonly description = 'The spans the model at the URL set in Settings proposes';
  readonly #spans: readonly ModelSpan[];
  readonly #version: string | null;

  constructor(spans: readonly ModelSpan[], version: string | null = null) {
    this.#spans = spans;
    this.#version = version;
  }

  propose(doc: DocIndex, ctx: SuggestContext): SpanProposal[] {
    const why: Explanation = { code: 'model', version: this.#version };
    const out: SpanProposal[] = [];
    for (const s of this.#spans) {
      const label = ctx.schema.label(s.label);
      if (!label || s.end <= s.start || s.end > doc.text.length) continue;
      const confidence = s.score === null || !Number.isFinite(s.score) ? UNSCORED : Math.min(1, Math.max(0, s.score));
      out.push({ kind: 'span', key: proposalKey(s.start, s.end, label, MODEL), start: s.start, end: s.end, label, recommender: MODEL, confidence, explanation: why });
    }
    return out;
  }
}
