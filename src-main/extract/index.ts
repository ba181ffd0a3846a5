// File bytes -> plain text + metadata. Pure Node: runs in the import worker thread and in tests.
import { decodeText } from './decode';
import { extractDocx } from './docx';
import { extractEpub } from './epub';
import { ExtractError } from './errors';
import { extensionOf, formatOf, type ExtractFormat, type Extracted, type ExtractedMeta, type RawExtraction } from './formats';
import { extractHtml } from './html';
import { Budget, limitsFor } from './limits';
import { headingBlocks, markdownHeadings, splitFrontMatter } from './markdown';
import { extractOdt } from './odt';
import { extractPdf } from './pdf';
import { sniffBinary } from './sniff';
import { detectDatePrefix, normaliseText } from './text';
import { errorWords } from '../i18n/current';

export { ExtractError, type ExtractErrorCode } from './errors';
export type { ExtractFormat, Extracted, ExtractedMeta } from './formats';
export { Budget, checkSize, DEFAULT_SIZE_LIMIT, limitsFor } from './limits';
export { sniffBinary } from './sniff';
export { detectDatePrefix, normaliseText, sha256Hex } from './text';

const plain = (bytes: Uint8Array): RawExtraction => decodeText(bytes);

const READERS: Readonly<Record<ExtractFormat, (bytes: Uint8Array, budget: Budget) => RawExtraction | Promise<RawExtraction>>> = {
  txt: plain,
  md: plain,
  html: extractHtml,
  docx: extractDocx,
  pdf: extractPdf,
  odt: extractOdt,
  epub: extractEpub,
};

/** The reader for a file name, or the reason there is none (before any byte is read). */
export function formatFor(fileName: string): ExtractFormat {
  const format = formatOf(fileName);
  if (format) return format;
  const extension = extensionOf(fileName);
  throw new ExtractError('unsupported', errorWords().unsupportedType(extension));
}

/** Chooses the reader by extension, refuses content that contradicts it, then reads within the budget. */
export async function extract(bytes: Uint8Array, fileName: string, budget: Budget = new Budget(limitsFor())): Promise<Extracted> {
  const format = formatFor(fileName);
  if (bytes.length === 0) throw new ExtractError('empty', errorWords().empty);
  const refused = sniffBinary(bytes, fileName);
  if (refused) throw refused;

  const raw = await READERS[format](bytes, budget);
  const { text: normalised, normalisation } = normaliseText(raw.text);
  // Front matter is found on normalised text, so that its line endings need no special case.
  const { body: text, meta: frontMatter } = format === 'md' ? splitFrontMatter(normalised) : { body: normalised, meta: {} };
  if (!/\S/.test(text)) throw new ExtractError('empty', errorWords().noText);

  const found = { ...raw, ...frontMatter };
  const meta: ExtractedMeta = { format, normalisation };
  const date = found.date ?? detectDatePrefix(text);
  for (const [key, value] of [
    ['encoding', found.encoding],
    ['title', found.title],
    ['author', found.author],
    ['date', date],
    ['siteName', found.siteName],
  ] as const) {
    if (value) meta[key] = value;
  }
  if (found.extra && Object.keys(found.extra).length > 0) meta.extra = found.extra;
  // The readers count heading lines in the text they built; normalising it changed nothing in them
  // (they join lines with LF and start without a BOM), which the comparison makes sure of.
  const headings = format === 'md' ? markdownHeadings(text) : normalised === raw.text ? (raw.headings ?? []) : [];
  const blocks = headingBlocks(text, headings);
  if (blocks.length > 0) meta.blocks = blocks;
  return { text, meta };
}
