// Reads a gazetteer or cue list the user picked for the recommenders: size-checked and decoded in
// main; its lines are checked by the recommenders themselves (src-renderer/src/suggest/gazetteer.ts,
// cues.ts), which name the file and the line at fault.
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { MAX_SUGGEST_LIST_BYTES, type SuggestListFile } from '../contract';

/** What the open dialog offers: plain lists, CSV, patterns.jsonl, and JSON cue lists. */
export const SUGGEST_LIST_EXTENSIONS = ['txt', 'tsv', 'lst', 'csv', 'jsonl', 'json'];

export async function readSuggestList(path: string, maxBytes = MAX_SUGGEST_LIST_BYTES): Promise<SuggestListFile> {
  const fileName = basename(path);
  const extension = extname(fileName).slice(1).toLowerCase();
  if (!SUGGEST_LIST_EXTENSIONS.includes(extension)) {
    throw new Error(`${fileName}: not a term list (.txt, .tsv, .csv, .jsonl) or a cue list (.json)`);
  }
  const size = (await stat(path)).size;
  if (size > maxBytes) throw new Error(`${fileName}: ${formatKB(size)}, over the ${formatKB(maxBytes)} a list may have`);
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(path));
  } catch {
    throw new Error(`${fileName}: not UTF-8 text`);
  }
  return { fileName, kind: extension === 'json' ? 'cues' : 'gazetteer', content };
}

function formatKB(bytes: number): string {
  return `${Math.ceil(bytes / 1024).toLocaleString('en')} KB`;
}
