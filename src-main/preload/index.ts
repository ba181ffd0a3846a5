// The preload exposes window.glose: one function per channel, event subscriptions that hand over
// only the payload, and nothing else (never ipcRenderer itself).
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { EVENTS, USER_ERROR_PREFIX, type GloseApi, type MainEvents } from '../contract';

async function invoke<T>(channel: string, ...args: unknown[]): Promise<T> {
  try {
    return (await ipcRenderer.invoke(channel, ...args)) as T;
  } catch (err) {
    // Electron wraps handler errors as "Error invoking remote method 'x': Error: glose:…"
    const message = err instanceof Error ? err.message : String(err);
    const at = message.indexOf(USER_ERROR_PREFIX);
    throw new Error(at >= 0 ? message.slice(at + USER_ERROR_PREFIX.length) : message);
  }
}

/** An absent options argument is left out, not sent as undefined. */
function optional<T>(value: T | undefined): [T] | [] {
  return value === undefined ? [] : [value];
}

const api: GloseApi = {
  appInfo: () => invoke('app:info'),
  importPick: (options) => invoke('import:pick', ...optional(options)),
  importPaths: (paths, options) => invoke('import:paths', paths, ...optional(options)),
  importCancel: () => invoke('import:cancel'),
  importDropped: (files, options) => {
    // A dropped folder's File gives the folder's path; main expands it.
    const paths = files.map((f) => webUtils.getPathForFile(f)).filter((p) => p.length > 0);
    return invoke('import:paths', paths, ...optional(options));
  },
  exportPreview: (request) => invoke('export:preview', request),
  exportSave: (request) => invoke('export:save', request),
  saveText: (request) => invoke('file:saveText', request),
  schemaImport: () => invoke('schema:import'),
  backupSnapshot: (snapshot, reason) => invoke('backup:snapshot', snapshot, reason),
  backupSave: (snapshot) => invoke('backup:save', snapshot),
  backupOpen: () => invoke('backup:open'),
  backupLatest: () => invoke('backup:latest'),
  backupInfo: () => invoke('backup:info'),
  backupPickFolder: () => invoke('backup:pickFolder'),
  backupQuitReady: () => invoke('backup:quitReady'),
  on: (event, listener) => {
    if (!(EVENTS as readonly string[]).includes(event)) throw new Error(`unknown event ${event}`);
    const wrapped = (_e: Electron.IpcRendererEvent, payload: MainEvents[typeof event]) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => ipcRenderer.removeListener(event, wrapped);
  },
};

contextBridge.exposeInMainWorld('glose', api);
