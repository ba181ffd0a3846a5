// Offset conversion between UTF-16 and code points, and mapping file offsets through normalisation.
import { describe, expect, it } from 'vitest';
import {
  CodePointIndex,
  rangeProblem,
  SourceText,
  splitsSurrogatePair,
  utf16RangeProblem,
} from '../../../src-main/formats/offsets';
import type { Fail } from '../../../src-main/formats/errors';

const fail: Fail = (detail) => {
  throw new Error(detail);
};

describe('CodePointIndex', () => {
  const text = 'a𝒳b👩‍👩‍👧e\u0301😀\u05e9\u0644東';

  /** Checks the index against Array.from, which counts code points as Python indexes a string. */
  const agreesWithCodePoints = (text: string): void => {
    const index = new CodePointIndex(text);
    const points = Array.from(text);
    expect(index.length, JSON.stringify(text)).toBe(points.length);
    for (let cp = 0; cp <= points.length; cp++) {
      const utf16 = points.slice(0, cp).join('').length;
      expect(index.toUtf16(cp)).toBe(utf16);
      expect(index.toCodePoint(utf16)).toBe(cp);
    }
  };

  it('agrees with code-point indexing at every boundary', () => {
    agreesWithCodePoints(text);
    // the first and last characters outside the BMP: D800 DC00 and DBFF DFFF
    agreesWithCodePoints('a\u{10000}b\u{10FFFF}c');
  });

  it('counts a lone surrogate as one code point, as Array.from and Python do', () => {
    // a JSON file may carry "\udc00" escapes; only a high half followed by a low half is a pair
    for (const lone of ['a\udc00\udc00b', 'a\ud835b', '\udc00𝒳\ud835', '𝒳\udc00', '\ud835\ud835\udcb3', '\ud835\ue000']) agreesWithCodePoints(lone);
    expect(splitsSurrogatePair('a\udc00', 1)).toBe(false);
    expect(splitsSurrogatePair('\ud835\ud835\udcb3', 1)).toBe(false);
    expect(splitsSurrogatePair('\ud835\ud835\udcb3', 2)).toBe(true);
  });

  it('is the identity on text without surrogate pairs', () => {
    const index = new CodePointIndex('plain e\u0301 text');
    expect([0, 5, 13].map((o) => index.toCodePoint(o))).toEqual([0, 5, 13]);
  });

  it('refuses an offset inside a surrogate pair or outside the text', () => {
    const index = new CodePointIndex('a𝒳b');
    expect(() => index.toCodePoint(2)).toThrow(/splits a surrogate pair/);
    expect(() => index.toCodePoint(5)).toThrow(new RangeError('UTF-16 offset 5 is outside the text (length 4)'));
    expect(() => index.toCodePoint(-1)).toThrow(new RangeError('UTF-16 offset -1 is outside the text (length 4)'));
    expect(() => index.toCodePoint(1.5)).toThrow(new RangeError('UTF-16 offset 1.5 is outside the text (length 4)'));
    expect(() => index.toUtf16(4)).toThrow(new RangeError('code-point offset 4 is outside the text (length 3)'));
    expect(() => index.toUtf16(-1)).toThrow(new RangeError('code-point offset -1 is outside the text (length 3)'));
    expect(() => index.toUtf16(0.5)).toThrow(new RangeError('code-point offset 0.5 is outside the text (length 3)'));
    expect([index.toCodePoint(0), index.toCodePoint(4), index.toUtf16(0), index.toUtf16(3)]).toEqual([0, 3, 0, 4]);
  });
});

describe('UTF-16 validation', () => {
  it('spots offsets that split a surrogate pair', () => {
    expect(splitsSurrogatePair('a😀b', 2)).toBe(true);
    expect(splitsSurrogatePair('a😀b', 1)).toBe(false);
    expect(splitsSurrogatePair('a😀b', 3)).toBe(false);
    expect(utf16RangeProblem('a😀b', 0, 2)).toMatch(/offset 2 of span 0–2 falls inside a character outside the BMP/);
    expect(utf16RangeProblem('a😀b', 1, 3)).toBeUndefined();
    expect(utf16RangeProblem('abc', 2, 9)).toBe('span 2–9 is past the end of the text (length 3)');
    expect(utf16RangeProblem('abc', 2, 1)).toBe('span 2–1 ends before it starts');
    expect(utf16RangeProblem('abc', 1, 1)).toBe('span 1–1 is empty');
  });

  it('refuses offsets that are not whole, non-negative numbers', () => {
    for (const [start, end] of [[-1, 2], [0.5, 2], [0, 2.5], [Number.NaN, 2], [0, Number.POSITIVE_INFINITY], [2 ** 53, 2 ** 53 + 2]] as const) {
      expect(rangeProblem(start, end, 10), `${start}–${end}`).toBe(`span ${start}–${end} does not have whole, non-negative offsets`);
    }
    expect(rangeProblem(0, 10, 10)).toBeUndefined();
  });
});

describe('SourceText', () => {
  it('strips a BOM, turns CRLF and CR into LF and carries code-point offsets over', () => {
    const raw = '\uFEFFOne 😀\r\nParis\rLyon\r\n';
    const source = new SourceText(raw, 'codepoint');
    expect(source.text).toBe('One 😀\nParis\nLyon\n');
    expect(source.normalisation).toEqual({ bomRemoved: true, crlfToLf: 2, crToLf: 1 });
    // In the file: BOM 0, "One " 1–5, emoji 5, CR 6, LF 7, "Paris" 8–13, CR 13, "Lyon" 14–18.
    const paris = source.range(8, 13, fail);
    expect(source.text.slice(paris.start, paris.end)).toBe('Paris');
    const lyon = source.range(14, 18, fail);
    expect(source.text.slice(lyon.start, lyon.end)).toBe('Lyon');
    const across = source.range(5, 13, fail);
    expect(source.text.slice(across.start, across.end)).toBe('😀\nParis');
    expect(source.quote(5, 13)).toBe('😀\r\nParis');
  });

  it('maps UTF-16 offsets too, and refuses those splitting a surrogate pair', () => {
    const source = new SourceText('a😀\r\nb', 'utf16');
    expect(source.range(5, 6, fail)).toEqual({ start: 4, end: 5 });
    expect(() => source.range(0, 2, fail)).toThrow(/surrogate pair/);
  });

  it('explains ranges past the end in the file\'s unit', () => {
    expect(() => new SourceText('😀😀', 'codepoint').range(1, 3, fail)).toThrow(
      'span 1–3 is past the end of the text (length 2)',
    );
    expect(() => new SourceText('a\r\nb', 'utf16').range(1, 2, fail)).toThrow(/covers only a removed CR/);
  });
});
