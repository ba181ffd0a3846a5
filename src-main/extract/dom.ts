// The few DOM members the readers use, typed here because linkedom's own types lean on the browser
// DOM library, which the Node side does not load.
import { DOMParser, parseHTML } from 'linkedom';

export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly nodeValue: string | null;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
}

export interface DomElement extends DomNode {
  getAttribute(name: string): string | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
  remove(): void;
}

export interface DomDocument {
  readonly documentElement: DomElement | null;
  readonly body: DomElement | null;
  readonly title: string;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/** linkedom never runs scripts, loads subresources or fetches anything: parsing is inert. */
export function parseHtmlDocument(html: string): DomDocument {
  const { document } = parseHTML(html) as { document: DomDocument };
  return document;
}

export function parseXmlDocument(xml: string): DomDocument {
  return new DOMParser().parseFromString(xml, 'text/xml') as unknown as DomDocument;
}

export function isElement(node: DomNode): node is DomElement {
  return node.nodeType === ELEMENT_NODE;
}

export function isText(node: DomNode): boolean {
  return node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE;
}

/** Tag name without namespace prefix, lower case: linkedom keeps prefixes ("dc:title") in XML. */
export function localName(node: DomNode): string {
  const name = node.nodeName.toLowerCase();
  return name.slice(name.indexOf(':') + 1);
}

export function removeAll(root: DomDocument | DomElement, selectors: string): void {
  for (const el of Array.from(root.querySelectorAll(selectors))) el.remove();
}

/** Children whose local name is `name`, e.g. childrenNamed(metadata, 'creator') for dc:creator. */
export function childrenNamed(parent: DomNode, name: string): DomElement[] {
  return Array.from(parent.childNodes).filter((n): n is DomElement => isElement(n) && localName(n) === name);
}

/** Depth-first descendants by local name, in document order. */
export function descendantsNamed(root: DomNode, name: string): DomElement[] {
  const found: DomElement[] = [];
  const visit = (node: DomNode): void => {
    for (const child of Array.from(node.childNodes)) {
      if (!isElement(child)) continue;
      if (localName(child) === name) found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}

export function textOf(node: DomNode | undefined): string | undefined {
  const text = node?.textContent?.trim();
  return text ? text : undefined;
}

/**
 * Collects paragraphs; each break closes the paragraph being built, if it has any text.
 * White space follows the HTML (and ODF) rule: runs of ASCII spaces, tabs and newlines count as one
 * space, none at either end of a paragraph. No-break spaces are kept: French typography needs them.
 */
export class Paragraphs {
  readonly lines: string[] = [];
  private parts: { text: string; literal: boolean }[] = [];

  /** `literal` text is kept exactly, e.g. the spaces and tabs that ODF spells as elements. */
  push(text: string, literal = false): void {
    this.parts.push({ text, literal });
  }

  break(): void {
    let line = '';
    // whether the line ends in a collapsible space (true at the start, so leading space is dropped)
    let afterSpace = true;
    for (const { text, literal } of this.parts) {
      if (literal) {
        line += text;
        afterSpace = false;
        continue;
      }
      const collapsed = text.replace(/[ \t\n\f\r]+/g, ' ');
      if (collapsed === '') continue;
      line += afterSpace && collapsed.startsWith(' ') ? collapsed.slice(1) : collapsed;
      afterSpace = collapsed.endsWith(' ');
    }
    this.parts = [];
    this.addLine(afterSpace ? line.replace(/ $/, '') : line);
  }

  /** Records the lines from `first` to the last one as headings of `level` (a heading may hold a <br>). */
  markHeadings(into: HeadingLine[], first: number, level: number): void {
    for (let line = first; line < this.lines.length; line++) into.push({ line, level });
  }

  /** A finished line, taken as it is unless it is blank. */
  addLine(line: string): void {
    if (/\S/.test(line)) this.lines.push(line);
  }
}

const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'div', 'dl',
  'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup',
  'hr', 'li', 'main', 'nav', 'ol', 'p', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

const NOT_TEXT = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'object', 'embed', 'applet', 'svg', 'canvas', 'audio',
  'video', 'map', 'head', 'title', 'select', 'button', 'textarea', 'input',
]);

/** A heading line of an extracted text: its index among the lines, and its level (1–6). */
export interface HeadingLine {
  line: number;
  level: number;
}

const HEADING = /^h([1-6])$/;

/** The paragraphs of an HTML subtree: one per block (paragraph, heading, list item, cell…) or <br>. */
export function htmlBlocks(root: DomNode): string[] {
  return htmlStructure(root).lines;
}

/** The paragraphs of an HTML subtree, and which of them are headings (<h1> to <h6>). */
export function htmlStructure(root: DomNode): { lines: string[]; headings: HeadingLine[] } {
  const out = new Paragraphs();
  const headings: HeadingLine[] = [];
  const visit = (node: DomNode): void => {
    if (isText(node)) {
      out.push(node.nodeValue ?? '');
      return;
    }
    if (!isElement(node)) return;
    const name = localName(node);
    if (NOT_TEXT.has(name)) return;
    if (name === 'br') return out.break();
    if (name === 'pre') {
      // Line breaks are the content here; each line stays as it is.
      out.break();
      for (const line of (node.textContent ?? '').split(/\r\n?|\n/)) out.addLine(line.trimEnd());
      return;
    }
    const block = BLOCKS.has(name);
    if (block) out.break();
    const first = out.lines.length;
    for (const child of Array.from(node.childNodes)) visit(child);
    if (block) out.break();
    const level = HEADING.exec(name)?.[1];
    if (level) out.markHeadings(headings, first, Number(level));
  };
  visit(root);
  out.break();
  return { lines: out.lines, headings };
}
