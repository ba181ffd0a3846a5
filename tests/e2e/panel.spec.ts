// The annotation panel: identical texts grouped with a count, their context on hover and focus, a
// step from occurrence to occurrence (by mouse and keyboard), and a long list painted only where it
// is in view (issues 14 and 17).
import { test, expect } from './fixtures';
import { dragSelect, importText } from './helpers';
import type { Page } from '@playwright/test';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const TEXT = [
  'Le président chinois Xi Jinping a reçu Vladimir Poutine à Pékin.',
  '« Notre amitié n’a pas de limites », a déclaré Xi Jinping.',
  'À Shanghai, Xi Jinping a parlé des échanges.',
].join('\n');

/** Where the selected annotation is in the text: its start offset. */
async function selectedStart(page: Page): Promise<number | null> {
  return page.evaluate(() => {
    for (const r of (CSS.highlights.get('gl-selected') ?? new Set()) as Iterable<AbstractRange>) {
      const p = r.startContainer.parentElement?.closest<HTMLElement>('p.para');
      if (!p) return null;
      let offset = 0;
      for (const q of document.querySelectorAll<HTMLElement>('.text p.para')) {
        if (q === p) return offset + r.startOffset;
        offset += (q.firstChild?.textContent ?? '').length + 1;
      }
    }
    return null;
  });
}

test('the panel groups identical texts, shows their context and steps through them', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'sommet.txt', TEXT);
  for (let i = 0; i < 3; i++) {
    await dragSelect(page, 'Xi Jinping', { occurrence: i });
    await page.keyboard.press('1');
  }
  await dragSelect(page, 'Pékin');
  await page.keyboard.press('3');

  const panel = page.getByRole('complementary', { name: 'Labels and annotations' });
  const people = panel.getByRole('list', { name: 'PER annotations' });
  const row = people.getByRole('button', { name: 'PER Xi Jinping, 3 occurrences' });
  await expect(people.getByRole('listitem')).toHaveCount(1);
  await expect(row).toContainText('Xi Jinping×3');
  await expect(panel.getByRole('list', { name: 'LOC annotations' }).getByRole('button', { name: 'LOC Pékin', exact: true })).toBeVisible();

  // a click on the row selects the first occurrence and says which it is; its context is its description
  await row.click();
  await expect(row).toHaveAttribute('aria-pressed', 'true');
  await expect(people.getByText('1 of 3')).toBeVisible();
  expect(await selectedStart(page)).toBe(TEXT.indexOf('Xi Jinping'));
  await expect(row).toHaveAccessibleDescription(/chinois Xi Jinping a reçu Vladimir/);
  // hovering shows the context too
  await row.hover();
  await expect(panel.getByRole('tooltip')).toContainText('chinois Xi Jinping a reçu Vladimir');

  // from the keyboard: Tab reaches Previous and Next; Next moves to the next occurrence, then wraps
  await row.focus();
  await page.keyboard.press('Tab');
  await expect(people.getByRole('button', { name: 'Previous occurrence of Xi Jinping' })).toBeFocused();
  await page.keyboard.press('Tab');
  const next = people.getByRole('button', { name: 'Next occurrence of Xi Jinping' });
  await expect(next).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(people.getByText('2 of 3')).toBeVisible();
  expect(await selectedStart(page)).toBe(TEXT.indexOf('Xi Jinping', TEXT.indexOf('déclaré')));
  await expect(row).toHaveAccessibleDescription(/a déclaré Xi Jinping/);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(people.getByText('1 of 3')).toBeVisible();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(people.getByText('3 of 3')).toBeVisible();
  expect(await selectedStart(page)).toBe(TEXT.lastIndexOf('Xi Jinping'));

  // deleting one occurrence updates the count; undo brings it back
  await page.getByRole('document', { name: 'Document text' }).focus();
  await page.keyboard.press('Delete');
  await expect(people.getByRole('button', { name: 'PER Xi Jinping, 2 occurrences' })).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(row).toBeVisible();
  // a relabelled occurrence leaves the group for its new label's list
  await row.click();
  await page.getByRole('document', { name: 'Document text' }).focus();
  await page.keyboard.press('2');
  await expect(people.getByRole('button', { name: 'PER Xi Jinping, 2 occurrences' })).toBeVisible();
  await expect(panel.getByRole('list', { name: 'ORG annotations' }).getByRole('button', { name: 'ORG Xi Jinping', exact: true })).toBeVisible();
});

test('a list of hundreds of annotations paints only the rows in view, and scrolls to every one', async ({ glose }) => {
  const { page } = glose;
  const words = Array.from({ length: 300 }, (_, i) => `mot${String(i).padStart(3, '0')}`);
  const text = words.join(' ');
  let at = 0;
  const label = words.map((w) => {
    const span = [at, at + w.length, 'PER'];
    at += w.length + 1;
    return span;
  });
  const file = join(glose.dir, 'liste.jsonl');
  await writeFile(file, `${JSON.stringify({ text, label })}\n`);
  await glose.stubOpenDialog([file]);
  await page.getByRole('button', { name: 'Import…' }).click();
  const report = page.getByRole('dialog', { name: 'Import results' });
  await expect(report).toContainText('imported with 300 spans');
  await report.getByRole('button', { name: 'Open' }).click();
  const panel = page.getByRole('complementary', { name: 'Labels and annotations' });
  const people = panel.getByRole('list', { name: 'PER annotations' });
  await expect(people.getByRole('button', { name: 'PER mot000', exact: true })).toBeVisible();
  await expect(panel.getByRole('button', { name: /^PER\s*300$/ })).toBeVisible();
  const painted = await people.getByRole('listitem').count();
  expect(painted).toBeGreaterThan(5);
  expect(painted).toBeLessThan(60);
  // each row says where it is in the whole list
  await expect(people.getByRole('listitem').first()).toHaveAttribute('aria-setsize', '300');

  // scrolled to the end, the last rows are there and the first are gone
  await people.getByRole('button', { name: 'PER mot000', exact: true }).hover();
  await page.mouse.wheel(0, 200_000);
  await expect(people.getByRole('button', { name: 'PER mot299', exact: true })).toBeVisible();
  await expect(people.getByRole('button', { name: 'PER mot000', exact: true })).toHaveCount(0);
  expect(await people.getByRole('listitem').count()).toBeLessThan(60);
  await people.getByRole('button', { name: 'PER mot299', exact: true }).click();
  expect(await selectedStart(page)).toBe(text.indexOf('mot299'));
});
