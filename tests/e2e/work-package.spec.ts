// Handing work out and getting it back, as a lead and an annotator do it: the lead saves a package for
// Alice (blind: without her own layer), Alice's Glose opens it as a project with the lead's
// instructions, she annotates and sends her work back, and the lead brings it in as Alice's layer,
// which the corpus view then counts. The files go through main's zip writer and reader.
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect, e2eTarget } from './fixtures';
import { dragSelect, importText, readStores } from './helpers';
import { sha256Hex } from '../../src-main/extract/text';
import { readPackageFile, writePackage } from '../../src-main/services/work-package';

test.beforeAll(() => console.log(`e2e target: ${e2eTarget}`));

const TEXT = 'Angela Merkel 😀 a reçu Emmanuel Macron à Berlin le 3 mai.';

/** The lead's document, Angela Merkel tagged PER in her own layer and stored. */
async function leadsDocument(glose: Parameters<typeof importText>[0]): Promise<void> {
  await importText(glose, 'sommet.txt', TEXT);
  await dragSelect(glose.page, 'Angela Merkel');
  await glose.page.keyboard.press('1');
  await expect(glose.page.getByTestId('save-state')).toHaveText('All changes saved');
}

test('a work package: handed out, opened as a project, annotated, sent back and brought in as the annotator\'s layer', async ({ glose }, testInfo) => {
  const { page } = glose;
  await leadsDocument(glose);
  const me = await page.locator('.who bdi').innerText();
  const projectName = await page.getByRole('combobox', { name: 'Project' }).locator('option:checked').innerText();

  // the lead: Layers ▸ Hand out work ▸ Hand out to an annotator…
  const panel = page.getByRole('region', { name: 'Layers' });
  await panel.getByText('Hand out work').click();
  await panel.getByRole('button', { name: 'Hand out to an annotator…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Hand out work to an annotator' });
  await dialog.getByRole('button', { name: 'Save package…' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Type the name of the annotator the work is for.');
  await dialog.getByRole('textbox', { name: 'Annotator’s name' }).fill(me);
  await expect(dialog.getByRole('alert')).toHaveText(`“${me}” is your own name: hand the work out to someone else.`);
  await dialog.getByRole('textbox', { name: 'Annotator’s name' }).fill('Alice');
  await expect(dialog.getByRole('checkbox', { name: /Include the other layers/ })).not.toBeChecked();
  await dialog.getByRole('textbox', { name: 'Instructions for the annotator (optional)' }).fill('Tag people and places.');
  await page.screenshot({ path: testInfo.outputPath('handout-dialog.png') });
  const handout = join(glose.dir, 'alice.zip');
  await glose.stubSaveDialog(handout);
  await dialog.getByRole('button', { name: 'Save package…' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Package for Alice saved: alice.zip.' })).toBeVisible();
  expect((await stat(handout)).size).toBeGreaterThan(0);

  // the handed-out package is not work sent back: bringing it in as a layer is refused, nothing stored
  await panel.getByText("Bring in a colleague's work").click();
  await glose.stubOpenDialog([handout]);
  await panel.getByRole('button', { name: 'From a work package…' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'alice.zip is work handed out to Alice, not work sent back' })).toBeVisible();
  expect((await readStores<{ layerSpans: unknown[] }>(page, ['layerSpans'])).layerSpans).toEqual([]);

  // Alice: Projects… ▸ Open a work package… (her machine is this one, under another project)
  await page.getByRole('button', { name: 'Projects…' }).click();
  const projects = page.getByRole('dialog', { name: 'Projects' });
  await glose.stubOpenDialog([handout]);
  await projects.getByRole('button', { name: 'Open a work package…' }).click();
  await expect(projects).toBeHidden();
  await expect(page.getByRole('combobox', { name: 'Project' }).locator('option:checked')).toHaveText(`${projectName} (2)`);
  await expect(panel.getByRole('note').filter({ hasText: `Work handed out to Alice by ${me}.` })).toBeVisible();
  await panel.getByText('Instructions').click();
  await expect(panel.getByText('Tag people and places.')).toBeVisible();
  // blind: the lead's span did not come with the package
  await expect(page.getByRole('listbox', { name: 'Document list' }).getByRole('option', { name: 'sommet.txt 0 spans' })).toBeVisible();
  await page.getByRole('listbox', { name: 'Document list' }).getByRole('option', { name: /^sommet\.txt/ }).click();
  await expect(page.getByRole('heading', { name: 'sommet.txt' })).toBeVisible();
  await expect(page.locator('.chip')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('handout-opened.png') });
  await dragSelect(page, 'Emmanuel Macron');
  await page.keyboard.press('1');
  await page.getByRole('radiogroup', { name: 'Document status' }).getByRole('radio', { name: 'Done' }).click();
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  const back = join(glose.dir, 'back.zip');
  await glose.stubSaveDialog(back);
  await panel.getByRole('button', { name: `Send my work back to ${me}…` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your work is saved in back.zip: send this file back.' })).toBeVisible();

  // what Alice sends back, read by main's reader: her layer alone, under the name the lead gave it
  const returned = (await readPackageFile(back)).package;
  expect(returned).toMatchObject({ kind: 'return', annotator: 'Alice', from: 'Alice' });
  const sommet = returned.documents.find((d) => d.name === 'sommet.txt');
  expect(sommet?.layers.map((l) => [l.layer, l.status, l.spans.map((x) => `${TEXT.slice(x.start, x.end)}/${x.label}`)])).toEqual([['Alice', 'done', ['Emmanuel Macron/PER']]]);
});

test('work sent back is brought in as the annotator\'s layer, matched by text', async ({ glose }) => {
  const { page } = glose;
  await leadsDocument(glose);
  const at = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length });
  const back = join(glose.dir, 'back.zip');
  await writePackage(back, {
    format: 'glose-package',
    version: 1,
    kind: 'return',
    id: 'handout-1',
    createdAt: Date.now(),
    appVersion: 'e2e',
    project: 'Sommets',
    annotator: 'Alice',
    from: 'Alice',
    blind: false,
    schema: { name: 'news', labels: [{ name: 'PER', color: '#c2410c' }], relations: [], categories: [] },
    documents: [{ name: 'sommet.txt', text: TEXT, meta: { format: 'txt', hash: sha256Hex(TEXT), normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } }, layers: [{ layer: 'Alice', status: 'done', categories: [], spans: [{ ...at('Emmanuel Macron'), label: 'PER' }], relations: [] }] }],
  });
  const panel = page.getByRole('region', { name: 'Layers' });
  await panel.getByText("Bring in a colleague's work").click();
  await glose.stubOpenDialog([back]);
  await panel.getByRole('button', { name: 'From a work package…' }).click();
  const bringIn = page.getByRole('dialog', { name: "Import a colleague's layer" });
  await expect(bringIn.getByRole('textbox', { name: "Colleague's name" })).toHaveValue('Alice');
  await expect(bringIn.getByRole('list', { name: 'What the import does' })).toContainText('matched by text, 1 span');
  await bringIn.getByRole('button', { name: 'Import as their layer' }).click();
  await expect(bringIn).toBeHidden();
  await panel.getByRole('combobox', { name: 'Layer shown' }).selectOption({ label: 'Alice — read-only, 1 span, done' });
  await expect(page.locator('.chip')).toHaveCount(1);
});

test('the corpus view counts a colleague\'s layer: statistics per layer, and how they labelled a search hit', async ({ glose }, testInfo) => {
  const { page } = glose;
  await leadsDocument(glose);
  const at = (needle: string) => [TEXT.indexOf(needle), TEXT.indexOf(needle) + needle.length];
  const paul = join(glose.dir, 'paul.jsonl');
  // UTF-16 offsets after the emoji: the file settles its unit (only UTF-16 fits its spans), no question
  await writeFile(paul, `${JSON.stringify({ text: TEXT, label: [[...at('Emmanuel Macron'), 'PER'], [...at('Berlin'), 'LOC']] })}\n`);
  const panel = page.getByRole('region', { name: 'Layers' });
  await panel.getByText("Bring in a colleague's work").click();
  await glose.stubOpenDialog([paul]);
  await panel.getByRole('button', { name: 'From annotated files…' }).click();
  const bringIn = page.getByRole('dialog', { name: "Import a colleague's layer" });
  await bringIn.getByRole('textbox', { name: "Colleague's name" }).fill('Paul');
  await expect(bringIn.getByRole('group', { name: /counts its offsets/ })).toHaveCount(0);
  await expect(bringIn.getByRole('list', { name: 'What the import does' })).toContainText('1 document matched by text, 2 spans');
  await bringIn.getByRole('button', { name: 'Import as their layer' }).click();
  await expect(bringIn).toBeHidden();

  await page.getByRole('tab', { name: 'Corpus' }).click();
  await page.getByRole('combobox', { name: 'Layer counted' }).selectOption({ label: 'Paul' });
  await page.getByRole('tab', { name: 'Statistics' }).click();
  const perLayer = page.getByRole('table', { name: 'Documents, documents marked Done and annotations of each layer' });
  await expect(perLayer.getByRole('row', { name: /^Paul/ }).getByRole('cell')).toHaveText(['1', '1', '2']);
  await expect(perLayer.getByRole('row', { name: /^Mine/ }).getByRole('cell').nth(2)).toHaveText('1');
  await expect(page.getByRole('row', { name: /^LOC/ })).toContainText('1');
  await page.screenshot({ path: testInfo.outputPath('corpus-layers.png') });
  await page.getByRole('tab', { name: 'Search' }).click();
  await page.getByRole('searchbox', { name: 'Search the corpus' }).fill('Berlin');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('option', { name: /Berlin.*\(labelled LOC in the layer counted\)/ })).toBeVisible();
  // the user's own layer again: no label beside the hit (Berlin is not in it)
  await page.getByRole('combobox', { name: 'Layer counted' }).selectOption('mine');
  await expect(page.getByRole('option', { name: /Berlin/ })).not.toContainText('labelled');
});
