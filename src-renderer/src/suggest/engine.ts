// Runs the active recommenders over a document and keeps only what may be shown: a proposal never
// uses a label or relation type the schema lacks, is never one the user rejected in this document
// (whichever recommender made it: a rejection is a "no" to that span and label), never sits exactly
// where a span already is, and never overlaps a span of its own label. Identical proposals from
// several recommenders become one (the most confident, the others in alsoBy); of overlapping
// proposals with one label the longest stays. A relation proposal stays only while both its ends
// exist or are proposed.
import type { DocIndex } from './doc';
import { type Extent, ExtentIndex } from './extents';
import { LearnedStrings } from './learned';
import type { Recommender, SuggestContext } from './recommender';
import type { Endpoint, ExistingSpan, Proposal, RelationProposal, SpanProposal } from './types';

/** Every proposal of `recommenders` (in that order) for the document, filtered and merged. */
export function suggest(doc: DocIndex, ctx: SuggestContext, recommenders: readonly Recommender[]): Proposal[] {
  return new SuggestSession(doc, recommenders).all(ctx);
}

/**
 * The proposals of one open document, kept between edits: after an edit, update() recomputes only
 * the learned-strings forms the edit touched and the recommenders marked live, then filters again.
 */
export class SuggestSession {
  readonly doc: DocIndex;
  readonly recommenders: readonly Recommender[];
  readonly #raw = new Map<string, Proposal[]>();

  constructor(doc: DocIndex, recommenders: readonly Recommender[]) {
    this.doc = doc;
    this.recommenders = recommenders;
  }

  /** Runs every recommender. */
  all(ctx: SuggestContext): Proposal[] {
    this.#raw.clear();
    return this.#run(ctx);
  }

  /** After an edit: the learned forms `forms` (see LearnedModel.observe) and the live recommenders run again. */
  update(ctx: SuggestContext, forms: Iterable<string> = []): Proposal[] {
    const changed = new Set(forms);
    for (const r of this.recommenders) {
      const raw = this.#raw.get(r.id);
      if (!raw) continue;
      if (r.live) {
        this.#raw.delete(r.id);
      } else if (r instanceof LearnedStrings && changed.size > 0) {
        const kept = raw.filter((p) => p.kind !== 'span' || p.form === undefined || !changed.has(p.form));
        this.#raw.set(r.id, [...kept, ...r.proposeForms(this.doc, ctx, changed)]);
      }
    }
    return this.#run(ctx);
  }

  #run(ctx: SuggestContext): Proposal[] {
    const spans = new SpanFilter(ctx);
    const earlier: SpanProposal[] = [];
    const kept: Proposal[] = [];
    for (const r of this.recommenders) {
      let raw = this.#raw.get(r.id);
      if (!raw) this.#raw.set(r.id, (raw = r.propose(this.doc, ctx, earlier)));
      for (const p of raw) {
        if (!spans.keeps(p)) continue;
        kept.push(p);
        if (p.kind === 'span') earlier.push(p);
      }
    }
    return finish(kept, ctx, this.recommenders.map((r) => r.id), spans);
  }
}

/** The key without its recommender: what a rejection refuses. */
function core(key: string): string {
  return key.slice(0, key.lastIndexOf(':'));
}

/**
 * Drops what the schema lacks, what was rejected, and what an existing span already covers. Spans
 * carry their label as the schema spells it, as proposals do.
 */
class SpanFilter {
  /** the existing spans by extent */
  readonly spans: ExtentIndex<ExistingSpan>;
  readonly #ctx: SuggestContext;
  readonly #rejected: Set<string>;
  /** label name → whether the schema spells it so */
  readonly #known = new Map<string, boolean>();
  /** per label: span starts in order, and the largest end among the first i */
  readonly #byLabel = new Map<string, { starts: number[]; maxEnd: number[] }>();

  constructor(ctx: SuggestContext) {
    this.#ctx = ctx;
    this.#rejected = new Set([...ctx.rejected].map(core));
    this.spans = new ExtentIndex(ctx.spans);
    for (const s of this.spans.sorted) {
      let group = this.#byLabel.get(s.label);
      if (!group) this.#byLabel.set(s.label, (group = { starts: [], maxEnd: [] }));
      group.maxEnd.push(Math.max(s.end, group.maxEnd[group.maxEnd.length - 1] ?? -1));
      group.starts.push(s.start);
    }
  }

  keeps(p: Proposal): boolean {
    if (this.#rejected.size > 0 && this.#rejected.has(core(p.key))) return false;
    if (p.kind === 'relation') return this.#ctx.schema.relations.some((r) => r.name === p.type);
    let known = this.#known.get(p.label);
    if (known === undefined) this.#known.set(p.label, (known = this.#ctx.schema.label(p.label) === p.label));
    if (!known) return false;
    if (p.end <= p.start || this.spans.has(p.start, p.end)) return false;
    return !this.#overlapsLabel(p.start, p.end, p.label);
  }

  /** Whether an existing span of `label` overlaps [start, end). */
  #overlapsLabel(start: number, end: number, label: string): boolean {
    const group = this.#byLabel.get(label);
    if (!group) return false;
    // spans starting before `end`: the first `lo` of them
    let lo = 0;
    let hi = group.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((group.starts[mid] as number) < end) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && (group.maxEnd[lo - 1] as number) > start;
  }
}

