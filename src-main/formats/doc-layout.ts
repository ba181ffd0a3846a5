// The tokens of the formats that carry a tokenised text (spaCy Doc JSON, Prodigy). Words are
// CoNLL's tokens, cut again wherever a span starts or ends, so that every span covers whole tokens
// (spaCy's Doc.char_span finds nothing otherwise). They are laid out the way spaCy rebuilds a Doc
// from words and text (spacy/util.py get_words_and_spaces, called by Doc.from_json): a word may be
// followed by one plain space, its "ws"; any other whitespace between words is a token of its own,
// and so is leading or trailing whitespace. Whitespace is Python's (str.isspace), not JavaScript's.
import type { PortableDocument, PortableSpan } from '../model';
import { CodePointIndex, countBelow } from './offsets';
import { exportRange } from './shared';
import { tokenizeDocument } from './tokens';

/** Python's whitespace (str.isspace, str.split): JavaScript's \s less U+FEFF, plus U+001C–U+001F and U+0085. */
const PY_SPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
  ...Array.from({ length: 11 }, (_, i) => 0x2000 + i),
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** Called for every character of every text: the set is asked only above ASCII. */
function isSpace(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f);
  return PY_SPACE.has(code);
}

/** Where a span lies: code-point offsets, shorn of edge whitespace, and its first and last token. */
export interface SpanPlace {
  start: number;
  end: number;
  firstToken: number;
  /** inclusive, as Prodigy's token_end */
  lastToken: number;
}

/**
 * The tokens, one column per field rather than an object per token: a large project has millions
 * of them, and the writers only read them once.
 */
export interface DocLayout {
  /** how many tokens there are */
  count: number;
  /** code-point offsets of each token, as Python indexes the text */
  starts: Int32Array;
  ends: Int32Array;
  /** 1 when the token is followed by one space that belongs to it (spaCy's whitespace_) */
  ws: Uint8Array;
  /** the text of token `i` */
  text(i: number): string;
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
  // a span off the text, or splitting a surrogate pair, is refused with the document named
  for (const span of doc.spans) exportRange(doc, span, undefined);
  const ranges = doc.spans.map((span) => trimmed(text, span));
  // Words are the tokeniser's tokens, cut again at every span edge; its tokens come in text order.
  const { tokens } = tokenizeDocument(doc);
  const tokenEdges = new Int32Array(tokens.length * 2);
  tokens.forEach((token, k) => {
    tokenEdges[2 * k] = token.start;
    tokenEdges[2 * k + 1] = token.end;
  });
  const spanEdges = new Int32Array(ranges.length * 2);
  let edgeCount = 0;
  for (const range of ranges) {
    if (range === undefined) continue;
    spanEdges[edgeCount++] = range[0];
    spanEdges[edgeCount++] = range[1];
  }
  const cuts = merged(tokenEdges, spanEdges.subarray(0, edgeCount).sort());

  // get_words_and_spaces: whitespace between words is a token unless it is one space after a word
  const laidStarts: number[] = [];
  const laidEnds: number[] = [];
  const laidWs: number[] = [];
  let position = 0;
  const lay = (start: number, end: number): void => {
    if (start > position) {
      laidStarts.push(position);
      laidEnds.push(start);
      laidWs.push(0);
    }
    laidStarts.push(start);
    laidEnds.push(end);
    position = end;
    const ws = text.charCodeAt(position) === 0x20;
    laidWs.push(ws ? 1 : 0);
    if (ws) position++;
  };
  // every run of non-whitespace, cut at the cuts inside it
  let c = 0;
  for (let i = 0; i < text.length; ) {
    if (isSpace(text, i)) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && !isSpace(text, end)) end++;
    while (c < cuts.length && (cuts[c] ?? 0) <= i) c++;
    let from = i;
    for (; c < cuts.length && (cuts[c] ?? 0) < end; c++) {
      const cut = cuts[c] ?? 0;
      if (cut > from) lay(from, cut);
      from = cut;
    }
    lay(from, end);
    i = end;
  }
  if (position < text.length) {
    laidStarts.push(position);
    laidEnds.push(text.length);
    laidWs.push(0);
  }

  const index = new CodePointIndex(text);
  const utf16Starts = Int32Array.from(laidStarts);
  const utf16Ends = Int32Array.from(laidEnds);
  return {
    count: utf16Starts.length,
    starts: utf16Starts.map((offset) => index.toCodePoint(offset)),
    ends: utf16Ends.map((offset) => index.toCodePoint(offset)),
    ws: Uint8Array.from(laidWs),
    text: (i) => text.slice(utf16Starts[i], utf16Ends[i]),
    places: ranges.map((range) => {
      if (range === undefined) return undefined;
      const [start, end] = range;
      // every trimmed span edge is a cut, so a token starts at its start and one ends at its end
      return {
        start: index.toCodePoint(start),
        end: index.toCodePoint(end),
        firstToken: countBelow(utf16Starts, start),
        lastToken: countBelow(utf16Ends, end),
      };
    }),
  };
}
