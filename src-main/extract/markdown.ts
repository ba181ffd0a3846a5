import { parse as parseYaml } from 'yaml';
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

function asText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
