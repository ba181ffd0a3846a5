// The reader's keyboard, find bar, undo history and label edits, as a user meets them.
import { test, expect } from './fixtures';
import { clickText, dragSelect, importText, storedDetails, storedSpans } from './helpers';

const TEXT = [
  'Le président chinois Xi Jinping a reçu Vladimir Poutine à Pékin le 4 février 2022.',
  '« Notre amitié n’a pas de limites », a déclaré Xi Jinping.',
  'Les deux pays sont membres de l’Organisation de coopération de Shanghai.',
].join('\n');

test('Tab moves between annotations only while the text has the focus', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'tab.txt', TEXT);
  const panel = page.getByRole('complementary', { name: 'Labels and annotations' });
  await dragSelect(page, 'Pékin');
  await page.keyboard.press('3');
  await dragSelect(page, 'Vladimir Poutine');
  await page.keyboard.press('1');
  await page.keyboard.press('Escape');
  const annotations = panel.getByRole('list', { name: /annotations$/ }).getByRole('button');
  await expect(annotations.and(page.locator('[aria-pressed="true"]'))).toHaveCount(0);

  // from the toolbar, Tab goes to the next control and selects nothing
  await page.getByRole('button', { name: 'Export…' }).focus();
  await page.keyboard.press('Tab');
  const undo = page.getByRole('toolbar', { name: 'Document actions' }).getByRole('button', { name: 'Undo', exact: true });
  await expect(undo).toBeFocused();
  await expect(annotations.and(page.locator('[aria-pressed="true"]'))).toHaveCount(0);
  // Enter on a focused button is the button's: Undo takes back the last annotation
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await storedSpans(page, 'tab.txt')).map((s) => s.text)).toEqual(['Pékin']);

  // in the text, Tab goes from annotation to annotation (from the caret, where Poutine was)
  await page.getByRole('document', { name: 'Document text' }).focus();
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('button', { name: 'LOC Pékin' })).toHaveAttribute('aria-pressed', 'true');
  // past the last one, Tab leaves the text
  await page.keyboard.press('Tab');
  await expect(page.getByRole('document', { name: 'Document text' })).not.toBeFocused();
});

test('a match found with Ctrl+F becomes the selection: Esc, Enter and a label key tag the match', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'find.txt', TEXT);
  await dragSelect(page, 'Vladimir Poutine');
  await page.keyboard.press('1');
  // the PER span is selected; find another word
  await page.keyboard.press('Control+f');
  const search = page.getByRole('search', { name: 'Find in document' });
  await search.getByRole('searchbox', { name: 'Find in document' }).fill('Pékin');
  await expect(search.getByRole('status')).toHaveText('1 of 1 matches');
  await page.keyboard.press('Escape');
  await expect(search).toBeHidden();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Label the selection' })).toBeVisible();
  await page.keyboard.press('3');
  await expect.poll(async () => (await storedSpans(page, 'find.txt')).map((s) => `${s.label} ${s.text}`)).toEqual(['PER Vladimir Poutine', 'LOC Pékin']);
});

test('each document keeps its undo history when another is opened, and through corpus edits', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'a.txt', TEXT);
  await importText(glose, 'b.txt', 'Un autre texte, à Genève.');
  const docs = page.getByRole('listbox', { name: 'Document list' });
  await docs.getByRole('option', { name: /a\.txt/ }).click();
  await dragSelect(page, 'Pékin');
  await page.keyboard.press('3');
  const undo = page.getByRole('toolbar', { name: 'Document actions' }).getByRole('button', { name: 'Undo', exact: true });
  await expect(undo).toBeEnabled();

  await docs.getByRole('option', { name: /b\.txt/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'b.txt' })).toBeVisible();
  await expect(undo).toBeDisabled();
  await docs.getByRole('option', { name: /a\.txt/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'a.txt' })).toBeVisible();
  await expect(undo).toBeEnabled();

  // a corpus edit of the open document reloads it; its history stays
  await page.getByRole('tab', { name: 'Corpus' }).click();
  const grid = page.getByRole('grid', { name: 'Documents' });
  await grid.getByRole('checkbox', { name: 'Select a.txt' }).check();
  await page.getByRole('combobox', { name: 'New status' }).selectOption({ label: 'Done' });
  await page.getByRole('button', { name: 'Set status' }).click();
  await expect(grid.getByRole('row', { name: /a\.txt/ })).toContainText('Done');
  await page.getByRole('tab', { name: 'Reader' }).click();
  await expect(undo).toBeEnabled();
  await undo.click();
  await expect.poll(async () => (await storedSpans(page, 'a.txt')).length).toBe(0);
  expect((await storedDetails(page, 'a.txt')).status).toBe('done');
});

test('linking by keyboard: Tab visits only the spans the schema allows, a refused target keeps link mode', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'lien.txt', TEXT);
  const panel = page.getByRole('complementary', { name: 'Labels and annotations' });
  const tag = async (needle: string, key: string, occurrence = 0) => {
    await dragSelect(page, needle, { occurrence });
    await page.keyboard.press(key);
  };
  await tag('Notre amitié n’a pas de limites', '6');
  await tag('déclaré', '5');
  await tag('Xi Jinping', '1', 1);

  // the quote can be said by a PER or an ORG: Tab skips the EVENT between them
  await panel.getByRole('button', { name: /^QUOTE Notre amitié/ }).click();
  await page.getByRole('document', { name: 'Document text' }).focus();
  await page.keyboard.press('r');
  const linking = page.getByRole('status').filter({ hasText: 'Choose the target annotation' });
  await expect(linking).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('button', { name: 'PER Xi Jinping' })).toHaveAttribute('aria-pressed', 'true');

  // clicking a span the schema refuses says why and stays in link mode
  await clickText(page, 'déclaré');
  await expect(linking).toContainText('No relation type goes from QUOTE to EVENT');
  await expect(linking).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('button', { name: 'PER Xi Jinping' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Enter');
  await expect(linking).toBeHidden();
  await expect.poll(async () => (await storedDetails(page, 'lien.txt')).relations).toEqual([{ from: 'Notre amitié n’a pas de limites', to: 'Xi Jinping', type: 'said_by' }]);
});

test('renaming and recolouring a label repaints its marks without rebuilding the text', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'couleur.txt', TEXT);
  await dragSelect(page, 'Pékin');
  await page.keyboard.press('3');
  const text = page.getByRole('document', { name: 'Document text' });
  await expect(text.locator('.chip')).toHaveText(['LOC']);
  const paragraph = await page.evaluateHandle(() => document.querySelector('.text p.para') as HTMLElement);

  await page.getByRole('button', { name: 'Labels…' }).click();
  const editor = page.getByRole('dialog', { name: /^Labels of/ });
  await editor.getByRole('combobox', { name: 'Colour of LOC' }).selectOption('#7c3aed');
  const name = editor.getByRole('textbox', { name: 'Name of LOC' });
  await name.fill('PLACE');
  await name.press('Tab');
  await editor.getByRole('button', { name: 'Close' }).click();

  await expect(text.locator('.chip')).toHaveText(['PLACE']);
  const rules = () => page.evaluate(() => document.adoptedStyleSheets.flatMap((s) => [...s.cssRules].map((r) => r.cssText)).join('\n'));
  // LOC was the one label of this green; the purple was DATE's already
  await expect.poll(rules).not.toContain('rgb(4, 120, 87)');
  expect(await rules()).toContain('rgb(124, 58, 237)');
  expect(await paragraph.evaluate((p) => p.isConnected)).toBe(true);
});
