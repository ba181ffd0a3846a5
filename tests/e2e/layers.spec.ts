// Layers as a team lead uses them: a colleague's doccano file brought in as their layer (matched by
// text), shown read-only, compared side by side, measured in the agreement screen; importing them
// again asks first and can be undone; a file whose text differs changes nothing. A label deleted from
// the schema stays named in the layers that use it; duplicates, backups and exports carry every layer.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, e2eTarget, type GloseApp } from './fixtures';
import { dragSelect, importText, readStores } from './helpers';
import { decodeBackup } from '../../src-main/services/backup-format';

test.beforeAll(() => console.log(`e2e target: ${e2eTarget}`));

const TEXT = 'Angela Merkel a reçu Emmanuel Macron à Berlin le 3 mai.';
const at = (needle: string) => [TEXT.indexOf(needle), TEXT.indexOf(needle) + needle.length];

async function doccano(dir: string, name: string, text: string, labels: Array<[string, string]>): Promise<string> {
  const file = join(dir, name);
  const label = labels.map(([needle, l]) => [...at(needle), l]);
  await writeFile(file, `${JSON.stringify({ text, label, name: 'sommet.txt' })}\n`);
  return file;
}

/** The layer tables as stored, to show that what was not confirmed changed nothing. */
async function layerTables(page: Page): Promise<string> {
  const t = await readStores<Record<string, Array<{ id: string }>>>(page, ['layerSpans', 'layerDocuments', 'spans']);
  return JSON.stringify(Object.fromEntries(Object.entries(t).map(([k, rows]) => [k, [...rows].sort((a, b) => a.id.localeCompare(b.id))])));
}

/** Layers ▸ Bring in a colleague's work ▸ From annotated files…, then the name typed; the dialog is returned open. */
async function bringIn(glose: { page: Page; stubOpenDialog(p: string[] | null): Promise<void> }, file: string, name: string) {
  const panel = glose.page.getByRole('region', { name: 'Layers' });
  const details = panel.getByRole('group').filter({ hasText: "Bring in a colleague's work" });
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await panel.getByText("Bring in a colleague's work").click();
  await glose.stubOpenDialog([file]);
  await panel.getByRole('button', { name: 'From annotated files…' }).click();
  const dialog = glose.page.getByRole('dialog', { name: "Import a colleague's layer" });
  await dialog.getByRole('textbox', { name: "Colleague's name" }).fill(name);
  return dialog;
}

/** my usual reading: Merkel a person, Berlin a place (keys 1 and 3) */
const MINE: Array<[string, string]> = [
  ['Angela Merkel', '1'],
  ['Berlin', '3'],
];

/**
 * sommet.txt with my spans (text, then the label's key), marked Done when asked, and Paul's doccano
 * file brought in as his layer. Returns the colleague dialog (closed), for the next import.
 */
async function withPaul(glose: GloseApp, mine: Array<[string, string]>, paul: Array<[string, string]>, done = false) {
  const { page } = glose;
  await importText(glose, 'sommet.txt', TEXT);
  for (const [needle, key] of mine) {
    await dragSelect(page, needle);
    await page.keyboard.press(key);
  }
  if (done) await page.getByRole('radiogroup', { name: 'Document status' }).getByRole('radio', { name: 'Done' }).click();
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  const dialog = await bringIn(glose, await doccano(glose.dir, 'paul.jsonl', TEXT, paul), 'Paul');
  await dialog.getByRole('button', { name: 'Import as their layer' }).click();
  await expect(dialog).toBeHidden();
  return dialog;
}

