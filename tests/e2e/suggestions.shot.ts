// `npm run screenshots`: the suggestions in the reader (docs/suggestions.png) and the pre-annotation
// report (docs/preannotate.png).
import { test, expect } from './fixtures';
import { dragSelect, importText } from './helpers';

const TEXT = [
  'Le président chinois Xi Jinping a reçu Vladimir Poutine à Pékin le 4 février 2022, en marge des Jeux olympiques d’hiver.',
  '« Notre amitié n’a pas de limites », a déclaré Xi Jinping devant la presse.',
  'Vladimir Poutine a quitté Pékin le 5 février ; l’Organisation de coopération de Shanghai se réunira en septembre 2022.',
].join('\n');

test('suggestions in the reader, and the pre-annotation report', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'sommet-pekin.txt', TEXT);
  const tag = async (needle: string, key: string) => {
    await dragSelect(page, needle);
    await page.keyboard.press(key);
  };
  await tag('Xi Jinping', '1');
  await tag('Vladimir Poutine', '1');
  await tag('Pékin', '3');
  await page.getByRole('document', { name: 'Document text' }).focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('s');
  await expect(page.locator('.sg-bar')).toBeVisible();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'docs/suggestions.png' });

  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: 'Corpus' }).click();
  await page.getByRole('grid', { name: 'Documents' }).getByRole('checkbox', { name: 'Select all shown documents' }).check();
  await page.getByRole('button', { name: 'Pre-annotate…' }).click();
  await expect(page.getByRole('dialog', { name: 'Pre-annotate' }).getByRole('button', { name: 'Close' })).toBeVisible();
  await page.screenshot({ path: 'docs/preannotate.png' });
});
