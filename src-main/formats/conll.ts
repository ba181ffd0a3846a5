// CoNLL token-per-line NER files: `token TAG` (2 columns) or CoNLL-2003's `token POS CHUNK TAG`
// (4 columns, POS and chunk filled in since Glose has neither), a blank line after each sentence,
// and a `-DOCSTART-` line before each document as in the CoNLL-2003 data. Tags are IOB2 (every
// entity opens with B-) or IOB1 (I- throughout, B- only where an entity directly follows one of
// the same type); parse also reads IOBES/BILOU tags.
// Tokens and sentences come from tokens.ts (Unicode words, French elisions split in French text);
// a sentence break never falls inside an exported span. Labels lose their whitespace and hyphens
// (`Named Entity` → `Named_Entity`, `Lieu-dit` → `Lieu_dit`), which tag readers split at.
// The format keeps tokens, not text: parse rebuilds each document by joining tokens with one space
// and sentences with "\n", so the original whitespace is lost, and documents are named after the
// file. Spans off token boundaries are widened to whole tokens and overlapping spans cannot be
// represented; `checkConll` lists both before an export. Parse either returns every document of
// the file or throws, naming every bad line (up to a cap).
import type { PortableDocument, PortableSpan } from '../model';
import { type Fail, failAt, Problems } from './errors';
import { countBelow } from './offsets';
import { exportRange, fallbackName, parsedMetadata, stripBom } from './shared';
import { type Token, tokenizeDocument } from './tokens';
import { formatWords } from '../i18n/current';

export interface ConllOptions {
  /** default iob2 */
  scheme?: 'iob2' | 'iob1';
  /** default 2 */
  columns?: 2 | 4;
  /** POS and chunk columns of 4-column files: '_' writes `_ O` (default), '-X-' writes `-X- -X-` */
  filler?: '_' | '-X-';
  /** which of a set of overlapping spans to keep: the outermost (default), or none of them */
  overlap?: 'outermost' | 'skip';
  /** the tokenisation's language: 'auto' (default: the document's metadata, else detected) or a BCP 47 tag */
  language?: string;
}

export interface ConllReport {
  /** spans whose start or end is not a token boundary; exported widened to whole tokens */
  misaligned: PortableSpan[];
  /** pairs of spans that share a token; only one of them (or neither) can be exported */
  overlapping: [PortableSpan, PortableSpan][];
}

interface Layout {
  tokens: Token[];
  /** index of the first token of each sentence */
  sentenceStarts: number[];
  /** in span order */
  ranges: TokenRange[];
}

/** The tokens [first, end) a span covers; empty when it covers none. */
interface TokenRange {
  span: PortableSpan;
  first: number;
  end: number;
}

const DOCSTART = '-DOCSTART-';

function layout(doc: PortableDocument, language: string | undefined): Layout {
  const { tokens, sentenceStarts } = tokenizeDocument(doc, language);
  // (a loop: Int32Array.from with a function walks the array through an iterator, a tenth as fast)
  const starts = new Int32Array(tokens.length);
  const ends = new Int32Array(tokens.length);
  tokens.forEach((token, t) => {
    starts[t] = token.start;
    ends[t] = token.end;
  });
  const ranges = doc.spans.map((span) => {
    // Only checks the span: CoNLL has no offsets to convert.
    exportRange(doc, span, undefined);
    return { span, first: countBelow(ends, span.start + 1), end: countBelow(starts, span.end) };
  });
  return { tokens, sentenceStarts, ranges };
}

function isAligned({ tokens }: Layout, { span, first, end }: TokenRange): boolean {
  return first < end && tokens[first]?.start === span.start && tokens[end - 1]?.end === span.end;
}

/** Pairs of ranges that share a token, found in one sweep over the ranges sorted by start. */
function overlaps(ranges: TokenRange[]): [TokenRange, TokenRange][] {
  const sorted = ranges.filter((r) => r.first < r.end).sort((a, b) => a.first - b.first || b.end - a.end);
  const pairs: [TokenRange, TokenRange][] = [];
  // the ranges that reach the current one, kept in place rather than filtered into a new array each time
  const open: TokenRange[] = [];
  for (const range of sorted) {
    let kept = 0;
    for (const other of open) {
      if (other.end <= range.first) continue;
      open[kept++] = other;
      pairs.push([other, range]);
    }
    open.length = kept;
    open.push(range);
  }
  return pairs;
}

/** What an export of `doc` to CoNLL would change: spans off token boundaries, overlapping spans. */
export function checkConll(doc: PortableDocument, opts: Pick<ConllOptions, 'language'> = {}): ConllReport {
  return reportOf(layout(doc, opts.language));
}

function reportOf(lay: Layout): ConllReport {
  return {
    misaligned: lay.ranges.filter((range) => !isAligned(lay, range)).map(({ span }) => span),
    overlapping: overlaps(lay.ranges).map(([a, b]) => [a.span, b.span]),
  };
}

export function serialize(docs: PortableDocument[], opts: ConllOptions = {}): string {
  return [...serializeChunks(docs, opts)].join('');
}

