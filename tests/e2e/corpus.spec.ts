import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { dragSelect, importText, readStores, storedDetails, storedSpans } from './helpers';

const ALPHA = 'Xi Jinping a reçu Vladimir Poutine à Pékin pour le sommet. Xi a parlé du sommet.';
const BETA = 'Le sommet de Pékin : Xi Jinping et Joe Biden.';
const GAMMA = 'Rien à signaler ici, Xin ne compte pas.';
const WELCOME = 'Bienvenue — Welcome';

/** Three documents, a few spans: alpha 3 (PER PER LOC), beta 1 (LOC), gamma none. */
async function corpus(glose: Parameters<typeof importText>[0]): Promise<void> {
  const { page } = glose;
  await importText(glose, 'alpha.txt', ALPHA);
  for (const [needle, key] of [
    ['Xi Jinping', '1'],
    ['Vladimir Poutine', '1'],
    ['Pékin', '3'],
  ] as const) {
    await dragSelect(page, needle);
    await page.keyboard.press(key);
  }
  await importText(glose, 'beta.txt', BETA);
  await dragSelect(page, 'Pékin');
  await page.keyboard.press('3');
  await importText(glose, 'gamma.txt', GAMMA);
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  await page.getByRole('tab', { name: 'Corpus' }).click();
}

/** The document names of the list, top to bottom (the list paints only rows in view: these are few). */
async function listed(grid: Locator): Promise<string[]> {
  return grid.locator('[role="row"][aria-selected]').evaluateAll((rows) =>
    rows
      .map((r) => [Number(r.getAttribute('aria-rowindex')), r.querySelectorAll('[role="gridcell"]')[1]?.textContent?.trim() ?? ''] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, name]) => name),
  );
}

async function storedNames(page: Page): Promise<string[]> {
  const { documents } = await readStores<{ documents: Array<{ name: string }> }>(page, ['documents']);
  return documents.map((d) => d.name).sort();
}

/** Spans per label name, counted in IndexedDB. */
async function storedCounts(page: Page): Promise<Record<string, number>> {
  const { labels, spans } = await readStores<{ labels: Array<{ id: string; name: string }>; spans: Array<{ labelId: string }> }>(page, ['labels', 'spans']);
  const out: Record<string, number> = {};
  for (const l of labels) out[l.name] = spans.filter((s) => s.labelId === l.id).length;
  return out;
}

