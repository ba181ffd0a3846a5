// The tokeniser's edges that the comparison with Intl.Segmenter (tokens.test.ts) does not reach:
// language tags, detection by script and its thresholds, the notes an export shows, and the word and
// sentence rules at the places the fast path decides alone. Written for the mutants that survived it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { detectLanguage, documentLanguage, primaryLanguage, tokenisationNotes, tokenize } from '../../../src-main/formats/tokens';
import type { PortableDocument } from '../../../src-main/model';
import { meta } from './documents';

const doc = (name: string, text: string, extra?: Record<string, string>): PortableDocument => ({
  name,
  text,
  meta: meta(extra ? { extra } : {}),
  spans: [],
  relations: [],
});

const texts = (text: string, language?: string): string[] => tokenize(text, language).tokens.map((t) => t.text);

describe('language tags', () => {
  it('takes the primary subtag, lower case, whatever the separator or the spaces around it', () => {
    expect(primaryLanguage('fr-CA')).toBe('fr');
    expect(primaryLanguage('  PT_br ')).toBe('pt');
    expect(primaryLanguage('EN')).toBe('en');
    expect(primaryLanguage('')).toBe('');
  });

  it('an export option of "auto" or an empty one does not force a language', () => {
    const english = doc('a', 'The minister said that the treaty was signed in the morning.');
    expect(documentLanguage(english, 'auto')).toEqual({ language: 'en', source: 'detected' });
    expect(documentLanguage(english, '')).toEqual({ language: 'und', source: 'export option' });
    expect(documentLanguage(english, 'FR-be')).toEqual({ language: 'fr', source: 'export option' });
  });

  it('reads `language` before `lang`, and ignores metadata that names no language', () => {
    const text = 'The minister said that the treaty was signed in the morning.';
    expect(documentLanguage(doc('a', text, { language: 'de-AT', lang: 'fr' }))).toEqual({ language: 'de', source: 'metadata' });
    expect(documentLanguage(doc('a', text, { lang: 'it' }))).toEqual({ language: 'it', source: 'metadata' });
    expect(documentLanguage(doc('a', text, { language: ' ' }))).toEqual({ language: 'en', source: 'detected' });
    expect(documentLanguage(doc('a', text, { lang: '-x' }))).toEqual({ language: 'en', source: 'detected' });
  });

  it('tokenises in the document’s language: French elisions only for French', () => {
    const text = "l'OTAN";
    expect(tokenize(text, 'fr').tokens.map((t) => t.text)).toEqual(["l'", 'OTAN']);
    expect(tokenize(text).tokens.map((t) => t.text)).toEqual(["l'OTAN"]);
  });
});

describe('language detection', () => {
  it('tells each script-written language by its letters', () => {
    expect(detectLanguage('北京是中华人民共和国的首都')).toBe('zh');
    expect(detectLanguage('서울은 대한민국의 수도이다')).toBe('ko');
    expect(detectLanguage('القاهرة عاصمة مصر')).toBe('ar');
    expect(detectLanguage('ירושלים היא עיר')).toBe('he');
    expect(detectLanguage('Αθήνα πρωτεύουσα Ελλάδα')).toBe('el');
    expect(detectLanguage('Москва столица России')).toBe('ru');
    expect(detectLanguage('カタカナ漢字漢字漢字漢字漢字漢字漢字漢字')).toBe('ja');
  });

  it('needs most of the letters in the script, and a tenth in kana for Japanese', () => {
    // one Cyrillic letter among Latin ones is not Russian; half and a bit is
    expect(detectLanguage('Paris Berlin Lyon Ж')).toBe('und');
    expect(detectLanguage('abcd Москв')).toBe('ru');
    expect(detectLanguage('abcde Москв')).toBe('und');
    // kana: a tenth of the letters is not enough, more is
    expect(detectLanguage('漢字漢字漢字漢字漢か')).toBe('zh');
    expect(detectLanguage('漢字漢字漢字漢字かな')).toBe('ja');
    // marks and digits are not letters: they count for no script
    expect(detectLanguage('Москва 1234567890 !!! ... ,,,, Paris')).toBe('ru');
  });

  it('needs two stop words, and one language half as frequent again as the next', () => {
    expect(detectLanguage('the')).toBe('und');
    expect(detectLanguage('the and')).toBe('en');
    // 2 English, 2 German: a tie is not a language
    expect(detectLanguage('the and der und')).toBe('und');
    // 3 English, 2 German: 1.5 times as many
    expect(detectLanguage('the and of der und')).toBe('en');
    // "de" is shared by French, Spanish, Portuguese and Dutch: a quarter each
    expect(detectLanguage('de de de de de de de de')).toBe('und');
    // "le" is French only: 1 + ¼ + ⅓ is not yet two words; one more "les" is
    expect(detectLanguage('le de la')).toBe('und');
    expect(detectLanguage('le de la les')).toBe('fr');
    // the most frequent language wins, wherever its words come
    expect(detectLanguage('the der die das')).toBe('de');
    expect(detectLanguage('der the and of')).toBe('en');
  });

  it('reads only the first 2,000 characters, whatever follows', () => {
    const english = 'the and of to is in that it was for '.repeat(60).slice(0, 2000);
    expect(detectLanguage(english + ' der die das und ist nicht ein eine zu den mit von'.repeat(100))).toBe('en');
    expect(detectLanguage('x '.repeat(1000) + 'Москва столица России')).toBe('und');
    expect(detectLanguage(' '.repeat(2000) + 'Москва столица России')).toBe('und');
  });

  it('is the same whatever order the ties come in', () => {
    // French and Spanish tie on "de" and "la"; past that, the answer is undetermined either way
    expect(detectLanguage('la de')).toBe('und');
    expect(detectLanguage('de la')).toBe('und');
  });
});

