// The import channels through the handler table: which dialog main opens, what reaches the importer,
// and that only one dialog is open at a time.
import { describe, expect, it } from 'vitest';
import { createApi, type Host } from '../../../src-main/services/api';
import type { Importer } from '../../../src-main/services/importer';
import type { ImportBatchResult, ImportOptions, ImportSlice } from '../../../src-main/contract';
import type { PortableDocument } from '../../../src-main/model';
import { ImportSlices, SLICE_CHARS } from '../../../src-main/services/import-slices';
import { sampleSnapshot } from './backup-sample';

function setup(picked: string[] | null, pending: string[] = [], documents: PortableDocument[] = []) {
  const asked: boolean[] = [];
  const ran: Array<{ paths: readonly string[]; options: ImportOptions | undefined }> = [];
  const host = {
    version: 't',
    userData: '/nonexistent',
    takePendingPaths: () => pending.splice(0),
    pickImportPaths: async (folders: boolean) => {
      asked.push(folders);
      return picked;
    },
    pickSavePath: async () => null,
    pickFile: async () => null,
    pickFolder: async () => null,
    sendProgress: () => undefined,
    requestSnapshot: () => undefined,
    confirmBackend: async () => false,
  } satisfies Host;
  const result: ImportBatchResult = { documents, failures: [], files: documents.map((d) => d.name), notReached: 0, cancelled: false };
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

describe('import:pending', () => {
  it('imports what main holds from the command line or the OS, once; null when nothing waits', async () => {
    const { api, ran } = setup(null, ['/home/me/a.txt', '/home/me/b.md']);
    await api.dispatch('import:pending', [{ limitBytes: 2048 }]);
    expect(ran).toEqual([{ paths: ['/home/me/a.txt', '/home/me/b.md'], options: { limitBytes: 2048 } }]);
    expect(await api.dispatch('import:pending', [])).toBeNull();
    expect(ran).toHaveLength(1);
  });
});

describe('import:dropped', () => {
  it('imports the files the preload found on disk and names the others as refused, reading nothing for them', async () => {
    const { api, ran } = setup(null);
    const result = (await api.dispatch('import:dropped', [
      [
        { name: 'made-up.txt', path: '' },
        { name: 'notes.txt', path: '/home/me/notes.txt' },
      ],
    ])) as ImportBatchResult;
    expect(ran.map((r) => r.paths)).toEqual([['/home/me/notes.txt']]);
    expect(result.failures).toEqual([
      { file: 'made-up.txt', path: '', code: 'not-a-file', message: 'made-up.txt: not a file from this computer (drop files from a folder or the desktop)' },
    ]);
  });

  it('runs no import at all when no dropped file has a path', async () => {
    const { api, ran } = setup(null);
    const result = (await api.dispatch('import:dropped', [[{ name: 'a.txt', path: '' }]])) as ImportBatchResult;
    expect(ran).toEqual([]);
    expect(result.failures.map((f) => f.file)).toEqual(['a.txt']);
    expect(result.documents).toEqual([]);
  });
});

/** Well-formed arguments for each channel that opens a dialog. */
function argsFor(channel: string): unknown[] {
  const doc = { name: 'a.txt', text: 'Paris', meta: { format: 'txt', hash: 'h', normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } }, spans: [], relations: [] };
  if (channel === 'backup:save') return [sampleSnapshot()];
  if (channel === 'export:save') return [{ format: 'doccano', defaultName: 'out.jsonl', documents: [doc] }];
  if (channel === 'file:saveText') return [{ defaultName: 'stats.csv', content: 'a,b' }];
  return [];
}

