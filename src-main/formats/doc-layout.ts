// The tokens of the formats that carry a tokenised text (spaCy Doc JSON, Prodigy). Words are
// CoNLL's tokens, cut again wherever a span starts or ends, so that every span covers whole tokens
// (spaCy's Doc.char_span finds nothing otherwise). They are laid out the way spaCy rebuilds a Doc
// from words and text (spacy/util.py get_words_and_spaces, called by Doc.from_json): a word may be
// followed by one plain space, its "ws"; any other whitespace between words is a token of its own,
// and so is leading or trailing whitespace. Whitespace is Python's (str.isspace), not JavaScript's.
import type { PortableDocument, PortableSpan } from '../model';
import { documentTokens } from './conll';
import { CodePointIndex, countBelow } from './offsets';

/** Python's whitespace (str.isspace, str.split): JavaScript's \s less U+FEFF, plus U+001C–U+001F and U+0085. */
const PY_SPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
  ...Array.from({ length: 11 }, (_, i) => 0x2000 + i),
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

const isSpace = (text: string, i: number): boolean => PY_SPACE.has(text.charCodeAt(i));

/** A token; offsets in code points, as Python indexes the text. */
export interface DocToken {
  start: number;
  end: number;
  /** followed by one space that belongs to the token (spaCy's whitespace_) */
  ws: boolean;
  text: string;
}

/** Where a span lies: code-point offsets, shorn of edge whitespace, and its first and last token. */
export interface SpanPlace {
  start: number;
  end: number;
  firstToken: number;
  /** inclusive, as Prodigy's token_end */
  lastToken: number;
}

export interface DocLayout {
  tokens: DocToken[];
  /** one entry per span of the document; undefined for a span that holds only whitespace */
  places: (SpanPlace | undefined)[];
}

/** A span's UTF-16 range without whitespace at either end, or undefined when nothing is left. */
function trimmed(text: string, span: PortableSpan): [number, number] | undefined {
  let start = span.start;
  let end = span.end;
  while (start < end && isSpace(text, start)) start++;
  while (end > start && isSpace(text, end - 1)) end--;
  return start < end ? [start, end] : undefined;
}

/** Spans whose edges hold whitespace, which the token formats leave out of the span. */
export function edgeWhitespaceSpans(doc: PortableDocument): PortableSpan[] {
  return doc.spans.filter((span) => {
    const range = trimmed(doc.text, span);
    return range === undefined || range[0] !== span.start || range[1] !== span.end;
  });
}

/** The non-whitespace words of `text` (UTF-16 ranges), cut at every offset of `cuts` (ascending). */
function words(text: string, cuts: Int32Array): [number, number][] {
  const out: [number, number][] = [];
  let c = 0;
  let i = 0;
  while (i < text.length) {
    if (isSpace(text, i)) {
      i++;
      continue;
    }
    let end = i;
    while (end < text.length && !isSpace(text, end)) end++;
    while (c < cuts.length && (cuts[c] ?? 0) <= i) c++;
    let from = i;
    for (; c < cuts.length && (cuts[c] ?? 0) < end; c++) {
      const cut = cuts[c] ?? 0;
      if (cut > from) out.push([from, cut]);
      from = cut;
    }
    out.push([from, end]);
    i = end;
  }
  return out;
}

/** Two ascending arrays as one. */
function merged(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < out.length; k++) {
    const x = a[i];
    const y = b[j];
    out[k] = y === undefined || (x !== undefined && x <= y) ? (a[i++] ?? 0) : (b[j++] ?? 0);
  }
  return out;
}

export function docLayout(doc: PortableDocument): DocLayout {
  const { text } = doc;
  const ranges = doc.spans.map((span) => trimmed(text, span));
  // documentTokens also checks every span against the text; its tokens come in text order
  const tokenEdges = Int32Array.from(documentTokens(doc).flatMap((token) => [token.start, token.end]));
  const spanEdges = Int32Array.from(ranges.flatMap((range) => range ?? [])).sort();
  const cuts = merged(tokenEdges, spanEdges);

  // get_words_and_spaces: whitespace between words is a token unless it is one space after a word
  const laid: { start: number; end: number; ws: boolean }[] = [];
  let position = 0;
  for (const [start, end] of words(text, cuts)) {
    if (start > position) laid.push({ start: position, end: start, ws: false });
    const token = { start, end, ws: false };
    laid.push(token);
    position = end;
    if (text.charAt(position) === ' ') {
      token.ws = true;
      position++;
    }
  }
  if (position < text.length) laid.push({ start: position, end: text.length, ws: false });

  const index = new CodePointIndex(text);
  const starts = Int32Array.from(laid, (token) => token.start);
  const ends = Int32Array.from(laid, (token) => token.end);
  return {
    tokens: laid.map(({ start, end, ws }) => ({
      start: index.toCodePoint(start),
      end: index.toCodePoint(end),
      ws,
      text: text.slice(start, end),
    })),
    places: ranges.map((range) => {
      if (range === undefined) return undefined;
      const [start, end] = range;
      // every trimmed span edge is a cut, so a token starts at its start and one ends at its end
      return {
        start: index.toCodePoint(start),
        end: index.toCodePoint(end),
        firstToken: countBelow(starts, start),
        lastToken: countBelow(ends, end),
      };
    }),
  };
}
