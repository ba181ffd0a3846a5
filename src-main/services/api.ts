// The handler table: channel -> argument schema -> service call. Electron's IPC wiring and the e2e
// bridge both dispatch through this one function, so only the transport differs between them.
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import type { AppInfo, Channel, Channels, DroppedFile, ExportRequest, ExportResult, ImportBatchResult, ImportFailure, ImportProgress, Locale } from '../contract';
import { MAIN_MESSAGES } from '../i18n/messages';
import { useLocale } from '../i18n/current';
import { parseArgs } from './schemas';
import { Importer } from './importer';
import { ImportSlices } from './import-slices';
import { exportDocuments, previewExport } from './exporter';
import { writeFileAtomic } from './files';
import { readSchemaFile } from './schema-files';
import { readSuggestList, SUGGEST_LIST_EXTENSIONS } from './suggest-lists';
import { encodeBackup } from './backup-format';
import { BackupStore, readBackupFile } from './backup-store';
import { Journal } from './journal';
import { MlBackend } from './ml-backend';
import { packageFileName, readPackageFile, writePackage } from './work-package';

/**
 * What the host (Electron, or the test bridge) provides: dialogs and where events go. Dialogs are
 * opened one at a time (see `oneDialog`); the host need not guard against a page asking for more.
 */
export interface Host {
  version: string;
  /** files given on a command line or by the OS since the last call, given out once */
  takePendingPaths(): string[];
  /** native open dialog; null when cancelled */
  pickImportPaths(folders: boolean): Promise<string[] | null>;
  /** native save dialog; null when cancelled */
  pickSavePath(defaultName: string, title?: string): Promise<string | null>;
  /** native open dialog for one file of the given extensions; null when cancelled */
  pickFile(title: string, extensions: string[]): Promise<string | null>;
  sendProgress(progress: ImportProgress): void;
  /** the app's data folder; backups go to its "backups" folder unless the user chose another */
  userData: string;
  /** native dialog choosing a folder; null when cancelled */
  pickFolder(title: string): Promise<string | null>;
  /** sends 'backup:request' to the renderer */
  requestSnapshot(): void;
  /**
   * native message box: may documents be sent to the user's model at `url`? Asked before the first
   * call to each URL the user sets; the answer is remembered.
   */
  confirmBackend(url: string): Promise<boolean>;
  /** the language of the menu and dialogs until the renderer says (the OS's); English when absent */
  locale?: Locale;
  /** the renderer chose the interface language: the host words its menu and dialogs in it */
  localeChanged?(locale: Locale): void;
}

type Handlers = { [C in Channel]: (...args: Channels[C]['args']) => Promise<Channels[C]['result']> };

export interface Api {
  dispatch(channel: string, rawArgs: unknown[]): Promise<unknown>;
  dispose(): Promise<void>;
  /**
   * Asks the renderer for its final snapshot and resolves once it is written (the renderer calls
   * 'backup:quitReady'), or after `timeoutMs` if the renderer does not answer.
   */
  finalSnapshot(timeoutMs: number): Promise<'done' | 'timeout'>;
}

