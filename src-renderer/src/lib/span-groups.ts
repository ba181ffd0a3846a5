// The annotation panel's rows: per label, the spans grouped by their exact text ("Xi Jinping" ×5),
// groups in the reading order of their first occurrence, occurrences in reading order. Kept up to
// date span by span (binary search), so an edit costs what it changes, not the document's length.
import { compareSpans, firstWhere, type Ranged } from './span-order';

export interface Labelled extends Ranged {
  labelId: string;
}

export interface TextGroup<S extends Labelled> {
  readonly labelId: string;
  readonly text: string;
  /** in reading order; never empty */
  readonly spans: S[];
}

export class SpanGroups<S extends Labelled> {
  /** groups by a hash of label and text (no string is made per span: hashing 100,000 slices is slow) */
  private readonly byHash = new Map<number, Array<TextGroup<S>>>();
  private readonly byLabel = new Map<string, Array<TextGroup<S>>>();
  private readonly counts = new Map<string, number>();
  /** each label id's part of the hash, worked out once (ids are longer than most span texts) */
  private readonly seeds = new Map<string, number>();

  /** `ordered`: the spans in reading order */
  constructor(
    private readonly text: string,
    ordered: readonly S[] = [],
  ) {
    this.extend(ordered, 0, ordered.length);
  }

  /** Takes in `ordered[from..to)`: spans in reading order, each after every span already in. */
  extend(ordered: readonly S[], from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const s = ordered[i] as S;
      const hash = this.hashOf(s);
      const g = this.find(hash, s);
      if (g) g.spans.push(s);
      else this.listOf(s.labelId).push(this.create(hash, s));
      this.counts.set(s.labelId, (this.counts.get(s.labelId) ?? 0) + 1);
    }
  }

  /** A label's groups, by first occurrence (do not change the array). */
  groups(labelId: string): ReadonlyArray<TextGroup<S>> {
    return this.byLabel.get(labelId) ?? [];
  }

  /** How many spans a label has. */
  count(labelId: string): number {
    return this.counts.get(labelId) ?? 0;
  }

  /** The group a span belongs to (found by its label and text). */
  groupOf(s: Labelled): TextGroup<S> | undefined {
    return this.find(this.hashOf(s), s);
  }

  add(s: S): void {
    const hash = this.hashOf(s);
    const g = this.find(hash, s);
    this.counts.set(s.labelId, this.count(s.labelId) + 1);
    if (!g) {
      const list = this.listOf(s.labelId);
      list.splice(
        firstWhere(list, (x) => compareSpans(first(x), s) > 0),
        0,
        this.create(hash, s),
      );
      return;
    }
    const i = firstWhere(g.spans, (x) => compareSpans(x, s) >= 0);
    if (i > 0) g.spans.splice(i, 0, s);
    else this.moving(g, () => g.spans.unshift(s));
  }

  remove(s: Labelled): void {
    const hash = this.hashOf(s);
    const g = this.find(hash, s);
    if (!g) return;
    const i = firstWhere(g.spans, (x) => compareSpans(x, s) >= 0);
    if (g.spans[i]?.id !== s.id) return;
    this.counts.set(s.labelId, this.count(s.labelId) - 1);
    if (i > 0) return void g.spans.splice(i, 1);
    this.moving(g, () => g.spans.shift());
    if (g.spans.length > 0) return;
    const bucket = this.byHash.get(hash) ?? [];
    bucket.splice(bucket.indexOf(g), 1);
    if (bucket.length === 0) this.byHash.delete(hash);
  }

  /** Changes a group's first occurrence: the group leaves its place in the label's list and takes its new one. */
  private moving(g: TextGroup<S>, change: () => void): void {
    const list = this.listOf(g.labelId);
    const at = firstWhere(list, (x) => compareSpans(first(x), first(g)) >= 0);
    if (list[at] === g) list.splice(at, 1);
    change();
    if (g.spans.length === 0) return;
    list.splice(
      firstWhere(list, (x) => compareSpans(first(x), first(g)) > 0),
      0,
      g,
    );
  }

  private create(hash: number, s: S): TextGroup<S> {
    const g: TextGroup<S> = { labelId: s.labelId, text: this.text.slice(s.start, s.end), spans: [s] };
    const bucket = this.byHash.get(hash);
    if (bucket) bucket.push(g);
    else this.byHash.set(hash, [g]);
    return g;
  }

  private find(hash: number, s: Labelled): TextGroup<S> | undefined {
    const bucket = this.byHash.get(hash);
    if (!bucket) return undefined;
    const length = s.end - s.start;
    return bucket.find((g) => g.labelId === s.labelId && g.text.length === length && this.text.startsWith(g.text, s.start));
  }

  private listOf(labelId: string): Array<TextGroup<S>> {
    let list = this.byLabel.get(labelId);
    if (!list) this.byLabel.set(labelId, (list = []));
    return list;
  }

  /** FNV-1a over the label id and the span's text, read in place. */
  private hashOf(s: Labelled): number {
    let h = this.seeds.get(s.labelId);
    if (h === undefined) {
      h = 0x811c9dc5;
      for (let i = 0; i < s.labelId.length; i++) h = Math.imul(h ^ s.labelId.charCodeAt(i), 0x01000193);
      this.seeds.set(s.labelId, h);
    }
    for (let i = s.start; i < s.end; i++) h = Math.imul(h ^ this.text.charCodeAt(i), 0x01000193);
    return h;
  }
}

function first<S extends Labelled>(g: TextGroup<S>): S {
  return g.spans[0] as S;
}
