// Words for matching: runs of Unicode letters, marks and digits (an apostrophe between letters
// stays inside: aujourd'hui, don't, but an English 's is split off: NATO's → NATO + 's), decimal
// numbers kept whole (3,5 and 3.5, as spaCy does), every other non-space character a token of its own. French elided articles and conjunctions become
// tokens of their own (l'OTAN → l' + OTAN), so a form matches after them and never inside a longer
// word (OTAN is not in OTANs). A scanner over a character-class table rather than Intl.Segmenter or
// a \p{…} regular expression: the same tokens on every engine, in a worker and in Node, and a 1 MB
// book in a few tens of milliseconds. (src-renderer/src/lib/words.ts and src-main/formats/conll.ts
// segment for other jobs, and the renderer may not import src-main.)

const OTHER = 0;
const WORD = 1;
const DIGIT = 2;
const APOSTROPHE = 3;
const SPACE = 4;
const SEPARATOR = 5; // . and , : inside a number

let table: Uint8Array | null = null;

/** The class of every BMP character, computed once. */
function classes(): Uint8Array {
  if (table) return table;
  const t = new Uint8Array(0x10000);
  const word = /[\p{L}\p{M}]/u;
  const digit = /\p{N}/u;
  const space = /\s/u;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    t[c] = digit.test(ch) ? DIGIT : word.test(ch) ? WORD : space.test(ch) ? SPACE : OTHER;
  }
  t[0x27] = APOSTROPHE;
  t[0x2019] = APOSTROPHE;
  t[0x2e] = SEPARATOR;
  t[0x2c] = SEPARATOR;
  return (table = t);
}

const ASTRAL_WORD = /^[\p{L}\p{M}\p{N}]/u;

const ELISION = /^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu|presqu)['’]$/i;

export interface Tokens {
  count: number;
  start: Int32Array;
  end: Int32Array;
  /** the token's text as matching compares it: see fold() */
  folded: string[];
  /** 1 when a line break separates the token from the one before (a form never spans paragraphs) */
  breakBefore: Uint8Array;
  /** the same number for tokens written alike (0 to spellings - 1): what depends on a token's exact text is computed once per spelling */
  spelling: Int32Array;
  spellings: number;
}

/** Per BMP character: its one-unit lower case with ’ as ', or 0 when that takes more (İ, surrogates, marks). */
let lowerTable: Uint16Array | null = null;

function lowers(): Uint16Array {
  if (lowerTable) return lowerTable;
  const t = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    if ((c >= 0xd800 && c <= 0xdfff) || (c >= 0x300 && c <= 0x36f)) continue;
    const low = String.fromCharCode(c).toLowerCase();
    if (low.length === 1) t[c] = low.charCodeAt(0);
  }
  t[0x2019] = 0x27;
  return (lowerTable = t);
}

/**
 * Case and apostrophe folding, the one comparison every recommender uses: lower case character by
 * character (so a token folds alike alone and inside a phrase), ’ as ', and composed accents (é
 * typed as e + ◌́ is é).
 */
export function fold(token: string): string {
  const low = lowers();
  let out = '';
  let simple = true;
  for (const ch of token) {
    const l = ch.length === 1 ? (low[ch.charCodeAt(0)] as number) : 0;
    if (l !== 0) {
      out += String.fromCharCode(l);
    } else {
      simple = false;
      out += ch.toLowerCase();
    }
  }
  return simple ? out : out.normalize('NFC');
}

/** Whether a token is a word (letters, marks or digits), not punctuation. */
export function isWordToken(token: string): boolean {
  const k = classes()[token.charCodeAt(0)] as number;
  return k === WORD || k === DIGIT || (token.length > 1 && ASTRAL_WORD.test(token));
}

/** Whether the character at `i` is a letter, mark or digit (astral characters included). */
export function isWordCharAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdfff) {
    const cp = text.codePointAt(c >= 0xdc00 ? i - 1 : i) ?? 0;
    return ASTRAL_WORD.test(String.fromCodePoint(cp));
  }
  const k = classes()[c] as number;
  return k === WORD || k === DIGIT;
}

