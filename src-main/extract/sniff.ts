// Refuses, from the first bytes, files whose content contradicts their extension, before any decoder
// or parser spends time (or memory) on them.
import { ExtractError } from './errors';
import { extensionOf } from './formats';
import { errorWords } from '../i18n/current';

interface Magic {
  what: string;
  test: (b: Uint8Array) => boolean;
}

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const ZIP: Magic = { what: 'a ZIP archive (or an Office document packed as one)', test: (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06]) };
const PDF: Magic = { what: 'a PDF document', test: (b) => startsWith(b, ascii('%PDF-')) };
// PDF readers accept the header anywhere in the first kilobyte, so a real PDF may start with junk
// (but a text that merely mentions "%PDF-" is not a PDF).
const PDF_HEAD: Magic = { what: PDF.what, test: (b) => Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, 1024)).includes('%PDF-') };
const OLE2: Magic = { what: 'an old-style Microsoft Office file (.doc, .xls, .ppt)', test: (b) => startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) };

const MAGICS: readonly Magic[] = [
  { what: 'a PNG image', test: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { what: 'a JPEG image', test: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { what: 'a GIF image', test: (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a')) },
  { what: 'a TIFF image', test: (b) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]) },
  { what: 'a WebP image', test: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8) },
  {
    what: 'an audio or video file',
    test: (b) =>
      (startsWith(b, ascii('RIFF')) && (startsWith(b, ascii('WAVE'), 8) || startsWith(b, ascii('AVI '), 8))) ||
      startsWith(b, ascii('ftyp'), 4) ||
      startsWith(b, ascii('OggS')) ||
      startsWith(b, ascii('fLaC')) ||
      (startsWith(b, ascii('ID3')) && b[4] === 0) ||
      startsWith(b, [0x1a, 0x45, 0xdf, 0xa3]),
  },
  ZIP,
  PDF,
  OLE2,
  { what: 'a gzip archive', test: (b) => startsWith(b, [0x1f, 0x8b]) },
  { what: 'a 7-Zip archive', test: (b) => startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) },
  { what: 'a RAR archive', test: (b) => startsWith(b, ascii('Rar!\x1a\x07')) },
  { what: 'an xz archive', test: (b) => startsWith(b, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) },
  { what: 'an SQLite database', test: (b) => startsWith(b, ascii('SQLite format 3\0')) },
  { what: 'a Linux program', test: (b) => startsWith(b, [0x7f, 0x45, 0x4c, 0x46]) },
  { what: 'a macOS program', test: (b) => startsWith(b, [0xcf, 0xfa, 0xed, 0xfe]) || startsWith(b, [0xca, 0xfe, 0xba, 0xbe]) },
  // "MZ" alone could begin a text; a real executable header has NUL bytes right after it.
  { what: 'a Windows program', test: (b) => startsWith(b, ascii('MZ')) && b.subarray(2, 64).includes(0) },
];

/** What each container format must look like; anything else that matches a known magic is refused. */
const EXPECTED: Readonly<Record<string, readonly Magic[]>> = {
  pdf: [PDF_HEAD],
  docx: [ZIP, OLE2], // password-protected .docx files are OLE2 containers: the docx reader says so
  odt: [ZIP],
  epub: [ZIP],
};

const UTF16_BOMS = [[0xff, 0xfe], [0xfe, 0xff]] as const;

export function sniffBinary(bytes: Uint8Array, fileName: string): ExtractError | null {
  const expected = EXPECTED[extensionOf(fileName)];
  if (expected) {
    if (expected.some((m) => m.test(bytes))) return null;
    const found = MAGICS.find((m) => m.test(bytes));
    // An unknown prefix is left to the format's parser, which reports the file as damaged.
    return found ? notText(found) : null;
  }
  const found = MAGICS.find((m) => m.test(bytes));
  if (found) return notText(found);
  // UTF-16 text is full of NUL bytes; it is recognised only by its byte order mark.
  if (!UTF16_BOMS.some((bom) => startsWith(bytes, bom)) && bytes.includes(0)) {
    return new ExtractError('not-text', errorWords().binary);
  }
  return null;
}

function notText(found: Magic): ExtractError {
  return new ExtractError('not-text', `not a text file: it looks like ${found.what}`);
}
