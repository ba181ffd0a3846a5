// Compact density shows at least twice the lines of text of comfortable at 1280×820, counted on a
// pasted news article (the welcome article is too short: compact shows all of it); the document's
// header is one line and folds away.
import { test, expect } from './fixtures';
import { NEWS_PARAS } from './helpers';
import type { Page } from '@playwright/test';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Lines of the document's text wholly inside the reader's visible area (distinct line boxes). */
async function visibleLines(page: Page): Promise<number> {
  return page.evaluate(() => {
    const reader = document.querySelector('.reader');
    const text = document.querySelector('.reader [role="document"]');
    if (!reader || !text) throw new Error('no reader');
    const view = reader.getBoundingClientRect();
    const tops = new Set<number>();
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // the chips' label text sits in the text's layer too: only the document's own text counts
      if (!node.textContent?.trim() || (node.parentElement?.closest('.chips') ?? null) !== null) continue;
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width > 0 && r.top >= view.top && r.bottom <= view.bottom) tops.add(Math.round(r.top));
      }
    }
    // parts of one line box in different text nodes differ by a pixel or two
    const sorted = [...tops].sort((a, b) => a - b);
    return sorted.filter((top, i) => i === 0 || top - (sorted[i - 1] as number) > 6).length;
  });
}


async function useDensity(page: Page, density: 'Comfortable' | 'Compact'): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('radio', { name: density }).check();
  await page.getByRole('button', { name: 'Close' }).last().click();
  await expect(page.locator('.shell')).toHaveAttribute('data-density', density.toLowerCase());
}

test('compact density shows at least twice the lines of comfortable', async ({ glose }) => {
  const { page } = glose;
  expect(page.viewportSize()).toEqual({ width: 1280, height: 820 });
  const text = page.getByRole('document', { name: 'Document text' });

  // the welcome article: compact shows all of it, comfortable only its beginning
  await expect(text).toContainText('Glose is an annotation workbench');
  const welcomeComfortable = await visibleLines(page);
  await useDensity(page, 'Compact');
  const welcomeCompact = await visibleLines(page);
  expect(await text.evaluate((el) => el.getBoundingClientRect().bottom)).toBeLessThan(await page.locator('.reader').evaluate((el) => el.getBoundingClientRect().bottom));
  expect(welcomeCompact).toBeGreaterThan(welcomeComfortable);
  await useDensity(page, 'Comfortable');

  // a news article as pasted, three times the eight paragraphs
  const file = join(glose.dir, 'sommet-pekin.txt');
  await writeFile(file, [...NEWS_PARAS, ...NEWS_PARAS, ...NEWS_PARAS].join('\n\n\n'));
  await glose.stubOpenDialog([file]);
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByRole('dialog', { name: 'Import results' }).getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('sommet-pekin.txt');
  const comfortable = await visibleLines(page);
  expect(comfortable).toBeGreaterThanOrEqual(8);
  await useDensity(page, 'Compact');
  const compact = await visibleLines(page);
  test.info().annotations.push({ type: 'lines', description: `welcome: comfortable ${welcomeComfortable}, compact ${welcomeCompact}; news article: comfortable ${comfortable}, compact ${compact}` });
  expect(compact).toBeGreaterThanOrEqual(2 * comfortable);
});

test('the document header is one line, and folds away', async ({ glose }) => {
  const { page } = glose;
  const header = page.locator('header.meta');
  const title = header.getByRole('heading', { level: 1 });
  const status = header.getByRole('radiogroup', { name: 'Document status' });
  await expect(title).toHaveText('Bienvenue dans Glose — Welcome to Glose');
  // the title, the status, the details' summary and the fold share one line; the categories go under it
  const box = async (locator: ReturnType<Page['locator']>) => (await locator.boundingBox()) ?? { y: NaN, height: NaN };
  const t = await box(title);
  const s = await box(status);
  const d = await box(header.getByText('Document details', { exact: true }));
  expect(Math.abs(t.y + t.height / 2 - (s.y + s.height / 2))).toBeLessThan(8);
  expect(Math.abs(t.y + t.height / 2 - (d.y + d.height / 2))).toBeLessThan(8);
  const f = await box(header.getByRole('button', { name: 'Hide the document header' }));
  expect(Math.abs(t.y + t.height / 2 - (f.y + f.height / 2))).toBeLessThan(8);

  await header.getByRole('button', { name: 'Hide the document header' }).click();
  await expect(status).toHaveCount(0);
  await expect(header.getByRole('group', { name: 'Document TOPIC' })).toHaveCount(0);
  await expect(header.getByRole('button', { name: 'Show the document header' })).toHaveAttribute('aria-expanded', 'false');
  await header.getByRole('button', { name: 'Show the document header' }).click();
  await expect(status).toBeVisible();
  await expect(header.getByRole('group', { name: 'Document TOPIC' })).toBeVisible();
});
