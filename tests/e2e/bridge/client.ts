// Installed into the page (chromium target) before the app starts: window.glose over loopback.
// Self-contained: Playwright serialises this function into the page.
import type { GloseApi, MainEvents } from '../../../src-main/contract';

export function installBridge(): void {
  type Listener = (payload: unknown) => void;
  const listeners = new Map<string, Set<Listener>>();
  const source = new EventSource('/__glose/events');
  source.onmessage = (ev: MessageEvent) => {
    const { event, payload } = JSON.parse(String(ev.data)) as { event: string; payload: unknown };
    for (const l of listeners.get(event) ?? []) l(payload);
  };
  async function invoke<T>(channel: string, ...args: unknown[]): Promise<T> {
    const res = await fetch('/__glose/invoke', { method: 'POST', body: JSON.stringify({ channel, args }) });
    const body = (await res.json()) as { ok: boolean; result?: T; error?: string };
    if (!body.ok) throw new Error(body.error ?? 'bridge error');
    return body.result as T;
  }
  async function dropPath(file: File): Promise<string> {
    const res = await fetch(`/__glose/drop?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file });
    const body = (await res.json()) as { result: string };
    return body.result;
  }
  const api: GloseApi = {
    appInfo: () => invoke('app:info'),
    // an absent options argument is left out (JSON would turn undefined into null)
    importPick: (options) => invoke('import:pick', ...(options === undefined ? [] : [options])),
    importPaths: (paths, options) => invoke('import:paths', paths, ...(options === undefined ? [] : [options])),
    importCancel: () => invoke('import:cancel'),
    importDropped: async (files, options) => invoke('import:paths', await Promise.all(files.map(dropPath)), ...(options === undefined ? [] : [options])),
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
    on: <E extends keyof MainEvents>(event: E, listener: (payload: MainEvents[E]) => void) => {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as Listener;
      set.add(l);
      return () => set.delete(l);
    },
  };
  Object.defineProperty(window, 'glose', { value: Object.freeze(api), writable: false });
}
