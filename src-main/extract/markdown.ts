import { parse as parseYaml } from 'yaml';
import type { TextBlock } from '../model';
import type { HeadingLine } from './dom';
import type { RawExtraction } from './formats';

type FrontMatter = Pick<RawExtraction, 'title' | 'author' | 'date' | 'extra'>;

const FRONT_MATTER = /^---[ \t]*\n(?:([\s\S]*?)\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)/;

/**
 * Moves a leading YAML front matter block into metadata. Runs on normalised text (LF only).
 * The blank lines that separate the block from the body go with it, so the body starts at offset 0.
 */
export function splitFrontMatter(text: string): { body: string; meta: FrontMatter } {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { body: text, meta: {} };
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '') ?? {};
  } catch {
    // Not YAML: the dashes were a thematic break, and the text stays as written.
    return { body: text, meta: {} };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { body: text, meta: {} };

  const meta: FrontMatter = {};
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    const shown = asText(value);
    if (shown === undefined) continue;
    if (key === 'title' || key === 'date') meta[key] = shown;
    else if (key === 'author') meta.author = Array.isArray(value) ? value.map(asText).filter(Boolean).join(', ') : shown;
    else extra[key] = shown;
  }
  if (Object.keys(extra).length > 0) meta.extra = extra;
  return { body: text.slice(match[0].length).replace(/^\n+/, ''), meta };
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]|$)/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The heading lines of a Markdown text, as CommonMark reads them: ATX ("## Title") and setext (a
 * line underlined with = or -), not inside fenced code. The text keeps its marks; a setext
 * heading's range is its text line, the underline staying plain text.
 */
export function markdownHeadings(text: string): HeadingLine[] {
  const lines = text.split('\n');
  const out: HeadingLine[] = [];
  let fence: string | null = null;
  for (const [i, line] of lines.entries()) {
    const f = FENCE.exec(line)?.[1];
    if (fence !== null) {
      if (f && f[0] === fence[0] && f.length >= fence.length && line.trim() === f) fence = null;
      continue;
    }
    if (f) {
      fence = f;
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      out.push({ line: i, level: (atx[1] as string).length });
      continue;
    }
    const under = SETEXT.exec(line);
    const above = lines[i - 1];
    const previous = out[out.length - 1];
    if (under && i > 0 && above !== undefined && /\S/.test(above) && !ATX.exec(above) && !SETEXT.exec(above) && previous?.line !== i - 1) {
      out.push({ line: i - 1, level: (under[1] as string)[0] === '=' ? 1 : 2 });
    }
  }
  return out;
}

/** Heading lines as ranges of `text` (whose lines they index), the trailing spaces left out. */
export function headingBlocks(text: string, headings: readonly HeadingLine[]): TextBlock[] {
  const starts: number[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    starts.push(at);
    at += line.length + 1;
  }
  const out: TextBlock[] = [];
  for (const { line, level } of headings) {
    const start = starts[line];
    const next = starts[line + 1];
    if (start === undefined) continue;
    let end = next === undefined ? text.length : next - 1;
    while (end > start && /\s/.test(text[end - 1] as string)) end--;
    if (end > start) out.push({ start, end, kind: `h${Math.min(6, Math.max(1, level))}` as TextBlock['kind'] });
  }
  return out;
}

function asText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
