// Suggestions in the reader, as a user meets them: proposals drawn apart from the annotations,
// accepted with a click on the check, undone, rejected and corrected from the keyboard in review
// mode, accepted all at once for a label (one undo step), switched off per recommender, kept across
// a restart; then Corpus ▸ Pre-annotate… with its report.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import type { GloseApi } from '../../src-main/contract';
import { test, expect } from './fixtures';
import { clickText, dragSelect, hoverText, importText, readStores, seedDocuments, storedSpans } from './helpers';

const TEXT = [
  'Le président chinois Xi Jinping a reçu Vladimir Poutine à Pékin le 4 février 2022.',
  '« Notre amitié n’a pas de limites », a déclaré Xi Jinping.',
  'Vladimir Poutine est reparti de Pékin le 5 février.',
].join('\n');

interface StoredDecision {
  key: string;
  verdict: string;
  label: string;
  recommender: string;
}
const decisions = async (page: Page) =>
  (await readStores<{ decisions: StoredDecision[] }>(page, ['decisions'])).decisions.map((d) => `${d.verdict} ${d.label} ${d.recommender}`).sort();

test('suggestions: propose, accept, undo, reject, correct, accept all, restart', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'sommet.txt', TEXT);
  const panel = page.getByRole('region', { name: /^Suggestions/ });
  await expect(panel).toBeVisible();
  // the dates recommender proposes both dates before anything is tagged
  await expect(panel.getByRole('button', { name: 'Accept all 2 DATE' })).toBeVisible();

  await dragSelect(page, 'Vladimir Poutine');
  await page.keyboard.press('1');
  await dragSelect(page, 'Pékin');
  await page.keyboard.press('3');
  await dragSelect(page, 'Xi Jinping');
  await page.keyboard.press('1');
  // the learned strings propose the same forms further on
  await expect(panel.getByRole('button', { name: 'Accept all 2 PER' })).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Accept all 1 LOC' })).toBeVisible();
  await expect(panel.getByTestId('recommender-learned').getByRole('cell').first()).toHaveText('3');

  // hovering a proposal names its label and recommender; its check accepts it
  await hoverText(page, 'Xi Jinping', 1);
  const bar = page.getByRole('group', { name: 'Suggestion PER: Xi Jinping' });
  await expect(bar).toBeVisible();
  await expect(bar).toContainText('Learned strings');
  await bar.getByRole('button', { name: 'Accept suggestion PER: Xi Jinping' }).click();
  await expect.poll(async () => (await storedSpans(page, 'sommet.txt')).filter((s) => s.text === 'Xi Jinping').length).toBe(2);
  expect(await decisions(page)).toEqual(['accepted PER learned']);
  await expect(panel.getByRole('button', { name: 'Accept all 1 PER' })).toBeVisible();

  // undo takes back the span and the decision together
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await storedSpans(page, 'sommet.txt')).filter((s) => s.text === 'Xi Jinping').length).toBe(1);
  await expect.poll(() => decisions(page)).toEqual([]);
  await expect(panel.getByRole('button', { name: 'Accept all 2 PER' })).toBeVisible();

  // review mode from the keyboard: S starts at the proposal after the caret (the Xi Jinping just
  // undone), Shift+Tab and Tab step (the quote's said_by relation is a stop of its own, right after
  // the quote), Backspace rejects and moves on
  await page.getByRole('document', { name: 'Document text' }).focus();
  await page.keyboard.press('s');
  await expect(panel.getByRole('button', { name: 'Stop reviewing' })).toHaveAttribute('aria-pressed', 'true');
  const said = page.getByText(/^Suggestion \d+ of \d+: /);
  await expect(said).toHaveText('Suggestion 4 of 7: PER, Xi Jinping, by Learned strings. Enter accepts, Backspace rejects.');
  await page.keyboard.press('Shift+Tab');
  await expect(said).toHaveText(/^Suggestion 3 of 7: said_by: /);
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('group', { name: 'Suggestion DATE: 4 février 2022' })).toBeVisible();
  await expect(said).toHaveText(/^Suggestion 1 of 7: DATE, 4 février 2022, by Dates and numbers\./);
  await page.keyboard.press('Backspace');
  await expect(page.getByRole('group', { name: 'Suggestion DATE: 4 février 2022' })).toBeHidden();
  await expect(panel.getByRole('button', { name: 'Accept all 1 DATE' })).toBeVisible();
  await expect(said).toHaveText(/^Suggestion 1 of 6: QUOTE, /);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  // a label key accepts the current proposal with that label: a correction
  await expect(page.getByRole('group', { name: 'Suggestion PER: Xi Jinping' })).toBeVisible();
  await page.keyboard.press('2');
  await expect.poll(async () => (await storedSpans(page, 'sommet.txt')).filter((s) => s.text === 'Xi Jinping').map((s) => s.label)).toEqual(['PER', 'ORG']);
  expect(await decisions(page)).toEqual(['corrected PER learned', 'rejected DATE dates']);
  await page.keyboard.press('Escape');
  await expect(panel.getByRole('button', { name: 'Review' })).toHaveAttribute('aria-pressed', 'false');
  // precision so far: learned 0 of 1, dates 0 of 1
  await expect(panel.getByTestId('recommender-learned').getByRole('cell')).toHaveText(['2', '0', '1', '0%', 'All']);

  // accept all of one label: one undo step
  const before = (await storedSpans(page, 'sommet.txt')).length;
  await panel.getByRole('button', { name: 'Accept all 1 PER' }).click();
  await expect.poll(async () => (await storedSpans(page, 'sommet.txt')).length).toBe(before + 1);
  await panel.getByRole('button', { name: 'Accept all 1 LOC' }).click();
  await expect.poll(async () => (await storedSpans(page, 'sommet.txt')).length).toBe(before + 2);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await storedSpans(page, 'sommet.txt')).length).toBe(before + 1);
  await expect(panel.getByRole('button', { name: 'Accept all 1 LOC' })).toBeVisible();
  await expect(panel.getByTestId('recommender-learned').getByRole('cell')).toHaveText(['1', '1', '1', '50%', 'All']);

  // after a restart: the rejected date stays refused, the counts are those stored
  await glose.restart();
  const panel2 = glose.page.getByRole('region', { name: /^Suggestions/ });
  await expect(panel2.getByRole('button', { name: 'Accept all 1 DATE' })).toBeVisible();
  await expect(panel2.getByTestId('recommender-dates').getByRole('cell')).toHaveText(['1', '0', '1', '0%', 'All']);
  await expect(panel2.getByTestId('recommender-learned').getByRole('cell')).toHaveText(['1', '1', '1', '50%', 'All']);
});

