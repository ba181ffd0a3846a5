// A corpus of thousands of documents: the document list paints only the rows in view and still
// reaches every document by wheel and keyboard; the corpus search streams its hits in while it reads
// the texts, and a new search replaces the one running.
import { test, expect } from './fixtures';
import { seedDocuments, storedSpans } from './helpers';

test('the document list of 2,000 documents paints only the rows in view and reaches every one', async ({ glose }) => {
  const { page } = glose;
  await seedDocuments(page, 2000);
  const list = page.getByRole('listbox', { name: 'Document list' });
  await expect(page.getByRole('heading', { name: 'Documents 2001' })).toBeVisible();
  const options = list.getByRole('option');
  await expect(options.first()).toHaveAttribute('aria-setsize', '2001');
  const painted = await options.count();
  expect(painted).toBeGreaterThan(5);
  expect(painted).toBeLessThan(60);

  // the wheel brings later documents in, and the list still paints about as many rows
  await list.hover();
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, 2000);
  await expect(list.getByRole('option', { name: /^doc-0001\.txt/ })).toHaveCount(0);
  await expect.poll(async () => Number(await options.first().getAttribute('aria-posinset'))).toBeGreaterThan(100);
  expect(await options.count()).toBeLessThan(60);

  // End opens the last document, shown and selected at the bottom; Home goes back to the first
  await list.focus();
  await page.keyboard.press('End');
  const last = list.getByRole('option', { name: /^doc-2000\.txt/ });
  await expect(last).toBeInViewport();
  await expect(last).toHaveAttribute('aria-selected', 'true');
  await expect(list).toHaveAttribute('aria-activedescendant', (await last.getAttribute('id')) as string);
  await expect(page.getByRole('document', { name: 'Document text' })).toContainText('needle 2000');
  await page.keyboard.press('ArrowUp');
  await expect(list.getByRole('option', { name: /^doc-1999\.txt/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('document', { name: 'Document text' })).toContainText('needle 1999');
  await page.keyboard.press('Home');
  await expect(list.getByRole('option', { name: /^Bienvenue/ })).toBeInViewport();
  await expect(list.getByRole('option', { name: /^Bienvenue/ })).toHaveAttribute('aria-selected', 'true');
  // a click opens a document too
  await list.getByRole('option', { name: /^doc-0003\.txt/ }).click();
  await expect(page.getByRole('document', { name: 'Document text' })).toContainText('needle 0003');
});

test('the corpus search lists hits while it reads the texts', async ({ glose }) => {
  const { page } = glose;
  await seedDocuments(page, 600);
  await page.getByRole('tab', { name: 'Corpus' }).click();
  await page.getByRole('tablist', { name: 'Corpus sections' }).getByRole('tab', { name: 'Search' }).click();
  const box = page.getByRole('searchbox', { name: 'Search the corpus' });
  const hits = page.getByRole('listbox', { name: 'Hits' });
  const summary = page.locator('#corpus-search-summary');

  // what the list and its summary showed, each time they changed
  await page.evaluate(() => {
    const w = window as unknown as { __seen: Array<{ busy: string | null; hits: number; summary: string }> };
    w.__seen = [];
    const list = document.querySelector('[role="listbox"][aria-label="Hits"]') as HTMLElement;
    const note = () =>
      w.__seen.push({
        busy: list.getAttribute('aria-busy'),
        hits: list.querySelectorAll('[role="option"]').length,
        summary: document.getElementById('corpus-search-summary')?.textContent?.trim() ?? '',
      });
    new MutationObserver(note).observe(document.querySelector('.panel') as HTMLElement, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await box.fill('needle');
  await box.press('Enter');
  await expect(summary).toHaveText('600 hits for “needle” in 600 documents.');
  await expect(hits).toHaveAttribute('aria-busy', 'false');
  const seen = await page.evaluate(() => (window as unknown as { __seen: Array<{ busy: string | null; hits: number; summary: string }> }).__seen);
  // hits were on screen while the search still ran, and the summary counted them
  expect(seen.some((s) => s.busy === 'true' && s.hits > 0 && /^Searching… [\d,]+ hits? so far\.$/.test(s.summary))).toBe(true);
  // each hit in its context: 40 code units either side (the emoji counts two), the line break shown as a space
  await expect(hits.getByRole('option').first()).toHaveAccessibleName('doc-0001.txt: ument 0001 🙂 du corpus. Une ligne avec needle 0001, et puis c’est tout.');
  await hits.getByRole('option').first().click();
  await expect(page.getByRole('document', { name: 'Document text' })).toContainText('needle 0001');
  // the match is selected: a label key labels exactly it, at its UTF-16 offsets
  await page.keyboard.press('1');
  const at = 'Document 0001 🙂 du corpus.\nUne ligne avec '.length;
  await expect.poll(() => storedSpans(page, 'doc-0001.txt')).toEqual([{ text: 'needle', label: 'PER', start: at, end: at + 6 }]);
});

test('a new corpus search replaces the one running', async ({ glose }) => {
  const { page } = glose;
  await seedDocuments(page, 1500);
  await page.getByRole('tab', { name: 'Corpus' }).click();
  await page.getByRole('tablist', { name: 'Corpus sections' }).getByRole('tab', { name: 'Search' }).click();
  const box = page.getByRole('searchbox', { name: 'Search the corpus' });
  const hits = page.getByRole('listbox', { name: 'Hits' });
  const summary = page.locator('#corpus-search-summary');
  // the second search is started while the first still reads the texts: only its hits are listed
  await box.fill('needle 0');
  await box.press('Enter');
  await box.fill('needle 1499');
  await box.press('Enter');
  await expect(summary).toHaveText('1 hit for “needle 1499” in 1 document.');
  await expect(hits.getByRole('option')).toHaveCount(1);
  await expect(hits.getByRole('option')).toHaveAccessibleName(/^doc-1499\.txt: /);
});
