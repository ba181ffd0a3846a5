// Tokens and sentences of a document text, for the formats that write tokens (CoNLL, WebAnno TSV,
// spaCy, Prodigy). One tokeniser for all of them, so a span lines up the same way in each.
//
// Words are Unicode word segments (UAX #29, as Intl.Segmenter's word granularity finds them; ICU
// dictionaries for Chinese, Japanese, Thai…) split at whitespace and at the controls Python counts
// as whitespace, which is dropped. In French, an elided article, pronoun, preposition or
// conjunction is a token of its own, as in the French treebanks (UD French GSD and Sequoia):
// `l'OTAN` → `l'` `OTAN`, `jusqu’à` → `jusqu’` `à`.
// Sentences are Intl.Segmenter's sentence segments (UAX #29), and a line break always ends one.
//
// Intl.Segmenter costs about 1 µs per segment and 25 µs per call, which is most of a CoNLL export
// of a large project. So the common case is done here, with the same rules: words made only of
// Latin, Greek and Cyrillic letters, ASCII digits and common punctuation by one regular expression,
// and sentence ends in lines of such text by UAX #29's sentence rules written out below. Anything
// else (emoji in words, CJK, Hebrew, other scripts and symbols) goes to Intl.Segmenter. Tests
// compare both paths with Intl.Segmenter over seeded random text.
import type { TokenisationNote } from '../contract';
import type { PortableDocument } from '../model';

export interface Token {
  /** UTF-16 offsets into the text, end exclusive */
  start: number;
  end: number;
  text: string;
}

export interface Tokenization {
  tokens: Token[];
  /** index of the first token of each sentence, ascending; sentences without tokens are left out */
  sentenceStarts: number[];
}

// A fixed locale, so that the same text always gives the same tokens, whoever exports it.
const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const wordSegmenter = new Intl.Segmenter('en', { granularity: 'word' });
const WINDOW = 1024;

/**
 * The segments of `text`, found a window at a time: V8 spends time in proportion to the whole
 * string on every segment it yields, which makes one pass over a long text quadratic. The last
 * two segments of a window may depend on what follows, so they are found again in the next one.
 */
function* segments(segmenter: Intl.Segmenter, text: string): Generator<{ segment: string; index: number }> {
  if (text.length <= WINDOW) {
    yield* segmenter.segment(text);
    return;
  }
  let from = 0;
  while (from < text.length) {
    for (let size = WINDOW; ; size *= 2) {
      const end = Math.min(text.length, from + size);
      const parts = Array.from(segmenter.segment(text.slice(from, end)), ({ segment, index }) => ({
        segment,
        index: from + index,
      }));
      if (end === text.length) {
        yield* parts;
        return;
      }
      const restart = parts.length >= 3 ? parts[parts.length - 2] : undefined;
      if (restart !== undefined) {
        yield* parts.slice(0, -2);
        from = restart.index;
        break;
      }
    }
  }
}

// ---- words

/** Letters the fast path knows the word rules of: all of them are ALetter in UAX #29. */
const LETTER = String.raw`[\p{L}&&[\p{sc=Latin}\p{sc=Greek}\p{sc=Cyrillic}]]`;
/** Combining marks and the soft hyphen belong to the character before them (UAX #29 WB4). */
const EXTEND = String.raw`[\p{M}\u00AD]`;
/** Letters and digits in a row, with their marks: always one word (WB5, WB8, WB9, WB10). */
const RUN = String.raw`[${LETTER}0-9][${LETTER}0-9${EXTEND}]*`;
const MIDDLE = `.'’‘:·,;`;
/** Punctuation and symbols that are a segment each (WB999), unless a mark follows them. */
const SINGLE = String.raw`[!"#$%&\(\)*+\-\/<=>?@\[\\\]\^\x60\{\|\}~«»‹›“”„‟–—…‐‑‒―¡¿§¶°€£¥¢©®™•†‡′″‰×÷±${MIDDLE}](?!${EXTEND})`;
/**
 * Either runs joined by middle characters (group 1; group 2 holds the joins when there are any,
 * checked in code by `joinedLength`), or a one-character token (group 3), or a character the fast
 * path does not know (group 4). No named group: V8 would make a `groups` object for every match.
 */
