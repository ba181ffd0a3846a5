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
  await tag('dirigeant chinois', '1');
  await expect(page.locator('.chip')).toHaveCount(9);
  // a relation: the quote was said by the Chinese leader (keyboard: R, then Tab to the target, Enter)
  const panel = page.getByRole('complementary', { name: 'Labels and annotations' });
  await panel.getByRole('button', { name: /^QUOTE Notre/ }).click();
  await page.keyboard.press('r');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Relations' }).getByRole('button')).toHaveCount(1);
  // linking leaves the quote selected: its arc shows
  await expect(panel.getByRole('button', { name: /^QUOTE Notre/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('svg.arcs path.arc')).toHaveCount(1);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'docs/screenshot.png' });
  // the popover of the selected annotation
  await page.getByRole('document', { name: 'Document text' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: /^Annotation QUOTE/ })).toBeVisible();
  await page.screenshot({ path: 'docs/popover.png' });
});
