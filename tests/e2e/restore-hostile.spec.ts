// A backup is checked record by record with the schemas every write obeys: a hostile one is refused
// with the path of its first bad field, before anything is asked or changed.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { importText, readStores } from './helpers';

const STORES = ['projects', 'documents', 'texts', 'labels', 'relationTypes', 'spans', 'relations', 'settings'];
const TEXT = 'Paris est une ville.';

/** A small valid backup, then `damage` applied to it. */
function backup(damage: (tables: Record<string, Array<Record<string, unknown>>>) => void): string {
  const tables: Record<string, Array<Record<string, unknown>>> = {
    projects: [{ id: 'p', name: 'Projet', createdAt: 1, updatedAt: 1 }],
    documents: [{ id: 'd', projectId: 'p', name: 'ville.txt', meta: { format: 'txt', hash: 'h', normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } }, status: 'new', length: TEXT.length, spanCount: 1, categories: [], createdAt: 1, updatedAt: 1 }],
    texts: [{ id: 'd', text: TEXT }],
    labels: [
      { id: 'l1', projectId: 'p', name: 'PER', color: '#c2410c', order: 0, createdAt: 1, updatedAt: 1 },
      { id: 'l2', projectId: 'p', name: 'LOC', color: '#047857', order: 1, createdAt: 1, updatedAt: 1 },
    ],
    relationTypes: [],
    spans: [{ id: 's', docId: 'd', labelId: 'l2', start: 0, end: 5, annotator: 'moi', createdAt: 1, updatedAt: 1 }],
    relations: [],
    settings: [{ key: 'annotator', value: 'moi' }],
  };
  damage(tables);
  return JSON.stringify({ format: 'glose-backup', version: 1, createdAt: Date.now(), appVersion: 'x', schemaVersion: 1, tables });
}

const cases: Array<[string, (t: Record<string, Array<Record<string, unknown>>>) => void, string]> = [
  ['a label colour that carries CSS', (t) => ((t['labels'] as Array<Record<string, unknown>>)[1]!['color'] = 'red; background-image:url(https://example.org/x.png)'), 'tables.labels[1].color: a colour is #rrggbb'],
  ['an annotator that is an object', (t) => ((t['spans'] as Array<Record<string, unknown>>)[0]!['annotator'] = { name: 'moi' }), 'tables.spans[0].annotator: Invalid input: expected string, received object'],
];

for (const [what, damage, where] of cases) {
  test(`a backup with ${what} is refused, saying where, and nothing changes`, async ({ glose }) => {
    const { page } = glose;
    await importText(glose, 'garde.txt', 'Un texte à garder.');
    const before = await readStores(page, STORES);

    const file = join(glose.dir, 'piégé.json');
    await writeFile(file, backup(damage));
    await glose.stubOpenDialog([file]);
    await glose.menu('restore');

    await expect(page.getByRole('alert')).toContainText(`Cannot restore: piégé.json: This backup cannot be restored, nothing was changed. Field ${where}.`);
    await expect(page.getByRole('dialog', { name: 'Replace the workspace with this backup?' })).toHaveCount(0);
    expect(await readStores(page, STORES)).toEqual(before);
    await expect(page.getByRole('option', { name: /garde\.txt/ })).toBeVisible();
  });
}

test('the same backup made valid is offered for restore: the refusal was the field, not the file', async ({ glose }) => {
  const file = join(glose.dir, 'propre.json');
  await writeFile(file, backup(() => {}));
  await glose.stubOpenDialog([file]);
  await glose.menu('restore');
  await expect(glose.page.getByRole('dialog', { name: 'Replace the workspace with this backup?' })).toBeVisible();
});
