import { describe, expect, it } from 'vitest';
import { DocIndex } from '../../../src-renderer/src/suggest/doc';
import { fold, tokenize } from '../../../src-renderer/src/suggest/tokens';

const words = (text: string) => {
  const t = tokenize(text);
  return Array.from(t.start, (s, i) => text.slice(s, t.end[i]));
};

describe('tokens', () => {
  it('splits French elisions off, with straight and curly apostrophes, and keeps other apostrophes inside words', () => {
    expect(words("l'OTAN et l’ONU, qu'il jusqu’à aujourd'hui")).toEqual(["l'", 'OTAN', 'et', 'l’', 'ONU', ',', "qu'", 'il', 'jusqu’', 'à', "aujourd'hui"]);
    expect(words("don't O'Brien presqu’île L'Oréal")).toEqual(["don't", "O'Brien", 'presqu’', 'île', "L'", 'Oréal']);
  });

  it("splits an English 's off the word it ends, with either apostrophe and after an elision, and nothing else", () => {
    expect(words("NATO's chief, Putin’s aide, it's LET'S")).toEqual(['NATO', "'s", 'chief', ',', 'Putin', '’s', 'aide', ',', 'it', "'s", 'LET', "'S"]);
    expect(words("l'OTAN's Marx's 's James' O'Shea")).toEqual(["l'", 'OTAN', "'s", 'Marx', "'s", "'", 's', 'James', "'", "O'Shea"]);
    expect(tokenize("McDonald’s").folded).toEqual(['mcdonald', "'s"]);
  });

  it('keeps decimal numbers whole and splits punctuation and hyphens off', () => {
    expect(words('3,5 milliards, 2022. COVID-19 a-t-il')).toEqual(['3,5', 'milliards', ',', '2022', '.', 'COVID', '-', '19', 'a', '-', 't', '-', 'il']);
  });

  it('gives UTF-16 offsets past emoji and keeps combining accents inside words', () => {
    const text = '🙂 Zoë e\u0301te\u0301 🇫🇷!';
    const t = tokenize(text);
    expect(words(text)).toEqual(['🙂', 'Zoë', 'e\u0301te\u0301', '🇫', '🇷', '!']);
    expect(t.start[1]).toBe(3);
    expect(t.folded[2]).toBe('été');
  });

  it('folds case and apostrophes alike for a word alone and inside a phrase', () => {
    expect(fold('L’OTAN')).toBe("l'otan");
    expect(tokenize('L’OTAN').folded).toEqual(["l'", 'otan']);
    expect(fold('ÉTAT')).toBe('état');
  });

  it('marks the tokens that follow a line break', () => {
    expect(Array.from(tokenize('Xi\nJinping Xi').breakBefore)).toEqual([0, 1, 0]);
  });

  it('finds the tokens a range covers exactly, and refuses ranges inside a word or over a line break', () => {
    const doc = new DocIndex("l'OTAN Vladimir Poutine\nRussie");
    expect(doc.tokensIn(2, 6)).toEqual([1, 1]);
    expect(doc.tokensIn(7, 23)).toEqual([2, 3]);
    expect(doc.tokensIn(3, 6)).toBeNull();
    expect(doc.tokensIn(7, 30)).toBeNull();
  });

  it('reads a phrase as case-sensitive matching compares it: one space between tokens, ’ as \', accents composed', () => {
    const doc = new DocIndex('l’OTAN  e\u0301te\u0301 Été');
    expect(doc.reads(0, 1, "l' OTAN")).toBe(true);
    expect(doc.reads(0, 1, "l' Otan")).toBe(false);
    expect(doc.reads(2, 2, 'été')).toBe(true);
    expect(doc.reads(3, 3, 'été')).toBe(false);
    expect(doc.surface(0, 2)).toBe("l' OTAN été");
  });

  it('numbers spellings in order of first appearance, alike only when written alike, past thousands of them', () => {
    // 3,000 distinct words, each twice, and words that differ only in case or length
    const list = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}`);
    const text = [...list, 'Été', 'été', 'ét', ...list, 'Été'].join(' ');
    const t = tokenize(text);
    const seen = new Map<string, number>();
    const expected = Array.from(t.start, (s, i) => {
      const raw = text.slice(s, t.end[i]);
      if (!seen.has(raw)) seen.set(raw, seen.size);
      return seen.get(raw);
    });
    expect(Array.from(t.spelling)).toEqual(expected);
    expect(t.spellings).toBe(seen.size);
    expect(t.folded[3000]).toBe('été');
  });
});
