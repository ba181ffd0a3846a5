// Imported content is data, never code; and a whole session stays on the machine.
// The checks look at the DOM, not only at window.__pwned: the CSP would stop an injected handler from
// running, so a test that only watched for its effect would pass with the escaping gone.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, type GloseApp } from './fixtures';
import { dragSelect, storedSpans } from './helpers';

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=2</script>';
const SVG = '<svg onload="window.__pwned=3"></svg>';
const FRAME = '<iframe srcdoc="<script>parent.__pwned=4</script>"></iframe>';
const BREAKOUT = '" onmouseover="window.__pwned=5" x="';
const TEMPLATE = "{{constructor.constructor('window.__pwned=6')()}} ${window.__pwned=7}";
const PAYLOADS = [IMG, SCRIPT, SVG, FRAME, BREAKOUT, TEMPLATE];

/** Records what would betray code running or markup injected: dialogs, CSP violations. */
async function watch(page: Page): Promise<{ dialogs: string[] }> {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.evaluate(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { dialogs };
}

/** Nothing ran, and no element or attribute came from the imported content. */
async function expectInert(page: Page, watcher: { dialogs: string[] }): Promise<void> {
  const probe = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    const handlers: string[] = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) if (a.name.toLowerCase().startsWith('on')) handlers.push(`<${el.tagName.toLowerCase()} ${a.name}>`);
    }
    return {
      pwned: w['__pwned'],
      csp: w['__csp'],
      handlers,
      injected: document.querySelectorAll('img[src="x"], iframe, object, embed, body script:not([src])').length,
      scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('src') ?? 'inline'),
    };
  });
  expect(probe.pwned).toBeUndefined();
  expect(probe.csp).toEqual([]);
  expect(probe.handlers).toEqual([]);
  expect(probe.injected).toBe(0);
  // only the app's own bundle
  expect(probe.scripts.every((s) => s !== 'inline' && /\/assets\/index-[\w-]+\.js$/.test(s))).toBe(true);
  expect(watcher.dialogs).toEqual([]);
}

async function importFiles(glose: GloseApp, files: Array<[string, string]>): Promise<ReturnType<Page['getByRole']>> {
  const paths: string[] = [];
  for (const [name, content] of files) {
    const p = join(glose.dir, name);
    await writeFile(p, content);
    paths.push(p);
  }
  await glose.stubOpenDialog(paths);
  await glose.page.getByRole('button', { name: 'Import…' }).click();
  return glose.page.getByRole('dialog', { name: 'Import results' });
}

