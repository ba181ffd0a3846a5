// The suggestion engine's data: what recommenders read and what they propose. Plain data only, so it
// crosses a worker's postMessage unchanged. Offsets are UTF-16 code units into the stored text, end
// exclusive, as everywhere in Glose.

import { firstWhere } from '../lib/span-order';
import type { Explanation } from './explain';

/** A span already in the document, its label by name as the schema spells it. */
export interface ExistingSpan {
  start: number;
  end: number;
  label: string;
  /** the span's record id; relation proposals name it so the UI can link to it */
  id?: string;
}

/** A record before and after an edit; a missing side means created or deleted. */
export interface Delta<T> {
  before?: T;
  after?: T;
}

/** A relation already in the document, between two spans by id. */
export interface ExistingRelation {
  /** the relation's record id, by which a change removes it */
  id?: string;
  type: string;
  fromId: string;
  toId: string;
}

/** The label and relation-type names of the project's schema (empty source/target: any label). */
export interface SchemaNames {
  labels: readonly string[];
  relations: readonly { name: string; source: readonly string[]; target: readonly string[] }[];
}

/** One end of a proposed relation: an existing span (with its id) or a span proposal. */
export interface Endpoint {
  start: number;
  end: number;
  label: string;
  spanId?: string;
}

interface ProposalBase {
  /** stable identity, also what a rejection stores: see proposalKey / relationKey */
  key: string;
  /** id of the recommender that made it (the best one when several agree) */
  recommender: string;
  /** other recommenders that proposed exactly the same thing */
  alsoBy?: string[];
  /** 0–1 */
  confidence: number;
  /** why, worded on hover in the interface language */
  explanation: Explanation;
}

export interface SpanProposal extends ProposalBase {
  kind: 'span';
  start: number;
  end: number;
  /** the schema's own spelling of the label */
  label: string;
  /** learned strings only: the form key the proposal came from (see formKey), to replace after an edit */
  form?: string;
}

export interface RelationProposal extends ProposalBase {
  kind: 'relation';
  /** the schema's relation type name */
  type: string;
  from: Endpoint;
  to: Endpoint;
}

export type Proposal = SpanProposal | RelationProposal;

/** The key of a span proposal: `start:end:label:recommender`. */
export function proposalKey(start: number, end: number, label: string, recommender: string): string {
  return `${start}:${end}:${label}:${recommender}`;
}

/** The key of a relation proposal: `rel:type:fromStart:fromEnd:toStart:toEnd:recommender`. */
export function relationKey(type: string, from: Endpoint, to: Endpoint, recommender: string): string {
  return `rel:${type}:${from.start}:${from.end}:${to.start}:${to.end}:${recommender}`;
}

/** What follows a proposal's place: its first end for a relation. */
function placeOf(p: Proposal): { start: number; end: number; label: string } {
  return p.kind === 'span' ? p : p.from;
}

/**
 * The order the engine gives proposals in: spans in text order (start, end, label), each relation
 * right after the span proposal or place it starts from (relations from one place by key).
 */
export function compareProposals(a: Proposal, b: Proposal): number {
  const x = placeOf(a);
  const y = placeOf(b);
  if (x.start !== y.start) return x.start - y.start;
  if (x.end !== y.end) return x.end - y.end;
  if (x.label !== y.label) return x.label < y.label ? -1 : 1;
  if (a.kind !== b.kind) return a.kind === 'span' ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Proposals in engine order after a change: `removed` keys out, `added` (any order) in. */
export function applyProposalChange<P extends Proposal>(list: readonly P[], removed: readonly string[], added: readonly P[]): P[] {
  // an edit changes a few proposals among tens of thousands: each is found by binary search and
  // spliced in or out of a copy; a large change is merged in one pass instead
  if (removed.length + added.length <= SPLICE_LIMIT) {
    const out = list.slice();
    for (const key of removed) for (let i = indexOfKey(out, key); i >= 0; i = indexOfKey(out, key)) out.splice(i, 1);
    for (const p of added) out.splice(firstWhere(out, (x) => compareProposals(x, p) > 0), 0, p);
    return out;
  }
  const gone = new Set(removed);
  const kept = list.filter((p) => !gone.has(p.key));
  if (added.length === 0) return kept;
  const fresh = [...added].sort(compareProposals);
  const out: P[] = [];
  let i = 0;
  for (const p of kept) {
    while (i < fresh.length && compareProposals(fresh[i] as P, p) < 0) out.push(fresh[i++] as P);
    out.push(p);
  }
  while (i < fresh.length) out.push(fresh[i++] as P);
  return out;
}

/** Whether a key is a relation proposal's (see relationKey). */
export function isRelationKey(key: string): boolean {
  return key.startsWith('rel:');
}

const SPLICE_LIMIT = 64;

/**
 * Where the proposal with this key is in engine order, or -1: looked for among those starting
 * where the key says (a relation key read from its end: keys are made from the place, and the list
 * is in order of place), and in the whole list only for a key that names no place. A key no longer
 * there (each removal looks again) costs a binary search, not a pass over tens of thousands.
 */
function indexOfKey(list: readonly Proposal[], key: string): number {
  const parts = key.split(':');
  const start = Number(isRelationKey(key) ? parts[parts.length - 5] : parts[0]);
  if (!Number.isInteger(start)) return list.findIndex((p) => p.key === key);
  for (let i = firstWhere(list, (p) => placeOf(p).start >= start); i < list.length && placeOf(list[i] as Proposal).start === start; i++) {
    if ((list[i] as Proposal).key === key) return i;
  }
  return -1;
}
