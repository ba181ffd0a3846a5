// Reading and tagging without friction: long keyboard jumps, selections that start on an elision,
// a chip drag that moves nothing, a label menu that leaves the neighbouring lines readable, the
// place in a document kept across a restart, and the welcome document kept out of exports.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { dragSelect, importText, readStores, storedSpans } from './helpers';

const TEXT = [
  'Le président chinois Xi Jinping a reçu Vladimir Poutine à Pékin. Ils ont parlé de l’Organisation de coopération de Shanghai.',
  '« Notre amitié n’a pas de limites », a déclaré Xi Jinping devant les caméras. Le Kremlin se tait.',
  'Les deux pays sont membres de l’Organisation des Nations unies, dit Xi Jinping à la presse.',
].join('\n');

const annotations = (page: Page) => page.getByRole('complementary', { name: 'Labels and annotations' });

test('sentence, paragraph, name and occurrence jumps select, and the cheat sheet lists them', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'sauts.txt', TEXT);
  await page.getByRole('document', { name: 'Document text' }).focus();
  const keys = async (...list: string[]) => {
    for (const k of list) await page.keyboard.press(k);
  };

  // Ctrl+↓ twice: the second sentence; Ctrl+↑: back to the first, tagged EVENT (key 5)
  await keys('Control+ArrowDown', 'Control+ArrowDown', 'Control+ArrowUp', '5');
  await expect(annotations(page).getByRole('button', { name: /^EVENT Le président chinois/ })).toBeVisible();
  // Ctrl+Shift+↓ twice from the caret: the paragraph there, then the next one
  await keys('Escape', 'Control+Shift+ArrowDown', 'Control+Shift+ArrowDown', '5');
  // Shift+↓: capitalised words no span covers ("Les" starts a sentence and the text writes "les": skipped)
  await keys('Escape', 'Shift+ArrowDown', '2', 'Shift+ArrowDown', 'Shift+ArrowDown', '1');
  // Alt+↑ on the new span: the previous occurrences of its text, tagged in turn
  await keys('Alt+ArrowUp', '1', 'Alt+ArrowUp', '1');

  const para2 = TEXT.split('\n')[1] as string;
  const xi = (n: number) => {
    let at = -1;
    for (let i = 0; i <= n; i++) at = TEXT.indexOf('Xi Jinping', at + 1);
    return { text: 'Xi Jinping', label: 'PER', start: at, end: at + 10 };
  };
  const org = TEXT.lastIndexOf('Organisation');
  await expect
    .poll(() => storedSpans(page, 'sauts.txt'))
    .toEqual([
      { text: 'Le président chinois Xi Jinping a reçu Vladimir Poutine à Pékin.', label: 'EVENT', start: 0, end: TEXT.indexOf(' Ils') },
      xi(0),
      { text: para2, label: 'EVENT', start: TEXT.indexOf(para2), end: TEXT.indexOf(para2) + para2.length },
      xi(1),
      { text: 'Organisation', label: 'ORG', start: org, end: org + 12 },
      xi(2),
    ]);

  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  for (const k of ['Ctrl + ↓ ↑', 'Ctrl + Shift + ↓ ↑', 'Alt + ↓ ↑', 'Shift + ↓ ↑']) await expect(sheet.getByRole('rowheader', { name: k, exact: true })).toBeVisible();
});

test('a selection that starts on an elided article takes the word after it; Alt keeps the article', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'elision.txt', TEXT);
  const menu = page.getByRole('dialog', { name: 'Label the selection' });
  // from the "l" of l’Organisation to the end of "coopération"
  await dragSelect(page, 'l’Organisation de coopération');
  await expect(menu).toBeVisible();
  await page.keyboard.press('2');
  await expect(annotations(page).getByRole('button', { name: 'ORG Organisation de coopération' })).toBeVisible();
  await dragSelect(page, 'l’Organisation des Nations unies', { alt: true });
  await page.keyboard.press('2');
  await expect(annotations(page).getByRole('button', { name: 'ORG l’Organisation des Nations unies' })).toBeVisible();
  const stored = await storedSpans(page, 'elision.txt');
  expect(stored.map((s) => s.text)).toEqual(['Organisation de coopération', 'l’Organisation des Nations unies']);
});

