// A file's import failure is told in the interface's language: the worker is told it with each file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractFile } from '../../../src-main/extract/file';
import { ExtractError } from '../../../src-main/extract/errors';
import { useLocale } from '../../../src-main/i18n/current';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glose-errors-'));
});
afterEach(async () => {
  useLocale('en');
  await rm(dir, { recursive: true, force: true });
});

async function failure(name: string, bytes: Uint8Array | string): Promise<ExtractError> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  const err: unknown = await extractFile(path, name).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ExtractError);
  return err as ExtractError;
}

describe('import failures in the interface language', () => {
  it('says why in French when the interface is French', async () => {
    useLocale('fr');
    expect((await failure('vide.txt', '')).message).toBe('le fichier est vide');
    expect((await failure('image.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]))).code).toBe('not-text');
    expect((await failure('notes.xyz', 'du texte')).message).toBe('type de fichier non pris en charge .xyz');
    expect((await failure('rapport.pdf', '%PDF-1.4 rien')).message).toMatch(/^PDF endommagé/);
    // a damaged container says what is wrong with its zip in French too
    expect((await failure('note.docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).message).toBe('document Word endommagé ou qui n’en est pas un (aucun répertoire zip)');
  });

  it('says it in English otherwise', async () => {
    useLocale('en');
    expect((await failure('empty.txt', '')).message).toBe('the file is empty');
    expect((await failure('notes.xyz', 'some text')).message).toBe('unsupported file type .xyz');
  });
});
