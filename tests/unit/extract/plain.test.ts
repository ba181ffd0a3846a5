import iconv from 'iconv-lite';
import { describe, expect, test } from 'vitest';
import { extract, ExtractError, sniffBinary, type Extracted } from '../../../src-main/extract/index';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const NO_CHANGE = { bomRemoved: false, crlfToLf: 0, crToLf: 0 };

async function failure(bytes: Uint8Array, name: string): Promise<ExtractError> {
  const error: unknown = await extract(bytes, name).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ExtractError)) throw new Error(`expected an ExtractError, got ${String(error)}`);
  return error;
}

describe('plain text encodings', () => {
  const text = 'Les élèves ont visité l’Œuvre de Jean-Marc. Café, crème, naïf : 20 € !';

  test('UTF-8 without BOM', async () => {
    expect(await extract(utf8(text), 'note.txt')).toEqual<Extracted>({
      text,
      meta: { format: 'txt', encoding: 'utf-8', normalisation: NO_CHANGE },
    });
  });

  test('UTF-8 with BOM: the BOM is removed and recorded', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
    const { text: stored, meta } = await extract(bytes, 'note.text');
    expect(stored).toBe(text);
    expect(meta.encoding).toBe('utf-8');
    expect(meta.normalisation).toEqual({ bomRemoved: true, crlfToLf: 0, crToLf: 0 });
  });

  test('UTF-16 LE with BOM, emoji and combining accents intact', async () => {
    const withAstral = `${text} 👍🏽 e\u0301`;
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from(withAstral, 'utf16le')]);
    const { text: stored, meta } = await extract(bytes, 'note.txt');
    expect(stored).toBe(withAstral);
    expect(meta.encoding).toBe('utf-16le');
    expect(meta.normalisation.bomRemoved).toBe(true);
  });

  test('UTF-16 BE with BOM', async () => {
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    const { text: stored, meta } = await extract(new Uint8Array([0xfe, 0xff, ...be]), 'note.txt');
    expect(stored).toBe(text);
    expect(meta.encoding).toBe('utf-16be');
  });

  test('Windows-1252 French accents, œ and € included', async () => {
    const french = 'Le café à côté : ça coûte 5 € pour un cœur. é à ç œ €';
    const { text: stored, meta } = await extract(iconv.encode(french, 'windows-1252'), 'ancien.txt');
    expect(stored).toBe(french);
    expect(meta.encoding).toBe('windows-1252');
  });

  test('ISO-8859-15, where € and œ sit where ISO-8859-1 has ¤ and ½', async () => {
    const french = 'Ma sœur a payé 10 € au marché de Noël.';
    const { text: stored, meta } = await extract(iconv.encode(french, 'iso-8859-15'), 'ancien.txt');
    expect(stored).toBe(french);
    expect(meta.encoding).toBe('iso-8859-15');
  });

  test('ISO-8859-1', async () => {
    const french = 'Noël à la plage, été comme hiver.';
    const { text: stored, meta } = await extract(iconv.encode(french, 'iso-8859-1'), 'ancien.txt');
    expect(stored).toBe(french);
    expect(meta.encoding).toBe('iso-8859-1');
  });

  test('a non-Latin legacy encoding that chardet recognises', async () => {
    const russian = 'Привет, как дела? Это короткий текст на русском языке для проверки.';
    const { text: stored, meta } = await extract(iconv.encode(russian, 'windows-1251'), 'ru.txt');
    expect(stored).toBe(russian);
    expect(meta.encoding).toBe('windows-1251');
  });

  test('bytes no encoding explains are refused rather than stored as mojibake', async () => {
    const tooShortToTell = await failure(iconv.encode('日本', 'shift_jis'), 'court.txt');
    expect(tooShortToTell.code).toBe('undecodable');
    expect(tooShortToTell.message).toBe('cannot tell how the text is encoded; save it as UTF-8 and import it again');
    const brokenUtf8 = await failure(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xc3, 0x28]), 'casse.txt');
    expect(brokenUtf8.code).toBe('undecodable');
    expect(brokenUtf8.message).toBe('it starts like UTF-8 but is not valid UTF-8');
  });
});