describe('dialogs', () => {
  function waitingHost() {
    const opened: string[] = [];
    const answers: Array<() => void> = [];
    const wait = <T>(name: string, value: T) => () => {
      opened.push(name);
      return new Promise<T>((resolve) => answers.push(() => resolve(value)));
    };
    const host: Host = {
      version: 't',
      userData: '/nonexistent',
      takePendingPaths: () => [],
      pickImportPaths: wait('import', null),
      pickSavePath: wait('save', null),
      pickFile: wait('file', null),
      pickFolder: wait('folder', null),
      sendProgress: () => undefined,
      requestSnapshot: () => undefined,
      confirmBackend: wait('confirm', false),
    };
    return { api: createApi(host, { dispose: async () => undefined } as unknown as Importer), opened, answers };
  }

  it('are opened one at a time: while one is open, every other request is refused without opening one', async () => {
    const { api, opened, answers } = waitingHost();
    const first = api.dispatch('import:pick', []);
    const dialogChannels = ['import:pick', 'schema:import', 'backup:open', 'backup:pickFolder', 'backup:save', 'export:save', 'file:saveText'];
    const refusals = await Promise.all(
      Array.from({ length: 2000 }, (_, i) =>
        api.dispatch(dialogChannels[i % dialogChannels.length] as string, argsFor(dialogChannels[i % dialogChannels.length] as string)).then(
          () => 'opened',
          (err: unknown) => (err as Error).message,
        ),
      ),
    );
    expect(new Set(refusals)).toEqual(new Set(['another dialog is already open: answer it first']));
    expect(opened).toEqual(['import']);
    answers.shift()?.();
    await expect(first).resolves.toBeNull();
    // once answered, the next one opens
    const next = api.dispatch('backup:open', []);
    await Promise.resolve();
    expect(opened).toEqual(['import', 'file']);
    answers.shift()?.();
    await expect(next).resolves.toBeNull();
  });
});

const docOf = (name: string, chars: number, spans = 0): PortableDocument => ({
  name,
  text: 'x'.repeat(chars),
  meta: { hash: name, mimeType: 'text/plain', title: name },
  spans: Array.from({ length: spans }, (_, i) => ({ start: i, end: i + 1, label: 'PER' })),
  relations: [],
}) as unknown as PortableDocument;

describe('a large batch goes to the page in slices', () => {
  it('answers the first slice with more, then each slice of about SLICE_CHARS in order, and refuses the id once all is taken', async () => {
    const docs = Array.from({ length: 7 }, (_, i) => docOf(`d${i}.txt`, SLICE_CHARS / 3 + 1));
    const { api } = setup(['/home/me/corpus'], [], docs);
    const first = (await api.dispatch('import:pick', [])) as ImportBatchResult;
    expect(first.documents.map((d) => d.name)).toEqual(['d0.txt', 'd1.txt']);
    expect(first.files).toHaveLength(7);
    expect(first.more).toMatch(/^[0-9a-f-]{36}$/);
    const slices: ImportSlice[] = [];
    for (let s = (await api.dispatch('import:more', [first.more])) as ImportSlice; ; s = (await api.dispatch('import:more', [first.more])) as ImportSlice) {
      slices.push(s);
      if (!s.more) break;
    }
    expect(slices.map((s) => s.documents.map((d) => d.name))).toEqual([['d2.txt', 'd3.txt'], ['d4.txt', 'd5.txt'], ['d6.txt']]);
    await expect(api.dispatch('import:more', [first.more])).rejects.toThrow(/no import batch is waiting/);
  });

  it('answers a batch that fits whole, with no more', async () => {
    const { api } = setup(['/home/me/a.txt'], [], [docOf('a.txt', 10), docOf('b.txt', 10)]);
    const first = (await api.dispatch('import:pick', [])) as ImportBatchResult;
    expect(first.documents).toHaveLength(2);
    expect(first).not.toHaveProperty('more');
  });

  it('sends a document larger than a slice alone, weighs annotations too, and forgets a batch the page left for a new one', () => {
    const slices = new ImportSlices(1000);
    const big = slices.first({ documents: [docOf('big', 5000), docOf('a', 400), docOf('b', 100, 8), docOf('c', 10)], failures: [], files: [], notReached: 0, cancelled: false });
    expect(big.documents.map((d) => d.name)).toEqual(['big']);
    // 400 + (100 + 8 × 64 = 612) > 1000: b goes in the next slice, with c
    expect(slices.next(big.more as string)).toEqual({ documents: [expect.objectContaining({ name: 'a' })], more: true });
    const second = slices.first({ documents: [docOf('x', 900), docOf('y', 900)], failures: [], files: [], notReached: 0, cancelled: false });
    expect(() => slices.next(big.more as string)).toThrow(/no import batch is waiting/);
    expect(slices.next(second.more as string).documents.map((d) => d.name)).toEqual(['y']);
  });
});
