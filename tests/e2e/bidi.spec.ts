// Text that users did not write is isolated for bidi: a file name carrying U+202E RIGHT-TO-LEFT
// OVERRIDE ("invoice_‮fdp.txt" shows as "invoice_txt.pdf") reverses itself, never what sits beside it.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { test, expect } from './fixtures';

const NAME = 'invoice_\u202Efdp.txt';

/** Whether the element that holds exactly `text` is a bidi isolate, and where it ends on screen. */
async function isolated(scope: Locator, text: string): Promise<{ isolate: boolean; right: number }> {
  return scope.evaluate((root, text) => {
    const holder = [...root.querySelectorAll('*')].find((el) => el.textContent === text && el.children.length === 0) as HTMLElement | undefined;
    if (!holder) throw new Error(`nothing holds ${JSON.stringify(text)}`);
    const isolate = /isolate|plaintext/.test(getComputedStyle(holder).unicodeBidi);
    return { isolate, right: holder.getBoundingClientRect().right };
  }, text);
}

/** The left edge of the first character of `needle` in the scope's text, as laid out. */
async function leftOf(scope: Locator, needle: string): Promise<number> {
  return scope.evaluate((root, needle) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = (node as Text).data.indexOf(needle);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      return range.getBoundingClientRect().left;
    }
    throw new Error(`${JSON.stringify(needle)} is not shown`);
  }, needle);
}

test('a file name with a right-to-left override stays inside its own box: what follows it reads in order', async ({ glose }, testInfo) => {
  const { page } = glose;
  const file = join(glose.dir, NAME);
  await writeFile(file, 'Une facture, rien de plus.\n');
  await glose.stubOpenDialog([file]);
  await page.getByRole('button', { name: 'Import…' }).click();

  // the import report: "<name>: imported"
  const row = page.getByRole('dialog', { name: 'Import results' }).getByRole('listitem').filter({ hasText: 'imported' });
  await expect(row).toContainText(`${NAME}: imported`);
  const inReport = await isolated(row, NAME);
  expect(inReport.isolate).toBe(true);
  // ": imported" is laid out after the name, left to right, not pulled into the reversed run
  expect(await leftOf(row, ': imported')).toBeGreaterThanOrEqual(inReport.right - 1);
  await page.screenshot({ path: testInfo.outputPath('import-report.png') });
  await page.getByRole('dialog', { name: 'Import results' }).getByRole('button', { name: 'Close' }).click();

  // the document list and the reader's heading
  const option = page.getByRole('option', { name: new RegExp(`^${NAME}`) });
  expect((await isolated(option, NAME)).isolate).toBe(true);
  expect((await isolated(page.getByRole('heading', { level: 1 }), NAME)).isolate).toBe(true);
  // the one-line header repeats the file name only when the title differs from it: here it is the title
  await expect(page.getByRole('region', { name: 'Reader' }).locator('header p.sub')).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Documents' }).screenshot({ path: testInfo.outputPath('document-list.png') });
});