const FAST_TOKEN = new RegExp(String.raw`(${RUN}((?:[${MIDDLE}]${RUN})+)?)|(${SINGLE})|([^\s\x1c-\x1f\x85]|\uFEFF)`, 'gv');
const DIGIT = /[0-9]/;
const MARK = new RegExp(EXTEND, 'u');
/** Middle characters that join two letters (WB6, WB7) and two digits (WB11, WB12). */
const BETWEEN_LETTERS = new Set([...`.'’‘:·`]);
const BETWEEN_DIGITS = new Set([...`.,;'’‘`]);
/** At most this many words of a line go to Intl.Segmenter one by one; past that, the whole line does. */
const SLOW_WORDS_PER_LINE = 4;

/** How much of a group-1 match is one word: up to its first middle character that joins nothing. */
function joinedLength(word: string): number {
  for (let i = 1; i < word.length - 1; i++) {
    const middle = word[i] ?? '';
    if (!BETWEEN_LETTERS.has(middle) && !BETWEEN_DIGITS.has(middle)) continue;
    let before = i - 1;
    while (before > 0 && MARK.test(word[before] ?? '')) before--;
    const digits = [DIGIT.test(word[before] ?? ''), DIGIT.test(word[i + 1] ?? '')];
    const joins = digits[0] === digits[1] && (digits[0] ? BETWEEN_DIGITS : BETWEEN_LETTERS).has(middle);
    if (!joins) return i;
  }
  return word.length;
}

/** French elisions as the French treebanks split them; `aujourd’hui`, `presqu’île` stay whole. */
const ELISION = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’](?=\p{L})/iu;

function pushWord(tokens: Token[], start: number, text: string, french: boolean): void {
  const elided = french && (text.includes("'") || text.includes('’')) ? ELISION.exec(text) : null;
  if (elided) {
    const cut = elided[0].length;
    tokens.push({ start, end: start + cut, text: text.slice(0, cut) });
    tokens.push({ start: start + cut, end: start + text.length, text: text.slice(cut) });
    return;
  }
  tokens.push({ start, end: start + text.length, text });
}

/**
 * What tokens never hold: JavaScript's whitespace, and the controls that Python's str.split() takes
 * for whitespace too (information separators, next line), so that readers in either split alike.
 */
// eslint-disable-next-line no-control-regex -- those controls are the point
const SEPARATOR = /[\s\x1c-\x1f\x85]/u;
// eslint-disable-next-line no-control-regex -- as above
const NOT_SEPARATORS = /[^\s\x1c-\x1f\x85]+/gu;

/** Intl.Segmenter's words of `part` (which starts at `offset`), split at whitespace. */
function segmentWords(tokens: Token[], part: string, offset: number, french: boolean): void {
  for (const word of segments(wordSegmenter, part)) {
    const at = offset + word.index;
    if (!SEPARATOR.test(word.segment)) {
      pushWord(tokens, at, word.segment, french);
      continue;
    }
    // Splitting on whitespace too keeps any token free of column separators.
    for (const piece of word.segment.matchAll(NOT_SEPARATORS)) pushWord(tokens, at + piece.index, piece[0], french);
  }
}

/**
 * Whitespace that always separates segments: JavaScript's \s but the byte-order mark, which
 * Unicode treats as invisible formatting (`a.\uFEFFb` is one segment, then split at the mark).
 */
const isSpace = (char: string | undefined): boolean => char !== undefined && char !== '\uFEFF' && SEPARATOR.test(char);

/** The words of one line (no line break inside), appended to `tokens`; true when the fast path did them all. */
function lineWords(tokens: Token[], line: string, offset: number, french: boolean): boolean {
  const first = tokens.length;
  let slow = 0;
  FAST_TOKEN.lastIndex = 0;
  for (let match = FAST_TOKEN.exec(line); match !== null; match = FAST_TOKEN.exec(line)) {
    const [, word, joined, single] = match;
    if (word !== undefined) {
      const length = joined === undefined ? word.length : joinedLength(word);
      if (length < word.length) FAST_TOKEN.lastIndex = match.index + length;
      pushWord(tokens, offset + match.index, length < word.length ? word.slice(0, length) : word, french);
      continue;
    }
    if (single !== undefined) {
      tokens.push({ start: offset + match.index, end: offset + match.index + 1, text: single });
      continue;
    }
    // A character the fast path does not know: the whole whitespace-free chunk around it goes to
    // Intl.Segmenter, whose segments never cross whitespace boundaries the chunk ends at.
    if (++slow > SLOW_WORDS_PER_LINE) {
      tokens.length = first;
      segmentWords(tokens, line, offset, french);
      return false;
    }
    let chunkStart = match.index;
    while (chunkStart > 0 && !isSpace(line[chunkStart - 1])) chunkStart--;
    let chunkEnd = match.index + match[0].length;
    while (chunkEnd < line.length && !isSpace(line[chunkEnd])) chunkEnd++;
    while (tokens.length > first && (tokens[tokens.length - 1]?.start ?? 0) >= offset + chunkStart) tokens.pop();
    // With the whitespace on either side, as in the line: a mark after a space joins the next word.
    const from = Math.max(0, chunkStart - 1);
    segmentWords(tokens, line.slice(from, chunkEnd + 1), offset + from, french);
    FAST_TOKEN.lastIndex = chunkEnd;
  }
  return slow === 0;
}

