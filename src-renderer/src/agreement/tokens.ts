// Tokens and their IOB tags for token-level agreement. The tokeniser is the word rule of Unicode UAX #29
// (what Intl.Segmenter's word-like segments follow for alphabetic scripts) with the editor's French
// elision split, written out because Intl.Segmenter took 7.4 s of CPU time on the 500-document bench
// corpus (6.3 million characters, Node 20) where this takes 0.06 s.
import { ELISION } from '../lib/words';
import type { TokenRanges } from './types';

const OTHER = 0;
const LETTER = 1; // ALetter, Hebrew_Letter, Katakana, and every other letter (\p{L}, \p{Nl})
const DIGIT = 2; // Numeric
const CONNECTOR = 3; // ExtendNumLet: _ and the other connector punctuation
const EXTEND = 4; // Extend, Format, ZWJ: stay with the character before them
const MID_LETTER = 5; // joins two letters: : · and kin
const MID_NUM = 6; // joins two digits: , ; and kin
const MID_NUM_LET = 7; // joins two letters or two digits: . ' ’ and kin

const MID_LETTER_CHARS = new Set([0x3a, 0xb7, 0x387, 0x55f, 0x5f4, 0x2027, 0xfe13, 0xfe55, 0xff1a]);
const MID_NUM_CHARS = new Set([0x2c, 0x3b, 0x37e, 0x589, 0x60c, 0x60d, 0x66c, 0x7f8, 0x2044, 0xfe10, 0xfe14, 0xfe50, 0xfe54, 0xff0c, 0xff1b]);
const MID_NUM_LET_CHARS = new Set([0x27, 0x2e, 0x2018, 0x2019, 0x2024, 0xfe52, 0xff07, 0xff0e]);

const letterRe = /[\p{L}\p{Nl}]/u;
const digitRe = /\p{Nd}/u;
const connectorRe = /\p{Pc}/u;
const extendRe = /[\p{M}\p{Cf}]/u;

function classify(cp: number): number {
  if (MID_NUM_LET_CHARS.has(cp)) return MID_NUM_LET;
  if (MID_LETTER_CHARS.has(cp)) return MID_LETTER;
  if (MID_NUM_CHARS.has(cp)) return MID_NUM;
  const ch = String.fromCodePoint(cp);
  if (letterRe.test(ch)) return LETTER;
  if (digitRe.test(ch)) return DIGIT;
  if (connectorRe.test(ch)) return CONNECTOR;
  // U+200B ZERO WIDTH SPACE is a format character that UAX #29 leaves out of Format
  if (cp !== 0x200b && extendRe.test(ch)) return EXTEND;
  return OTHER;
}

const UNKNOWN = 255;
/** classes of the Basic Multilingual Plane, filled on first sight */
const bmp = new Uint8Array(0x10000).fill(UNKNOWN);
const astral = new Map<number, number>();

function classAt(cp: number): number {
  if (cp < 0x10000) {
    const c = bmp[cp] as number;
    return c === UNKNOWN ? (bmp[cp] = classify(cp)) : c;
  }
  let c = astral.get(cp);
  if (c === undefined) astral.set(cp, (c = classify(cp)));
  return c;
}

const isWordClass = (c: number) => c === LETTER || c === DIGIT || c === CONNECTOR;

/** text.codePointAt(i), but reading one code unit only where it is not a high surrogate */
function codePointAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c < 0xdc00 ? (text.codePointAt(i) as number) : c;
}

/**
 * Word tokens of a text: maximal runs of letters, digits and connectors (with the marks and format
 * characters that follow them), where one of : · . ' ’ between two letters, or one of , ; . ' ’ between
 * two digits, stays inside; then a French elided article (l’, d’, qu’…) is a token of its own, as in the
 * editor's word snapping. Punctuation, spaces, symbols and emoji are not tokens.
 */
