import { test, expect } from './fixtures';

test('the page has no Node, and window.glose is exactly the contract', async ({ glose }) => {
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
    'importPaths',
    'importPick',
    'on',
    'saveText',
    'schemaImport',
  ]);
});

test('the content security policy blocks inline script and remote requests', async ({ glose }) => {
  const { page } = glose;
  const result = await page.evaluate(async () => {
    const w = window as unknown as Record<string, unknown>;
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.body.append(s);
    let remote = 'allowed';
    try {
      await fetch('http://127.0.0.2:9/');
    } catch {
      remote = 'blocked';
    }
    const header = (await fetch(location.href)).headers.get('content-security-policy') ?? '';
    return { injected: w['__injected'] === true, remote, header };
  });
  expect(result.injected).toBe(false);
  expect(result.remote).toBe('blocked');
  // sent as a response header too, not only as a meta tag; no eval, no remote origin anywhere
  expect(result.header).toContain("default-src 'self'");
  expect(result.header).toContain("script-src 'self'");
  expect(result.header).not.toMatch(/unsafe-eval|https?:/);
});

test('window.open and navigation to another origin are refused', async ({ glose }) => {
  const { page } = glose;
  const opened = await page.evaluate(() => window.open('https://example.org/') === null);
  expect(opened).toBe(true);
  const origin = new URL(page.url()).origin;
  await page.evaluate(() => {
    const a = document.createElement('a');
    a.href = 'https://example.org/';
    document.body.append(a);
    a.click();
  });
  await page.waitForTimeout(300);
  expect(new URL(page.url()).origin).toBe(origin);
  await expect(page.getByRole('group', { name: 'Label palette' })).toBeVisible();
});

test('main rejects arguments that fail the schema, with a message', async ({ glose }) => {
  const { page } = glose;
  const errors = await page.evaluate(async () => {
    const g = (window as unknown as { glose: Record<string, (...a: unknown[]) => Promise<unknown>> }).glose;
    const out: string[] = [];
    for (const bad of [[42], [[]], ['not-an-array'], [['a\0b']]]) {
      try {
        await g['importPaths']?.(...bad);
        out.push('accepted');
      } catch (e) {
        out.push((e as Error).message);
      }
    }
    return out;
  });
  expect(errors).toHaveLength(4);
  for (const e of errors) expect(e).toMatch(/^invalid arguments for import:paths/);
});
