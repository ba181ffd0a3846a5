// import:pick through the handler table: which dialog main opens, and what reaches the importer.
import { describe, expect, it } from 'vitest';
import { createApi, type Host } from '../../../src-main/services/api';
import type { Importer } from '../../../src-main/services/importer';
import type { ImportBatchResult, ImportOptions } from '../../../src-main/contract';

function setup(picked: string[] | null) {
  const asked: boolean[] = [];
  const ran: Array<{ paths: readonly string[]; options: ImportOptions | undefined }> = [];
  const host = {
    version: 't',
    userData: '/nonexistent',
    takeLaunchPaths: () => [],
    pickImportPaths: async (folders: boolean) => {
      asked.push(folders);
      return picked;
    },
    pickSavePath: async () => null,
    pickFile: async () => null,
    pickFolder: async () => null,
    sendProgress: () => undefined,
    requestSnapshot: () => undefined,
  } satisfies Host;
  const result: ImportBatchResult = { documents: [], failures: [], files: [], notReached: 0, cancelled: false };
  const importer = {
    run: async (paths: readonly string[], _progress: unknown, options?: ImportOptions) => {
      ran.push({ paths, options });
      return result;
    },
    dispose: async () => undefined,
  } as unknown as Importer;
  return { api: createApi(host, importer), asked, ran };
}

describe('import:pick', () => {
  it('opens the files dialog by default and the folders dialog for Import Folder…', async () => {
    const { api, asked, ran } = setup(['/home/me/corpus']);
    await api.dispatch('import:pick', []);
    await api.dispatch('import:pick', [{ folders: true, limitBytes: 1024 }]);
    expect(asked).toEqual([false, true]);
    expect(ran.map((r) => r.paths)).toEqual([['/home/me/corpus'], ['/home/me/corpus']]);
    expect(ran[1]?.options).toEqual({ folders: true, limitBytes: 1024 });
  });

  it('returns null when the dialog is cancelled, and refuses options of the wrong type', async () => {
    const { api, ran } = setup(null);
    expect(await api.dispatch('import:pick', [{ folders: true }])).toBeNull();
    expect(ran).toHaveLength(0);
    await expect(api.dispatch('import:pick', [{ folders: 'yes' }])).rejects.toThrow(/invalid arguments for import:pick/);
    await expect(api.dispatch('import:pick', [{ folders: true, recursive: false }])).rejects.toThrow(/invalid arguments for import:pick/);
  });
});