// ---- sentences

/** Lines made only of these characters have their sentence ends found by the rules below. */
const SENTENCE_FAST_LINE = new RegExp(
  // (variation selectors are marks; the zero-width joiner is apart, as it joins emoji)
  String.raw`^(?:[${LETTER}\p{M}\u00AD0-9 \t\u00A0\u202F\u2009!"#$%&\(\)*+\-\/<=>?@\[\\\]\^\x60\{\|\}~«»‹›“”„‟–—…‐‑‒―¡¿§¶°€£¥¢©®™•†‡′″‰×÷±.'’‘:·,;_\p{Emoji_Modifier}\p{Regional_Indicator}[\p{Extended_Pictographic}--\p{Sentence_Terminal}]]|\u200D)*$`,
  'v',
);
/** UAX #29 sentence-break classes of the characters such lines hold. */
const EXTEND_OR_FORMAT = /[\p{M}\u00AD]|\u200D/u;
const SENTENCE_SPACE = /[ \t\u00A0\u202F\u2009]/u;
const CLOSE = /[()[\]{}"'«»‹›“”„‟‘’]/u;
const SCONTINUE = /[,\-:;–—]/u;
const TERMINAL = /[.!?]/u;
const LOWER = /\p{Lowercase}/u;
const UPPER = /[\p{Uppercase}\p{Lt}]/u;
const LETTER_LIKE = /[\p{Alphabetic}.!?]/u;

/**
 * Where sentences start in a line of fast-path text (UAX #29 rules SB5 to SB11), as offsets into
 * the line; 0 is not included.
 */
function fastSentenceStarts(line: string): number[] {
  const starts: number[] = [];
  const at = (i: number): string => line[i] ?? '';
  const skipExtend = (i: number): number => {
    while (i < line.length && EXTEND_OR_FORMAT.test(at(i))) i++;
    return i;
  };
  for (const match of line.matchAll(/[.!?]/gu)) {
    const terminal = match.index;
    let next = skipExtend(terminal + 1);
    if (match[0] === '.') {
      // SB6: a full stop before a digit; SB7: between letters, as in "U.S." or "e.g".
      if (/[0-9]/u.test(at(next))) continue;
      let before = terminal - 1;
      while (before >= 0 && EXTEND_OR_FORMAT.test(at(before))) before--;
      const cased = LOWER.test(at(before)) || UPPER.test(at(before));
      if (cased && !EXTEND_OR_FORMAT.test(at(before)) && UPPER.test(at(next))) continue;
    }
    while (next < line.length && CLOSE.test(at(next))) next = skipExtend(next + 1);
    while (next < line.length && SENTENCE_SPACE.test(at(next))) next = skipExtend(next + 1);
    if (next >= line.length) continue;
    // SB8a: a comma, colon, dash… or another terminal goes on with the same sentence.
    if (SCONTINUE.test(at(next)) || TERMINAL.test(at(next))) continue;
    if (match[0] === '.') {
      // SB8: a full stop followed, after anything but letters, by a lowercase letter ends nothing.
      let look = next;
      while (look < line.length && (EXTEND_OR_FORMAT.test(at(look)) || !LETTER_LIKE.test(at(look)))) look++;
      if (LOWER.test(at(look)) && !EXTEND_OR_FORMAT.test(at(look))) continue;
    }
    starts.push(next);
  }
  return starts;
}

/** Whitespace (and separator controls) other than what the sentence rules below know. */
// eslint-disable-next-line no-control-regex -- separator controls, which the word pass skips
const OTHER_SPACE = /[^\S \t\u00A0\u202F\u2009]|[\x1c-\x1f\x85]/u;

/**
 * Where sentences start in a line, by whichever path its characters allow; 0 is not included.
 * `wordsFast` says the word pass met only characters it knows, which the sentence rules know too.
 */
function lineSentenceStarts(line: string, wordsFast: boolean): number[] {
  if (wordsFast ? !OTHER_SPACE.test(line) : SENTENCE_FAST_LINE.test(line)) return fastSentenceStarts(line);
  const starts: number[] = [];
  for (const sentence of segments(sentenceSegmenter, line)) if (sentence.index > 0) starts.push(sentence.index);
  return starts;
}

/** Tokens and sentences of `text`; `language` (a BCP 47 tag) chooses the French rules for "fr". */
export function tokenize(text: string, language = 'und'): Tokenization {
  const french = primaryLanguage(language) === 'fr';
  const tokens: Token[] = [];
  const sentenceStarts: number[] = [];
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const first = tokens.length;
    const wordsFast = lineWords(tokens, line, lineStart, french);
    if (tokens.length > first) {
      sentenceStarts.push(first);
      let t = first;
      for (const start of lineSentenceStarts(line, wordsFast)) {
        while (t < tokens.length && (tokens[t]?.start ?? 0) < lineStart + start) t++;
        if (t < tokens.length && sentenceStarts[sentenceStarts.length - 1] !== t) sentenceStarts.push(t);
      }
    }
    lineStart += line.length + 1;
  }
  return { tokens, sentenceStarts };
}