describe('tokenisation notes', () => {
  it('names undetermined and unknown languages, counts documents, and lists each source once', () => {
    const notes = tokenisationNotes([doc('a', 'Paris 2024'), doc('b', 'Berlin'), doc('c', 'x', { language: 'qaa' }), doc('d', 'y', { language: 'qaa' })]);
    expect(notes.map((n) => [n.language, n.name, n.documents, n.sources])).toEqual([
      ['qaa', 'qaa', 2, ['metadata']],
      ['und', 'Undetermined', 2, ['detected']],
    ]);
  });

  it('keeps a language’s sources in the order met, and sorts ties by language', () => {
    const notes = tokenisationNotes([doc('a', 'x', { lang: 'de' }), doc('b', 'der die das und ist nicht'), doc('c', 'x', { lang: 'it' })]);
    expect(notes.map((n) => [n.language, n.name, n.documents, n.sources])).toEqual([
      ['de', 'German', 2, ['metadata', 'detected']],
      ['it', 'Italian', 1, ['metadata']],
    ]);
    expect(tokenisationNotes([doc('a', 'x', { lang: 'it' }), doc('b', 'x', { lang: 'de' })]).map((n) => n.language)).toEqual(['de', 'it']);
    const forced = tokenisationNotes([doc('a', 'x', { lang: 'it' })], 'fr');
    expect(forced.map((n) => [n.language, n.name, n.sources])).toEqual([['fr', 'French', ['export option']]]);
    expect(forced[0]?.rule).toMatch(/elisions/);
  });

  it('a tag Intl.DisplayNames refuses is shown as it is', () => {
    expect(tokenisationNotes([doc('a', 'x', { language: 'a1' })]).map((n) => n.name)).toEqual(['a1']);
  });
});

