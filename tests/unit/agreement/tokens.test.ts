import { describe, expect, it } from 'vitest';
import { spanOrder, tagTokens, tokenize } from '../../../src-renderer/src/agreement/tokens';
import { wordRanges } from '../../../src-renderer/src/lib/words';
import { generateText } from '../../bench/lib/corpus';
import { Rng } from '../../bench/lib/prng';

const words = (text: string) => {
  const { starts, ends } = tokenize(text);
  return Array.from(starts, (s, i) => text.slice(s, ends[i]));
};
const editorWords = (text: string) => wordRanges(text).map(([s, e]) => text.slice(s, e));

describe('tokenize', () => {
  it('cuts words where Intl.Segmenter does, with the editor’s French elisions, in alphabetic scripts', () => {
    const text = [
      "a:b c·d 3.14 1,000.5 1;2 12:30 e.g. U.S.A. l'État l’État d’Émile qu’aujourd’hui don't aujourd’hui foo_bar _x __",
      'x² co-op naïve nai\u0308ve x\u0301y a\u00ADb a\u200Db 1️⃣ 🙂 🇫🇷 👍🏽 a.1 1.a a..b 3..4 a\'\'b ab\' “x” «y» l’ d’',
      'Straße Москва Ελλάδα مرحبا שלום 한국어 Ⅳ ⅳ 𝒳 ½ 50% $5 €5 a@b.com http://x.y/z #tag @user hello—world',
    ].join('\n');
    expect(words(text)).toEqual(editorWords(text));
    expect(words("l’État d'Émile")).toEqual(['l’', 'État', "d'", 'Émile']);
  });

  it('cuts the bench corpus’s prose (accents, elisions, quotes, emoji) exactly like the editor', () => {
    const rng = new Rng(31);
    for (let k = 0; k < 20; k++) {
      const { text } = generateText(rng, { paragraphs: 20, minChars: 80, maxChars: 260, emoji: true });
      expect(words(text)).toEqual(editorWords(text));
    }
  });

  it('keeps a run of Chinese, Japanese or Thai letters together, where Intl.Segmenter uses a dictionary', () => {
    expect(words('日本語のテキスト と ภาษาไทย')).toEqual(['日本語のテキスト', 'と', 'ภาษาไทย']);
  });

  it('gives UTF-16 offsets past non-BMP characters', () => {
    const text = '🎉 𝒳yz 🙂 fin';
    const { starts, ends } = tokenize(text);
    expect(Array.from(starts)).toEqual([3, 11]);
    expect(Array.from(ends)).toEqual([7, 14]);
  });

  it('finds nothing in an empty or word-less text', () => {
    expect(tokenize('').starts).toHaveLength(0);
    expect(tokenize(' … 🙂 — ').starts).toHaveLength(0);
  });
});

describe('tagTokens: IOB tags from spans, outermost wins', () => {
  // tokens:      0    1     2    3    4
  const text = 'The Lord Mayor of London';
  const tokens = tokenize(text);
  const LABELS = ['PER', 'LOC', 'ORG'];
  const tag = (spans: Array<[string, string]>) => {
    const at = (w: string) => text.indexOf(w);
    const starts = Int32Array.from(spans, ([from]) => at(from));
    const ends = Int32Array.from(spans, ([, to]) => at(to) + to.length);
    const labels = Int32Array.from(spans, (_, i) => i % LABELS.length);
    const tags = tagTokens(tokens, starts, ends, labels, spanOrder(starts, ends, labels));
    return Array.from(tags, (t) => (t === 0 ? 'O' : `${t % 2 ? 'B' : 'I'}-${LABELS[(t - 1) >> 1]}`));
  };

  it('tags B- on a span’s first token and I- after it', () => {
    expect(tag([['Lord', 'Mayor']])).toEqual(['O', 'B-PER', 'I-PER', 'O', 'O']);
  });

  it('gives a nested span’s tokens to the span around it', () => {
    // PER: Lord Mayor of London; LOC: London (nested)
    expect(tag([['Lord', 'London'], ['London', 'London']])).toEqual(['O', 'B-PER', 'I-PER', 'I-PER', 'I-PER']);
    // the same spans listed the other way round
    expect(tag([['London', 'London'], ['Lord', 'London']]).slice(1)).toEqual(['B-LOC', 'I-LOC', 'I-LOC', 'I-LOC']);
  });

  it('gives overlapping spans’ shared tokens to the one that starts first; the other begins after it', () => {
    // PER: The Lord Mayor; LOC: Mayor of London
    expect(tag([['The', 'Mayor'], ['Mayor', 'London']])).toEqual(['B-PER', 'I-PER', 'I-PER', 'B-LOC', 'I-LOC']);
  });

  it('prefers the longer span at the same start, then the label order', () => {
    expect(tag([['Lord', 'Lord'], ['Lord', 'Mayor']])).toEqual(['O', 'B-LOC', 'I-LOC', 'O', 'O']);
    const starts = Int32Array.of(4, 4);
    const ends = Int32Array.of(8, 8);
    const labels = Int32Array.of(2, 1);
    expect(Array.from(tagTokens(tokens, starts, ends, labels, spanOrder(starts, ends, labels)))).toEqual([0, 3, 0, 0, 0]);
  });

  it('counts a token as inside a span that covers part of it; a span on no token tags nothing', () => {
    const partial = tagTokens(tokens, Int32Array.of(6), Int32Array.of(10), Int32Array.of(0), Int32Array.of(0));
    expect(Array.from(partial)).toEqual([0, 1, 2, 0, 0]); // "rd Ma"
    const spaceOnly = tagTokens(tokens, Int32Array.of(8), Int32Array.of(9), Int32Array.of(0), Int32Array.of(0));
    expect(Array.from(spaceOnly)).toEqual([0, 0, 0, 0, 0]);
  });
});
