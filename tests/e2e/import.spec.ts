// Import as a user does it: a folder of good and bad files through the dialog, a re-import that
// finds a duplicate, a drop of files on the window (and of a File the page made), files handed over by
// the OS, a size limit from the settings, and cancel.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, e2eTarget } from './fixtures';
import { putSetting, readStores } from './helpers';
import { LEGACY_TEXT, pdfBytes, writeMixedFolder } from '../fixtures/import/mixed';

test.beforeAll(() => console.log(`e2e target: ${e2eTarget}`));

/** The stored text as the reader shows it, paragraph by paragraph. */
async function readerText(page: Page): Promise<string> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.text p.para')].map((p) => (p.firstChild instanceof Text ? p.firstChild.data : '')).join('\n'),
  );
}

/** Starts recording every text the import progress label shows; returns a reader of the record. */
async function recordProgress(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __progress: string[] }).__progress = seen;
    new MutationObserver(() => {
      const text = document.querySelector('label[for="import-progress"]')?.textContent?.trim();
      const bar = document.querySelector<HTMLProgressElement>('#import-progress');
      if (text && bar && seen.at(-1) !== `${text} [${bar.value}/${bar.max}]`) seen.push(`${text} [${bar.value}/${bar.max}]`);
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  return () => page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
}

async function openDoc(page: Page, name: string): Promise<void> {
  const option = page.getByRole('listbox', { name: 'Document list' }).getByRole('option', { name: new RegExp(`^${name.replace(/[.()]/g, '\\$&')}`) });
  await option.first().click();
  await expect(option.first()).toHaveAttribute('aria-selected', 'true');
}

test('a folder of good and bad files: every file has its result, the good ones read right', async ({ glose }) => {
  const { page } = glose;
  const folder = join(glose.dir, 'corpus');
  const expected = await writeMixedFolder(folder);
  // a copy of a file, further down: the same text, found twice in one import
  await copyFile(join(folder, 'notes.md'), join(folder, 'sub', 'notes (copy).md'));

  await glose.stubOpenDialog([folder]);
  const progress = await recordProgress(page);
  await page.getByRole('button', { name: 'Import…' }).click();
  const report = page.getByRole('dialog', { name: 'Import results' });
  const rows = report.getByRole('list', { name: 'Import results' }).getByRole('listitem');
  await expect(rows).toHaveCount(expected.length + 1);
  await expect(rows).toHaveText([
    /^Imported\s*article-utf8\.txt: imported/,
    /^Failed\s*empty\.txt: the file is empty/,
    /^Imported\s*legacy-1252\.txt: imported/,
    /^Imported\s*notes\.md: imported/,
    /^Imported\s*page\.html: imported/,
    /^Imported\s*paper\.pdf: imported/,
    /^Failed\s*photo\.txt: not a text file: it looks like a PNG image/,
    /^Imported\s*report\.docx: imported/,
    /^Imported\s*nested\.txt: imported/,
    /^Duplicate\s*notes \(copy\)\.md: skipped, the same text is already in the project \(“notes\.md”\)/,
  ]);
  await expect(report.getByText('7 imported · 1 duplicate skipped · 2 failed')).toBeVisible();
  await expect(report.getByRole('button', { name: 'Import anyway' })).toBeVisible();
  // the progress bar went file by file to the end, then showed the saving step, full
  const seen = await progress();
  expect(seen.at(-1)).toMatch(/^Saving the imported documents… \[(\d+)\/\1\]$/);
  expect(seen.filter((t) => t.startsWith('Importing')).length).toBeGreaterThan(1);
  await page.screenshot({ path: test.info().outputPath('import-results.png') });
  await report.getByRole('button', { name: 'Close' }).click();
  await expect(report).toBeHidden();

  // the script in page.html never ran, in the page or anywhere else
  expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
  expect(await page.title()).not.toBe('pwned');

  // every good file opens with its text
  for (const e of expected.filter((x) => x.outcome === 'imported')) {
    await openDoc(page, e.rel.split('/').pop() as string);
    await expect(page.getByRole('document', { name: 'Document text' })).toContainText(e.expect.split('\n')[0] as string);
  }
  await openDoc(page, 'legacy-1252.txt');
  expect(await readerText(page)).toBe(LEGACY_TEXT);
  await openDoc(page, 'page.html');
  expect(await readerText(page)).not.toMatch(/pwned|<script|onerror/);
  await openDoc(page, 'notes.md');
  await expect(page.getByRole('heading', { name: 'Réunion du lundi' })).toBeVisible();
  expect(await readerText(page)).not.toContain('author:');

  // the document details: what was detected, and what normalisation did
  await openDoc(page, 'legacy-1252.txt');
  const summary = page.getByText('Document details', { exact: true });
  await summary.click();
  const details = page.getByRole('definition');
  const field = (name: string) => page.locator('dl[aria-label="Document details"] dt', { hasText: new RegExp(`^${name}$`) }).locator('xpath=following-sibling::dd[1]');
  await expect(field('Encoding')).toHaveText('windows-1252');
  await expect(field('Format')).toHaveText('Plain text');
  await expect(field('Source')).toHaveText(join(folder, 'legacy-1252.txt'));
  await expect(field('File size')).toContainText(`${(await readFile(join(folder, 'legacy-1252.txt'))).length} bytes`);
  await expect(field('SHA-256')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(field('Normalisation')).toHaveText('2 Windows line endings (CRLF) turned into LF');
  await expect(details.first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('document-details.png') });
  await openDoc(page, 'article-utf8.txt');
  await expect(field('Encoding')).toHaveText('utf-8');
  await expect(field('Normalisation')).toHaveText('byte order mark (BOM) removed; 2 Windows line endings (CRLF) turned into LF');
  await openDoc(page, 'report.docx');
  await expect(field('Format')).toHaveText('Word document (.docx)');
  await expect(field('Author')).toHaveText('Camille Martin');
  // the disclosure closes again, and says so to assistive technology
  await summary.click();
  await expect(page.locator('details.info')).not.toHaveAttribute('open');
});

test('re-importing a file reports a duplicate; "Import anyway" imports it', async ({ glose }) => {
  const { page } = glose;
  const file = join(glose.dir, 'lettre.txt');
  await writeFile(file, 'Chère Madame,\nvotre lettre du 3 mai nous est bien parvenue.\n');
  await glose.stubOpenDialog([file]);
  await page.getByRole('button', { name: 'Import…' }).click();
  const report = page.getByRole('dialog', { name: 'Import results' });
  await expect(report.getByRole('list', { name: 'Import results' })).toContainText('lettre.txt: imported');
  await expect(report.getByRole('button', { name: 'Import anyway' })).toHaveCount(0);
  await report.getByRole('button', { name: 'Close' }).click();

  await glose.stubOpenDialog([file]);
  await page.getByRole('button', { name: 'Import…' }).click();
  await expect(report.getByRole('list', { name: 'Import results' })).toContainText('lettre.txt: skipped, the same text is already in the project (“lettre.txt”)');
  await expect(report.getByText('0 imported · 1 duplicate skipped · 0 failed')).toBeVisible();
  const options = page.getByRole('listbox', { name: 'Document list' }).getByRole('option', { name: /^lettre\.txt/ });
  await expect(options).toHaveCount(1);
  await report.getByRole('button', { name: 'Import anyway' }).click();
  await expect(report.getByRole('list', { name: 'Import results' })).toContainText('lettre.txt: imported (a second copy of the same text)');
  await expect(report.getByRole('button', { name: 'Import anyway' })).toHaveCount(0);
  await expect(options).toHaveCount(2);
  // "Open" in the report opens the new copy
  await report.getByRole('button', { name: 'Open lettre.txt' }).click();
  await expect(report).toBeHidden();
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('document', { name: 'Document text' })).toContainText('votre lettre du 3 mai');
});