describe('words the fast path decides', () => {
  it('splits French elisions only before a letter, and only when an apostrophe is there', () => {
    expect(texts("l'2 l'É qu’on lé", 'fr')).toEqual(['l', "'", '2', "l'", 'É', 'qu’', 'on', 'lé']);
    expect(texts("aujourd'hui s'", 'fr')).toEqual(["aujourd'hui", 's', "'"]);
  });

  it('joins letters and digits across the middle characters UAX #29 allows, and nothing else', () => {
    expect(texts('e.g a:b l’a 3,5 3.5 3;5 a,b a;b 3:5 a.3 3.a')).toEqual([
      'e.g', 'a:b', 'l’a', '3,5', '3.5', '3;5', 'a', ',', 'b', 'a', ';', 'b', '3', ':', '5', 'a', '.', '3', '3', '.', 'a',
    ]);
    // a mark between the letter and the middle character does not hide the letter
    expect(texts('e\u0301.g e\u0301,3')).toEqual(['e\u0301.g', 'e\u0301', ',', '3']);
    expect(texts('3\u0301,5 3\u0301.a')).toEqual(['3\u0301,5', '3\u0301', '.', 'a']);
    // a word is cut at the first middle character that joins nothing, and the rest read again
    expect(texts('ab.cd,ef.gh')).toEqual(['ab.cd', ',', 'ef.gh']);
    expect(texts("it's.")).toEqual(["it's", '.']);
  });

  it('a punctuation mark before a combining mark is left to Intl.Segmenter', () => {
    const text = 'a!\u0301 b';
    expect(tokenize(text).tokens).toEqual([
      { start: 0, end: 1, text: 'a' },
      { start: 1, end: 3, text: '!\u0301' },
      { start: 4, end: 5, text: 'b' },
    ]);
  });

  it('a character the fast path does not know sends its whole chunk to Intl.Segmenter, with the right offsets', () => {
    expect(tokenize('ab 東京x.y cd').tokens).toEqual([
      { start: 0, end: 2, text: 'ab' },
      { start: 3, end: 5, text: '東京' },
      { start: 5, end: 8, text: 'x.y' },
      { start: 9, end: 11, text: 'cd' },
    ]);
    // the chunk starts after the space before it, even when the line starts with it
    expect(tokenize('東 a').tokens.map((t) => [t.start, t.text])).toEqual([
      [0, '東'],
      [2, 'a'],
    ]);
    // a mark after a space is not lost when the chunk is taken
    expect(tokenize('a \u0301東').tokens.map((t) => [t.start, t.end])).toEqual(
      Array.from(new Intl.Segmenter('en', { granularity: 'word' }).segment('a \u0301東'))
        .flatMap((s) => [...s.segment.matchAll(/\S+/gu)].map((m) => [s.index + m.index, s.index + m.index + m[0].length])),
    );
  });

  it('more than four unknown words in a line: the whole line goes to Intl.Segmenter, without tokens twice', () => {
    const line = 'a 東 b 京 c 都 d に e 住 f';
    const { tokens } = tokenize(line);
    expect(tokens.map((t) => t.text)).toEqual(['a', '東', 'b', '京', 'c', '都', 'd', 'に', 'e', '住', 'f']);
    for (const t of tokens) expect(line.slice(t.start, t.end)).toBe(t.text);
    const four = 'a 東 b 京 c 都 d に e';
    expect(tokenize(four).tokens.map((t) => t.text)).toEqual(['a', '東', 'b', '京', 'c', '都', 'd', 'に', 'e']);
  });

  it('splits at the controls Python counts as whitespace, and keeps the byte-order mark out of spaces', () => {
    expect(texts('a\x1cb\x1fc\x85d')).toEqual(['a', 'b', 'c', 'd']);
    expect(texts('東\x1c東')).toEqual(['東', '東']);
  });
});

describe('sentences the fast path decides', () => {
  const sentences = (text: string): string[][] => {
    const { tokens, sentenceStarts } = tokenize(text);
    return sentenceStarts.map((s, i) => tokens.slice(s, sentenceStarts[i + 1] ?? tokens.length).map((t) => t.text));
  };

  it('follows UAX #29 around full stops: numbers, abbreviations, closing quotes, lower case after', () => {
    expect(sentences('It is 3.5 m. Then')).toEqual([['It', 'is', '3.5', 'm', '.'], ['Then']]);
    expect(sentences('U.S.A is')).toEqual([['U.S.A', 'is']]);
    expect(sentences('He said "no." Then')).toEqual([['He', 'said', '"', 'no', '.', '"'], ['Then']]);
    expect(sentences('etc. and more')).toEqual([['etc', '.', 'and', 'more']]);
    expect(sentences('etc. (and more')).toEqual([['etc', '.', '(', 'and', 'more']]);
    // SB8: past digits and spaces, a lower-case word still goes on with the sentence
    expect(sentences('Stop. 3 left')).toEqual([['Stop', '.', '3', 'left']]);
    expect(sentences('Stop. 3 Left')).toEqual([['Stop', '.'], ['3', 'Left']]);
    expect(sentences('Why? no')).toEqual([['Why', '?'], ['no']]);
    expect(sentences('Wait!, he said')).toEqual([['Wait', '!', ',', 'he', 'said']]);
    expect(sentences('Wait!? No')).toEqual([['Wait', '!', '?'], ['No']]);
    expect(sentences('Wait.')).toEqual([['Wait', '.']]);
    expect(sentences('A.\u0301B c')).toEqual(sentences('A.\u0301B c'.normalize('NFD')));
  });

  it('agrees with Intl.Segmenter on the cases the fast rules single out', () => {
    const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
    const cases = [
      'a.B c', 'a. B c', 'A.b c', 'é.\u0301B c', 'x.\u0301 Y', 'Ok.) Next', 'Ok. ) Next', 'Ok.\u00A0Next', 'Ok.\u202FNext',
      'Ok.\tNext', 'Ok. - next', 'Ok. — Next', 'Ok.\u0301 next', 'Ok. ( next', 'Ok. 1 next', 'Ok. «next', 'A.1 b', 'Ok.\u200DNext',
      'end. \u00ADNext', 'ae\u0301.B c', 'A\u0301.B c', 'b.\uFEFFC d', '東a.\uFEFFb c', 'Hi! Ok', 'U.S. Army', 'U.S.A. is', 'Mr. Smith', 'pp. 3 Ok', 'no. ) x', 'No.\u0301\u0301 Yes',
    ];
    for (const text of cases) {
      const starts = Array.from(segmenter.segment(text), (s) => s.index).filter((i) => i > 0);
      const { tokens, sentenceStarts } = tokenize(text);
      const expected = [0, ...starts].map((s) => tokens.findIndex((t) => t.start >= s)).filter((i, k, all) => i >= 0 && all.indexOf(i) === k);
      expect({ text, starts: sentenceStarts }).toEqual({ text, starts: expected });
    }
  });
});

