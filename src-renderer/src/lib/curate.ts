// Curation as edits of the curated layer: what the annotators agree on goes in at once, and each choice
// made on a disagreement replaces whatever an earlier choice put there. Pure: each returns a Change,
// which the caller stores and can invert.
import type { Alignment, Disagreement } from '../agreement/curation';
import type { Id, Relation, Span } from '$model';
import type { Change, Delta } from './changes';
import { newId } from './id';

export interface CurateContext {
  docId: Id;
  /** the project's labels and relation types, by name */
  labelIds: ReadonlyMap<string, Id>;
  typeIds: ReadonlyMap<string, Id>;
  /** the curator's name, on what they put in */
  annotator: string;
  labelName: (labelId: Id) => string;
  typeName: (typeId: Id) => string;
}

export interface CuratedLayer {
  spans: readonly Span[];
  relations: readonly Relation[];
}

/** The key the alignment gives a span: its start, end and label. */
export const spanKey = (start: number, end: number, label: string): string => JSON.stringify([start, end, label]);

function newSpan(ctx: CurateContext, start: number, end: number, label: string, now: number): Span | null {
  const labelId = ctx.labelIds.get(label);
  return labelId ? { id: newId(), docId: ctx.docId, labelId, start, end, annotator: ctx.annotator, createdAt: now, updatedAt: now } : null;
}

function newRelation(ctx: CurateContext, fromId: Id, toId: Id, type: string, now: number): Relation | null {
  const typeId = ctx.typeIds.get(type);
  return typeId ? { id: newId(), docId: ctx.docId, typeId, fromId, toId, annotator: ctx.annotator, createdAt: now, updatedAt: now } : null;
}

/** What every annotator agrees on, as one Change into an empty curated layer. */
export function preAccept(alignment: Alignment, ctx: CurateContext, now = Date.now()): Change {
  const idOf = new Map<string, Id>();
  const spans: Delta<Span>[] = [];
  for (const c of alignment.agreedSpans) {
    const span = newSpan(ctx, c.start, c.end, c.label, now);
    if (!span) continue;
    idOf.set(c.key, span.id);
    spans.push({ after: span });
  }
  const relations: Delta<Relation>[] = [];
  for (const r of alignment.agreedRelations) {
    const from = idOf.get(r.from);
    const to = idOf.get(r.to);
    const relation = from && to ? newRelation(ctx, from, to, r.type, now) : null;
    if (relation) relations.push({ after: relation });
  }
  return { docId: ctx.docId, spans, relations };
}

/** Why a choice cannot be applied, as the curation catalogue's key (worded where it is shown). */
export interface ChoiceRefused {
  refused: 'notOffered' | 'endsFirst';
}

/**
 * The Change that makes the curated layer hold `choiceId`'s items for this disagreement, in place of
 * whatever of its candidates it held; or why it cannot (a relation whose ends are not curated yet).
 */
export function applyChoice(curated: CuratedLayer, d: Disagreement, choiceId: string, ctx: CurateContext, now = Date.now()): Change | ChoiceRefused {
  const missing: ChoiceRefused = { refused: 'notOffered' };
  const keyOfSpan = (s: Span) => spanKey(s.start, s.end, ctx.labelName(s.labelId));
  if (d.kind === 'span') {
    const choice = d.choices.find((c) => c.id === choiceId);
    if (!choice) return missing;
    const candidates = new Set(d.candidates.map((c) => c.key));
    const gone = curated.spans.filter((s) => candidates.has(keyOfSpan(s)));
    const goneIds = new Set(gone.map((s) => s.id));
    const spans: Delta<Span>[] = gone.map((s) => ({ before: s }));
    for (const item of choice.items) {
      const span = newSpan(ctx, item.start, item.end, item.label, now);
      if (span) spans.push({ after: span });
    }
    // a relation cannot outlive its end
    const relations = curated.relations.filter((r) => goneIds.has(r.fromId) || goneIds.has(r.toId)).map((r) => ({ before: r }));
    return { docId: ctx.docId, spans, relations };
  }
  const choice = d.choices.find((c) => c.id === choiceId);
  if (!choice) return missing;
  const idOf = new Map(curated.spans.map((s) => [keyOfSpan(s), s.id]));
  const from = idOf.get(d.from);
  const to = idOf.get(d.to);
  const types = new Set(d.candidates.map((c) => c.type));
  const gone = curated.relations.filter((r) => r.fromId === from && r.toId === to && types.has(ctx.typeName(r.typeId)));
  const relations: Delta<Relation>[] = gone.map((r) => ({ before: r }));
  if (choice.items.length > 0 && (!from || !to)) return { refused: 'endsFirst' };
  for (const item of choice.items) {
    const relation = from && to ? newRelation(ctx, from, to, item.type, now) : null;
    if (relation) relations.push({ after: relation });
  }
  return { docId: ctx.docId, spans: [], relations };
}
