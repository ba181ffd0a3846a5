import { test, expect } from './fixtures';

test('schema editor and projects dialog', async ({ glose }) => {
  const { page } = glose;
  await page.getByRole('button', { name: 'Labels…' }).click();
  const editor = page.getByRole('dialog', { name: /^Labels of/ });
  await expect(editor.getByRole('textbox', { name: 'Name of PER' })).toBeVisible();
  await editor.getByRole('textbox', { name: 'Hotkey of ORG' }).fill('1');
  await editor.getByRole('textbox', { name: 'Hotkey of ORG' }).press('Tab');
  await expect(editor.getByRole('alert')).toBeVisible();
  await page.screenshot({ path: 'docs/schema-editor.png' });
  await editor.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Projects…' }).click();
  await expect(page.getByRole('dialog', { name: 'Projects' })).toBeVisible();
  await page.screenshot({ path: 'docs/projects.png' });
});
