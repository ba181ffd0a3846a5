import { describe, expect, test } from 'vitest';
import { checkSize, DEFAULT_SIZE_LIMIT, detectDatePrefix, normaliseText, sha256Hex } from '../../../src-main/extract/index';

describe('normaliseText', () => {
  test('removes a leading BOM and turns CRLF and lone CR into LF, counting each', () => {
    expect(normaliseText('\uFEFFun\r\ndeux\rtrois\r\n\r\nquatre\n')).toEqual({
      text: 'un\ndeux\ntrois\n\nquatre\n',
      normalisation: { bomRemoved: true, crlfToLf: 3, crToLf: 1 },
    });
  });

  test('leaves everything else as it was: inner BOM-like characters, emoji, combining accents', () => {
    const text = 'Cafe\u0301 👍🏽\tfin\u00A0!\uFEFF';
    expect(normaliseText(text)).toEqual({ text, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } });
  });
});

describe('sha256Hex', () => {
  test('hashes the UTF-8 bytes of the text', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('\u00E9')).toBe('4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c');
    expect(sha256Hex('e\u0301')).not.toBe(sha256Hex('\u00E9'));
  });
});

describe('detectDatePrefix', () => {
  test.each([
    ['date 2022-02 Le conseil municipal s’est réuni.', '2022-02'],
    [' date 2022-02 Le texte commence après une espace.', '2022-02'],
    ['date 2022-02-24\nPremier paragraphe.', '2022-02-24'],
    ['Date: 2021-11-30 compte rendu', '2021-11-30'],
  ])('finds the date in %j', (text, date) => {
    expect(detectDatePrefix(text)).toBe(date);
  });

  test.each([
    ['Le texte commence sans date 2022-02'],
    ['date 2022-13 mois impossible'],
    ['date 2022-02-32 jour impossible'],
    ['date 2022-021 nombre trop long'],
    ['dated 2022-02 autre mot'],
    ['date2022-02 sans séparateur'],
  ])('finds none in %j', (text) => {
    expect(detectDatePrefix(text)).toBeUndefined();
  });
});

describe('checkSize', () => {
  test('refuses a file over the limit, saying both sizes', () => {
    const error = checkSize(312 * 1024 * 1024, DEFAULT_SIZE_LIMIT);
    expect(error?.code).toBe('too-large');
    expect(error?.message).toBe('too large: 312 MB, limit 100 MB');
  });

  test('defaults to 100 MB and accepts a file at the limit', () => {
    expect(checkSize(DEFAULT_SIZE_LIMIT)).toBeNull();
    expect(checkSize(DEFAULT_SIZE_LIMIT + 1)?.message).toBe('too large: 100 MB, limit 100 MB');
  });

  test('speaks in the unit that fits', () => {
    expect(checkSize(1536 * 1024, 1024 * 1024)?.message).toBe('too large: 1.5 MB, limit 1 MB');
    expect(checkSize(2000, 1000)?.message).toBe('too large: 2 KB, limit 1000 bytes');
  });
});
