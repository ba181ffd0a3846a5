// Shared helpers for the suggestion engine's tests: offsets by phrase, a context, readable proposals.
import { Schema } from '../../../src-renderer/src/suggest/labels';
import type { SuggestContext } from '../../../src-renderer/src/suggest/recommender';
import type { ExistingRelation, ExistingSpan, Proposal, SchemaNames } from '../../../src-renderer/src/suggest/types';

export const NEWS: SchemaNames = {
  labels: ['PER', 'ORG', 'LOC', 'DATE', 'EVENT', 'QUOTE'],
  relations: [
    { name: 'said_by', source: ['QUOTE'], target: ['PER', 'ORG'] },
    { name: 'member_of', source: ['PER'], target: ['ORG'] },
  ],
};

/** The offsets of the nth occurrence (from 0) of `phrase` in `text`; throws if there is none. */
export function at(text: string, phrase: string, nth = 0): { start: number; end: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(phrase, i + 1);
    if (i < 0) throw new Error(`"${phrase}" (#${nth}) is not in the text`);
  }
  return { start: i, end: i + phrase.length };
}

export function span(text: string, phrase: string, label: string, nth = 0, id?: string): ExistingSpan {
  return { ...at(text, phrase, nth), label, ...(id !== undefined ? { id } : {}) };
}

export function context(schema: SchemaNames = NEWS, spans: ExistingSpan[] = [], more: { relations?: ExistingRelation[]; rejected?: string[] } = {}): SuggestContext {
  return { schema: new Schema(schema), spans, relations: more.relations ?? [], rejected: new Set(more.rejected ?? []) };
}

/** Proposals as short lines: `LABEL text` for spans, `type quote-start… → speaker` for relations. */
export function lines(text: string, proposals: readonly Proposal[]): string[] {
  return proposals.map((p) =>
    p.kind === 'span' ? `${p.label} ${text.slice(p.start, p.end)}` : `${p.type} ${text.slice(p.from.start, p.from.end).slice(0, 20)}… → ${text.slice(p.to.start, p.to.end)}`,
  );
}
