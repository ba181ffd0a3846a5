// Backups and restore: automatic snapshots, the final one on quit, File ▸ Backup workspace… and
// File ▸ Restore…, the offer to restore when the database is lost, and what Settings shows of them
// (folder, latest snapshot, storage).
import type { BackupFile, BackupInfo, RestoreCandidate, SnapshotReason, WorkspaceSnapshot } from '$contract';
import type { GloseDatabase } from '$db/database';
import { BackupScheduler, deleteDatabase, isEmpty, readRawSnapshot, readSnapshot, replaceWorkspace, summarize, type SnapshotSummary } from '$db/backups';
import { replayJournal } from '$db/journal';
import { errorText, fileOf } from '$lib/text';
import type { Dialogs } from './dialogs.svelte';
import type { Settings } from './settings.svelte';
import type { Toasts } from './toasts.svelte';
import type { Workspace } from './workspace.svelte';
import { version as appVersion } from '../../../package.json';
import { say, t, type Words } from './i18n.svelte';

/** carries the restore's outcome across the page reload that follows it */
const RESTORED_KEY = 'glose:restored';

/**
 * Why the restore is offered: a file the user chose, the database failing to open, or an empty
 * database where a workspace used to be (while backups exist).
 */
export type RestoreKind = 'file' | 'fatal' | 'empty';

export interface RestorePrompt {
  kind: RestoreKind;
  candidate: RestoreCandidate;
  summary: SnapshotSummary;
}

export interface StorageStatus {
  usage: number;
  quota: number;
  /** null where the browser cannot say */
  persisted: boolean | null;
}

export class Backups {
  #info = $state.raw<BackupInfo | null>(null);
  #storage = $state.raw<StorageStatus | null>(null);
  #prompt = $state.raw<RestorePrompt | null>(null);
  #busy = $state(false);
  #promptError = $state<Words | null>(null);
  #snapshotFirst = false;
  /** what start-up rebuilt from the journal, said once the workspace is open */
  #rebuilt: Words | null = null;
  private readonly scheduler: BackupScheduler;
  private stops: Array<() => void> = [];

  /** @param startWorkspace opens the workspace, once the user has declined to restore an empty database */
  constructor(
    private readonly db: GloseDatabase,
    private readonly ws: Workspace,
    private readonly settings: Settings,
    private readonly dialogs: Dialogs,
    private readonly toasts: Toasts,
    private readonly startWorkspace: () => void,
  ) {
    this.scheduler = new BackupScheduler(db.name, () => settings.intervalMinutes * 60_000, () => this.snapshot('auto').then(() => undefined));
  }

  /** the backup folder and its latest snapshot, for Settings */
  get info(): BackupInfo | null {
    return this.#info;
  }
  get storage(): StorageStatus | null {
    return this.#storage;
  }
  /** a restore waiting for the user's answer */
  get prompt(): RestorePrompt | null {
    return this.#prompt;
  }
  /** a snapshot or restore is running */
  get busy(): boolean {
    return this.#busy;
  }
  /** why the last restore attempt failed, shown in the prompt */
  get promptError(): string | null {
    return this.#promptError === null ? null : say(this.#promptError);
  }

  /**
   * Runs before the workspace opens. Returns false when the workspace must wait: its database is empty
   * while backups exist, and the user is asked whether to restore the latest one.
   */
  async start(): Promise<boolean> {
    this.stops.push(this.scheduler.start());
    this.stops.push(window.glose.on('backup:request', () => void this.finalSnapshot()));
    void this.requestPersistence();
    const restored = restoredFrom(sessionStorage.getItem(RESTORED_KEY));
    if (restored) {
      sessionStorage.removeItem(RESTORED_KEY);
      this.toasts.show('info', () => t().msg.restored(restored.from, restored.kept));
    }
    try {
      await this.settings.loadInterval();
      const journal = this.db.journal;
      const position = journal ? await window.glose.journalPosition().catch(() => null) : null;
      if (journal && position !== null) journal.start(position);
      if (!(await isEmpty(this.db))) {
        // a journal begun beside an existing database (Glose updated, or the journal was damaged) needs
        // a snapshot to start from
        this.#snapshotFirst = journal?.position?.seq === 0 && !journal.position.anchored;
        return true;
      }
      const rebuilt = await this.rebuild().catch((err: unknown) => {
        this.toasts.show('error', () => t().msg.cannotRestore(errorText(err)));
        return false;
      });
      if (rebuilt) return true;
      const latest = await window.glose.backupLatest();
      if (!latest) return true;
      this.#prompt = { kind: 'empty', candidate: latest, summary: summarize(latest.snapshot) };
      return false;
    } catch {
      // the database does not open: the workspace will say so, and offer the latest backup
      return true;
    }
  }

