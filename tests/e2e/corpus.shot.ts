// `npm run screenshots`: the corpus view's pictures (docs/corpus.png, corpus-search.png, statistics.png).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from './fixtures';

/** [name, date, text, entities as [text, label]] */
const ARTICLES: Array<[string, string, string, Array<[string, string]>]> = [
  ['sommet-pekin.txt', '2022-02-04', 'Le président chinois Xi Jinping a reçu Vladimir Poutine à Pékin le 4 février 2022, en marge des Jeux olympiques d’hiver.', [['Xi Jinping', 'PER'], ['Vladimir Poutine', 'PER'], ['Pékin', 'LOC'], ['4 février 2022', 'DATE'], ['Jeux olympiques d’hiver', 'EVENT']]],
  ['ocs-samarcande.txt', '2022-09-16', 'À Samarcande, les membres de l’Organisation de coopération de Shanghai ont reçu Xi Jinping et Narendra Modi le 16 septembre 2022.', [['Samarcande', 'LOC'], ['Organisation de coopération de Shanghai', 'ORG'], ['Xi Jinping', 'PER'], ['Narendra Modi', 'PER'], ['16 septembre 2022', 'DATE']]],
  ['g20-bali.txt', '2022-11-15', 'Au sommet du G20 à Bali, Joe Biden et Xi Jinping se sont parlé pendant trois heures.', [['G20', 'ORG'], ['Bali', 'LOC'], ['Joe Biden', 'PER'], ['Xi Jinping', 'PER']]],
  ['cop27.txt', '2022-11-20', 'La COP27 s’est achevée à Charm el-Cheikh : António Guterres a salué un fonds pour les pertes et dommages.', [['COP27', 'EVENT'], ['Charm el-Cheikh', 'LOC'], ['António Guterres', 'PER']]],
  ['bce-taux.txt', '2023-07-27', 'La Banque centrale européenne a relevé ses taux à Francfort ; Christine Lagarde promet de rester vigilante.', [['Banque centrale européenne', 'ORG'], ['Francfort', 'LOC'], ['Christine Lagarde', 'PER']]],
  ['otan-vilnius.txt', '2023-07-11', 'À Vilnius, l’OTAN a promis à l’Ukraine une adhésion future ; Volodymyr Zelensky a jugé le calendrier « absurde ».', [['Vilnius', 'LOC'], ['OTAN', 'ORG'], ['Ukraine', 'LOC'], ['Volodymyr Zelensky', 'PER'], ['« absurde »', 'QUOTE']]],
  ['brics-johannesburg.txt', '2023-08-24', 'Réunis à Johannesburg, les BRICS ont invité six pays ; Xi Jinping et Lula ont défendu l’élargissement.', [['Johannesburg', 'LOC'], ['BRICS', 'ORG'], ['Xi Jinping', 'PER'], ['Lula', 'PER']]],
  ['onu-assemblee.txt', '2023-09-19', 'À New York, l’Assemblée générale des Nations unies s’est ouverte ; António Guterres a appelé à la paix.', [['New York', 'LOC'], ['Nations unies', 'ORG'], ['António Guterres', 'PER']]],
  ['apec-san-francisco.txt', '2023-11-15', 'Joe Biden a accueilli Xi Jinping près de San Francisco, en marge de l’APEC.', [['Joe Biden', 'PER'], ['Xi Jinping', 'PER'], ['San Francisco', 'LOC'], ['APEC', 'EVENT']]],
  ['davos.txt', '2024-01-16', 'Au Forum de Davos, Volodymyr Zelensky a demandé plus d’aide à l’Europe.', [['Forum de Davos', 'EVENT'], ['Volodymyr Zelensky', 'PER'], ['Europe', 'LOC']]],
  ['jo-paris.txt', '2024-07-26', 'La cérémonie d’ouverture des Jeux olympiques de Paris s’est tenue sur la Seine le 26 juillet 2024.', [['Jeux olympiques de Paris', 'EVENT'], ['Seine', 'LOC'], ['26 juillet 2024', 'DATE']]],
  ['cop28.txt', '2023-12-13', 'À Dubaï, la COP28 a conclu par un appel à « transitionner hors des énergies fossiles ».', [['Dubaï', 'LOC'], ['COP28', 'EVENT']]],
  ['fmi-perspectives.txt', '2024-04-16', 'Le FMI relève légèrement sa prévision de croissance mondiale ; Kristalina Georgieva reste prudente.', [['FMI', 'ORG'], ['Kristalina Georgieva', 'PER']]],
  ['elections-europeennes.txt', '2024-06-09', 'Les élections européennes du 9 juin 2024 ont vu progresser l’extrême droite.', []],
];

