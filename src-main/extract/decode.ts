// Bytes of a text file -> string, or a refusal: guessing wrong would silently store mojibake,
// which then carries into every annotation offset.
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { ExtractError } from './errors';

export interface Decoded {
  /** decoded text; a byte order mark is kept so that normaliseText can record its removal */
  text: string;
  encoding: string;
}

const UNDECODABLE = 'cannot tell how the text is encoded; save it as UTF-8 and import it again';

/** `declared` is a charset named by the file itself (an HTML <meta>), tried after UTF-8. */
export function decodeText(bytes: Uint8Array, declared?: string): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return strict(bytes, 'utf-8') ?? fail('it starts like UTF-8 but is not valid UTF-8');
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return strict(bytes, 'utf-16le') ?? fail('it starts like UTF-16 but is not valid UTF-16');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return strict(bytes, 'utf-16be') ?? fail('it starts like UTF-16 but is not valid UTF-16');

  const utf8 = strict(bytes, 'utf-8');
  if (utf8) return utf8;

  const label = declared && whatwgLabel(declared);
  if (label && label !== 'utf-8' && iconv.encodingExists(label)) {
    const text = iconv.decode(bytes, label);
    if (isClean(text)) return { text, encoding: label };
  }

  const encoding = legacyEncoding(bytes);
  if (encoding && iconv.encodingExists(encoding)) {
    const text = iconv.decode(bytes, encoding);
    if (isClean(text)) return { text, encoding };
  }
  return fail(UNDECODABLE);
}

function strict(bytes: Uint8Array, encoding: 'utf-8' | 'utf-16le' | 'utf-16be'): Decoded | null {
  try {
    return { text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes), encoding };
  } catch {
    return null;
  }
}

// chardet looks at a sample: its statistics settle long before a megabyte.
const SAMPLE = 1024 * 1024;

function legacyEncoding(bytes: Uint8Array): string | undefined {
  const best = chardet.analyse(bytes.subarray(0, SAMPLE))[0];
  if (!best) return undefined;
  // chardet is reliable on long texts only: short French notes come back as "Big5, 10%".
  if (LATIN.has(best.name) || best.lang === 'fr' || (best.confidence < 50 && looksWestern(bytes))) return latinVariant(bytes);
  if (best.confidence >= 50 && !best.name.startsWith('UTF')) return best.name.toLowerCase();
  return undefined;
}

function fail(message: string): never {
  throw new ExtractError('undecodable', message);
}

const LATIN = new Set(['ISO-8859-1', 'windows-1252']);

// Bytes 0x80-0x9F are controls in ISO-8859 and typographic characters (€ œ ’ « …) in Windows-1252;
// ISO-8859-15 differs from ISO-8859-1 where French needs it: € (0xA4) and œ Œ Ÿ (0xBD 0xBC 0xBE).
function latinVariant(bytes: Uint8Array): string {
  let latin9 = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b >= 0x80 && b <= 0x9f) return 'windows-1252';
    if (b === 0xa4 || ((b === 0xbc || b === 0xbd || b === 0xbe) && (isAsciiLetter(bytes[i - 1]) || isAsciiLetter(bytes[i + 1])))) {
      latin9 = true;
    }
  }
  return latin9 ? 'iso-8859-15' : 'iso-8859-1';
}

function isAsciiLetter(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
}

// In a European language, non-ASCII bytes are single letters between ASCII ones; long runs of them
// are the multi-byte sequences of an Asian encoding, which Latin-1 would turn into gibberish.
function looksWestern(bytes: Uint8Array): boolean {
  let high = 0;
  let inLongRuns = 0;
  let run = 0;
  for (let i = 0; i <= bytes.length; i++) {
    const b = bytes[i];
    if (b !== undefined && b >= 0x80) {
      high++;
      run++;
      continue;
    }
    if (run >= 3) inLongRuns += run;
    run = 0;
  }
  return inLongRuns * 2 <= high;
}

// Replacement characters mean bytes the encoding does not define; C0/C1 controls mean a wrong guess.
function isClean(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || c < 0x09 || (c > 0x0d && c < 0x20) || (c >= 0x7f && c <= 0x9f)) return false;
  }
  return true;
}

// Browsers read these labels as Windows-1252 (WHATWG Encoding), and so do the pages that declare them.
function whatwgLabel(declared: string): string {
  const label = declared.trim().toLowerCase();
  return ['iso-8859-1', 'latin1', 'us-ascii', 'ascii', 'iso8859-1', 'l1'].includes(label) ? 'windows-1252' : label;
}
