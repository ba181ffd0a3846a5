// Offsets between Glose's stored text (UTF-16 units, LF, no BOM) and what files carry (code points,
// counted over the text as written, CRs and BOM included).
import type { Normalisation, Offsets } from '../model';
import type { Fail } from './errors';
import { formatWords } from '../i18n/current';

export type OffsetUnit = 'codepoint' | 'utf16';

const isHigh = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

/** True when `offset` falls between the two halves of a surrogate pair (an emoji, "𝒳"…). */
export function splitsSurrogatePair(text: string, offset: number): boolean {
  return (
    offset > 0 &&
    offset < text.length &&
    isHigh(text.charCodeAt(offset - 1)) &&
    isLow(text.charCodeAt(offset))
  );
}

/** Why `start`–`end` cannot be a span of a text `length` long, or undefined when it can. */
export function rangeProblem(start: number, end: number, length: number): string | undefined {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0) {
    return formatWords().notWhole(start, end);
  }
  if (end < start) return formatWords().endsBefore(start, end);
  if (end === start) return formatWords().emptySpan(start, end);
  if (end > length) return formatWords().pastEnd(start, end, length);
  return undefined;
}

/** rangeProblem for UTF-16 offsets, which must also keep surrogate pairs whole. */
export function utf16RangeProblem(text: string, start: number, end: number): string | undefined {
  const problem = rangeProblem(start, end, text.length);
  if (problem !== undefined) return problem;
  const split = [start, end].find((offset) => splitsSurrogatePair(text, offset));
  return split === undefined
    ? undefined
    : formatWords().splitsPair(split, start, end);
}

/** How many entries of an ascending array are below `value`. */
export function countBelow(sorted: Int32Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const entry = sorted[mid];
    if (entry !== undefined && entry < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Converts between UTF-16 and code-point offsets of one text. Built once per text in O(n); each
 * conversion is a binary search over the text's surrogate pairs only, so thousands of spans cost
 * next to nothing, and a text without characters outside the BMP costs nothing at all.
 */
export class CodePointIndex {
  /** UTF-16 offset of each surrogate pair, ascending */
  private readonly pairsUtf16: Int32Array;
  /** code-point offset of the same characters */
  private readonly pairsCodePoint: Int32Array;
  /** length of the text in code points */
  readonly length: number;

  constructor(private readonly text: string) {
    const pairs: number[] = [];
    for (let i = 0; i < text.length - 1; i++) {
      if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) pairs.push(i++);
    }
    this.pairsUtf16 = Int32Array.from(pairs);
    this.pairsCodePoint = Int32Array.from(pairs, (offset, nth) => offset - nth);
    this.length = text.length - pairs.length;
  }

  toCodePoint(utf16: number): number {
    if (!Number.isSafeInteger(utf16) || utf16 < 0 || utf16 > this.text.length) {
      throw new RangeError(`UTF-16 offset ${utf16} is outside the text (length ${this.text.length})`);
    }
    if (splitsSurrogatePair(this.text, utf16)) {
      throw new RangeError(`UTF-16 offset ${utf16} splits a surrogate pair`);
    }
    return utf16 - countBelow(this.pairsUtf16, utf16);
  }

  toUtf16(codePoint: number): number {
    if (!Number.isSafeInteger(codePoint) || codePoint < 0 || codePoint > this.length) {
      throw new RangeError(`code-point offset ${codePoint} is outside the text (length ${this.length})`);
    }
    return codePoint + countBelow(this.pairsCodePoint, codePoint);
  }
}

/**
 * A document text as a file carries it. Offsets in the file count the text as written, in the
 * file's unit, BOM and CRs included; `text` is what Glose stores (BOM stripped, CRLF and CR turned
 * into LF) and `range` carries the file's offsets over to it.
 */
export class SourceText {
  readonly text: string;
  readonly normalisation: Normalisation;
  /** length of the text as written, in the file's unit */
  readonly length: number;
  /** UTF-16 positions, in the text as written, of the units normalisation removed (BOM, CR of CRLF) */
  private readonly removed: Int32Array;
  private readonly index: CodePointIndex | undefined;

  constructor(
    private readonly raw: string,
    private readonly unit: OffsetUnit,
  ) {
    const removed: number[] = [];
    const bomRemoved = raw.charCodeAt(0) === 0xfeff;
    if (bomRemoved) removed.push(0);
    let crlfToLf = 0;
    let crToLf = 0;
    for (let cr = raw.indexOf('\r'); cr !== -1; cr = raw.indexOf('\r', cr + 1)) {
      if (raw.charCodeAt(cr + 1) === 0x0a) {
        removed.push(cr);
        crlfToLf++;
      } else {
        crToLf++;
      }
    }
    this.removed = Int32Array.from(removed);
    this.text = (bomRemoved ? raw.slice(1) : raw).replace(/\r\n?/g, '\n');
    this.normalisation = { bomRemoved, crlfToLf, crToLf };
    this.index = unit === 'codepoint' ? new CodePointIndex(raw) : undefined;
    this.length = this.index?.length ?? raw.length;
  }

  /** The stored-text offsets of a range written in the file; `fail` explains a range that is wrong. */
  range(start: number, end: number, fail: Fail): Offsets {
    const problem =
      this.unit === 'utf16'
        ? utf16RangeProblem(this.raw, start, end)
        : rangeProblem(start, end, this.length);
    if (problem !== undefined) fail(problem);
    const stored = {
      start: this.toStored(this.rawUtf16(start)),
      end: this.toStored(this.rawUtf16(end)),
    };
    if (stored.start === stored.end) fail(formatWords().onlyRemoved(start, end));
    return stored;
  }

  /** The stored-text offsets of a range written in the file, or undefined when it is not a range of this text. */
  tryRange(start: number, end: number): Offsets | undefined {
    try {
      return this.range(start, end, (detail) => {
        throw new RangeError(detail);
      });
    } catch (error) {
      if (error instanceof RangeError) return undefined;
      throw error;
    }
  }

  /** The text as written between two file offsets that `range` accepted, for comparing with quotes. */
  quote(start: number, end: number): string {
    return this.raw.slice(this.rawUtf16(start), this.rawUtf16(end));
  }

  private rawUtf16(offset: number): number {
    return this.index?.toUtf16(offset) ?? offset;
  }

  private toStored(rawUtf16: number): number {
    return rawUtf16 - countBelow(this.removed, rawUtf16);
  }
}
