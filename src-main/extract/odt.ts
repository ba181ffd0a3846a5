// OpenDocument text (.odt) -> paragraphs and headings, one per line, with the document's metadata.
import { childrenNamed, isElement, isText, localName, Paragraphs, parseXmlDocument, textOf, type DomNode, type HeadingLine } from './dom';
import { ExtractError } from './errors';
import type { RawExtraction } from './formats';
import type { Budget } from './limits';
import { readZip, zipText } from './zip';
import { errorWords } from '../i18n/current';


// Deleted text kept for change tracking, comments, footnotes (which would cut their paragraph in
// two) and generated tables of contents are not the document's running text.
const SKIPPED = new Set(['tracked-changes', 'annotation', 'note', 'sequence-decls', 'table-of-content', 'forms']);

export function extractOdt(bytes: Uint8Array, budget: Budget): RawExtraction {
  const damaged = (reason: string) => new ExtractError('corrupt', errorWords().damaged(errorWords().what.odt, reason));
  const entries = readZip(bytes, { wanted: (name) => name === 'content.xml' || name === 'meta.xml', budget, damaged });
  for (const [name, data] of entries) budget.elements(data, name);
  const content = zipText(entries, 'content.xml');
  const root = content ? parseXmlDocument(content).documentElement : null;
  const body = root && childrenNamed(root, 'body')[0];
  const officeText = body && childrenNamed(body, 'text')[0];
  if (!officeText) throw new ExtractError('corrupt', errorWords().damaged(errorWords().what.odt));

  const out = new Paragraphs();
  const headings: HeadingLine[] = [];
  const visit = (node: DomNode): void => {
    if (isText(node)) return out.push(node.nodeValue ?? '');
    if (!isElement(node)) return;
    const name = localName(node);
    if (SKIPPED.has(name)) return;
    // ODF writes significant spaces and tabs as elements; the text around them collapses.
    if (name === 's') return out.push(' '.repeat(Math.min(Number(node.getAttribute('text:c') ?? 1) || 1, 1000)), true);
    if (name === 'tab') return out.push('\t', true);
    if (name === 'line-break') return out.break();
    const block = name === 'p' || name === 'h';
    if (block) out.break();
    const first = out.lines.length;
    for (const child of Array.from(node.childNodes)) visit(child);
    if (block) out.break();
    // text:outline-level is 1 when absent (ODF 1.3, 19.844.4); Glose shows six levels
    if (name === 'h') out.markHeadings(headings, first, Math.min(6, Math.max(1, Number(node.getAttribute('text:outline-level') ?? 1) || 1)));
  };
  visit(officeText);
  out.break();
  if (out.lines.length === 0) throw new ExtractError('empty', errorWords().documentNoText);
  return { text: out.lines.join('\n'), headings, ...metaFields(zipText(entries, 'meta.xml')) };
}

function metaFields(xml: string | undefined): Omit<RawExtraction, 'text'> {
  const root = xml ? parseXmlDocument(xml).documentElement : null;
  const meta = root ? childrenNamed(root, 'meta')[0] : undefined;
  if (!meta) return {};
  const first = (name: string): string | undefined => textOf(childrenNamed(meta, name)[0]);
  const extra: Record<string, string> = {};
  const subject = first('subject');
  const keywords = childrenNamed(meta, 'keyword').map((k) => textOf(k)).filter((k) => k !== undefined);
  if (subject) extra.subject = subject;
  if (keywords.length > 0) extra.keywords = keywords.join(', ');
  return {
    title: first('title'),
    // dc:creator is whoever saved last; the author is the initial creator when recorded.
    author: first('initial-creator') ?? first('creator'),
    date: first('creation-date'),
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}
