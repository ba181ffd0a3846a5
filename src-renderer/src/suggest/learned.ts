// Learned strings: every span teaches its words and label, and the same words elsewhere are
// proposed with that label.
//
// A *form* is a span's text as tokens (see tokens.ts), compared folded (case, ’ and composed
// accents); its *variant* is the same tokens as written. Per form and variant the model counts, over
// the documents it has observed, the occurrences that carry a span of exactly that extent (per
// label) and the occurrences that carry none but count as a "no": those the user rejected a
// proposal on, and every unlabelled occurrence in a document marked complete (in a document still
// being annotated an unlabelled occurrence is only not done yet).
//
// Case: a form matches whatever its casing when the user labelled two or more casings of it and
// gave them all the same label (OTAN and Otan, both ORG); otherwise only the casings the user
// labelled match, each with its own counts (Orange ORG and orange never labelled: only Orange).
//
// Confidence of an occurrence: n(best label) / (n(all labels) + n(no) + 1). The +1 keeps one example
// from being certain: one span gives 0.5, three agreeing 0.75, one span and one rejection 0.33.
// The best label is the most frequent (ties: alphabetical); only it is proposed.
import { DocIndex, surfaceOf } from './doc';
import { type Extent, ExtentIndex } from './extents';
import { MISSING, PairTable } from './pairs';
import type { Recommender, SuggestContext } from './recommender';
import { tokenize } from './tokens';
import { proposalKey, type SpanProposal } from './types';
import type { Explanation } from './explain';

export const LEARNED = 'learned';
/** Longer spans (quotes, sentences) are not learned as forms. */
export const MAX_FORM_TOKENS = 10;

export interface LabelledSpan {
  start: number;
  end: number;
  label: string;
}

export interface TrainingDoc {
  id: string;
  text: string;
  /** the document's index when the caller has one (the open document's), else built here */
  index?: DocIndex;
  spans: readonly LabelledSpan[];
  /** rejected proposal keys in this document (start:end:label:recommender) */
  rejected?: Iterable<string>;
  /** the user marked the document done: its unlabelled occurrences of a form count as "no" */
  complete?: boolean;
  /** the spans, rejections and completeness already indexed: observe() with keys reads them instead of the three fields above */
  annotations?: Annotations;
}

export interface Form {
  /** folded tokens joined by one space */
  key: string;
  /** the tokens as written, joined by one space (’ as ') */
  variant: string;
}

/** The form of a phrase, or null when it is empty, crosses a line break or is over MAX_FORM_TOKENS tokens. */
export function formOf(phrase: string): Form | null {
  const t = tokenize(phrase);
  if (t.count === 0 || t.count > MAX_FORM_TOKENS) return null;
  let variant = '';
  for (let i = 0; i < t.count; i++) {
    if (i > 0 && t.breakBefore[i] === 1) return null;
    variant += (i > 0 ? ' ' : '') + phrase.slice(t.start[i], t.end[i]);
  }
  return { key: t.folded.join(' '), variant: surfaceOf(variant) };
}

interface Counts {
  labels: Map<string, number>;
  none: number;
}
/** variant → counts */
type Variants = Map<string, Counts>;
/** form key → variants */
type FormCounts = Map<string, Variants>;

export interface Decision {
  label: string;
  /** spans with that label */
  count: number;
  /** spans with another label */
  others: number;
  /** occurrences that count as "no" */
  none: number;
  confidence: number;
  /** the form matches any casing */
  anyCase: boolean;
  /** why, worded where it is shown */
  explanation: Explanation;
}

interface KeyDecision {
  anyCase: boolean;
  pooled: Decision | null;
  byVariant: Map<string, Decision>;
  /** the same as a list, for matching an occurrence against each variant without an iterator */
  variants: Array<{ variant: string; decision: Decision }>;
  /** the highest confidence of any occurrence: below the threshold, the form is skipped at once */
  best: number;
}

export interface TrieNode {
  next: Map<string, TrieNode> | null;
  key: string | null;
  /** the model's decisions for the key, kept here once asked: the trie is rebuilt whenever counts change */
  decisions?: Readonly<KeyDecision> | null;
}

