// Where a text can be cut without breaking what a reader sees as one character (a letter and its
// combining accent, an emoji and its skin-tone modifier, a flag's two regional indicators), and
// where words start and end. Offsets are UTF-16 units into the stored text.
import type { PortableDocument, PortableSpan } from '../model';

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
// A grapheme cluster ends before a whitespace character (UAX #29 joins a space to what precedes it
// only after CR, which stored text has none of, or after the rare Prepend characters), so a window
// from whitespace to whitespace is segmented as the whole text would be, at a fraction of the cost.
const SEARCH = 256;

function isWhitespace(text: string, i: number): boolean {
  return /\s/.test(text.charAt(i));
}

/** True when `offset` falls inside a grapheme cluster, so that text on either side is not whole. */
export function splitsGrapheme(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  // Below U+0300 there is no mark, joiner, Prepend, regional indicator or Hangul: between two such
  // characters only CR LF holds together (UAX #29 GB3). Most span edges of Latin text end here.
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  if (before < 0x300 && after < 0x300) return before === 0x0d && after === 0x0a;
  let from = offset - 1;
  while (from > 0 && offset - from < SEARCH && !isWhitespace(text, from)) from--;
  let to = offset;
  while (to < text.length && to - offset < SEARCH && !isWhitespace(text, to)) to++;
  for (const { index } of graphemes.segment(text.slice(from, Math.min(text.length, to + 1)))) {
    if (from + index === offset) return false;
    if (from + index > offset) return true;
  }
  return true;
}

const WORD = /[\p{L}\p{N}\p{M}\p{Pc}]/u;

function codePointBefore(text: string, offset: number): string {
  const low = text.charCodeAt(offset - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && offset >= 2 ? offset - 2 : offset - 1;
  return text.slice(start, offset);
}

/**
 * True when a span may start or end at `offset`: the start or end of the text, or a place that is
 * not inside a word nor inside a grapheme cluster.
 */
export function isWordBoundary(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return true;
  const before = codePointBefore(text, offset);
  const after = String.fromCodePoint(text.codePointAt(offset) ?? 0);
  return !(WORD.test(before) && WORD.test(after)) && !splitsGrapheme(text, offset);
}

/** The spans of `doc` whose start or end falls inside a grapheme cluster. */
export function graphemeSplits(doc: PortableDocument): PortableSpan[] {
  return doc.spans.filter((span) => splitsGrapheme(doc.text, span.start) || splitsGrapheme(doc.text, span.end));
}
