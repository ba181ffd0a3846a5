import { mkdtemp, readdir, rm, writeFile, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupStore, backupFileName, parseBackupName, readBackupFile, snapshotsToDelete, type Snapshot } from '../../../src-main/services/backup-store';
import { sampleSnapshot } from './backup-sample';

const at = (y: number, mo: number, d: number, h = 12, mi = 0, s = 0) => new Date(y, mo - 1, d, h, mi, s);
const snap = (date: Date, seq = 0): Snapshot => ({ name: backupFileName(date, 'auto', seq), time: date.getTime() + seq });

describe('snapshot names', () => {
  it('say when the snapshot was taken, in local time, and read back', () => {
    const d = at(2025, 3, 9, 7, 5, 3);
    expect(backupFileName(d)).toBe('glose-20250309-070503.json.gz');
    expect(backupFileName(d, 'quit', 2)).toBe('glose-20250309-070503-2.json.gz');
    expect(backupFileName(d, 'before-restore')).toBe('glose-20250309-070503-before-restore.json.gz');
    expect(parseBackupName('glose-20250309-070503.json.gz')).toBe(d.getTime());
    expect(parseBackupName('glose-20250309-070503-before-restore.json.gz')).toBe(d.getTime());
    expect(parseBackupName('glose-20250309-070503-2.json.gz')).toBe(d.getTime() + 2);
  });

  it('are the only files recognised', () => {
    for (const name of ['notes.txt', 'glose-20250309-070503.json', 'glose-2025-03-09.json.gz', 'glose-20251309-070503.json.gz', 'glose-20250230-070503.json.gz', 'xglose-20250309-070503.json.gz', '.glose-20250309-070503.json.gz.abc.tmp']) {
      expect(parseBackupName(name), name).toBeNull();
    }
  });
});

describe('retention', () => {
  const now = at(2025, 3, 20, 18).getTime();

  it('keeps everything while there are ten or fewer', () => {
    const list = Array.from({ length: 10 }, (_, i) => snap(at(2024, 1, 1 + i)));
    expect(snapshotsToDelete(list, now)).toEqual([]);
  });

  it('keeps the last ten of a long session, plus the newest of each of the last seven days', () => {
    // every 5 minutes today from 08:00 to 17:55 (120 snapshots), and four a day on the fourteen days before
    const today = Array.from({ length: 120 }, (_, i) => snap(at(2025, 3, 20, 8, i * 5)));
    const before = Array.from({ length: 14 }, (_, d) => [9, 12, 15, 18].map((h) => snap(at(2025, 3, 19 - d, h)))).flat();
    const all = [...today, ...before];
    const doomed = new Set(snapshotsToDelete(all, now));
    const kept = all.filter((s) => !doomed.has(s.name)).map((s) => s.name).sort();
    const expected = [
      ...today.slice(-10).map((s) => s.name),
      // today's newest is among the last ten; the six days before, their 18:00 snapshot
      ...[19, 18, 17, 16, 15, 14].map((d) => backupFileName(at(2025, 3, d, 18))),
    ].sort();
    expect(kept).toEqual(expected);
  });

  it('counts days in local time and keeps nothing older than a week beyond the last ten', () => {
    const old = Array.from({ length: 12 }, (_, i) => snap(at(2025, 1, 1, 0, i)));
    const doomed = snapshotsToDelete(old, now);
    // the ten newest stay, however old
    expect(doomed.sort()).toEqual(old.slice(0, 2).map((s) => s.name).sort());
    // a snapshot at 23:59 and one at 00:01 the next day are two days
    const edge = [snap(at(2025, 3, 18, 23, 59)), snap(at(2025, 3, 19, 0, 1))];
    expect(snapshotsToDelete(edge, now, 0, 7)).toEqual([]);
    expect(snapshotsToDelete(edge, now, 0, 1)).toEqual(edge.map((s) => s.name).reverse());
  });

  it('keeps snapshots dated in the future (a clock that was wrong) as the newest', () => {
    const future = snap(at(2026, 1, 1));
    const list = [future, ...Array.from({ length: 10 }, (_, i) => snap(at(2025, 3, 20, 8, i)))];
    // it counts among the last ten: the oldest of today's goes instead
    expect(snapshotsToDelete(list, now)).toEqual([list[1]?.name]);
  });

  it('orders snapshots taken within one second by their sequence number', () => {
    const list = Array.from({ length: 12 }, (_, i) => snap(at(2024, 5, 5, 5, 5, 5), i));
    expect(snapshotsToDelete(list, now).sort()).toEqual([list[0]?.name, list[1]?.name].sort());
  });
});

