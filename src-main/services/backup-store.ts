// The backup folder: where snapshots go (the user may choose it), their names, which ones are kept,
// and finding the newest one that can be restored. Only files named like Glose's own snapshots are
// ever listed or deleted: the folder may be one the user also keeps other files in.
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { BackupFile, BackupInfo, RestoreCandidate, SnapshotReason, WorkspaceSnapshot } from '../contract';
import { BackupError, decodeBackup, encodeBackup, MAX_BACKUP_BYTES } from './backup-format';
import { backupWords } from '../i18n/current';
import { writeFileAtomic } from './files';

/** How many of the newest snapshots are always kept… */
export const KEEP_LAST = 10;
/** …plus the newest snapshot of each of this many days (today included). */
export const KEEP_DAYS = 7;

const NAME = /^glose-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(?:-(\d{1,3}))?(?:-before-restore)?\.json\.gz$/;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** glose-YYYYMMDD-HHMMSS[-n][-before-restore].json.gz, in local time: the name says when it was taken. */
export function backupFileName(date: Date, reason: SnapshotReason = 'auto', sequence = 0): string {
  const stamp = `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
  return `glose-${stamp}${sequence > 0 ? `-${sequence}` : ''}${reason === 'before-restore' ? '-before-restore' : ''}.json.gz`;
}

/** When a snapshot was taken, from its name (ms since the epoch); null for any other file. */
export function parseBackupName(name: string): number | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [y, mo, d, h, mi, s, seq] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x))) as number[];
  // the sequence number (snapshots taken within one second) orders them as milliseconds would
  const date = new Date(y as number, (mo as number) - 1, d, h, mi, s, seq);
  // 20241399-… is not a date
  return date.getMonth() === (mo as number) - 1 && date.getDate() === d ? date.getTime() : null;
}

export interface Snapshot {
  name: string;
  /** ms since the epoch */
  time: number;
}

const dayOf = (time: number) => {
  const d = new Date(time);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
};

/**
 * The snapshots to delete: all but the `keepLast` newest and the newest of each of the last `keepDays`
 * calendar days (local time, today included). Snapshots dated in the future (a clock that was wrong)
 * count as the newest, so they are kept rather than guessed about.
 */
export function snapshotsToDelete(snapshots: readonly Snapshot[], now: number, keepLast = KEEP_LAST, keepDays = KEEP_DAYS): string[] {
  const newestFirst = [...snapshots].sort((a, b) => b.time - a.time || b.name.localeCompare(a.name));
  const keep = new Set(newestFirst.slice(0, keepLast).map((s) => s.name));
  const today = new Date(now);
  const recentDays = new Set<string>();
  for (let i = 0; i < keepDays; i++) recentDays.add(dayOf(new Date(today.getFullYear(), today.getMonth(), today.getDate() - i).getTime()));
  const daysKept = new Set<string>();
  for (const s of newestFirst) {
    const day = dayOf(s.time);
    if (recentDays.has(day) && !daysKept.has(day)) {
      daysKept.add(day);
      keep.add(s.name);
    }
  }
  return newestFirst.filter((s) => !keep.has(s.name)).map((s) => s.name);
}

interface StoreConfig {
  folder?: string;
}

/** The backup folder and its snapshots. The chosen folder is kept in `<userData>/backup-settings.json`. */
export class BackupStore {
  private readonly configPath: string;
  readonly defaultFolder: string;

  constructor(userData: string) {
    this.configPath = join(userData, 'backup-settings.json');
    this.defaultFolder = join(userData, 'backups');
  }

  async folder(): Promise<string> {
    try {
      const config = JSON.parse(await readFile(this.configPath, 'utf8')) as StoreConfig;
      if (typeof config.folder === 'string' && isAbsolute(config.folder)) return config.folder;
    } catch {
      // no choice made yet (or an unreadable file): the default folder
    }
    return this.defaultFolder;
  }

  async setFolder(folder: string): Promise<void> {
    if (!isAbsolute(folder)) throw new BackupError(backupWords().folderAbsolute);
    await mkdir(folder, { recursive: true });
    await mkdir(join(this.configPath, '..'), { recursive: true });
    await writeFileAtomic(this.configPath, JSON.stringify({ folder } satisfies StoreConfig, null, 2));
  }

  async info(): Promise<BackupInfo> {
    const folder = await this.folder();
    const list = await this.list();
    const newest = list[0];
    return { folder, isDefault: folder === this.defaultFolder, latest: newest ? await this.describe(folder, newest) : null, count: list.length };
  }

  /** Snapshots in the folder, newest first. */
  async list(): Promise<Snapshot[]> {
    const folder = await this.folder();
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      return [];
    }
    return names
      .flatMap((name) => {
        const time = parseBackupName(name);
        return time === null ? [] : [{ name, time }];
      })
      .sort((a, b) => b.time - a.time || b.name.localeCompare(a.name));
  }

  /** Writes a snapshot (temp file, fsync, rename), then deletes the ones retention lets go. */
  async write(snapshot: WorkspaceSnapshot, reason: SnapshotReason, now = new Date()): Promise<BackupFile> {
    const folder = await this.folder();
    await mkdir(folder, { recursive: true });
    let name = backupFileName(now, reason);
    for (let seq = 1; existsSync(join(folder, name)); seq++) name = backupFileName(now, reason, seq);
    const path = join(folder, name);
    const bytes = await writeFileAtomic(path, await encodeBackup(snapshot));
    await this.prune(now.getTime());
    return { path, name, createdAt: snapshot.createdAt, bytes };
  }

  async prune(now = Date.now()): Promise<string[]> {
    const folder = await this.folder();
    const doomed = snapshotsToDelete(await this.list(), now);
    for (const name of doomed) await rm(join(folder, name), { force: true });
    return doomed;
  }

  /**
   * The newest snapshot that reads back whole. A damaged one is skipped (an older one is better than
   * none); null when there is none.
   */
  async latest(): Promise<RestoreCandidate | null> {
    const folder = await this.folder();
    for (const s of await this.list()) {
      const path = join(folder, s.name);
      try {
        return { path, snapshot: await readBackupFile(path) };
      } catch {
        continue;
      }
    }
    return null;
  }

  private async describe(folder: string, s: Snapshot): Promise<BackupFile> {
    const path = join(folder, s.name);
    const bytes = await stat(path).then(
      (st) => st.size,
      () => 0,
    );
    return { path, name: s.name, createdAt: s.time, bytes };
  }
}

/** Reads and validates a backup file; throws a BackupError naming the file when it cannot be restored. */
export async function readBackupFile(path: string): Promise<WorkspaceSnapshot> {
  const name = basename(path);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new BackupError(backupWords().notFound(name));
  }
  // a gzip file is never larger than what it holds, give or take its header
  if (size > MAX_BACKUP_BYTES + 1024) throw new BackupError(backupWords().fileTooLarge(name));
  if (size === 0) throw new BackupError(backupWords().empty(name));
  try {
    return await decodeBackup(await readFile(path));
  } catch (err) {
    if (err instanceof BackupError) throw new BackupError(backupWords().inFile(name, err.message));
    throw err;
  }
}
