// The README's pictures of the reader in French and English, comfortable and compact, on an article
// with blank lines between its paragraphs (as pasted news often has).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect, type GloseApp } from './fixtures';
import { dragSelect, NEWS_PARAS } from './helpers';

const TEXT = NEWS_PARAS.join('\n\n\n');

async function annotate(glose: GloseApp, importName: RegExp, close: RegExp): Promise<void> {
  const { page } = glose;
  const file = join(glose.dir, 'sommet-pekin.txt');
  await writeFile(file, TEXT);
  await glose.stubOpenDialog([file]);
  await page.getByRole('button', { name: importName }).click();
  await page.getByRole('button', { name: close }).click();
  for (const [needle, key] of [
    ['Xi Jinping', '1'],
    ['Vladimir Poutine', '1'],
    ['Pékin', '3'],
    ['4 février 2022', '4'],
    ['Notre amitié n’a pas de limites', '6'],
    ['Organisation de coopération de Shanghai', '2'],
  ] as const) {
    await dragSelect(page, needle);
    await page.keyboard.press(key);
  }
  await page.keyboard.press('Escape');
  await expect(page.locator('.chip')).toHaveCount(6);
}

async function density(glose: GloseApp, settingsName: string, compactName: string, closeName: string): Promise<void> {
  const { page } = glose;
  await page.getByRole('button', { name: settingsName, exact: true }).click();
  await page.getByRole('radio', { name: compactName }).check();
  await page.getByRole('button', { name: closeName }).last().click();
}

test.describe('French system', () => {
  test.use({ osLocale: 'fr-FR' });
  test('reader in French, comfortable and compact', async ({ glose }) => {
    await annotate(glose, /^Importer…$/, /^Fermer$/);
    await glose.page.mouse.move(0, 0);
    await glose.page.screenshot({ path: 'docs/reader-fr.png' });
    await density(glose, 'Réglages', 'Compacte', 'Fermer');
    await glose.page.screenshot({ path: 'docs/reader-fr-compact.png' });
  });
});

test('reader in English, comfortable and compact', async ({ glose }) => {
  await annotate(glose, /^Import…$/, /^Close$/);
  await glose.page.mouse.move(0, 0);
  await glose.page.screenshot({ path: 'docs/reader-en.png' });
  await density(glose, 'Settings', 'Compact', 'Close');
  await glose.page.screenshot({ path: 'docs/reader-en-compact.png' });
});
