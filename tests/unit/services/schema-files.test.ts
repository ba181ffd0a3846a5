// Reading a label schema file from disk (src-main/services/schema-files.ts): a file that is not UTF-8
// is refused by name, before it is parsed.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSchemaFile } from '../../../src-main/services/schema-files';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('readSchemaFile', () => {
  it('refuses a file that is not UTF-8, and reads one that is', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'glose-schema-'));
    dirs.push(dir);
    const latin1 = join(dir, 'étiquettes.conf');
    await writeFile(latin1, Buffer.from('[entities]\nPersonne\xe9\n', 'latin1'));
    await expect(readSchemaFile(latin1)).rejects.toThrow('étiquettes.conf: not UTF-8 text');
    const utf8 = join(dir, 'labels.conf');
    await writeFile(utf8, '[entities]\nPersonne\n[relations]\n[events]\n[attributes]\n');
    expect((await readSchemaFile(utf8)).spec.labels.map((l) => l.name)).toEqual(['Personne']);
  });
});
