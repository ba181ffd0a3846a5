import { describe, expect, it } from 'vitest';
import { findMatches, uncovered } from '$lib/search';

const plain = { regex: false, wholeWords: false, matchCase: false };
const texts = (t: string, r: ReturnType<typeof findMatches>) => (r.ok ? r.matches.map((m) => t.slice(m.start, m.end)) : r.error);

describe('search in a document', () => {
  const t = 'Paris, paris; Parisiens à PARIS 😀 Paris';
  it('finds plain text ignoring case by default', () => {
    expect(texts(t, findMatches(t, 'paris', plain))).toEqual(['Paris', 'paris', 'Paris', 'PARIS', 'Paris']);
  });
  it('honours case and whole words', () => {
    expect(texts(t, findMatches(t, 'Paris', { ...plain, matchCase: true, wholeWords: true }))).toEqual(['Paris', 'Paris']);
  });
  it('gives UTF-16 offsets after an emoji', () => {
    const r = findMatches(t, 'Paris', { ...plain, matchCase: true, wholeWords: true });
    expect(r.ok && r.matches[1]).toEqual({ start: t.lastIndexOf('Paris'), end: t.length });
  });
  it('supports regular expressions and reports a broken one', () => {
    expect(texts(t, findMatches(t, 'P\\w+s\\b', { ...plain, regex: true, matchCase: true }))).toEqual(['Paris', 'Parisiens', 'Paris']);
    const bad = findMatches(t, '(unclosed', { ...plain, regex: true });
    expect(bad.ok).toBe(false);
  });
  it('escapes special characters in plain mode', () => {
    expect(texts('a.b axb', findMatches('a.b axb', 'a.b', plain))).toEqual(['a.b']);
  });
  it('keeps only matches no span covers', () => {
    expect(uncovered([{ start: 0, end: 5 }, { start: 10, end: 15 }], [{ start: 3, end: 8 }])).toEqual([{ start: 10, end: 15 }]);
  });
});
