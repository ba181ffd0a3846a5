import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { dragSelect } from './helpers';

const TEXT = [
  'Le président chinois Xi Jinping a reçu Vladimir Poutine à Pékin le 4 février 2022, en marge des Jeux olympiques d’hiver.',
  '« Notre amitié n’a pas de limites », a déclaré le dirigeant chinois devant la presse.',
  'Les deux pays, membres de l’Organisation de coopération de Shanghai, ont signé un accord sur le gaz.',
].join('\n');

test('reader with spans', async ({ glose }) => {
  const { page } = glose;
  const file = join(glose.dir, 'sommet-pekin.txt');
  await writeFile(file, TEXT);
  await glose.stubOpenDialog([file]);
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByRole('button', { name: 'Close' }).click();
  const tag = async (needle: string, key: string) => {
    await dragSelect(page, needle);
    await page.keyboard.press(key);
  };
  await tag('Xi Jinping', '1');
  await tag('Vladimir Poutine', '1');
  await tag('Pékin', '3');
  await tag('4 février 2022', '4');
  await tag('Jeux olympiques d’hiver', '5');
  await tag('Notre amitié n’a pas de limites', '6');
  await tag('Organisation de coopération de Shanghai', '2');
  await tag('Shanghai', '3');
  await expect(page.getByRole('list', { name: 'Annotations' }).getByRole('button')).toHaveCount(8);
  await page.screenshot({ path: 'docs/screenshot.png' });
});
