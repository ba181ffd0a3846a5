// Runs the active recommenders over a document and keeps only what may be shown: a proposal never
// uses a label or relation type the schema lacks, is never one the user rejected in this document
// (whichever recommender made it: a rejection is a "no" to that span and label), never sits exactly
// where a span already is, and never overlaps a span of its own label. Identical proposals from
// several recommenders become one (the most confident, the others in alsoBy); of overlapping
// proposals with one label the longest stays. A relation proposal stays only while both its ends
// exist or are proposed.
//
// Every one of those rules looks only near a proposal: at its extent, at the spans and proposals of
// its label that overlap it (a chain of overlapping proposals of one label is settled together), at
// a relation's two ends. So after an edit a session redoes only what is near what changed: the
// learned forms whose counts moved (every occurrence of the form, from the document's index), the
// quotes whose speaker search reaches the edit, and the overlap chains those touch. The cost is that
// of the edit, not of the document.
import type { DocIndex } from './doc';
import { sameExplanation } from './explain';
import { type Extent, extentOrder } from './extents';
import type { Schema } from './labels';
import { type Annotations, LearnedStrings, occurrencesOf, trimmed } from './learned';
import type { Recommender, SuggestContext, Unit } from './recommender';
import type { Delta, Endpoint, ExistingRelation, ExistingSpan, Proposal, RelationProposal, SpanProposal } from './types';

/** Every proposal of `recommenders` (in that order) for the document, filtered and merged. */
export function suggest(doc: DocIndex, ctx: SuggestContext, recommenders: readonly Recommender[]): Proposal[] {
  return new SuggestSession(doc, recommenders).all(ctx);
}

/** An edit as the session needs it: the records that changed, and the learned forms whose counts did (see LearnedModel.observe). */
export interface SessionChange {
  spans?: readonly Delta<ExistingSpan>[];
  relations?: readonly Delta<ExistingRelation>[];
  /** rejected proposal keys */
  rejected?: readonly Delta<string>[];
  /** the forms, or how to count them again once the session holds the edit (it is then the spans and rejections to read) */
  forms?: Iterable<string> | ((now: SpansAt) => Iterable<string>);
}

/** The spans and rejections at an extent, as counting reads them (see Annotations in learned.ts). */
export type SpansAt = Pick<Annotations, 'labelsAt' | 'rejectedAt'>;

/** The proposals after a change: `removed` keys out, `added` in (see applyProposalChange). */
export interface ProposalChange {
  removed: string[];
  added: Proposal[];
}

/** A recommender's span proposal, and whether the filter keeps it. */
interface Candidate {
  p: SpanProposal;
  /** the recommender's place in running order */
  rank: number;
  /** order of arrival, to break ties as a full run would */
  seq: number;
  kept: boolean;
}

/** What one unit of a live recommender proposed. */
interface UnitOutput {
  unit: Unit;
  spans: Candidate[];
  relations: RelationProposal[];
}

/** A live recommender without units() is one unit that reads the whole document. */
const WHOLE = 'whole';

/**
 * The proposals of one open document, kept between edits: all() runs every recommender, update()
 * redoes what an edit reaches and answers what changed.
 */
export class SuggestSession implements SpansAt {
  readonly doc: DocIndex;
  readonly recommenders: readonly Recommender[];
  #schema: Schema | null = null;
  readonly #known = new Map<string, boolean>();
  /** the document's spans, by label */
  readonly #spans = new Map<string, Sorted<ExistingSpan>>();
  /** the same, all labels together */
  readonly #allSpans = new Sorted<ExistingSpan>();
  /** the spans by id, made the first time a relation needs them */
  #spanById: Map<string, ExistingSpan> | null = null;
  readonly #relations = new Map<string, ExistingRelation>();
  /** span id → the keys in #relations of the relations from or to it */
  readonly #relationsOf = new Map<string, Set<string>>();
  #unnamed = 0;
  /** existing relations as `type:fromStart:fromEnd:toStart:toEnd`, with how many there are of each */
  readonly #linked = new Map<string, number>();
  readonly #rejectedKeys = new Set<string>();
  /** rejected keys without their recommender (see core), with how many keys each stands for */
  readonly #rejected = new Map<string, number>();
  /** extents of rejected span proposals (`start:end`), with how many keys each stands for */
  readonly #rejectedExtents = new Map<string, number>();
  /** every recommender's span proposals, by label */
  readonly #raw = new Map<string, Sorted<Candidate>>();
  #seq = 0;
  /** while all() runs: the candidates by label, indexed once at the end */
  #pending: Map<string, Candidate[]> | null = null;
  /** every recommender's relation proposals, by key without recommender (see core) */
  readonly #rawRelations = new Map<string, Array<{ p: RelationProposal; rank: number }>>();
  /** `start:end` → the cores of the relation proposals with an end there */
  readonly #relationEnds = new Map<string, Set<string>>();
  /** per live recommender (by rank): its units' proposals by unit key, and the units by reach */
  readonly #live = new Map<number, { outputs: Map<string, UnitOutput>; reach: Sorted<{ start: number; end: number; key: string }> }>();
  /** what is shown: span proposals by label, relation proposals by key */
  readonly #shown = new Map<string, Sorted<SpanProposal>>();
  readonly #shownRelations = new Map<string, RelationProposal>();
  /** the same by core (see core) */
  readonly #shownByCore = new Map<string, RelationProposal>();

