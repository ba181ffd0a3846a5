// IPC wiring: every channel goes through one wrapper that rejects foreign senders and sub-frames
// before the handler table (which validates arguments) runs.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, USER_ERROR_PREFIX, type MainEvents } from '../contract';
import type { Api } from '../services/api';

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
