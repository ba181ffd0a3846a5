// Reading an annotated file: a brat .txt that starts with a byte order mark is read with it (brat's
// offsets count it), and a file larger than the import limit is refused by its size on disk before
// it is read.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAnnotated, readAnnotatedFile } from '../../../src-main/extract/annotated';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glose-annotated-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('a brat .txt with a byte order mark', () => {
  it('is read with the mark, so that the offsets of the .ann, which count it, land on the words', () => {
    const txt = { bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Paris est belle.')]), name: 'a.txt' };
    const parsed = parseAnnotated(utf8('T1\tLOC 1 6\tParis\n'), 'a.ann', { txt });
    const [doc] = parsed.documents;
    expect(doc?.text).toBe('Paris est belle.');
    expect(doc?.spans.map((s) => [s.start, s.end, s.label, doc.text.slice(s.start, s.end)])).toEqual([[0, 5, 'LOC', 'Paris']]);
  });
});

describe('a file over the size limit', () => {
  it('is refused as too large, by its size on disk; one at the limit is read', async () => {
    const line = JSON.stringify({ text: 'Paris', label: [[0, 5, 'LOC']] });
    const path = join(dir, 'a.jsonl');
    await writeFile(path, line);
    const size = utf8(line).length;
    await expect(readAnnotatedFile(path, 'a.jsonl', size - 1)).rejects.toMatchObject({ code: 'too-large' });
    expect((await readAnnotatedFile(path, 'a.jsonl', size)).documents.map((d) => d.text)).toEqual(['Paris']);
  });
});
