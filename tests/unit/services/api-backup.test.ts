// The backup channels through the handler table, as Electron and the e2e bridge call them.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApi, type Host } from '../../../src-main/services/api';
import type { Importer } from '../../../src-main/services/importer';
import type { BackupFile, BackupInfo, JournalContents, JournalPosition, JournalWrite, RestoreCandidate } from '../../../src-main/contract';
import { sampleSnapshot } from './backup-sample';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function setup(dialog: { open?: string | null; save?: string | null; folder?: string | null } = {}, onRequest?: (api: ReturnType<typeof createApi>) => void) {
  const userData = await mkdtemp(join(tmpdir(), 'glose-api-'));
  dirs.push(userData);
  const host: Host = {
    version: 't',
    userData,
    takePendingPaths: () => [],
    pickImportPaths: async () => null,
    pickSavePath: async () => dialog.save ?? null,
    pickFile: async () => dialog.open ?? null,
    pickFolder: async () => dialog.folder ?? null,
    sendProgress: () => undefined,
    requestSnapshot: () => onRequest?.(api),
    confirmBackend: async () => false,
  };
  const api = createApi(host, { dispose: async () => undefined } as unknown as Importer);
  return { api, userData };
}

describe('backup channels', () => {
  it('backup:snapshot writes into <userData>/backups; backup:info and backup:latest find it', async () => {
    const { api, userData } = await setup();
    const file = (await api.dispatch('backup:snapshot', [sampleSnapshot(), 'auto'])) as BackupFile;
    expect(file.path.startsWith(join(userData, 'backups'))).toBe(true);
    const info = (await api.dispatch('backup:info', [])) as BackupInfo;
    expect(info).toMatchObject({ folder: join(userData, 'backups'), isDefault: true, count: 1, latest: { name: file.name } });
    const latest = (await api.dispatch('backup:latest', [])) as RestoreCandidate;
    expect(latest.snapshot).toEqual(sampleSnapshot());
  });

  it('backup:save writes gzip, or plain JSON for a .json name; backup:open reads either back', async () => {
    for (const name of ['w.json.gz', 'w.json']) {
      const dir = await mkdtemp(join(tmpdir(), 'glose-save-'));
      dirs.push(dir);
      const target = join(dir, name);
      const { api } = await setup({ save: target, open: target });
      await api.dispatch('backup:save', [sampleSnapshot()]);
      const bytes = await readFile(target);
      expect(bytes[0] === 0x1f, name).toBe(name.endsWith('.gz'));
      if (name.endsWith('.json')) expect(JSON.parse(bytes.toString('utf8'))).toEqual(sampleSnapshot());
      expect(((await api.dispatch('backup:open', [])) as RestoreCandidate).snapshot).toEqual(sampleSnapshot());
    }
    // a cancelled dialog changes nothing
    expect(await (await setup()).api.dispatch('backup:open', [])).toBeNull();
  });

  it('backup:open refuses a truncated file with a message naming it', async () => {
    const { api, userData } = await setup();
    const file = (await api.dispatch('backup:snapshot', [sampleSnapshot(), 'manual'])) as BackupFile;
    const cut = join(userData, 'cut.json.gz');
    await writeFile(cut, (await readFile(file.path)).subarray(0, 200));
    const opener = await setup({ open: cut });
    await expect(opener.api.dispatch('backup:open', [])).rejects.toThrow(/^cut\.json\.gz: This backup is truncated/);
  });

  it('backup:pickFolder moves where snapshots go', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'glose-chosen-'));
    dirs.push(folder);
    const { api } = await setup({ folder });
    expect(((await api.dispatch('backup:pickFolder', [])) as BackupInfo).folder).toBe(folder);
    await api.dispatch('backup:snapshot', [sampleSnapshot(), 'auto']);
    expect((await readdir(folder)).filter((n) => n.startsWith('glose-'))).toHaveLength(1);
  });

  it('finalSnapshot waits for the renderer to answer, or gives up after the timeout', async () => {
    const answering = await setup({}, (api) => {
      setTimeout(() => {
        void api.dispatch('backup:snapshot', [sampleSnapshot(), 'quit']).then(() => api.dispatch('backup:quitReady', []));
      }, 20);
    });
    expect(await answering.api.finalSnapshot(5_000)).toBe('done');
    expect(((await answering.api.dispatch('backup:info', [])) as BackupInfo).count).toBe(1);
    // a renderer that never answers: quitting goes on once the timeout has passed, not before
    const silent = await setup();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let outcome: string | null = null;
      void silent.api.finalSnapshot(15_000).then((how) => (outcome = how));
      await vi.advanceTimersByTimeAsync(14_999);
      expect(outcome).toBeNull();
      await vi.advanceTimersByTimeAsync(1);
      expect(outcome).toBe('timeout');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a snapshot trims the write journal it was taken beside', () => {
  const put = (n: number): JournalWrite => ({ ops: [{ type: 'put', table: 'settings', values: [{ key: `lastDocument:d${n}`, value: `d${n}` }] }] });

  it('only when it names both the journal and its position', async () => {
    const { api } = await setup();
    for (const n of [1, 2, 3]) await api.dispatch('journal:append', [put(n)]);
    const { id } = (await api.dispatch('journal:position', [])) as JournalPosition;
    const seqs = async () => ((await api.dispatch('journal:read', [])) as JournalContents).entries.map((e) => e.seq);
    await api.dispatch('backup:snapshot', [{ ...sampleSnapshot(), journalId: id }, 'auto']);
    expect(await seqs()).toEqual([1, 2, 3]);
    await api.dispatch('backup:snapshot', [{ ...sampleSnapshot(), journalSeq: 2 }, 'auto']);
    expect(await seqs()).toEqual([1, 2, 3]);
    await api.dispatch('backup:snapshot', [{ ...sampleSnapshot(), journalId: id, journalSeq: 2 }, 'auto']);
    expect(await seqs()).toEqual([3]);
    expect(((await api.dispatch('journal:read', [])) as JournalContents).base).toBe(2);
  });
});

describe('file:saveText', () => {
  it('writes the text where the dialog says, and nothing when it is cancelled', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'glose-text-'));
    dirs.push(dir);
    const target = join(dir, 'stats.csv');
    const { api } = await setup({ save: target });
    expect(await api.dispatch('file:saveText', [{ defaultName: 'stats.csv', content: 'a,b\n1,é' }])).toEqual({ path: target, bytes: 8 });
    expect(await readFile(target, 'utf8')).toBe('a,b\n1,é');
    const cancelled = await setup({ save: null });
    expect(await cancelled.api.dispatch('file:saveText', [{ defaultName: 'stats.csv', content: 'x' }])).toBeNull();
    expect(await readdir(cancelled.userData)).not.toContain('stats.csv');
  });
});