  /** The workspace is open: a snapshot now, if the journal needs one to start from. */
  started(): void {
    if (this.#snapshotFirst) void this.snapshot('auto');
    this.#snapshotFirst = false;
    if (this.#rebuilt) this.toasts.show('info', this.#rebuilt);
    this.#rebuilt = null;
  }

  /**
   * The database is empty but the write journal is not: Chromium deleted a database it found corrupt
   * after a crash. It is rebuilt from the newest snapshot the journal follows (or from nothing, when the
   * journal goes back to an empty database) and the journal's entries after it. False when the journal
   * cannot rebuild it: then the user is offered the latest backup, as before.
   */
  private async rebuild(): Promise<boolean> {
    const journal = this.db.journal;
    if (!journal) return false;
    const contents = await window.glose.journalRead();
    if (contents.entries.length === 0) return false;
    const latest = await window.glose.backupLatest().catch(() => null);
    const seq = latest?.snapshot.journalId === contents.id ? latest.snapshot.journalSeq : undefined;
    const from = latest && seq !== undefined && seq >= contents.base ? latest : null;
    if (!from && contents.base !== 0) return false;
    const entries = from ? contents.entries.filter((e) => e.seq > (seq ?? 0)) : contents.entries;
    await journal.paused(async () => {
      if (from) await replaceWorkspace(this.db, from.snapshot);
      await replayJournal(this.db, entries);
    });
    const fromName = from ? fileOf(from.path) : null;
    this.#rebuilt = () => t().msg.rebuilt(fromName, entries.length);
    // the rebuilt database in a snapshot, so the journal starts again from it
    this.#snapshotFirst = true;
    return true;
  }

  dispose(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  /** Asks the browser not to evict the database under disk pressure (granted or not, silently). */
  private async requestPersistence(): Promise<void> {
    try {
      if (navigator.storage?.persisted && !(await navigator.storage.persisted())) await navigator.storage.persist?.();
    } catch {
      // the Settings panel shows what was granted
    }
  }

  /** Opens Settings (Ctrl+,) with the backup folder and storage read afresh. */
  async openSettings(): Promise<void> {
    this.dialogs.show('settings');
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const [info, storage] = await Promise.all([window.glose.backupInfo().catch(() => null), storageStatus()]);
    this.#info = info;
    this.#storage = storage;
  }

  async pickFolder(): Promise<void> {
    try {
      const info = await window.glose.backupPickFolder();
      if (info) {
        this.#info = info;
        this.toasts.show('info', () => t().msg.backupsGoTo(info.folder));
      }
    } catch (err) {
      this.toasts.show('error', () => t().msg.folderRefused(errorText(err)));
    }
  }

  /** Writes a snapshot of the workspace to the backup folder; null (and a message) when it failed. */
  async snapshot(reason: SnapshotReason): Promise<BackupFile | null> {
    if (!this.ws.ready) return null;
    this.scheduler.markTaken();
    try {
      await this.ws.editor?.flushed();
      const file = await window.glose.backupSnapshot(await this.journalledSnapshot(), reason);
      if (this.dialogs.isOpen('settings')) void this.refresh();
      if (reason === 'manual') this.toasts.show('info', () => t().msg.backedUpTo(file.path));
      return file;
    } catch (err) {
      this.scheduler.markFailed();
      this.toasts.show('error', () => (reason === 'auto' ? t().msg.autoBackupFailed : t().msg.backupFailed)(errorText(err)));
      return null;
    }
  }

  /**
   * The workspace with the journal position it holds everything up to: what committed before it was
   * read is in it, whatever the journal confirmed by then included.
   */
  private async journalledSnapshot(): Promise<WorkspaceSnapshot> {
    const journal = this.db.journal;
    await journal?.settled();
    const position = journal?.position ?? null;
    const snapshot = await readSnapshot(this.db, appVersion);
    return position === null ? snapshot : { ...snapshot, journalId: position.id, journalSeq: position.seq };
  }

  /** Glose is quitting: a last snapshot if anything changed, then main may go on. */
  private async finalSnapshot(): Promise<void> {
    try {
      if (this.ws.ready && this.scheduler.dirty) await this.snapshot('quit');
    } finally {
      await window.glose.backupQuitReady();
    }
  }

  /** File ▸ Backup workspace…: a backup file where the user chooses. */
  async saveAs(): Promise<void> {
    if (!this.ws.ready) return;
    try {
      await this.ws.editor?.flushed();
      const file = await window.glose.backupSave(await readSnapshot(this.db, appVersion));
      if (file) this.toasts.show('info', () => t().msg.workspaceBackedUp(file.path));
    } catch (err) {
      this.toasts.show('error', () => t().msg.backupFailed(errorText(err)));
    }
  }

  /** File ▸ Restore…: the file is read and checked by main; the user confirms before anything changes. */
  async chooseFile(): Promise<void> {
    try {
      const candidate = await window.glose.backupOpen();
      if (candidate) this.offer('file', candidate);
    } catch (err) {
      this.toasts.show('error', () => t().msg.cannotRestore(errorText(err)));
    }
  }

  /** "Restore latest backup", when the database failed to open. */
  async offerLatest(): Promise<void> {
    try {
      const candidate = await window.glose.backupLatest();
      if (candidate) this.offer('fatal', candidate);
      else {
        const { folder } = await window.glose.backupInfo();
        this.toasts.show('error', () => t().msg.noBackupIn(folder));
      }
    } catch (err) {
      this.toasts.show('error', () => t().msg.cannotRestore(errorText(err)));
    }
  }

  private offer(kind: RestoreKind, candidate: RestoreCandidate): void {
    this.#promptError = null;
    this.#prompt = { kind, candidate, summary: summarize(candidate.snapshot) };
  }

  /** "Start with an empty workspace": the database stays as it is and the workspace opens. */
  declineEmpty(): void {
    this.#prompt = null;
    this.startWorkspace();
  }

  cancel(): void {
    if (this.#prompt?.kind === 'empty') return this.declineEmpty();
    this.#prompt = null;
  }

  /**
   * Replaces the workspace with the backup. What it replaces is saved first as a snapshot (if that
   * fails, nothing is replaced); the replacement is one transaction; then the page reloads on it.
   */
  async confirm(): Promise<void> {
    const prompt = this.#prompt;
    if (!prompt || this.#busy) return;
    this.#busy = true;
    this.#promptError = null;
    try {
      const db = this.db;
      let kept: BackupFile | null = null;
      if (prompt.kind === 'file') {
        await this.ws.editor?.flushed();
        kept = await window.glose.backupSnapshot(await this.journalledSnapshot(), 'before-restore');
      } else if (prompt.kind === 'fatal') {
        // whatever IndexedDB can still read of the database Dexie could not open is kept, if it can be
        kept = await readRawSnapshot(db.name, appVersion)
          .then((raw) => window.glose.backupSnapshot(raw, 'before-restore'))
          .catch(() => null);
        await deleteDatabase(db);
      }
      await replaceWorkspace(db, prompt.candidate.snapshot);
      const from = fileOf(prompt.candidate.path);
      sessionStorage.setItem(RESTORED_KEY, JSON.stringify({ from, kept: kept?.name ?? null }));
      location.reload();
    } catch (err) {
      const why = errorText(err);
      this.#promptError = () => t().msg.nothingRestored(why);
      this.#busy = false;
    }
  }
}

async function storageStatus(): Promise<StorageStatus | null> {
  if (!navigator.storage?.estimate) return null;
  try {
    const [estimate, persisted] = await Promise.all([navigator.storage.estimate(), navigator.storage.persisted?.() ?? Promise.resolve(null)]);
    return { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted };
  } catch {
    return null;
  }
}

/** What a restore left for the page that reloads after it: the backup's file and the copy kept first. */
function restoredFrom(stored: string | null): { from: string; kept: string | null } | null {
  if (stored === null) return null;
  try {
    const value = JSON.parse(stored) as { from?: unknown; kept?: unknown };
    if (typeof value.from === 'string' && (typeof value.kept === 'string' || value.kept === null)) return { from: value.from, kept: value.kept };
  } catch {
    // not ours: nothing to say
  }
  return null;
}