const byPlace = (a: SpanProposal | Endpoint, b: SpanProposal | Endpoint) => a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

/** Merges identical proposals, resolves same-label overlaps, drops relations left without an end, sorts. */
function finish(kept: Proposal[], ctx: SuggestContext, order: readonly string[], filter: SpanFilter): Proposal[] {
  const rank = new Map(order.map((id, i) => [id, i]));
  const better = (a: Proposal, b: Proposal) => b.confidence - a.confidence || (rank.get(a.recommender) ?? 0) - (rank.get(b.recommender) ?? 0);
  const merge = <P extends Proposal>(a: P, b: P): P => {
    const win: P = better(a, b) <= 0 ? a : b;
    const lose: P = win === a ? b : a;
    const alsoBy = [...new Set([...(win.alsoBy ?? []), lose.recommender, ...(lose.alsoBy ?? [])])].filter((r) => r !== win.recommender);
    const out: P = { ...win };
    out.alsoBy = alsoBy;
    return out;
  };

  const sorted = kept.filter((p): p is SpanProposal => p.kind === 'span').sort(byPlace);
  const unique: SpanProposal[] = [];
  for (const p of sorted) {
    const prev = unique[unique.length - 1];
    if (prev && byPlace(prev, p) === 0) unique[unique.length - 1] = merge(prev, p);
    else unique.push(p);
  }
  const spans = nonOverlapping(unique, better).sort(byPlace);

  const relationsById = new Map<string, RelationProposal>();
  for (const p of kept) {
    if (p.kind !== 'relation') continue;
    const id = core(p.key);
    const prev = relationsById.get(id);
    relationsById.set(id, prev ? merge(prev, p) : p);
  }
  let relations: RelationProposal[] = [];
  if (relationsById.size > 0) {
    const proposed = new ExtentIndex(spans);
    const labelled = (index: ExtentIndex<Extent & { label: string }>, e: Endpoint) => {
      for (let i = index.indexOf(e.start, e.end); i >= 0 && index.isAt(i, e.start, e.end); i++) if (index.item(i).label === e.label) return true;
      return false;
    };
    const there = (e: Endpoint) => labelled(proposed, e) || labelled(filter.spans, e);
    const linked = new Set<string>();
    if (ctx.relations.length > 0) {
      const byId = new Map(ctx.spans.filter((s) => s.id !== undefined).map((s) => [s.id as string, s]));
      for (const r of ctx.relations) {
        const from = byId.get(r.fromId);
        const to = byId.get(r.toId);
        if (from && to) linked.add(`${r.type}:${from.start}:${from.end}:${to.start}:${to.end}`);
      }
    }
    relations = [...relationsById.values()].filter((p) => there(p.from) && there(p.to) && !linked.has(`${p.type}:${p.from.start}:${p.from.end}:${p.to.start}:${p.to.end}`));
    relations.sort((a, b) => byPlace(a.from, b.from) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  // spans in text order, each relation right after the span proposal (or place) it starts from
  const out: Proposal[] = [];
  let r = 0;
  for (const s of spans) {
    while (r < relations.length && byPlace((relations[r] as RelationProposal).from, s) < 0) out.push(relations[r++] as RelationProposal);
    out.push(s);
  }
  while (r < relations.length) out.push(relations[r++] as RelationProposal);
  return out;
}

/** Of span proposals with the same label that overlap, the longest (then the most confident) stays. */
function nonOverlapping(spans: SpanProposal[], better: (a: Proposal, b: Proposal) => number): SpanProposal[] {
  const out: SpanProposal[] = [];
  const byLabel = new Map<string, SpanProposal[]>();
  for (const p of spans) {
    const list = byLabel.get(p.label);
    if (list) list.push(p);
    else byLabel.set(p.label, [p]);
  }
  // each list is in text order already
  for (const list of byLabel.values()) {
    let cluster: SpanProposal[] = [];
    let clusterEnd = -1;
    const settle = () => {
      if (cluster.length === 1) out.push(cluster[0] as SpanProposal);
      else if (cluster.length > 1) {
        const chosen: SpanProposal[] = [];
        cluster.sort((a, b) => b.end - b.start - (a.end - a.start) || better(a, b) || a.start - b.start);
        for (const p of cluster) if (!chosen.some((c) => c.start < p.end && p.start < c.end)) chosen.push(p);
        out.push(...chosen);
      }
      cluster = [];
    };
    for (const p of list) {
      if (p.start >= clusterEnd) settle();
      cluster.push(p);
      clusterEnd = Math.max(clusterEnd, p.end);
    }
    settle();
  }
  return out;
}
