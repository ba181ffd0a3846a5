// Quotes and speakers. Quotations are found by their marks: « … » (with or without the spaces French
// puts inside), “ … ”, „ … “ (or „ … ”), ‹ … ›, ‘ … ’ and straight "…", nested in any order. A quote
// left open at the end of a paragraph goes on when the next paragraph opens with the same mark (the
// French and English convention for a quote over several paragraphs). Only outermost quotes are
// proposed, as the words between the marks, without the marks and the spaces inside them.
//
// The speaker is found from the cues (cues.ts) in the quote's sentence, after the quote then
// before it, and failing that in the sentence before or after:
//   « … », a déclaré X / "…," said X / « … », X a déclaré / "…," X said   → X
//   X a déclaré : « … » / X said: "…"                                   → X
//   Selon X, « … » / « … », selon X / According to X, "…"              → X
//   « … », a-t-il déclaré / "…," she said / Il a ajouté : « … »          → the nearest person before the quote
// X is a span (the user's or a proposal of a recommender that ran before) with a label the speaker
// relation allows, or else a capitalised name next to the cue, proposed as a new person span. The
// relation is the schema's said_by (or the type from the quote label to a person label, see
// labels.ts). Short quotes (under four words) that no cue ties to anyone are taken for titles or
// terms ("« Lichun »") and not proposed.
import { type Cues, phraseAt } from './cues';
import type { DocIndex } from './doc';
import type { Schema } from './labels';
import type { Recommender, SuggestContext } from './recommender';
import { isWordToken, tokenAt } from './tokens';
import { type Endpoint, type ExistingSpan, proposalKey, type Proposal, relationKey, type SpanProposal } from './types';
import type { Explanation, How, HowCode } from './explain';

export const QUOTES = 'quotes';

export interface Quote {
  /** offsets of the opening and the closing mark */
  open: number;
  close: number;
  /** the words inside the marks [start, end) */
  start: number;
  end: number;
  /** 0 for an outermost quote */
  depth: number;
}