describe('line endings', () => {
  test('CRLF and CR become LF, and the counts are recorded', async () => {
    const { text, meta } = await extract(utf8('un\r\ndeux\r\ntrois\rquatre\r\n'), 'fins.txt');
    expect(text).toBe('un\ndeux\ntrois\nquatre\n');
    expect(meta.normalisation).toEqual({ bomRemoved: false, crlfToLf: 3, crToLf: 1 });
  });
});

describe('date prefix', () => {
  test('a leading "date 2022-02" goes into the metadata and stays in the text', async () => {
    const source = 'date 2022-02 Le conseil a voté le budget.\n\nLa séance a été levée à midi.\n';
    const { text, meta } = await extract(utf8(source), 'article.txt');
    expect(text).toBe(source);
    expect(meta.date).toBe('2022-02');
  });

  test('without a prefix there is no date', async () => {
    const { meta } = await extract(utf8('Le conseil a voté le budget en date 2022-02.'), 'article.txt');
    expect(meta.date).toBeUndefined();
  });
});

describe('refusals', () => {
  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);

  test('a zero-byte file is empty', async () => {
    const error = await failure(new Uint8Array(), 'vide.txt');
    expect([error.code, error.message]).toEqual(['empty', 'the file is empty']);
  });

  test('a file of blank lines has no text', async () => {
    const error = await failure(utf8('\r\n \n\t\n'), 'blanc.txt');
    expect([error.code, error.message]).toEqual(['empty', 'there is no text in this file']);
  });

  test('a PNG renamed .txt is refused by its magic number', async () => {
    const error = await failure(PNG, 'photo.txt');
    // what it looks like travels as a code, for the interface to word in its language
    expect([error.code, error.message, error.looksLike]).toEqual(['not-text', 'not a text file', 'png']);
  });

  test('a PDF renamed .txt, a ZIP renamed .md and a program renamed .html are refused', async () => {
    expect((await failure(utf8('%PDF-1.7\n%âãÏÓ\n'), 'rapport.txt')).looksLike).toBe('pdf');
    expect((await failure(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0]), 'notes.md')).looksLike).toBe('zip');
    expect((await failure(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), 'page.html')).looksLike).toBe('elf');
  });

  test('NUL bytes mean binary data', async () => {
    const error = await failure(new Uint8Array([0x61, 0x62, 0x00, 0x63]), 'donnees.txt');
    expect([error.code, error.message]).toEqual(['not-text', 'not a text file: it contains binary data']);
  });

  test('an unknown extension is unsupported, whatever the content', async () => {
    const error = await failure(utf8('du texte'), 'tableur.xyz');
    expect([error.code, error.message]).toEqual(['unsupported', 'unsupported file type .xyz']);
    expect((await failure(utf8('du texte'), 'LISEZMOI')).message).toBe('unsupported file type: the name has no extension');
  });

  test('sniffBinary lets through text, UTF-16 (NULs and all) and containers that match their extension', () => {
    expect(sniffBinary(utf8('Bonjour'), 'a.txt')).toBeNull();
    expect(sniffBinary(new Uint8Array([0xff, 0xfe, 0x41, 0x00]), 'a.txt')).toBeNull();
    expect(sniffBinary(new Uint8Array([0x50, 0x4b, 0x03, 0x04]), 'a.docx')).toBeNull();
    expect(sniffBinary(utf8('%PDF-1.4'), 'a.pdf')).toBeNull();
    expect(sniffBinary(PNG, 'scan.pdf')?.looksLike).toBe('png');
    expect(sniffBinary(PNG, 'lettre.docx')?.code).toBe('not-text');
    // "MZ" starting a sentence is not a Windows program, nor is a text about PDF a PDF.
    expect(sniffBinary(utf8('MZ est une abréviation.'), 'a.txt')).toBeNull();
    expect(sniffBinary(utf8('Un PDF commence par %PDF-1.7.'), 'a.txt')).toBeNull();
  });
});
