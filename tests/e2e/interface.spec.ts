// Settings that shape a working day: compact density (more of the text on screen), the label menu
// after a mouse selection turned off (keys still label), and messages that can be dismissed and read
// again from their history.
import { test, expect } from './fixtures';
import { dragSelect, importText } from './helpers';

const PARAS = Array.from({ length: 30 }, (_, i) => `Paragraphe ${i + 1} : Xi Jinping a reçu Vladimir Poutine à Pékin le 4 février 2022.`);

test('compact density shows about twice the lines; blank lines collapse; the label menu can be turned off', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'long.txt', PARAS.join('\n\n\n'));
  const reader = page.getByRole('region', { name: 'Reader' });
  /** how many paragraphs of text start inside the reader's visible area */
  const onScreen = () =>
    page.evaluate(() => {
      const box = document.querySelector('.reader')?.getBoundingClientRect();
      if (!box) return 0;
      return [...document.querySelectorAll('.text p.para:not(.blank)')].filter((p) => p.getBoundingClientRect().top < box.bottom).length;
    });
  await expect(reader).toBeVisible();
  const comfortable = await onScreen();
  // a run of two blank lines is not two tall empty paragraphs
  const blankHeights = await page.evaluate(() => [...document.querySelectorAll('.text p.para.blank')].slice(0, 2).map((p) => p.getBoundingClientRect().height));
  expect(blankHeights[0]).toBeLessThan(12);
  expect(blankHeights[1]).toBe(0);

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('radio', { name: 'Compact' }).check();
  await settings.getByRole('checkbox', { name: /Open the label menu/ }).uncheck();
  await settings.getByRole('button', { name: 'Close' }).click();
  const compact = await onScreen();
  expect(compact).toBeGreaterThanOrEqual(Math.floor(comfortable * 1.5));

  // no menu after a mouse selection; the label key still tags it
  await dragSelect(page, 'Xi Jinping');
  await expect(page.getByRole('dialog', { name: 'Label the selection' })).toBeHidden();
  await page.keyboard.press('1');
  await expect(page.getByRole('complementary', { name: 'Labels and annotations' }).getByRole('button', { name: 'PER Xi Jinping' })).toBeVisible();

  // both settings are kept
  await glose.restart();
  expect(await glose.page.locator('.shell').getAttribute('data-density')).toBe('compact');
  await dragSelect(glose.page, 'Vladimir Poutine');
  await expect(glose.page.getByRole('dialog', { name: 'Label the selection' })).toBeHidden();
});

test('a message can be dismissed at once and read again in the history', async ({ glose }) => {
  const { page } = glose;
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('button', { name: 'Back up now' }).click();
  await settings.getByRole('button', { name: 'Close' }).click();
  const messages = page.getByRole('region', { name: 'Messages' });
  const toast = messages.getByRole('status').filter({ hasText: 'Backed up to' });
  await expect(toast).toBeVisible();
  await toast.getByRole('button', { name: 'Dismiss message' }).click();
  await expect(toast).toBeHidden();
  await page.getByRole('button', { name: 'Messages (1)' }).click();
  await expect(page.getByRole('region', { name: 'Recent messages' }).getByRole('listitem')).toHaveText([/Backed up to .*\.json\.gz/]);
});
