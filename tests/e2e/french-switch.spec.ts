// A message already on screen follows a language switch made in Settings: it is worded where it is
// shown, not once when it was made.
import { test, expect } from './fixtures';
import { clickText, dragSelect, importText } from './helpers';

const TEXT = '« Notre amitié n’a pas de limites », a déclaré Xi Jinping le 4 février 2022.';

test.use({ osLocale: 'fr-FR' });

test('a message in the history and a refused link are worded again after a switch to English', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'lien.txt', TEXT);
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