test('suggestions: a clicked proposal accepted with Enter', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'sommet.txt', TEXT);
  const panel = page.getByRole('region', { name: /^Suggestions/ });
  await dragSelect(page, 'Xi Jinping');
  await page.keyboard.press('1');
  await expect(panel.getByRole('button', { name: 'Accept all 1 PER' })).toBeVisible();
  const xi = async () => (await storedSpans(page, 'sommet.txt')).filter((s) => s.text === 'Xi Jinping').map((s) => s.label);

  // a click on the learned Xi Jinping makes it the current proposal; Enter accepts it, out of review mode
  await clickText(page, 'Xi Jinping', 1);
  await expect(page.getByRole('group', { name: 'Suggestion PER: Xi Jinping' })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect.poll(xi).toEqual(['PER', 'PER']);
  expect(await decisions(page)).toEqual(['accepted PER learned']);
  await expect(panel.getByRole('button', { name: /^Accept all \d+ PER$/ })).toBeHidden();
});

test('suggestions: a proposal rejected with the cross on its bar, and back with Ctrl+Z', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'sommet.txt', TEXT);
  const panel = page.getByRole('region', { name: /^Suggestions/ });
  await expect(panel.getByRole('button', { name: 'Accept all 2 DATE' })).toBeVisible();

  // the cross on a date's bar rejects it: stored at once, gone from the text and the panel
  await hoverText(page, '5 février');
  const date = page.getByRole('group', { name: 'Suggestion DATE: 5 février' });
  await date.getByRole('button', { name: 'Reject suggestion DATE: 5 février' }).click();
  await expect.poll(() => decisions(page)).toEqual(['rejected DATE dates']);
  await expect(panel.getByRole('button', { name: 'Accept all 1 DATE' })).toBeVisible();
  await hoverText(page, '5 février');
  await expect(date).toBeHidden();
  expect((await storedSpans(page, 'sommet.txt')).filter((s) => s.label === 'DATE')).toEqual([]);

  // Ctrl+Z takes the rejection back: the decision is gone and the proposal is offered again
  await page.keyboard.press('Control+z');
  await expect.poll(() => decisions(page)).toEqual([]);
  await expect(panel.getByRole('button', { name: 'Accept all 2 DATE' })).toBeVisible();
  await hoverText(page, 'février 2022');
  await hoverText(page, '5 février');
  await expect(date.getByRole('button', { name: 'Accept suggestion DATE: 5 février' })).toBeVisible();
});