test('payloads in text, HTML, JSONL fields, file names, label names and notes show as text and never run', async ({ glose }) => {
  const { page } = glose;
  const watcher = await watch(page);

  const txtName = `${IMG}.txt`;
  const html = `<!doctype html><html><head><title>${IMG.replace(/</g, '&lt;')}</title>
<script>window.__pwned=10</script><link rel="import" href="x.html"><meta http-equiv="refresh" content="0;url=javascript:window.__pwned=11"></head>
<body><article><h1>Un titre</h1><p>Avant ${IMG} après, et ${SVG} puis <a href="javascript:window.__pwned=12">un lien</a>.</p>
<p>Écrit en clair : ${SCRIPT.replace(/</g, '&lt;')} et ${FRAME.replace(/</g, '&lt;')}.</p>
<p onclick="window.__pwned=13" style="background:url(javascript:window.__pwned=14)">Un paragraphe assez long pour que l’extraction le garde, avec des mots.</p></article></body></html>`;
  const jsonl = JSON.stringify({
    name: `Dépêche ${SCRIPT}`,
    text: `Texte ${IMG} avec ${TEMPLATE}.`,
    label: [[0, 5, IMG], [6, 10, SCRIPT]],
    meta: { title: `Titre ${SVG}`, author: BREAKOUT },
    cats: [FRAME],
    Comments: `${IMG} commentaire`,
  });
  const report = await importFiles(glose, [
    [txtName, [...PAYLOADS, 'Une ligne ordinaire à annoter.'].join('\n')],
    ['page.html', html],
    ['lot.jsonl', `${jsonl}\n`],
  ]);

  // the annotated file uses labels the project lacks: their names are listed as text, then created
  await expect(report).toContainText(IMG);
  await expect(report).toContainText(SCRIPT);
  await report.getByRole('button', { name: 'Create labels and import' }).click();
  await expect(report.getByRole('list', { name: 'Import results' })).toContainText(`${txtName}: imported`);
  await report.getByRole('button', { name: 'Close' }).click();

  const docs = page.getByRole('listbox').first();
  await expect(docs).toContainText(txtName);
  await expect(docs).toContainText(`Dépêche ${SCRIPT}`);

  // the text file, every payload a line of text
  await page.getByRole('option', { name: txtName }).click();
  const text = page.getByRole('document', { name: 'Document text' });
  for (const p of PAYLOADS) await expect(text).toContainText(p);

  // the HTML page: its markup became text, its scripts and handlers are gone
  await page.getByRole('option', { name: /page\.html/ }).click();
  await expect(page.getByRole('heading', { name: IMG })).toBeVisible();
  await expect(text).toContainText(`Écrit en clair : ${SCRIPT} et ${FRAME}.`);
  await expect(text).not.toContainText('__pwned=10');

  // the JSONL line: text, labels, metadata and extra fields
  await page.getByRole('option', { name: /Dépêche/ }).click();
  await expect(text).toContainText(`Texte ${IMG} avec ${TEMPLATE}.`);
  await expect(page.getByRole('heading', { name: `Titre ${SVG}` })).toBeVisible();
  const palette = page.getByRole('group', { name: 'Label palette' });
  await expect(palette).toContainText(IMG);
  await expect(palette).toContainText(SCRIPT);
  const side = page.getByRole('complementary', { name: 'Labels and annotations' });
  await expect(side.getByRole('list', { name: `${IMG} annotations` })).toContainText('Texte');
  await page.getByText('Document details').click();
  const details = page.getByRole('definition').filter({ hasText: BREAKOUT });
  await expect(details).toHaveCount(1);
  await expect(page.getByText(`${IMG} commentaire`)).toBeVisible();

  // a note typed by the user
  await page.getByRole('option', { name: txtName }).click();
  await expect(text).toContainText('Une ligne ordinaire à annoter.');
  await dragSelect(page, 'ordinaire');
  await page.keyboard.press('1');
  await side.getByRole('button', { name: /^PER ordinaire/ }).click();
  await page.keyboard.press('Enter');
  const pop = page.getByRole('dialog', { name: /^Annotation PER/ });
  await pop.getByRole('textbox', { name: 'Note' }).fill(IMG);
  await pop.getByRole('textbox', { name: 'Note' }).blur();
  await pop.getByRole('button', { name: 'Close' }).click();
  await expect.poll(async () => (await storedSpans(page, txtName)).length).toBe(1);

  // move the mouse over everything, in case a handler slipped into an attribute
  const box = await page.locator('body').boundingBox();
  for (let y = 10; box && y < box.height; y += 40) await page.mouse.move(box.width / 2, y, { steps: 4 });

  await expectInert(page, watcher);
  // and after a restart, reading it all back from the database
  await glose.restart();
  const again = await watch(glose.page);
  await glose.page.getByRole('option', { name: /Dépêche/ }).click();
  await expect(glose.page.getByRole('group', { name: 'Label palette' })).toContainText(IMG);
  await expectInert(glose.page, again);
});

