// The renderer's text helpers: counts, sizes, failure texts, file names and paragraph geometry, at
// the edges where a unit, a rounding or a boundary changes (written for the mutants that survived).
import { describe, expect, it } from 'vitest';
import { bytes, errorText, failureText, fileOf, plural } from '$lib/text';
import { paragraphAt, splitParagraphs } from '$lib/paragraphs';
import { en } from '$lib/i18n/en';

describe('plural and bytes', () => {
  it('uses the singular for exactly one, and groups thousands', () => {
    expect(plural(1, 'document', 'documents')).toBe('1 document');
    expect(plural(0, 'document', 'documents')).toBe('0 documents');
    expect(plural(2500, 'span', 'spans')).toBe('2,500 spans');
  });

  it('changes unit at 1024, keeps one decimal under 10 only, and stops at gigabytes', () => {
    expect(bytes(0)).toBe('0 bytes');
    expect(bytes(1023)).toBe('1,023 bytes');
    expect(bytes(1024)).toBe('1 KB');
    expect(bytes(1024 * 9.94)).toBe('9.9 KB');
    expect(bytes(1024 * 9.96)).toBe('10 KB');
    expect(bytes(1024 * 10.4)).toBe('10 KB');
    expect(bytes(1024 * 1023)).toBe('1,023 KB');
    expect(bytes(1024 * 1024)).toBe('1 MB');
    expect(bytes(1024 * 1024 * 312.4)).toBe('312 MB');
    expect(bytes(1024 ** 3 * 1.5)).toBe('1.5 GB');
    expect(bytes(1024 ** 4 * 2)).toBe('2,048 GB');
    expect(bytes(1024 ** 2 * 1.5, 'fr')).toBe('1,5 Mo');
    expect(bytes(1024 ** 3 * 3, 'fr')).toBe('3 Go');
    expect(bytes(1023, 'fr')).toBe('1\u202f023 octets');
  });
});

describe('failure texts and file names', () => {
  it('an Error gives its message, anything else its text', () => {
    expect(errorText(new TypeError('bad'))).toBe('bad');
    expect(errorText('plain')).toBe('plain');
    expect(errorText(42)).toBe('42');
    expect(errorText(undefined)).toBe('undefined');
  });

  it('a file that is not text is worded in the interface language; other failures keep main’s words', () => {
    expect(failureText({ file: 'a.png', message: 'a.png: main says so', looksLike: 'png' }, en)).toBe('a.png: not a text file: it looks like a PNG image');
    expect(failureText({ file: 'b.txt', message: 'b.txt: too large' }, en)).toBe('b.txt: too large');
  });

  it('takes the last part of a path with either separator', () => {
    expect(fileOf('/home/ann/backups/glose-1.json')).toBe('glose-1.json');
    expect(fileOf('C:\\Users\\ann\\glose-2.json')).toBe('glose-2.json');
    expect(fileOf('mixed/dir\\file.txt')).toBe('file.txt');
    expect(fileOf('alone.txt')).toBe('alone.txt');
    expect(fileOf('dir/')).toBe('');
  });
});

describe('paragraphs', () => {
  it('starts each paragraph after the line break before it', () => {
    const p = splitParagraphs('ab\n\ncde\n');
    expect([...p.starts]).toEqual([0, 3, 4, 8]);
    expect(p.texts).toEqual(['ab', '', 'cde', '']);
  });

  it('finds the paragraph of every offset; an offset at a paragraph’s end belongs to it', () => {
    const text = 'ab\n\ncde\nf';
    const p = splitParagraphs(text);
    const expected = [0, 0, 0, 1, 2, 2, 2, 2, 3, 3];
    expect(Array.from({ length: text.length + 1 }, (_, i) => paragraphAt(p, i))).toEqual(expected);
    expect(paragraphAt(splitParagraphs(''), 0)).toBe(0);
    expect(paragraphAt(p, 99)).toBe(3);
  });

  it('finds paragraphs by bisection over many of them', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => 'x'.repeat(i % 7));
    const p = splitParagraphs(lines.join('\n'));
    let offset = 0;
    for (const [i, line] of lines.entries()) {
      expect(paragraphAt(p, offset)).toBe(i);
      expect(paragraphAt(p, offset + line.length)).toBe(i);
      offset += line.length + 1;
    }
  });
});