export class LearnedModel {
  readonly #totals: FormCounts = new Map();
  readonly #docs = new Map<string, FormCounts>();
  #trie: TrieNode | null = null;
  #compiled: CompiledTrie | null = null;
  readonly #decisions = new Map<string, KeyDecision>();

  /** A model of every document given: forms from all their spans, counted in all of them. */
  static build(docs: Iterable<TrainingDoc>): LearnedModel {
    const model = new LearnedModel();
    const list = [...docs].map((doc) => ({ ...doc, index: doc.index ?? new DocIndex(doc.text) }));
    const keys = new Set<string>();
    for (const doc of list) for (const key of spanForms(doc, doc.index)) keys.add(key);
    const trie = trieOf(keys);
    for (const doc of list) model.#replace(doc.id, countAll(doc, doc.index, trie), null);
    model.#purge();
    return model;
  }

  /** Form keys the model knows (those with at least one labelled occurrence). */
  keys(): IterableIterator<string> {
    return this.#totals.keys();
  }

  /**
   * Counts `doc` again: all its forms (every known form and its spans' forms), or only `keys`,
   * after an edit that touched them (see formOf). Returns the form keys whose counts may have
   * changed; their proposals should be recomputed.
   */
  observe(doc: TrainingDoc, keys?: Iterable<string>): string[] {
    const index = doc.index ?? new DocIndex(doc.text);
    if (keys === undefined) {
      const scope = new Set(this.#totals.keys());
      for (const key of spanForms(doc, index)) scope.add(key);
      this.#replace(doc.id, countAll(doc, index, trieOf(scope)), null);
      this.#purge();
      return [...scope];
    }
    const scope = new Set(keys);
    const counts: FormCounts = new Map();
    const ctx = doc.annotations ?? countingContext(doc);
    for (const key of scope) {
      const variants = countKey(index, key, ctx);
      if (variants.size > 0) counts.set(key, variants);
    }
    this.#replace(doc.id, counts, scope);
    this.#purge(scope);
    return [...scope];
  }

  /** Takes a document's counts out (the document was deleted). Returns the form keys affected. */
  forget(docId: string): string[] {
    const keys = [...(this.#docs.get(docId)?.keys() ?? [])];
    this.#replace(docId, new Map(), null);
    this.#purge();
    return keys;
  }

  /** What the model says about an occurrence of form `key` written `variant`; null: nothing. */
  decide(key: string, variant: string): Decision | null {
    const decision = this.#decision(key);
    if (!decision) return null;
    return decision.anyCase ? decision.pooled : (decision.byVariant.get(variant) ?? null);
  }

  /** What the model says about form `key` as a whole (the per-variant decisions and their best confidence). */
  decisions(key: string): Readonly<KeyDecision> | null {
    return this.#decision(key);
  }

  /** The known forms as a token trie, for one pass over a document. */
  trie(): TrieNode {
    return (this.#trie ??= trieOf(this.#totals.keys()));
  }

  /** The same trie in numbers (see CompiledTrie), made again with it. */
  compiledTrie(): CompiledTrie {
    const trie = this.trie();
    if (this.#compiled?.root !== trie) this.#compiled = compileTrie(trie);
    return this.#compiled;
  }

  /**
   * Works out the trie (and its compiled form) and every form's decisions now (when learning), instead of during the first
   * document's proposals: each is kept until the counts of its form change.
   */
  warm(): void {
    const visit = (node: TrieNode): void => {
      if (node.key !== null && node.decisions === undefined) node.decisions = this.decisions(node.key);
      if (node.next) for (const child of node.next.values()) visit(child);
    };
    visit(this.trie());
    // and the trie in numbers that LearnedStrings.propose walks
    this.compiledTrie();
  }

  /** Replaces `docId`'s counts for `scope` (null: all of them) by `counts`, keeping the totals in step. */
  #replace(docId: string, counts: FormCounts, scope: ReadonlySet<string> | null): void {
    const old = this.#docs.get(docId) ?? new Map<string, Variants>();
    for (const [key, variants] of old) {
      if (scope && !scope.has(key)) continue;
      addVariants(this.#totals, key, variants, -1);
      old.delete(key);
      this.#changed(key);
    }
    for (const [key, variants] of counts) {
      addVariants(this.#totals, key, variants, 1);
      old.set(key, variants);
      this.#changed(key);
    }
    if (old.size > 0) this.#docs.set(docId, old);
    else this.#docs.delete(docId);
  }

  /** Forgets forms (of `keys`, else all) that no longer carry any label anywhere. */
  #purge(keys?: ReadonlySet<string>): void {
    for (const key of keys ?? [...this.#totals.keys()]) {
      const variants = this.#totals.get(key);
      if (!variants) continue;
      let labelled = false;
      for (const counts of variants.values()) if (counts.labels.size > 0) labelled = true;
      if (labelled) continue;
      this.#totals.delete(key);
      for (const doc of this.#docs.values()) doc.delete(key);
      this.#changed(key);
    }
    for (const [id, doc] of this.#docs) if (doc.size === 0) this.#docs.delete(id);
  }

  #changed(key: string): void {
    this.#decisions.delete(key);
    this.#trie = null;
  }

  #decision(key: string): KeyDecision | null {
    const cached = this.#decisions.get(key);
    if (cached) return cached;
    const variants = this.#totals.get(key);
    if (!variants) return null;
    const byVariant = new Map<string, Decision>();
    const pooled: Counts = { labels: new Map(), none: 0 };
    for (const [variant, counts] of variants) {
      const d = decisionOf(counts, false);
      if (d) byVariant.set(variant, d);
      addCounts(pooled, counts, 1);
    }
    const tops = new Set([...byVariant.values()].map((d) => d.label));
    const anyCase = byVariant.size >= 2 && tops.size === 1;
    const pooledDecision = anyCase ? decisionOf(pooled, true) : null;
    const best = pooledDecision ? pooledDecision.confidence : Math.max(0, ...[...byVariant.values()].map((d) => d.confidence));
    const decision: KeyDecision = { anyCase, pooled: pooledDecision, byVariant, variants: [...byVariant].map(([variant, d]) => ({ variant, decision: d })), best };
    this.#decisions.set(key, decision);
    return decision;
  }
}

function decisionOf(counts: Counts, anyCase: boolean): Decision | null {
  let best: string | null = null;
  let bestCount = 0;
  let total = 0;
  for (const [label, n] of counts.labels) {
    total += n;
    if (n > bestCount || (n === bestCount && best !== null && label < best)) {
      best = label;
      bestCount = n;
    }
  }
  if (best === null) return null;
  const d = { label: best, count: bestCount, others: total - bestCount, none: counts.none, confidence: bestCount / (total + counts.none + 1), anyCase };
  return { ...d, explanation: explain(d) };
}

function addCounts(into: Counts, from: Counts, sign: 1 | -1): void {
  for (const [label, n] of from.labels) {
    const next = (into.labels.get(label) ?? 0) + sign * n;
    if (next > 0) into.labels.set(label, next);
    else into.labels.delete(label);
  }
  into.none += sign * from.none;
}

function addVariants(totals: FormCounts, key: string, variants: Variants, sign: 1 | -1): void {
  let target = totals.get(key);
  if (!target) totals.set(key, (target = new Map()));
  for (const [variant, counts] of variants) {
    let into = target.get(variant);
    if (!into) target.set(variant, (into = { labels: new Map(), none: 0 }));
    addCounts(into, counts, sign);
    if (into.labels.size === 0 && into.none <= 0) target.delete(variant);
  }
  if (target.size === 0) totals.delete(key);
}

/** The form keys of a document's spans, read from its tokens where a span covers whole tokens. */
function spanForms(doc: TrainingDoc, index: DocIndex): Set<string> {
  const keys = new Set<string>();
  for (const span of doc.spans) {
    const key = formKeyAt(index, span.start, span.end);
    if (key !== null) keys.add(key);
  }
  return keys;
}

/** The form key of [start, end) in an indexed document (see formOf). */
export function formKeyAt(index: DocIndex, start: number, end: number): string | null {
  const range = index.tokensIn(start, end);
  if (!range) return formOf(index.text.slice(start, end))?.key ?? null;
  const [first, last] = range;
  if (last - first + 1 > MAX_FORM_TOKENS) return null;
  return last === first ? (index.tokens.folded[first] as string) : index.tokens.folded.slice(first, last + 1).join(' ');
}

/**
 * What counting reads of a document's annotations. An open document's session keeps its spans
 * indexed already (see SuggestSession), so an edit need not index them again.
 */
export interface Annotations {
  /** the labels of the spans at exactly [start, end), white space around a span aside */
  labelsAt(start: number, end: number): readonly string[];
  /** whether the user rejected a proposal at exactly [start, end) */
  rejectedAt(start: number, end: number): boolean;
  /** the document is marked done: its unlabelled occurrences count as "no" */
  readonly complete: boolean;
}

const NONE: readonly string[] = [];

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 0x3000;

/** A span's extent without the white space at its ends: what counting compares with a form's occurrence. */
export function trimmed<S extends Extent>(text: string, span: S): Extent {
  let { start, end } = span;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return start === span.start && end === span.end ? span : { start, end };
}

function countingContext(doc: TrainingDoc): Annotations {
  const { text } = doc;
  const spans = new ExtentIndex(doc.spans.map((span) => ({ ...trimmed(text, span), label: span.label })));
  const rejected: Extent[] = [];
  for (const key of doc.rejected ?? []) {
    const m = /^(\d+):(\d+):/.exec(key);
    if (m) rejected.push({ start: Number(m[1]), end: Number(m[2]) });
  }
  const rejectedAt = new ExtentIndex(rejected);
  return {
    labelsAt(start, end) {
      const at = spans.indexOf(start, end);
      if (at < 0) return NONE;
      const out: string[] = [];
      for (let i = at; spans.isAt(i, start, end); i++) out.push(spans.item(i).label);
      return out;
    },
    rejectedAt: (start, end) => rejectedAt.has(start, end),
    complete: doc.complete === true,
  };
}

function countOccurrence(index: DocIndex, first: number, last: number, ctx: Annotations, into: Variants): void {
  const start = index.tokens.start[first] as number;
  const end = index.tokens.end[last] as number;
  const labels = ctx.labelsAt(start, end);
  if (labels.length === 0 && !ctx.complete && !ctx.rejectedAt(start, end)) return;
  const variant = index.surface(first, last);
  let counts = into.get(variant);
  if (!counts) into.set(variant, (counts = { labels: new Map(), none: 0 }));
  if (labels.length === 0) {
    counts.none++;
    return;
  }
  for (const label of labels) counts.labels.set(label, (counts.labels.get(label) ?? 0) + 1);
}

/** Counts every form of `trie` in one pass over the document. */
function countAll(doc: TrainingDoc, index: DocIndex, trie: TrieNode): FormCounts {
  const ctx = countingContext(doc);
  const out: FormCounts = new Map();
  scan(index, trie, ({ key }, first, last) => {
    let variants = out.get(key);
    if (!variants) out.set(key, (variants = new Map()));
    countOccurrence(index, first, last, ctx, variants);
  });
  for (const [key, variants] of out) if (variants.size === 0) out.delete(key);
  return out;
}

/** Counts one form, from the occurrence list of its first word. */
function countKey(index: DocIndex, key: string, ctx: Annotations): Variants {
  const variants: Variants = new Map();
  for (const [first, last] of occurrencesOf(index, key)) countOccurrence(index, first, last, ctx, variants);
  return variants;
}

/** Every occurrence of form `key` in the document, as token ranges [first, last]. */
export function occurrencesOf(index: DocIndex, key: string): Array<[number, number]> {
  const parts = key.split(' ');
  const { folded, breakBefore, count } = index.tokens;
  const out: Array<[number, number]> = [];
  for (const t of index.occurrences(parts[0] as string)) {
    if (t + parts.length > count) break;
    let ok = true;
    for (let k = 1; ok && k < parts.length; k++) ok = breakBefore[t + k] === 0 && folded[t + k] === parts[k];
    if (ok) out.push([t, t + parts.length - 1]);
  }
  return out;
}

/**
 * A trie of forms with its words and nodes numbered: a step is an integer lookup (node, word) in a
 * PairTable, not a string lookup in a Map, which compares the token's string with the key's (a book
 * makes some 350,000 steps). Node 0 is the root; the TrieNodes are the trie's own, so the
 * decisions kept on them are shared.
 */
export interface CompiledTrie {
  root: TrieNode;
  /** folded word → its id */
  words: Map<string, number>;
  /** per node */
  nodes: TrieNode[];
  keys: Array<string | null>;
  /** 1 when the node has children */
  hasNext: Uint8Array;
  /** (node, word) → child node */
  edges: PairTable;
  /** per node: the model's decisions for its form once asked (see LearnedStrings), and their best confidence (NaN until asked, -1 for none) */
  decisions: Array<Readonly<KeyDecision> | null | undefined>;
  best: Float64Array;
}

export function compileTrie(root: TrieNode): CompiledTrie {
  const words = new Map<string, number>();
  const nodes: TrieNode[] = [root];
  const edges = new PairTable();
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as TrieNode;
    for (const [part, child] of node.next ?? []) {
      let w = words.get(part);
      if (w === undefined) words.set(part, (w = words.size));
      edges.set(i, w, nodes.length);
      nodes.push(child);
    }
  }
  const hasNext = new Uint8Array(nodes.length);
  nodes.forEach((n, i) => (hasNext[i] = n.next !== null && n.next.size > 0 ? 1 : 0));
  return { root, words, nodes, keys: nodes.map((n) => n.key), hasNext, edges, decisions: new Array(nodes.length), best: new Float64Array(nodes.length).fill(NaN) };
}

function trieOf(keys: Iterable<string>): TrieNode {
  const root: TrieNode = { next: null, key: null };
  for (const key of keys) {
    let node = root;
    for (const part of key.split(' ')) {
      node.next ??= new Map();
      let child = node.next.get(part);
      if (!child) node.next.set(part, (child = { next: null, key: null }));
      node = child;
    }
    node.key = key;
  }
  return root;
}

/** Calls `visit` for every occurrence of every form of the trie, in text order. */
function scan(index: DocIndex, trie: TrieNode, visit: (node: TrieNode & { key: string }, first: number, last: number) => void): void {
  const { folded, breakBefore, count } = index.tokens;
  const root = trie.next;
  if (!root) return;
  for (let t = 0; t < count; t++) {
    let node = root.get(folded[t] as string);
    let j = t;
    while (node) {
      if (node.key !== null) visit(node as TrieNode & { key: string }, t, j);
      j++;
      if (j >= count || breakBefore[j] === 1 || !node.next) break;
      node = node.next.get(folded[j] as string);
    }
  }
}

export interface LearnedOptions {
  /** occurrences below this confidence are not proposed */
  minConfidence: number;
}

export const DEFAULT_LEARNED: LearnedOptions = { minConfidence: 0.4 };

export class LearnedStrings implements Recommender {
  readonly id = LEARNED;
  readonly name = 'Learned strings';
  readonly description = 'The same words elsewhere, with the label you gave them';
  readonly model: LearnedModel;
  readonly options: LearnedOptions;

  constructor(model: LearnedModel, options: Partial<LearnedOptions> = {}) {
    this.model = model;
    this.options = { ...DEFAULT_LEARNED, ...options };
  }

  propose(doc: DocIndex, ctx: SuggestContext): SpanProposal[] {
    const out: SpanProposal[] = [];
    const trie = this.model.compiledTrie();
    if (trie.words.size === 0) return out;
    // scan() written out over the trie compiled to numbers (see CompiledTrie): every occurrence of
    // every form, in text order. What depends on a token's exact text is worked out once per
    // spelling: its word in the trie's vocabulary (the only string lookup), the node it reaches from
    // the root, and a one-word form's decision. No closures in the loop: the open runs it once, and
    // a closure made per call is a new call target each time for the optimizer
    const { folded, breakBefore, count, spelling, spellings } = doc.tokens;
    const { keys, hasNext, edges, best, words } = trie;
    const min = this.options.minConfidence;
    /** per spelling: its word's id in the trie, -1 when no form has it, -2 not asked yet */
    const wordOf = new Int32Array(spellings).fill(-2);
    /** per spelling: the node its token reaches from the root, -1 when none, -2 not asked yet */
    const firstStep = new Int32Array(spellings).fill(-2);
    const bySpelling: Array<Decision | null | undefined> = new Array(spellings);
    for (let t = 0; t < count; t++) {
      const id = spelling[t] as number;
      let node = firstStep[id] as number;
      if (node === -2) {
        const w = (wordOf[id] = words.get(folded[t] as string) ?? -1);
        const n = w < 0 ? MISSING : edges.get(0, w);
        firstStep[id] = node = n === MISSING ? -1 : n;
      }
      if (node < 0) continue;
      if (keys[node] !== null) {
        let decision = bySpelling[id];
        if (decision === undefined) bySpelling[id] = decision = this.#decide(doc, this.#known(trie, node, min), t, t);
        if (decision) this.#propose(doc, ctx, decision, keys[node] as string, t, t, out);
      }
      for (let j = t + 1; j < count && breakBefore[j] === 0 && hasNext[node] === 1; j++) {
        const next = spelling[j] as number;
        let w = wordOf[next] as number;
        if (w === -2) wordOf[next] = w = words.get(folded[j] as string) ?? -1;
        if (w < 0) break;
        const child = edges.get(node, w);
        if (child === MISSING) break;
        node = child;
        if (keys[node] === null) continue;
        // a form below the threshold everywhere is skipped without reading its decisions
        const b = best[node] as number;
        if (b === b && b < min) continue;
        const decision = this.#decide(doc, this.#known(trie, node, min), t, j);
        if (decision) this.#propose(doc, ctx, decision, keys[node] as string, t, j, out);
      }
    }
    return out;
  }

  /** The decisions for node n's form (kept in the compiled trie), or null when its best confidence is below `min`. */
  #known(trie: CompiledTrie, n: number, min: number): Readonly<KeyDecision> | null {
    let b = trie.best[n] as number;
    if (b !== b) b = this.#know(trie, n);
    return b < min ? null : (trie.decisions[n] as Readonly<KeyDecision> | null);
  }

  /** Node n's decisions and their best confidence (-1 when none), kept in the compiled trie; answers that confidence. */
  #know(trie: CompiledTrie, n: number): number {
    const d = this.#decisions(trie.nodes[n] as TrieNode);
    trie.decisions[n] = d;
    return (trie.best[n] = d ? d.best : -1);
  }

  /** The model's decisions for a trie node's form, kept on the node. */
  #decisions(node: TrieNode): Readonly<KeyDecision> | null {
    if (node.decisions === undefined) node.decisions = node.key === null ? null : this.model.decisions(node.key);
    return node.decisions;
  }

  /** Proposals for the given forms only: what an edit changes (see LearnedModel.observe). */
  proposeForms(doc: DocIndex, ctx: SuggestContext, keys: Iterable<string>): SpanProposal[] {
    const out: SpanProposal[] = [];
    for (const key of new Set(keys)) {
      for (const [first, last] of occurrencesOf(doc, key)) {
        const decision = this.#decide(doc, this.model.decisions(key), first, last);
        if (decision) this.#propose(doc, ctx, decision, key, first, last, out);
      }
    }
    return out.sort((a, b) => a.start - b.start || a.end - b.end);
  }

  /** The model's decision for an occurrence, if confident enough. */
  #decide(doc: DocIndex, decisions: Readonly<KeyDecision> | null, first: number, last: number): Decision | null {
    const min = this.options.minConfidence;
    if (!decisions || decisions.best < min) return null;
    if (decisions.anyCase) return decisions.pooled;
    const { variants } = decisions;
    for (let i = 0; i < variants.length; i++) {
      const { variant, decision } = variants[i] as { variant: string; decision: Decision };
      if (decision.confidence >= min && doc.reads(first, last, variant)) return decision;
    }
    return null;
  }

  #propose(doc: DocIndex, ctx: SuggestContext, decision: Decision, key: string, first: number, last: number, out: SpanProposal[]): void {
    const label = ctx.schema.label(decision.label);
    if (label === null) return;
    const start = doc.tokens.start[first] as number;
    const end = doc.tokens.end[last] as number;
    out.push({
      kind: 'span',
      key: proposalKey(start, end, label, LEARNED),
      start,
      end,
      label,
      recommender: LEARNED,
      confidence: decision.confidence,
      explanation: decision.explanation,
      form: key,
    });
  }
}

function explain(d: Omit<Decision, 'explanation'>): Explanation {
  return { code: 'learned', label: d.label, count: d.count, others: d.others, none: d.none, anyCase: d.anyCase };
}
