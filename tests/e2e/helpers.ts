// What a user does and sees, as reusable steps: select text with the mouse, read what is stored.
import type { Page } from '@playwright/test';

/**
 * Drags the mouse over the `occurrence`-th match of `needle` in the document text, from character
 * `from` to character `to` of the match (defaults: the whole match).
 */
export async function dragSelect(page: Page, needle: string, opts: { from?: number; to?: number; occurrence?: number; alt?: boolean } = {}): Promise<void> {
  const points = await page.evaluate(
    ({ needle, from, to, occurrence }) => {
      let seen = 0;
      for (const p of document.querySelectorAll<HTMLElement>('.text p.para')) {
        const node = p.firstChild;
        if (!(node instanceof Text)) continue;
        let at = node.data.indexOf(needle);
        while (at >= 0) {
          if (seen++ === occurrence) {
            p.scrollIntoView({ block: 'center' });
            const rectAt = (i: number) => {
              const r = document.createRange();
              r.setStart(node, i);
              r.setEnd(node, i + 1);
              return r.getClientRects()[0] as DOMRect;
            };
            const a = rectAt(at + from);
            const b = rectAt(at + to - 1);
            return { x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2 };
          }
          at = node.data.indexOf(needle, at + 1);
        }
      }
      return null;
    },
    { needle, from: opts.from ?? 0, to: opts.to ?? needle.length, occurrence: opts.occurrence ?? 0 },
  );
  if (!points) throw new Error(`"${needle}" is not in the document text`);
  if (opts.alt) await page.keyboard.down('Alt');
  await page.mouse.move(points.x1, points.y1);
  await page.mouse.down();
  await page.mouse.move((points.x1 + points.x2) / 2, (points.y1 + points.y2) / 2, { steps: 3 });
  await page.mouse.move(points.x2, points.y2, { steps: 3 });
  await page.mouse.up();
  if (opts.alt) await page.keyboard.up('Alt');
}

/** Clicks the middle of the first match of `needle` in the text. */
export async function clickText(page: Page, needle: string): Promise<void> {
  const pt = await page.evaluate((needle) => {
    for (const p of document.querySelectorAll<HTMLElement>('.text p.para')) {
      const node = p.firstChild;
      if (!(node instanceof Text)) continue;
      const at = node.data.indexOf(needle);
      if (at < 0) continue;
      const mid = at + Math.floor(needle.length / 2);
      const r = document.createRange();
      r.setStart(node, mid);
      r.setEnd(node, mid + 1);
      const rect = r.getClientRects()[0] as DOMRect;
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    }
    return null;
  }, needle);
  if (!pt) throw new Error(`"${needle}" is not in the document text`);
  await page.mouse.click(pt.x, pt.y);
}

export interface StoredSpan {
  text: string;
  label: string;
  start: number;
  end: number;
}

/** Reads the spans of a document straight from IndexedDB (not from the screen). */
export async function storedSpans(page: Page, docName: string): Promise<StoredSpan[]> {
  return page.evaluate(async (docName) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('glose');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = <T,>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result as T[]);
        req.onerror = () => reject(req.error);
      });
    const docs = await all<{ id: string; name: string }>('documents');
    const doc = docs.find((d) => d.name === docName);
    if (!doc) {
      db.close();
      return [];
    }
    const texts = await all<{ id: string; text: string }>('texts');
    const text = texts.find((t) => t.id === doc.id)?.text ?? '';
    const labels = new Map((await all<{ id: string; name: string }>('labels')).map((l) => [l.id, l.name]));
    const spans = (await all<{ docId: string; labelId: string; start: number; end: number }>('spans')).filter((s) => s.docId === doc.id);
    db.close();
    return spans
      .map((s) => ({ text: text.slice(s.start, s.end), label: labels.get(s.labelId) ?? '?', start: s.start, end: s.end }))
      .sort((a, b) => a.start - b.start);
  }, docName);
}