test.describe('corpus view', () => {
  test('document list: sort, filter, select, set status, open, delete', async ({ glose }) => {
    const { page } = glose;
    await corpus(glose);
    const grid = page.getByRole('grid', { name: 'Documents' });
    await expect(page.getByText('Showing 4 of 4 documents')).toBeVisible();
    await expect(grid).toHaveAttribute('aria-rowcount', '5');
    await expect.poll(() => listed(grid)).toEqual(['alpha.txt', 'beta.txt', WELCOME, 'gamma.txt']);

    // sort by spans: most first, then fewest first
    const spansHeader = grid.getByRole('columnheader', { name: 'Spans' });
    await spansHeader.getByRole('button').click();
    await expect(spansHeader).toHaveAttribute('aria-sort', 'descending');
    await expect.poll(async () => (await listed(grid)).slice(0, 2)).toEqual(['alpha.txt', 'beta.txt']);
    await spansHeader.getByRole('button').click();
    await expect(spansHeader).toHaveAttribute('aria-sort', 'ascending');
    await expect.poll(async () => (await listed(grid)).slice(2)).toEqual(['beta.txt', 'alpha.txt']);
    await expect(grid.getByRole('row', { name: /alpha\.txt/ }).getByRole('gridcell').nth(5)).toHaveText('3');
    await grid.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();
    await expect(grid.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
    await expect(spansHeader).toHaveAttribute('aria-sort', 'none');

    // filters: status, label present, text; they combine
    const status = page.getByRole('combobox', { name: 'Status', exact: true });
    const hasLabel = page.getByRole('combobox', { name: 'Has label' });
    await status.selectOption({ label: 'New' });
    await expect.poll(() => listed(grid)).toEqual([WELCOME, 'gamma.txt']);
    await status.selectOption({ label: 'In progress' });
    await expect.poll(() => listed(grid)).toEqual(['alpha.txt', 'beta.txt']);
    await status.selectOption({ label: 'Any' });
    await hasLabel.selectOption({ label: 'LOC' });
    await expect.poll(() => listed(grid)).toEqual(['alpha.txt', 'beta.txt']);
    await hasLabel.selectOption({ label: 'PER' });
    await expect.poll(() => listed(grid)).toEqual(['alpha.txt']);
    await hasLabel.selectOption({ label: 'DATE' });
    await expect(page.getByText('No document matches the filter.')).toBeVisible();
    await hasLabel.selectOption({ label: 'Any' });
    await page.getByLabel('Filter by name or title').fill('GAM');
    await expect.poll(() => listed(grid)).toEqual(['gamma.txt']);
    await expect(page.getByText('Showing 1 of 4 documents')).toBeVisible();
    await page.getByLabel('Filter by name or title').fill('');

    // multi-select: a click, then Shift-click for the range
    await grid.getByRole('checkbox', { name: 'Select alpha.txt' }).click();
    await grid.getByRole('checkbox', { name: `Select ${WELCOME}` }).click({ modifiers: ['Shift'] });
    await expect(page.getByText('3 selected')).toBeVisible();
    await expect(grid.getByRole('row', { selected: true })).toHaveCount(3);
    // a plain click takes one back out
    await grid.getByRole('checkbox', { name: `Select ${WELCOME}` }).click();
    await expect(page.getByText('2 selected')).toBeVisible();
    await expect(grid.getByRole('checkbox', { name: 'Select all shown documents' })).toHaveJSProperty('indeterminate', true);

    // the selection's status, in one step, undone as one
    await page.getByLabel('New status').selectOption({ label: 'Done' });
    await page.getByRole('button', { name: 'Set status' }).click();
    await expect(grid.getByRole('row', { name: /alpha\.txt/ })).toContainText('Done');
    await expect(grid.getByRole('row', { name: /beta\.txt/ })).toContainText('Done');
    await expect.poll(async () => (await storedDetails(page, 'alpha.txt')).status).toBe('done');
    await expect.poll(async () => (await storedDetails(page, 'beta.txt')).status).toBe('done');
    await page.getByRole('group', { name: 'Corpus history' }).getByRole('button', { name: 'Undo: set 2 documents to Done' }).click();
    await expect(grid.getByRole('row', { name: /beta\.txt/ })).toContainText('In progress');
    await expect.poll(async () => (await storedDetails(page, 'alpha.txt')).status).toBe('in_progress');
    await expect.poll(async () => (await storedDetails(page, 'beta.txt')).status).toBe('in_progress');

    // select all shown, then clear
    await grid.getByRole('checkbox', { name: 'Select all shown documents' }).check();
    await expect(page.getByText('4 selected')).toBeVisible();
    await page.getByRole('button', { name: 'Clear selection' }).click();
    await expect(page.getByText('0 selected')).toBeVisible();

    // double-click opens a document in the reader; Enter on the active row too
    await grid.getByRole('row', { name: /gamma\.txt/ }).dblclick();
    await expect(page.getByRole('tab', { name: 'Reader' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('document', { name: 'Document text' })).toContainText('Rien à signaler');
    await page.getByRole('tab', { name: 'Corpus' }).click();
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('document', { name: 'Document text' })).toContainText('Le sommet de Pékin');
    await page.getByRole('tab', { name: 'Corpus' }).click();

    // keyboard selection: Space on the active row, Shift+ArrowDown extends
    await grid.focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Space');
    await page.keyboard.press('Shift+ArrowUp');
    await expect(page.getByText('2 selected')).toBeVisible();
    await expect.poll(() => grid.getByRole('row', { selected: true }).allInnerTexts()).toEqual([expect.stringContaining(WELCOME), expect.stringContaining('gamma.txt')]);

    // delete asks first, naming the count; Esc keeps everything; the open document (beta) closes
    await grid.getByRole('row', { name: new RegExp(WELCOME) }).getByRole('checkbox').click();
    await grid.getByRole('row', { name: /beta\.txt/ }).getByRole('checkbox').click();
    await page.getByRole('button', { name: 'Delete…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete 2 documents?' });
    await expect(confirm).toBeVisible();
    await expect(confirm.getByRole('listitem')).toHaveText(['beta.txt', 'gamma.txt']);
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(confirm).toBeHidden();
    await expect.poll(() => storedNames(page)).toEqual(['alpha.txt', 'beta.txt', WELCOME, 'gamma.txt'].sort());
    await page.getByRole('button', { name: 'Delete…' }).click();
    await confirm.getByRole('button', { name: 'Delete 2 documents' }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByText('Showing 2 of 2 documents')).toBeVisible();
    await expect.poll(() => listed(grid)).toEqual(['alpha.txt', WELCOME]);
    await expect.poll(() => storedNames(page)).toEqual(['alpha.txt', WELCOME].sort());
    await expect.poll(() => storedSpans(page, 'beta.txt')).toEqual([]);
    await expect(page.getByText('0 selected')).toBeVisible();
    await page.getByRole('tab', { name: 'Reader' }).click();
    await expect(page.getByText('Import a document to begin')).toBeVisible();
    await glose.restart();
    await expect.poll(() => storedNames(glose.page)).toEqual(['alpha.txt', WELCOME].sort());
  });

  test('search with keyword in context, open a hit, label all hits and undo, statistics and CSV', async ({ glose }) => {
    const { page } = glose;
    await corpus(glose);
    // Ctrl+F in the corpus view goes to the corpus search
    await page.keyboard.press('Control+f');
    await expect(page.getByRole('tab', { name: 'Search' })).toHaveAttribute('aria-selected', 'true');
    const box = page.getByRole('searchbox', { name: 'Search the corpus' });
    await expect(box).toBeFocused();
    const hits = page.getByRole('listbox', { name: 'Hits' });
    const summary = page.locator('#corpus-search-summary');

    await box.fill('Xi');
    await box.press('Enter');
    await expect(summary).toHaveText('4 hits for “Xi” in 3 documents.');
    await page.getByLabel('Whole words').check();
    await box.press('Enter');
    await expect(summary).toHaveText('3 hits for “Xi” in 2 documents.');
    const options = hits.getByRole('option');
    await expect(options).toHaveCount(3);
    // 40 characters of context on the left, the match, the rest of the text on the right
    await expect(options.nth(1)).toHaveAccessibleName('alpha.txt: ladimir Poutine à Pékin pour le sommet. Xi a parlé du sommet.');
    await expect(options.nth(1).locator('mark')).toHaveText('Xi');
    await expect(options.nth(2)).toContainText('beta.txt');

    // an invalid expression says so
    await page.getByLabel('Regular expression').check();
    await box.fill('Xi(');
    await box.press('Enter');
    await expect(summary).toContainText('Invalid expression');
    await page.getByLabel('Regular expression').uncheck();
    await box.fill('Xi');
    await box.press('Enter');
    await expect(options).toHaveCount(3);

    // a click opens the document at the match, selected: a label key labels exactly that hit
    await options.nth(1).click();
    await expect(page.getByRole('tab', { name: 'Reader' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('document', { name: 'Document text' })).toContainText('Xi a parlé');
    await page.keyboard.press('1');
    const second = ALPHA.indexOf('Xi a parlé');
    await expect.poll(() => storedSpans(page, 'alpha.txt')).toContainEqual({ text: 'Xi', label: 'PER', start: second, end: second + 2 });

    // back in the corpus the hits are still there; Enter on a hit opens it as well
    await page.getByRole('tab', { name: 'Corpus' }).click();
    await expect(options).toHaveCount(3);
    await hits.focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('document', { name: 'Document text' })).toContainText('Joe Biden');
    await page.getByRole('tab', { name: 'Corpus' }).click();

    // label all hits of "sommet" as EVENT: three spans in two documents, one step
    await box.fill('sommet');
    await box.press('Enter');
    await expect(summary).toHaveText('3 hits for “sommet” in 2 documents.');
    await page.getByLabel('Label for all hits').selectOption({ label: 'EVENT' });
    await page.getByRole('button', { name: 'Label all hits as EVENT' }).click();
    await expect(page.getByText('Labelled 3 hits as EVENT in 2 documents.')).toBeVisible();
    await expect.poll(async () => (await storedSpans(page, 'alpha.txt')).filter((s) => s.label === 'EVENT').map((s) => s.start)).toEqual([ALPHA.indexOf('sommet'), ALPHA.lastIndexOf('sommet')]);
    await expect.poll(async () => (await storedSpans(page, 'beta.txt')).filter((s) => s.label === 'EVENT')).toEqual([{ text: 'sommet', label: 'EVENT', start: 3, end: 9 }]);
    // again: nothing left to label
    await page.getByRole('button', { name: 'Label all hits as EVENT' }).click();
    await expect(page.getByText('Nothing to do: every hit is already inside an annotation labelled EVENT.')).toBeVisible();
    // the open document (beta) shows the new spans in the reader
    await page.getByRole('tab', { name: 'Reader' }).click();
    const panel = page.getByRole('complementary', { name: 'Labels and annotations' });
    await expect(panel.getByRole('button', { name: 'EVENT sommet' })).toBeVisible();
    await page.getByRole('tab', { name: 'Corpus' }).click();

    // statistics match the stored spans exactly, and follow the edits
    await page.getByRole('tab', { name: 'Statistics' }).click();
    const counts = async () => {
      const out: Record<string, number> = {};
      for (const row of await page.locator('table.bars tr').all()) out[(await row.getAttribute('data-label')) ?? ''] = Number((await row.locator('td.n').innerText()).replace(/\D/g, ''));
      return out;
    };
    const expected = { PER: 3, ORG: 0, LOC: 2, DATE: 0, EVENT: 3, QUOTE: 0 };
    await expect.poll(() => storedCounts(page)).toEqual(expected);
    await expect.poll(counts).toEqual(expected);
    await expect(page.getByRole('heading', { name: 'Annotations per label 8' })).toBeVisible();
    const status = page.getByRole('list', { name: 'Documents by status' });
    await expect(status.getByRole('listitem')).toHaveText([/New\s*2\s*50%/, /In progress\s*2\s*50%/, /Done\s*0\s*0%/]);
    const per = page.getByRole('region', { name: 'Most frequent PER texts' });
    await expect(per.getByRole('listitem')).toHaveText([/Vladimir Poutine\s*1/, /Xi\s*1/, /Xi Jinping\s*1/]);
    await expect(page.getByRole('region', { name: 'Most frequent EVENT texts' }).getByRole('listitem')).toHaveText([/sommet\s*3/]);
    const perDoc = page.getByRole('table', { name: 'Annotations per document' });
    await expect(perDoc.getByRole('row', { name: /^alpha\.txt/ }).getByRole('cell')).toHaveText(['3', '0', '1', '0', '2', '0', '6']);

    // Ctrl+Z in the corpus view undoes the last corpus step (not the reader's last edit)
    await page.getByRole('tab', { name: 'Statistics' }).focus();
    await page.keyboard.press('Control+z');
    await expect(page.getByText('Undone: label 3 hits as EVENT.')).toBeVisible();
    await expect.poll(counts).toEqual({ ...expected, EVENT: 0 });
    await expect.poll(() => storedCounts(page)).toEqual({ ...expected, EVENT: 0 });
    await expect(page.getByRole('region', { name: 'Most frequent EVENT texts' })).toHaveCount(0);
    const history = page.getByRole('group', { name: 'Corpus history' });
    await expect(history.getByRole('button', { name: 'Redo' })).toBeEnabled();
    await expect(history.getByRole('button', { name: 'Undo' })).toBeDisabled();

    // the table as CSV: one row per document, one column per label, and the totals
    const file = join(glose.dir, 'stats.csv');
    await glose.stubSaveDialog(file);
    await page.getByRole('button', { name: 'Export table as CSV…' }).click();
    await expect(page.getByText(`Saved ${file}`)).toBeVisible();
    expect(await readFile(file, 'utf8')).toBe(
      [
        'document,title,status,PER,ORG,LOC,DATE,EVENT,QUOTE,total',
        'alpha.txt,,in_progress,3,0,1,0,0,0,4',
        'beta.txt,,in_progress,0,0,1,0,0,0,1',
        `${WELCOME},Bienvenue dans Glose — Welcome to Glose,new,0,0,0,0,0,0,0`,
        'gamma.txt,,new,0,0,0,0,0,0,0',
        'total,,,3,0,2,0,0,0,5',
        '',
      ].join('\r\n'),
    );
    const texts = join(glose.dir, 'texts.csv');
    await glose.stubSaveDialog(texts);
    await page.getByRole('button', { name: 'Export frequent texts as CSV…' }).click();
    await expect(page.getByText(`Saved ${texts}`)).toBeVisible();
    expect(await readFile(texts, 'utf8')).toBe(
      ['label,rank,text,count', 'PER,1,Vladimir Poutine,1', 'PER,2,Xi,1', 'PER,3,Xi Jinping,1', 'LOC,1,Pékin,2', ''].join('\r\n'),
    );

    // the open document was read again after the undo
    await page.getByRole('tab', { name: 'Reader' }).click();
    await expect(panel.getByRole('button', { name: 'EVENT sommet' })).toHaveCount(0);
  });
});