test('a colleague\'s layer: imported by text, read-only, compared, measured; a second import asks and can be undone', async ({ glose }, testInfo) => {
  const { page } = glose;
  await importText(glose, 'sommet.txt', TEXT);
  // my layer: Angela Merkel (PER) and Berlin (LOC), marked Done
  await dragSelect(page, 'Angela Merkel');
  await page.keyboard.press('1');
  await dragSelect(page, 'Berlin');
  await page.keyboard.press('3');
  await page.getByRole('radiogroup', { name: 'Document status' }).getByRole('radio', { name: 'Done' }).click();
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');

  // Paul's doccano file: the same text under another name; he tagged Macron, not Berlin
  const paulFile = await doccano(glose.dir, 'paul.jsonl', TEXT, [
    ['Angela Merkel', 'PER'],
    ['Emmanuel Macron', 'PER'],
  ]);
  const panel = page.getByRole('region', { name: 'Layers' });
  await panel.getByText("Bring in a colleague's work").click();
  await glose.stubOpenDialog([paulFile]);
  await panel.getByRole('button', { name: 'From annotated files…' }).click();
  const dialog = page.getByRole('dialog', { name: "Import a colleague's layer" });
  await expect(dialog.getByRole('alert')).toHaveText(/Type the name of the colleague/);
  await expect(dialog.getByRole('button', { name: 'Import as their layer' })).toBeDisabled();
  await dialog.getByRole('textbox', { name: "Colleague's name" }).fill('Paul');
  await expect(dialog.getByRole('list', { name: 'What the import does' })).toContainText('1 document matched by text, 2 spans');
  await dialog.getByRole('button', { name: 'Import as their layer' }).click();
  await expect(dialog).toBeHidden();

  // Paul's layer, shown read-only: an edit is refused with a message and nothing is stored
  const layerShown = panel.getByRole('combobox', { name: 'Layer shown' });
  await layerShown.selectOption({ label: 'Paul — read-only, 2 spans, done' });
  await expect(page.locator('.chip')).toHaveCount(2);
  const before = await layerTables(page);
  await dragSelect(page, 'Berlin');
  await page.keyboard.press('3');
  await expect(page.getByRole('alert').filter({ hasText: "This is Paul's layer, shown read-only: nothing was changed." })).toBeVisible();
  expect(await layerTables(page)).toBe(before);
  await page.screenshot({ path: testInfo.outputPath('layer-read-only.png') });

  // every layer side by side: Merkel agreed, Macron and Berlin disagreed
  await layerShown.selectOption({ label: `Mine (${await page.locator('.who bdi').innerText()})` });
  await panel.getByRole('button', { name: 'Compare layers' }).click();
  const compare = page.getByRole('region', { name: /side by side/ });
  await expect(compare.getByRole('status')).toHaveText('2 layers, 3 marked stretches, 2 disagreements');
  await expect(compare.getByRole('row', { name: /Emmanuel Macron/ }).getByRole('cell')).toHaveText(['—', 'PER', 'Show']);
  await page.screenshot({ path: testInfo.outputPath('layers-compare.png') });

  // agreement: both marked the document Done (a colleague's file counts as Done)
  await panel.getByRole('button', { name: 'Agreement…' }).click();
  const agreement = page.getByRole('dialog', { name: 'Agreement' });
  const perLabel = agreement.getByRole('region', { name: 'Per label and overall' });
  // 1 exact match out of 2 + 2 spans: F1 = 2·1/4
  await expect(perLabel.getByRole('row', { name: /^All labels/ }).getByRole('cell').nth(2)).toHaveText('0.500');
  await expect(agreement.getByRole('region', { name: 'Confusion of labels (tokens)' }).getByRole('cell', { name: 'LOC against none: 1' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('agreement.png') });
  await agreement.getByRole('button', { name: 'Compare the layers of sommet.txt' }).click();
  await expect(agreement).toBeHidden();
  await expect(compare).toBeVisible();

  // importing Paul again asks first; cancelled, nothing changes
  const paulOnly = await layerTables(page);
  const again = await doccano(glose.dir, 'paul-2.jsonl', TEXT, [['Berlin', 'LOC']]);
  await bringIn(glose, again, 'Paul');
  await expect(dialog.getByRole('note')).toHaveText(/Paul already has a layer in this project: importing replaces it/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await layerTables(page)).toBe(paulOnly);

  // a file whose text differs is reported and not merged: nothing to import
  const other = await doccano(glose.dir, 'paul-other.jsonl', `${TEXT} Fin.`, [['Berlin', 'LOC']]);
  await bringIn(glose, other, 'Paul');
  await expect(dialog.getByRole('list', { name: 'What the import does' })).toContainText('Not merged, the text differs from yours: sommet.txt');
  await expect(dialog.getByRole('button', { name: "Replace Paul's layer" })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await layerTables(page)).toBe(paulOnly);

  // confirmed, the second import replaces Paul's layer; Undo import brings the first back exactly
  await bringIn(glose, again, 'Paul');
  await dialog.getByRole('button', { name: "Replace Paul's layer" }).click();
  await expect(compare.getByRole('status')).toHaveText('2 layers, 2 marked stretches, 1 disagreement');
  await expect(compare.getByRole('row', { name: /Berlin/ }).getByRole('cell')).toHaveText(['LOC', 'LOC', 'Show']);
  await panel.getByRole('button', { name: "Undo import of Paul's layer" }).click();
  await expect(compare.getByRole('row', { name: /Emmanuel Macron/ }).getByRole('cell')).toHaveText(['—', 'PER', 'Show']);
  expect(await layerTables(page)).toBe(paulOnly);
});

test('curation: agreements accepted, disagreements settled by key, every choice undoable and stored', async ({ glose }, testInfo) => {
  const { page } = glose;
  await withPaul(
    glose,
    MINE,
    [
      ['Angela Merkel', 'PER'],
      ['Berlin', 'PER'],
      ['Emmanuel Macron', 'PER'],
    ],
  );
  const panel = page.getByRole('region', { name: 'Layers' });

  await panel.getByRole('button', { name: 'Curate' }).click();
  const view = page.getByRole('region', { name: 'Curating sommet.txt' });
  await expect(view.getByRole('status')).toHaveText('2 of 2 disagreements left · 1 agreed span accepted');
  const current = view.getByRole('group', { name: 'Disagreement 1 of 2' });
  await expect(current.getByRole('radio')).toHaveText([/1\s*Take: PER “Emmanuel Macron” \(Paul\)/, /2\s*Take none \(as root\)/, /E\s*Edit by hand/]);
  await page.screenshot({ path: testInfo.outputPath('curation.png') });

  // 1 takes Paul's Macron and moves on to Berlin, where the labels differ
  await page.keyboard.press('1');
  await expect(view.getByRole('status')).toHaveText('1 of 2 disagreements left · 1 agreed span accepted');
  const berlin = view.getByRole('group', { name: 'Disagreement 2 of 2' });
  await expect(berlin.getByRole('radio').first()).toHaveText(/Take: LOC “Berlin” \(root\)/);
  await page.keyboard.press('1');
  await expect(view.getByRole('status')).toHaveText('0 of 2 disagreements left · 1 agreed span accepted');
  const curated = async () => {
    const t = await readStores<{ layerSpans: Array<{ layer: string; start: number; end: number; labelId: string }>; labels: Array<{ id: string; name: string }> }>(page, ['layerSpans', 'labels']);
    const names = new Map(t.labels.map((l) => [l.id, l.name]));
    return t.layerSpans
      .filter((s) => s.layer === '')
      .map((s) => `${TEXT.slice(s.start, s.end)}:${names.get(s.labelId)}`)
      .sort();
  };
  await expect.poll(curated).toEqual(['Angela Merkel:PER', 'Berlin:LOC', 'Emmanuel Macron:PER']);

  // undo takes the last choice back, in the screen and in the store
  await page.keyboard.press('Control+z');
  await expect(view.getByRole('status')).toHaveText('1 of 2 disagreements left · 1 agreed span accepted');
  await expect.poll(curated).toEqual(['Angela Merkel:PER', 'Emmanuel Macron:PER']);
  // P goes back to the first; taking "none" there removes Macron
  await page.keyboard.press('p');
  await expect(view.getByRole('group', { name: 'Disagreement 1 of 2' })).toBeVisible();
  await page.keyboard.press('2');
  await expect.poll(curated).toEqual(['Angela Merkel:PER']);

  // the curated layer is shown in the reader, editable
  await view.getByRole('button', { name: 'Back to the reader' }).click();
  await panel.getByRole('combobox', { name: 'Layer shown' }).selectOption({ label: 'Curated — 1 span' });
  await expect(page.locator('.chip')).toHaveCount(1);
  await dragSelect(page, 'Berlin');
  await page.keyboard.press('3');
  await expect.poll(curated).toEqual(['Angela Merkel:PER', 'Berlin:LOC']);
  // my own layer was never touched
  const mine = await readStores<{ spans: Array<{ start: number }> }>(page, ['spans']);
  expect(mine.spans.map((s) => TEXT.slice(s.start)).length).toBe(2);
});

test('blind mode: other layers stay hidden until I mark the document Done', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'sommet.txt', TEXT);
  const paulFile = await doccano(glose.dir, 'paul.jsonl', TEXT, [['Berlin', 'LOC']]);
  const panel = page.getByRole('region', { name: 'Layers' });
  const dialog = await bringIn(glose, paulFile, 'Paul');
  await dialog.getByRole('button', { name: 'Import as their layer' }).click();
  const layerShown = panel.getByRole('combobox', { name: 'Layer shown' });
  await layerShown.selectOption({ label: 'Paul — read-only, 1 span, done' });
  await expect(page.locator('.chip')).toHaveCount(1);

  await panel.getByRole('checkbox', { name: 'Blind mode for this project' }).check();
  await expect(panel.getByRole('note')).toHaveText('Blind mode: the other layers of this document show once you mark it Done.');
  await expect(layerShown.getByRole('option')).toHaveText([/^Mine/]);
  await expect(page.locator('.chip')).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Compare layers' })).toBeDisabled();
  await expect(panel.getByRole('button', { name: 'Curate' })).toBeDisabled();

  await page.getByRole('radiogroup', { name: 'Document status' }).getByRole('radio', { name: 'Done' }).click();
  await expect(layerShown.getByRole('option')).toHaveText([/^Mine/, /^Paul/, /^Curated/]);
  await expect(panel.getByRole('button', { name: 'Compare layers' })).toBeEnabled();
  await panel.getByRole('checkbox', { name: 'Blind mode for this project' }).uncheck();
});