test('a restored backup is hostile input too: its names and notes are shown as text', async ({ glose }) => {
  const { page } = glose;
  const watcher = await watch(page);
  // a workspace backup whose names, label names, notes and categories carry payloads
  const text = 'Paris est une ville.';
  const snapshot = {
    format: 'glose-backup',
    version: 1,
    createdAt: Date.now(),
    appVersion: 'x',
    schemaVersion: 1,
    tables: {
      projects: [{ id: 'p', name: `Projet ${IMG}`, categories: [{ name: SVG, values: [FRAME], multiple: false }], createdAt: 1, updatedAt: 1 }],
      documents: [{ id: 'd', projectId: 'p', name: `Doc ${SCRIPT}`, meta: { format: 'txt', hash: 'h', title: IMG, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } }, status: 'new', length: text.length, spanCount: 1, categories: [FRAME], createdAt: 1, updatedAt: 1 }],
      texts: [{ id: 'd', text }],
      // (a colour that smuggles CSS is refused outright: restore-hostile.spec.ts)
      labels: [{ id: 'l', projectId: 'p', name: IMG, color: '#b91c1c', hotkey: '1', order: 0, createdAt: 1, updatedAt: 1 }],
      relationTypes: [],
      spans: [{ id: 's', docId: 'd', labelId: 'l', start: 0, end: 5, annotator: SCRIPT, note: IMG, createdAt: 1, updatedAt: 1 }],
      relations: [],
      settings: [
        { key: 'annotator', value: BREAKOUT },
        { key: 'lastDocument:p', value: 'd' },
      ],
    },
  };
  const file = join(glose.dir, 'piégé.json');
  await writeFile(file, JSON.stringify(snapshot));
  await glose.stubOpenDialog([file]);
  await glose.menu('restore');
  await glose.page.getByRole('dialog', { name: 'Replace the workspace with this backup?' }).getByRole('button', { name: 'Replace workspace' }).click();
  // the page reloads on the restored database
  await expect(page.getByRole('status').filter({ hasText: 'Restored the workspace from piégé.json' })).toBeVisible();
  await page.locator('body[data-ready="true"]').waitFor();
  const after = await watch(page);
  await expect(page.getByRole('option', { name: `Doc ${SCRIPT}` })).toBeVisible();
  await expect(page.getByRole('heading', { name: IMG })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Label palette' })).toContainText(IMG);
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText(`Annotator: ${BREAKOUT}`);
  await page.getByRole('list', { name: `${IMG} annotations` }).getByRole('button').first().click();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: /^Annotation / }).getByRole('textbox', { name: 'Note' })).toHaveValue(IMG);
  expect(watcher.dialogs).toEqual([]);
  await expectInert(page, after);
});

test('a whole session (start, import, annotate, export, restart) makes no request outside the app', async ({ glose }) => {
  const { page } = glose;
  const appOrigin = page.url().startsWith('app://') ? 'app://glose' : new URL(page.url()).origin;
  const requests: string[] = [];
  const sockets: string[] = [];
  const track = (p: Page) => {
    p.on('request', (r) => requests.push(r.url()));
    p.on('websocket', (w) => sockets.push(w.url()));
  };
  track(page);
  // from the very start: the page loads again with the listener in place
  await page.reload();
  await page.locator('body[data-ready="true"]').waitFor();
  const watcher = await watch(page);

  // an article that points at remote images, styles, fonts and scripts
  const html = `<!doctype html><html><head><title>Réseau</title><link rel="stylesheet" href="https://fonts.example/a.css">
<script src="https://cdn.example/x.js"></script><style>@import url(https://cdn.example/b.css); body{background:url(https://cdn.example/bg.png)}</style></head>
<body><article><h1>Réseau</h1><p>Une image <img src="https://cdn.example/pixel.png" srcset="https://cdn.example/p2.png 2x"> et une vidéo <video src="https://cdn.example/v.mp4" poster="https://cdn.example/p.jpg"></video>.</p>
<p>Un paragraphe assez long, à propos de Lyon et de Marseille, pour que l’extraction le garde tel quel.</p></article></body></html>`;
  const report = await importFiles(glose, [
    ['reseau.html', html],
    ['notes.txt', 'Voir https://example.org/ et http://127.0.0.2:9/ pour la suite.'],
  ]);
  await expect(report.getByRole('list', { name: 'Import results' })).toContainText('reseau.html: imported');
  await report.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('option', { name: /reseau\.html/ }).click();
  await dragSelect(page, 'Lyon');
  await page.keyboard.press('3');
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  const out = join(glose.dir, 'out.jsonl');
  await glose.stubSaveDialog(out);
  await glose.menu('export');
  const dialog = page.getByRole('dialog', { name: /Export/ });
  if (await dialog.isVisible().catch(() => false)) await dialog.getByRole('button', { name: /^Export/ }).last().click();
  await expect.poll(() => readFile(out, 'utf8').catch(() => '')).toContain('Lyon');
  await expectInert(page, watcher);

  await glose.restart();
  track(glose.page);
  await glose.page.reload();
  await glose.page.locator('body[data-ready="true"]').waitFor();

  expect(requests.length).toBeGreaterThan(0);
  const outside = requests.filter((u) => !u.startsWith(`${appOrigin}/`) && !u.startsWith('data:'));
  expect(outside).toEqual([]);
  expect(sockets).toEqual([]);
});
