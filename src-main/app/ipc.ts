// IPC wiring: every channel goes through one wrapper that rejects foreign senders and sub-frames
// before the handler table (which validates arguments) runs.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, USER_ERROR_PREFIX, type MainEvents } from '../contract';
import type { Api } from '../services/api';
import { originOf } from '../services/policy';

/**
 * A request is the app's when it comes from the app's window, from its top frame, while that frame
 * shows the app's origin: another window or web contents, a sub-frame, or a page that got elsewhere
 * are refused.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, win: BrowserWindow | null, origin: string): boolean {
  const frame = event.senderFrame;
  if (!win || win.isDestroyed() || !frame || event.sender !== win.webContents) return false;
  // compared by ids, not by object: Electron may hand out another wrapper for the same frame
  const top = win.webContents.mainFrame;
  if (frame.parent !== null || frame.processId !== top.processId || frame.routingId !== top.routingId) return false;
  return originOf(frame.url) === origin;
}

export function registerIpc(api: Api, isTrusted: (event: IpcMainInvokeEvent) => boolean): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      if (!isTrusted(event)) throw new Error(`${USER_ERROR_PREFIX} request refused: unknown sender`);
      try {
        return await api.dispatch(channel, args);
      } catch (err) {
        // Electron strips custom error fields; keep the message the user should see.
        const message = err instanceof Error ? err.message : String(err);
        throw new Error(`${USER_ERROR_PREFIX}${message}`);
      }
    });
  }
}

export function send<E extends keyof MainEvents>(win: BrowserWindow | null, event: E, payload: MainEvents[E]): void {
  if (win && !win.isDestroyed()) win.webContents.send(event, payload);
}
