// The main flows on a French system, done only through the French interface: import → tag →
// relation → export, the shortcuts and settings dialogs, then a switch to English without a restart
// that a restart keeps.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { dragSelect, storedDetails } from './helpers';

const TEXT = ['« Notre amitié n’a pas de limites », a déclaré Xi Jinping à Pékin.', 'Le sommet a eu lieu le 4 février 2022.'].join('\n');

test.use({ osLocale: 'fr-FR' });

test('import, tag, link and export in French, then switch to English without a restart', async ({ glose }) => {
  const { page } = glose;
  const { writeFile } = await import('node:fs/promises');
  // first start on a French system: the interface is French
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('toolbar', { name: 'Actions sur les documents' })).toBeVisible();
  await expect(page.getByRole('contentinfo', { name: 'État' })).toContainText('Toutes les modifications sont enregistrées');

  // import
  const file = join(glose.dir, 'sommet.txt');
  await writeFile(file, TEXT);
  await glose.stubOpenDialog([file]);
  await page.getByRole('button', { name: 'Importer…' }).click();
  const report = page.getByRole('dialog', { name: 'Résultats de l’import' });
  await expect(report.getByRole('list', { name: 'Résultats de l’import' })).toContainText('sommet.txt\u00a0: importé');
  await expect(report).toContainText('1 importé · 0 doublon ignoré · 0 échec');
  await report.getByRole('button', { name: 'Fermer' }).click();

  // tag: the label menu on a mouse selection, and a label key
  const side = page.getByRole('complementary', { name: 'Étiquettes et annotations' });
  await dragSelect(page, 'Notre amitié n’a pas de limites');
  const menu = page.getByRole('dialog', { name: 'Étiqueter la sélection' });
  await expect(menu.getByRole('combobox', { name: 'Étiqueter la sélection\u00a0: filtre' })).toBeFocused();
  await page.keyboard.type('quo');
  await page.keyboard.press('Enter');
  await dragSelect(page, 'Xi Jinping');
  await page.keyboard.press('1');
  await expect(side.getByRole('button', { name: 'QUOTE Notre amitié n’a pas de limites' })).toBeVisible();
  await expect(side.getByRole('button', { name: 'PER Xi Jinping' })).toBeVisible();
  await expect(side.getByRole('heading', { name: /Annotations/ })).toContainText('2');

  // relation, by keyboard: select the quote, R, Tab to the speaker, Enter
  await side.getByRole('button', { name: 'QUOTE Notre amitié n’a pas de limites' }).click();
  await page.keyboard.press('r');
  await expect(page.getByRole('status').filter({ hasText: 'Choisissez l’annotation cible' })).toBeVisible();
  await page.getByRole('document', { name: 'Texte du document' }).focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(side.getByRole('list', { name: 'Relations' }).getByRole('button')).toHaveText(['Notre amitié n’a pas de limites —said_by→ Xi Jinping']);
  await expect.poll(async () => (await storedDetails(page, 'sommet.txt')).relations).toEqual([{ from: 'Notre amitié n’a pas de limites', to: 'Xi Jinping', type: 'said_by' }]);

  // export
  await page.getByRole('button', { name: 'Exporter…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Exporter' });
  await dialog.getByRole('radio', { name: /Document ouvert/ }).check();
  const out = join(glose.dir, 'sommet.jsonl');
  await glose.stubSaveDialog(out);
  await dialog.getByRole('button', { name: 'Exporter…' }).click();
  const summary = dialog.getByRole('status', { name: 'Bilan de l’export' });
  await expect(summary).toContainText('1 document exporté · 2 annotations · 1 relation en doccano JSONL.');
  await dialog.getByRole('button', { name: 'Fermer' }).click();
  const line = JSON.parse((await readFile(out, 'utf8')).trim()) as { entities: Array<{ label: string }>; relations: Array<{ type: string }> };
  expect(line.entities.map((e) => e.label).sort()).toEqual(['PER', 'QUOTE']);
  expect(line.relations.map((r) => r.type)).toEqual(['said_by']);

  // the cheat sheet
  await page.getByRole('document', { name: 'Texte du document' }).focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Raccourcis clavier' });
  await expect(sheet.getByRole('row', { name: /Annuler \/ rétablir$/ })).toBeVisible();
  await sheet.getByRole('button', { name: 'Fermer' }).click();

  // settings: a snapshot's date in French, then English at once, without a restart
  await page.getByRole('button', { name: 'Réglages' }).click();
  const settings = page.getByRole('dialog', { name: 'Réglages' });
  await settings.getByRole('button', { name: 'Sauvegarder maintenant' }).click();
  await expect(settings.getByTestId('backup-latest')).toHaveText(/^\d{1,2} [a-zéû]+\.? \d{4}, \d{2}:\d{2} · /);
  await expect(page.getByRole('status').filter({ hasText: 'Sauvegardé dans' })).toBeVisible();
  await settings.getByRole('radio', { name: 'English' }).check();
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Import…' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('complementary', { name: 'Labels and annotations' }).getByRole('heading', { name: /Annotations/ })).toBeVisible();

  // the choice is kept over the system's language
  await glose.restart();
  await expect(glose.page.getByRole('button', { name: 'Import…' })).toBeVisible();
  await expect(glose.page.getByRole('contentinfo', { name: 'Status' })).toContainText('Annotator:');
});
