// The tokeniser the token formats share: Intl.Segmenter's words and sentences (checked against it on
// seeded random text and on the benchmark's prose), French elisions, and language detection.
import { describe, expect, it } from 'vitest';
import { detectLanguage, documentLanguage, tokenisationNotes, tokenize } from '../../../src-main/formats/tokens';
import { Rng } from '../../bench/lib/prng';
import { meta } from './documents';

const words = new Intl.Segmenter('en', { granularity: 'word' });
const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

/** What tokenize must give outside French: Intl.Segmenter on each line, split at whitespace. */
function reference(text: string): { tokens: string[]; sentences: string[][] } {
  const out: string[][] = [];
  for (const line of text.split('\n')) {
    const starts = Array.from(sentences.segment(line), (s) => s.index);
    const lineTokens: { at: number; text: string }[] = [];
    for (const word of words.segment(line)) {
      // eslint-disable-next-line no-control-regex -- Python's whitespace controls separate tokens too
      for (const piece of word.segment.matchAll(/[^\s\x1c-\x1f\x85]+/gu)) lineTokens.push({ at: word.index + piece.index, text: piece[0] });
    }
    for (const [i, start] of starts.entries()) {
      const end = starts[i + 1] ?? Infinity;
      const sentence = lineTokens.filter((t) => t.at >= start && t.at < end).map((t) => t.text);
      if (sentence.length > 0) out.push(sentence);
    }
  }
  return { tokens: out.flat(), sentences: out };
}

function actual(text: string, language = 'und'): { tokens: string[]; sentences: string[][] } {
  const { tokens, sentenceStarts } = tokenize(text, language);
  for (const token of tokens) expect(text.slice(token.start, token.end)).toBe(token.text);
  return {
    tokens: tokens.map((t) => t.text),
    sentences: sentenceStarts.map((start, i) => tokens.slice(start, sentenceStarts[i + 1] ?? tokens.length).map((t) => t.text)),
  };
}

/** French and English prose with elisions, quotes, abbreviations and a few emoji, in paragraphs of any length. */
function prose(rng: Rng, paragraphs: number): string {
  const words = (
    "le la les un une des du de et que qui dans sur avec pour état élève forêt île rôle été année président " +
    "ministère accord traité région ville école université théâtre musée journal lettre naïve garçon déjà très où " +
    "the of and to in on for with from city river market council report minister treaty summit said made took " +
    "don't it's isn't o'clock aujourd’hui quelqu’un presqu’île M. Dr. etc. U.S. 3,5 1.000 12:30 2024"
  ).split(' ');
  const names = 'Marie Émile Zoë Hélène Paris Genève Québec ONU OTAN Unesco Airbus'.split(' ');
  const out: string[] = [];
  for (let p = 0; p < paragraphs; p++) {
    let text = '';
    const length = rng.int(40, 3000);
    while (text.length < length) {
      const quoted = rng.chance(0.06);
      text += quoted ? rng.pick(['« ', '“', '"']) : '';
      for (let i = rng.int(4, 16); i > 0; i--) {
        if (rng.chance(0.004)) text += `${rng.pick(['🙂', '🌍', '🇫🇷', '👍🏽'])} `;
        const word = rng.chance(0.1) ? rng.pick(names) : rng.chance(0.06) ? `${rng.pick(['l’', "d'", 'qu’', "n'", 'jusqu’'])}${rng.pick(names)}` : rng.pick(words);
        text += word + (i > 1 ? (rng.chance(0.07) ? ', ' : ' ') : '');
      }
      text += quoted ? rng.pick([' »', '”', '"']) : '';
      text += `${rng.pick(['.', '.', '.', '?', '!', '…', '.)'])} `;
    }
    out.push(text.trimEnd());
  }
  return out.join('\n');
}

// Weighted pieces: ordinary prose most of the time, and every character class whose rules differ.
const LOWER = 'abcdefghijklmnopqrstuvwxyzéèàçœßñøαβγжщ';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZÉÈÀÇŒÑØΩΔЖЩ';
const PUNCT = [...'!"#$%&()*+-/<=>?@[\\]^`{|}~«»‹›“”„‟–—…‐‑‒―¡¿§¶°€£¥¢©®™•†‡′″‰×÷±.\'’‘:·,;_'];
const SPACES = [' ', ' ', ' ', ' ', '\t', '\u00A0', '\u202F', '\u2009'];
const ODD = [
  '\u0301', '\u0327', '\u00AD', '\u200D', '\uFE0F', '😀', '👍', '🏽', '🇫', '🇷', '☺', '‼', '⁉', '東', '京', 'に', 'ア', 'ー',
  'ש', 'ל', '״', 'ا', 'ب', '،', '한', '국', 'ก', '๑', '¹', 'µ', 'ʼ', '\u2024', '。', '！', '？', '\u200B', '\uFEFF', '٣',
  '０', 'Ａ', 'ǃ', 'ª', '\u2028', '\x1c', '\x1f', '\x85',
];

