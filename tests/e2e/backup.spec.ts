// Backups as a user meets them: File ▸ Backup workspace… and Restore…, the Settings panel, the
// snapshot taken on quit, and the offers to restore when the database is lost or cannot be opened.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, type GloseApp } from './fixtures';
import { dragSelect, importText, readStores, storedSpans } from './helpers';
import { decodeBackup } from '../../src-main/services/backup-format';

const TEXT = 'Angela Merkel a reçu Emmanuel Macron à Berlin le 3 mars.\nLe sommet a porté sur l’énergie.\n';

async function tag(page: Page, needle: string, key: string): Promise<void> {
  await dragSelect(page, needle);
  await page.keyboard.press(key);
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
}

/** Snapshots in the app's default backup folder, oldest first. */
async function snapshots(glose: GloseApp): Promise<string[]> {
  const names = await readdir(join(glose.userData, 'backups')).catch(() => [] as string[]);
  return names.filter((n) => n.startsWith('glose-') && n.endsWith('.json.gz')).sort();
}

/** The IndexedDB folder of the app's origin inside the browser profile. */
async function indexedDbFolder(glose: GloseApp): Promise<string> {
  async function find(dir: string): Promise<string | null> {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const p = join(dir, e.name);
      if (e.name.endsWith('.indexeddb.leveldb')) return p;
      const inner = await find(p);
      if (inner) return inner;
    }
    return null;
  }
  const found = await find(join(glose.dir, 'profile'));
  if (!found) throw new Error('no IndexedDB folder in the profile');
  return found;
}

test('backup to a file, change things, restore: the data is back, and what was replaced is kept', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'sommet.txt', TEXT);
  await tag(page, 'Angela Merkel', '1');
  await tag(page, 'Berlin', '3');
  const original = await storedSpans(page, 'sommet.txt');

  const file = join(glose.dir, 'travail.json.gz');
  await glose.stubSaveDialog(file);
  await glose.menu('backup');
  await expect(page.getByRole('status').filter({ hasText: `Workspace backed up to ${file}` })).toBeVisible();
  expect((await decodeBackup(await readFile(file))).tables.spans).toHaveLength(2);

  // change things: one span removed, one added, a second document
  await page.getByRole('list', { name: 'Annotations' }).getByRole('button', { name: 'LOC Berlin' }).click();
  await page.keyboard.press('Delete');
  await tag(page, 'Emmanuel Macron', '1');
  await importText(glose, 'autre.txt', 'Un autre texte.');
  expect(await storedSpans(page, 'sommet.txt')).not.toEqual(original);

  await glose.stubOpenDialog([file]);
  await glose.menu('restore');
  const prompt = page.getByRole('dialog', { name: 'Replace the workspace with this backup?' });
  await expect(prompt).toBeVisible();
  await expect(prompt).toContainText('travail.json.gz');
  await expect(prompt.getByTestId('restore-summary')).toHaveText(/1 project, 2 documents,\s+2 annotations, 0 relations/);
  await prompt.getByRole('button', { name: 'Replace workspace' }).click();

  // the page reloads on the restored database, and says so
  await expect(page.getByRole('status').filter({ hasText: /Restored the workspace from travail\.json\.gz\. What it replaced was saved as glose-\d{8}-\d{6}-before-restore\.json\.gz\./ })).toBeVisible();
  await page.locator('body[data-ready="true"]').waitFor();
  expect(await storedSpans(page, 'sommet.txt')).toEqual(original);
  await expect(page.getByRole('option', { name: /autre\.txt/ })).toHaveCount(0);
  await expect(page.getByRole('option', { name: /sommet\.txt/ })).toContainText('2 spans');

  // the snapshot taken before the restore holds the replaced state, second document included
  const kept = (await snapshots(glose)).filter((n) => n.endsWith('-before-restore.json.gz'));
  expect(kept).toHaveLength(1);
  const before = await decodeBackup(await readFile(join(glose.userData, 'backups', kept[0] as string)));
  expect(before.tables.documents.map((d) => d.name).sort()).toEqual(['Bienvenue — Welcome', 'autre.txt', 'sommet.txt']);

  // the restored workspace is the one Glose opens next time
  await glose.restart();
  expect(await storedSpans(glose.page, 'sommet.txt')).toEqual(original);
});