/** Opening mark → the marks that close it. */
const CLOSERS: Record<string, string> = { '«': '»', '“': '”', '„': '“”', '‹': '›', '‘': '’', '"': '"' };
const MARK = /[«»“”„‹›‘’"\n]/g;
const LETTER = /[\p{L}\p{N}]/u;

const isSpace = (c: number) => c === 32 || c === 9 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 0x3000;
const spaceAt = (text: string, i: number) => i < 0 || i >= text.length || isSpace(text.charCodeAt(i)) || text.charCodeAt(i) === 10;

/** Every quotation of the text, outermost and nested, in order of their opening marks. */
export function findQuotes(text: string): Quote[] {
  const out: Quote[] = [];
  let stack: Array<{ mark: string; at: number }> = [];
  /** where the next paragraph reopens the quote left open, -1 when none */
  let reopen = -1;
  MARK.lastIndex = 0;
  for (let m = MARK.exec(text); m !== null; m = MARK.exec(text)) {
    const i = m.index;
    const c = m[0];
    if (c === '\n') {
      if (stack.length === 0) continue;
      // an open quote goes on only if the next paragraph opens with the same mark
      let j = i + 1;
      while (j < text.length && spaceAt(text, j)) j++;
      const bottom = stack[0] as { mark: string; at: number };
      if (text[j] === bottom.mark) {
        stack = [bottom];
        reopen = j;
      } else {
        stack = [];
      }
      MARK.lastIndex = j;
      continue;
    }
    if (i === reopen) continue;
    const top = stack[stack.length - 1];
    const closes = (mark: string) => stack.findLastIndex((s) => (CLOSERS[s.mark] as string).includes(mark));
    let closing = -1;
    if (c === '»' || c === '”' || c === '›') closing = closes(c);
    else if (c === '“' && top?.mark === '„') closing = stack.length - 1;
    else if (c === '"' && top?.mark === '"' && !LETTER.test(text[i + 1] ?? ' ')) closing = stack.length - 1;
    else if (c === '’' && top?.mark === '‘' && !LETTER.test(text[i + 1] ?? ' ')) closing = stack.length - 1;
    if (closing >= 0) {
      const opened = stack[closing] as { mark: string; at: number };
      stack = stack.slice(0, closing);
      let start = opened.at + 1;
      let end = i;
      while (start < end && spaceAt(text, start)) start++;
      // "…," said X: the comma stands for the full stop of the attribution, not of the quote
      while (end > start && (spaceAt(text, end - 1) || /[,;:]/.test(text[end - 1] as string))) end--;
      if (start < end) out.push({ open: opened.at, close: i, start, end, depth: closing });
      continue;
    }
    const opensAfter = (spaceAt(text, i - 1) || /[([{«“„‘—–\-/:]/.test(text[i - 1] as string)) && !spaceAt(text, i + 1);
    // “ with a space after it opens only inside « (French inner quotes): elsewhere it is a stray mark
    if (c === '«' || c === '„' || c === '‹' || (c === '“' && (!spaceAt(text, i + 1) || top?.mark === '«'))) stack.push({ mark: c, at: i });
    else if ((c === '"' || c === '‘') && opensAfter) stack.push({ mark: c, at: i });
  }
  return out.sort((a, b) => a.open - b.open);
}

const TERMINAL = /[.!?…]/;
/** what may follow a sentence's last punctuation before the space: . ! ? … » ” " ’ ) (a set of UTF-16 units, not a regular expression per character) */
const CLOSING = new Set([...'.!?…»”"’)'].map((c) => c.charCodeAt(0)));
const SENTENCE_END = /[.!?…\n]/g;

/** Sentence starts: a paragraph break, or . ! ? … before a capital, outside quotes and not after an abbreviation. */
export function sentenceStarts(doc: DocIndex, quotes: readonly Quote[], abbreviations: ReadonlySet<string>): Int32Array {
  const { text } = doc;
  const starts = [0];
  /** the start of the sentence after the punctuation at i (closing marks may follow it), or -1 */
  const after = (i: number, skipClosers: boolean): number => {
    let j = i + 1;
    while (skipClosers && j < text.length && CLOSING.has(text.charCodeAt(j))) j++;
    if (j < text.length && !spaceAt(text, j)) return -1;
    while (j < text.length && isSpace(text.charCodeAt(j))) j++;
    const next = text[j];
    if (next === undefined || next === '\n' || !/[\p{Lu}\p{N}«“„"‘—–-]/u.test(next)) return -1;
    if (text[i] === '.') {
      const t = tokenAt(doc.tokens, i) - 1;
      const word = t >= 0 ? (doc.tokens.folded[t] as string) : '';
      if (abbreviations.has(word) || (word.length === 1 && /\p{L}/u.test(word))) return -1;
    }
    return j;
  };
  const outer = quotes.filter((q) => q.depth === 0);
  // a quote that ends with its own full stop may end the sentence: « … promesse. » Il…
  for (const q of outer) if (TERMINAL.test(text[q.end - 1] as string)) starts.push(after(q.close, false));
  let k = 0;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(text); m !== null; m = SENTENCE_END.exec(text)) {
    const i = m.index;
    while (k < outer.length && (outer[k] as Quote).close < i) k++;
    const q = outer[k];
    if (q && q.open < i && i < q.close) {
      SENTENCE_END.lastIndex = q.close; // its own punctuation ends no sentence
      continue;
    }
    starts.push(text[i] === '\n' ? i + 1 : after(i, true));
  }
  return Int32Array.from(new Set(starts.filter((s) => s >= 0))).sort();
}

interface Candidate {
  start: number;
  end: number;
  label: string;
  spanId?: string;
  /** made here from a capitalised name: proposed as a new span too */
  fresh?: boolean;
}

interface Attribution extends How {
  speaker: Candidate;
  confidence: number;
}

const MIN_WORDS = 4;
const CUE_REACH = 8;

export class QuotesAndSpeakers implements Recommender {
  readonly id = QUOTES;
  readonly name = 'Quotes and speakers';
  readonly description = 'Quotation marks, and the person a verb of saying ties to each quote';
  readonly live = true;
  readonly cues: Cues;
  readonly #abbreviations: Set<string>;

  constructor(cues: Cues) {
    this.cues = cues;
    this.#abbreviations = new Set([...cues.titles.next.keys()]);
  }

  propose(doc: DocIndex, ctx: SuggestContext, earlier: readonly SpanProposal[]): Proposal[] {
    const out: Proposal[] = [];
    this.proposeUnits(doc, ctx, earlier, this.units(doc, ctx), (_, proposals) => out.push(...proposals));
    return out;
  }

  /** Labels whose spans decide what the units are: the user's quotes. */
  unitLabels(schema: Schema): string[] {
    const quoteLabel = schema.label('QUOTE');
    return quoteLabel === null ? [] : [quoteLabel];
  }

  /**
   * One unit per quote to attribute: each detected quote the user has not marked, and each quote
   * span of the user's not linked to a speaker yet. Reads ctx.spans of unitLabels() and ctx.relations.
   */
  units(doc: DocIndex, ctx: SuggestContext): QuoteUnit[] {
    const quoteLabel = ctx.schema.label('QUOTE');
    if (quoteLabel === null) return [];
    const { outer, quoteBefore } = this.#quotes(doc);
    const finder = this.#finder(doc, []);
    const relation = ctx.schema.speakerRelation(quoteLabel);
    // a user's span that covers a quote's words and at most its marks
    const covers = (s: ExistingSpan, q: Quote) => s.start <= q.start && q.end <= s.end && q.open - 1 <= s.start && s.end <= q.close + 1;
    const userQuotes = ctx.spans.filter((s) => s.label === quoteLabel);
    const linked = new Set(relation ? ctx.relations.filter((r) => r.type === relation.name).map((r) => r.fromId) : []);
    const units: QuoteUnit[] = [];
    const marked = new Set<Quote>();
    const quoteOf = new Map<ExistingSpan, Quote>();
    for (const s of userQuotes) {
      const q = quoteBefore(s.start + 1);
      if (q && covers(s, q)) {
        marked.add(q);
        quoteOf.set(s, q);
      }
    }
    const unit = (quote: Quote, endpoint: Endpoint, proposed: boolean): QuoteUnit => {
      const [from, to] = finder.reach(quote);
      return { key: `${proposed ? 'q' : 'u'}:${endpoint.start}:${endpoint.end}:${endpoint.spanId ?? ''}`, from, to, quote, endpoint, proposed };
    };
    for (const q of outer) if (!marked.has(q)) units.push(unit(q, { start: q.start, end: q.end, label: quoteLabel }, true));
    for (const s of userQuotes) {
      if (s.id !== undefined && linked.has(s.id)) continue;
      const quote: Quote = quoteOf.get(s) ?? { open: s.start, close: s.end, start: s.start, end: s.end, depth: 0 };
      const endpoint: Endpoint = { start: s.start, end: s.end, label: quoteLabel };
      if (s.id !== undefined) endpoint.spanId = s.id;
      units.push(unit(quote, endpoint, false));
    }
    return units;
  }

  /**
   * The proposals of each of `units`, given to `each` unit by unit. A unit reads only the spans and
   * earlier proposals that start within its reach [from, to], so ctx.spans and `earlier` need hold
   * no others.
   */
  proposeUnits(doc: DocIndex, ctx: SuggestContext, earlier: readonly SpanProposal[], units: readonly QuoteUnit[], each: (unit: QuoteUnit, proposals: Proposal[]) => void): void {
    const quoteLabel = ctx.schema.label('QUOTE');
    if (quoteLabel === null) return;
    const { quoteBefore } = this.#quotes(doc);
    const relation = ctx.schema.speakerRelation(quoteLabel);
    const speakerLabels = relation ? ctx.schema.speakerLabels(relation) : [];
    const person = ctx.schema.label('PER');
    const personLabel = person !== null && speakerLabels.includes(person) ? person : (speakerLabels[0] ?? null);
    const inQuote = (s: number, e: number) => {
      const q = quoteBefore(s - 1);
      return q !== undefined && e <= q.close;
    };

    // the user's spans (with their ids) and the proposals, one candidate object each (not copied
    // again without `user` once sorted: that flag is for the sort, and nothing reads a candidate's keys)
    const all: Array<Candidate & { user?: boolean }> = [];
    for (const s of ctx.spans) {
      if (!speakerLabels.includes(s.label) || inQuote(s.start, s.end)) continue;
      const c: Candidate & { user?: boolean } = { start: s.start, end: s.end, label: s.label, user: true };
      if (s.id !== undefined) c.spanId = s.id;
      all.push(c);
    }
    for (const p of earlier) if (speakerLabels.includes(p.label) && !inQuote(p.start, p.end)) all.push({ start: p.start, end: p.end, label: p.label, user: false });
    // one candidate per extent: the user's span before a proposal, then by label, whatever order they came in
    all.sort((a, b) => a.start - b.start || a.end - b.end || Number(b.user) - Number(a.user) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) || ((a.spanId ?? '') < (b.spanId ?? '') ? -1 : 1));
    const candidates: Candidate[] = [];
    for (const c of all) {
      const prev = candidates[candidates.length - 1];
      if (prev && prev.start === c.start && prev.end === c.end) continue;
      candidates.push(c);
    }

    const finder = this.#finder(doc, candidates, personLabel, person);
    for (const unit of units) {
      const { quote, endpoint, proposed } = unit;
      const out: Proposal[] = [];
      const found = speakerLabels.length > 0 ? finder.find(quote) : null;
      if (proposed) {
        const words = countWords(doc, quote.start, quote.end);
        if (words < MIN_WORDS && !found?.cued) {
          each(unit, out);
          continue;
        }
        const confidence = found?.cued ? (found.attribution ? 0.9 : 0.75) : found?.attribution ? 0.65 : 0.55;
        const a = found?.attribution;
        const why: Explanation = a ? { code: 'quoteBy', how: a.how, neighbour: a.neighbour } : found?.cued ? { code: 'quoteCued' } : { code: 'quote' };
        out.push({ kind: 'span', key: proposalKey(quote.start, quote.end, quoteLabel, QUOTES), start: quote.start, end: quote.end, label: quoteLabel, recommender: QUOTES, confidence, explanation: why });
      }
      const attribution = found?.attribution;
      if (attribution && relation) {
        const { speaker } = attribution;
        // a name found next to two quotes is proposed by both: the engine merges the two
        if (speaker.fresh) {
          out.push({
            kind: 'span',
            key: proposalKey(speaker.start, speaker.end, speaker.label, QUOTES),
            start: speaker.start,
            end: speaker.end,
            label: speaker.label,
            recommender: QUOTES,
            confidence: 0.6,
            explanation: { code: 'speaker' },
          });
        }
        const to: Endpoint = { start: speaker.start, end: speaker.end, label: speaker.label };
        if (speaker.spanId !== undefined) to.spanId = speaker.spanId;
        out.push({
          kind: 'relation',
          key: relationKey(relation.name, endpoint, to, QUOTES),
          type: relation.name,
          from: endpoint,
          to,
          recommender: QUOTES,
          confidence: attribution.confidence,
          explanation: { code: 'relation', relation: relation.name, how: attribution.how, neighbour: attribution.neighbour },
        });
      }
      each(unit, out);
    }
  }

  #quotes(doc: DocIndex): { outer: Quote[]; quoteBefore: (offset: number) => Quote | undefined } {
    return doc.memo('outer-quotes', () => {
      const outer = doc.memo('quotes', () => findQuotes(doc.text)).filter((q) => q.depth === 0);
      /** the outermost quote opening at or before `offset` (outer quotes never overlap) */
      const quoteBefore = (offset: number): Quote | undefined => {
        let lo = 0;
        let hi = outer.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((outer[mid] as Quote).open <= offset) lo = mid + 1;
          else hi = mid;
        }
        return outer[lo - 1];
      };
      return { outer, quoteBefore };
    });
  }

  #finder(doc: DocIndex, candidates: Candidate[], personLabel: string | null = null, person: string | null = null): SpeakerFinder {
    const quotes = doc.memo('quotes', () => findQuotes(doc.text));
    // abbreviations come from the cues' titles: the sentences are the cue set's own
    const sentences = doc.memo(`sentences:${this.cues.serial}`, () => sentenceStarts(doc, quotes, this.#abbreviations));
    return new SpeakerFinder(doc, this.cues, sentences, candidates, personLabel, person);
  }
}

/** A quote to attribute, and the extent whose spans its attribution reads. */
export interface QuoteUnit {
  /** stable while the quote and its endpoint are */
  key: string;
  from: number;
  to: number;
  quote: Quote;
  endpoint: Endpoint;
  /** a detected quote, proposed as a span too */
  proposed: boolean;
}

function countWords(doc: DocIndex, start: number, end: number): number {
  let n = 0;
  for (let t = tokenAt(doc.tokens, start); t < doc.tokens.count && (doc.tokens.start[t] as number) < end; t++) if (isWordToken(doc.tokens.folded[t] as string)) n++;
  return n;
}

interface Found {
  /** a cue ties the quote to someone, even if no speaker was found */
  cued: boolean;
  attribution: Attribution | null;
}

/**
 * What the cues say about each token, worked out the first time it is asked and kept with the
 * document: the quotes are attributed again after every edit, and their windows overlap.
 */
class CueMarks {
  readonly #doc: DocIndex;
  readonly #cues: Cues;
  /** per token: 0 unknown, 1 no cue, 2 + length a verb, 66 + length a source */
  readonly #cue: Uint8Array;
  /** per token: 0 unknown, 1 no, 2 yes */
  readonly #capital: Uint8Array;

  constructor(doc: DocIndex, cues: Cues) {
    this.#doc = doc;
    this.#cues = cues;
    this.#cue = new Uint8Array(doc.tokens.count);
    this.#capital = new Uint8Array(doc.tokens.count);
  }

  /** The cue that starts at token t (to the end of its paragraph at most). */
  cue(t: number): { kind: 'verb' | 'source'; length: number } | null {
    let mark = this.#cue[t] as number;
    if (mark === 0) {
      const { folded, breakBefore, count } = this.#doc.tokens;
      let limit = t + 1;
      while (limit < count && breakBefore[limit] === 0 && limit < t + 8) limit++;
      const verb = phraseAt(this.#cues.verbs, folded, t, limit);
      const source = verb > 0 ? 0 : phraseAt(this.#cues.sources, folded, t, limit);
      this.#cue[t] = mark = verb > 0 ? 2 + verb : source > 0 ? 66 + source : 1;
    }
    if (mark === 1) return null;
    return mark < 66 ? { kind: 'verb', length: mark - 2 } : { kind: 'source', length: mark - 66 };
  }

  /** Whether token t may be part of a name: capitalised, and no pronoun, determiner or cue. */
  capitalised(t: number): boolean {
    let mark = this.#capital[t] as number;
    if (mark === 0) {
      const { start, folded } = this.#doc.tokens;
      const f = folded[t] as string;
      const yes =
        /\p{Lu}/u.test(this.#doc.text[start[t] as number] as string) &&
        !this.#cues.pronouns.has(f) &&
        !this.#cues.determiners.has(f) &&
        phraseAt(this.#cues.verbs, folded, t, t + 1) === 0 &&
        phraseAt(this.#cues.sources, folded, t, t + 1) === 0;
      this.#capital[t] = mark = yes ? 2 : 1;
    }
    return mark === 2;
  }
}

/** Finds a quote's speaker from the cues around it. */
class SpeakerFinder {
  readonly #doc: DocIndex;
  readonly #cues: Cues;
  readonly #sentences: Int32Array;
  readonly #candidates: Candidate[];
  readonly #personLabel: string | null;
  readonly #person: string | null;
  readonly #marks: CueMarks;

  constructor(doc: DocIndex, cues: Cues, sentences: Int32Array, candidates: Candidate[], personLabel: string | null, person: string | null) {
    this.#doc = doc;
    this.#cues = cues;
    this.#marks = doc.memo(`cue-marks:${cues.serial}`, () => new CueMarks(doc, cues));
    this.#sentences = sentences;
    this.#candidates = candidates;
    this.#personLabel = personLabel;
    this.#person = person;
  }

  /** The sentence [start, end) around `offset`. */
  #sentence(offset: number): [number, number] {
    const s = this.#sentences;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((s[mid] as number) <= offset) lo = mid + 1;
      else hi = mid;
    }
    return [s[lo - 1] ?? 0, s[lo] ?? this.#doc.text.length];
  }

  /**
   * The extent [from, to] whose candidates find(q) reads: from the paragraph before the sentence
   * before the quote (where a pronoun's antecedent may be), or 200 characters before that sentence
   * (see #fresh), to the end of the sentence after it.
   */
  reach(q: Quote): [number, number] {
    const [ss] = this.#sentence(q.open);
    const [, se] = this.#sentence(Math.max(q.open, q.close));
    const [ps] = ss > 0 ? this.#sentence(ss - 1) : [ss];
    return [Math.max(0, Math.min(paragraphBefore(this.#doc.text, ps), ps - 200)), this.#sentence(se)[1]];
  }

  find(q: Quote): Found {
    const [ss] = this.#sentence(q.open);
    const [, se] = this.#sentence(Math.max(q.open, q.close));
    const tokens = this.#doc.tokens;
    const afterFirst = tokenAt(tokens, q.close + 1);
    const afterLimit = tokenAt(tokens, se);
    const beforeFirst = tokenAt(tokens, ss);
    const beforeLimit = tokenAt(tokens, q.open);
    let cued = false;

    // after the quote: « … », a-t-il déclaré / "…," said X / « … », selon X
    for (let t = afterFirst; t < Math.min(afterLimit, afterFirst + CUE_REACH); t++) {
      const cue = this.#cueAt(t, afterLimit);
      if (!cue) continue;
      cued = true;
      const found = cue.kind === 'verb' ? this.#verbAfterQuote(q, t, cue.length, afterFirst, afterLimit) : this.#source(t + cue.length, afterLimit, 0.8);
      if (found) return { cued, attribution: found };
      break;
    }
    // before it: X a déclaré : « … » / Selon X, « … »
    for (let t = beforeLimit - 1; t >= Math.max(beforeFirst, beforeLimit - CUE_REACH - 2); t--) {
      const cue = this.#cueAt(t, beforeLimit);
      if (!cue) continue;
      cued = true;
      const found = cue.kind === 'verb' ? this.#subjectBefore(t, beforeFirst, 0.8) : this.#source(t + cue.length, beforeLimit, 0.8);
      if (found) return { cued, attribution: found };
      break;
    }
    if (cued) return { cued, attribution: null };
    // the neighbouring sentences: a verb of saying and its subject
    const [ps] = ss > 0 ? this.#sentence(ss - 1) : [ss];
    const neighbours: Array<[number, number]> = [
      [tokenAt(tokens, ps), beforeFirst],
      [afterLimit, tokenAt(tokens, this.#sentence(se)[1])],
    ];
    for (const [first, limit] of neighbours) {
      for (let t = first; t < limit; t++) {
        const cue = this.#cueAt(t, limit);
        if (!cue || cue.kind !== 'verb') continue;
        const found = this.#subjectBefore(t, first, 0.5);
        // a cue in another sentence attributes a long quote, but does not make a short one a quote
        if (found) return { cued: false, attribution: { ...found, neighbour: true } };
      }
    }
    return { cued: false, attribution: null };
  }

  #cueAt(t: number, limit: number): { kind: 'verb' | 'source'; length: number } | null {
    const cue = this.#marks.cue(t);
    return cue && t + cue.length <= limit ? cue : null;
  }

  #isPronoun(t: number): boolean {
    return this.#cues.pronouns.has(this.#doc.tokens.folded[t] as string);
  }

  /** « … », a-t-il déclaré / "…," she said / « … », a déclaré X / "…," X said. */
  #verbAfterQuote(q: Quote, v: number, length: number, first: number, limit: number): Attribution | null {
    const { folded } = this.#doc.tokens;
    // a pronoun subject: between the quote and the verb (a-t-il dit, he said) or just after it (dit-il)
    for (let t = first; t < v; t++) if (this.#isPronoun(t)) return this.#antecedent(q.open, 'pronounAfter');
    if (folded[v + length] === '-' && this.#isPronoun(v + length + 1)) return this.#antecedent(q.open, 'pronounAfter');
    const verbStart = this.#doc.tokens.start[v] as number;
    const verbEnd = this.#doc.tokens.end[v + length - 1] as number;
    const lo = this.#doc.tokens.end[Math.max(first - 1, 0)] as number;
    const hi = limit < this.#doc.tokens.count ? (this.#doc.tokens.start[limit] as number) : this.#doc.text.length;
    const near = this.#nearest(lo, hi, verbStart, verbEnd);
    if (near) return { speaker: near, confidence: 0.8, how: 'speakerNear', neighbour: false };
    // a name between the quote and the verb is its subject ("…," Smith told reporters in Edinburgh)
    const name = this.#nameEndingAt(v, first) ?? this.#nameAfter(v + length, limit);
    return name ? { speaker: name, confidence: 0.6, how: 'nameNear', neighbour: false } : null;
  }

  /** X a déclaré : « … » / Il a ajouté : « … ». */
  #subjectBefore(v: number, first: number, confidence: number): Attribution | null {
    for (let t = v - 1; t >= Math.max(first, v - 3); t--) if (this.#isPronoun(t)) return this.#antecedent(this.#doc.tokens.start[t] as number, 'pronounBefore');
    const verbStart = this.#doc.tokens.start[v] as number;
    const lo = this.#doc.tokens.start[first] as number;
    let near: Candidate | null = null;
    for (let k = this.#firstFrom(verbStart) - 1; k >= 0 && !near; k--) {
      const c = this.#candidates[k] as Candidate;
      if (c.start < lo) break;
      if (c.end <= verbStart) near = c;
    }
    if (near) return { speaker: near, confidence, how: 'subject', neighbour: false };
    const name = this.#nameEndingAt(v, first);
    return name ? { speaker: name, confidence: confidence - 0.2, how: 'nameBefore', neighbour: false } : null;
  }

  /** Selon X / according to X: the speaker right after the cue. */
  #source(t: number, limit: number, confidence: number): Attribution | null {
    const tokens = this.#doc.tokens;
    const lo = t < tokens.count ? (tokens.start[t] as number) : this.#doc.text.length;
    const hi = limit < tokens.count ? (tokens.start[limit] as number) : this.#doc.text.length;
    const next = this.#candidates[this.#firstFrom(lo)];
    const after = next && next.end <= hi && next.start - lo <= 40 ? next : null;
    if (after) return { speaker: after, confidence, how: 'source', neighbour: false };
    if (this.#isPronoun(t) || ['lui', 'elle', 'him', 'her', 'them', 'eux'].includes(tokens.folded[t] as string)) return this.#antecedent(lo, 'pronounSource');
    const name = this.#nameAfter(t, limit);
    return name ? { speaker: name, confidence: confidence - 0.2, how: 'nameAfter', neighbour: false } : null;
  }

  /** The candidate closest to [verbStart, verbEnd) within [lo, hi). */
  #nearest(lo: number, hi: number, verbStart: number, verbEnd: number): Candidate | null {
    let best: Candidate | null = null;
    let bestDistance = Infinity;
    for (let k = this.#firstFrom(lo); k < this.#candidates.length; k++) {
      const c = this.#candidates[k] as Candidate;
      if (c.start >= hi) break;
      if (c.end > hi) continue;
      const d = c.start >= verbEnd ? c.start - verbEnd : verbStart - c.end;
      if (d >= 0 && d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  /** What a pronoun stands for: the nearest person before `offset`, within the paragraph before. */
  #antecedent(offset: number, how: HowCode): Attribution | null {
    const floor = paragraphBefore(this.#doc.text, offset);
    for (let k = this.#firstFrom(offset) - 1; k >= 0; k--) {
      const c = this.#candidates[k] as Candidate;
      if (c.start < floor) break;
      if (c.end <= offset && (this.#person === null || c.label === this.#person)) return { speaker: c, confidence: 0.6, how, neighbour: false };
    }
    return null;
  }

  /** Index of the first candidate starting at or after `offset`. */
  #firstFrom(offset: number): number {
    let lo = 0;
    let hi = this.#candidates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.#candidates[mid] as Candidate).start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * A capitalised name starting at token t, after titles, determiners and up to three other
   * lower-case words (a déclaré mardi le président russe X), but not after a preposition (told
   * reporters in Edinburgh: a place or an addressee follows it).
   */
  #nameAfter(t: number, limit: number): Candidate | null {
    const { folded, start, end } = this.#doc.tokens;
    let skipped = 0;
    while (t < limit && skipped < 4) {
      const title = phraseAt(this.#cues.titles, folded, t, limit);
      if (title > 0) {
        t += title;
        continue;
      }
      if (this.#capitalised(t)) break;
      const word = folded[t] as string;
      if (!isWordToken(word) || this.#cues.prepositions.has(word)) return null;
      if (!this.#cues.determiners.has(word)) skipped++;
      t++;
    }
    const first = t;
    const last = this.#nameRun(first, limit);
    if (last < first || !this.#personLabel) return null;
    return this.#fresh(start[first] as number, end[last] as number);
  }

  /** A capitalised name ending just before token v (an auxiliary between: X a déclaré, X has said). */
  #nameEndingAt(v: number, first: number): Candidate | null {
    const { folded, start, end } = this.#doc.tokens;
    let last = v - 1;
    while (last >= first && last >= v - 2 && !this.#capitalised(last) && isWordToken(folded[last] as string)) last--;
    if (last < first || !this.#capitalised(last)) return null;
    let s = last;
    while (s - 1 >= first && (this.#capitalised(s - 1) || (this.#cues.particles.has(folded[s - 1] as string) && this.#capitalised(s - 2)))) s--;
    while (s <= last && (phraseAt(this.#cues.titles, folded, s, last + 1) > 0 || this.#cues.determiners.has(folded[s] as string))) s++;
    if (s > last || !this.#personLabel) return null;
    return this.#fresh(start[s] as number, end[last] as number);
  }

  /** The last token of the name that starts at `first` (first - 1 when none). */
  #nameRun(first: number, limit: number): number {
    const { folded, breakBefore } = this.#doc.tokens;
    let last = first - 1;
    for (let t = first; t < limit && (t === first || breakBefore[t] === 0); t++) {
      if (this.#capitalised(t)) last = t;
      else if (folded[t] === '-' && this.#capitalised(t + 1)) continue;
      else if (this.#cues.particles.has(folded[t] as string) && this.#capitalised(t + 1)) continue;
      else break;
    }
    return last;
  }

  #capitalised(t: number): boolean {
    return t >= 0 && t < this.#doc.tokens.count && this.#marks.capitalised(t);
  }

  /** A name found in the text: the span or proposal it overlaps, or a new person span. */
  #fresh(start: number, end: number): Candidate {
    let existing: Candidate | undefined;
    for (let k = this.#firstFrom(end) - 1; k >= 0 && !existing; k--) {
      const c = this.#candidates[k] as Candidate;
      // a candidate starting further back is not looked at (see reach)
      if (c.start < start - 200) break;
      if (c.end > start) existing = c;
    }
    return existing ?? { start, end, label: this.#personLabel as string, fresh: true };
  }
}

/** The start of the paragraph before the one `offset` is in. */
function paragraphBefore(text: string, offset: number): number {
  let floor = text.lastIndexOf('\n', offset - 1);
  while (floor > 0 && text[floor - 1] === '\n') floor--;
  return text.lastIndexOf('\n', floor - 1) + 1;
}