export function createApi(host: Host, importer: Importer): Api {
  const backups = new BackupStore(host.userData);
  const journal = new Journal(host.userData);
  const quitWaiters = new Set<() => void>();
  const slices = new ImportSlices();
  let dialogOpen = false;
  let locale: Locale = host.locale ?? 'en';
  useLocale(locale);
  const words = () => MAIN_MESSAGES[locale].dialog;
  /** One dialog at a time: a page cannot stack dialogs on the user, whatever it asks for. */
  const oneDialog = async <T>(open: () => Promise<T>): Promise<T> => {
    if (dialogOpen) throw new Error('another dialog is already open: answer it first');
    dialogOpen = true;
    try {
      return await open();
    } finally {
      dialogOpen = false;
    }
  };
  const model = new MlBackend({ userData: host.userData, confirm: (url) => oneDialog(() => host.confirmBackend(url)) });
  const handlers: Handlers = {
    'app:info': async (): Promise<AppInfo> => ({
      version: host.version,
      platform: process.platform,
      userName: safeUserName(),
    }),
    'app:setLocale': async (next) => {
      locale = next;
      useLocale(next);
      host.localeChanged?.(next);
    },
    'import:pick': async (options) => {
      const paths = await oneDialog(() => host.pickImportPaths(options?.folders ?? false));
      if (!paths || paths.length === 0) return null;
      return slices.first(await importer.run(paths, host.sendProgress, options));
    },
    'import:pending': async (options) => {
      const paths = host.takePendingPaths();
      return paths.length === 0 ? null : slices.first(await importer.run(paths, host.sendProgress, options));
    },
    'import:dropped': async (files, options) => {
      const refused = files.filter((f) => f.path === '').map(notFromThisComputer);
      const paths = files.filter((f) => f.path !== '').map((f) => f.path);
      const result: ImportBatchResult =
        paths.length > 0 ? await importer.run(paths, host.sendProgress, options) : { documents: [], failures: [], files: [], notReached: 0, cancelled: false };
      return slices.first({ ...result, failures: [...refused, ...result.failures] });
    },
    'import:cancel': async () => importer.cancel(),
    'import:more': async (batch) => slices.next(batch),
    'schema:import': async () => {
      const path = await oneDialog(() => host.pickFile(words().importSchema, ['json', 'conf']));
      if (!path) return null;
      return readSchemaFile(path);
    },
    'file:saveText': async ({ defaultName, content }) => {
      const target = await oneDialog(() => host.pickSavePath(defaultName));
      if (!target) return null;
      return { path: target, bytes: await writeFileAtomic(target, content) };
    },
    'export:preview': async (request) => previewExport(request),
    'export:save': async (request: ExportRequest): Promise<ExportResult | null> => {
      const target = await oneDialog(() => host.pickSavePath(request.defaultName));
      if (!target) return null;
      return exportDocuments(request, target);
    },
    'backup:snapshot': async (snapshot, reason) => {
      const file = await backups.write(snapshot, reason);
      // the snapshot holds the journal's entries up to its position: the journal need not keep them
      if (snapshot.journalId !== undefined && snapshot.journalSeq !== undefined) await journal.trim(snapshot.journalId, snapshot.journalSeq);
      return file;
    },
    'backup:save': async (snapshot) => {
      const day = new Date(snapshot.createdAt).toISOString().slice(0, 10);
      const target = await oneDialog(() => host.pickSavePath(`glose-backup-${day}.json.gz`, words().backupWorkspace));
      if (!target) return null;
      // a name ending in .json gets plain JSON; anything else is gzipped
      const bytes = await writeFileAtomic(target, await encodeBackup(snapshot, !target.toLowerCase().endsWith('.json')));
      return { path: target, name: basename(target), createdAt: snapshot.createdAt, bytes };
    },
    'backup:open': async () => {
      const path = await oneDialog(() => host.pickFile(words().restoreBackup, ['gz', 'json']));
      if (!path) return null;
      return { path, snapshot: await readBackupFile(path) };
    },
    'backup:latest': () => backups.latest(),
    'backup:info': () => backups.info(),
    'backup:pickFolder': async () => {
      const folder = await oneDialog(() => host.pickFolder(words().backupFolder));
      if (!folder) return null;
      await backups.setFolder(folder);
      return backups.info();
    },
    'backup:quitReady': async () => {
      for (const done of quitWaiters) done();
    },
    'journal:append': (write) => journal.append(write),
    'journal:read': () => journal.read(),
    'journal:position': () => journal.position(),
    'suggest:backend': () => model.status(),
    'suggest:setBackend': (url) => model.set(url),
    'suggest:checkBackend': () => model.check(),
    'suggest:predict': (request) => model.predict(request),
    'suggest:importList': async () => {
      const path = await oneDialog(() => host.pickFile(words().importSuggestList, SUGGEST_LIST_EXTENSIONS));
      return path ? readSuggestList(path) : null;
    },
    'package:save': async (pkg) => {
      const target = await oneDialog(() => host.pickSavePath(packageFileName(pkg)));
      if (!target) return null;
      return { path: target, bytes: await writePackage(target, pkg) };
    },
    'package:open': async (options) => {
      const path = await oneDialog(() => host.pickFile(words().openPackage, ['zip']));
      if (!path) return null;
      return readPackageFile(path, options?.limitBytes);
    },
  };

  return {
    async dispatch(channel, rawArgs) {
      if (!Object.hasOwn(handlers, channel)) throw new Error(`unknown channel ${channel}`);
      const c = channel as Channel;
      const args = parseArgs(c, rawArgs);
      const handler = handlers[c] as (...a: unknown[]) => Promise<unknown>;
      return handler(...args);
    },
    dispose: async () => {
      await importer.dispose();
      await journal.close();
    },
    finalSnapshot: (timeoutMs) =>
      new Promise((resolve) => {
        const finish = (how: 'done' | 'timeout') => {
          clearTimeout(timer);
          quitWaiters.delete(done);
          resolve(how);
        };
        const done = () => finish('done');
        const timer = setTimeout(() => finish('timeout'), timeoutMs);
        quitWaiters.add(done);
        host.requestSnapshot();
      }),
  };
}

/** A dropped File the preload found no path for: the page made it, it is not a file on this computer. */
function notFromThisComputer(file: DroppedFile): ImportFailure {
  return { file: file.name, path: '', code: 'not-a-file', message: `${file.name}: not a file from this computer (drop files from a folder or the desktop)` };
}

function safeUserName(): string {
  try {
    return userInfo().username || 'annotator';
  } catch {
    return 'annotator';
  }
}
