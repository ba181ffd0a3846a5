// The Content-Security-Policy has no 'unsafe-inline' for styles, and the app lives with it: a whole
// session (open, import, annotate, menus, popover, dialogs, corpus view) violates nothing, and every
// bundled font face (Literata and Inter, every subset) loads from the app's files.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { dragSelect, importText } from './helpers';

// Cyrillic Extended (U+0460–052F, in Literata's smallest subset) and the hryvnia sign: faces that
// Vite used to inline as data: URLs, which the policy's font-src 'self' refuses.
const TEXT = 'Ѣ Ґ ₴ — Olena Petrenko a rencontré Angela Merkel à Kyiv.\nLe sommet a porté sur l’énergie.\n';

/** Violations from before the app's first script runs, through the whole session. */
async function recordViolations(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) console.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`));
  });
  await page.reload();
  await page.locator('body[data-ready="true"]').waitFor();
  return async () => [...console, ...(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations))];
}

test('a whole session raises no CSP violation, and every bundled font face loads', async ({ glose }) => {
  // a whole session, step by step: longer than one action's test
  test.setTimeout(180_000);
  const { page } = glose;
  const violations = await recordViolations(page);

  await importText(glose, 'kyiv.txt', TEXT);
  await dragSelect(page, 'Olena Petrenko');
  await page.keyboard.press('1');
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  // the label menu at a selection, then the span's popover
  await dragSelect(page, 'Kyiv');
  const menu = page.getByRole('dialog', { name: 'Label the selection' });
  await expect(menu).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(menu).toBeHidden();
  await page.getByRole('list', { name: 'Annotations' }).getByRole('button').first().click();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: /^Annotation / })).toBeVisible();
  await page.keyboard.press('Escape');
  // dialogs: settings, shortcuts, export, labels, projects
  await page.keyboard.press('Control+,');
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Close' }).click();
  await page.getByRole('main').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+e');
  await expect(page.getByRole('dialog', { name: 'Export' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Labels…' }).click();
  await expect(page.getByRole('dialog', { name: /^Labels of/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Projects…' }).click();
  await expect(page.getByRole('dialog', { name: 'Projects' })).toBeVisible();
  await page.keyboard.press('Escape');
  // the corpus view, with its statistics
  await page.getByRole('tab', { name: 'Corpus' }).click();
  await expect(page.getByRole('main')).toContainText('kyiv.txt');

  const faces = await page.evaluate(async () => {
    const all = [...document.fonts];
    await Promise.allSettled(all.map((f) => f.load()));
    return {
      families: [...new Set(all.map((f) => f.family.replace(/["']/g, '')))].sort(),
      failed: all.filter((f) => f.status !== 'loaded').map((f) => `${f.family} ${f.style} ${f.weight} ${f.unicodeRange}: ${f.status}`),
      count: all.length,
      literata: document.fonts.check('16px Literata', 'Ѣ Ґ ₴'),
      inter: document.fonts.check('600 13px Inter', 'Ѣ Ґ ₴'),
    };
  });
  expect(faces.families).toEqual(['Inter', 'Literata']);
  expect(faces.count).toBeGreaterThan(20);
  expect(faces.failed).toEqual([]);
  expect([faces.literata, faces.inter]).toEqual([true, true]);
  expect(await violations()).toEqual([]);
});

test('the policy refuses what it is there to refuse: a style element and a style attribute from markup', async ({ glose }) => {
  const { page } = glose;
  const applied = await page.evaluate(async () => {
    const seen: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => seen.push(e.effectiveDirective));
    const probe = document.createElement('div');
    probe.innerHTML = '<style>#csp-probe-a { width: 123px }</style><div id="csp-probe-a"></div><div id="csp-probe-b" style="width: 77px"></div>';
    document.body.append(probe);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const width = (id: string) => (document.getElementById(id) as HTMLElement).getBoundingClientRect().width;
    const result = { a: width('csp-probe-a'), b: width('csp-probe-b'), seen };
    probe.remove();
    return result;
  });
  expect(applied.a).not.toBe(123);
  expect(applied.b).not.toBe(77);
  expect([...new Set(applied.seen)].sort()).toEqual(['style-src-attr', 'style-src-elem']);
});
