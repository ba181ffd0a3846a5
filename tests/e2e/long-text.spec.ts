// A long document read by jumping through it: wherever the reader lands, and after a change of layout
// that is not a scroll (the window narrower, the header folded), every paragraph on screen shows the
// marks of its spans. The reader only registers the spans of the blocks near the viewport and only
// watches those blocks for layout changes, so this is what breaks if it loses track of where it is.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';


const PARAGRAPHS = 900;

function longDocument(): string {
  const lines: string[] = [];
  const label: Array<[number, number, string]> = [];
  let at = 0;
  for (let i = 0; i < PARAGRAPHS; i++) {
    // lengths from one line to several, so the reader's estimates of block heights are off
    const filler = ' Le conseil a siégé tard dans la nuit et la séance a repris au matin.'.repeat(1 + ((i * 7) % 9));
    const line = `Paris ${i}.${filler}`;
    label.push([at, at + 5, 'LOC']);
    lines.push(line);
    at += line.length + 1;
  }
  return `${JSON.stringify({ text: lines.join('\n'), label })}\n`;
}

/** Paragraphs at least half on screen in the reader, and how many of them show no chip. */
async function onScreen(page: Page): Promise<{ shown: number; bare: number[] }> {
  return page.evaluate(() => {
    const view = (document.querySelector('section.reader') as HTMLElement).getBoundingClientRect();
    const shown = [...document.querySelectorAll<HTMLElement>('p.para')].filter((p) => {
      const r = p.getBoundingClientRect();
      return r.height > 0 && r.top >= view.top && r.top + r.height / 2 <= view.bottom;
    });
    return { shown: shown.length, bare: shown.filter((p) => p.querySelector('.chip') === null).map((p) => Number(p.dataset['i'])) };
  });
}

async function expectMarked(page: Page): Promise<void> {
  await expect.poll(() => onScreen(page)).toMatchObject({ bare: [] });
  expect((await onScreen(page)).shown).toBeGreaterThan(0);
}

test('jumping through a long document, and changing the layout without scrolling, leaves no paragraph on screen without its marks', async ({ glose }, testInfo) => {
  const { page } = glose;
  const file = join(glose.dir, 'long.jsonl');
  await writeFile(file, longDocument());
  await glose.stubOpenDialog([file]);
  await page.getByRole('button', { name: 'Import…' }).click();
  const report = page.getByRole('dialog', { name: 'Import results' });
  await expect(report).toContainText(`imported with ${PARAGRAPHS} spans`);
  await report.getByRole('button', { name: 'Open long.jsonl #1' }).click();
  const reader = page.getByRole('region', { name: 'Reader' });
  await expect(page.getByRole('document', { name: 'Document text' })).toContainText('Paris 0.');
  await expectMarked(page);
  for (const at of [0.5, 0.93, 0.12, 0.71]) {
    await reader.evaluate((el, f) => (el.scrollTop = (el.scrollHeight - el.clientHeight) * f), at);
    await expectMarked(page);
  }
  await page.screenshot({ path: testInfo.outputPath('long-text-jumped.png') });
  // narrower: every paragraph grows, what was below the screen moves far down, and other blocks come near
  await page.setViewportSize({ width: 760, height: 820 });
  await expectMarked(page);
  await page.setViewportSize({ width: 1280, height: 820 });
  await expectMarked(page);
  await reader.evaluate((el) => (el.scrollTop = 0));
  await page.getByRole('button', { name: 'Hide the document header' }).click();
  await expectMarked(page);
  // something tall appears above the text while the page keeps its scroll offset (no scroll anchoring,
  // so no scroll event): the paragraphs now on screen were twelve screens above
  // (the text there laid out once before, so no block changes its height when it comes back)
  await reader.evaluate((el) => {
    el.style.overflowAnchor = 'none';
    el.scrollTop = (el.scrollHeight - el.clientHeight) * 0.6 - el.clientHeight * 12;
  });
  await expectMarked(page);
  await reader.evaluate((el) => (el.scrollTop += el.clientHeight * 12));
  await expectMarked(page);
  await reader.evaluate((el) => {
    const spacer = document.createElement('div');
    spacer.style.height = `${Math.round(el.clientHeight * 12)}px`;
    el.querySelector('article')?.prepend(spacer);
  });
  await expectMarked(page);
});
