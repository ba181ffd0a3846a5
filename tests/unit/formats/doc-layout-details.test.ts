// The token layout of spaCy Doc JSON and Prodigy (src-main/formats/doc-layout.ts) in detail: white
// space is Python's str.isspace, not JavaScript's \s, and every span edge cuts a word, however many
// spans there are.
import { describe, expect, it } from 'vitest';
import { docLayout, edgeWhitespaceSpans } from '../../../src-main/formats/doc-layout';
import type { PortableDocument } from '../../../src-main/model';
import { meta } from './documents';

function doc(text: string, spans: { start: number; end: number }[] = []): PortableDocument {
  return { name: 'd.txt', text, meta: meta(), spans: spans.map((s) => ({ ...s, label: 'X' })), relations: [] };
}

/** Each token's text, with the one space it owns written after it. */
function words(text: string, spans: { start: number; end: number }[] = []): string[] {
  const layout = docLayout(doc(text, spans));
  return Array.from({ length: layout.count }, (_, i) => `${layout.text(i)}${layout.ws[i] === 1 ? '␣' : ''}`);
}

// Python 3: [chr(c) for c in range(0x110000) if chr(c).isspace()]
const PYTHON_SPACES = [
  '\t', '\n', '\v', '\f', '\r', '\x1c', '\x1d', '\x1e', '\x1f', ' ', '\x85', '\xa0', '\u1680',
  '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a',
  '\u2028', '\u2029', '\u202f', '\u205f', '\u3000',
];
// controls and format characters next to them that Python does not take for white space
const NOT_SPACES = ['\x00', '\x08', '\x0e', '\x1b', '\x7f', '\x80', '\u180e', '\u200b', '\ufeff'];

describe('white space as Python sees it', () => {
  it('a span whose first or last character is Python white space has edge white space', () => {
    for (const space of PYTHON_SPACES) {
      const text = `a${space}b${space}c`;
      const [first, last] = edgeWhitespaceSpans(doc(text, [{ start: 1, end: 3 }, { start: 2, end: 4 }, { start: 2, end: 3 }]));
      expect([first?.start, last?.start], JSON.stringify(space)).toEqual([1, 2]);
    }
  });

  it('a span whose edges are other controls or format characters has none', () => {
    for (const other of NOT_SPACES) {
      const text = `a${other}b${other}c`;
      expect(edgeWhitespaceSpans(doc(text, [{ start: 1, end: 3 }, { start: 2, end: 4 }])), JSON.stringify(other)).toEqual([]);
    }
  });

  it('a span is placed on its text without the Python white space at its edges', () => {
    const text = 'a\x1f\tb\r\x1c c';
    const { places } = docLayout(doc(text, [{ start: 1, end: 7 }]));
    expect(places[0]).toMatchObject({ start: 3, end: 4 });
  });

  it('text after the last word that JavaScript takes for white space and Python does not is a token', () => {
    // the tokeniser (JavaScript's \s) sees no word in U+FEFF; spaCy sees a word: it must be laid out
    expect(words('Fin \ufeff')).toEqual(['Fin␣', '\ufeff']);
    expect(words('Fin \ufeff ')).toEqual(['Fin␣', '\ufeff␣']);
  });
});

describe('span edges cut words', () => {
  it('one span inside a word cuts it at both edges', () => {
    expect(words('famille', [{ start: 0, end: 4 }])).toEqual(['fami', 'lle']);
    expect(words('famille', [{ start: 2, end: 4 }])).toEqual(['fa', 'mi', 'lle']);
  });

  it('every span’s edges cut, the last spans’ too', () => {
    const text = 'abcdefgh';
    const spans = [0, 1, 2, 3, 4, 5, 6].map((start) => ({ start, end: start + 2 }));
    expect(words(text, spans)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    const { places } = docLayout(doc(text, spans));
    expect(places.map((p) => [p?.firstToken, p?.lastToken])).toEqual([
      [0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [5, 6], [6, 7],
    ]);
  });
});
