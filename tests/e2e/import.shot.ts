// `npm run screenshots`: the import pictures in docs/, taken from the built app with the e2e fixtures.
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { writeMixedFolder } from '../fixtures/import/mixed';

test('import results and document details', async ({ glose }) => {
  const { page } = glose;
  const folder = join(glose.dir, 'corpus');
  await writeMixedFolder(folder);
  await copyFile(join(folder, 'notes.md'), join(folder, 'sub', 'notes (copy).md'));
  await glose.stubOpenDialog([folder]);
  await page.getByRole('button', { name: 'Import…' }).click();
  const report = page.getByRole('dialog', { name: 'Import results' });
  await expect(report.getByRole('listitem')).toHaveCount(10);
  await page.screenshot({ path: 'docs/import-results.png' });
  await report.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('option', { name: /^legacy-1252\.txt/ }).click();
  await page.getByText('Document details', { exact: true }).click();
  await expect(page.locator('dl[aria-label="Document details"]')).toContainText('windows-1252');
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'docs/document-details.png' });
});
