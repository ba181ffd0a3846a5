import { test, expect } from './fixtures';
import { clickText, dragSelect, importText, putSetting, storedDetails, storedSpans } from './helpers';

const TEXT = [
  'Le président chinois Xi Jinping a reçu Vladimir Poutine à Pékin le 4 février 2022.',
  '« Notre amitié n’a pas de limites », a déclaré Xi Jinping.',
  'Les deux pays sont membres de l’Organisation de coopération de Shanghai.',
].join('\n');

test.describe('annotation editor', () => {
  test('nested spans by mouse and label menu; each can be selected; undo and redo', async ({ glose }) => {
    const { page } = glose;
    await importText(glose, 'sommet.txt', TEXT);
    const list = page.getByRole('complementary', { name: 'Labels and annotations' });

    // the label menu opens at the selection; typing filters it and Enter applies
    await dragSelect(page, 'Organisation de coopération de Shanghai', { from: 3, to: 37 });
    const menu = page.getByRole('dialog', { name: 'Label the selection' });
    await expect(menu).toBeVisible();
    await page.keyboard.type('or');
    await expect(menu.getByRole('option')).toHaveText([/^ORG\s*2$/]);
    await page.keyboard.press('Enter');
    await expect(menu).toBeHidden();
    await dragSelect(page, 'Shanghai');
    await page.keyboard.press('3');
    await expect(list.getByRole('button', { name: 'ORG Organisation de coopération de Shanghai' })).toBeVisible();
    await expect(list.getByRole('button', { name: 'LOC Shanghai' })).toBeVisible();
    await expect(page.locator('.chip')).toHaveText(['ORG', 'LOC']);

    // Esc cancels the menu and creates nothing
    await dragSelect(page, 'Pékin');
    await expect(menu).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();

    // a click on nested text selects the innermost span, a second click the one around it
    await clickText(page, 'Shanghai');
    await expect(list.getByRole('button', { name: 'LOC Shanghai' })).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('Escape');
    await clickText(page, 'Shanghai');
    await clickText(page, 'Shanghai');
    await expect(list.getByRole('button', { name: 'ORG Organisation de coopération de Shanghai' })).toHaveAttribute('aria-pressed', 'true');

    // relabel with a hotkey, then undo and redo it
    await page.keyboard.press('5');
    await expect(list.getByRole('button', { name: 'EVENT Organisation de coopération de Shanghai' })).toBeVisible();
    await page.keyboard.press('Control+z');
    await expect(list.getByRole('button', { name: 'ORG Organisation de coopération de Shanghai' })).toBeVisible();
    await page.keyboard.press('Control+Shift+z');
    await expect(list.getByRole('button', { name: 'EVENT Organisation de coopération de Shanghai' })).toBeVisible();
    // Ctrl+Y redoes too: undo once more, so that there is something to redo
    await page.keyboard.press('Control+z');
    await expect(list.getByRole('button', { name: 'ORG Organisation de coopération de Shanghai' })).toBeVisible();
    await page.keyboard.press('Control+y');
    await expect(list.getByRole('button', { name: 'EVENT Organisation de coopération de Shanghai' })).toBeVisible();
    await page.keyboard.press('Control+z');
    await expect(list.getByRole('button', { name: 'ORG Organisation de coopération de Shanghai' })).toBeVisible();

    await glose.restart();
    expect(await storedSpans(glose.page, 'sommet.txt')).toEqual([
      { text: 'Organisation de coopération de Shanghai', label: 'ORG', start: TEXT.indexOf('Organisation'), end: TEXT.indexOf('Shanghai') + 8 },
      { text: 'Shanghai', label: 'LOC', start: TEXT.indexOf('Shanghai'), end: TEXT.indexOf('Shanghai') + 8 },
    ]);
  });

  test('keyboard only: caret, extend, label, next span, grow and shrink, delete', async ({ glose }) => {
    const { page } = glose;
    await importText(glose, 'clavier.txt', TEXT);
    const list = page.getByRole('complementary', { name: 'Labels and annotations' });
    await page.getByRole('document', { name: 'Document text' }).focus();
    // caret starts on "Le"; three words right is "Xi"
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('1');
    await expect(list.getByRole('button', { name: 'PER Xi Jinping' })).toBeVisible();
    // ArrowDown goes to the next paragraph's first word; Enter selects the word at the caret
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('4');
    const date = (name: string) => list.getByRole('button', { name: `DATE ${name}`, exact: true });
    await expect(date('Notre amitié')).toBeVisible();
    // grow the end by two words ("n’" and "a": the elision is a word of its own), shrink the start, shrink the end
    await page.keyboard.press('Alt+ArrowRight');
    await page.keyboard.press('Alt+ArrowRight');
    await expect(date('Notre amitié n’a')).toBeVisible();
    await page.keyboard.press('Alt+Shift+ArrowRight');
    await expect(date('amitié n’a')).toBeVisible();
    await page.keyboard.press('Alt+ArrowLeft');
    await expect(date('amitié n’')).toBeVisible();
    // Tab goes to the previous/next annotation in reading order
    await page.keyboard.press('Shift+Tab');
    await expect(list.getByRole('button', { name: 'PER Xi Jinping' })).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('Tab');
    await expect(date('amitié n’')).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('Delete');
    await expect(date('amitié n’')).toHaveCount(0);
    await page.keyboard.press('Control+z');
    await expect(date('amitié n’')).toBeVisible();
    await glose.restart();
    expect((await storedSpans(glose.page, 'clavier.txt')).map((s) => `${s.label} ${s.text}`)).toEqual(['PER Xi Jinping', 'DATE amitié n’']);
  });

  test('popover: note, attribute, relation by dragging and by keyboard, delete a relation', async ({ glose }) => {
    const { page } = glose;
    await importText(glose, 'citation.txt', TEXT);
    const tag = async (needle: string, key: string, occurrence = 0) => {
      await dragSelect(page, needle, { occurrence });
      await page.keyboard.press(key);
    };
    await tag('Notre amitié n’a pas de limites', '6');
    await tag('Xi Jinping', '1', 1);
    await tag('Vladimir Poutine', '1');

    // drag from the QUOTE chip onto "Xi Jinping" (second occurrence): said_by is the only type allowed
    const chip = page.locator('.chip', { hasText: 'QUOTE' });
    const target = await page.evaluate(() => {
      const p = document.querySelectorAll('.text p.para')[1] as HTMLElement;
      const node = p.firstChild as Text;
      const at = node.data.indexOf('Xi Jinping') + 2;
      const r = document.createRange();
      r.setStart(node, at);
      r.setEnd(node, at + 1);
      const rect = r.getBoundingClientRect();
      return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
    });
    const box = await chip.boundingBox();
    if (!box) throw new Error('no chip');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(target.x, target.y, { steps: 5 });
    await page.mouse.up();
    const relations = page.getByRole('list', { name: 'Relations' });
    await expect(relations.getByRole('button')).toHaveText(['Notre amitié n’a pas de limites —said_by→ Xi Jinping']);
    // the arc is drawn while the quote is selected
    await expect(page.locator('svg.arcs path.arc')).toHaveCount(1);

    // keyboard: select the quote (Tab from the start), R, Tab to Poutine, Enter
    await page.getByRole('document', { name: 'Document text' }).focus();
    await page.keyboard.press('Escape');
    await page.getByRole('complementary', { name: 'Labels and annotations' }).getByRole('button', { name: 'QUOTE Notre amitié' }).click();
    await page.keyboard.press('r');
    await expect(page.getByRole('status').filter({ hasText: 'Choose the target annotation' })).toBeVisible();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect(relations.getByRole('button')).toHaveCount(2);

    // open the quote's popover with Enter: note and attribute
    await page.getByRole('complementary', { name: 'Labels and annotations' }).getByRole('button', { name: 'QUOTE Notre amitié' }).click();
    await page.keyboard.press('Enter');
    const pop = page.getByRole('dialog', { name: /^Annotation QUOTE/ });
    await expect(pop).toBeVisible();
    await pop.getByRole('combobox', { name: 'kind' }).selectOption('direct');
    await pop.getByRole('textbox', { name: 'Note' }).fill('Déclaration à la presse');
    await pop.getByRole('textbox', { name: 'Note' }).blur();
    // delete the relation to Poutine from the popover
    await pop.getByRole('button', { name: /Delete relation said_by → PER Vladimir Poutine/ }).click();
    await expect(relations.getByRole('button')).toHaveCount(1);
    await pop.getByRole('button', { name: 'Close' }).click();
    await expect(pop).toBeHidden();

    await glose.restart();
    const stored = await storedDetails(glose.page, 'citation.txt');
    expect(stored.relations).toEqual([{ from: 'Notre amitié n’a pas de limites', to: 'Xi Jinping', type: 'said_by' }]);
    expect(stored.notes).toEqual({ 'Notre amitié n’a pas de limites': 'Déclaration à la presse' });
    expect(stored.attributes).toEqual({ 'Notre amitié n’a pas de limites': { kind: 'direct' } });
  });

  test('document status and categories, undoable', async ({ glose }) => {
    const { page } = glose;
    await importText(glose, 'statut.txt', TEXT);
    await page.getByRole('radiogroup', { name: 'Document status' }).getByRole('radio', { name: 'Done' }).click();
    const topic = page.getByRole('group', { name: 'Document topic' });
    await topic.getByRole('button', { name: 'diplomacy' }).click();
    await topic.getByRole('button', { name: 'energy' }).click();
    await topic.getByRole('button', { name: 'energy' }).click();
    await expect(topic.getByRole('button', { name: 'diplomacy' })).toHaveAttribute('aria-pressed', 'true');
    await expect(topic.getByRole('button', { name: 'energy' })).toHaveAttribute('aria-pressed', 'false');
    await page.keyboard.press('Control+z');
    await expect(topic.getByRole('button', { name: 'energy' })).toHaveAttribute('aria-pressed', 'true');
    await glose.restart();
    const stored = await storedDetails(glose.page, 'statut.txt');
    expect(stored.status).toBe('done');
    expect(stored.categories).toEqual(['diplomacy', 'energy']);
  });

  test('search: plain and regular expression, count, label all matches in one undo step', async ({ glose }) => {
    const { page } = glose;
    await importText(glose, 'recherche.txt', TEXT);
    await page.getByRole('document', { name: 'Document text' }).focus();
    await page.keyboard.press('Control+f');
    const search = page.getByRole('search', { name: 'Find in document' });
    await search.getByRole('searchbox', { name: 'Find in document' }).fill('xi jinping');
    await expect(search.getByRole('status')).toHaveText('1 of 2 matches');
    await search.getByRole('checkbox', { name: 'Match case' }).check();
    await expect(search.getByRole('status')).toHaveText('No matches');
    await search.getByRole('checkbox', { name: 'Match case' }).uncheck();
    await search.getByRole('checkbox', { name: 'Regular expression' }).check();
    await search.getByRole('searchbox', { name: 'Find in document' }).fill('\\b(Xi Jinping|Vladimir Poutine)\\b');
    await expect(search.getByRole('status')).toHaveText('1 of 3 matches');
    await search.getByRole('searchbox', { name: 'Find in document' }).fill('(broken');
    await expect(search.getByRole('status')).toContainText('Invalid expression');
    await search.getByRole('searchbox', { name: 'Find in document' }).fill('Xi Jinping|Vladimir Poutine');
    // one of the three is already a PER: label all creates the other two
    await search.getByRole('button', { name: 'Close search' }).click();
    await dragSelect(page, 'Vladimir Poutine');
    await page.keyboard.press('1');
    await page.keyboard.press('Control+f');
    await search.getByRole('searchbox', { name: 'Find in document' }).fill('Xi Jinping|Vladimir Poutine');
    await search.getByRole('combobox', { name: 'Label for all matches' }).selectOption({ label: 'PER' });
    await search.getByRole('button', { name: 'Label all matches' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Labelled 2 matches as PER (1 already covered)' })).toBeVisible();
    await expect.poll(async () => (await storedSpans(page, 'recherche.txt')).length).toBe(3);
    await search.getByRole('button', { name: 'Close search' }).click();
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await storedSpans(page, 'recherche.txt')).map((s) => s.text)).toEqual(['Vladimir Poutine']);
  });

  test('the keyboard cheat sheet opens with ?', async ({ glose }) => {
    const { page } = glose;
    await page.getByRole('document', { name: 'Document text' }).focus();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('row', { name: /Tab \/ Shift \+ Tab/ })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });
});

