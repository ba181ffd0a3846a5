// Word boundaries for snapping selections: Intl.Segmenter, plus French elision (d'État → État).

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
// Elided French articles and conjunctions: the word after the apostrophe is a word of its own.
export const ELISION = /^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu|presqu)['’]/iu;

/** Word-like ranges [start, end) of a text, in order, with French elisions split off. */
export function wordRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const seg of segmenter.segment(text)) {
    if (!seg.isWordLike) continue;
    const start = seg.index;
    const end = start + seg.segment.length;
    const m = ELISION.exec(seg.segment);
    if (m && m[0].length < seg.segment.length) {
      out.push([start, start + m[0].length], [start + m[0].length, end]);
    } else {
      out.push([start, end]);
    }
  }
  return out;
}

/**
 * Widens [start, end) of `text` to whole words: a start inside a word moves to its beginning, an end
 * inside a word to its end; white space at either edge is dropped. A start on a French elided article
 * or preposition (l', d', qu') moves to the word after it when the selection reaches that word: one
 * tags "Organisation", not "l'Organisation". Returns null if nothing but space or punctuation remains
 * and the range was empty of words.
 */
export function snapToWords(text: string, start: number, end: number, words = wordRanges(text)): { start: number; end: number } | null {
  if (end < start) [start, end] = [end, start];
  let s = start;
  let e = end;
  for (const [ws, we] of words) {
    if (ws < s && s < we) s = ws;
    if (ws < e && e < we) e = we;
  }
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  if (s >= e) return null;
  const at = words.findIndex(([ws, we]) => ws <= s && s < we);
  const first = words[at];
  const after = words[at + 1];
  if (first && after && after[0] === first[1] && after[0] < e && isElision(text.slice(first[0], first[1]))) s = after[0];
  return { start: s, end: e };
}

/** Trims white space only (exact placement, Alt held). */
export function trimSpace(text: string, start: number, end: number): { start: number; end: number } | null {
  if (end < start) [start, end] = [end, start];
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (start < end && isLowSurrogate(text.charCodeAt(start))) start--;
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end++;
  return start < end ? { start, end } : null;
}

function isElision(word: string): boolean {
  return ELISION.exec(word)?.[0].length === word.length;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 0x3000;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
