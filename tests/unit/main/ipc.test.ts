// IPC on the built main bundle: every channel of the contract registered once, and the real sender
// check: only the app's window, its top frame, showing the app's origin, gets an answer. Anything else
// is refused before the handler table runs (no dialog opens, nothing is read).
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../src-main/contract';
import { closeAll, loadMain, type MainHarness, type Sender } from './harness';

afterEach(closeAll);

const REFUSED = 'glose: request refused: unknown sender';

async function refusal(h: MainHarness, channel: string, from: Sender): Promise<string> {
  return Promise.resolve(h.invoke(channel, [], from)).then(
    () => 'answered',
    (err: unknown) => (err as Error).message,
  );
}

describe('IPC, on the built bundle', () => {
  it('registers each channel of the contract exactly once, and nothing else', async () => {
    const h = await loadMain();
    await h.start();
    expect(h.electron.handlers.map((r) => r.channel).sort()).toEqual([...CHANNELS].sort());
  });

  it('answers the app window’s top frame on the app origin', async () => {
    const h = await loadMain();
    await h.start();
    await expect(h.invoke('app:info')).resolves.toMatchObject({ version: '0.0.0-stand-in', platform: process.platform });
    // a dialog opens for a trusted request: the refusals below are not a closed door
    void h.invoke('import:pick', []);
    await new Promise((r) => setImmediate(r));
    expect(h.electron.dialogs).toHaveLength(1);
  });

  it.each(CHANNELS)('%s refuses a sub-frame, another window, another origin and a missing frame, before anything runs', async (channel) => {
    const h = await loadMain();
    await h.start();
    const app = h.window();
    // a second window with the app's own page (a devtools-opened window, a popup that slipped through)
    const Other = h.electron.module.BrowserWindow as unknown as new (o: Electron.BrowserWindowConstructorOptions) => Electron.BrowserWindow;
    new Other({});
    const other = h.electron.windows[1];
    if (!other) throw new Error('no second window');
    other.state.url = 'app://glose/index.html';
    const cases: Array<[string, Sender]> = [
      ['an iframe on the app origin', { frame: app.subFrame('app://glose/index.html') }],
      ['an iframe elsewhere', { frame: app.subFrame('https://evil.example/') }],
      ['another window', { window: other }],
      ['the app window’s frame seen from another window', { window: other, frame: app.mainFrame }],
      ['no frame (it navigated away or was destroyed)', { frame: null }],
    ];
    for (const [what, from] of cases) expect(await refusal(h, channel, from), what).toBe(REFUSED);
    // the app window itself, once it shows another origin
    app.state.url = 'https://evil.example/index.html';
    expect(await refusal(h, channel, {}), 'the app window on another origin').toBe(REFUSED);
    app.state.url = 'app://evil/index.html';
    expect(await refusal(h, channel, {}), 'the app window on another app: host').toBe(REFUSED);
    expect(h.electron.dialogs).toEqual([]);
    expect(h.electron.messageBoxes).toEqual([]);
    expect(app.sent).toEqual([]);
  });

  it('refuses the window once it is destroyed', async () => {
    const h = await loadMain();
    await h.start();
    const app = h.window();
    app.state.destroyed = true;
    expect(await refusal(h, 'app:info', {})).toBe(REFUSED);
  });

  it('in development, trusts the dev server’s origin instead of app://glose', async () => {
    const h = await loadMain({ env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } });
    await h.start();
    await expect(h.invoke('app:info')).resolves.toMatchObject({ version: '0.0.0-stand-in' });
    h.window().state.url = 'app://glose/index.html';
    expect(await refusal(h, 'app:info', {})).toBe(REFUSED);
  });

  it('opens one dialog at a time: while it is open, a page asking for more gets a refusal, not a dialog', async () => {
    const h = await loadMain();
    await h.start();
    const first = h.invoke('import:pick', []);
    const more = await Promise.all(
      ['import:pick', 'schema:import', 'backup:open', 'backup:pickFolder', 'import:pick'].map((channel) =>
        Promise.resolve(h.invoke(channel, [])).then(
          () => 'opened',
          (err: unknown) => (err as Error).message,
        ),
      ),
    );
    expect(new Set(more)).toEqual(new Set(['glose:another dialog is already open: answer it first']));
    expect(h.electron.dialogs.map((d) => [d.kind, d.attached])).toEqual([['open', true]]);
    h.electron.dialogs[0]?.answer(null);
    await expect(first).resolves.toBeNull();
    void h.invoke('backup:open', []);
    await new Promise((r) => setImmediate(r));
    expect(h.electron.dialogs).toHaveLength(2);
  });

  it('passes errors on as messages marked for the user', async () => {
    const h = await loadMain();
    await h.start();
    await expect(h.invoke('import:pick', [{ folders: 'yes' }])).rejects.toThrow(/^glose:invalid arguments for import:pick/);
    await expect(h.invoke('app:info', ['extra'])).rejects.toThrow(/^glose:invalid arguments for app:info/);
  });
});
