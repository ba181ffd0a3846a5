// Suggestions beyond spans, as a user meets them: a quote's speaker proposed as a said_by relation
// in the reader (accepted with a click, undone, rejected in review mode, still refused after a
// restart), the term lists a project imports through Suggestions ▸ Lists… (a bad line refused with
// the file and line named, a list removed and put back), and the user's own model proposing in the
// reader under its own name.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { GloseApi } from '../../src-main/contract';
import { test, expect } from './fixtures';
import { dragSelect, hoverText, importText, readStores, storedDetails, storedSpans } from './helpers';

const TEXT = ['Le président chinois Xi Jinping a reçu Vladimir Poutine à Pékin.', '« Notre amitié n’a pas de limites », a déclaré Xi Jinping devant la presse.'].join('\n');
const QUOTE = 'Notre amitié n’a pas de limites';

const decisions = async (page: Page) =>
  (await readStores<{ decisions: Array<{ verdict: string; label: string; recommender: string }> }>(page, ['decisions'])).decisions.map((d) => `${d.verdict} ${d.label} ${d.recommender}`).sort();

/** The text imported, and its first Xi Jinping tagged PER: the quote's speaker is then proposed. */
async function tagged(glose: Parameters<typeof importText>[0]): Promise<void> {
  const { page } = glose;
  await importText(glose, 'sommet.txt', TEXT);
  await dragSelect(page, 'Xi Jinping');
  await page.keyboard.press('1');
  await expect(page.getByRole('region', { name: /^Suggestions/ }).getByRole('button', { name: 'Accept all 1 PER' })).toBeVisible();
}

test('a quote’s speaker is proposed as a relation, accepted with its ends in one undo step', async ({ glose }) => {
  const { page } = glose;
  await tagged(glose);

  // the quote's bar offers its speaker; accepting makes the quote, the speaker and the link
  await hoverText(page, 'amitié');
  const bar = page.getByRole('group', { name: `Suggestion QUOTE: ${QUOTE}` });
  await expect(bar).toBeVisible();
  const accept = bar.getByRole('button', { name: `Accept suggestion said_by: ${QUOTE} → Xi Jinping` });
  await expect(accept).toBeVisible();
  await bar.screenshot({ path: test.info().outputPath('relation-proposal.png') });
  await accept.click();
  await expect.poll(async () => (await storedDetails(page, 'sommet.txt')).relations).toEqual([{ from: QUOTE, to: 'Xi Jinping', type: 'said_by' }]);
  expect((await storedSpans(page, 'sommet.txt')).map((s) => `${s.label} ${s.text}`)).toEqual(['PER Xi Jinping', `QUOTE ${QUOTE}`, 'PER Xi Jinping']);
  expect(await decisions(page)).toEqual(['accepted PER learned', 'accepted QUOTE quotes', 'accepted said_by quotes']);

  // one undo step takes back the relation, the two spans and the decisions
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await storedDetails(page, 'sommet.txt')).relations).toEqual([]);
  await expect.poll(() => decisions(page)).toEqual([]);
  expect(await storedSpans(page, 'sommet.txt')).toHaveLength(1);
});

test('a proposal over two lines is outlined as one, open where the line breaks; the panel counts relations too', async ({ glose }) => {
  const { page } = glose;
  const long = '« Notre amitié n’a pas de limites, et nos deux pays coopéreront dans tous les domaines, de l’énergie à l’espace, pendant les décennies qui viennent », a déclaré Xi Jinping.';
  await importText(glose, 'long.txt', `Xi Jinping a reçu Vladimir Poutine.\n${long}`);
  await dragSelect(page, 'Xi Jinping');
  await page.keyboard.press('1');
  await hoverText(page, 'énergie');
  await expect(page.getByRole('group', { name: /^Suggestion QUOTE: Notre amitié/ })).toBeVisible();
  const boxes = page.locator('.sg-box:not(.sg-to)');
  await expect(boxes).toHaveCount(2);
  // one outline: the first line's box open on its right, the next one's on its left
  expect(await boxes.evaluateAll((els) => els.map((e) => [e.classList.contains('cont-before'), e.classList.contains('cont-after')]))).toEqual([
    [false, true],
    [true, false],
  ]);
  const [first, second] = await boxes.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
  expect(second as number).toBeGreaterThan((first as number) + 10);
  // the header counts every open proposal, as the recommenders' Open column does (here the quote, its speaker's relation)
  const panel = page.getByRole('region', { name: /^Suggestions/ });
  const open = await panel.locator('tbody tr td:nth-of-type(1)').allTextContents();
  const total = open.reduce((sum, n) => sum + Number(n), 0);
  expect(total).toBeGreaterThanOrEqual(2);
  await expect(panel.getByTestId('suggestion-count')).toHaveText(String(total));
});

test('words under a proposal are selected by a drag like any words, and labelled otherwise', async ({ glose }) => {
  const { page } = glose;
  await tagged(glose);
  // the second Xi Jinping is a learned PER proposal: a drag over its first word (ending inside the
  // proposal) selects that word, it does not make the proposal current
  await dragSelect(page, 'Xi Jinping', { occurrence: 1, to: 2 });
  await expect.poll(() => page.evaluate(() => CSS.highlights.get('gl-pending')?.size ?? 0)).toBe(1);
  await page.keyboard.press('2');
  await expect.poll(async () => (await storedSpans(page, 'sommet.txt')).map((s) => `${s.label} ${s.text}`).sort()).toEqual(['ORG Xi', 'PER Xi Jinping']);
});

