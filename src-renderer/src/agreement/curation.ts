// Curation: the annotators' layers of one document aligned into what they agree on (accepted into the
// curated layer at once) and what they disagree on, each disagreement with its choices and an id made
// of what it is about (its first span, or its relation's ends), which stays the same as long as that
// does: a curator's decisions can be stored by id, and what is left counted.
import { AgreementInputError } from './compute';

export interface CurationSpan {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

export interface CurationRelation {
  readonly id: string;
  /** span ids in the same layer */
  readonly from: string;
  readonly to: string;
  readonly type: string;
}

/** One annotator's layer of the document. Pass only the annotators who annotated it (e.g. marked it Done). */
export interface CurationLayer {
  readonly annotator: string;
  readonly spans: readonly CurationSpan[];
  readonly relations?: readonly CurationRelation[];
}

export interface AlignOptions {
  /**
   * `complete` (the default): a span or relation is agreed when every annotator of the document drew it.
   * `incomplete`: also when nobody drew anything that competes with it, however many left it out.
   */
  readonly agreement?: 'complete' | 'incomplete';
}

export interface Source {
  readonly annotator: string;
  /** the span's or relation's id in that annotator's layer */
  readonly id: string;
}

/** Something one or more annotators drew alike, with who drew it. */
interface Candidate {
  /** what makes two annotators' drawings the same one */
  readonly key: string;
  readonly annotators: readonly string[];
  readonly sources: readonly Source[];
}

/** A span as one or more annotators drew it: same start, end and label. */
export interface SpanCandidate extends Candidate {
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

/** A relation as one or more annotators drew it: same ends (as span candidates) and type. */
export interface RelationCandidate extends Candidate {
  /** span candidate keys */
  readonly from: string;
  readonly to: string;
  readonly type: string;
}

/** What some annotators drew in a disagreement's place; no items: they drew nothing there. */
export interface Reading<C> {
  readonly annotators: readonly string[];
  readonly items: readonly C[];
}

export interface Choice<C> {
  /** unique within its disagreement */
  readonly id: string;
  /** `take` one reading, `both` (or all) of several that can coexist, or `none` */
  readonly kind: 'take' | 'both' | 'none';
  /** whose reading(s) it takes; for `none`, those who drew nothing there */
  readonly annotators: readonly string[];
  /** what goes into the curated layer */
  readonly items: readonly C[];
}

interface DisagreementBase<C> {
  readonly id: string;
  /** the stretch of text it is about */
  readonly start: number;
  readonly end: number;
  readonly candidates: readonly C[];
  readonly readings: readonly Reading<C>[];
  readonly choices: readonly Choice<C>[];
}

export interface SpanDisagreement extends DisagreementBase<SpanCandidate> {
  readonly kind: 'span';
}

export interface RelationDisagreement extends DisagreementBase<RelationCandidate> {
  readonly kind: 'relation';
  readonly from: string;
  readonly to: string;
  /** span disagreements holding this relation's ends: its choices need those spans taken */
  readonly dependsOn: readonly string[];
}

export type Disagreement = SpanDisagreement | RelationDisagreement;

export interface Alignment {
  readonly annotators: readonly string[];
  readonly agreedSpans: readonly SpanCandidate[];
  readonly agreedRelations: readonly RelationCandidate[];
  /** in text order */
  readonly disagreements: readonly Disagreement[];
  /** relations whose ends are not in their annotator's layer: left out */
  readonly dangling: readonly Source[];
}

/** More readings than this offer `both` for pairs only, not for every larger set. */
const MAX_COMBINED = 5;

export function alignLayers(layers: readonly CurationLayer[], options: AlignOptions = {}): Alignment {
  const mode = options.agreement ?? 'complete';
  const annotators = layers.map((l) => l.annotator);
  if (new Set(annotators).size !== annotators.length) throw new AgreementInputError('an annotator has two layers');
  const everyone = annotators.length;

  // ---- spans
  const spans = new Map<string, { start: number; end: number; label: string; annotators: Set<string>; sources: Source[] }>();
  const spanKeyById = new Map<string, Map<string, string>>(); // annotator → span id → key
  for (const layer of layers) {
    const byId = new Map<string, string>();
    spanKeyById.set(layer.annotator, byId);
    for (const s of layer.spans) {
      if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end <= s.start) {
        throw new AgreementInputError(`annotator "${layer.annotator}", span ${s.id} (${s.start}–${s.end} ${s.label}): empty, reversed or not whole offsets`);
      }
      const key = JSON.stringify([s.start, s.end, s.label]);
      byId.set(s.id, key);
      let c = spans.get(key);
      if (!c) spans.set(key, (c = { start: s.start, end: s.end, label: s.label, annotators: new Set(), sources: [] }));
      c.annotators.add(layer.annotator);
      c.sources.push({ annotator: layer.annotator, id: s.id });
    }
  }
  const spanCandidates: SpanCandidate[] = [...spans].map(([key, c]) => ({ key, start: c.start, end: c.end, label: c.label, annotators: inOrder(c.annotators, annotators), sources: c.sources }));
  spanCandidates.sort((x, y) => x.start - y.start || y.end - x.end || compare(x.label, y.label));

