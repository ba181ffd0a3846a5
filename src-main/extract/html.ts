// Web page -> the article it carries, without navigation, footers and other page chrome.
import { Readability } from '@mozilla/readability';
import { decodeText } from './decode';
import { htmlStructure, parseHtmlDocument, removeAll, type DomDocument, type DomNode } from './dom';
import { ExtractError } from './errors';
import type { RawExtraction } from './formats';
import type { Budget } from './limits';
import { errorWords } from '../i18n/current';

// Nothing here runs or loads anyway (linkedom is inert); removing them keeps their text out.
// JSON-LD stays for Readability, which reads author and date from it (as data, never as code).
const INERT = 'script:not([type="application/ld+json"]), style, noscript, template, iframe, frame, frameset, object, embed, applet';
// Navigation is never the article. Headers, footers and asides may be part of it (a byline, a pull
// quote): Readability judges those.
const NAVIGATION = 'nav, menu';

export function extractHtml(bytes: Uint8Array, budget: Budget): RawExtraction {
  budget.elements(bytes, 'the page');
  const { text: html, encoding } = decodeText(bytes, declaredCharset(bytes));
  const source = html.replace(/^\uFEFF/, '');

  const document = parseHtmlDocument(source);
  removeAll(document, `${INERT}, ${NAVIGATION}`);
  const article = readArticle(document);
  let { lines: paragraphs, headings } = article?.content ? htmlStructure(article.content) : { lines: [], headings: [] };
  if (paragraphs.length === 0) {
    // No article found: all the body's text beats none. Readability has changed the first tree
    // while searching, so this starts again from the source.
    const fallback = parseHtmlDocument(source);
    removeAll(fallback, `${INERT}, ${NAVIGATION}`);
    ({ lines: paragraphs, headings } = fallback.body ? htmlStructure(fallback.body) : { lines: [], headings: [] });
  }
  if (paragraphs.length === 0) throw new ExtractError('empty', errorWords().pageNoText);

  const lang = clean(article?.lang);
  return {
    text: paragraphs.join('\n'),
    headings,
    encoding,
    title: clean(article?.title) ?? clean(document.title),
    author: clean(article?.byline),
    date: clean(article?.publishedTime),
    siteName: clean(article?.siteName),
    ...(lang ? { extra: { lang } } : {}),
  };
}

interface Article {
  title?: string | null;
  content?: DomNode | null;
  byline?: string | null;
  publishedTime?: string | null;
  siteName?: string | null;
  lang?: string | null;
}

function readArticle(document: DomDocument): Article | null {
  try {
    // linkedom's document stands in for the browser's, which is all Readability's type describes.
    const browserDocument = document as unknown as ConstructorParameters<typeof Readability>[0];
    // The serializer hands back readability's own DOM instead of an HTML string to parse again.
    return new Readability<DomNode>(browserDocument, { serializer: (node) => node as unknown as DomNode }).parse();
  } catch {
    // Readability gives up on some malformed trees; the body text is still worth having.
    return null;
  }
}

function clean(value: string | null | undefined): string | undefined {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text : undefined;
}

/** The charset a page declares in its first kilobyte, as browsers look for it. */
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
}