test('a relation proposal rejected in review mode stays refused after a restart', async ({ glose }) => {
  const { page } = glose;
  await tagged(glose);
  // review mode: Tab reaches the relation after its quote; Backspace rejects it alone
  await page.getByRole('document', { name: 'Document text' }).focus();
  await page.keyboard.press('s');
  const said = page.getByText(/^Suggestion \d+ of \d+: /);
  for (let i = 0; i < 6 && !/said_by/.test((await said.textContent()) ?? ''); i++) await page.keyboard.press('Tab');
  await expect(said).toHaveText(/^Suggestion \d+ of \d+: said_by: Notre amitié n’a pas de limites → Xi Jinping, by Quotes and speakers\./);
  await expect(page.getByRole('group', { name: `Suggestion said_by: ${QUOTE} → Xi Jinping` })).toBeVisible();
  await page.keyboard.press('Backspace');
  await expect.poll(() => decisions(page)).toEqual(['rejected said_by quotes']);
  await page.keyboard.press('Escape');

  await glose.restart();
  const q = glose.page;
  // the proposals in first: a pointer that arrived before them has nothing to hover
  await expect(q.getByRole('region', { name: /^Suggestions/ }).getByRole('button', { name: 'Accept all 1 QUOTE' })).toBeVisible();
  await hoverText(q, 'amitié');
  const again = q.getByRole('group', { name: `Suggestion QUOTE: ${QUOTE}` });
  await expect(again).toBeVisible();
  await expect(again.getByRole('button', { name: /^Accept suggestion said_by/ })).toHaveCount(0);
});

test('Suggestions ▸ Lists…: a gazetteer imported, a bad one refused naming its line, a list removed and put back', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'sommet.txt', TEXT);
  const panel = page.getByRole('region', { name: /^Suggestions/ });
  await panel.getByRole('button', { name: 'Lists…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Term lists and cues' });
  await expect(dialog.getByText('No lists in this project yet.')).toBeVisible();

  const bad = join(glose.dir, 'patterns.jsonl');
  await writeFile(bad, '{"label": "LOC", "pattern": "Pékin"}\n{"label": "PER", "pattern": [{"POS": "PROPN"}]}\n');
  await glose.stubOpenDialog([bad]);
  await dialog.getByRole('button', { name: 'Import a list…' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(/^Not imported: patterns\.jsonl line 2: .*POS/);

  const good = join(glose.dir, 'lieux.txt');
  await writeFile(good, 'pékin\nla presse\n');
  await dialog.getByRole('combobox', { name: 'Label for terms given without one' }).selectOption('LOC');
  await dialog.getByRole('checkbox', { name: 'Match terms in any case' }).check();
  await glose.stubOpenDialog([good]);
  await dialog.getByRole('button', { name: 'Import a list…' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'added' })).toHaveText('lieux.txt: 2 terms and patterns added.');
  const row = dialog.getByRole('row', { name: /lieux\.txt/ });
  await expect(row.getByRole('cell')).toHaveText(['Gazetteer · any case', 'LOC', 'Remove']);
  await page.screenshot({ path: test.info().outputPath('lists-dialog.png') });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(panel.getByTestId('recommender-gazetteer').getByRole('cell').first()).toHaveText('2');

  // kept with the project across a restart; removed, then put back
  await glose.restart();
  const q = glose.page;
  const panel2 = q.getByRole('region', { name: /^Suggestions/ });
  await expect(panel2.getByTestId('recommender-gazetteer').getByRole('cell').first()).toHaveText('2');
  await panel2.getByRole('button', { name: 'Lists…' }).click();
  const dialog2 = q.getByRole('dialog', { name: 'Term lists and cues' });
  await dialog2.getByRole('button', { name: 'Remove lieux.txt' }).click();
  await expect(dialog2.getByText('No lists in this project yet.')).toBeVisible();
  await expect(panel2.getByTestId('recommender-gazetteer').getByRole('cell').first()).toHaveText('0');
  await dialog2.getByRole('button', { name: 'Undo' }).click();
  await expect(dialog2.getByRole('row', { name: /lieux\.txt/ })).toBeVisible();
  await expect(panel2.getByTestId('recommender-gazetteer').getByRole('cell').first()).toHaveText('2');
});

test('the user’s model proposes in the reader under its own name', async ({ glose }) => {
  const { page } = glose;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const text = (JSON.parse(body) as { tasks: Array<{ data: { text: string } }> }).tasks[0]?.data.text ?? '';
      // no character past the BMP here: code points and UTF-16 offsets agree
      const at = text.indexOf('Vladimir Poutine');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ results: [{ result: [{ from_name: 'label', to_name: 'text', type: 'labels', value: { start: at, end: at + 16, text: 'Vladimir Poutine', labels: ['PER'] }, score: 0.9 }], model_version: 'ner-1' }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await page.evaluate((u) => (window as unknown as { glose: GloseApi }).glose.suggestSetBackend(u), url);
    await glose.stubConfirm(true);
    await importText(glose, 'sommet.txt', TEXT);
    const panel = page.getByRole('region', { name: /^Suggestions/ });
    await expect(panel.getByTestId('recommender-model').getByRole('cell').first()).toHaveText('1');
    await hoverText(page, 'Poutine');
    const bar = page.getByRole('group', { name: 'Suggestion PER: Vladimir Poutine' });
    await expect(bar).toContainText('Your model');
    await bar.getByRole('button', { name: 'Accept suggestion PER: Vladimir Poutine' }).click();
    await expect.poll(() => decisions(page)).toEqual(['accepted PER model']);
    // switched off for the project: not asked, nothing shown
    await panel.getByRole('checkbox', { name: 'Your model' }).uncheck();
    await expect(panel.getByTestId('recommender-model').getByRole('cell').first()).toHaveText('0');
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