test('files dropped on the window are imported', async ({ glose }) => {
  const { page } = glose;
  const depot = join(glose.dir, 'depot.txt');
  const second = join(glose.dir, 'second.md');
  await writeFile(depot, 'Déposé sur la fenêtre.\n');
  await writeFile(second, '# Titre\n\nUn second fichier, en Markdown.\n');
  const dataTransfer = await glose.fileDrag([depot, second]);
  const zone = page.locator('.zone');
  await zone.dispatchEvent('dragover', { dataTransfer });
  await expect(page.getByText('Drop files or folders to import them')).toBeVisible();
  await zone.dispatchEvent('drop', { dataTransfer });
  const report = page.getByRole('dialog', { name: 'Import results' });
  await expect(report.getByRole('list', { name: 'Import results' }).getByRole('listitem')).toHaveText([/depot\.txt: imported/, /second\.md: imported/]);
  await report.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('option', { name: /^depot\.txt/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('document', { name: 'Document text' })).toContainText('Déposé sur la fenêtre.');
});

test('a File the page made up is not a dropped file: it is refused by name and nothing is read', async ({ glose }) => {
  const { page } = glose;
  // what a script in the page could do: name a file it wants read, in a File of its own making
  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['made up'], 'passwd', { type: 'text/plain' }));
    return dt;
  });
  await page.locator('.zone').dispatchEvent('drop', { dataTransfer });
  const report = page.getByRole('dialog', { name: 'Import results' });
  await expect(report.getByRole('list', { name: 'Import results' }).getByRole('listitem')).toHaveText([
    /passwd: not a file from this computer \(drop files from a folder or the desktop\)/,
  ]);
  await report.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('option', { name: /^passwd/ })).toHaveCount(0);
});

