// Word .docx -> paragraphs and headings, one per line, with the document's core properties.
import { zipSync } from 'fflate';
import mammoth from 'mammoth';
import { htmlStructure, localName, parseHtmlDocument, parseXmlDocument, removeAll, textOf } from './dom';
import { ExtractError } from './errors';
import type { RawExtraction } from './formats';
import type { Budget } from './limits';
import { readZip, zipText } from './zip';
import { errorWords } from '../i18n/current';


export async function extractDocx(bytes: Uint8Array, budget: Budget): Promise<RawExtraction> {
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf) throw oleError(bytes);
  const damaged = (reason?: string) => new ExtractError('corrupt', errorWords().damaged(errorWords().what.docx, reason));
  // Word keeps its text, styles and relationships in XML parts; images and embedded files are
  // never read, so they are neither inflated nor handed on.
  const parts = readZip(bytes, { wanted: (name) => /\.(xml|rels)$/i.test(name), budget, damaged });
  for (const [name, data] of parts) budget.elements(data, name);
  const core = coreProperties(parts);

  let html: string;
  try {
    // mammoth opens the package itself: it gets one that holds only the parts inflated and counted
    // above (stored, so nothing is inflated twice), never the file as it came.
    const checked = zipSync(Object.fromEntries(parts), { level: 0 });
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(checked.buffer, checked.byteOffset, checked.byteLength) },
      // Images are dropped unread: only text is kept, and base64 copies of them would cost memory.
      { convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) },
    );
    html = result.value;
  } catch {
    throw damaged();
  }
  const document = parseHtmlDocument(`<!doctype html><html><head></head><body>${html}</body></html>`);
  // Footnotes end with a "↑" link back to their reference; it is navigation, not text.
  removeAll(document, 'a[href^="#footnote-ref-"], a[href^="#endnote-ref-"]');
  const { lines, headings } = document.body ? htmlStructure(document.body) : { lines: [], headings: [] };
  if (lines.length === 0) throw new ExtractError('empty', errorWords().documentNoText);
  return { text: lines.join('\n'), headings, ...core };
}

// Other core.xml fields kept as extra metadata, by their lower-cased local name.
const CORE_EXTRA: Readonly<Record<string, string>> = {
  subject: 'subject',
  description: 'description',
  keywords: 'keywords',
  category: 'category',
  lastmodifiedby: 'lastModifiedBy',
  modified: 'modified',
};

function coreProperties(entries: Map<string, Uint8Array>): Omit<RawExtraction, 'text'> {
  const xml = zipText(entries, 'docProps/core.xml');
  const root = xml ? parseXmlDocument(xml).documentElement : null;
  const found: Omit<RawExtraction, 'text'> = {};
  const extra: Record<string, string> = {};
  for (const node of root ? Array.from(root.childNodes) : []) {
    const value = textOf(node);
    if (!value) continue;
    const key = localName(node);
    if (key === 'title') found.title = value;
    else if (key === 'creator') found.author = value;
    else if (key === 'created') found.date = value;
    else if (CORE_EXTRA[key]) extra[CORE_EXTRA[key]] = value;
  }
  if (Object.keys(extra).length > 0) found.extra = extra;
  return found;
}

// An OLE2 container named .docx is either a password-protected document (Word wraps the encrypted
// package in OLE2) or an old binary .doc that was renamed.
function oleError(bytes: Uint8Array): ExtractError {
  const marker = Buffer.from('EncryptedPackage', 'utf16le');
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(marker)) {
    return new ExtractError('encrypted', errorWords().docxPassword);
  }
  return new ExtractError('unsupported', errorWords().oldDoc);
}
