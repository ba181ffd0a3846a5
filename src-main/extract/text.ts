import { createHash } from 'node:crypto';
import type { Normalisation } from '../model';

/** The only changes made to decoded text (see ARCHITECTURE.md, "Text and offsets"). */
export function normaliseText(raw: string): { text: string; normalisation: Normalisation } {
  const bomRemoved = raw.startsWith('\uFEFF');
  let crlfToLf = 0;
  let crToLf = 0;
  const text = (bomRemoved ? raw.slice(1) : raw).replace(/\r\n?/g, (eol) => {
    if (eol.length === 2) crlfToLf++;
    else crToLf++;
    return '\n';
  });
  return { text, normalisation: { bomRemoved, crlfToLf, crToLf } };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

// Our news corpus marks each article with a leading "date 2022-02" (or "date 2022-02-24").
const DATE_PREFIX = /^\s*date(?:\s*:\s*|\s+)(\d{4}-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)(?![\p{L}\p{N}-])/iu;

/** The date of a leading `date YYYY-MM[-DD]` marker; the text keeps the marker. */
export function detectDatePrefix(text: string): string | undefined {
  return DATE_PREFIX.exec(text)?.[1];
}
