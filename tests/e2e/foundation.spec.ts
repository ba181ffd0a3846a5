import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, e2eTarget } from './fixtures';
import { clickText, dragSelect, storedSpans } from './helpers';

test.beforeAll(() => console.log(`e2e target: ${e2eTarget}`));

const ARTICLE = 'Emmanuel Macron a rencontré Olaf Scholz à Berlin le 3 mars 2024.\nLe sommet a porté sur l’énergie.\n';

test('an empty workspace opens with the welcome document and the news labels', async ({ glose }) => {
  const { page } = glose;
  await expect(page.getByRole('option', { name: /Bienvenue — Welcome/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: 'Bienvenue dans Glose — Welcome to Glose' })).toBeVisible();
  await expect(page.getByRole('document', { name: 'Document text' })).toContainText('Glose is an annotation workbench');
  const palette = page.getByRole('group', { name: 'Label palette' });
  for (const [i, name] of ['PER', 'ORG', 'LOC', 'DATE', 'EVENT', 'QUOTE'].entries()) {
    await expect(palette.getByRole('button', { name: new RegExp(`^${name}`) })).toHaveAttribute('aria-keyshortcuts', String(i + 1));
  }
});

test('import a text, tag by hotkey and by palette, delete, undo, restart, export', async ({ glose }) => {
  const { page } = glose;
  const file = join(glose.dir, 'article.txt');
  await writeFile(file, ARTICLE);
  await glose.stubOpenDialog([file]);
  await page.getByRole('button', { name: 'Import…' }).click();

  const report = page.getByRole('dialog', { name: 'Import results' });
  await expect(report.getByRole('list', { name: 'Import results' })).toContainText('article.txt: imported');
  await report.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('option', { name: /article\.txt/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('document', { name: 'Document text' })).toContainText('Olaf Scholz à Berlin');

  // a selection from inside "Emmanuel" to inside "Macron" snaps to both whole words
  await dragSelect(page, 'Emmanuel Macron', { from: 2, to: 12 });
  await page.keyboard.press('1');
  const list = page.getByRole('list', { name: 'Annotations' });
  await expect(list.getByRole('button', { name: 'PER Emmanuel Macron' })).toBeVisible();

  // by clicking the palette
  await dragSelect(page, 'Berlin', { from: 1, to: 4 });
  await page.getByRole('group', { name: 'Label palette' }).getByRole('button', { name: /^LOC/ }).click();
  await expect(list.getByRole('button', { name: 'LOC Berlin' })).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  expect(await storedSpans(page, 'article.txt')).toEqual([
    { text: 'Emmanuel Macron', label: 'PER', start: 0, end: 15 },
    { text: 'Berlin', label: 'LOC', start: 42, end: 48 },
  ]);
  // the label's name is drawn on the text
  await expect(page.locator('.chip', { hasText: 'PER' })).toBeVisible();

  // click a span to select it, Delete removes it, Ctrl+Z brings it back
  await clickText(page, 'Macron');
  await expect(list.getByRole('button', { name: 'PER Emmanuel Macron' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Delete');
  await expect(list.getByRole('button', { name: 'PER Emmanuel Macron' })).toHaveCount(0);
  await expect.poll(() => storedSpans(page, 'article.txt')).toHaveLength(1);
  await page.keyboard.press('Control+z');
  await expect(list.getByRole('button', { name: 'PER Emmanuel Macron' })).toBeVisible();
  await expect.poll(() => storedSpans(page, 'article.txt')).toHaveLength(2);

  // quit and start again: the document and its spans are there
  await glose.restart();
  const after = glose.page;
  await expect(after.getByRole('option', { name: /article\.txt/ })).toBeVisible();
  await expect(after.getByRole('option', { name: /article\.txt/ })).toContainText('2 spans');
  await expect(after.getByRole('list', { name: 'Annotations' }).getByRole('button', { name: 'LOC Berlin' })).toBeVisible();

  // export through the save dialog and read the file back
  const out = join(glose.dir, 'out.jsonl');
  await glose.stubSaveDialog(out);
  await after.getByRole('button', { name: 'Export…' }).click();
  const exportDialog = after.getByRole('dialog', { name: 'Export' });
  await exportDialog.getByRole('button', { name: 'Export…' }).click();
  await expect(exportDialog.getByRole('status', { name: 'Export summary' })).toContainText('Exported 1 document · 2 spans');
  await exportDialog.getByRole('button', { name: 'Close' }).click();
  const lines = (await readFile(out, 'utf8')).trim().split('\n');
  expect(lines).toHaveLength(1);
  const line = JSON.parse(lines[0] as string) as { text: string; label: Array<[number, number, string]> };
  expect(line.text).toBe(ARTICLE);
  expect(line.label).toEqual([
    [0, 15, 'PER'],
    [42, 48, 'LOC'],
  ]);
});

test('the French article from the shared corpus imports with its text intact', async ({ glose }) => {
  const file = join(process.cwd(), '..', 'shared', 'corpus', 'xi-poutine-2022-02.fr.txt');
  expect(existsSync(file), `${file} should be beside the repository`).toBe(true);
  const { page } = glose;
  await glose.stubOpenDialog([file]);
  await page.getByRole('button', { name: 'Import…' }).click();
  await expect(page.getByRole('dialog', { name: 'Import results' })).toContainText('xi-poutine-2022-02.fr.txt: imported');
  await page.getByRole('button', { name: 'Close' }).click();
  const expected = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const shown = await page.evaluate(() =>
    [...document.querySelectorAll('.text p.para')].map((p) => (p.firstChild instanceof Text ? p.firstChild.data : '')).join('\n'),
  );
  expect(shown).toBe(expected);
  // a word in the middle of the article can be tagged
  const word = expected.split(/\s+/).find((w) => /^[A-ZÉ][a-zéèêàç]{4,}$/.test(w)) as string;
  await dragSelect(page, word);
  await page.keyboard.press('3');
  await expect(page.getByRole('list', { name: 'Annotations' }).getByRole('button', { name: `LOC ${word}` })).toBeVisible();
});
