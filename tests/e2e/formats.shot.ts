// `npm run screenshots`: the export dialog (CoNLL, with its token check and preview) and the
// import prompt for labels the project lacks, taken from the built app with the e2e fixtures.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { dragSelect, importText } from './helpers';

const TEXT =
  'Marie Curie, membre de l’Académie des sciences, reçoit le prix Nobel de chimie à Stockholm le 10 décembre 1911.\n' +
  'Née à Varsovie en 1867, elle s’installe à Paris en 1891 pour étudier à la Sorbonne.\n';

test('export dialog and missing labels prompt', async ({ glose }) => {
  // eight spans drawn with the mouse, then two dialogs: slow on a busy machine
  test.setTimeout(180_000);
  const { page } = glose;
  await importText(glose, 'curie.txt', TEXT);
  const palette = page.getByRole('group', { name: 'Label palette' });
  const tag = async (needle: string, label: string, alt = false) => {
    await dragSelect(page, needle, { alt });
    await palette.getByRole('button', { name: new RegExp(`^${label}`) }).click();
  };
  await tag('Marie Curie', 'PER');
  await tag('Académie des sciences', 'ORG', true);
  await tag('prix Nobel de chimie', 'EVENT');
  await tag('Nobel', 'ORG');
  await tag('Stockholm', 'LOC');
  await tag('10 décembre 1911', 'DATE');
  await tag('Varsovie', 'LOC');
  await tag('Paris', 'LOC');
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');

  await page.keyboard.press('Control+e');
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByRole('combobox', { name: 'Format' }).selectOption('conll');
  const check = dialog.getByRole('list', { name: 'Token check by document' });
  await expect(check).toContainText('curie.txt');
  await check.getByText('curie.txt').click();
  await expect(dialog.getByLabel('Preview of the exported file')).toContainText('Curie I-PER');
  await page.screenshot({ path: 'docs/export-dialog.png' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  const file = join(glose.dir, 'armes.jsonl');
  const line = (name: string, text: string, spans: Array<[string, string]>) =>
    JSON.stringify({ text, label: spans.map(([n, l]) => [text.indexOf(n), text.indexOf(n) + n.length, l]), name });
  await writeFile(
    file,
    `${line('sabre', 'Le sabre de Napoléon est au musée de l’Armée.', [['sabre', 'WEAPON'], ['Napoléon', 'PER'], ['musée de l’Armée', 'FACILITY']])}\n` +
      `${line('canons', 'Deux canons et une épée.', [['canons', 'WEAPON'], ['épée', 'WEAPON'], ['Deux', 'QUANTITY']])}\n`,
  );
  const broken = join(glose.dir, 'brouillon.jsonl');
  await writeFile(broken, `${line('un', 'Un.', [])}\n${line('deux', 'Deux.', [])}\n{"text": "Trois", "label": [[0, 5, "PER"]\n`);
  const other = join(glose.dir, 'lettres.jsonl');
  await writeFile(other, `${line('lettre', 'Lettre de Pierre à Marie.', [['Pierre', 'PER'], ['Marie', 'PER']])}\n`);
  await glose.stubOpenDialog([file, broken, other]);
  await page.getByRole('button', { name: 'Import…' }).click();
  const report = page.getByRole('dialog', { name: 'Import results' });
  await expect(report.getByRole('list', { name: 'Missing labels' })).toBeVisible();
  await page.screenshot({ path: 'docs/import-missing-labels.png' });
});