function randomText(rng: Rng, length: number, odd = true): string {
  let text = '';
  while (text.length < length) {
    const r = rng.next();
    if (r < 0.45) {
      const n = rng.int(1, 7);
      let word = rng.chance(0.2) ? rng.pick([...UPPER]) : '';
      for (let i = 0; i < n; i++) word += rng.chance(0.08) ? rng.pick([...UPPER]) : rng.pick([...LOWER]);
      text += word;
    } else if (r < 0.55) text += String(rng.int(0, 999));
    else if (r < 0.75) text += rng.pick(SPACES);
    else if (r < 0.92) text += rng.pick(PUNCT);
    else if (r < 0.98) text += odd ? rng.pick(ODD) : ' ';
    else text += '\n';
  }
  return text;
}

describe('tokenize', () => {
  it('gives Intl.Segmenter’s words and sentences on random text of every character class', () => {
    const rng = new Rng(20261127);
    for (let i = 0; i < 3000; i++) {
      const text = randomText(rng, rng.int(1, 80));
      expect({ text, ...actual(text) }).toEqual({ text, ...reference(text) });
    }
    // and as often without the rarer characters, so that whole lines take the fast paths
    for (let i = 0; i < 3000; i++) {
      const text = randomText(rng, rng.int(1, 120), false);
      expect({ text, ...actual(text) }).toEqual({ text, ...reference(text) });
    }
  });

  it('gives Intl.Segmenter’s words and sentences on prose, lines of any length included', () => {
    const text = prose(new Rng(7), 300);
    const extra = '\nDr. Smith went to Washington D.C. yesterday. "Really?" she asked! e\u0301té 東京都に住む。 3.14 U.S.A. '.repeat(40);
    expect(actual(text + extra)).toEqual(reference(text + extra));
  });

  it('splits French elisions, straight or curly, and keeps lexicalised words whole', () => {
    const text = "L'OTAN et d’État, l’économie qu'il jusqu’à lorsqu'on puisqu’elle quoiqu'il j'ai m'a n'est s'il t'en c'est aujourd’hui presqu’île";
    expect(actual(text, 'fr').tokens).toEqual([
      "L'", 'OTAN', 'et', 'd’', 'État', ',', 'l’', 'économie', "qu'", 'il', 'jusqu’', 'à', "lorsqu'", 'on', 'puisqu’', 'elle',
      "quoiqu'", 'il', "j'", 'ai', "m'", 'a', "n'", 'est', "s'", 'il', "t'", 'en', "c'", 'est', 'aujourd’hui', 'presqu’île',
    ]);
    expect(actual("l'OTAN d’État", 'en').tokens).toEqual(["l'OTAN", 'd’État']);
    // also where the word goes to Intl.Segmenter (an emoji in it)
    expect(actual("l'OTAN😀", 'fr-CA').tokens).toEqual(["l'", 'OTAN', '😀']);
  });

  it('ends a sentence at every line break, and keeps a line’s sentences apart', () => {
    expect(actual('Il pleut. Il vente.\nNon').sentences).toEqual([['Il', 'pleut', '.'], ['Il', 'vente', '.'], ['Non']]);
  });
});

describe('languages', () => {
  it('detects French, English, German and others by their short words, deterministically', () => {
    expect(detectLanguage('Le président de la République a reçu les ministres dans son bureau et il a parlé.')).toBe('fr');
    expect(detectLanguage('The minister said that the treaty was signed in the morning and it is final.')).toBe('en');
    expect(detectLanguage('Der Minister sagte, dass die Regierung nicht mit dem Vertrag zufrieden ist.')).toBe('de');
    // words that several languages share ("de", "la") weigh less than a language's own
    expect(detectLanguage('Le président de la République parle de l’OTAN et de la défense.')).toBe('fr');
    expect(detectLanguage('El presidente de la República habla de la defensa y del ejército.')).toBe('es');
    expect(detectLanguage('東京都に住む。私は学生です。')).toBe('ja');
    expect(detectLanguage('Paris Berlin 2024')).toBe('und');
  });

  it('takes the export option first, then the metadata, then detection', () => {
    const doc = { name: 'a', text: 'The minister said that it was the end of the treaty.', meta: meta({ extra: { lang: 'fr-FR' } }), spans: [], relations: [] };
    expect(documentLanguage(doc)).toEqual({ language: 'fr', source: 'metadata' });
    expect(documentLanguage(doc, 'de')).toEqual({ language: 'de', source: 'export option' });
    expect(documentLanguage({ ...doc, meta: meta() })).toEqual({ language: 'en', source: 'detected' });
  });

  it('says which tokenisation each language present gets', () => {
    const fr = { name: 'fr', text: 'Le président de la République a reçu les ministres.', meta: meta(), spans: [], relations: [] };
    const en = { name: 'en', text: 'The minister said that the treaty was signed.', meta: meta(), spans: [], relations: [] };
    const notes = tokenisationNotes([fr, en, fr]);
    expect(notes.map((n) => [n.language, n.name, n.documents, n.sources])).toEqual([
      ['fr', 'French', 2, ['detected']],
      ['en', 'English', 1, ['detected']],
    ]);
    expect(notes[0]?.rule).toMatch(/elisions split as in the French treebanks/);
    expect(notes[1]?.rule).not.toMatch(/elision/);
  });
});
