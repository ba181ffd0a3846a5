// A message already on screen follows a language switch made in Settings: it is worded where it is
// shown, not once when it was made.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { clickText, dragSelect } from './helpers';

const TEXT = '« Notre amitié n’a pas de limites », a déclaré Xi Jinping le 4 février 2022.';

test.use({ osLocale: 'fr-FR' });

test('a picture named .txt is refused in French; a message and a refused link are worded again after a switch to English', async ({ glose }) => {
  const { page } = glose;
  // a text and a picture renamed .txt: the picture's failure says what it looks like, in French
  const text = join(glose.dir, 'lien.txt');
  const photo = join(glose.dir, 'photo.txt');
  await writeFile(text, TEXT);
  await writeFile(photo, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
  await glose.stubOpenDialog([text, photo]);
  await page.getByRole('button', { name: 'Importer…' }).click();
  const report = page.getByRole('dialog', { name: 'Résultats de l’import' });
  await expect(report.getByRole('list', { name: 'Résultats de l’import' })).toContainText('photo.txt\u00a0: ce n’est pas un fichier texte\u00a0: on dirait une image PNG');
  await report.getByRole('button', { name: 'Fermer' }).click();

  const panel = page.getByRole('complementary', { name: 'Étiquettes et annotations' });
  await dragSelect(page, 'Notre amitié n’a pas de limites');
  await page.keyboard.press('6');
  await dragSelect(page, '4 février 2022');
  await page.keyboard.press('4');

  // link mode refuses the date as the quote's target, and says why in French
  await panel.getByRole('button', { name: /^QUOTE Notre amitié/ }).click();
  await page.getByRole('document', { name: 'Texte du document' }).focus();
  await page.keyboard.press('r');
  await clickText(page, '4 février 2022');
  const linking = page.getByRole('status').filter({ hasText: 'Choisissez l’annotation cible' });
  await expect(linking).toContainText('Aucun type de relation ne va de QUOTE à DATE dans ce schéma.');

  // a message made in French, then the language switched while it and the refusal are shown
  await page.getByRole('button', { name: 'Réglages', exact: true }).click();
  const settings = page.getByRole('dialog', { name: 'Réglages' });
  await settings.getByRole('button', { name: 'Sauvegarder maintenant' }).click();
  await expect(page.getByRole('region', { name: 'Messages' }).getByRole('status').filter({ hasText: 'Sauvegardé dans' })).toBeVisible();
  await settings.getByRole('radio', { name: 'English' }).check();
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Close' }).click();

  const refused = page.getByRole('status').filter({ hasText: 'Choose the target annotation' });
  await expect(refused).toContainText('No relation type goes from QUOTE to DATE in this schema.');
  await expect(refused).not.toContainText('Aucun');
  await page.getByRole('button', { name: 'Messages (1)' }).click();
  await expect(page.getByRole('region', { name: 'Recent messages' }).getByRole('listitem')).toHaveText([/Backed up to .*\.json\.gz/]);
});
