// Refuses, from the first bytes, files whose content contradicts their extension, before any decoder
// or parser spends time (or memory) on them.
import type { FileKind } from '../contract';
import { ExtractError } from './errors';
import { extensionOf } from './formats';
import { errorWords } from '../i18n/current';

interface Magic {
  kind: FileKind;
  test: (b: Uint8Array) => boolean;
}

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const ZIP: Magic = { kind: 'zip', test: (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06]) };
const PDF: Magic = { kind: 'pdf', test: (b) => startsWith(b, ascii('%PDF-')) };
// PDF readers accept the header anywhere in the first kilobyte, so a real PDF may start with junk
// (but a text that merely mentions "%PDF-" is not a PDF).
const PDF_HEAD: Magic = { kind: PDF.kind, test: (b) => Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, 1024)).includes('%PDF-') };
const OLE2: Magic = { kind: 'ole2', test: (b) => startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) };

const MAGICS: readonly Magic[] = [
  { kind: 'png', test: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { kind: 'jpeg', test: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { kind: 'gif', test: (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a')) },
  { kind: 'tiff', test: (b) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]) },
  { kind: 'webp', test: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8) },
  {
    kind: 'media',
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
  { kind: 'gzip', test: (b) => startsWith(b, [0x1f, 0x8b]) },
  { kind: '7z', test: (b) => startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) },
  { kind: 'rar', test: (b) => startsWith(b, ascii('Rar!\x1a\x07')) },
  { kind: 'xz', test: (b) => startsWith(b, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) },
  { kind: 'sqlite', test: (b) => startsWith(b, ascii('SQLite format 3\0')) },
  { kind: 'elf', test: (b) => startsWith(b, [0x7f, 0x45, 0x4c, 0x46]) },
  { kind: 'macho', test: (b) => startsWith(b, [0xcf, 0xfa, 0xed, 0xfe]) || startsWith(b, [0xca, 0xfe, 0xba, 0xbe]) },
  // "MZ" alone could begin a text; a real executable header has NUL bytes right after it.
  { kind: 'exe', test: (b) => startsWith(b, ascii('MZ')) && b.subarray(2, 64).includes(0) },
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
  return new ExtractError('not-text', errorWords().notText, found.kind);
}
