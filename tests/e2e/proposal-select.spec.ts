// Selecting by hand inside a proposal: the drag's selection must win over the proposal under the
// pointer, or a word a recommender covers could never be tagged differently (found by the reader
// bench, whose drags over learned-string proposals were lost).
import { test, expect } from './fixtures';
import { dragSelect, importText, storedSpans } from './helpers';

const TEXT = ['Le président Xi Jinping a reçu Vladimir Poutine.', 'Plus tard, Xi Jinping est reparti.'].join('\n');

test('a drag inside a proposal selects the dragged words, not the proposal', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'visite.txt', TEXT);
  await dragSelect(page, 'Xi Jinping');
  await page.keyboard.press('1');
  const panel = page.getByRole('region', { name: /^Suggestions/ });
  // the second "Xi Jinping" is now proposed as PER
  await expect(panel.getByRole('button', { name: 'Accept all 1 PER' })).toBeVisible();

  await dragSelect(page, 'Xi Jinping', { occurrence: 1, to: 2 });
  await expect(page.getByRole('dialog', { name: 'Label the selection' })).toBeVisible();
  await page.keyboard.press('3');
  await expect.poll(async () => (await storedSpans(page, 'visite.txt')).map((s) => s.text).sort()).toEqual(['Xi', 'Xi Jinping']);
  // the proposal is still open: nothing was accepted in its place
  await expect(panel.getByRole('button', { name: 'Accept all 1 PER' })).toBeVisible();
});