test('a truncated or foreign backup is refused with a clear message, and nothing changes', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'sommet.txt', TEXT);
  await tag(page, 'Berlin', '3');
  const file = join(glose.dir, 'complet.json.gz');
  await glose.stubSaveDialog(file);
  await glose.menu('backup');
  await expect(page.getByRole('status').filter({ hasText: 'Workspace backed up to' })).toBeVisible();
  const bytes = await readFile(file);
  const cut = join(glose.dir, 'coupé.json.gz');
  await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  const foreign = join(glose.dir, 'notes.json');
  await writeFile(foreign, JSON.stringify({ hello: 'world' }));
  const before = await storedSpans(page, 'sommet.txt');

  await glose.stubOpenDialog([cut]);
  await glose.menu('restore');
  await expect(page.getByRole('alert').filter({ hasText: 'Cannot restore: coupé.json.gz: This backup is truncated: the file ends before its data does.' })).toBeVisible();
  await glose.stubOpenDialog([foreign]);
  await glose.menu('restore');
  await expect(page.getByRole('alert').filter({ hasText: 'Cannot restore: notes.json: This file is not a Glose backup.' })).toBeVisible();

  await expect(page.getByRole('dialog', { name: /backup|workspace/i })).toHaveCount(0);
  expect(await storedSpans(page, 'sommet.txt')).toEqual(before);
  // nothing was replaced, so nothing was set aside either
  expect((await snapshots(glose)).filter((n) => n.includes('before-restore'))).toEqual([]);
});

test('Settings: the annotator name, the backup folder, back up now, and storage', async ({ glose }) => {
  const { page } = glose;
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings).toBeVisible();
  await expect(settings.getByTestId('backup-folder')).toHaveText(`${join(glose.userData, 'backups')} (default)`);
  await expect(settings.getByTestId('backup-latest')).toHaveText('none yet');
  await expect(settings.getByTestId('storage-usage')).toHaveText(/^\d+(\.\d)? (KB|MB|GB) of \d+(\.\d)? (KB|MB|GB) available$/);
  await expect(settings.getByTestId('storage-persisted')).toHaveText(/^(Yes|Not granted|Unknown)/);

  await settings.getByRole('textbox', { name: 'Your name on new annotations' }).fill('Marie Curie');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Annotator: Marie Curie');

  await settings.getByRole('button', { name: 'Back up now' }).click();
  await expect(settings.getByTestId('backup-latest')).toHaveText(/glose-\d{8}-\d{6}\.json\.gz · \d+(\.\d)? KB$/);
  expect(await snapshots(glose)).toHaveLength(1);

  const elsewhere = join(glose.dir, 'Mes sauvegardes');
  await glose.stubOpenDialog([elsewhere]);
  await settings.getByRole('button', { name: 'Change folder…' }).click();
  await expect(settings.getByTestId('backup-folder')).toHaveText(elsewhere);
  await settings.getByRole('button', { name: 'Back up now' }).click();
  await expect.poll(async () => (await readdir(elsewhere)).filter((n) => n.startsWith('glose-'))).toHaveLength(1);
  await settings.getByRole('button', { name: 'Close' }).click();
  await expect(settings).toBeHidden();

  // new annotations carry the new name; the menu opens the same panel
  await importText(glose, 'sommet.txt', TEXT);
  await tag(page, 'Berlin', '3');
  const { spans } = await readStores<{ spans: Array<{ annotator: string }> }>(page, ['spans']);
  const annotators = spans.map((s) => s.annotator);
  expect(annotators).toEqual(['Marie Curie']);
  await glose.menu('settings');
  await expect(settings).toBeVisible();
  await expect(settings.getByRole('textbox', { name: 'Your name on new annotations' })).toHaveValue('Marie Curie');
});

test('quitting writes a final snapshot when something changed, and only then', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'sommet.txt', TEXT);
  await tag(page, 'Angela Merkel', '1');
  expect(await snapshots(glose)).toEqual([]);
  await glose.restart();
  const first = await snapshots(glose);
  expect(first).toHaveLength(1);
  const snap = await decodeBackup(await readFile(join(glose.userData, 'backups', first[0] as string)));
  expect(snap.tables.spans.map((s) => s.start)).toEqual([0]);
  // opening Glose and quitting again without an edit adds nothing
  await glose.restart();
  expect(await snapshots(glose)).toEqual(first);
});

test('when the database cannot be opened, Glose offers the latest backup and restores it', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'sommet.txt', TEXT);
  await tag(page, 'Angela Merkel', '1');
  await tag(page, 'Berlin', '3');
  const original = await storedSpans(page, 'sommet.txt');
  await glose.restart();
  expect(await snapshots(glose)).toHaveLength(1);

  // a database left by an incompatible version: spans keyed by another field, at a higher version
  await glose.page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('glose', 99_990);
        req.onupgradeneeded = () => {
          req.result.deleteObjectStore('spans');
          req.result.createObjectStore('spans', { keyPath: 'uuid' });
        };
        req.onsuccess = () => {
          req.result.close();
          resolve();
        };
        req.onerror = () => reject(req.error);
      }),
  );
  await glose.restart({ ready: false });
  const failed = glose.page.getByRole('alert').filter({ hasText: 'Glose could not open its database' });
  // said whether or not the document it shows would read that table (it opens from its reader pack)
  await expect(failed).toContainText('the table spans is keyed by uuid, not id');
  await glose.page.getByRole('button', { name: 'Restore latest backup' }).click();
  const prompt = glose.page.getByRole('dialog', { name: 'Restore the latest backup?' });
  await expect(prompt.getByTestId('restore-summary')).toHaveText(/1 project, 2 documents,\s+2 annotations/);
  await prompt.getByRole('button', { name: 'Restore backup' }).click();

  await glose.page.locator('body[data-ready="true"]').waitFor();
  expect(await storedSpans(glose.page, 'sommet.txt')).toEqual(original);
  // what could still be read of the broken database was set aside first
  await expect(glose.page.getByRole('status').filter({ hasText: /What it replaced was saved as glose-.*-before-restore\.json\.gz/ })).toBeVisible();
});

