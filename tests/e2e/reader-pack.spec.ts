// Opening a document reads its spans and relations from one packed record when there is one (made from
// the reader's memory after a pause or when the document is left, or built off the page from the
// records), not one record per span. What the user sees must not depend on which way it was read: every
// span is there, and an edit is never lost or shown undone because a pack made before it was read back.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { dragSelect, readStores } from './helpers';

const PARAGRAPHS = 40;

function corpus(): string {
  const lines: string[] = [];
  const label: Array<[number, number, string]> = [];
  let at = 0;
  for (let i = 0; i < PARAGRAPHS; i++) {
    const line = `Paris ${i}. Le conseil municipal a siégé tard et Anne Hidalgo a parlé.`;
    label.push([at, at + 5, 'LOC']);
    lines.push(line);
    at += line.length + 1;
  }
  const short = 'Une note brève sur Lyon.';
  return `${JSON.stringify({ text: lines.join('\n'), label })}\n${JSON.stringify({ text: short, label: [[19, 23, 'LOC']] })}\n`;
}

/** The documents whose reader pack is stored now, by name: made from the reader's memory, or built by a worker. */
async function packedDocs(page: Page): Promise<string[]> {
  const { packedLayers, documents } = await readStores<{ packedLayers: Array<{ docId: string; layer: unknown; claim?: string }>; documents: Array<{ id: string; name: string }> }>(page, [
    'packedLayers',
    'documents',
  ]);
  const names = new Map(documents.map((d) => [d.id, d.name]));
  return packedLayers.filter((p) => p.layer === 1 && p.claim === undefined).map((p) => names.get(p.docId) ?? p.docId);
}
const LONG = 'council.jsonl #1';

test('a document reads the same from its pack as from its records, before and after an edit and a restart', async ({ glose }) => {
  // waits for a pack to be built (one of 30 s after an edit) and two restarts
  test.setTimeout(300_000);
  let page = glose.page;
  const file = join(glose.dir, 'council.jsonl');
  await writeFile(file, corpus());
  await glose.stubOpenDialog([file]);
  await page.getByRole('button', { name: 'Import…' }).click();
  const report = page.getByRole('dialog', { name: 'Import results' });
  await expect(report).toContainText(`imported with ${PARAGRAPHS} spans`);
  await report.getByRole('button', { name: 'Open council.jsonl #1' }).click();
  let panel = page.getByRole('complementary', { name: 'Labels and annotations' });
  let text = page.getByRole('document', { name: 'Document text' });
  const openLong = async () => {
    await page.getByRole('option', { name: /council\.jsonl #1/ }).click();
    await expect(text).toContainText('Paris 0.');
  };
  const openShort = async () => {
    await page.getByRole('option', { name: /council\.jsonl #2/ }).click();
    await expect(text).toContainText('Une note brève');
  };
  await expect(text).toContainText('Paris 0.');
  await expect(panel.getByRole('button', { name: new RegExp(`^LOC\\s*${PARAGRAPHS}$`) })).toBeVisible();
  // opened from its records; its pack is built while the page is quiet, and the next open reads it
  await openShort();
  await expect.poll(() => packedDocs(page), { timeout: 20_000 }).toContain(LONG);
  await openLong();
  await expect(panel.getByRole('button', { name: new RegExp(`^LOC\\s*${PARAGRAPHS}$`) })).toBeVisible();
  await expect(page.locator('.chip', { hasText: 'LOC' }).first()).toBeVisible();

  // an edit deletes the pack with the write: leaving and coming back at once shows the edit
  await dragSelect(page, 'Anne Hidalgo', { occurrence: 3 });
  await page.keyboard.press('1');
  await expect(panel.getByRole('button', { name: /^PER\s*1$/ })).toBeVisible();
  await expect(page.getByText('All changes saved')).toBeVisible();
  expect(await packedDocs(page)).not.toContain(LONG);
  await openShort();
  await openLong();
  await expect(panel.getByRole('button', { name: /^PER\s*1$/ })).toBeVisible();
  await expect(panel.getByRole('button', { name: new RegExp(`^LOC\\s*${PARAGRAPHS}$`) })).toBeVisible();

  // undone, and not brought back by a pack
  await page.keyboard.press('Control+z');
  await expect(panel.getByRole('button', { name: /^PER\s*\d+$/ })).toHaveCount(0);
  await expect(page.getByText('All changes saved')).toBeVisible();
  await openShort();
  await openLong();
  await expect(panel.getByRole('button', { name: new RegExp(`^LOC\\s*${PARAGRAPHS}$`) })).toBeVisible();
  await expect(panel.getByRole('button', { name: /^PER\s*\d+$/ })).toHaveCount(0);

  // redone; the pack built again from the records holds it, and after a restart the pack is what is read
  await page.keyboard.press('Control+Shift+z');
  await expect(panel.getByRole('button', { name: /^PER\s*1$/ })).toBeVisible();
  await expect(page.getByText('All changes saved')).toBeVisible();
  await openShort();
  await expect.poll(() => packedDocs(page), { timeout: 20_000 }).toContain(LONG);
  await glose.restart();
  page = glose.page;
  panel = page.getByRole('complementary', { name: 'Labels and annotations' });
  text = page.getByRole('document', { name: 'Document text' });
  await openLong();
  await expect(panel.getByRole('button', { name: /^PER\s*1$/ })).toBeVisible();
  await expect(panel.getByRole('button', { name: new RegExp(`^LOC\\s*${PARAGRAPHS}$`) })).toBeVisible();

  // edited, then the app closed with the document still open: the pause after the edit packs the
  // reader's memory, so the next start opens it from one record, with the edit
  await dragSelect(page, 'Anne Hidalgo', { occurrence: 7 });
  await page.keyboard.press('1');
  await expect(panel.getByRole('button', { name: /^PER\s*2$/ })).toBeVisible();
  await expect(page.getByText('All changes saved')).toBeVisible();
  expect(await packedDocs(page)).not.toContain(LONG);
  // (30 s after the last edit: EDIT_QUIET_MS)
  await expect.poll(() => packedDocs(page), { timeout: 60_000 }).toContain(LONG);
  await glose.restart();
  page = glose.page;
  panel = page.getByRole('complementary', { name: 'Labels and annotations' });
  text = page.getByRole('document', { name: 'Document text' });
  await expect(text).toContainText('Paris 0.');
  await expect(panel.getByRole('button', { name: /^PER\s*2$/ })).toBeVisible();
  await expect(panel.getByRole('button', { name: new RegExp(`^LOC\\s*${PARAGRAPHS}$`) })).toBeVisible();
});
