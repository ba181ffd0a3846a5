// `npm run screenshots`: the Settings panel and the restore prompt (docs/settings.png, docs/restore-prompt.png).
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { dragSelect, importText } from './helpers';

const TEXT = 'Le président chinois Xi Jinping a reçu Vladimir Poutine à Pékin le 4 février 2022.\n« Notre amitié n’a pas de limites », a déclaré Xi Jinping.\n';

test('settings and restore prompt', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'sommet-pekin.txt', TEXT);
  for (const [needle, key] of [
    ['Xi Jinping', '1'],
    ['Vladimir Poutine', '1'],
    ['Pékin', '3'],
    ['4 février 2022', '4'],
  ] as const) {
    await dragSelect(page, needle);
    await page.keyboard.press(key);
  }
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('textbox', { name: 'Your name on new annotations' }).fill('Marie');
  await settings.getByRole('button', { name: 'Save' }).click();
  await settings.getByRole('button', { name: 'Back up now' }).click();
  await expect(settings.getByTestId('backup-latest')).toContainText('glose-');
  const toast = page.getByRole('status').filter({ hasText: 'Backed up to' });
  await toast.waitFor();
  await toast.waitFor({ state: 'detached', timeout: 15_000 });
  await page.screenshot({ path: 'docs/settings.png' });
  await settings.getByRole('button', { name: 'Close' }).click();

  const file = join(glose.dir, 'glose-backup-2025-03-20.json.gz');
  await glose.stubSaveDialog(file);
  await glose.menu('backup');
  const saved = page.getByRole('status').filter({ hasText: 'Workspace backed up' });
  await saved.waitFor();
  await saved.waitFor({ state: 'detached', timeout: 15_000 });
  await glose.stubOpenDialog([file]);
  await glose.menu('restore');
  await expect(page.getByRole('dialog', { name: 'Replace the workspace with this backup?' })).toBeVisible();
  await page.screenshot({ path: 'docs/restore-prompt.png' });
});
