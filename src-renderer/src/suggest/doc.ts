// One document as the recommenders read it, built once when the document opens: its tokens, where
// each folded word occurs, and whatever a recommender derives from the text alone (sentences, quote
// marks), computed on first use and kept.
import { type Tokens, tokenize } from './tokens';

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
    let out = '';
    for (let t = first; t <= last; t++) {
      if (t > first) out += ' ';
      out += this.text.slice(start[t], end[t]);
    }
    return surfaceOf(out);
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
  const straight = phrase.includes('’') ? phrase.replaceAll('’', "'") : phrase;
  return straight.normalize('NFC');
}