/** The viewport box of the `occurrence`-th chip with this label name. */
async function chipBox(page: Page, name: string, occurrence = 0): Promise<{ x: number; y: number }> {
  const box = await page.locator('.chip', { hasText: name }).nth(occurrence).boundingBox();
  if (!box) throw new Error(`no ${name} chip on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

test('dragging a chip to make a relation moves no text under the pointer', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'glisser.txt', TEXT);
  await dragSelect(page, 'Xi Jinping');
  await page.keyboard.press('1');
  await dragSelect(page, 'Pékin');
  await page.keyboard.press('2');
  const para = page.locator('.text p.para').first();
  const before = await para.boundingBox();
  const reader = await page.getByRole('region', { name: 'Reader' }).evaluate((el) => el.scrollTop);
  const from = await chipBox(page, 'PER');
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 40, from.y + 10, { steps: 4 });
  const during = await para.boundingBox();
  const target = await chipBox(page, 'ORG');
  await page.mouse.move(target.x, target.y, { steps: 4 });
  const over = await para.boundingBox();
  expect(during).toEqual(before);
  expect(over).toEqual(before);
  expect(await page.getByRole('region', { name: 'Reader' }).evaluate((el) => el.scrollTop)).toBe(reader);
  await page.mouse.up();
  await expect.poll(async () => (await readStores<{ relations: unknown[] }>(page, ['relations'])).relations.length).toBe(1);
});

const LONG = Array.from(
  { length: 8 },
  (_, i) => `Paragraphe ${i + 1}. ` + 'Le président chinois Xi Jinping a reçu Vladimir Poutine à Pékin pour parler de coopération, de commerce et de sécurité. '.repeat(2) + `Fin ${i + 1}.`,
).join('\n');

test('the label menu of a selection across paragraphs opens beside its end and leaves the lines around it readable', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'menu.txt', LONG);
  // the drag goes from the start of paragraph 3 to "commerce" in paragraph 4
  const drag = await page.evaluate(() => {
    const paras = [...document.querySelectorAll<HTMLElement>('.text p.para')];
    const rectAt = (p: HTMLElement, i: number) => {
      const r = document.createRange();
      r.setStart(p.firstChild as Text, i);
      r.setEnd(p.firstChild as Text, i + 1);
      return r.getClientRects()[0] as DOMRect;
    };
    const a = paras[2] as HTMLElement;
    const b = paras[3] as HTMLElement;
    const end = (b.firstChild as Text).data.indexOf('commerce') + 'commerce'.length - 1;
    // the end 200 px above the window's bottom
    b.scrollIntoView({ block: 'start' });
    (document.querySelector('.reader') as HTMLElement).scrollTop += rectAt(b, end).top - (innerHeight - 200);
    const ra = rectAt(a, 0);
    const rb = rectAt(b, end);
    return { x1: ra.left + 1, y1: ra.top + ra.height / 2, x2: rb.right - 1, y2: rb.top + rb.height / 2, end };
  });
  // the end is low enough that a menu below it would not fit (where the menu used to jump ~280 px up)
  expect(drag.y2 + 300).toBeGreaterThan(page.viewportSize()?.height ?? 0);
  await page.mouse.move(drag.x1, drag.y1);
  await page.mouse.down();
  await page.mouse.move(drag.x2, drag.y2, { steps: 6 });
  await page.mouse.up();
  const menu = page.getByRole('dialog', { name: 'Label the selection' });
  await expect(menu).toBeVisible();
  const box = await menu.boundingBox();
  const lines = await page.evaluate((end) => {
    const p = [...document.querySelectorAll<HTMLElement>('.text p.para')][3] as HTMLElement;
    const text = p.firstChild as Text;
    const rectAt = (i: number) => {
      const r = document.createRange();
      r.setStart(text, i);
      r.setEnd(text, i + 1);
      return r.getClientRects()[0] as DOMRect;
    };
    const last = rectAt(end);
    let i = end + 1;
    while (i < text.length && rectAt(i).top <= last.bottom) i++;
    const next = rectAt(i);
    let j = end - 1;
    while (j > 0 && rectAt(j).bottom >= last.top) j--;
    const previous = rectAt(j);
    const column = (document.querySelector('.text') as HTMLElement).getBoundingClientRect();
    return {
      previous: { top: previous.top, bottom: previous.bottom },
      last: { top: last.top, bottom: last.bottom },
      next: { top: next.top, bottom: next.bottom },
      left: column.left,
      right: column.right,
    };
  }, drag.end);
  if (!box) throw new Error('the menu has no box');
  const overColumn = box.x < lines.right && box.x + box.width > lines.left;
  const overBand = (band: { top: number; bottom: number }) => overColumn && box.y < band.bottom && box.y + box.height > band.top;
  expect(overBand(lines.last), 'the menu covers the line where the selection ends').toBe(false);
  expect(overBand(lines.next), 'the menu covers the line after the selection').toBe(false);
  expect(overBand(lines.previous), 'the menu covers the line above the one where the selection ends').toBe(false);
  // and it stays by the selection's end: beside the column, or with only the neighbouring line between them
  const distance = Math.min(Math.abs(box.y - lines.last.bottom), Math.abs(box.y + box.height - lines.last.top));
  const pitch = lines.next.top - lines.last.top;
  expect(overColumn ? distance : 0).toBeLessThan(1.5 * pitch);
  await page.keyboard.press('2');
  await expect.poll(async () => (await storedSpans(page, 'menu.txt')).map((s) => s.label)).toEqual(['ORG']);
});

test('after a restart the document reopens where the user was, with the same selection', async ({ glose }) => {
  await importText(glose, 'place.txt', LONG);
  const topText = () =>
    glose.page.evaluate(() => {
      const area = (document.querySelector('.reader') as HTMLElement).getBoundingClientRect();
      const first = [...document.querySelectorAll<HTMLElement>('.text p.para')].find((p) => p.getBoundingClientRect().bottom > area.top + 2);
      return { para: first?.firstChild instanceof Text ? first.firstChild.data.slice(0, 12) : '', dy: Math.round((first?.getBoundingClientRect().top ?? 0) - area.top) };
    });
  // down to paragraph 6 (the drag scrolls it to the middle), where a name is selected
  await dragSelect(glose.page, 'Xi Jinping', { occurrence: 10 });
  const before = await topText();
  expect(before.para).not.toBe('Paragraphe 1');
  // the place is stored a moment after the last scroll or selection
  // (the selection with it: a place written earlier, on the way down, has none)
  await expect
    .poll(async () => (await readStores<{ settings: Array<{ key: string; value: { pending?: unknown } }> }>(glose.page, ['settings'])).settings.some((s) => s.key.startsWith('readingPlace:') && s.value.pending !== undefined))
    .toBe(true);
  await glose.restart();
  const page = glose.page;
  await expect(page.getByRole('document', { name: 'Document text' })).toBeVisible();
  await expect.poll(async () => (await topText()).para).toBe(before.para);
  expect(Math.abs((await topText()).dy - before.dy)).toBeLessThanOrEqual(2);
  // the selection is back (drawn as the pending one), and a label key tags it
  await expect.poll(() => page.evaluate(() => CSS.highlights.get('gl-pending')?.size ?? 0)).toBe(1);
  await page.keyboard.press('1');
  const xi = LONG.split('Xi Jinping').slice(0, 11).join('Xi Jinping').length;
  await expect.poll(() => storedSpans(page, 'place.txt')).toEqual([{ text: 'Xi Jinping', label: 'PER', start: xi, end: xi + 10 }]);
});

test('exports of all documents leave the welcome document out unless it is ticked in', async ({ glose }) => {
  const { page } = glose;
  await importText(glose, 'article.txt', TEXT);
  await page.keyboard.press('Control+e');
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByRole('radio', { name: /All documents of the project/ }).check();
  const all = dialog.locator('label', { hasText: 'All documents of the project' });
  await expect(all).toContainText('(1)');
  const include = dialog.getByRole('checkbox', { name: 'Include Glose’s welcome document (Bienvenue — Welcome)' });
  await expect(include).not.toBeChecked();
  await include.check();
  await expect(all).toContainText('(2)');
  await include.uncheck();
  const out = join(glose.dir, 'all.jsonl');
  await glose.stubSaveDialog(out);
  await dialog.getByRole('button', { name: 'Export…' }).click();
  await expect(dialog.getByRole('status', { name: 'Export summary' })).toContainText('Exported 1 document');
  const lines = (await readFile(out, 'utf8')).trim().split('\n');
  expect(lines.map((l) => (JSON.parse(l) as { text: string }).text)).toEqual([TEXT]);
});

test('headings of a Markdown file read as headings, with the text and its offsets unchanged', async ({ glose }) => {
  const { page } = glose;
  const md = ['# Sommet de Pékin', '', 'Xi Jinping a reçu Vladimir Poutine.', '', 'Les suites', '----------', '', 'Le Kremlin se tait.'].join('\n');
  await importText(glose, 'sommet.md', md);
  const text = page.getByRole('document', { name: 'Document text' });
  await expect(text.getByRole('heading', { level: 1 })).toHaveText('# Sommet de Pékin');
  await expect(text.getByRole('heading', { level: 2 })).toHaveText('Les suites');
  const size = (name: string) => text.getByText(name, { exact: true }).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(await size('Les suites')).toBeGreaterThan(await size('Le Kremlin se tait.'));
  await dragSelect(page, 'Pékin');
  await page.keyboard.press('3');
  await expect.poll(() => storedSpans(page, 'sommet.md')).toEqual([{ text: 'Pékin', label: 'LOC', start: md.indexOf('Pékin'), end: md.indexOf('Pékin') + 5 }]);
});

test('a selection whose ends fall between paragraphs (in the text, a group of blocks or a block) takes the paragraphs between them', async ({ glose }) => {
  const { page } = glose;
  // 400 paragraphs: three groups of 16 blocks of 12 paragraphs, so every level of the reader's layout is there
  const paras = Array.from({ length: 400 }, (_, i) => `Paragraphe ${i} du livre.`);
  await importText(glose, 'long.txt', paras.join('\n'));
  await expect(page.locator('.text p.para').first()).toHaveText('Paragraphe 0 du livre.');
  const cases: Array<{ from: [string, number]; to: [string, number]; first: number; last: number }> = [
    // the text root's children are groups of 192 paragraphs
    { from: ['root', 1], to: ['root', 2], first: 192, last: 383 },
    // a group's children are blocks of 12 paragraphs: group 1, block 2 of it (paragraph 192 + 24) to block 3
    { from: ['group:1', 2], to: ['group:1', 3], first: 216, last: 227 },
    // a block's children are paragraphs: block 20 (paragraphs 240 to 251), its 5th to its 8th
    { from: ['block:20', 5], to: ['block:20', 8], first: 245, last: 247 },
    // past a block's last child: to the end of its last paragraph
    { from: ['block:33', 0], to: ['block:33', 4], first: 396, last: 399 },
  ];
  for (const [n, c] of cases.entries()) {
    await page.evaluate(
      ({ from, to }) => {
        const root = document.querySelector('.text') as HTMLElement;
        const node = (what: string) => {
          if (what === 'root') return root;
          const [kind, index] = what.split(':') as [string, string];
          const el = root.querySelector(kind === 'group' ? `.group[data-g="${index}"]` : `.block[data-b="${index}"]`);
          if (!el) throw new Error(`no ${what}`);
          // a block's paragraphs are made when it comes near the screen: bring it there first
          el.scrollIntoView();
          return el;
        };
        const a = node(from[0]);
        const b = node(to[0]);
        document.getSelection()?.setBaseAndExtent(a, from[1], b, to[1]);
        root.dispatchEvent(new MouseEvent('mouseup', { bubbles: true, button: 0 }));
      },
      { from: c.from, to: c.to },
    );
    await expect(page.getByRole('dialog', { name: 'Label the selection' })).toBeVisible();
    await page.keyboard.press('1');
    await expect
      .poll(async () => (await storedSpans(page, 'long.txt')).length, { message: `case ${n}` })
      .toBe(n + 1);
    const spans = await storedSpans(page, 'long.txt');
    const made = spans.find((s) => s.text.startsWith(`Paragraphe ${c.first} `));
    expect(made?.text, `case ${n}`).toBe(paras.slice(c.first, c.last + 1).join('\n'));
  }
});