/** The tokens of text.slice(from, to), offsets into `text`. */
export function tokenize(text: string, from = 0, to = text.length): Tokens {
  const cls = classes();
  // typed arrays grown by doubling: a book has 200,000 tokens, and pushing onto plain arrays costs
  // several times the scan itself
  let size = Math.max(16, (to - from) >> 2);
  let starts = new Int32Array(size);
  let ends = new Int32Array(size);
  let breaks = new Uint8Array(size);
  let spelling = new Int32Array(size);
  const folded: string[] = new Array<string>(size);
  let count = 0;
  // a book repeats a few thousand words: each is folded once, and found again without a string made
  const spellings = new Spellings(text);
  let brk = 0;
  const push = (s: number, e: number) => {
    const id = spellings.id(s, e);
    if (count === size) {
      size *= 2;
      starts = grow(starts, new Int32Array(size));
      ends = grow(ends, new Int32Array(size));
      breaks = grow(breaks, new Uint8Array(size));
      spelling = grow(spelling, new Int32Array(size));
      folded.length = size;
    }
    starts[count] = s;
    ends[count] = e;
    breaks[count] = brk;
    spelling[count] = id;
    folded[count] = spellings.folded[id] as string;
    count++;
    brk = 0;
  };
  const wordAt = (i: number): boolean => {
    if (i >= to) return false;
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return isWordCharAt(text, i);
    const k = cls[c] as number;
    return k === WORD || k === DIGIT;
  };
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    const k = c >= 0xd800 && c <= 0xdfff ? (isWordCharAt(text, i) ? WORD : OTHER) : (cls[c] as number);
    if (k === SPACE) {
      if (c === 10) brk = 1;
      i++;
      continue;
    }
    if (k !== WORD && k !== DIGIT) {
      const width = c >= 0xd800 && c <= 0xdbff && i + 1 < to ? 2 : 1;
      push(i, i + width);
      i += width;
      continue;
    }
    const s = i;
    let number = k === DIGIT;
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    while (i < to) {
      const d = text.charCodeAt(i);
      const kd = d >= 0xd800 && d <= 0xdfff ? (isWordCharAt(text, i) ? WORD : OTHER) : (cls[d] as number);
      if (kd === WORD) {
        number = false;
        i += d >= 0xd800 && d <= 0xdbff ? 2 : 1;
      } else if (kd === DIGIT) {
        i++;
      } else if (kd === APOSTROPHE && wordAt(i + 1)) {
        number = false;
        i++;
      } else if (kd === SEPARATOR && number && cls[text.charCodeAt(i + 1)] === DIGIT && i + 1 < to) {
        i++;
      } else {
        break;
      }
    }
    const cut = i - s > 2 ? elisionEnd(text, s, i) : -1;
    const from = cut > 0 ? cut : s;
    if (cut > 0) push(s, cut);
    const own = possessiveAt(text, from, i);
    if (own > 0) {
      push(from, own);
      push(own, i);
    } else {
      push(from, i);
    }
  }
  folded.length = count;
  return {
    count,
    start: starts.slice(0, count),
    end: ends.slice(0, count),
    folded,
    breakBefore: breaks.slice(0, count),
    spelling: spelling.slice(0, count),
    spellings: spellings.folded.length,
  };
}

/**
 * The distinct spellings of a text's tokens, numbered in order of first appearance, each folded once.
 * A hash table over the text's characters: a token's spelling is found without slicing it out of the
 * text (a string per token, 200,000 in a book, was most of the tokenizer's time and garbage).
 */
class Spellings {
  readonly folded: string[] = [];
  readonly #text: string;
  /** per spelling: where its first occurrence starts, its length, its hash */
  #starts = new Int32Array(256);
  #lengths = new Int32Array(256);
  #hashes = new Int32Array(256);
  /** open addressing: spelling id + 1 per slot, 0 when free */
  #slots = new Int32Array(1024);

  constructor(text: string) {
    this.#text = text;
  }

  id(s: number, e: number): number {
    const text = this.#text;
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    const mask = this.#slots.length - 1;
    const n = e - s;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const at = (this.#slots[slot] as number) - 1;
      if (at < 0) return this.#add(slot, s, e, h);
      if (this.#hashes[at] !== h || this.#lengths[at] !== n) continue;
      const from = this.#starts[at] as number;
      let same = true;
      for (let k = 0; k < n && same; k++) same = text.charCodeAt(from + k) === text.charCodeAt(s + k);
      if (same) return at;
    }
  }

  #add(slot: number, s: number, e: number, h: number): number {
    const id = this.folded.length;
    this.folded.push(fold(this.#text.slice(s, e)));
    if (id === this.#starts.length) {
      this.#starts = grow(this.#starts, new Int32Array(id * 2));
      this.#lengths = grow(this.#lengths, new Int32Array(id * 2));
      this.#hashes = grow(this.#hashes, new Int32Array(id * 2));
    }
    this.#starts[id] = s;
    this.#lengths[id] = e - s;
    this.#hashes[id] = h;
    this.#slots[slot] = id + 1;
    // kept under half full
    if ((id + 1) * 2 > this.#slots.length) this.#rehash();
    return id;
  }

  #rehash(): void {
    const slots = new Int32Array(this.#slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.folded.length; id++) {
      let slot = (this.#hashes[id] as number) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.#slots = slots;
  }
}

function grow<T extends Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Where an elided article or conjunction at the start of the word [s, e) ends (after its apostrophe), or -1. */
function elisionEnd(text: string, s: number, e: number): number {
  // the apostrophe comes second (l', d'…) or after qu, jusqu, lorsqu…: at most 7 characters in
  for (let j = s + 1; j < e - 1 && j <= s + 7; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x27 || c === 0x2019) return ELISION.test(text.slice(s, j + 1)) ? j + 1 : -1;
  }
  return -1;
}

/**
 * Where an English possessive or contracted 's at the end of the word [s, e) starts (its
 * apostrophe), or -1: NATO's and Putin's are NATO and Putin for matching (spaCy splits 's off too),
 * while O'Brien, don't and aujourd'hui stay whole.
 */
function possessiveAt(text: string, s: number, e: number): number {
  const at = e - 2;
  if (at - s < 1) return -1;
  const q = text.charCodeAt(at);
  const c = text.charCodeAt(e - 1);
  return (q === 0x27 || q === 0x2019) && (c === 0x73 || c === 0x53) ? at : -1;
}

/** Index of the first token that ends after `offset` (binary search). */
export function tokenAt(tokens: Tokens, offset: number): number {
  let lo = 0;
  let hi = tokens.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens.end[mid] as number) <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
