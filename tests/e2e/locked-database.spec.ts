// Another connection holds the database at start-up (another Glose window, or an older one that
// has not let go): Glose says so within a second, offers Retry and Quit, and opens once it is free.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

/**
 * Before the app's own script, on the next load only: an older version of the database is created
 * and kept open by a connection that ignores requests to close, as another window running an older
 * Glose would. Both requests are queued before the app's, so the app's open finds it held.
 */
async function holdOnNextLoad(page: Page): Promise<void> {
  await page.evaluate(() => sessionStorage.setItem('glose-test-hold', '1'));
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('glose-test-hold')) return;
    sessionStorage.removeItem('glose-test-hold');
    indexedDB.deleteDatabase('glose');
    const req = indexedDB.open('glose', 1);
    req.onsuccess = () => {
      const held = req.result;
      held.onversionchange = () => {};
      (window as unknown as { releaseDb: () => void }).releaseDb = () => held.close();
    };
  });
  await page.reload();
}

const waiting = (page: Page) => page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Waiting for the database…' }) });

test('a database held by another connection: the wait is explained at once, and Glose opens when it is let go', async ({ glose }, testInfo) => {
  const { page } = glose;
  await holdOnNextLoad(page);
  await expect(waiting(page)).toBeVisible();
  await expect(waiting(page)).toContainText('Another Glose window or process has it open');
  await expect(page.getByRole('button', { name: 'Retry' })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Quit' })).toBeVisible();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'false');
  await page.screenshot({ path: testInfo.outputPath('waiting.png') });

  await page.evaluate(() => (window as unknown as { releaseDb: () => void }).releaseDb());
  await page.locator('body[data-ready="true"]').waitFor();
  await expect(waiting(page)).toHaveCount(0);
  await expect(page.getByRole('listbox', { name: 'Document list' }).getByRole('option')).toHaveCount(1);
});

test('Retry starts again and opens once the other connection is gone; Quit closes the window', async ({ glose }) => {
  const { page } = glose;
  await holdOnNextLoad(page);
  await expect(waiting(page)).toBeVisible();
  await page.evaluate(() => {
    (window as unknown as { quitAsked: boolean }).quitAsked = false;
    window.close = () => void ((window as unknown as { quitAsked: boolean }).quitAsked = true);
  });
  await page.getByRole('button', { name: 'Quit' }).click();
  expect(await page.evaluate(() => (window as unknown as { quitAsked: boolean }).quitAsked)).toBe(true);

  // the holder lived in the page that Retry reloads: the new page finds the database free
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.locator('body[data-ready="true"]').waitFor();
  await expect(waiting(page)).toHaveCount(0);
});