test("a label deleted from the schema stays named in a colleague's layer, can be restored, and a duplicate keeps every layer", async ({ glose }, testInfo) => {
  const { page } = glose;
  await withPaul(
    glose,
    [['Angela Merkel', '1']],
    [
      ['Angela Merkel', 'PER'],
      ['Berlin', 'LOC'],
    ],
  );
  const panel = page.getByRole('region', { name: 'Layers' });
  const paulBefore = await layerTables(page);

  // I delete LOC (I never used it): Paul's Berlin keeps it, and the editor says so
  await page.getByRole('button', { name: 'Labels…' }).click();
  const editor = page.getByRole('dialog', { name: /^Labels of/ });
  await editor.getByRole('button', { name: 'Delete LOC' }).click();
  await expect(editor.getByRole('status')).toHaveText(/^Deleted LOC\. Other layers still have annotations of it/);
  await expect(editor.getByRole('textbox', { name: 'Name of LOC' })).toHaveCount(0);
  const former = editor.getByRole('region', { name: 'Deleted labels other layers still use' });
  await expect(former.getByRole('button', { name: 'Restore LOC to the schema' })).toBeVisible();
  await former.screenshot({ path: testInfo.outputPath('former-labels.png') });
  await editor.getByRole('button', { name: 'Close' }).click();
  expect(await layerTables(page)).toBe(paulBefore);

  // Paul's layer: Berlin is drawn and named; the comparison marks the label as not in the schema
  const layerShown = panel.getByRole('combobox', { name: 'Layer shown' });
  await layerShown.selectOption({ label: 'Paul — read-only, 2 spans, done' });
  await expect(page.locator('.chip')).toHaveText(['PER', 'LOC']);
  await layerShown.selectOption({ label: `Mine (${await page.locator('.who bdi').innerText()})` });
  await panel.getByRole('button', { name: 'Compare layers' }).click();
  const compare = page.getByRole('region', { name: /side by side/ });
  await expect(compare.getByRole('row', { name: /Berlin/ }).getByRole('cell')).toHaveText(['—', 'LOC (deleted label)', 'Show']);
  await compare.screenshot({ path: testInfo.outputPath('compare-former-label.png') });
  await expect(compare.getByText('?', { exact: true })).toHaveCount(0);

  // a duplicate with documents carries Paul's layer, and the curated one
  await page.getByRole('button', { name: 'Projects…' }).click();
  await page.getByRole('dialog', { name: 'Projects' }).getByRole('button', { name: 'Duplicate with documents' }).click();
  await expect(page.getByRole('combobox', { name: 'Project' }).locator('option:checked')).toHaveText('My project (copy)');
  await page.getByRole('listbox', { name: 'Document list' }).getByRole('option', { name: /sommet\.txt/ }).click();
  await expect(layerShown.getByRole('option')).toHaveText([/^Mine/, 'Paul — read-only, 2 spans, done', /^Curated/]);
  await layerShown.selectOption({ label: 'Paul — read-only, 2 spans, done' });
  await expect(page.locator('.chip')).toHaveText(['PER', 'LOC']);

  // restored in the copy: back in the palette, Paul's span under it; the original keeps it deleted
  await page.getByRole('button', { name: 'Labels…' }).click();
  await editor.getByRole('button', { name: 'Restore LOC to the schema' }).click();
  await expect(editor.getByRole('status')).toHaveText('Restored LOC to the schema (without a key).');
  await expect(editor.getByRole('textbox', { name: 'Name of LOC' })).toBeVisible();
  await expect(editor.getByRole('region', { name: 'Deleted labels other layers still use' })).toHaveCount(0);
  await editor.getByRole('button', { name: 'Undo: restore LOC' }).click();
  await expect(editor.getByRole('button', { name: 'Restore LOC to the schema' })).toBeVisible();
});

