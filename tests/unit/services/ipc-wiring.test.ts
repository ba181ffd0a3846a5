// The Electron wiring of every channel: a request from anything but the app's own window and frame is
// refused before the handler table sees it. Electron's ipcMain is replaced by a recorder.
import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { CHANNELS, USER_ERROR_PREFIX } from '../../../src-main/contract';
import type { Api } from '../../../src-main/services/api';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;
const handlers = new Map<string, Handler>();
vi.mock('electron', () => ({
  ipcMain: { handle: (channel: string, handler: Handler) => handlers.set(channel, handler) },
}));

const { registerIpc } = await import('../../../src-main/app/ipc');

describe('IPC wiring', () => {
  const dispatched: Array<[string, unknown[]]> = [];
  const api: Api = {
    dispatch: async (channel, args) => {
      dispatched.push([channel, args]);
      if (channel === 'backup:info') throw new Error('disk unplugged');
      return 'ok';
    },
    dispose: async () => undefined,
    finalSnapshot: async () => 'done',
  };
  const trusted = { id: 'main window' } as unknown as IpcMainInvokeEvent;
  const foreign = { id: 'another frame' } as unknown as IpcMainInvokeEvent;
  registerIpc(api, (event) => event === trusted);

  it('registers exactly the channels of the contract', () => {
    expect([...handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it.each([...CHANNELS])('%s refuses a foreign sender before dispatching', async (channel) => {
    const handler = handlers.get(channel) as Handler;
    dispatched.length = 0;
    await expect(handler(foreign, 'arg')).rejects.toThrow(`${USER_ERROR_PREFIX} request refused: unknown sender`);
    expect(dispatched).toEqual([]);
    await handler(trusted, 'arg').catch(() => undefined);
    expect(dispatched).toEqual([[channel, ['arg']]]);
  });

  it('passes errors on as messages for the user', async () => {
    await expect((handlers.get('backup:info') as Handler)(trusted)).rejects.toThrow(`${USER_ERROR_PREFIX}disk unplugged`);
  });
});
