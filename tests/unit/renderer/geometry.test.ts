import { describe, expect, it } from 'vitest';
import { arcPath, layoutChips, nextWord, previousWord, wordAt } from '$reader/geometry';
import { paragraphAt, splitParagraphs } from '$lib/paragraphs';

describe('span geometry', () => {
  it('moves a chip that would overlap the previous one on the same line', () => {
    const out = layoutChips([
      { id: 'a', left: 10, top: 0, width: 30 },
      { id: 'b', left: 12, top: 0, width: 30 },
      { id: 'c', left: 100, top: 0, width: 30 },
      { id: 'd', left: 11, top: 40, width: 30 },
    ]);
    expect(out.map((b) => [b.id, b.left])).toEqual([
      ['a', 10],
      ['b', 42],
      ['c', 100],
      ['d', 11],
    ]);
  });

  it('draws arcs above both ends', () => {
    const d = arcPath({ x: 0, y: 100 }, { x: 200, y: 100 });
    expect(d.startsWith('M 0 100 C')).toBe(true);
    expect(d.endsWith('200 100')).toBe(true);
    const controlY = Number(/C [\d.]+ ([\d.-]+)/.exec(d)?.[1]);
    expect(controlY).toBeLessThan(100);
  });

  it('maps offsets to paragraphs, with CRLF already normalised to LF', () => {
    const p = splitParagraphs('ab\n\ncd😀\ne');
    expect(Array.from(p.starts)).toEqual([0, 3, 4, 9]);
    expect([0, 2, 3, 4, 8, 9].map((o) => paragraphAt(p, o))).toEqual([0, 0, 1, 2, 2, 3]);
  });

  it('steps word by word', () => {
    const words: Array<[number, number]> = [
      [0, 3],
      [4, 9],
      [10, 12],
    ];
    expect(nextWord(words, 0)).toEqual([4, 9]);
    expect(nextWord(words, 10)).toBeUndefined();
    expect(previousWord(words, 4)).toEqual([0, 3]);
    expect(previousWord(words, 0)).toBeUndefined();
    expect(wordAt(words, 5)).toEqual([4, 9]);
    expect(wordAt(words, 3)).toEqual([4, 9]);
  });
});