export function tokenize(text: string): { starts: Int32Array; ends: Int32Array } {
  const n = text.length;
  // a text of n code units has at most n/2 + 1 tokens: one buffer, copied out at the size found
  if (scratch.length < n + 2) scratch = new Int32Array(n + 2);
  const buffer = scratch;
  let count = 0;
  let i = 0;
  while (i < n) {
    const cp = codePointAt(text, i);
    const cls = classAt(cp);
    if (!isWordClass(cls)) {
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    let last = cls;
    let quote = -1; // offset of the first apostrophe kept inside, for the elision split
    i += cp > 0xffff ? 2 : 1;
    while (i < n) {
      const c1 = codePointAt(text, i);
      const w1 = c1 > 0xffff ? 2 : 1;
      const k = classAt(c1);
      if (k === EXTEND) {
        i += w1;
      } else if (isWordClass(k)) {
        last = k;
        i += w1;
      } else if (k === MID_LETTER || k === MID_NUM || k === MID_NUM_LET) {
        if (i + w1 >= n) break;
        const c2 = codePointAt(text, i + w1);
        const next = classAt(c2);
        const joinsLetters = last === LETTER && next === LETTER && k !== MID_NUM;
        const joinsDigits = last === DIGIT && next === DIGIT && k !== MID_LETTER;
        if (!joinsLetters && !joinsDigits) break;
        if (quote < 0 && (c1 === 0x27 || c1 === 0x2019)) quote = i;
        last = next;
        i += w1 + (c2 > 0xffff ? 2 : 1);
      } else {
        break;
      }
    }
    if (quote >= 0 && quote - start < 8) {
      const m = ELISION.exec(text.slice(start, quote + 1));
      if (m && m[0].length === quote + 1 - start) {
        buffer[count++] = start;
        buffer[count++] = quote + 1;
        buffer[count++] = quote + 1;
        buffer[count++] = i;
        continue;
      }
    }
    buffer[count++] = start;
    buffer[count++] = i;
  }
  const starts = new Int32Array(count >> 1);
  const ends = new Int32Array(count >> 1);
  for (let k = 0; k < count; k += 2) {
    starts[k >> 1] = buffer[k] as number;
    ends[k >> 1] = buffer[k + 1] as number;
  }
  return { starts, ends };
}

/** (start, end) pairs as `tokenize` finds them, kept between calls */
let scratch = new Int32Array(0);

/** Index of the first token that ends after `offset` (tokens.length when none does). */
export function firstTokenEndingAfter(ends: ArrayLike<number>, offset: number): number {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ends[mid] as number) > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Tag codes: 0 is O, 2k + 1 is B- and 2k + 2 is I- of label k. */
export const tagOf = {
  begin: (label: number) => 2 * label + 1,
  inside: (label: number) => 2 * label + 2,
  /** the label of a tag, or -1 for O */
  label: (tag: number) => (tag === 0 ? -1 : (tag - 1) >> 1),
};

/**
 * The IOB tag of every token for one annotator. A token is inside a span when they share a character.
 * Where spans nest or overlap, the outermost wins: spans are taken by start, then the longest, then
 * label order, and each token takes the label of the first span that reaches it. A token is B- when it
 * is the first token a span gives its label to, I- after that. `order` lists the spans' indices in that
 * order (see `spanOrder`).
 */
export function tagTokens(tokens: TokenRanges, starts: ArrayLike<number>, ends: ArrayLike<number>, labels: ArrayLike<number>, order: ArrayLike<number>): Int32Array {
  const n = tokens.starts.length;
  const tags = new Int32Array(n);
  // Spans come by start, so the tokens painted at or after a span's first token always form one run
  // ending at `frontier`: each span paints only from there.
  let frontier = 0;
  for (let k = 0; k < order.length; k++) {
    const s = order[k] as number;
    const end = ends[s] as number;
    let t = Math.max(firstTokenEndingAfter(tokens.ends, starts[s] as number), frontier);
    if (t >= n || (tokens.starts[t] as number) >= end) continue;
    const label = labels[s] as number;
    tags[t++] = tagOf.begin(label);
    while (t < n && (tokens.starts[t] as number) < end) tags[t++] = tagOf.inside(label);
    frontier = t;
  }
  return tags;
}

/** Span indices by start, then longest first, then label index. */
export function spanOrder(starts: ArrayLike<number>, ends: ArrayLike<number>, labels: ArrayLike<number>): Int32Array {
  const order: number[] = [];
  for (let i = 0; i < starts.length; i++) order.push(i);
  order.sort((x, y) => (starts[x] as number) - (starts[y] as number) || (ends[y] as number) - (ends[x] as number) || (labels[x] as number) - (labels[y] as number));
  return Int32Array.from(order);
}
