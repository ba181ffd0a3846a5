import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from './fixtures';
import { importText } from './helpers';

async function find(dir: string, suffix: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) { if (e.name.endsWith(suffix)) out.push(p); else out.push(...(await find(p, suffix))); }
  }
  return out;
}
test(`probe file delete`, async ({ glose }) => {
  test.setTimeout(60_000);
  await importText(glose, 'a.txt', 'Hello Paris');
  const [dir] = await find(join(glose.dir, 'profile'), '.indexeddb.leveldb');
  await glose.kill();
  await rm(dir as string, { recursive: true });
  await writeFile(dir as string, 'not a folder');
  await glose.restart({ ready: false });
  await glose.page.waitForTimeout(3000);
  const r = await glose.page.evaluate(() => new Promise((res) => { const q = indexedDB.deleteDatabase('glose'); q.onsuccess = () => res('deleted'); q.onerror = () => res('error ' + q.error); q.onblocked = () => res('blocked'); }));
  console.log('delete:', r);
  const o = await glose.page.evaluate(() => new Promise((res) => { const q = indexedDB.open('glose', 10); q.onsuccess = () => { res('opened v' + q.result.version); q.result.close(); }; q.onerror = () => res('error ' + q.error); }));
  console.log('open after:', o);
});
test(`probe pk mismatch`, async ({ glose }) => {
  test.setTimeout(60_000);
  await glose.page.evaluate(() => new Promise<void>((res) => {
    const dbs = (window as unknown as { __x?: unknown });
    void dbs;
    const q = indexedDB.open('glose', 99990);
    q.onupgradeneeded = () => { const db = q.result; db.deleteObjectStore('spans'); db.createObjectStore('spans', { keyPath: 'uuid' }); };
    q.onsuccess = () => { q.result.close(); res(); };
    q.onblocked = () => console.log('blocked');
  }));
  await glose.restart({ ready: false });
  await glose.page.waitForTimeout(3000);
  console.log('pk ready', await glose.page.locator('body').getAttribute('data-ready'));
  console.log('pk', await glose.page.locator('.fatal').count() ? await glose.page.locator('.fatal p').first().textContent() : 'no fatal');
});