  const agreedSpans: SpanCandidate[] = [];
  const open: SpanCandidate[] = [];
  for (const c of spanCandidates) (c.annotators.length === everyone ? agreedSpans : open).push(c);
  const spanGroups = groupSpans(open);
  const disagreements: Disagreement[] = [];
  const spanDisagreementOf = new Map<string, string>(); // candidate key → disagreement id
  for (const group of spanGroups) {
    if (mode === 'incomplete' && group.length === 1) {
      agreedSpans.push(group[0] as SpanCandidate);
      continue;
    }
    const readings = readingsOf(group, annotators);
    // a candidate belongs to one group only, so the group's first names it
    const id = `span:${(group[0] as SpanCandidate).key}`;
    for (const c of group) spanDisagreementOf.set(c.key, id);
    disagreements.push({
      kind: 'span',
      id,
      // sorted by start, so the first starts the stretch
      start: (group[0] as SpanCandidate).start,
      end: group.reduce((e, c) => Math.max(e, c.end), 0),
      candidates: group,
      readings,
      choices: choicesOf(readings, spansCoexist),
    });
  }
  agreedSpans.sort((x, y) => x.start - y.start || y.end - x.end || compare(x.label, y.label));

  // ---- relations
  const dangling: Source[] = [];
  const relations = new Map<string, { from: string; to: string; type: string; annotators: Set<string>; sources: Source[] }>();
  for (const layer of layers) {
    const byId = spanKeyById.get(layer.annotator) as Map<string, string>;
    for (const r of layer.relations ?? []) {
      const from = byId.get(r.from);
      const to = byId.get(r.to);
      if (from === undefined || to === undefined) {
        dangling.push({ annotator: layer.annotator, id: r.id });
        continue;
      }
      const key = JSON.stringify([from, to, r.type]);
      let c = relations.get(key);
      if (!c) relations.set(key, (c = { from, to, type: r.type, annotators: new Set(), sources: [] }));
      c.annotators.add(layer.annotator);
      c.sources.push({ annotator: layer.annotator, id: r.id });
    }
  }
  const agreedKeys = new Set(agreedSpans.map((c) => c.key));
  const byEnds = new Map<string, RelationCandidate[]>();
  for (const [key, c] of relations) {
    const candidate: RelationCandidate = { key, from: c.from, to: c.to, type: c.type, annotators: inOrder(c.annotators, annotators), sources: c.sources };
    const ends = JSON.stringify([c.from, c.to]);
    const group = byEnds.get(ends);
    if (group) group.push(candidate);
    else byEnds.set(ends, [candidate]);
  }
  const agreedRelations: RelationCandidate[] = [];
  for (const group of byEnds.values()) {
    const first = group[0] as RelationCandidate;
    const endsAgreed = agreedKeys.has(first.from) && agreedKeys.has(first.to);
    const open = group.filter((c) => !(endsAgreed && (c.annotators.length === everyone || (mode === 'incomplete' && group.length === 1))));
    agreedRelations.push(...group.filter((c) => !open.includes(c)));
    if (open.length === 0) continue;
    open.sort((x, y) => compare(x.type, y.type));
    const from = spans.get(first.from) as { start: number; end: number };
    const to = spans.get(first.to) as { start: number; end: number };
    const readings = readingsOf(open, annotators);
    disagreements.push({
      kind: 'relation',
      id: `relation:${JSON.stringify([first.from, first.to])}`,
      start: Math.min(from.start, to.start),
      end: Math.max(from.end, to.end),
      from: first.from,
      to: first.to,
      candidates: open,
      readings,
      choices: choicesOf(readings, () => true),
      dependsOn: [...new Set([first.from, first.to].flatMap((k) => spanDisagreementOf.get(k) ?? []))],
    });
  }
  agreedRelations.sort((x, y) => compare(x.key, y.key));
  disagreements.sort((x, y) => x.start - y.start || x.end - y.end || (x.kind === y.kind ? 0 : x.kind === 'span' ? -1 : 1) || compare(x.id, y.id));
  return { annotators, agreedSpans, agreedRelations, disagreements, dangling };
}

/**
 * Disagreeing spans that compete: the same range (different labels), or the same label on ranges that
 * share a character. Spans of different labels on different ranges are separate questions.
 */
function groupSpans(open: readonly SpanCandidate[]): SpanCandidate[][] {
  const parent = open.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  const union = (i: number, j: number) => {
    parent[find(i)] = find(j);
  };
  const byRange = new Map<string, number>();
  const byLabel = new Map<string, { reach: number; at: number }>();
  // `open` is sorted by start: a span overlaps an earlier same-label span iff it starts before their reach
  open.forEach((c, i) => {
    const range = `${c.start}-${c.end}`;
    const same = byRange.get(range);
    if (same === undefined) byRange.set(range, i);
    else union(i, same);
    const run = byLabel.get(c.label);
    if (run && c.start < run.reach) {
      union(i, run.at);
      if (c.end > run.reach) run.reach = c.end;
    } else {
      byLabel.set(c.label, { reach: c.end, at: i });
    }
  });
  const groups = new Map<number, SpanCandidate[]>();
  open.forEach((c, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(c);
    else groups.set(root, [c]);
  });
  return [...groups.values()];
}

/** Each annotator's share of a group, annotators with the same share together; nothing is a reading too. */
function readingsOf<C extends Candidate>(group: readonly C[], annotators: readonly string[]): Reading<C>[] {
  const byItems = new Map<string, { annotators: string[]; items: C[] }>();
  for (const a of annotators) {
    const items = group.filter((c) => c.annotators.includes(a));
    const key = items.map((c) => c.key).join('\n');
    const r = byItems.get(key);
    if (r) r.annotators.push(a);
    else byItems.set(key, { annotators: [a], items });
  }
  // readings by their first annotator, the empty one last
  return [...byItems.values()].sort((x, y) => (x.items.length === 0 ? 1 : 0) - (y.items.length === 0 ? 1 : 0) || annotators.indexOf(x.annotators[0] as string) - annotators.indexOf(y.annotators[0] as string));
}

/** Two readings can both go in when no span of one overlaps a different span of the same label in the other. */
function spansCoexist(a: Reading<SpanCandidate>, b: Reading<SpanCandidate>): boolean {
  return a.items.every((x) => b.items.every((y) => x.key === y.key || x.label !== y.label || !(x.start < y.end && y.start < x.end)));
}

function choicesOf<C extends Candidate>(readings: readonly Reading<C>[], coexist: (a: Reading<C>, b: Reading<C>) => boolean): Choice<C>[] {
  const drawn = readings.filter((r) => r.items.length > 0);
  const choices: Choice<C>[] = [];
  const seen = new Set<string>();
  const add = (kind: Choice<C>['kind'], taken: readonly Reading<C>[]) => {
    const items = [...new Map(taken.flatMap((r) => r.items.map((c): [string, C] => [c.key, c]))).values()];
    const key = items.map((c) => c.key).sort().join('\n');
    if (seen.has(key)) return;
    seen.add(key);
    // readings have no annotator in common, so whose readings a choice takes names it
    const who = taken.flatMap((r) => r.annotators);
    choices.push({ id: `${kind}:${JSON.stringify(who)}`, kind, annotators: who, items });
  };
  for (const r of drawn) add('take', [r]);
  const limit = drawn.length > MAX_COMBINED ? 2 : drawn.length;
  for (const subset of subsets(drawn.length, limit)) {
    const taken = subset.map((i) => drawn[i] as Reading<C>);
    if (taken.every((r, i) => taken.every((q, j) => j <= i || coexist(r, q)))) add('both', taken);
  }
  const silent = readings.find((r) => r.items.length === 0);
  choices.push({ id: 'none', kind: 'none', annotators: silent ? silent.annotators : [], items: [] });
  return choices;
}

/** Index sets of size 2…limit out of n, smaller sets first. */
function subsets(n: number, limit: number): number[][] {
  const out: number[][] = [];
  const grow = (from: number, set: number[], size: number) => {
    if (set.length === size) {
      out.push(set);
      return;
    }
    for (let i = from; i < n; i++) grow(i + 1, [...set, i], size);
  };
  for (let size = 2; size <= limit; size++) grow(0, [], size);
  return out;
}

function inOrder(set: ReadonlySet<string>, annotators: readonly string[]): string[] {
  return annotators.filter((a) => set.has(a));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
