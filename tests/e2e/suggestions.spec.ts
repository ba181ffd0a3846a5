// Suggestions in the reader, as a user meets them: proposals drawn apart from the annotations,
// accepted with a click on the check, undone, rejected and corrected from the keyboard in review
// mode, accepted all at once for a label (one undo step), switched off per recommender, kept across
// a restart; then Corpus ▸ Pre-annotate… with its report.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { dragSelect, hoverText, importText, readStores, storedSpans } from './helpers';

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