  constructor(doc: DocIndex, recommenders: readonly Recommender[]) {
    this.doc = doc;
    this.recommenders = recommenders;
  }

  /** Runs every recommender over the document in `ctx`; forgets what an earlier call knew. */
  all(ctx: SuggestContext): Proposal[] {
    this.#reset(ctx);
    this.#pending = new Map();
    const earlier: SpanProposal[] = [];
    this.recommenders.forEach((r, rank) => {
      if (r.live) {
        const live = { outputs: new Map<string, UnitOutput>(), reach: new Sorted<{ start: number; end: number; key: string }>() };
        this.#live.set(rank, live);
        const units = r.units && r.proposeUnits ? r.units(this.doc, ctx) : [this.#whole()];
        this.#runUnits(r, rank, ctx, earlier, units);
        for (const out of live.outputs.values()) for (const c of out.spans) if (c.kept) earlier.push(c.p);
        return;
      }
      for (const p of r.propose(this.doc, ctx, earlier)) {
        if (p.kind === 'relation') {
          this.#addRelation(p, rank);
          continue;
        }
        const c = this.#add(p, rank);
        if (c.kept) earlier.push(p);
      }
    });
    for (const [label, list] of this.#pending) {
      const raw = new Sorted<Candidate>(candidateExtent);
      raw.fill(list);
      this.#raw.set(label, raw);
      const shown = new Sorted<SpanProposal>();
      // raw's order (extent, then arrival) is resolve's: the recommenders ran in rank order
      shown.fill(resolve(raw.items.filter((c) => c.kept)));
      this.#shown.set(label, shown);
    }
    this.#pending = null;
    this.#settleRelations(new Set(this.#rawRelations.keys()));
    return this.proposals();
  }

  /** Every proposal shown, spans in text order, each relation right after the place it starts from. */
  proposals(): Proposal[] {
    const spans = mergeByPlace([...this.#shown.values()].map((shown) => shown.items));
    const relations = [...this.#shownRelations.values()].sort((a, b) => byPlace(a.from, b.from) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const out: Proposal[] = [];
    let r = 0;
    for (const s of spans) {
      while (r < relations.length && byPlace((relations[r] as RelationProposal).from, s) < 0) out.push(relations[r++] as RelationProposal);
      out.push(s);
    }
    while (r < relations.length) out.push(relations[r++] as RelationProposal);
    return out;
  }

  /** After an edit: redoes what it reaches, and answers the proposals that changed. */
  update(change: SessionChange): ProposalChange {
    if (!this.#schema) throw new Error('update() before all()');
    /** candidates whose kept state may have changed, with that state before */
    const before = new Map<Candidate, boolean>();
    const note = (c: Candidate) => {
      if (!before.has(c)) before.set(c, c.kept);
    };
    /** extents where the filter may now judge differently */
    const recheck: Extent[] = [];
    /** offsets where the spans a live recommender reads changed */
    const points: number[] = [];
    let unitsStale = false;
    const unitLabels = new Set(this.recommenders.flatMap((r) => (r.live && r.unitLabels ? r.unitLabels(this.#schema as Schema) : [])));

    for (const d of change.spans ?? []) {
      for (const s of [d.before, d.after]) {
        if (!s) continue;
        recheck.push(s);
        points.push(s.start);
        if (unitLabels.has(s.label)) unitsStale = true;
      }
      // the relations of the span, linked again at its new extent
      const ids = new Set([d.before?.id, d.after?.id].filter((id): id is string => id !== undefined));
      const relations = [...ids].flatMap((id) => [...(this.#relationsOf.get(id) ?? [])]);
      for (const key of relations) this.#link(this.#relations.get(key), -1);
      if (d.before) this.#removeSpan(d.before);
      if (d.after) this.#addSpan(d.after);
      for (const key of relations) this.#link(this.#relations.get(key), 1);
    }
    /** extents where relation proposals may now be judged differently */
    const ends: Extent[] = [];
    for (const d of change.relations ?? []) {
      unitsStale = true;
      for (const r of [d.before, d.after]) {
        for (const id of r ? [r.fromId, r.toId] : []) {
          const s = this.#byId().get(id);
          if (s) ends.push(s);
        }
      }
      if (d.before) this.#removeRelation(d.before);
      if (d.after) this.#addExistingRelation(d.after);
    }
    const relationCores = new Set<string>();
    for (const d of change.rejected ?? []) {
      for (const key of [d.before, d.after]) {
        if (key === undefined) continue;
        if (key.startsWith('rel:')) relationCores.add(core(key));
        const m = /^(\d+):(\d+):/.exec(key);
        if (m) recheck.push({ start: Number(m[1]), end: Number(m[2]) });
      }
      if (d.before !== undefined && this.#rejectedKeys.delete(d.before)) this.#countRejected(d.before, -1);
      if (d.after !== undefined && !this.#rejectedKeys.has(d.after)) {
        this.#rejectedKeys.add(d.after);
        this.#countRejected(d.after, 1);
      }
    }

    // the learned forms whose counts changed: every occurrence of the form, old and new
    const forms = new Set(typeof change.forms === 'function' ? change.forms(this) : (change.forms ?? []));
    if (forms.size > 0) {
      const rank = this.recommenders.findIndex((r) => r instanceof LearnedStrings);
      const learned = this.recommenders[rank];
      if (learned instanceof LearnedStrings) {
        const fresh = learned.proposeForms(this.doc, this.#context([]), forms);
        // its proposals of a form are at the form's occurrences, found from the document's index
        for (const form of forms) {
          for (const [first, last] of occurrencesOf(this.doc, form)) {
            const start = this.doc.tokens.start[first] as number;
            const end = this.doc.tokens.end[last] as number;
            for (const raw of this.#raw.values()) {
              for (const c of raw.at(start, end)) {
                if (c.rank !== rank || c.p.form !== form) continue;
                note(c);
                this.#drop(c);
              }
            }
          }
        }
        for (const p of fresh) before.set(this.#add(p, rank), false);
      }
    }

    // what the filter says now where the spans or rejections changed
    for (const e of recheck) {
      for (const raw of this.#raw.values()) {
        for (const c of raw.overlapping(e.start, e.end + 1)) {
          note(c);
          c.kept = this.#keeps(c.p);
        }
      }
    }

    this.recommenders.forEach((r, rank) => {
      if (!r.live) return;
      for (const [c, was] of before) if (c.rank < rank && was !== c.kept) points.push(c.p.start);
      this.#rerun(r, rank, points, unitsStale, note, before);
    });

    // the overlap chains of each label that changed, settled again
    const removed = new Map<string, Proposal>();
    const added = new Map<string, Proposal>();
    const ranges = new Map<string, Extent[]>();
    for (const [c, was] of before) if (was || c.kept) push(ranges, c.p.label, { start: c.p.start, end: c.p.end });
    for (const [label, list] of ranges) {
      const raw = this.#raw.get(label);
      let shown = this.#shown.get(label);
      if (!shown) this.#shown.set(label, (shown = new Sorted<SpanProposal>()));
      const inChain = (c: Candidate) => c.kept || before.get(c) === true;
      for (const range of merged(list.map((e) => grow(raw, e, inChain)))) {
        for (const p of shown.overlapping(range.start, range.end)) {
          shown.remove(p);
          removed.set(p.key, p);
        }
        const kept = raw ? raw.overlapping(range.start, range.end).filter((c) => c.kept) : [];
        for (const p of resolve(kept)) {
          shown.add(p);
          added.set(p.key, p);
        }
      }
    }

    // the relation proposals whose recommender spoke again, or whose ends, rejection or link changed
    const moved: Extent[] = [...ends];
    for (const d of change.spans ?? []) for (const e of [d.before, d.after]) if (e) moved.push(e);
    for (const p of [...removed.values(), ...added.values()]) if (p.kind === 'span') moved.push(p);
    for (const e of moved) for (const c of this.#relationEnds.get(`${e.start}:${e.end}`) ?? []) relationCores.add(c);
    for (const c of this.#relationsTouched) relationCores.add(c);
    this.#relationsTouched.clear();
    const relations = this.#settleRelations(relationCores);
    for (const p of relations.removed) removed.set(p.key, p);
    for (const p of relations.added) added.set(p.key, p);

    // only what differs from what was shown
    const out: ProposalChange = { removed: [], added: [] };
    for (const [key, p] of removed) {
      const q = added.get(key);
      if (q && sameProposal(p, q)) added.delete(key);
      else out.removed.push(key);
    }
    out.added.push(...added.values());
    return out;
  }

  #reset(ctx: SuggestContext): void {
    this.#schema = ctx.schema;
    this.#known.clear();
    this.#spans.clear();
    this.#spanById = null;
    this.#relations.clear();
    this.#relationsOf.clear();
    this.#linked.clear();
    this.#rejectedKeys.clear();
    this.#rejected.clear();
    this.#rejectedExtents.clear();
    this.#raw.clear();
    this.#rawRelations.clear();
    this.#relationEnds.clear();
    this.#relationsTouched.clear();
    this.#live.clear();
    this.#shown.clear();
    this.#shownRelations.clear();
    this.#shownByCore.clear();
    const byLabel = new Map<string, ExistingSpan[]>();
    for (const s of ctx.spans) {
      push(byLabel, s.label, s);
    }
    for (const [label, list] of byLabel) {
      const spans = new Sorted<ExistingSpan>();
      spans.fill(list);
      this.#spans.set(label, spans);
    }
    this.#allSpans.fill([...ctx.spans]);
    for (const r of ctx.relations) this.#addExistingRelation(r);
    for (const key of ctx.rejected) {
      this.#rejectedKeys.add(key);
      this.#countRejected(key, 1);
    }
  }

  #countRejected(key: string, by: 1 | -1): void {
    count(this.#rejected, core(key), by);
    const m = /^(\d+):(\d+):/.exec(key);
    if (m) count(this.#rejectedExtents, `${m[1]}:${m[2]}`, by);
  }

  labelsAt(start: number, end: number): string[] {
    const out: string[] = [];
    for (const [label, spans] of this.#spans) {
      for (const s of spans.overlapping(start, end)) {
        const t = trimmed(this.doc.text, s);
        if (t.start === start && t.end === end) out.push(label);
      }
    }
    return out;
  }

  rejectedAt(start: number, end: number): boolean {
    return this.#rejectedExtents.has(`${start}:${end}`);
  }

  #whole(): Unit {
    return { key: WHOLE, from: 0, to: this.doc.text.length };
  }

  /** After an edit: a live recommender's units whose reach holds one of `points`, run again (all of them when the units may have changed). */
  #rerun(r: Recommender, rank: number, points: readonly number[], unitsStale: boolean, note: (c: Candidate) => void, before: Map<Candidate, boolean>): void {
    const live = this.#live.get(rank);
    if (!live) return;
    const parted = r.units !== undefined && r.proposeUnits !== undefined;
    const due = new Map<string, Unit>();
    if (parted && unitsStale && r.units) {
      const labels = new Set(r.unitLabels?.(this.#schema as Schema) ?? []);
      const spans = [...labels].flatMap((l) => this.#spans.get(l)?.items ?? []);
      const units = new Map(r.units(this.doc, { ...this.#context(spans), relations: [...this.#relations.values()] }).map((u) => [u.key, u]));
      for (const key of [...live.outputs.keys()]) if (!units.has(key)) this.#dropUnit(live, key, note);
      for (const [key, u] of units) if (!live.outputs.has(key)) due.set(key, u);
    }
    if (points.length > 0) {
      if (!parted) due.set(WHOLE, this.#whole());
      else for (const x of points) for (const u of live.reach.overlapping(x, x + 1)) due.set(u.key, (live.outputs.get(u.key) as UnitOutput).unit);
    }
    if (due.size === 0) return;
    for (const key of due.keys()) this.#dropUnit(live, key, note);
    // the spans and earlier proposals the due units read: those starting within their reach
    const seen = new Set<unknown>();
    const spans: ExistingSpan[] = [];
    const earlier: SpanProposal[] = [];
    for (const u of due.values()) {
      for (const sorted of this.#spans.values()) {
        for (const s of sorted.startingIn(u.from, u.to)) {
          if (seen.has(s)) continue;
          seen.add(s);
          spans.push(s);
        }
      }
      for (const raw of this.#raw.values()) {
        for (const c of raw.startingIn(u.from, u.to)) {
          if (c.rank >= rank || !c.kept || seen.has(c)) continue;
          seen.add(c);
          earlier.push(c.p);
        }
      }
    }
    // a recommender in units reads no relations there (see Recommender.proposeUnits)
    const created = this.#runUnits(r, rank, { ...this.#context(spans), relations: parted ? [] : [...this.#relations.values()] }, earlier, [...due.values()]);
    for (const c of created) before.set(c, false);
  }

  /** Runs `units` of live recommender `r` and registers what they propose; returns the new candidates. */
  #runUnits(r: Recommender, rank: number, ctx: SuggestContext, earlier: readonly SpanProposal[], units: readonly Unit[]): Candidate[] {
    const live = this.#live.get(rank);
    if (!live) return [];
    const created: Candidate[] = [];
    const each = (unit: Unit, proposals: Proposal[]) => {
      const out: UnitOutput = { unit, spans: [], relations: [] };
      for (const p of proposals) {
        if (p.kind === 'relation') {
          out.relations.push(p);
          this.#addRelation(p, rank);
        } else out.spans.push(this.#add(p, rank));
      }
      for (const c of out.spans) created.push(c);
      live.outputs.set(unit.key, out);
      reach.push({ start: unit.from, end: unit.to + 1, key: unit.key });
    };
    const reach: Array<{ start: number; end: number; key: string }> = [];
    if (r.units && r.proposeUnits) r.proposeUnits(this.doc, ctx, earlier, units, each);
    else for (const unit of units) each(unit, r.propose(this.doc, ctx, earlier));
    if (live.reach.items.length === 0) live.reach.fill(reach);
    else for (const x of reach) live.reach.add(x);
    return created;
  }

  #dropUnit(live: { outputs: Map<string, UnitOutput>; reach: Sorted<{ start: number; end: number; key: string }> }, key: string, note: (c: Candidate) => void): void {
    const out = live.outputs.get(key);
    if (!out) return;
    for (const c of out.spans) {
      note(c);
      this.#drop(c);
    }
    for (const p of out.relations) this.#dropRelation(p);
    live.outputs.delete(key);
    const at = live.reach.at(out.unit.from, out.unit.to + 1).find((u) => u.key === key);
    if (at) live.reach.remove(at);
  }

  #add(p: SpanProposal, rank: number): Candidate {
    const c: Candidate = { p, rank, seq: this.#seq++, kept: this.#keeps(p) };
    if (this.#pending) {
      push(this.#pending, p.label, c);
      return c;
    }
    let raw = this.#raw.get(p.label);
    if (!raw) this.#raw.set(p.label, (raw = new Sorted<Candidate>(candidateExtent)));
    raw.add(c);
    return c;
  }

  #drop(c: Candidate): void {
    this.#raw.get(c.p.label)?.remove(c);
    c.kept = false;
  }

  #addSpan(s: ExistingSpan): void {
    let spans = this.#spans.get(s.label);
    if (!spans) this.#spans.set(s.label, (spans = new Sorted<ExistingSpan>()));
    spans.add(s);
    this.#allSpans.add(s);
    if (s.id !== undefined) this.#spanById?.set(s.id, s);
  }

  #byId(): Map<string, ExistingSpan> {
    if (!this.#spanById) {
      this.#spanById = new Map();
      for (const s of this.#allSpans.items) if (s.id !== undefined) this.#spanById.set(s.id, s);
    }
    return this.#spanById;
  }

  #removeSpan(s: ExistingSpan): void {
    // a span is removed as it was: at its extent, with its label (and its id when it has one)
    const target = this.#spans.get(s.label)?.at(s.start, s.end).find((x) => s.id === undefined || x.id === s.id);
    if (!target) return;
    this.#spans.get(target.label)?.remove(target);
    this.#allSpans.remove(target);
    if (target.id !== undefined) this.#spanById?.delete(target.id);
  }

  #addExistingRelation(r: ExistingRelation): void {
    const key = r.id ?? `#${this.#unnamed++}`;
    this.#relations.set(key, r);
    for (const id of [r.fromId, r.toId]) {
      let keys = this.#relationsOf.get(id);
      if (!keys) this.#relationsOf.set(id, (keys = new Set()));
      keys.add(key);
    }
    this.#link(r, 1);
  }

  #removeRelation(r: ExistingRelation): void {
    let key = r.id;
    if (key === undefined) for (const [k, x] of this.#relations) if (x.type === r.type && x.fromId === r.fromId && x.toId === r.toId) key = k;
    const known = key !== undefined ? this.#relations.get(key) : undefined;
    if (!known || key === undefined) return;
    this.#link(known, -1);
    this.#relations.delete(key);
    for (const id of [known.fromId, known.toId]) this.#relationsOf.get(id)?.delete(key);
  }

  /** Counts an existing relation in or out of #linked, at its spans' extents now. */
  #link(r: ExistingRelation | undefined, by: 1 | -1): void {
    const from = r && this.#byId().get(r.fromId);
    const to = r && this.#byId().get(r.toId);
    if (r && from && to) count(this.#linked, `${r.type}:${from.start}:${from.end}:${to.start}:${to.end}`, by);
  }

  /** cores of the relation proposals added or dropped since they were last settled */
  readonly #relationsTouched = new Set<string>();

  #addRelation(p: RelationProposal, rank: number): void {
    const id = core(p.key);
    push(this.#rawRelations, id, { p, rank });
    for (const e of [p.from, p.to]) {
      const at = `${e.start}:${e.end}`;
      let cores = this.#relationEnds.get(at);
      if (!cores) this.#relationEnds.set(at, (cores = new Set()));
      cores.add(id);
    }
    this.#relationsTouched.add(id);
  }

  #dropRelation(p: RelationProposal): void {
    const id = core(p.key);
    const list = (this.#rawRelations.get(id) ?? []).filter((x) => x.p !== p);
    if (list.length > 0) {
      this.#rawRelations.set(id, list);
    } else {
      this.#rawRelations.delete(id);
      for (const e of [p.from, p.to]) this.#relationEnds.get(`${e.start}:${e.end}`)?.delete(id);
    }
    this.#relationsTouched.add(id);
  }

  #context(spans: readonly ExistingSpan[]): SuggestContext {
    return { schema: this.#schema as Schema, spans, relations: [], rejected: this.#rejectedKeys };
  }

  /** The filter: what the schema lacks, what was rejected, what an existing span already covers. */
  #keeps(p: SpanProposal): boolean {
    if (this.#rejected.size > 0 && this.#rejected.has(core(p.key))) return false;
    let known = this.#known.get(p.label);
    if (known === undefined) this.#known.set(p.label, (known = (this.#schema as Schema).label(p.label) === p.label));
    if (!known || p.end <= p.start) return false;
    if (this.#allSpans.has(p.start, p.end)) return false;
    return !(this.#spans.get(p.label)?.overlaps(p.start, p.end) ?? false);
  }

  /**
   * The relation proposals of `cores` judged again: kept (not rejected, a type the schema has),
   * merged, with both ends there, not already made. Answers what left and what came.
   */
  #settleRelations(cores: ReadonlySet<string>): { removed: RelationProposal[]; added: RelationProposal[] } {
    const out = { removed: [] as RelationProposal[], added: [] as RelationProposal[] };
    const schema = this.#schema as Schema;
    const there = (e: Endpoint) => this.#shown.get(e.label)?.has(e.start, e.end) === true || this.#spans.get(e.label)?.has(e.start, e.end) === true;
    for (const id of cores) {
      let merged: RelationProposal | null = null;
      const list = [...(this.#rawRelations.get(id) ?? [])].sort((a, b) => a.rank - b.rank);
      const ranks = new Map(list.map((x) => [x.p.recommender, x.rank]));
      const better = (a: Proposal, b: Proposal) => b.confidence - a.confidence || (ranks.get(a.recommender) ?? 0) - (ranks.get(b.recommender) ?? 0);
      if (!this.#rejected.has(id)) {
        for (const { p } of list) if (schema.relations.some((r) => r.name === p.type)) merged = merged ? merge(merged, p, better) : p;
      }
      const p = merged && there(merged.from) && there(merged.to) && !this.#linked.has(`${merged.type}:${merged.from.start}:${merged.from.end}:${merged.to.start}:${merged.to.end}`) ? merged : null;
      const was = this.#shownByCore.get(id);
      if (was && p && was.key === p.key && sameProposal(was, p)) continue;
      if (was) {
        this.#shownRelations.delete(was.key);
        this.#shownByCore.delete(id);
        out.removed.push(was);
      }
      if (p) {
        this.#shownRelations.set(p.key, p);
        this.#shownByCore.set(id, p);
        out.added.push(p);
      }
    }
    return out;
  }
}

function count(map: Map<string, number>, key: string, by: 1 | -1): void {
  const n = (map.get(key) ?? 0) + by;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const candidateExtent = (c: Candidate): Extent => c.p;

/** The key without its recommender: what a rejection refuses. */
function core(key: string): string {
  return key.slice(0, key.lastIndexOf(':'));
}

/**
 * Lists each in order of extent (start, then end), merged in byPlace order: what sorting them all
 * together by byPlace gives, without the sort. The shown proposals of one label never share an extent.
 */
function mergeByPlace(lists: ReadonlyArray<readonly SpanProposal[]>): SpanProposal[] {
  const runs = lists.filter((l) => l.length > 0);
  let total = 0;
  for (const l of runs) total += l.length;
  const out = new Array<SpanProposal>(total);
  const at = new Array<number>(runs.length).fill(0);
  for (let k = 0; k < total; k++) {
    let best = -1;
    let p: SpanProposal | undefined;
    for (let r = 0; r < runs.length; r++) {
      const q = (runs[r] as readonly SpanProposal[])[at[r] as number];
      if (q !== undefined && (p === undefined || byPlace(q, p) < 0)) {
        p = q;
        best = r;
      }
    }
    out[k] = p as SpanProposal;
    at[best] = (at[best] as number) + 1;
  }
  return out;
}

const byPlace = (a: SpanProposal | Endpoint, b: SpanProposal | Endpoint) => a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

/** Whether two proposals with one key say the same (their confidence, explanation and who made them). */
export function sameProposal(a: Proposal, b: Proposal): boolean {
  if (a === b) return true;
  if (a.confidence !== b.confidence || a.recommender !== b.recommender || !sameExplanation(a.explanation, b.explanation)) return false;
  if ((a.alsoBy ?? []).join() !== (b.alsoBy ?? []).join()) return false;
  if (a.kind === 'relation' && b.kind === 'relation') return a.from.spanId === b.from.spanId && a.to.spanId === b.to.spanId;
  return a.kind === b.kind;
}

function merge<P extends Proposal>(a: P, b: P, better: (a: Proposal, b: Proposal) => number): P {
  const win: P = better(a, b) <= 0 ? a : b;
  const lose: P = win === a ? b : a;
  const alsoBy = [...new Set([...(win.alsoBy ?? []), lose.recommender, ...(lose.alsoBy ?? [])])].filter((r) => r !== win.recommender);
  const out: P = { ...win };
  if (alsoBy.length > 0) out.alsoBy = alsoBy;
  else delete out.alsoBy;
  return out;
}

/**
 * The shown proposals of kept candidates of one label that hold whole overlap chains: identical
 * ones merged into the most confident, and of overlapping ones the longest.
 */
function resolve(kept: Candidate[]): SpanProposal[] {
  kept.sort((a, b) => a.p.start - b.p.start || a.p.end - b.p.end || a.rank - b.rank || a.seq - b.seq);
  const rank = new Map<string, number>();
  for (const c of kept) rank.set(c.p.recommender, c.rank);
  const better = (a: Proposal, b: Proposal) => b.confidence - a.confidence || (rank.get(a.recommender) ?? 0) - (rank.get(b.recommender) ?? 0);
  const unique: SpanProposal[] = [];
  for (const c of kept) {
    const prev = unique[unique.length - 1];
    if (prev && prev.start === c.p.start && prev.end === c.p.end) unique[unique.length - 1] = merge(prev, c.p, better);
    else unique.push(c.p);
  }
  return nonOverlapping(unique, better);
}

/** Of span proposals with one label, in text order, that overlap, the longest (then the most confident) stays. */
function nonOverlapping(list: SpanProposal[], better: (a: Proposal, b: Proposal) => number): SpanProposal[] {
  const out: SpanProposal[] = [];
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
  return out;
}

/** `e` widened until no candidate that `inChain` accepts crosses its edges: whole overlap chains. */
function grow(raw: Sorted<Candidate> | undefined, e: Extent, inChain: (c: Candidate) => boolean): Extent {
  let { start, end } = e;
  if (!raw) return { start, end };
  for (;;) {
    let s = start;
    let t = end;
    for (const c of raw.overlapping(start, end)) {
      if (!inChain(c)) continue;
      if (c.p.start < s) s = c.p.start;
      if (c.p.end > t) t = c.p.end;
    }
    if (s === start && t === end) return { start, end };
    start = s;
    end = t;
  }
}

/** Extents sorted and joined where they overlap. */
function merged(list: Extent[]): Extent[] {
  list.sort((a, b) => a.start - b.start);
  const out: Extent[] = [];
  for (const e of list) {
    const last = out[out.length - 1];
    if (last && e.start < last.end) last.end = Math.max(last.end, e.end);
    else out.push({ start: e.start, end: e.end });
  }
  return out;
}

/**
 * Items in order of extent (start, then end; equal ones in order of arrival), kept sorted as they
 * come and go: a book has 20,000 spans and an edit moves one.
 */
class Sorted<T> {
  #items: T[] = [];
  readonly #extent: (item: T) => Extent;
  /** the longest item ever held: how far back an overlapping item may start */
  #longest = 0;

  constructor(extent: (item: T) => Extent = (item) => item as unknown as Extent) {
    this.#extent = extent;
  }

  get items(): readonly T[] {
    return this.#items;
  }

  /** Holds `items` (in arrival order) and nothing else: one sort instead of one insertion each. */
  fill(items: T[]): void {
    const ext = this.#extent;
    const starts = new Int32Array(items.length);
    const ends = new Int32Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const e = ext(items[i] as T);
      starts[i] = e.start;
      ends[i] = e.end;
      if (e.end - e.start > this.#longest) this.#longest = e.end - e.start;
    }
    // most lists come in order already (a recommender proposes in text order): checked in one pass, no sort then
    let sorted = true;
    for (let i = 1; i < items.length && sorted; i++) {
      const d = (starts[i] as number) - (starts[i - 1] as number);
      sorted = d > 0 || (d === 0 && (ends[i] as number) >= (ends[i - 1] as number));
    }
    if (sorted) {
      this.#items = items.slice();
      return;
    }
    // equal extents stay in arrival order, as add() keeps them
    const order = extentOrder(starts, ends, items.length);
    const out = new Array<T>(items.length);
    for (let i = 0; i < items.length; i++) out[i] = items[order[i] as number] as T;
    this.#items = out;
  }

  /** Whether an item is at exactly [start, end). */
  has(start: number, end: number): boolean {
    const i = this.#lower(start, end);
    return i < this.#items.length && this.#same(i, start, end);
  }

  /** Index of the first item starting at or after `start` (with an end at or after `end`). */
  #lower(start: number, end = -Infinity): number {
    let lo = 0;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const e = this.#extent(this.#items[mid] as T);
      if (e.start < start || (e.start === start && e.end < end)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(item: T): void {
    const e = this.#extent(item);
    let i = this.#lower(e.start, e.end);
    while (i < this.#items.length && this.#same(i, e.start, e.end)) i++;
    this.#items.splice(i, 0, item);
    if (e.end - e.start > this.#longest) this.#longest = e.end - e.start;
  }

  remove(item: T): void {
    const e = this.#extent(item);
    for (let i = this.#lower(e.start, e.end); i < this.#items.length && this.#same(i, e.start, e.end); i++) {
      if (this.#items[i] === item) {
        this.#items.splice(i, 1);
        return;
      }
    }
  }

  #same(i: number, start: number, end: number): boolean {
    const e = this.#extent(this.#items[i] as T);
    return e.start === start && e.end === end;
  }

  /** The items at exactly [start, end). */
  at(start: number, end: number): T[] {
    const out: T[] = [];
    for (let i = this.#lower(start, end); i < this.#items.length && this.#same(i, start, end); i++) out.push(this.#items[i] as T);
    return out;
  }

  /** The items that overlap [start, end). */
  overlapping(start: number, end: number): T[] {
    const out: T[] = [];
    for (let i = this.#lower(start - this.#longest); i < this.#items.length; i++) {
      const e = this.#extent(this.#items[i] as T);
      if (e.start >= end) break;
      if (e.end > start) out.push(this.#items[i] as T);
    }
    return out;
  }

  /** Whether an item overlaps [start, end). */
  overlaps(start: number, end: number): boolean {
    for (let i = this.#lower(start - this.#longest); i < this.#items.length; i++) {
      const e = this.#extent(this.#items[i] as T);
      if (e.start >= end) return false;
      if (e.end > start) return true;
    }
    return false;
  }

  /** The items starting within [from, to]. */
  startingIn(from: number, to: number): T[] {
    const out: T[] = [];
    for (let i = this.#lower(from); i < this.#items.length && this.#extent(this.#items[i] as T).start <= to; i++) out.push(this.#items[i] as T);
    return out;
  }
}
