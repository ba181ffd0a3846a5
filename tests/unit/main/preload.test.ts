// The BUILT preload (out/preload/index.cjs), run as Electron runs a sandboxed preload, with a stand-in
// contextBridge: it exposes exactly the contract as window.glose, frozen, functions only, never
// ipcRenderer or anything of Node; each function sends its own channel; events hand over the payload
// only; dropped files get their paths from webUtils, and a File the page made gets none.
import { describe, expect, it } from 'vitest';
import { EVENTS, INVOKERS, type GloseApi } from '../../../src-main/contract';
import { loadPreload } from './harness';

type Sent = { channel: string; args: unknown[] };

async function preload(answer: (channel: string, args: unknown[]) => unknown = () => 'answer') {
  const sent: Sent[] = [];
  const electron = await loadPreload(async (channel, args) => {
    sent.push({ channel, args });
    return answer(channel, args);
  });
  const api = electron.exposed.get('glose') as GloseApi;
  return { electron, api, sent };
}

describe('the built preload', () => {
  it('requires nothing but electron, and exposes one object: window.glose', async () => {
    const { electron } = await preload();
    expect(electron.required).toEqual(['electron']);
    expect([...electron.exposed.keys()]).toEqual(['glose']);
  });

  it('exposes exactly the contract: one function per INVOKERS entry, plus importDropped and on, frozen', async () => {
    const { api } = await preload();
    expect(Object.keys(api).sort()).toEqual([...Object.keys(INVOKERS), 'importDropped', 'on'].sort());
    expect(Object.isFrozen(api)).toBe(true);
    for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(api))) {
      expect(typeof descriptor.value, key).toBe('function');
      expect(descriptor.writable, key).toBe(false);
      expect(descriptor.configurable, key).toBe(false);
    }
    expect(Object.getPrototypeOf(api)).toBe(Object.prototype);
  });

  it('each function sends its own channel, with its arguments and nothing more', async () => {
    const { api, sent } = await preload();
    const callable = api as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    for (const [method, channel] of Object.entries(INVOKERS)) {
      sent.length = 0;
      await expect(callable[method]?.({ limitBytes: 5 })).resolves.toBe('answer');
      expect(sent, method).toEqual([{ channel, args: [{ limitBytes: 5 }] }]);
      sent.length = 0;
      // an absent options argument is left out, not sent as undefined
      await callable[method]?.(undefined);
      expect(sent, method).toEqual([{ channel, args: [] }]);
    }
  });

  it('hands out neither ipcRenderer nor anything of Node, whatever it is given', async () => {
    const { electron, api } = await preload();
    const payloads: unknown[] = [];
    const off = api.on('menu:command', (...args: unknown[]) => payloads.push(args));
    electron.emit('menu:command', 'import');
    // the listener gets the payload alone: the IPC event (whose sender is ipcRenderer) stays behind
    expect(payloads).toEqual([['import']]);
    expect(typeof off).toBe('function');
    off();
    expect(electron.listenerCount('menu:command')).toBe(0);
    const callable = api as unknown as Record<string, () => Promise<unknown>>;
    const results = await Promise.all(Object.keys(INVOKERS).map((method) => callable[method]?.()));
    const everything = [api, off, ...results, ...Object.values(api)];
    for (const value of everything) {
      expect(value).not.toBe(electron.module.ipcRenderer);
      expect(value).not.toBe(electron.module.contextBridge);
      expect(value).not.toBe(electron.module.webUtils);
    }
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc|require|process|send|invoke/i);
  });

  it('subscribes only to the contract’s events', async () => {
    const { electron, api } = await preload();
    for (const event of EVENTS) {
      const off = api.on(event, () => undefined);
      expect(electron.listenerCount(event), event).toBe(1);
      off();
    }
    for (const bad of ['import:pending', 'ELECTRON_BROWSER_WINDOW_ALERT', '__proto__', 'menu:command ']) {
      expect(() => api.on(bad as 'menu:command', () => undefined), bad).toThrow(/unknown event/);
      expect(electron.listenerCount(bad), bad).toBe(0);
    }
    expect(() => api.on('menu:command', 'not a function' as unknown as () => void)).toThrow(/must be a function/);
  });

  it('sends the paths of really dropped files, and none for a File the page made or anything else', async () => {
    const { electron, api, sent } = await preload();
    const real = new File(['x'], 'lettre.txt');
    electron.realFiles.set(real, '/home/me/lettre.txt');
    const madeUp = new File(['x'], 'passwd');
    // a page setting `path` on its File, as Electron's old File.path read it
    Object.defineProperty(madeUp, 'path', { value: '/etc/passwd' });
    const hostile = ['/etc/passwd', { name: 'x', path: '/etc/passwd' }, null] as unknown as File[];
    await api.importDropped([real, madeUp, ...hostile], { limitBytes: 9 });
    expect(sent).toEqual([
      {
        channel: 'import:dropped',
        args: [
          [
            { name: 'lettre.txt', path: '/home/me/lettre.txt' },
            { name: 'passwd', path: '' },
            { name: 'unnamed', path: '' },
            { name: 'x', path: '' },
            { name: 'unnamed', path: '' },
          ],
          { limitBytes: 9 },
        ],
      },
    ]);
    await expect(api.importDropped('/etc/passwd' as unknown as File[])).rejects.toThrow(/only dropped files/);
    expect(sent).toHaveLength(1);
  });

  it('turns main’s errors into the message written for the user', async () => {
    const { api } = await preload(() => {
      throw new Error('glose:another dialog is already open: answer it first');
    });
    await expect(api.importPick()).rejects.toThrow(/^another dialog is already open: answer it first$/);
  });
});
