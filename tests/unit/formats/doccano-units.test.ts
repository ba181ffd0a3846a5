// doccano files carry no word of their offsets' unit: import reads the unit the person chose, and
// refuses, naming the line, spans that only make sense in the other unit.
import { describe, expect, it } from 'vitest';
import * as doccano from '../../../src-main/formats/doccano';
import { isWordBoundary, splitsGrapheme } from '../../../src-main/formats/graphemes';
import { comparable, curie, formatErrorMessage, nasty } from './documents';
import { formats } from '../../../src-main/formats/index';

const carries = formats.find((f) => f.id === 'doccano')?.carries ?? {};
const text = 'Salut 👋🏽 les amis de Lyon';
const spans = [
  ['les', 'GROUP'],
  ['Lyon', 'LOC'],
] as const;
/** The spans of `text` as offsets in UTF-16 units or in code points. */
const line = (unit: 'utf16' | 'codepoint'): string => {
  const offset = (i: number) => (unit === 'utf16' ? i : Array.from(text.slice(0, i)).length);
  return JSON.stringify({
    text,
    label: spans.map(([part, label]) => [offset(text.indexOf(part)), offset(text.indexOf(part) + part.length), label]),
  });
};

const message = formatErrorMessage;

describe('the unit of doccano offsets', () => {
  it('reads each unit when told it', () => {
    for (const unit of ['utf16', 'codepoint'] as const) {
      const [doc] = doccano.parse(line(unit), 'a.jsonl', { offsets: unit });
      expect(doc?.spans.map((s) => doc.text.slice(s.start, s.end))).toEqual(['les', 'Lyon']);
    }
  });

  it('refuses UTF-16 offsets read as code points, naming the line and the span that shifted', () => {
    expect(message(() => doccano.parse(`${line('codepoint')}\n${line('utf16')}`, 'a.jsonl'))).toBe(
      'a.jsonl line 2: span 11–14 ("s a") does not start and end on word boundaries when read in code points, ' +
        'while every span of the line does in UTF-16 code units: the file seems to use UTF-16 code units; ' +
        'import it again choosing that unit',
    );
  });

  it('refuses code points read as UTF-16, which here split the emoji', () => {
    expect(message(() => doccano.parse(line('codepoint'), 'a.jsonl', { offsets: 'utf16' }))).toMatch(
      /^a\.jsonl line 1: span 9–12 \(not a range of this text in UTF-16 code units\) does not start and end on word boundaries when read in UTF-16 code units, while every span of the line does in code points/,
    );
    const split = JSON.stringify({ text: '👋 hi', label: [[1, 3, 'X']] });
    expect(message(() => doccano.parse(split, 'b.jsonl', { offsets: 'utf16' }))).toBe(
      'b.jsonl line 1: offset 1 of span 1–3 falls inside a character outside the BMP (an emoji or similar), ' +
        'between the two halves of its surrogate pair (are the offsets code points?)',
    );
  });

  it('keeps spans off word boundaries when the other unit does no better', () => {
    const part = JSON.stringify({ text: 'famille 👋', label: [[0, 4, 'PART']] });
    expect(doccano.parse(part, 'a.jsonl')[0]?.spans).toEqual([{ start: 0, end: 4, label: 'PART' }]);
  });

  it('tells when a file is one whose unit matters: characters outside the BMP, escaped or not', () => {
    expect(doccano.offsetUnitMatters(line('utf16'))).toBe(true);
    expect(doccano.offsetUnitMatters('{"text": "\\ud83d\\udc4b hi"}')).toBe(true);
    expect(doccano.offsetUnitMatters('{"text": "Zoé e\\u0301 東京"}')).toBe(false);
  });

  it('round-trips the nasty text in both units', () => {
    for (const unit of ['codepoint', 'utf16'] as const) {
      const back = doccano.parse(doccano.serialize([curie, nasty], { offsets: unit }), 'out.jsonl', { offsets: unit });
      expect(back.map((doc) => comparable(doc, carries))).toEqual([curie, nasty].map((doc) => comparable(doc, carries)));
    }
  });
});

describe('word and character boundaries', () => {
  it('finds boundaries between words, not inside words, accents, emoji or flags', () => {
    const sample = 'Zoe\u0308 👋🏽 🇫🇷 l’État';
    const at = (part: string) => sample.indexOf(part);
    expect(isWordBoundary(sample, 0)).toBe(true);
    expect(isWordBoundary(sample, at(' 👋'))).toBe(true);
    expect(isWordBoundary(sample, 2)).toBe(false);
    expect(isWordBoundary(sample, at('\u0308'))).toBe(false);
    expect(isWordBoundary(sample, at('🏽'))).toBe(false);
    expect(isWordBoundary(sample, at('🇫🇷') + 2)).toBe(false);
    expect(isWordBoundary(sample, at('État'))).toBe(true);
    expect(splitsGrapheme(sample, at('\u0308'))).toBe(true);
    expect(splitsGrapheme(sample, at('🏽'))).toBe(true);
    expect(splitsGrapheme(sample, at('🇫🇷') + 2)).toBe(true);
    expect(splitsGrapheme(sample, at('🇫🇷'))).toBe(false);
    expect(splitsGrapheme(sample, sample.length)).toBe(false);
  });

  it('splits graphemes exactly where Intl.Segmenter does not put a boundary, shortcuts included', () => {
    // characters on either side of U+0300, where the shortcut for Latin text stops
    const pieces = ['a', 'é', 'ÿ', 'ɐ', 'ʰ', '˿', '\u0300', '\u0301', '\u036f', '\r', '\n', ' ', '©', '\u00ad', '\u200d', '👍', '🏽', '🇫', '🇷', '\u0600', '각', 'ﬀ', 'l’'];
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const text = Array.from({ length: 4000 }, () => pieces[Math.floor(next() * pieces.length)]).join('');
    const boundaries = new Set([...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)].map((s) => s.index));
    const wrong = Array.from({ length: text.length + 1 }, (_, i) => i).filter((i) => splitsGrapheme(text, i) !== (i > 0 && i < text.length && !boundaries.has(i)));
    expect(wrong).toEqual([]);
  });
});
