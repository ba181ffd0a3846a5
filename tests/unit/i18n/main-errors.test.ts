// A file's import failure is told in the interface's language: the worker is told it with each file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractFile } from '../../../src-main/extract/file';
import { ExtractError } from '../../../src-main/extract/errors';
import { useLocale } from '../../../src-main/i18n/current';
import { Importer } from '../../../src-main/services/importer';
import { en } from '../../../src-renderer/src/lib/i18n/en';
import { fr } from '../../../src-renderer/src/lib/i18n/fr';
import { failureText } from '../../../src-renderer/src/lib/text';

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
    const png = await failure('image.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
    expect([png.code, png.message, png.looksLike]).toEqual(['not-text', 'ce n’est pas un fichier texte', 'png']);
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

  it('words a file that is not text where it is shown, in the interface language of the moment', () => {
    const png = { file: 'photo.txt', message: 'photo.txt: not a text file', looksLike: 'png' as const };
    expect(failureText(png, en)).toBe('photo.txt: not a text file: it looks like a PNG image');
    expect(failureText(png, fr)).toBe('photo.txt\u00a0: ce n’est pas un fichier texte\u00a0: on dirait une image PNG');
    expect(failureText({ file: 'a.txt', message: 'a.txt: the file is empty' }, fr)).toBe('a.txt: the file is empty');
  });

  it('says in French that a file or folder is gone', async () => {
    useLocale('fr');
    const importer = new Importer({ workerPath: join(dir, 'no-worker-needed.mjs') });
    try {
      const res = await importer.run([join(dir, 'parti.txt')], () => {});
      expect(res.failures.map((f) => f.message)).toEqual(['parti.txt\u00a0: introuvable (déplacé ou supprimé pendant l’import\u202f?)']);
    } finally {
      await importer.dispose();
    }
  });
});

describe('backups and work packages in the interface language', () => {
  it('says in French why a backup or a package cannot be read, the field named in French prose', async () => {
    const { decodeBackup } = await import('../../../src-main/services/backup-format');
    const { readPackage } = await import('../../../src-main/services/work-package');
    useLocale('fr');
    await expect(decodeBackup(new TextEncoder().encode('pas une sauvegarde'))).rejects.toThrow('Ce fichier n’est pas une sauvegarde Glose.');
    await expect(decodeBackup(new TextEncoder().encode('{"format": "glose-backup", "version": 999}'))).rejects.toThrow(/^Cette sauvegarde a été faite par une version plus récente de Glose/);
    expect(() => readPackage(new Uint8Array([1, 2, 3]), 'alice.zip')).toThrow(/^alice\.zip\u00a0: ce n’est pas un lot de travail Glose/);
    useLocale('en');
    await expect(decodeBackup(new TextEncoder().encode('not a backup'))).rejects.toThrow('This file is not a Glose backup.');
  });
});
