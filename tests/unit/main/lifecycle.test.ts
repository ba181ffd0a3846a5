// The built main bundle's life: quitting waits for the page's final snapshot (and gives up after 15 s),
// closing the window too; a second launch hands its files to the first and quits; files from the
// command line and the OS stay in main until the page asks to import them.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImportBatchResult } from '../../../src-main/contract';
import { closeAll, loadMain } from './harness';

afterEach(async () => {
  vi.useRealTimers();
  await closeAll();
});

const flush = () => new Promise((r) => setImmediate(r));

describe('quitting, on the built bundle', () => {
  it('waits for the final snapshot, then quits', async () => {
    const h = await loadMain();
    await h.start();
    const w = h.window();
    const quit = h.electron.fireApp('before-quit');
    expect(quit.defaultPrevented).toBe(true);
    expect(w.sent).toEqual([{ channel: 'backup:request', payload: { reason: 'quit' } }]);
    // asking again while the page writes does not ask twice, and still holds the quit
    expect(h.electron.fireApp('before-quit').defaultPrevented).toBe(true);
    expect(w.sent).toHaveLength(1);
    await flush();
    expect(h.electron.quits).toBe(0);
    await h.invoke('backup:quitReady', []);
    await flush();
    expect(h.electron.quits).toBe(1);
    // the quit that follows goes through
    expect(h.electron.fireApp('before-quit').defaultPrevented).toBe(false);
  });

  it('gives up waiting after 15 seconds', async () => {
    const h = await loadMain();
    await h.start();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    expect(h.electron.fireApp('before-quit').defaultPrevented).toBe(true);
    await vi.advanceTimersByTimeAsync(14_999);
    expect(h.electron.quits).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.electron.quits).toBe(1);
  });

  it('a page from another frame cannot end the wait', async () => {
    const h = await loadMain();
    await h.start();
    h.electron.fireApp('before-quit');
    await expect(h.invoke('backup:quitReady', [], { frame: h.window().subFrame('app://glose/index.html') })).rejects.toThrow(/unknown sender/);
    await flush();
    expect(h.electron.quits).toBe(0);
  });

  it('closing the window waits for the snapshot too, then closes it', async () => {
    const h = await loadMain();
    await h.start();
    const w = h.window();
    w.window.close();
    expect(w.state.destroyed).toBe(false);
    expect(w.sent.map((s) => s.channel)).toEqual(['backup:request']);
    await h.invoke('backup:quitReady', []);
    await flush();
    expect(w.state.destroyed).toBe(true);
  });

  it('does not wait for a page that is still loading', async () => {
    const h = await loadMain();
    await h.start();
    h.window().state.loading = true;
    expect(h.electron.fireApp('before-quit').defaultPrevented).toBe(false);
    expect(h.window().sent).toEqual([]);
  });
});

describe('one Glose at a time, on the built bundle', () => {
  it('a second launch quits at once, opening nothing', async () => {
    const h = await loadMain({ singleInstance: false });
    expect(h.electron.quits).toBe(1);
    await h.start();
    expect(h.electron.windows).toEqual([]);
    expect(h.electron.handlers).toEqual([]);
  });

  it('the first one gets the second one’s files (relative to where it was launched), and shows itself', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'glose-second-'));
    try {
      await writeFile(join(dir, 'notes.txt'), 'Des notes.\n');
      await writeFile(join(dir, 'autre.md'), '# Autre\n');
      const h = await loadMain();
      await h.start();
      const w = h.window();
      w.state.minimized = true;
      h.electron.fireApp('second-instance', ['/usr/bin/electron', '/opt/glose', 'notes.txt', '--enable-logging', join(dir, 'autre.md')], dir, {});
      expect(w.calls).toEqual(expect.arrayContaining(['restore', 'focus']));
      // the page hears that files wait, not which
      expect(w.sent).toEqual([{ channel: 'import:waiting', payload: { count: 2 } }]);
      const result = (await h.invoke('import:pending', [])) as ImportBatchResult;
      expect(result.files).toEqual([join(dir, 'notes.txt'), join(dir, 'autre.md')]);
      expect(result.documents.map((d) => d.text)).toEqual(['Des notes.\n', '# Autre\n']);
      // given out once
      expect(await h.invoke('import:pending', [])).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('files from the command line and the OS, on the built bundle', () => {
  it('the first launch’s arguments wait in main, flags left out', async () => {
    const h = await loadMain({ argv: ['--inspect', 'relative/notes.txt', '/tmp/glose-absent.txt'] });
    await h.start();
    const result = (await h.invoke('import:pending', [])) as ImportBatchResult;
    expect(result.failures.map((f) => f.path)).toEqual([resolve('relative/notes.txt'), '/tmp/glose-absent.txt']);
  });

  it('packaged, every argument after the binary is a file', async () => {
    const h = await loadMain({ packaged: true, argv: ['/tmp/glose-absent.txt'] });
    await h.start();
    const result = (await h.invoke('import:pending', [])) as ImportBatchResult;
    expect(result.failures.map((f) => f.path)).toEqual(['/tmp/glose-absent.txt']);
  });

  it('macOS open-file events are held for the page, which is told that files wait', async () => {
    const h = await loadMain();
    // before the app is ready (a double-click that launched Glose)
    expect(h.electron.fireApp('open-file', '/tmp/glose-early.txt').defaultPrevented).toBe(true);
    await h.start();
    expect(h.electron.fireApp('open-file', '/tmp/glose-late.txt').defaultPrevented).toBe(true);
    expect(h.window().sent).toEqual([{ channel: 'import:waiting', payload: { count: 2 } }]);
    const result = (await h.invoke('import:pending', [])) as ImportBatchResult;
    expect(result.failures.map((f) => f.path)).toEqual(['/tmp/glose-early.txt', '/tmp/glose-late.txt']);
  });

  it('with no window left (macOS), a second launch opens one, which imports what waits', async () => {
    const h = await loadMain();
    await h.start();
    h.window().window.close();
    await h.invoke('backup:quitReady', []);
    await flush();
    expect(h.window().state.destroyed).toBe(true);
    h.electron.fireApp('second-instance', ['/usr/bin/electron', '/opt/glose', '/tmp/glose-absent.txt'], '/', {});
    expect(h.electron.windows).toHaveLength(2);
    const result = (await h.invoke('import:pending', [], { window: h.electron.windows[1] })) as ImportBatchResult;
    expect(result.failures.map((f) => f.path)).toEqual(['/tmp/glose-absent.txt']);
  });
});
