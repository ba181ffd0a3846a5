import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { dragSelect, importText, storedSpans } from './helpers';

const TEXT = 'Angela Merkel a rencontré Emmanuel Macron à Paris.\nBerlin et Paris coopèrent.';

test.describe('projects and label schemas', () => {
  test('create a project from a template, switch, and find the last project and document after a restart', async ({ glose }) => {
    const { page } = glose;
    await page.getByRole('button', { name: 'Projects…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Projects' });
    await dialog.getByRole('textbox', { name: 'Name' }).first().fill('Reuters 2003');
    await dialog.getByRole('combobox', { name: 'Labels from' }).selectOption({ label: 'CoNLL-2003' });
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await expect(page.getByRole('combobox', { name: 'Project' })).toHaveValue(/.+/);
    await expect(page.getByRole('combobox', { name: 'Project' }).locator('option:checked')).toHaveText('Reuters 2003');
    const palette = page.getByRole('group', { name: 'Label palette' });
    await expect(palette.getByRole('button')).toHaveText([/PER\s*1/, /ORG\s*2/, /LOC\s*3/, /MISC\s*4/]);
    await expect(page.getByRole('listbox', { name: 'Document list' }).getByRole('option')).toHaveCount(0);
    await importText(glose, 'reuters.txt', TEXT);
    await dragSelect(page, 'Angela Merkel');
    await page.keyboard.press('1');
    await expect.poll(() => storedSpans(page, 'reuters.txt')).toHaveLength(1);

    await page.getByRole('combobox', { name: 'Project' }).selectOption({ label: 'My project' });
    await expect(page.getByRole('option', { name: /Bienvenue/ })).toBeVisible();
    await expect(palette.getByRole('button')).toHaveCount(6);
    await page.getByRole('combobox', { name: 'Project' }).selectOption({ label: 'Reuters 2003' });
    await expect(page.getByRole('option', { name: /reuters\.txt/ })).toHaveAttribute('aria-selected', 'true');

    await glose.restart();
    const after = glose.page;
    await expect(after.getByRole('combobox', { name: 'Project' }).locator('option:checked')).toHaveText('Reuters 2003');
    await expect(after.getByRole('option', { name: /reuters\.txt/ })).toHaveAttribute('aria-selected', 'true');
    await expect(after.getByRole('heading', { name: 'reuters.txt' })).toBeVisible();
  });

  test('schema editor: add, rename, hotkey conflict, guideline, delete a label in use (move, then delete), undo', async ({ glose }) => {
    const { page } = glose;
    await importText(glose, 'schema.txt', TEXT);
    await dragSelect(page, 'Paris', { occurrence: 0 });
    await page.keyboard.press('3');
    await dragSelect(page, 'Berlin');
    await page.keyboard.press('3');
    await expect.poll(() => storedSpans(page, 'schema.txt')).toHaveLength(2);

    await page.getByRole('button', { name: 'Labels…' }).click();
    const editor = page.getByRole('dialog', { name: /^Labels of/ });
    await editor.getByRole('button', { name: 'Add label' }).click();
    await expect(editor.getByRole('textbox', { name: 'Name of LABEL7' })).toBeVisible();
    await editor.getByRole('textbox', { name: 'Name of LABEL7' }).fill('CITY');
    await editor.getByRole('textbox', { name: 'Name of LABEL7' }).press('Tab');
    await expect(editor.getByRole('textbox', { name: 'Name of CITY' })).toBeVisible();
    await expect(editor.getByRole('textbox', { name: 'Hotkey of CITY' })).toHaveValue('7');
    // a key already taken is refused with a message, and the old key stays
    await editor.getByRole('textbox', { name: 'Hotkey of CITY' }).fill('3');
    await editor.getByRole('textbox', { name: 'Hotkey of CITY' }).press('Tab');
    await expect(editor.getByRole('alert')).toHaveText('The key 3 is already used by LOC.');
    await expect(editor.getByRole('textbox', { name: 'Hotkey of CITY' })).toHaveValue('7');
    await editor.getByRole('textbox', { name: 'Guidelines for CITY' }).fill('A city, town or village.');
    await editor.getByRole('textbox', { name: 'Guidelines for CITY' }).press('Tab');
    // renaming a label never rewrites spans: LOC → PLACE keeps both spans
    await editor.getByRole('textbox', { name: 'Name of LOC' }).fill('PLACE');
    await editor.getByRole('textbox', { name: 'Name of LOC' }).press('Tab');
    await expect(editor.getByRole('status')).toContainText('Renamed LOC to PLACE');

    // delete PLACE, which is in use: move its spans to CITY
    await editor.getByRole('button', { name: 'Delete PLACE' }).click();
    const ask = editor.getByRole('alertdialog');
    await expect(ask).toContainText('PLACE is used by 2 annotations');
    await ask.getByRole('combobox', { name: 'Label to move them to' }).selectOption({ label: 'CITY' });
    await ask.getByRole('button', { name: 'Move them' }).click();
    await expect(editor.getByRole('textbox', { name: 'Name of PLACE' })).toHaveCount(0);
    expect((await storedSpans(page, 'schema.txt')).map((s) => s.label)).toEqual(['CITY', 'CITY']);
    // one undo step brings the label and the spans back
    await editor.getByRole('button', { name: 'Undo: delete PLACE, moving its annotations to CITY' }).click();
    await expect(editor.getByRole('textbox', { name: 'Name of PLACE' })).toBeVisible();
    expect((await storedSpans(page, 'schema.txt')).map((s) => s.label)).toEqual(['PLACE', 'PLACE']);
    // this time delete the spans with it
    await editor.getByRole('button', { name: 'Delete PLACE' }).click();
    await editor.getByRole('alertdialog').getByRole('button', { name: 'Delete them' }).click();
    await expect(editor.getByRole('status')).toContainText('Deleted PLACE and its 2 annotations');
    expect(await storedSpans(page, 'schema.txt')).toEqual([]);
    await editor.getByRole('button', { name: 'Close' }).click();

    // the palette shows the new label with its guideline as a tooltip; the reader no longer shows the deleted spans
    const city = page.getByRole('group', { name: 'Label palette' }).getByRole('button', { name: /^CITY/ });
    await expect(city).toHaveAttribute('title', 'A city, town or village.');
    await expect(page.getByRole('document', { name: 'Document text' }).locator('.chip')).toHaveCount(0);
  });

  test('export a schema as JSON, import a brat annotation.conf', async ({ glose }) => {
    const { page } = glose;
    await page.getByRole('button', { name: 'Labels…' }).click();
    const editor = page.getByRole('dialog', { name: /^Labels of/ });
    const out = join(glose.dir, 'schema.json');
    await glose.stubSaveDialog(out);
    await editor.getByRole('button', { name: 'Export schema…' }).click();
    await expect(editor.getByRole('status')).toContainText('Schema saved');
    const saved = JSON.parse(await readFile(out, 'utf8')) as { labels: Array<{ name: string; hotkey?: string }>; relations: Array<{ name: string }> };
    expect(saved.labels.map((l) => l.name)).toEqual(['PER', 'ORG', 'LOC', 'DATE', 'EVENT', 'QUOTE']);
    expect(saved.relations.map((r) => r.name).sort()).toEqual(['member_of', 'said_by']);

    const conf = join(glose.dir, 'annotation.conf');
    await writeFile(conf, '[entities]\nPER\nWEAPON\n[relations]\nowns Arg1:PER, Arg2:WEAPON\n[attributes]\nLegal Arg:WEAPON, Value:yes|no\n');
    await glose.stubOpenDialog([conf]);
    await editor.getByRole('button', { name: 'Import schema…' }).click();
    await expect(editor.getByRole('status')).toContainText('Imported 2 labels and 1 relation type from annotation.conf');
    await expect(editor.getByRole('textbox', { name: 'Name of WEAPON' })).toBeVisible();
    await expect(editor.getByRole('textbox', { name: 'Attributes of WEAPON' })).toHaveValue('Legal: yes, no');
    await expect(editor.getByRole('textbox', { name: 'Name of relation owns' })).toBeVisible();
    // PER kept its key; WEAPON's "2" was taken by ORG, so it has none
    await expect(editor.getByRole('textbox', { name: 'Hotkey of WEAPON' })).toHaveValue('');
    await expect(editor.getByRole('status')).toContainText('key 2 is already used by ORG');

    // a broken file is refused with its name and changes nothing
    const broken = join(glose.dir, 'broken.json');
    await writeFile(broken, '{"labels": [');
    await glose.stubOpenDialog([broken]);
    await editor.getByRole('button', { name: 'Import schema…' }).click();
    await expect(editor.getByRole('alert')).toContainText('broken.json line 1: not valid JSON: the text ends before the JSON does');
  });

  test('duplicate a project with its documents, delete it, restore it', async ({ glose }) => {
    const { page } = glose;
    await importText(glose, 'dup.txt', TEXT);
    await page.getByRole('button', { name: 'Projects…' }).click();
    await page.getByRole('dialog', { name: 'Projects' }).getByRole('button', { name: 'Duplicate with documents' }).click();
    const project = page.getByRole('combobox', { name: 'Project' });
    await expect(project.locator('option:checked')).toHaveText('My project (copy)');
    await expect(page.getByRole('listbox', { name: 'Document list' }).getByRole('option')).toHaveCount(2);
    await page.getByRole('button', { name: 'Projects…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Projects' });
    // opened again while the copy was still being shown: the copy's end does not close it
    await expect(page.getByRole('status').filter({ hasText: 'Duplicated as “My project (copy)” with its documents.' })).toBeVisible();
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Delete project…' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Delete “My project (copy)” and its 2 documents?');
    await dialog.getByRole('button', { name: 'Delete project', exact: true }).click();
    await expect(project.locator('option')).toHaveText(['My project']);
    await page.getByRole('button', { name: 'Restore project' }).click();
    await expect(project.locator('option')).toHaveText(['My project', 'My project (copy)']);
    await expect(project.locator('option:checked')).toHaveText('My project (copy)');
  });
});
