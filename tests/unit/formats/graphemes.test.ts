// Where a span may start or end: grapheme clusters (splitsGrapheme) and word boundaries (isWordBoundary),
// at the edges of the shortcuts each takes (ASCII pairs, the whitespace window, surrogate pairs).
import { describe, expect, it } from 'vitest';
import { isWordBoundary, splitsGrapheme } from '../../../src-main/formats/graphemes';

describe('splitsGrapheme', () => {
  it('keeps ASCII pairs apart except CR LF, and never splits at the ends of the text', () => {
    expect(splitsGrapheme('ab', 1)).toBe(false);
    expect(splitsGrapheme('a\nb', 1)).toBe(false);
    expect(splitsGrapheme('a\r\nb', 1)).toBe(false);
    expect(splitsGrapheme('a\r\nb', 2)).toBe(true);
    expect(splitsGrapheme('a\r\nb', 3)).toBe(false);
    expect(splitsGrapheme('a\rb', 2)).toBe(false);
    expect(splitsGrapheme('e\u0301', 0)).toBe(false);
    expect(splitsGrapheme('e\u0301', 2)).toBe(false);
  });

  it('finds clusters that start or end with an ASCII character', () => {
    // a letter and its combining accent; a Prepend mark (Arabic number sign) joined to the digit after it
    expect(splitsGrapheme('e\u0301', 1)).toBe(true);
    expect(splitsGrapheme('\u06001', 1)).toBe(true);
    // after a cluster, before an ASCII letter or a space
    expect(splitsGrapheme('a\u00e9 b', 1)).toBe(false);
    expect(splitsGrapheme('e\u0301b', 2)).toBe(false);
  });

  it('segments from the whitespace before the offset, so that a cluster is judged whole', () => {
    const family = '👩\u200d👧';
    const flags = '🇫🇷🇩🇪';
    for (const prefix of ['', 'word ', `${'x'.repeat(300)} `]) {
      const text = `${prefix}${family} ${flags} é`;
      const at = (part: string): number => text.indexOf(part);
      expect(splitsGrapheme(text, at(family) + 3), `inside the ZWJ sequence after ${prefix.length}`).toBe(true);
      expect(splitsGrapheme(text, at(family) + 2), `before the ZWJ after ${prefix.length}`).toBe(true);
      expect(splitsGrapheme(text, at(flags) + 2), `inside the first flag after ${prefix.length}`).toBe(true);
      expect(splitsGrapheme(text, at(flags) + 4), `between the flags after ${prefix.length}`).toBe(false);
      expect(splitsGrapheme(text, at(flags) + 6), `inside the second flag after ${prefix.length}`).toBe(true);
      expect(splitsGrapheme(text, at('é')), `after the space before é, ${prefix.length}`).toBe(false);
    }
  });
});

describe('isWordBoundary', () => {
  it('reads the whole character before the offset, surrogate pairs included', () => {
    // 𝒳 (U+1D4B3), 𐀀 (U+10000, low half DC00) and 𠏿 (U+203FF, low half DFFF) are letters
    for (const letter of ['𝒳', '\u{10000}', '\u{203FF}']) {
      expect(isWordBoundary(`${letter}a`, 2), `after ${letter}`).toBe(false);
      expect(isWordBoundary(`${letter} a`, 2), `after ${letter} and before a space`).toBe(true);
    }
    // U+FF0C (a fullwidth comma) is above the surrogates: one unit, not a word character
    expect(isWordBoundary('a\uFF0Cb', 2)).toBe(true);
    expect(isWordBoundary('a\uFF0Cb', 1)).toBe(true);
    expect(isWordBoundary('ab', 1)).toBe(false);
  });

  it('is true at both ends of the text and false inside a cluster between non-letters', () => {
    expect(isWordBoundary('ab', 0)).toBe(true);
    expect(isWordBoundary('ab', 2)).toBe(true);
    expect(isWordBoundary('!\u20e3', 1)).toBe(false);
  });
});
