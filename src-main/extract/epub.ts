// EPUB -> the text of its reading order (the spine), chapter after chapter, with the book's metadata.
import { posix } from 'node:path';
import { decodeText } from './decode';
import { childrenNamed, descendantsNamed, htmlStructure, parseHtmlDocument, type HeadingLine, parseXmlDocument, textOf, type DomElement } from './dom';
import { ExtractError } from './errors';
import type { RawExtraction } from './formats';
import type { Budget } from './limits';
import { readZip, zipText } from './zip';
import { errorWords } from '../i18n/current';

const CONTAINER = 'META-INF/container.xml';
const ENCRYPTION = 'META-INF/encryption.xml';

export function extractEpub(bytes: Uint8Array, budget: Budget): RawExtraction {
  // One budget over the three reads: the book's parts together must fit the limit.
  const read = (wanted: (name: string) => boolean): Map<string, Uint8Array> => {
    const entries = readZip(bytes, { wanted, budget, damaged: (reason) => corrupt(reason) });
    for (const [name, data] of entries) budget.elements(data, name);
    return entries;
  };
  const meta = read((name) => name === CONTAINER || name === ENCRYPTION);
  const rootfile = descendantsNamed(xmlRoot(zipText(meta, CONTAINER)), 'rootfile')[0];
  const opfPath = rootfile?.getAttribute('full-path');
  if (!opfPath) throw corrupt();
  const opf = xmlRoot(zipText(read((name) => name === opfPath), opfPath));
  const spine = spinePaths(opf, posix.dirname(opfPath));

  const encryption = zipText(meta, ENCRYPTION);
  const encrypted = new Set(
    encryption ? descendantsNamed(xmlRoot(encryption), 'cipherreference').map((ref) => ref.getAttribute('URI')) : [],
  );
  // Publishers obfuscate fonts through the same file; only encrypted chapters mean DRM.
  if (spine.some((path) => encrypted.has(path))) {
    throw new ExtractError('encrypted', errorWords().drm);
  }

  const wanted = new Set(spine);
  const chapters = read((name) => wanted.has(name));
  const clock = budget.stage('parse');
  const paragraphs: string[] = [];
  const headings: HeadingLine[] = [];
  for (const [n, path] of spine.entries()) {
    const data = chapters.get(path);
    const body = data ? parseHtmlDocument(decodeText(data).text.replace(/^\uFEFF/, '')).body : null;
    if (body) {
      const chapter = htmlStructure(body);
      for (const h of chapter.headings) headings.push({ line: h.line + paragraphs.length, level: h.level });
      paragraphs.push(...chapter.lines);
    }
    clock.check(errorWords().budget.atChapter(n + 1, spine.length));
  }
  if (paragraphs.length === 0) throw new ExtractError('empty', errorWords().ebookNoText);

  const metadata = childrenNamed(opf, 'metadata')[0];
  const first = (name: string): string | undefined => (metadata ? textOf(childrenNamed(metadata, name)[0]) : undefined);
  const extra: Record<string, string> = {};
  const lang = first('language');
  const publisher = first('publisher');
  if (lang) extra.lang = lang;
  if (publisher) extra.publisher = publisher;
  return {
    text: paragraphs.join('\n'),
    headings,
    title: first('title'),
    author: first('creator'),
    date: first('date'),
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}

/** Zip paths of the spine's documents, in reading order; linear="no" items are asides, left out. */
function spinePaths(opf: DomElement, opfDir: string): string[] {
  const manifest = childrenNamed(opf, 'manifest')[0];
  const spine = childrenNamed(opf, 'spine')[0];
  if (!manifest || !spine) throw corrupt();
  const hrefs = new Map<string, string>();
  for (const item of childrenNamed(manifest, 'item')) {
    const id = item.getAttribute('id');
    const href = item.getAttribute('href');
    if (id && href) hrefs.set(id, href);
  }
  const paths: string[] = [];
  for (const ref of childrenNamed(spine, 'itemref')) {
    const href = hrefs.get(ref.getAttribute('idref') ?? '');
    if (!href || ref.getAttribute('linear') === 'no') continue;
    // hrefs are URLs relative to the package file; zip entry names are plain paths from the root.
    const path = posix.normalize(posix.join(opfDir, safeDecode(href.replace(/#.*$/, ''))));
    if (!path.startsWith('../')) paths.push(path);
  }
  return paths;
}

function xmlRoot(xml: string | undefined): DomElement {
  const root = xml ? parseXmlDocument(xml).documentElement : null;
  if (!root) throw corrupt();
  return root;
}

function safeDecode(href: string): string {
  try {
    return decodeURIComponent(href);
  } catch {
    return href;
  }
}

function corrupt(reason?: string): ExtractError {
  return new ExtractError('corrupt', errorWords().damaged(errorWords().what.epub, reason));
}
