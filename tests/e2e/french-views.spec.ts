// The screens beyond the reader, on a French system: the corpus view (its tabs, columns and dates),
// the label editor and the layers panel speak French, and dates read as French readers write them.
import { test, expect } from './fixtures';

test.use({ osLocale: 'fr-FR' });

test('corpus view, label editor and layers in French, with French dates', async ({ glose }) => {
  const { page } = glose;
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');

  // the reader's header folds away in French too
  await page.getByRole('button', { name: 'Masquer l’en-tête du document' }).click();
  await expect(page.getByRole('radiogroup', { name: 'État du document' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Afficher l’en-tête du document' }).click();
  await page.getByText('Détails du document', { exact: true }).click();
  await expect(page.locator('dl').filter({ hasText: 'Importé le' })).toContainText(/\d{1,2} [a-zéû]+\.? \d{4}, \d{2}:\d{2}/);

  await page.getByRole('tab', { name: 'Corpus', exact: true }).click();
  const tabs = page.getByRole('tablist', { name: 'Sections du corpus' });
  await expect(tabs.getByRole('tab')).toHaveText(['Documents', 'Recherche', 'Statistiques']);
  const grid = page.getByRole('grid', { name: 'Documents' });
  await expect(grid.getByRole('columnheader')).toContainText(['Nom', 'Titre', 'Date', 'État', 'Annotations', 'Modifié le']);
  const edited = grid.getByRole('row').nth(1).getByRole('gridcell').last();
  await expect(edited).toHaveText(/^\d{1,2} [a-zéû]+\.? \d{4}, \d{2}:\d{2}$/);
  // the column is wide enough for the whole date
  expect(await edited.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await expect(page.getByText(/^1 sur 1 document$/)).toBeVisible();

  await tabs.getByRole('tab', { name: 'Statistiques' }).click();
  await expect(page.getByRole('heading', { name: /Annotations par étiquette/ })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Documents par état' })).toContainText('Nouveau');

  await page.getByRole('button', { name: 'Étiquettes…' }).click();
  const editor = page.getByRole('dialog', { name: /^Étiquettes de «/ });
  await expect(editor.getByRole('heading', { name: 'Types de relation' })).toBeVisible();
  await expect(editor.getByRole('button', { name: 'Ajouter une étiquette' })).toBeVisible();
  // the first project's labels came from the news template, its guidelines in French
  await expect(editor.getByRole('textbox', { name: 'Consignes pour PER' })).toHaveValue(/^Une personne, nommée ou désignée par son titre/);
  await editor.getByRole('button', { name: 'Fermer' }).click();

  await page.getByRole('tab', { name: 'Lecture', exact: true }).click();
  const layers = page.getByRole('region', { name: 'Couches' });
  await expect(layers.getByRole('combobox', { name: 'Couche affichée' })).toBeVisible();
  await expect(layers.getByRole('button', { name: 'Comparer les couches' })).toBeVisible();
});

test('a malformed annotated file is explained in French, with its name and the number of each bad line', async ({ glose }) => {
  const { page } = glose;
  const { writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const file = join(glose.dir, 'abime.jsonl');
  await writeFile(file, ['{"text": "Olaf Scholz", "label": [[5, 3, "PER"]]}', '{"text": 5, "label": []}'].join('\n'));
  await glose.stubOpenDialog([file]);
  await page.getByRole('button', { name: 'Importer…' }).click();
  const report = page.getByRole('dialog', { name: 'Résultats de l’import' });
  await expect(report).toContainText('1 échec');
  await expect(report).toContainText('abime.jsonl\u00a0: ligne 1\u00a0: le segment 5–3 finit avant de commencer (et 1 autre problème)');
  await expect(report).toContainText('ligne 2\u00a0: champ text\u00a0: Entrée invalide : chaîne de caractères attendu, nombre reçu');
  await report.getByRole('button', { name: 'Fermer' }).click();
});