describe('the backup folder', () => {
  const dirs: string[] = [];
  const temp = async () => {
    const d = await mkdtemp(join(tmpdir(), 'glose-backups-'));
    dirs.push(d);
    return d;
  };
  afterEach(async () => {
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it('writes snapshots atomically into <userData>/backups, lists them newest first, and reads the latest back', async () => {
    const userData = await temp();
    const store = new BackupStore(userData);
    expect(await store.info()).toEqual({ folder: join(userData, 'backups'), isDefault: true, latest: null, count: 0 });
    const first = await store.write(sampleSnapshot(), 'auto', at(2025, 3, 20, 9));
    const second = await store.write({ ...sampleSnapshot(), createdAt: 42 }, 'quit', at(2025, 3, 20, 9));
    expect(first.name).toBe('glose-20250320-090000.json.gz');
    expect(second.name).toBe('glose-20250320-090000-1.json.gz');
    // no temp file is left behind
    expect((await readdir(join(userData, 'backups'))).sort()).toEqual([first.name, second.name].sort());
    const info = await store.info();
    expect(info.count).toBe(2);
    expect(info.latest?.name).toBe(second.name);
    expect(info.latest?.bytes).toBe(second.bytes);
    expect((await store.latest())?.snapshot).toEqual({ ...sampleSnapshot(), createdAt: 42 });
  });

  it('prunes by the retention rule, and never touches files that are not its snapshots', async () => {
    const userData = await temp();
    const store = new BackupStore(userData);
    const folder = join(userData, 'backups');
    for (let i = 0; i < 14; i++) await store.write(sampleSnapshot(), 'auto', at(2020, 1, 1, 10, i));
    await writeFile(join(folder, 'my-notes.txt'), 'mine');
    await writeFile(join(folder, 'glose-backup-2020-01-01.json.gz'), 'a manual backup');
    await store.write(sampleSnapshot(), 'auto', new Date());
    const names = await readdir(folder);
    expect(names).toContain('my-notes.txt');
    expect(names).toContain('glose-backup-2020-01-01.json.gz');
    expect(names.filter((n) => parseBackupName(n) !== null)).toHaveLength(10);
  });

  it('skips a damaged newest snapshot for the one before it', async () => {
    const userData = await temp();
    const store = new BackupStore(userData);
    await store.write({ ...sampleSnapshot(), createdAt: 1 }, 'auto', at(2025, 3, 20, 9));
    const newest = await store.write({ ...sampleSnapshot(), createdAt: 2 }, 'auto', at(2025, 3, 20, 10));
    await truncate(newest.path, 100);
    const latest = await store.latest();
    expect(latest?.snapshot.createdAt).toBe(1);
    await expect(readBackupFile(newest.path)).rejects.toThrow(/^glose-20250320-100000\.json\.gz: This backup is truncated/);
  });

  it('keeps the folder the user chose, and refuses a relative one', async () => {
    const userData = await temp();
    const chosen = join(await temp(), 'Backups Glose');
    const store = new BackupStore(userData);
    await store.setFolder(chosen);
    const again = new BackupStore(userData);
    expect(await again.folder()).toBe(chosen);
    const file = await again.write(sampleSnapshot(), 'manual');
    expect(file.path.startsWith(chosen)).toBe(true);
    expect((await again.info()).isDefault).toBe(false);
    await expect(store.setFolder('backups')).rejects.toThrow(/absolute/);
  });

  it('reports a missing or empty file by name', async () => {
    const dir = await temp();
    await expect(readBackupFile(join(dir, 'gone.json.gz'))).rejects.toThrow('gone.json.gz: the file cannot be found.');
    await writeFile(join(dir, 'empty.json'), '');
    await expect(readBackupFile(join(dir, 'empty.json'))).rejects.toThrow('empty.json: the file is empty.');
  });
});
