// A gazetteer refused with the interface in French says why in French, naming the file and the line;
// a suggestion's explanation on screen follows a switch to English without the document reopened.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { dragSelect } from './helpers';

const TEXT = 'Le président s’est rendu à Pékin pour rencontrer ses homologues.';

test.use({ osLocale: 'fr-FR' });

test('a broken gazetteer is refused in French naming its line; an explanation on screen is worded again after a switch to English', async ({ glose }) => {
  const { page } = glose;
  const text = join(glose.dir, 'visite.txt');
  await writeFile(text, TEXT);
  await glose.stubOpenDialog([text]);
  await page.getByRole('button', { name: 'Importer…' }).click();
  const report = page.getByRole('dialog', { name: 'Résultats de l’import' });
  await expect(report.getByRole('list', { name: 'Résultats de l’import' })).toContainText('visite.txt\u00a0: importé');
  await report.getByRole('button', { name: 'Fermer' }).click();

  const panel = page.getByRole('region', { name: /^Suggestions/ });
  await panel.getByRole('button', { name: 'Listes…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Lexiques et indices' });

  // a quote opened on line 3 and never closed: the whole list is refused, in French, with its line
  const broken = join(glose.dir, 'villes.csv');
  await writeFile(broken, 'term,label\nBerlin,LOC\n"Pékin,LOC\n');
  await glose.stubOpenDialog([broken]);
  await dialog.getByRole('button', { name: 'Importer une liste…' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Non importé\u00a0: villes.csv, ligne 3\u00a0: un champ entre guillemets n’est jamais fermé');
  await page.screenshot({ path: test.info().outputPath('gazetteer-refused-fr.png') });

  const good = join(glose.dir, 'lieux.tsv');
  await writeFile(good, 'Berlin\tLOC\nPékin\tLOC\n');
  await glose.stubOpenDialog([good]);
  await dialog.getByRole('button', { name: 'Importer une liste…' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'lieux.tsv' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Fermer' }).click();

  // review mode keeps the suggestion's bar on screen: its hover text says why, in French
  await page.getByRole('document', { name: 'Texte du document' }).focus();
  await page.keyboard.press('s');
  const bar = page.getByRole('group', { name: 'Suggestion LOC\u00a0: Pékin' });
  await expect(bar.getByText('Lexiques', { exact: true })).toHaveAttribute('title', /^«\u00a0Pékin\u00a0» est LOC dans lieux\.tsv, ligne 2 \(80\u00a0%\)$/);

  await page.getByRole('button', { name: 'Réglages', exact: true }).click();
  await page.getByRole('dialog', { name: 'Réglages' }).getByRole('radio', { name: 'English' }).check();
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Close' }).click();

  // the same proposal, not asked for again: its explanation now in English
  const barEn = page.getByRole('group', { name: 'Suggestion LOC: Pékin' });
  await expect(barEn).toBeVisible();
  await expect(barEn.getByText('Gazetteers', { exact: true })).toHaveAttribute('title', /^“Pékin” is LOC in lieux\.tsv line 2 \(80%\)$/);
});

test('a colleague’s layer in French: the import dialog’s problem and the read-only refusal, the refusal worded again after a switch to English', async ({ glose }) => {
  const { page } = glose;
  const text = join(glose.dir, 'sommet.txt');
  await writeFile(text, TEXT);
  await glose.stubOpenDialog([text]);
  await page.getByRole('button', { name: 'Importer…' }).click();
  const report = page.getByRole('dialog', { name: 'Résultats de l’import' });
  await expect(report.getByRole('list', { name: 'Résultats de l’import' })).toContainText('sommet.txt\u00a0: importé');
  await report.getByRole('button', { name: 'Fermer' }).click();

  // Paul's doccano file, the same text: the dialog asks for his name in French
  const paul = join(glose.dir, 'paul.jsonl');
  const start = TEXT.indexOf('Pékin');
  await writeFile(paul, `${JSON.stringify({ text: TEXT, label: [[start, start + 'Pékin'.length, 'LOC']] })}\n`);
  const layers = page.getByRole('region', { name: 'Couches' });
  await layers.getByText('Intégrer le travail d’un collègue').click();
  await glose.stubOpenDialog([paul]);
  await layers.getByRole('button', { name: 'Depuis des fichiers annotés…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Importer la couche d’un collègue' });
  await expect(dialog.getByRole('alert')).toHaveText('Tapez le nom de la personne dont c’est le travail.');
  await dialog.getByRole('textbox', { name: 'Nom du collègue' }).fill('Paul');
  await dialog.getByRole('button', { name: 'Importer comme sa couche' }).click();
  await expect(dialog).toBeHidden();

  // his layer shown: an edit is refused, in French
  await layers.getByRole('combobox', { name: 'Couche affichée' }).selectOption({ label: 'Paul — lecture seule, 1 annotation, terminé' });
  await expect(page.locator('.chip')).toHaveCount(1);
  await dragSelect(page, 'président');
  await page.keyboard.press('1');
  const refusal = page.getByRole('region', { name: 'Messages' }).getByRole('alert');
  await expect(refusal).toHaveText(/^C’est la couche de Paul, affichée en lecture seule\u00a0: rien n’a été modifié\./);

  await page.getByRole('button', { name: 'Réglages', exact: true }).click();
  await page.getByRole('dialog', { name: 'Réglages' }).getByRole('radio', { name: 'English' }).check();
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('region', { name: 'Messages' }).getByRole('alert')).toHaveText(/^This is Paul's layer, shown read-only: nothing was changed\./);
});
