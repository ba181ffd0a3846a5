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
