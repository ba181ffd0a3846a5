// What a script in the page meets, on whichever target runs. The main process's own handlers
// (navigation, new windows, permissions, request filter, the CSP header it serves, the preload's
// window.glose) are tested on the built main bundle: tests/unit/main/.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect } from './fixtures';

test('the page has no Node, and window.glose is exactly the contract, without paths', async ({ glose }) => {
  const { page } = glose;
  const probe = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return {
      require: typeof w['require'],
      process: typeof w['process'],
      module: typeof w['module'],
      keys: Object.keys(w['glose'] as object).sort(),
      frozen: Object.isFrozen(w['glose']),
    };
  });
  expect(probe.require).toBe('undefined');
  expect(probe.process).toBe('undefined');
  expect(probe.module).toBe('undefined');
  expect(probe.frozen).toBe(true);
  expect(probe.keys).toEqual([
    'appInfo',
    'backupInfo',
    'backupLatest',
    'backupOpen',
    'backupPickFolder',
    'backupQuitReady',
    'backupSave',
    'backupSnapshot',
    'exportPreview',
    'exportSave',
    'importCancel',
    'importDropped',
    'importMore',
    'importPending',
    'importPick',
    'journalAppend',
    'journalPosition',
    'journalRead',
    'on',
    'packageOpen',
    'packageSave',
    'saveText',
    'schemaImport',
    'setLocale',
    'suggestBackend',
    'suggestCheckBackend',
    'suggestImportList',
    'suggestPredict',
    'suggestSetBackend',
  ]);
});

test('the content security policy blocks inline script, and requests to a server that is listening', async ({ glose }) => {
  const { page } = glose;
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    res.setHeader('access-control-allow-origin', '*');
    res.end('here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // the server answers whoever reaches it: only the CSP stands between the page and it
    expect(await (await fetch(`${target}/from-the-test`)).text()).toBe('here');
    const result = await page.evaluate(async (target) => {
      const w = window as unknown as Record<string, unknown>;
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.append(s);
      const fetched = await fetch(`${target}/fetch`).then(
        () => 'answered',
        () => 'blocked',
      );
      const image = await new Promise<string>((resolve) => {
        const img = new Image();
        img.onload = () => resolve('loaded');
        img.onerror = () => resolve('blocked');
        img.src = `${target}/image.png`;
      });
      return { injected: w['__injected'] === true, fetched, image };
    }, target);
    expect(result).toEqual({ injected: false, fetched: 'blocked', image: 'blocked' });
    expect(seen).toEqual(['/from-the-test']);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('the page itself refuses window.open and links to another origin', async ({ glose }) => {
  const { page } = glose;
  const outcome = await page.evaluate(() => {
    const opened = window.open('https://example.org/');
    const a = document.createElement('a');
    a.href = 'https://example.org/';
    document.body.append(a);
    // dispatchEvent returns false when a listener called preventDefault
    const followed = a.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    a.remove();
    return { opened, followed };
  });
  expect(outcome).toEqual({ opened: null, followed: false });
  await expect(page.getByRole('group', { name: 'Label palette' })).toBeVisible();
});

test('main rejects arguments that fail the schema, with a message', async ({ glose }) => {
  const { page } = glose;
  const errors = await page.evaluate(async () => {
    const g = (window as unknown as { glose: Record<string, (...a: unknown[]) => Promise<unknown>> }).glose;
    const out: string[] = [];
    for (const bad of [[42], ['/etc/passwd'], [{ limitBytes: -1 }], [{ folders: 'yes' }], [{ paths: ['/etc/passwd'] }]]) {
      try {
        await g['importPick']?.(...bad);
        out.push('accepted');
      } catch (e) {
        out.push((e as Error).message);
      }
    }
    return out;
  });
  expect(errors).toHaveLength(5);
  for (const e of errors) expect(e).toMatch(/^invalid arguments for import:pick/);
});