/**
 * The file a document at a time, for writing to disk as it is made. `checked`, when given, is told
 * what checkConll would say of each document, which the tokens at hand tell without tokenising it again.
 */
export function* serializeChunks(
  docs: Iterable<PortableDocument>,
  opts: ConllOptions = {},
  checked?: (doc: PortableDocument, report: ConllReport) => void,
): Generator<string> {
  const columns = opts.columns ?? 2;
  const fillers = columns === 2 ? '' : opts.filler === '-X-' ? ' -X- -X-' : ' _ O';
  const docStart = columns === 2 ? `${DOCSTART} O` : `${DOCSTART} -X- -X- O`;
  for (const doc of docs) {
    const lay = layout(doc, opts.language);
    checked?.(doc, reportOf(lay));
    yield `${docStart}\n\n${documentLines(lay, opts, fillers)}`;
  }
}

function documentLines(lay: Layout, opts: ConllOptions, fillers: string): string {
  const kept = keptRanges(lay.ranges, opts.overlap ?? 'outermost');
  // A sentence break inside an exported span would cut it in two when the file is read back.
  const breaks = new Uint8Array(lay.tokens.length);
  for (const start of lay.sentenceStarts.slice(1)) breaks[start] = 1;
  for (const { first, end } of kept) breaks.fill(0, first + 1, end);

  const tags: string[] = new Array<string>(lay.tokens.length).fill('O');
  for (const { span, first, end } of kept) {
    const label = span.label.replace(/[\s-]+/g, '_');
    const inside = `I-${label}`;
    const before = breaks[first] === 1 ? undefined : tags[first - 1];
    // IOB1 marks a beginning only where an entity of the same type ends on the token just before.
    const begins = opts.scheme !== 'iob1' || before === inside || before === `B-${label}`;
    tags.fill(inside, first, end);
    if (begins) tags[first] = `B-${label}`;
  }

  const lines: string[] = [];
  lay.tokens.forEach((token, t) => {
    if (breaks[t] === 1) lines.push('');
    lines.push(`${token.text}${fillers} ${tags[t] ?? 'O'}`);
  });
  return lines.length > 0 ? `${lines.join('\n')}\n\n` : '';
}

/** The ranges to export, in token order and not overlapping. */
function keptRanges(ranges: TokenRange[], overlap: 'outermost' | 'skip'): TokenRange[] {
  const sorted = ranges.filter((r) => r.first < r.end).sort((a, b) => a.first - b.first || b.end - a.end);
  if (overlap === 'skip') {
    const clashing = new Set(overlaps(sorted).flat());
    return sorted.filter((range) => !clashing.has(range));
  }
  const kept: TokenRange[] = [];
  let covered = 0;
  for (const range of sorted) {
    if (range.first >= covered) {
      kept.push(range);
      covered = range.end;
    }
  }
  return kept;
}

const TAG = /^(?:O|([BIESLU])-(.+))$/;

export function parse(input: string, fileName: string): PortableDocument[] {
  const docs: PortableDocument[] = [];
  let text = '';
  let spans: PortableSpan[] = [];
  let open: PortableSpan | undefined;
  let sentenceHasTokens = false;
  let started = false;
  const problems = new Problems();

  const close = (): void => {
    if (open !== undefined) spans.push(open);
    open = undefined;
  };
  const endSentence = (): void => {
    close();
    sentenceHasTokens = false;
  };
  const endDocument = (): void => {
    endSentence();
    if (started) {
      docs.push({
        name: fallbackName(fileName, docs.length + 1),
        text,
        meta: parsedMetadata('conll', { bomRemoved: false, crlfToLf: 0, crToLf: 0 }),
        spans,
        relations: [],
      });
    }
    text = '';
    spans = [];
    started = false;
  };

  for (const [i, line] of stripBom(input).split(/\r\n|\r|\n/).entries()) {
    const fail: Fail = failAt(fileName, i + 1);
    const fields = line.trim().split(/\s+/);
    const [token = '', tag = ''] = [fields[0], fields[fields.length - 1]];
    if (token === '') {
      endSentence();
      continue;
    }
    if (token === DOCSTART) {
      endDocument();
      started = true;
      continue;
    }
    const match = problems.attempt(() => {
      if (fields.length < 2) fail(formatWords().conll.tokenAndTag(JSON.stringify(line.trim())));
      return TAG.exec(tag) ?? fail(formatWords().conll.badTag(JSON.stringify(tag)));
    });
    if (match === undefined) continue;
    const [, prefix, label] = match;

    started = true;
    if (text !== '') text += sentenceHasTokens ? ' ' : '\n';
    sentenceHasTokens = true;
    const start = text.length;
    text += token;
    const end = text.length;

    const continues = (prefix === 'I' || prefix === 'E' || prefix === 'L') && open?.label === label;
    if (continues && open !== undefined) open.end = end;
    else {
      close();
      if (label !== undefined) open = { start, end, label };
    }
    if (prefix === 'E' || prefix === 'L' || prefix === 'S' || prefix === 'U') close();
  }
  endDocument();
  problems.check();
  return docs;
}