test('the overlay painter (settings key markPainter) draws the same marks with elements behind the text', async ({ glose }) => {
  await putSetting(glose.page, 'markPainter', 'overlay');
  await glose.restart();
  const { page } = glose;
  await importText(glose, 'overlay.txt', TEXT);
  await dragSelect(page, 'Organisation de coopération de Shanghai');
  await page.keyboard.press('2');
  await dragSelect(page, 'Shanghai');
  await page.keyboard.press('3');
  const text = page.getByRole('document', { name: 'Document text' });
  await expect(text.locator('.chip')).toHaveText(['ORG', 'LOC']);
  // one mark per span here (each fits on one line), and no span is registered as a CSS highlight
  await expect(text.locator('.mark')).toHaveCount(2);
  const registered = await page.evaluate(() => [...CSS.highlights.entries()].filter(([name]) => name.startsWith('gl-l-')).reduce((n, [, h]) => n + h.size, 0));
  expect(registered).toBe(0);
  // the LOC mark covers exactly "Shanghai"
  const [mark, word] = await page.evaluate(() => {
    const marks = [...document.querySelectorAll<HTMLElement>('.text .mark')].map((m) => m.getBoundingClientRect());
    const p = [...document.querySelectorAll('.text p.para')].find((x) => x.textContent?.includes('Shanghai')) as HTMLElement;
    const node = p.firstChild as Text;
    const r = document.createRange();
    r.setStart(node, node.data.indexOf('Shanghai'));
    r.setEnd(node, node.data.indexOf('Shanghai') + 8);
    const w = r.getBoundingClientRect();
    const narrow = marks.sort((a, b) => a.width - b.width)[0] as DOMRect;
    return [
      [Math.round(narrow.left), Math.round(narrow.width)],
      [Math.round(w.left), Math.round(w.width)],
    ];
  });
  expect(mark).toEqual(word);
  await page.keyboard.press('Control+z');
  await expect(text.locator('.mark')).toHaveCount(1);
});
