// One document as the recommenders read it, built once when the document opens: its tokens, where
// each folded word occurs, and whatever a recommender derives from the text alone (sentences, quote
// marks), computed on first use and kept.
import { tokenAt, type Tokens, tokenize } from './tokens';

export class DocIndex {
  readonly text: string;
  readonly tokens: Tokens;
  #byFolded: Map<string, number[]> | null = null;
  readonly #memo = new Map<string, unknown>();

  constructor(text: string) {
    this.text = text;
    this.tokens = tokenize(text);
  }

  /** Indices of the tokens whose folded text is `folded`, ascending. */
  occurrences(folded: string): readonly number[] {
    if (!this.#byFolded) {
      const map = new Map<string, number[]>();
      const { folded: words, count } = this.tokens;
      for (let t = 0; t < count; t++) {
        const w = words[t] as string;
        const list = map.get(w);
        if (list) list.push(t);
        else map.set(w, [t]);
      }
      this.#byFolded = map;
    }
    return this.#byFolded.get(folded) ?? [];
  }

  /** Tokens first..last as one phrase, with the apostrophe folded and accents composed: what case-sensitive matching compares. */
  surface(first: number, last: number): string {
    const { start, end } = this.tokens;
    if (first === last) return surfaceOf(this.text.slice(start[first], end[first]));
    let out = '';
    for (let t = first; t <= last; t++) {
      if (t > first) out += ' ';
      out += this.text.slice(start[t], end[t]);
    }
    return surfaceOf(out);
  }

  /**
   * Whether tokens first..last read `variant` (a surface, see surfaceOf), without building the
   * phrase: compares character by character, tokens joined by one space, ’ as '. Text that needs
   * composing (decomposed accents) is compared the slow way.
   */
  reads(first: number, last: number, variant: string): boolean {
    const { start, end } = this.tokens;
    const text = this.text;
    let k = 0;
    for (let t = first; t <= last; t++) {
      if (t > first) {
        if (variant.charCodeAt(k) !== 32) return false;
        k++;
      }
      for (let i = start[t] as number; i < (end[t] as number); i++, k++) {
        let c = text.charCodeAt(i);
        if (c === 0x2019) c = 0x27;
        if (c !== variant.charCodeAt(k)) return this.#decomposed(first, last) && this.surface(first, last) === variant;
      }
    }
    return k === variant.length || (this.#decomposed(first, last) && this.surface(first, last) === variant);
  }

  /** Whether tokens first..last hold characters that composing may change (e + ◌́). */
  #decomposed(first: number, last: number): boolean {
    for (let i = this.tokens.start[first] as number; i < (this.tokens.end[last] as number); i++) if (mayCompose(this.text.charCodeAt(i))) return true;
    return false;
  }

  /**
   * The tokens [first, last] that [start, end) covers exactly (white space around it aside), or
   * null when it starts or ends inside a token, covers none, or crosses a line break.
   */
  tokensIn(start: number, end: number): [number, number] | null {
    const { start: starts, end: ends, breakBefore, count } = this.tokens;
    const first = tokenAt(this.tokens, start);
    if (first >= count || (starts[first] as number) < start) return null;
    let last = first - 1;
    while (last + 1 < count && (ends[last + 1] as number) <= end) {
      if (last + 1 > first && breakBefore[last + 1] === 1) return null;
      last++;
    }
    if (last < first) return null;
    // the next token must not start inside the range
    if (last + 1 < count && (starts[last + 1] as number) < end) return null;
    return [first, last];
  }

  /** A value derived from the text alone, computed once per document. */
  memo<T>(key: string, make: () => T): T {
    if (this.#memo.has(key)) return this.#memo.get(key) as T;
    const value = make();
    this.#memo.set(key, value);
    return value;
  }
}

/** A phrase as case-sensitive matching compares it: ’ as ', accents composed. */
export function surfaceOf(phrase: string): string {
  let plain = true;
  for (let i = 0; i < phrase.length && plain; i++) {
    const c = phrase.charCodeAt(i);
    plain = c !== 0x2019 && !mayCompose(c);
  }
  if (plain) return phrase;
  const straight = phrase.includes('’') ? phrase.replaceAll('’', "'") : phrase;
  return straight.normalize('NFC');
}

/** Latin text, punctuation and emoji never change when composed (composing starts at U+0300). */
function mayCompose(c: number): boolean {
  return c >= 0x300 && !(c >= 0x2000 && c < 0x20d0) && !(c >= 0xd800 && c <= 0xdfff);
}