const TITLES: Record<string, string> = {
  'sommet-pekin.txt': 'Xi Jinping reçoit Vladimir Poutine',
  'ocs-samarcande.txt': 'L’OCS réunie à Samarcande',
  'g20-bali.txt': 'Biden et Xi se parlent à Bali',
  'cop27.txt': 'Fin de la COP27',
  'bce-taux.txt': 'La BCE relève encore ses taux',
  'otan-vilnius.txt': 'L’OTAN et l’Ukraine à Vilnius',
  'brics-johannesburg.txt': 'Les BRICS s’élargissent',
  'onu-assemblee.txt': 'Ouverture de l’Assemblée générale',
  'apec-san-francisco.txt': 'Rencontre en marge de l’APEC',
  'davos.txt': 'Zelensky à Davos',
  'jo-paris.txt': 'Paris ouvre ses Jeux sur la Seine',
  'cop28.txt': 'Accord final à la COP28',
  'fmi-perspectives.txt': 'Le FMI un peu plus optimiste',
};

function doccanoLine([name, date, text, entities]: (typeof ARTICLES)[number]): string {
  const label = entities.map(([needle, l]) => {
    const start = [...text.slice(0, text.indexOf(needle))].length;
    return [start, start + [...needle].length, l];
  });
  const title = TITLES[name];
  return JSON.stringify({ text, label, name, meta: { date, ...(title ? { title } : {}) } });
}

test('corpus view', async ({ glose }) => {
  const { page } = glose;
  const file = join(glose.dir, 'revue-de-presse.jsonl');
  await writeFile(file, ARTICLES.map(doccanoLine).join('\n') + '\n');
  await glose.stubOpenDialog([file]);
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByRole('dialog', { name: 'Import results' }).getByRole('button', { name: 'Close' }).click();
  await page.getByRole('tab', { name: 'Corpus' }).click();
  const grid = page.getByRole('grid', { name: 'Documents' });

  // some progress: a few documents done, a few in progress
  for (const name of ['sommet-pekin.txt', 'g20-bali.txt', 'cop27.txt', 'bce-taux.txt', 'otan-vilnius.txt']) await grid.getByRole('checkbox', { name: `Select ${name}` }).click();
  await page.getByRole('combobox', { name: 'New status' }).selectOption({ label: 'Done' });
  await page.getByRole('button', { name: 'Set status' }).click();
  await page.getByRole('button', { name: 'Clear selection' }).click();
  for (const name of ['davos.txt', 'onu-assemblee.txt', 'brics-johannesburg.txt', 'jo-paris.txt']) await grid.getByRole('checkbox', { name: `Select ${name}` }).click();
  await page.getByRole('combobox', { name: 'New status' }).selectOption({ label: 'In progress' });
  await page.getByRole('button', { name: 'Set status' }).click();
  await page.getByRole('button', { name: 'Clear selection' }).click();
  for (const name of ['cop28.txt', 'davos.txt', 'fmi-perspectives.txt']) await grid.getByRole('checkbox', { name: `Select ${name}` }).click();
  await grid.getByRole('columnheader', { name: 'Date' }).getByRole('button').click();
  await grid.getByRole('columnheader', { name: 'Date' }).getByRole('button').click();
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'docs/corpus.png' });

  await page.getByRole('tab', { name: 'Search' }).click();
  const box = page.getByRole('searchbox', { name: 'Search the corpus' });
  await box.fill('Xi Jinping|Joe Biden|Zelensky');
  await page.getByLabel('Regular expression').check();
  await box.press('Enter');
  await expect(page.getByRole('listbox', { name: 'Hits' }).getByRole('option')).toHaveCount(9);
  await page.getByRole('listbox', { name: 'Hits' }).focus();
  await page.keyboard.press('ArrowDown');
  await page.screenshot({ path: 'docs/corpus-search.png' });

  await page.getByRole('tab', { name: 'Statistics' }).click();
  await expect(page.getByRole('region', { name: 'Most frequent PER texts' })).toBeVisible();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'docs/statistics.png' });
});
