import { describe, expect, it } from 'vitest';
import { snapToWords, trimSpace, wordRanges } from '$lib/words';

const pick = (text: string, r: { start: number; end: number } | null) => (r ? text.slice(r.start, r.end) : null);

describe('word snapping', () => {
  it('widens a selection that starts and ends inside words', () => {
    const t = 'Emmanuel Macron a rencontré Olaf Scholz.';
    expect(pick(t, snapToWords(t, 3, 12))).toBe('Emmanuel Macron');
  });

  it('lets the user take the word after a French elision', () => {
    const t = "le chef d'État et l’Organisation";
    const etat = t.indexOf('État');
    expect(pick(t, snapToWords(t, etat + 1, etat + 3))).toBe('État');
    const org = t.indexOf('Organisation');
    expect(pick(t, snapToWords(t, org + 2, org + 5))).toBe('Organisation');
  });

  it('starts a selection that begins on an elided article or preposition at the word after it', () => {
    const t = "le chef d'État et l’Organisation, qu'il dit d'Ukraine";
    const etat = t.indexOf('État');
    expect(pick(t, snapToWords(t, etat - 2, etat + 2))).toBe('État');
    // from inside the article (on its apostrophe) and from the space before it
    const org = t.indexOf('Organisation');
    expect(pick(t, snapToWords(t, org - 1, org + 4))).toBe('Organisation');
    expect(pick(t, snapToWords(t, org - 3, t.length))).toBe("Organisation, qu'il dit d'Ukraine");
    const il = t.indexOf("qu'il");
    expect(pick(t, snapToWords(t, il, il + 4))).toBe('il');
    // the article alone stays what was selected
    expect(pick(t, snapToWords(t, etat - 2, etat - 1))).toBe("d'");
    // "de" is no elision
    const de = 'le chef de Paris';
    expect(pick(de, snapToWords(de, 7, 16))).toBe('de Paris');
  });

  it('does not swallow punctuation next to a word', () => {
    const t = 'à Berlin, le 3 mars.';
    const b = t.indexOf('Berlin');
    expect(pick(t, snapToWords(t, b + 1, b + 7))).toBe('Berlin,');
    expect(pick(t, snapToWords(t, b + 1, b + 4))).toBe('Berlin');
  });

  it('keeps emoji and combining accents whole', () => {
    const t = 'Cafe\u0301 👩‍👩‍👧 Zoë';
    const r = snapToWords(t, 1, 2);
    expect(pick(t, r)).toBe('Cafe\u0301');
    const z = t.indexOf('Zo');
    expect(pick(t, snapToWords(t, z + 1, z + 2))).toBe('Zoë');
  });

  it('returns null for a selection of white space only', () => {
    expect(snapToWords('a   b', 1, 4)).toBeNull();
  });

  it('trims space but never splits a surrogate pair when placing exact boundaries', () => {
    const t = ' 😀x ';
    // offset 2 is the middle of the emoji
    expect(pick(t, trimSpace(t, 2, 4))).toBe('😀x');
  });

  it('lists elided articles as words of their own', () => {
    const t = "l'ONU";
    expect(wordRanges(t)).toEqual([
      [0, 2],
      [2, 5],
    ]);
  });
});