test("a label deleted from the schema is named as deleted in a colleague's layer: the annotation list, the span's popover, the corpus statistics", async ({ glose }, testInfo) => {
  const { page } = glose;
  await withPaul(
    glose,
    [['Angela Merkel', '1']],
    [
      ['Angela Merkel', 'PER'],
      ['Berlin', 'LOC'],
    ],
  );
  await page.getByRole('button', { name: 'Labels…' }).click();
  const editor = page.getByRole('dialog', { name: /^Labels of/ });
  await editor.getByRole('button', { name: 'Delete LOC' }).click();
  await expect(editor.getByRole('status')).toHaveText(/^Deleted LOC\./);
  await editor.getByRole('button', { name: 'Close' }).click();

  // Paul's layer: the list of annotations and the span's popover name it, and say it was deleted
  const panel = page.getByRole('region', { name: 'Layers' });
  await panel.getByRole('combobox', { name: 'Layer shown' }).selectOption({ label: 'Paul — read-only, 2 spans, done' });
  await page.getByRole('button', { name: 'LOC (deleted label) Berlin' }).click();
  await page.keyboard.press('Enter');
  const pop = page.getByRole('dialog', { name: 'Annotation LOC (deleted label) Berlin' });
  await expect(pop.getByRole('combobox', { name: 'Label' }).locator('option:checked')).toHaveText('LOC (deleted label)');
  await pop.screenshot({ path: testInfo.outputPath('popover-former-label.png') });
  await page.keyboard.press('Escape');
  await expect(pop).toBeHidden();

  // the corpus statistics of Paul's layer count it, named as deleted; mine keep to the schema
  await page.getByRole('tab', { name: 'Corpus' }).click();
  await page.getByRole('combobox', { name: 'Layer counted' }).selectOption({ label: 'Paul' });
  await page.getByRole('tab', { name: 'Statistics' }).click();
  const perLabel = page.getByRole('region', { name: /^Annotations per label/ });
  await expect(perLabel.getByRole('row', { name: /^LOC \(deleted label\)/ })).toContainText('1');
  await expect(page.getByRole('columnheader', { name: 'LOC (deleted label)' })).toBeVisible();
  await perLabel.screenshot({ path: testInfo.outputPath('stats-former-label.png') });
  await page.getByRole('combobox', { name: 'Layer counted' }).selectOption('mine');
  await expect(perLabel.getByRole('row', { name: /^PER/ })).toBeVisible();
  await expect(page.getByText('LOC (deleted label)')).toHaveCount(0);
});