test('when Chromium deletes its database after a crash, Glose rebuilds it from the write journal and the latest backup', async ({ glose }) => {
  // three launches of the app, each opening a profile from scratch
  test.setTimeout(120_000);
  const { page } = glose;
  await importText(glose, 'sommet.txt', TEXT);
  await tag(page, 'Berlin', '3');
  await tag(page, 'Angela Merkel', '1');
  const tagged = await storedSpans(page, 'sommet.txt');
  expect(tagged).toHaveLength(2);

  // no backup yet: the journal alone goes back to the empty database
  await glose.kill();
  await rm(await indexedDbFolder(glose), { recursive: true, force: true });
  await glose.restart();
  await expect(glose.page.getByRole('status').filter({ hasText: /It was rebuilt from \d+ saved changes in the write journal: nothing saved is missing\./ })).toBeVisible();
  expect(await storedSpans(glose.page, 'sommet.txt')).toEqual(tagged);
  await expect(glose.page.getByRole('option', { name: /sommet\.txt/ })).toHaveText(/2 spans/);
  // the rebuilt database is snapshotted at once, and the journal starts again from that snapshot
  await expect.poll(() => snapshots(glose)).toHaveLength(1);

  // a saved edit after that snapshot: the snapshot, then the journal's entries after it
  await tag(glose.page, 'Emmanuel Macron', '1');
  const more = await storedSpans(glose.page, 'sommet.txt');
  expect(more).toHaveLength(3);
  await glose.kill();
  await rm(await indexedDbFolder(glose), { recursive: true, force: true });
  await glose.restart();
  const [backup] = await snapshots(glose);
  await expect(glose.page.getByRole('status').filter({ hasText: `It was rebuilt from the backup ${backup} and ` })).toBeVisible();
  expect(await storedSpans(glose.page, 'sommet.txt')).toEqual(more);
});

test('when the database and the write journal are both gone but backups exist, Glose asks before starting empty', async ({ glose }) => {
  // three launches of the app, each opening a profile from scratch
  test.setTimeout(120_000);
  const { page } = glose;
  await importText(glose, 'sommet.txt', TEXT);
  await tag(page, 'Berlin', '3');
  const original = await storedSpans(page, 'sommet.txt');
  await glose.restart();
  expect(await snapshots(glose)).toHaveLength(1);

  /** the system cleared the app's storage: the database and the journal beside it */
  const clearStorage = async () => {
    await glose.kill();
    await rm(await indexedDbFolder(glose), { recursive: true, force: true });
    await rm(join(glose.userData, 'journal.jsonl'), { force: true });
  };
  await clearStorage();
  await glose.restart({ ready: false });
  const prompt = glose.page.getByRole('dialog', { name: 'Restore your workspace?' });
  await expect(prompt).toBeVisible();
  await expect(prompt.getByTestId('restore-summary')).toHaveText(/2 documents,\s+1 annotation/);
  // Escape does not decide for the user
  await glose.page.keyboard.press('Escape');
  await expect(prompt).toBeVisible();
  await prompt.getByRole('button', { name: 'Restore backup' }).click();
  await glose.page.locator('body[data-ready="true"]').waitFor();
  expect(await storedSpans(glose.page, 'sommet.txt')).toEqual(original);

  // and "Start with an empty workspace" does just that
  await clearStorage();
  await glose.restart({ ready: false });
  await glose.page.getByRole('dialog', { name: 'Restore your workspace?' }).getByRole('button', { name: 'Start with an empty workspace' }).click();
  await glose.page.locator('body[data-ready="true"]').waitFor();
  await expect(glose.page.getByRole('option', { name: /Bienvenue — Welcome/ })).toBeVisible();
  await expect(glose.page.getByRole('option', { name: /sommet\.txt/ })).toHaveCount(0);
});

test('an automatic snapshot is taken five minutes after the first edit, not before', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'sommet.txt', TEXT);
  // the page's clock is faked from a fresh load, so that five minutes pass at once
  await page.clock.install();
  await page.reload();
  await page.locator('body[data-ready="true"]').waitFor();
  await tag(page, 'Angela Merkel', '1');
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  await page.clock.fastForward('04:50');
  // nothing is written before the interval is over
  await page.waitForTimeout(500);
  expect(await snapshots(glose)).toEqual([]);
  await page.clock.fastForward('00:11');
  await expect.poll(() => snapshots(glose)).toHaveLength(1);
  const [name] = await snapshots(glose);
  const snap = await decodeBackup(await readFile(join(glose.userData, 'backups', name as string)));
  expect(snap.tables.spans.map((s) => s.start)).toEqual([0]);
});