test('suggestions: accept all of one recommender, or of one label, each one undo step; accepted spans kept after a restart', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'sommet.txt', TEXT);
  const panel = page.getByRole('region', { name: /^Suggestions/ });
  const dates = async () => (await storedSpans(page, 'sommet.txt')).filter((s) => s.label === 'DATE').map((s) => s.text).sort();
  const persons = async () => (await storedSpans(page, 'sommet.txt')).filter((s) => s.label === 'PER').map((s) => s.text).sort();

  // every proposal of Dates and numbers, in one click and one undo step
  await panel.getByRole('button', { name: 'Accept all 2 from Dates and numbers' }).click();
  await expect.poll(dates).toEqual(['4 février 2022', '5 février']);
  await page.keyboard.press('Control+z');
  await expect.poll(dates).toEqual([]);
  await expect.poll(() => decisions(page)).toEqual([]);
  await expect(panel.getByRole('button', { name: 'Accept all 2 DATE' })).toBeVisible();

  // every PER proposal (the learned names further on), in one click and one undo step
  await dragSelect(page, 'Xi Jinping');
  await page.keyboard.press('1');
  await dragSelect(page, 'Vladimir Poutine');
  await page.keyboard.press('1');
  await panel.getByRole('button', { name: 'Accept all 2 PER' }).click();
  await expect.poll(persons).toEqual(['Vladimir Poutine', 'Vladimir Poutine', 'Xi Jinping', 'Xi Jinping']);
  await page.keyboard.press('Control+z');
  await expect.poll(persons).toEqual(['Vladimir Poutine', 'Xi Jinping']);
  await expect(panel.getByRole('button', { name: 'Accept all 2 PER' })).toBeVisible();

  // accepted again, then the app restarted: the spans, the decisions and the counts are the stored ones
  await panel.getByRole('button', { name: 'Accept all 2 PER' }).click();
  await panel.getByRole('button', { name: 'Accept all 2 from Dates and numbers' }).click();
  await expect.poll(dates).toEqual(['4 février 2022', '5 février']);
  await expect.poll(persons).toHaveLength(4);
  await glose.restart();
  const again = glose.page;
  expect((await storedSpans(again, 'sommet.txt')).filter((s) => s.label === 'DATE' || s.label === 'PER')).toHaveLength(6);
  expect(await decisions(again)).toEqual(['accepted DATE dates', 'accepted DATE dates', 'accepted PER learned', 'accepted PER learned']);
  const panel2 = again.getByRole('region', { name: /^Suggestions/ });
  await expect(panel2.getByTestId('recommender-dates').getByRole('cell')).toHaveText(['0', '2', '0', '100%', 'All']);
  await expect(panel2.getByTestId('recommender-learned').getByRole('cell')).toHaveText(['0', '2', '0', '100%', 'All']);
});