// ---- languages

/** The primary subtag of a BCP 47 tag, lower case: "fr" for "fr-CA". */
export function primaryLanguage(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/** Frequent short words of each language the detector tells apart: articles, pronouns, prepositions. */
const STOP_WORDS: Readonly<Record<string, readonly string[]>> = {
  fr: ['le', 'la', 'les', 'de', 'des', 'du', 'un', 'et', 'en', 'ne', 'se', 'son', 'sa', 'ses', 'on', 'est', 'une', 'dans', 'pour', 'que', 'qui', 'pas', 'sur', 'au', 'aux', 'avec', 'ce', 'il', 'elle', 'nous', 'vous', 'mais', 'ou', 'sont', 'été', 'cette', 'leur', 'par', 'à'],
  en: ['the', 'and', 'of', 'to', 'is', 'in', 'that', 'it', 'was', 'for', 'on', 'are', 'with', 'as', 'be', 'at', 'by', 'this', 'from', 'or', 'have', 'an', 'which', 'were', 'but', 'not', 'had', 'his', 'her', 'they'],
  de: ['der', 'die', 'das', 'und', 'ist', 'nicht', 'ein', 'eine', 'zu', 'den', 'mit', 'von', 'sich', 'des', 'auf', 'für', 'im', 'dem', 'auch', 'es', 'an', 'werden', 'aus', 'er', 'sie', 'nach', 'wird', 'bei', 'einer', 'um'],
  es: ['el', 'la', 'los', 'las', 'de', 'del', 'un', 'y', 'en', 'que', 'por', 'con', 'para', 'una', 'es', 'se', 'lo', 'como', 'más', 'pero', 'sus', 'al', 'fue', 'este', 'ha', 'sí', 'porque', 'esta', 'entre', 'cuando', 'muy', 'sin', 'sobre'],
  it: ['il', 'la', 'le', 'un', 'e', 'in', 'di', 'che', 'non', 'per', 'una', 'sono', 'della', 'gli', 'nel', 'alla', 'del', 'con', 'è', 'si', 'da', 'lo', 'come', 'anche', 'ma', 'dei', 'delle', 'nella', 'questo', 'più', 'loro', 'essere', 'ha', 'sua', 'tra'],
  pt: ['o', 'os', 'as', 'um', 'uma', 'de', 'e', 'do', 'da', 'dos', 'das', 'em', 'no', 'na', 'que', 'não', 'com', 'para', 'por', 'mais', 'como', 'mas', 'ao', 'se', 'foi', 'é', 'são', 'pelo', 'pela', 'seu', 'sua', 'também'],
  nl: ['de', 'het', 'een', 'en', 'van', 'is', 'dat', 'op', 'te', 'zijn', 'niet', 'met', 'voor', 'er', 'maar', 'om', 'ook', 'als', 'bij', 'nog', 'wordt', 'door', 'naar', 'dit', 'deze', 'hij', 'zij', 'ze', 'was', 'uit'],
};
const STOP_INDEX: ReadonlyMap<string, readonly string[]> = (() => {
  const index = new Map<string, string[]>();
  for (const [language, words] of Object.entries(STOP_WORDS)) {
    for (const word of words) index.set(word, [...(index.get(word) ?? []), language]);
  }
  return index;
})();
const NOT_LATIN = new RegExp(String.raw`[\p{L}--\p{sc=Latin}]`, 'v');
/** Languages told by their script when their words are not in STOP_WORDS. */
const SCRIPTS: readonly [string, RegExp][] = [
  ['zh', /\p{sc=Han}/gu],
  ['ko', /\p{sc=Hangul}/gu],
  ['ar', /\p{sc=Arabic}/gu],
  ['he', /\p{sc=Hebrew}/gu],
  ['el', /\p{sc=Greek}/gu],
  ['ru', /\p{sc=Cyrillic}/gu],
];
/** Enough words to tell a language (some 350), few enough to stay instant on a book. */
const SAMPLE_CHARS = 2000;

/**
 * The language of a text, by its most frequent short words (or its script for Chinese, Japanese,
 * Korean, Arabic, Hebrew, Greek, Russian): a BCP 47 primary tag, or "und" when unsure.
 * Deterministic: the same text always gives the same answer.
 */
export function detectLanguage(text: string): string {
  const scores = new Map<string, number>();
  for (const word of text.slice(0, SAMPLE_CHARS).toLowerCase().split(/\P{L}+/u)) {
    // a word several languages share ("de", "la") counts for each of them in part
    const languages = STOP_INDEX.get(word) ?? [];
    for (const language of languages) scores.set(language, (scores.get(language) ?? 0) + 1 / languages.length);
  }
  const ranked = [...scores].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const [best, second] = ranked;
  if (best && best[1] >= 2 && best[1] >= 1.5 * (second?.[1] ?? 0)) return best[0];
  // Otherwise the script most letters are in; `replace` counts without an array per letter.
  const sample = text.slice(0, SAMPLE_CHARS);
  if (!NOT_LATIN.test(sample)) return 'und';
  const letters = sample.replace(/\P{L}/gu, '').length;
  const share = (others: RegExp): number => (letters - sample.replace(others, '').replace(/\P{L}/gu, '').length) / Math.max(1, letters);
  if (share(/[\p{sc=Hiragana}\p{sc=Katakana}]/gu) > 0.1) return 'ja';
  for (const [language, script] of SCRIPTS) if (share(script) > 0.5) return language;
  return 'und';
}

/** How the language of a document was settled. */
export type LanguageSource = TokenisationNote['sources'][number];

/**
 * The language a document is tokenised in: the export's choice when it forces one, else the
 * document's metadata (`language` or `lang`, as HTML and EPUB give it), else detection.
 */
export function documentLanguage(doc: PortableDocument, forced?: string): { language: string; source: LanguageSource } {
  if (forced !== undefined && forced !== 'auto') return { language: primaryLanguage(forced) || 'und', source: 'export option' };
  const declared = doc.meta.extra?.['language'] ?? doc.meta.extra?.['lang'];
  if (declared !== undefined && primaryLanguage(declared) !== '') return { language: primaryLanguage(declared), source: 'metadata' };
  return { language: detectLanguage(doc.text), source: 'detected' };
}

/** The tokens of a document in its language (see documentLanguage). */
export function tokenizeDocument(doc: PortableDocument, forced?: string): Tokenization {
  return tokenize(doc.text, documentLanguage(doc, forced).language);
}

const UNICODE_RULE =
  'Unicode word boundaries (UAX #29; Chinese, Japanese and Thai words from a dictionary); punctuation is a token; sentences by UAX #29';
const FRENCH_RULE = 'Unicode word boundaries, and elisions split as in the French treebanks (l’ + OTAN, jusqu’ + à); sentences by UAX #29';

function languageName(language: string): string {
  if (language === 'und') return 'Undetermined';
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
}

/** One note per language present in `docs`, most documents first. */
export function tokenisationNotes(docs: readonly PortableDocument[], forced?: string): TokenisationNote[] {
  const byLanguage = new Map<string, TokenisationNote>();
  for (const doc of docs) {
    const { language, source } = documentLanguage(doc, forced);
    const note = byLanguage.get(language) ?? {
      language,
      name: languageName(language),
      documents: 0,
      sources: [],
      rule: language === 'fr' ? FRENCH_RULE : UNICODE_RULE,
    };
    note.documents++;
    if (!note.sources.includes(source)) note.sources.push(source);
    byLanguage.set(language, note);
  }
  return [...byLanguage.values()].sort((a, b) => b.documents - a.documents || a.language.localeCompare(b.language));
}