describe('word snapping, at the edges', () => {
  it('lists only word-like segments, and splits off every elision Glose knows, straight or curly, in any case', () => {
    expect(wordRanges('Hello, world!')).toEqual([
      [0, 5],
      [7, 12],
    ]);
    for (const article of ["c'", "d'", "j'", "l'", "m'", "n'", "s'", "t'", 'qu’', "jusqu'", 'lorsqu’', "puisqu'", 'quoiqu’', "presqu'", "QU'", 'L’']) {
      expect({ article, ranges: wordRanges(`${article}ici`) }).toEqual({
        article,
        ranges: [
          [0, article.length],
          [article.length, article.length + 3],
        ],
      });
    }
    // "aujourd'hui" is one word; so is a word that only starts like an elision
    expect(wordRanges("aujourd'hui")).toEqual([[0, 11]]);
    expect(wordRanges('lors')).toEqual([[0, 4]]);
  });

  it('takes a backwards selection as the same one forwards', () => {
    const t = 'Emmanuel Macron a rencontré Olaf Scholz.';
    expect(snapToWords(t, 12, 3)).toEqual(snapToWords(t, 3, 12));
    expect(trimSpace(' ab ', 4, 0)).toEqual({ start: 1, end: 3 });
  });

  it('leaves a selection that already starts and ends at word boundaries as it is', () => {
    const t = 'ab cd ef';
    expect(snapToWords(t, 3, 5)).toEqual({ start: 3, end: 5 });
    expect(snapToWords(t, 0, 8)).toEqual({ start: 0, end: 8 });
    expect(snapToWords(t, 2, 6)).toEqual({ start: 3, end: 5 });
    expect(snapToWords(t, 4, 4)).toEqual({ start: 3, end: 5 });
    expect(snapToWords(t, 2, 3)).toBeNull();
  });

  it('drops every kind of space at the edges, and keeps punctuation', () => {
    for (const space of [' ', '\t', '\n', '\r', '\u00A0', '\u202F', '\u2009', '\u3000']) {
      const t = `${space}«${space}`;
      expect({ space, range: snapToWords(t, 0, 3) }).toEqual({ space, range: { start: 1, end: 2 } });
      expect({ space, range: trimSpace(t, 0, 3) }).toEqual({ space, range: { start: 1, end: 2 } });
    }
    expect(trimSpace('a\u2002', 0, 2)).toEqual({ start: 0, end: 2 });
    expect(trimSpace('   ', 0, 3)).toBeNull();
    expect(trimSpace('ab', 1, 1)).toBeNull();
  });

  it('moves the start past an elision only onto the word right after it, when the selection reaches it', () => {
    const t = "l'État d' État l'";
    // reaches into "État": moved
    expect(snapToWords(t, 0, 3)).toEqual({ start: 2, end: 6 });
    // a space between the article and the word: not an elision of that word
    expect(snapToWords(t, 7, 14)).toEqual({ start: 7, end: 14 });
    // the article alone at the end
    expect(snapToWords(t, 15, 17)).toEqual({ start: 15, end: 17 });
    // a word that merely starts like an article is not one
    expect(snapToWords('lors de', 0, 7)).toEqual({ start: 0, end: 7 });
  });

  it('never splits a surrogate pair at either end of an exact selection', () => {
    const t = 'a😀b😀';
    expect(trimSpace(t, 2, 4)).toEqual({ start: 1, end: 4 });
    expect(trimSpace(t, 0, 2)).toEqual({ start: 0, end: 3 });
    expect(trimSpace(t, 4, 5)).toEqual({ start: 4, end: 6 });
    expect(trimSpace(t, 3, 6)).toEqual({ start: 3, end: 6 });
  });

  it('looks for an elision only at the word the selection starts on', () => {
    // the text starts with an elision; a selection further on is not moved to the word after it
    const t = "l'État et l'Europe";
    expect(snapToWords(t, 7, 9)).toEqual({ start: 7, end: 9 });
    // a selection that starts on a quotation mark before an elided article keeps the mark
    expect(snapToWords('«l’État»', 0, 8)).toEqual({ start: 0, end: 8 });
    // words that touch without an apostrophe (Japanese) are no elision
    expect(snapToWords('東京都に行く', 0, 3)).toEqual({ start: 0, end: 3 });
  });

  it('knows a low surrogate from its first code unit to its last, and nothing above it', () => {
    // U+10000 ends in \uDC00, U+103FF in \uDFFF: an end between them and their high half moves past both
    expect(trimSpace('a\u{10000}', 0, 2)).toEqual({ start: 0, end: 3 });
    expect(trimSpace('a\u{103FF}', 0, 2)).toEqual({ start: 0, end: 3 });
    // full-width letters (U+FF21…) are above the surrogates: a start on one stays
    expect(trimSpace('ＡＢ', 1, 2)).toEqual({ start: 1, end: 2 });
  });
});
