// The window the built main bundle opens: secure preferences, a preload and a worker that exist in
// out/, its size and place restored (and reset when off every screen), and every way out of the page
// refused by the main process: navigation, redirects, new windows, webviews, web permissions.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportBatchResult } from '../../../src-main/contract';
import { closeAll, loadMain, OUT } from './harness';

afterEach(closeAll);

function roles(items: Electron.MenuItemConstructorOptions[]): string[] {
  return items.flatMap((i) => [...(i.role ? [i.role] : []), ...(Array.isArray(i.submenu) ? roles(i.submenu as Electron.MenuItemConstructorOptions[]) : [])]);
}

describe('the window, on the built bundle', () => {
  it('is isolated, sandboxed, without Node, hidden until ready, with a preload that exists in out/', async () => {
    const h = await loadMain();
    await h.start();
    const w = h.window();
    expect(w.options.show).toBe(false);
    expect(w.options.webPreferences).toEqual({
      preload: join(OUT, 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: true,
    });
    expect(existsSync(w.options.webPreferences?.preload ?? '')).toBe(true);
    expect(w.calls).not.toContain('show');
    w.fire('ready-to-show');
    expect(w.calls).toContain('show');
  });

  it('extracts files with the worker built in out/ (a launch argument, imported when the page asks)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'glose-argv-'));
    try {
      await writeFile(join(dir, 'lettre.txt'), 'Madame, votre lettre du 3 mai.\n');
      const touched: string[] = [];
      const h = await loadMain({ argv: [join(dir, 'lettre.txt')], touched });
      await h.start();
      const result = (await h.invoke('import:pending', [])) as ImportBatchResult;
      expect(result.failures).toEqual([]);
      expect(result.documents.map((d) => d.text)).toEqual(['Madame, votre lettre du 3 mai.\n']);
      expect(touched).toContain(join(OUT, 'main', 'extract-worker.js'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('has DevTools from the sources, and none at all when packaged (no preference, no menu item)', async () => {
    const dev = await loadMain();
    await dev.start();
    expect(dev.window().options.webPreferences?.devTools).toBe(true);
    expect(roles(dev.electron.menus[0] ?? [])).toContain('toggleDevTools');

    const packaged = await loadMain({ packaged: true });
    await packaged.start();
    expect(packaged.window().options.webPreferences?.devTools).toBe(false);
    expect(packaged.electron.menus).toHaveLength(1);
    expect(roles(packaged.electron.menus[0] ?? [])).not.toContain('toggleDevTools');
    expect(packaged.electron.applicationMenu).toBeDefined();
  });

  it('words the menu in the OS language at first, then in the one the page chose', async () => {
    const labels = (items: Electron.MenuItemConstructorOptions[]): string[] =>
      items.flatMap((i) => [...(i.label ? [i.label] : []), ...(Array.isArray(i.submenu) ? labels(i.submenu as Electron.MenuItemConstructorOptions[]) : [])]);
    const french = await loadMain({ languages: ['fr-CA', 'en-US'] });
    await french.start();
    expect(labels(french.electron.menus[0] ?? [])).toEqual(expect.arrayContaining(['&Fichier', 'Importer…', 'Annuler', 'Rétablir', 'Raccourcis clavier']));

    const english = await loadMain();
    await english.start();
    expect(labels(english.electron.menus[0] ?? [])).toContain('Import…');
    await english.invoke('app:setLocale', ['fr']);
    expect(english.electron.menus).toHaveLength(2);
    expect(labels(english.electron.menus[1] ?? [])).toContain('Importer un dossier…');
    await expect(english.invoke('app:setLocale', ['de'])).rejects.toThrow();
  });

  it('refuses navigation away from the page, every redirect, new windows and webviews', async () => {
    const h = await loadMain();
    await h.start();
    const w = h.window();
    expect(w.fireContents('will-navigate', 'https://example.org/').defaultPrevented).toBe(true);
    expect(w.fireContents('will-navigate', 'app://glose/other.html').defaultPrevented).toBe(true);
    expect(w.fireContents('will-navigate', 'app://evil/index.html').defaultPrevented).toBe(true);
    expect(w.fireContents('will-navigate', 'file:///etc/passwd').defaultPrevented).toBe(true);
    // the page reloading itself is not a way out
    expect(w.fireContents('will-navigate', 'app://glose/index.html').defaultPrevented).toBe(false);
    expect(w.fireContents('will-redirect', 'app://glose/index.html').defaultPrevented).toBe(true);
    expect(w.fireContents('will-redirect', 'https://example.org/').defaultPrevented).toBe(true);
    expect(w.fireContents('will-attach-webview', {}, {}).defaultPrevented).toBe(true);
    const open = w.windowOpenHandler();
    for (const url of ['https://example.org/', 'app://glose/index.html', 'about:blank']) {
      expect(open?.({ url } as Electron.HandlerDetails)).toEqual({ action: 'deny' });
    }
  });

  it('gives any other web contents the same refusals', async () => {
    const h = await loadMain();
    await h.start();
    const Window = h.electron.module.BrowserWindow as unknown as new (o: Electron.BrowserWindowConstructorOptions) => Electron.BrowserWindow;
    new Window({});
    const other = h.electron.windows[1];
    expect(other?.windowOpenHandler()?.({ url: 'https://example.org/' } as Electron.HandlerDetails)).toEqual({ action: 'deny' });
    expect(other?.fireContents('will-attach-webview', {}, {}).defaultPrevented).toBe(true);
  });

  it('grants persistent storage to the app’s origin only, and no other permission to anyone', async () => {
    const h = await loadMain();
    await h.start();
    const request = (permission: string, requestingUrl: string) => {
      let granted: boolean | undefined;
      (h.electron.permissionRequest as unknown as (wc: unknown, p: string, cb: (g: boolean) => void, d: { requestingUrl: string }) => void)(
        h.window().window.webContents,
        permission,
        (g) => (granted = g),
        { requestingUrl },
      );
      return granted;
    };
    const check = (permission: string, origin: string) =>
      (h.electron.permissionCheck as unknown as (wc: unknown, p: string, o: string, d: object) => boolean)(h.window().window.webContents, permission, origin, {});
    expect(request('persistent-storage', 'app://glose/index.html')).toBe(true);
    expect(check('persistent-storage', 'app://glose')).toBe(true);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'fullscreen', 'openExternal', 'fileSystem', 'unknown']) {
      expect(request(p, 'app://glose/index.html'), p).toBe(false);
      expect(check(p, 'app://glose'), p).toBe(false);
    }
    expect(request('persistent-storage', 'https://evil.example/')).toBe(false);
    expect(check('persistent-storage', 'app://evil')).toBe(false);
  });
});

describe('window size and place, on the built bundle', () => {
  async function withState(state: unknown, displays?: Electron.Rectangle[]) {
    const userData = await mkdtemp(join(tmpdir(), 'glose-state-'));
    await writeFile(join(userData, 'window-state.json'), JSON.stringify(state));
    const h = await loadMain({ userData, ...(displays ? { displays } : {}) });
    await h.start();
    return { h, userData, done: () => rm(userData, { recursive: true, force: true }) };
  }

  it('are restored, maximised too, when the place is on a screen', async () => {
    const { h, done } = await withState({ bounds: { x: 2000, y: 100, width: 1000, height: 700 }, maximized: true }, [
      { x: 0, y: 0, width: 1920, height: 1040 },
      { x: 1920, y: 0, width: 1280, height: 1000 },
    ]);
    expect(h.window().options).toMatchObject({ x: 2000, y: 100, width: 1000, height: 700 });
    expect(h.window().calls).toContain('maximize');
    await done();
  });

  it('keep the size but not the place when it is off every screen (a display unplugged)', async () => {
    const { h, done } = await withState({ bounds: { x: 2000, y: 100, width: 1000, height: 700 }, maximized: false }, [{ x: 0, y: 0, width: 1920, height: 1040 }]);
    const options = h.window().options;
    expect(options).toMatchObject({ width: 1000, height: 700 });
    expect(options.x).toBeUndefined();
    expect(options.y).toBeUndefined();
    expect(h.window().calls).not.toContain('maximize');
    await done();
  });

  it.each([[{ bounds: { x: 0, y: 0, width: 10, height: 10 }, maximized: false }], [{ bounds: 'big' }], ['not json at all']])('fall back to the default for a state file holding %j', async (state) => {
    const { h, done } = await withState(state);
    const options = h.window().options;
    expect(options).toMatchObject({ width: 1280, height: 860 });
    expect(options.x).toBeUndefined();
    await done();
  });

  it('are saved when the window closes', async () => {
    const userData = await mkdtemp(join(tmpdir(), 'glose-state-'));
    try {
      const h = await loadMain({ userData });
      await h.start();
      const w = h.window();
      w.state.bounds = { x: 40, y: 30, width: 1111, height: 777 };
      w.state.maximized = true;
      w.fire('close');
      await expect.poll(async () => readFile(join(userData, 'window-state.json'), 'utf8').catch(() => '')).toBe(
        JSON.stringify({ bounds: { x: 40, y: 30, width: 1111, height: 777 }, maximized: true }),
      );
    } finally {
      await rm(userData, { recursive: true, force: true });
    }
  });
});