describe('long texts', () => {
  it('gives the same tokens a window at a time as in one pass, across window edges', () => {
    const segmenter = new Intl.Segmenter('en', { granularity: 'word' });
    // one line of unknown characters, so that the whole line goes to Intl.Segmenter, longer than a window
    for (const length of [1023, 1024, 1025, 2049, 5000]) {
      const text = Array.from({ length }, (_, i) => (i % 7 === 6 ? ' ' : i % 5 === 0 ? '東' : 'ש')).join('').slice(0, length);
      const expected = Array.from(segmenter.segment(text)).filter((s) => /\S/u.test(s.segment)).map((s) => [s.index, s.segment]);
      expect(tokenize(text).tokens.map((t) => [t.start, t.text])).toEqual(expected);
    }
  });
});

describe('the fast path', () => {
  // Intl.Segmenter costs some 25 µs a call: plain text must not reach it, and text that does must reach
  // it in small pieces (see the head of tokens.ts). The tokens are the same either way, so only the
  // calls tell the paths apart.
  afterEach(() => vi.restoreAllMocks());
  const calls = (text: string): Array<[string, string]> => {
    const spy = vi.spyOn(Intl.Segmenter.prototype, 'segment');
    tokenize(text);
    const seen = spy.mock.calls.map(([input], i): [string, string] => [(spy.mock.contexts[i] as Intl.Segmenter).resolvedOptions().granularity, input]);
    spy.mockRestore();
    return seen;
  };

  it('does not call Intl.Segmenter on lines of Latin, Greek and Cyrillic words, digits and punctuation', () => {
    expect(calls('Le 3 mars, l’ONU (à Genève) a dit « non » ; U.S. 3,5 % — fin. Ζεύς и Москва!')).toEqual([]);
  });

  it('sends it only the chunk around a character it does not know', () => {
    expect(calls('ab 東京 cd')).toEqual([
      ['word', ' 東京 '],
      ['sentence', 'ab 東京 cd'],
    ]);
    expect(calls('ab 東京x cd.')).toEqual([
      ['word', ' 東京x '],
      ['sentence', 'ab 東京x cd.'],
    ]);
  });

  it('sends it a chunk at a time up to four, then the whole line once', () => {
    const four = 'a 東 b 京 c 都 d に e';
    expect(calls(four)).toEqual([
      ['word', ' 東 '],
      ['word', ' 京 '],
      ['word', ' 都 '],
      ['word', ' に '],
      ['sentence', four],
    ]);
    const five = 'a 東 b 京 c 都 d に e 住 f';
    expect(calls(five)).toEqual([
      ['word', ' 東 '],
      ['word', ' 京 '],
      ['word', ' 都 '],
      ['word', ' に '],
      ['word', five],
      ['sentence', five],
    ]);
  });

  it('segments a long line a window at a time', () => {
    const line = Array.from({ length: 5000 }, (_, i) => (i % 7 === 6 ? ' ' : i % 5 === 0 ? '東' : 'ש')).join('');
    const words = calls(line).filter(([granularity]) => granularity === 'word');
    expect(words.length).toBeGreaterThan(4);
    for (const [, input] of words) expect(input.length).toBeLessThanOrEqual(1024);
  });
});