test('suggestions: a recommender switched off per project; Corpus ▸ Pre-annotate… reports per document', async ({ glose }) => {
  const p = glose.page;
  await importText(glose, 'sommet.txt', TEXT);
  const panel = p.getByRole('region', { name: /^Suggestions/ });
  await expect(panel.getByRole('button', { name: 'Accept all 2 DATE' })).toBeVisible();
  await panel.getByRole('checkbox', { name: 'Dates and numbers' }).uncheck();
  await expect(panel.getByRole('button', { name: /^Accept all \d+ DATE$/ })).toBeHidden();
  await expect(panel.getByTestId('recommender-dates').getByRole('cell').first()).toHaveText('0');
  await glose.restart();
  const q = glose.page;
  const dates = q.getByRole('region', { name: /^Suggestions/ }).getByRole('checkbox', { name: 'Dates and numbers' });
  await expect(dates).not.toBeChecked();
  await dates.check();
  await expect(q.getByRole('region', { name: /^Suggestions/ }).getByRole('button', { name: 'Accept all 2 DATE' })).toBeVisible();

  // Corpus ▸ Pre-annotate… on the selected documents (the welcome note and this one)
  await q.getByRole('tab', { name: 'Corpus' }).click();
  const grid = q.getByRole('grid', { name: 'Documents' });
  await grid.getByRole('checkbox', { name: 'Select all shown documents' }).check();
  await q.getByRole('toolbar', { name: 'Selected documents' }).getByRole('button', { name: 'Pre-annotate…' }).click();
  const dialog = q.getByRole('dialog', { name: 'Pre-annotate' });
  await expect(dialog.getByTestId('preannotate-status')).toHaveText(/^2 documents: \d+ proposals?\.$/);
  await expect(dialog.getByRole('progressbar', { name: 'Documents pre-annotated' })).toHaveAttribute('value', '2');
  // sommet.txt: its two dates, the quote and its speaker (nothing is tagged, so nothing is learned; no gazetteer is imported)
  await expect(dialog.getByRole('columnheader')).toHaveText(['Document', 'Proposals', 'Learned strings', 'Gazetteers', 'Dates and numbers', 'Quotes and speakers']);
  await expect(dialog.getByRole('row', { name: /sommet\.txt/ }).getByRole('cell')).toHaveText(['4', '0', '0', '2', '2']);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('Corpus ▸ Pre-annotate… cancelled while it runs: the documents done so far, each whole; the model asked no more; nothing stored', async ({ glose }) => {
  const { page } = glose;
  // the user's model proposes the word "needle" of each seeded document as PER; it answers at once,
  // except from the 26th seeded document the pre-annotation sends it on, which waits for the test:
  // the run is then in its second batch (25 documents a batch), its first batch reported
  let counting = false;
  const asked: string[] = [];
  let release = (): void => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      void (async () => {
        const text = (JSON.parse(body) as { tasks: Array<{ data: { text: string } }> }).tasks[0]?.data.text ?? '';
        const at = text.indexOf('needle');
        if (counting && at >= 0) {
          asked.push(text);
          if (asked.length > 25) await held;
        }
        // offsets in code points, as a Python backend counts them (the seeded texts hold an emoji)
        const start = [...text.slice(0, Math.max(at, 0))].length;
        const result = at < 0 ? [] : [{ from_name: 'label', to_name: 'text', type: 'labels', value: { start, end: start + 6, text: 'needle', labels: ['PER'] } }];
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ results: [{ result, model_version: 'gate-1' }] }));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await seedDocuments(page, 60);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await glose.stubConfirm(true);
    await page.evaluate((u) => (window as unknown as { glose: GloseApi }).glose.suggestSetBackend(u), url);

    await page.getByRole('tab', { name: 'Corpus' }).click();
    await page.getByRole('grid', { name: 'Documents' }).getByRole('checkbox', { name: 'Select all shown documents' }).check();
    counting = true;
    await page.getByRole('toolbar', { name: 'Selected documents' }).getByRole('button', { name: 'Pre-annotate…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pre-annotate' });
    const status = dialog.getByTestId('preannotate-status');
    const progress = dialog.getByRole('progressbar', { name: 'Documents pre-annotated' });
    // a row per document reported (the welcome note among them), by the document's name
    const rows = dialog.getByRole('row').filter({ has: page.getByRole('rowheader') });
    const seeded = rows.filter({ hasText: /doc-\d{4}\.txt/ });
    await expect.poll(() => asked.length).toBe(26);
    // running, the first batch reported row by row
    await expect(status).toHaveText('25 of 61 documents…');
    await expect(progress).toHaveAttribute('value', '25');
    await expect(rows).toHaveCount(25);

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    release();
    await expect(status).toHaveText(/^Cancelled after 25 documents: \d+ proposals?\.$/);
    await expect(progress).toHaveAttribute('value', '25');
    await expect(dialog.getByRole('button', { name: 'Close' })).toBeVisible();
    // every document reported was run by every recommender: the model's column says 1 in each row
    // (a document of the batch cancelled is left out, not reported without the model)
    const headers = await dialog.getByRole('columnheader').allTextContents();
    const model = headers.indexOf('Your model') - 1;
    expect(model).toBeGreaterThan(0);
    await expect(rows).toHaveCount(25);
    const cells = await seeded.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
    expect(cells.length).toBeGreaterThanOrEqual(24);
    expect(cells.map((c) => c[model])).toEqual(new Array<string>(cells.length).fill('1'));
    expect(new Set(cells.map((c) => c.join(' '))).size).toBe(1);
    // Cancel stops asking the model, and a pre-annotation stores nothing (proposals are computed when a document opens)
    expect(asked).toHaveLength(26);
    const stored = await readStores<{ spans: unknown[]; decisions: unknown[] }>(page, ['spans', 'decisions']);
    expect(stored).toEqual({ spans: [], decisions: [] });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
  } finally {
    release();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
