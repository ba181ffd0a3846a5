// A gazetteer or cue list picked in the dialog: read in main within a byte budget, as UTF-8 text,
// its kind by its extension; anything else refused with the file's name.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSuggestList } from '../../../src-main/services/suggest-lists';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'glose-lists-'));
  dirs.push(dir);
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('readSuggestList', () => {
  it('reads term lists, CSV and patterns as gazetteers, JSON as a cue list', async () => {
    expect(await readSuggestList(await file('villes.txt', 'Berlin\tLOC\n'))).toEqual({ fileName: 'villes.txt', kind: 'gazetteer', content: 'Berlin\tLOC\n' });
    expect((await readSuggestList(await file('orgs.CSV', 'OTAN,ORG\n'))).kind).toBe('gazetteer');
    expect((await readSuggestList(await file('patterns.jsonl', '{"label":"ORG","pattern":"OTAN"}\n'))).kind).toBe('gazetteer');
    expect((await readSuggestList(await file('cues.fr.json', '{}'))).kind).toBe('cues');
  });

  it('refuses a file over the budget, one that is not UTF-8, and other kinds, naming the file', async () => {
    await expect(readSuggestList(await file('big.txt', 'x'.repeat(3000)), 2048)).rejects.toThrow('big.txt: 3 KB, over the 2 KB a list may have');
    await expect(readSuggestList(await file('latin1.txt', new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x0a])))).rejects.toThrow('latin1.txt: not UTF-8 text');
    await expect(readSuggestList(await file('list.docx', 'x'))).rejects.toThrow('list.docx: not a term list');
  });
});