test('files given by the OS or a second launch are imported, without their paths reaching the page first', async ({ glose }) => {
  const { page } = glose;
  const file = join(glose.dir, 'ouvert.txt');
  await writeFile(file, 'Ouvert depuis le gestionnaire de fichiers.\n');
  await glose.openFiles([file]);
  const report = page.getByRole('dialog', { name: 'Import results' });
  await expect(report.getByRole('list', { name: 'Import results' }).getByRole('listitem')).toHaveText([/ouvert\.txt: imported/]);
  await report.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('document', { name: 'Document text' })).toContainText('Ouvert depuis le gestionnaire de fichiers.');
});

test('the size limit comes from the settings and is checked before reading', async ({ glose }) => {
  const { page } = glose;
  await putSetting(page, 'importLimitBytes', 2048);
  const big = join(glose.dir, 'gros.txt');
  const small = join(glose.dir, 'petit.txt');
  await writeFile(big, 'Un texte un peu long. '.repeat(200));
  await writeFile(small, 'Un texte court.');
  await glose.stubOpenDialog([big, small]);
  await page.getByRole('button', { name: 'Import…' }).click();
  const list = page.getByRole('dialog', { name: 'Import results' }).getByRole('list', { name: 'Import results' });
  await expect(list.getByRole('listitem')).toHaveText([/gros\.txt: too large: 4\.3 KB, limit 2 KB/, /petit\.txt: imported/]);
});

test('a batch larger than one answer of main (several MB) arrives whole: every document stored, in order, with its text', async ({ glose }) => {
  const { page } = glose;
  const folder = join(glose.dir, 'gros');
  await mkdir(folder);
  // four books of 600,000 characters: more than main's slice (2^20 characters), so the page asks for the rest
  const names = ['livre-1.txt', 'livre-2.txt', 'livre-3.txt', 'livre-4.txt'];
  for (const [i, name] of names.entries()) await writeFile(join(folder, name), `Livre ${i + 1}.\n` + `Paragraphe du livre ${i + 1}, assez long pour compter. `.repeat(12_000));
  await glose.stubOpenDialog([folder]);
  await page.getByRole('button', { name: 'Import…' }).click();
  const list = page.getByRole('dialog', { name: 'Import results' }).getByRole('list', { name: 'Import results' });
  await expect(list.getByRole('listitem')).toHaveText(
    names.map((n) => new RegExp(`^Imported\\s*${n.replace('.', '\\.')}: imported`)),
    { timeout: 60_000 },
  );
  await page.getByRole('dialog', { name: 'Import results' }).getByRole('button', { name: 'Close' }).click();
  await openDoc(page, 'livre-4.txt');
  await expect(page.locator('.text p.para').first()).toHaveText('Livre 4.');
  const { texts } = await readStores<{ texts: Array<{ text: string }> }>(page, ['texts']);
  const stored = texts.filter((t) => t.text.startsWith('Livre ')).map((t) => [t.text.slice(0, 8), t.text.length]).sort();
  const length = 'Livre 1.\n'.length + 'Paragraphe du livre 1, assez long pour compter. '.length * 12_000;
  expect(stored).toEqual(names.map((_, i) => [`Livre ${i + 1}.`, length]));
});