test('the agreement report: saved as CSV and as one HTML page, and every figure defined with its references', async ({ glose }, testInfo) => {
  const { page } = glose;
  await withPaul(
    glose,
    MINE,
    [
      ['Angela Merkel', 'PER'],
      ['Emmanuel Macron', 'PER'],
    ],
    true,
  );
  await page.getByRole('region', { name: 'Layers' }).getByRole('button', { name: 'Agreement…' }).click();
  const agreement = page.getByRole('dialog', { name: 'Agreement' });
  // each table is named by its heading
  const perDoc = agreement.getByRole('table', { name: 'Documents, most disagreement first' });
  await expect(perDoc.getByRole('row', { name: /sommet\.txt/ }).getByRole('cell').nth(2)).toHaveText('0.500');
  await expect(agreement.getByRole('table', { name: 'Per label and overall' }).getByRole('columnheader')).toHaveText(['Label', /^Spans /, /^Spans /, 'F1 exact', 'F1 overlap', 'Cohen’s κ', 'Fleiss’ κ', 'α (tokens)', 'uα']);

  // CSV: the table chosen, documents by name
  const csv = join(glose.dir, 'agreement-documents.csv');
  await agreement.getByRole('combobox', { name: 'Table' }).selectOption({ label: 'Per document' });
  await glose.stubSaveDialog(csv);
  await agreement.getByRole('button', { name: 'Save CSV…' }).click();
  await expect(page.getByText('Saved agreement-documents.csv.')).toBeVisible();
  const rows = (await readFile(csv, 'utf8')).trim().split(/\r?\n/);
  expect(rows).toHaveLength(2);
  expect(rows[1]).toMatch(/^sommet\.txt,/);
  expect(rows[1]).toContain('0.5');

  // HTML: one page with its charts inline, nothing fetched, the definitions and references included
  const html = join(glose.dir, 'agreement.html');
  await glose.stubSaveDialog(html);
  await agreement.getByRole('button', { name: 'Save HTML report…' }).click();
  await expect(page.getByText('Saved agreement.html.')).toBeVisible();
  const page2 = await readFile(html, 'utf8');
  expect(page2).toContain('<svg');
  expect(page2).not.toMatch(/<script|<link|src="http/);
  expect(page2).toContain('Cohen, J. (1960)');

  // the help: every definition, then the references
  await agreement.getByText('How these figures are defined').click();
  const help = agreement.getByRole('group').filter({ hasText: 'How these figures are defined' });
  await expect(help.getByRole('term')).toHaveText(['Who is compared', 'Span F1', 'Tokens and IOB tags', 'Cohen’s κ', 'Fleiss’ κ', 'Krippendorff’s α', 'Krippendorff’s α for unitizing (uα)', 'Confusion matrix', 'Documents table', 'Undefined figures', 'Curation']);
  await expect(help.getByRole('listitem').filter({ hasText: 'Krippendorff, K. (1995)' })).toBeVisible();
  await agreement.screenshot({ path: testInfo.outputPath('agreement-help.png') });
});

test("every layer goes into a backup and comes back on restore; an export takes the layer chosen; a colleague's backup comes in as their layer", async ({ glose }) => {
  const { page } = glose;
  const setName = async (name: string) => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('textbox', { name: 'Your name on new annotations' }).fill(name);
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText(`Annotator: ${name}`);
    await settings.getByRole('button', { name: 'Close' }).click();
  };
  await setName('Zoé');
  const dialog = await withPaul(
    glose,
    [['Angela Merkel', '1']],
    [
      ['Angela Merkel', 'PER'],
      ['Emmanuel Macron', 'PER'],
    ],
    true,
  );
  const panel = page.getByRole('region', { name: 'Layers' });
  const paulsBackedUp = await layerTables(page);

  // the backup holds Paul's layer beside mine
  const file = join(glose.dir, 'equipe.json.gz');
  await glose.stubSaveDialog(file);
  await glose.menu('backup');
  await expect(page.getByRole('status').filter({ hasText: `Workspace backed up to ${file}` })).toBeVisible();
  const backup = await decodeBackup(await readFile(file));
  expect([backup.tables.spans?.length, backup.tables['layerSpans']?.length, backup.tables['layerDocuments']?.length]).toEqual([1, 2, 1]);

  // Paul's layer taken away, then the backup restored: it is back exactly
  await panel.getByRole('button', { name: "Undo import of Paul's layer" }).click();
  await expect.poll(async () => JSON.parse(await layerTables(page)).layerSpans).toEqual([]);
  await glose.stubOpenDialog([file]);
  await glose.menu('restore');
  const prompt = page.getByRole('dialog', { name: 'Replace the workspace with this backup?' });
  await prompt.getByRole('button', { name: 'Replace workspace' }).click();
  await page.locator('body[data-ready="true"]').waitFor();
  await expect(page.getByRole('status').filter({ hasText: /Restored the workspace from equipe\.json\.gz/ })).toBeVisible();
  // the same records (a restore writes the fields in its schema's order)
  await expect.poll(async () => JSON.parse(await layerTables(page)) as unknown).toEqual(JSON.parse(paulsBackedUp));

  // an export takes mine, Paul's, or every layer with each span's annotator
  const exported = async (layer: string, expected: string, says?: RegExp) => {
    await page.getByRole('toolbar', { name: 'Document actions' }).getByRole('button', { name: 'Export…' }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Export' });
    await exportDialog.getByRole('combobox', { name: 'Layer' }).selectOption({ label: layer });
    if (says) await expect(exportDialog).toContainText(says);
    await glose.stubSaveDialog(join(glose.dir, `${layer}.jsonl`));
    await exportDialog.getByRole('button', { name: 'Export…' }).click();
    await expect(exportDialog.getByRole('status', { name: 'Export summary' })).toContainText(expected);
    await exportDialog.getByRole('button', { name: 'Close' }).click();
    return (await readFile(join(glose.dir, `${layer}.jsonl`), 'utf8')).trim();
  };
  expect(await exported('Paul', 'Exported 1 document · 2 spans')).toContain(`[${at('Emmanuel Macron').join(',')},"PER"]`);
  // doccano has no place for the annotator: the dialog says so before anything is written
  expect(await exported('All layers, each span naming its annotator', 'Exported 1 document · 3 spans', /3 spans will lose the name of their annotator/)).toContain(
    `[${at('Angela Merkel').join(',')},"PER"],[${at('Angela Merkel').join(',')},"PER"]`,
  );

  // under another name, my own backup is a colleague's work: Zoé's layer, named from the backup
  await setName('Marc');
  const details = panel.getByRole('group').filter({ hasText: "Bring in a colleague's work" });
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await panel.getByText("Bring in a colleague's work").click();
  await glose.stubOpenDialog([file]);
  await panel.getByRole('button', { name: 'From a Glose backup…' }).click();
  await expect(dialog.getByRole('textbox', { name: "Colleague's name" })).toHaveValue('Zoé');
  await dialog.getByRole('button', { name: 'Import as their layer' }).click();
  await expect(dialog).toBeHidden();
  await expect(panel.getByRole('combobox', { name: 'Layer shown' }).getByRole('option')).toHaveText([/^Mine/, 'Paul — read-only, 2 spans, done', 'Zoé — read-only, 1 span, done', /^Curated/]);
});
