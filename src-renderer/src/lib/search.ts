// Finding text in a document: plain or regular expression, whole words, case; offsets are UTF-16.
import { errorText } from './text';

export interface SearchOptions {
  regex: boolean;
  wholeWords: boolean;
  matchCase: boolean;
}

export interface Match {
  start: number;
  end: number;
}

export type SearchResult = { ok: true; matches: Match[]; truncated: boolean } | { ok: false; error: string };

/** Beyond this many matches the list is cut (and says so): painting more helps nobody. */
export const MAX_MATCHES = 50_000;

const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;

export function findMatches(text: string, query: string, opts: SearchOptions): SearchResult {
  if (query === '') return { ok: true, matches: [], truncated: false };
  let re: RegExp;
  try {
    re = new RegExp(opts.regex ? query : escapeRegExp(query), `g${opts.matchCase ? '' : 'i'}u`);
  } catch (err) {
    return { ok: false, error: errorText(err).replace(/^Invalid regular expression: /, '') };
  }
  const matches: Match[] = [];
  for (const m of text.matchAll(re)) {
    const start = m.index;
    const end = start + m[0].length;
    if (end === start) continue;
    if (opts.wholeWords && (isWordAt(text, start - 1) || isWordAt(text, end))) continue;
    matches.push({ start, end });
    if (matches.length >= MAX_MATCHES) return { ok: true, matches, truncated: true };
  }
  return { ok: true, matches, truncated: false };
}

function isWordAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const cp = text.codePointAt(i);
  // a low surrogate: look at the whole character it ends
  if (cp !== undefined && cp >= 0xdc00 && cp <= 0xdfff && i > 0) return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(i - 1) ?? 0));
  return WORD_CHAR.test(String.fromCodePoint(cp ?? 0));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches that no span of the given label already covers (overlaps). `spans` sorted by start. */
export function uncovered(matches: readonly Match[], spans: ReadonlyArray<Match>): Match[] {
  return matches.filter((m) => !spans.some((s) => s.start < m.end && m.start < s.end));
}
