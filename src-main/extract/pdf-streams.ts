// A PDF's Flate streams, inflated and counted against the budget before pdf.js sees the file. pdf.js
// keeps each stream it decodes whole in memory and has no limit of its own (and array buffers are
// outside the worker's heap cap), so a page whose few kilobytes of content stream inflate to
// gigabytes would take them. Image streams are left out: reading text never decodes them.
import { Inflate } from 'fflate';
import { ExtractError } from './errors';
import type { Budget, StageClock } from './limits';

/** Compressed bytes fed at a time (deflate is at most 1032:1: about 4 MB out per slice). */
const SLICE = 4 * 1024;
/** How far back from "stream" a stream's dictionary may start. */
const MAX_DICT = 64 * 1024;

export function checkPdfStreams(bytes: Uint8Array, budget: Budget): void {
  const clock = budget.stage('unzip');
  // one byte a character: offsets in the text are offsets in the bytes
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const keyword = /stream\r?\n/g;
  for (let match = keyword.exec(text); match; match = keyword.exec(text)) {
    if (text.slice(match.index - 3, match.index) === 'end') continue;
    const dict = streamDictionary(text, match.index);
    if (!dict || !/^\/(FlateDecode|Fl)\b/.test(firstFilter(dict)) || /\/Subtype\s*\/Image\b/.test(dict)) continue;
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    countInflated(bytes.subarray(start, end < 0 ? bytes.length : end), budget, clock);
    keyword.lastIndex = end < 0 ? text.length : end + 'endstream'.length;
  }
}

/** The << … >> right before a "stream" keyword, nested dictionaries included; null if there is none. */
function streamDictionary(text: string, keywordAt: number): string | null {
  let at = keywordAt - 1;
  while (at > 0 && /\s/.test(text[at] as string)) at--;
  if (text[at] !== '>' || text[at - 1] !== '>') return null;
  const end = at + 1;
  let depth = 0;
  for (; at > 0 && end - at < MAX_DICT; at--) {
    if (text[at] === '>' && text[at - 1] === '>') {
      depth++;
      at--;
    } else if (text[at] === '<' && text[at - 1] === '<') {
      depth--;
      at--;
      if (depth === 0) return text.slice(at, end);
    }
  }
  return null;
}

/** "/FlateDecode…" for /Filter /FlateDecode and for /Filter [/FlateDecode /DCTDecode]; '' without one. */
function firstFilter(dict: string): string {
  const found = /\/Filter\s*\[?\s*(\/[A-Za-z0-9]+)/.exec(dict);
  return found?.[1] ?? '';
}

/**
 * Inflates without keeping anything, counting what comes out. A stream that does not inflate
 * (damaged, encrypted) is left to pdf.js to judge.
 */
function countInflated(data: Uint8Array, budget: Budget, clock: StageClock): void {
  // zlib's two-byte header (method 8, check bits) when present; some writers put raw deflate
  const zlib = data.length > 2 && ((data[0] as number) & 0x0f) === 8 && (((data[0] as number) << 8) | (data[1] as number)) % 31 === 0;
  const body = zlib ? data.subarray(2) : data;
  let refusal: unknown = null;
  const inflater = new Inflate((chunk) => {
    try {
      budget.spend(chunk.length);
    } catch (error) {
      refusal = error;
      throw error;
    }
  });
  try {
    for (let at = 0; at < body.length; at += SLICE) {
      inflater.push(body.subarray(at, at + SLICE), at + SLICE >= body.length);
      clock.check();
    }
  } catch (error) {
    if (refusal || error instanceof ExtractError) throw error;
  }
}
