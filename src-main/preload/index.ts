// The preload exposes window.glose: one function per channel, event subscriptions that hand over
// only the payload, and nothing else (never ipcRenderer itself). The page never names a path: the
// only paths sent from here are those of files really dropped on the window, read with webUtils.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { EVENTS, INVOKERS, USER_ERROR_PREFIX, type DroppedFile, type GloseApi, type MainEvents } from '../contract';

async function invoke<T>(channel: string, args: unknown[]): Promise<T> {
  // An absent trailing options argument is left out, not sent as undefined.
  while (args.length > 0 && args[args.length - 1] === undefined) args = args.slice(0, -1);
  try {
    return (await ipcRenderer.invoke(channel, ...args)) as T;
  } catch (err) {
    // Electron wraps handler errors as "Error invoking remote method 'x': Error: glose:…"
    const message = err instanceof Error ? err.message : String(err);
    const at = message.indexOf(USER_ERROR_PREFIX);
    throw new Error(at >= 0 ? message.slice(at + USER_ERROR_PREFIX.length) : message);
  }
}

function invoker(channel: string) {
  return (...args: unknown[]) => invoke(channel, args);
}

/**
 * What a dropped File is to main: its path on disk, or '' when the page made it (main refuses those
 * and names them in the report). Anything that is not a File has no path either.
 */
function dropped(file: File): DroppedFile {
  let path = '';
  try {
    path = webUtils.getPathForFile(file);
  } catch {
    // not a File at all
  }
  const name = typeof file?.name === 'string' && file.name.length > 0 ? file.name.slice(0, 1000) : 'unnamed';
  return { name, path };
}

const api = Object.freeze({
  ...(Object.fromEntries(Object.entries(INVOKERS).map(([method, channel]) => [method, invoker(channel)])) as Omit<GloseApi, 'importDropped' | 'on'>),
  importDropped: async (files, options) => {
    if (!Array.isArray(files)) throw new Error('only dropped files can be imported');
    return invoke('import:dropped', [files.map(dropped), options]);
  },
  on: (event, listener) => {
    if (!(EVENTS as readonly string[]).includes(event)) throw new Error(`unknown event ${event}`);
    if (typeof listener !== 'function') throw new Error('a listener must be a function');
    // the page gets the payload only, never the IPC event (whose sender is ipcRenderer)
    const wrapped = (_e: Electron.IpcRendererEvent, payload: MainEvents[typeof event]) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => void ipcRenderer.removeListener(event, wrapped);
  },
} satisfies GloseApi);

contextBridge.exposeInMainWorld('glose', api);