test('the progress bar counts the files, and Cancel keeps what was imported', async ({ glose }) => {
  const { page } = glose;
  const folder = join(glose.dir, 'many');
  await mkdir(folder);
  const total = 60;
  for (let i = 0; i < total; i++) {
    const lines = Array.from({ length: 30 }, (_, l) => `Rapport ${i}, ligne ${l} : les comptes de la coopérative.`);
    await writeFile(join(folder, `rapport-${String(i).padStart(2, '0')}.pdf`), await pdfBytes(lines, 12));
  }
  await glose.stubOpenDialog([folder]);
  const progress = await recordProgress(page);
  await page.getByRole('button', { name: 'Import…' }).click();
  const label = page.locator('label[for="import-progress"]');
  await expect(label).toHaveText(new RegExp(`^Importing \\d+ of ${total}: rapport-\\d\\d\\.pdf$`));
  const bar = page.locator('#import-progress');
  expect(await bar.evaluate((el) => (el as HTMLProgressElement).max)).toBe(total);
  await page.getByRole('button', { name: 'Cancel import' }).click();

  const report = page.getByRole('dialog', { name: 'Import results' });
  await expect(report).toBeVisible();
  await expect(report.getByRole('note')).toContainText(/Import cancelled: \d+ files? (was|were) not read\. The files imported so far are kept\./);
  const imported = await report.getByRole('listitem').count();
  expect(imported).toBeGreaterThan(0);
  expect(imported).toBeLessThan(total);
  await expect(report.getByRole('listitem').first()).toHaveText(/rapport-00\.pdf: imported/);
  await expect(report.getByRole('note')).toContainText(`${total - imported} file`);
  // the count rose file by file while the import ran
  const counts = (await progress()).flatMap((t) => /^Importing (\d+) of /.exec(t)?.[1] ?? []).map(Number);
  expect(counts.length).toBeGreaterThan(0);
  expect(counts).toEqual([...counts].sort((x, y) => x - y));
  await report.getByRole('button', { name: 'Close' }).click();
  await expect(page.locator('#import-progress')).toHaveCount(0);
  // what was imported is in the project (plus the welcome document); the list paints only the rows in view
  await expect(page.getByRole('heading', { name: `Documents ${imported + 1}` })).toBeVisible();
  await expect(page.getByRole('listbox', { name: 'Document list' }).getByRole('option').first()).toHaveAttribute('aria-setsize', String(imported + 1));
});

test('File ▸ Import Folder… (Ctrl+Shift+O) imports everything in the chosen folder, subfolders too', async ({ glose }) => {
  const { page } = glose;
  const folder = join(glose.dir, 'dossier');
  await mkdir(join(folder, 'sous-dossier'), { recursive: true });
  await writeFile(join(folder, 'un.txt'), 'Premier texte du dossier.');
  await writeFile(join(folder, 'sous-dossier', 'deux.md'), '# Deuxième\n\nUn texte plus bas.');
  await glose.stubOpenDialog([folder]);
  await page.keyboard.press('Control+Shift+O');
  const report = page.getByRole('dialog', { name: 'Import results' });
  await expect(report).toContainText('2 imported');
  await expect(report).toContainText('un.txt');
  await expect(report).toContainText('deux.md');
  await glose.stubOpenDialog([folder]);
  await report.getByRole('button', { name: 'Close' }).click();
  // the menu command runs the same import (both files are now duplicates)
  await glose.menu('importFolder');
  await expect(report).toContainText('2 duplicates');
});
