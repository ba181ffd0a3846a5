// What a user does and sees, as reusable steps: select text with the mouse, read what is stored.
import type { Page } from '@playwright/test';

/**
 * Drags the mouse over the `occurrence`-th match of `needle` in the document text, from character
 * `from` to character `to` of the match (defaults: the whole match).
 */
export async function dragSelect(page: Page, needle: string, opts: { from?: number; to?: number; occurrence?: number; alt?: boolean } = {}): Promise<void> {
  // a reader that is still putting the text back where the user left it may move it after we measure
  await page.waitForFunction(() => !document.querySelector('section.reader[data-place="settling"]'));
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

/** The middle of the `occurrence`-th match of `needle` in the text, in viewport coordinates. */
async function textPoint(page: Page, needle: string, occurrence: number): Promise<{ x: number; y: number }> {
  const pt = await page.evaluate(
    ({ needle, occurrence }) => {
      let seen = 0;
      for (const p of document.querySelectorAll<HTMLElement>('.text p.para')) {
        const node = p.firstChild;
        if (!(node instanceof Text)) continue;
        for (let at = node.data.indexOf(needle); at >= 0; at = node.data.indexOf(needle, at + 1)) {
          if (seen++ !== occurrence) continue;
          const mid = at + Math.floor(needle.length / 2);
          const r = document.createRange();
          r.setStart(node, mid);
          r.setEnd(node, mid + 1);
          const rect = r.getClientRects()[0] as DOMRect;
          return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
        }
      }
      return null;
    },
    { needle, occurrence },
  );
  if (!pt) throw new Error(`"${needle}" (match ${occurrence + 1}) is not in the document text`);
  return pt;
}

/** Clicks the middle of the first (or the `occurrence`-th) match of `needle` in the text. */
export async function clickText(page: Page, needle: string, occurrence = 0): Promise<void> {
  const pt = await textPoint(page, needle, occurrence);
  await page.mouse.click(pt.x, pt.y);
}

/** Moves the pointer over the middle of the first (or the `occurrence`-th) match of `needle` in the text. */
export async function hoverText(page: Page, needle: string, occurrence = 0): Promise<void> {
  const pt = await textPoint(page, needle, occurrence);
  await page.mouse.move(pt.x, pt.y, { steps: 2 });
}

export interface StoredSpan {
  text: string;
  label: string;
  start: number;
  end: number;
}

/** Reads the spans of a document straight from IndexedDB (not from the screen). */
export async function storedSpans(page: Page, docName: string): Promise<StoredSpan[]> {
  const { documents, texts, labels, spans } = await readStores<{
    documents: Array<{ id: string; name: string }>;
    texts: Array<{ id: string; text: string }>;
    labels: Array<{ id: string; name: string }>;
    spans: Array<{ docId: string; labelId: string; start: number; end: number }>;
  }>(page, ['documents', 'texts', 'labels', 'spans']);
  const doc = documents.find((d) => d.name === docName);
  if (!doc) return [];
  const text = texts.find((t) => t.id === doc.id)?.text ?? '';
  const names = new Map(labels.map((l) => [l.id, l.name]));
  return spans
    .filter((s) => s.docId === doc.id)
    .map((s) => ({ text: text.slice(s.start, s.end), label: names.get(s.labelId) ?? '?', start: s.start, end: s.end }))
    .sort((a, b) => a.start - b.start);
}

/** Writes one row of the app's settings table, as the app itself would store it. */
export async function putSetting(page: Page, key: string, value: unknown): Promise<void> {
  await page.evaluate(
    ({ key, value }) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('glose');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const tx = req.result.transaction('settings', 'readwrite');
          tx.objectStore('settings').put({ key, value });
          tx.oncomplete = () => (req.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
    { key, value },
  );
}

/** Every record of the named stores of Glose's IndexedDB, read in the page (not from the screen). */
export async function readStores<T extends Record<string, unknown[]>>(page: Page, stores: Array<keyof T & string>): Promise<T> {
  return (await page.evaluate(async (names) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('glose');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const out: Record<string, unknown[]> = {};
    for (const name of names) {
      out[name] = await new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction(name).objectStore(name).getAll();
        req.onsuccess = () => resolve(req.result as unknown[]);
        req.onerror = () => reject(req.error);
      });
    }
    db.close();
    return out;
  }, stores)) as T;
}

/**
 * Writes `count` documents straight into the app's database (as the app stores them: record, text,
 * no spans) and reloads, the quick way to a large corpus. Document i is named doc-0001.txt… and its
 * text says "needle i" on its second line (CRLF-free, as stored).
 */
export async function seedDocuments(page: Page, count: number): Promise<void> {
  await page.evaluate(async (count) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('glose');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const project = await new Promise<{ id: string }>((resolve, reject) => {
      const req = db.transaction('projects').objectStore('projects').getAll();
      req.onsuccess = () => resolve((req.result as Array<{ id: string }>)[0] as { id: string });
      req.onerror = () => reject(req.error);
    });
    const tx = db.transaction(['documents', 'texts'], 'readwrite');
    const now = Date.now();
    for (let i = 1; i <= count; i++) {
      const id = crypto.randomUUID();
      const n = String(i).padStart(4, '0');
      const text = `Document ${n} 🙂 du corpus.\nUne ligne avec needle ${n}, et puis c’est tout.`;
      tx.objectStore('documents').put({
        id,
        projectId: project.id,
        name: `doc-${n}.txt`,
        meta: { format: 'txt', encoding: 'utf-8', hash: `h-${n}`, size: text.length, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } },
        status: 'new',
        length: text.length,
        spanCount: 0,
        categories: [],
        // after the welcome document, in name order
        createdAt: now + i,
        updatedAt: now + i,
      });
      tx.objectStore('texts').put({ id, text });
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, count);
  await page.reload();
  await page.locator('body[data-ready="true"]').waitFor();
}

/** Imports one text file through File ▸ Import… (dialog stubbed) and closes the results. */
export async function importText(glose: { page: Page; dir: string; stubOpenDialog(p: string[] | null): Promise<void> }, name: string, text: string): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const file = join(glose.dir, name);
  await writeFile(file, text);
  await glose.stubOpenDialog([file]);
  await glose.page.getByRole('button', { name: 'Import…' }).click();
  const report = glose.page.getByRole('dialog', { name: 'Import results' });
  await report.getByText(`${name}: imported`).waitFor();
  await report.getByRole('button', { name: 'Close' }).click();
}

export interface StoredRelation {
  from: string;
  to: string;
  type: string;
}

/** Reads a document's relations, notes, attributes and fields straight from IndexedDB. */
export async function storedDetails(page: Page, docName: string): Promise<{ relations: StoredRelation[]; notes: Record<string, string>; attributes: Record<string, Record<string, string>>; status: string; categories: string[] }> {
  const { documents, texts, spans, relationTypes, relations } = await readStores<{
    documents: Array<{ id: string; name: string; status: string; categories: string[] }>;
    texts: Array<{ id: string; text: string }>;
    spans: Array<{ id: string; docId: string; start: number; end: number; note?: string; attributes?: Record<string, string> }>;
    relationTypes: Array<{ id: string; name: string }>;
    relations: Array<{ docId: string; fromId: string; toId: string; typeId: string }>;
  }>(page, ['documents', 'texts', 'spans', 'relationTypes', 'relations']);
  const doc = documents.find((d) => d.name === docName);
  const text = texts.find((t) => t.id === doc?.id)?.text ?? '';
  const mine = spans.filter((s) => s.docId === doc?.id);
  const types = new Map(relationTypes.map((t) => [t.id, t.name]));
  const textOf = (id: string) => {
    const s = mine.find((x) => x.id === id);
    return s ? text.slice(s.start, s.end) : '?';
  };
  const notes: Record<string, string> = {};
  const attributes: Record<string, Record<string, string>> = {};
  for (const s of mine) {
    if (s.note) notes[text.slice(s.start, s.end)] = s.note;
    if (s.attributes) attributes[text.slice(s.start, s.end)] = s.attributes;
  }
  return {
    relations: relations.filter((r) => r.docId === doc?.id).map((r) => ({ from: textOf(r.fromId), to: textOf(r.toId), type: types.get(r.typeId) ?? '?' })),
    notes,
    attributes,
    status: doc?.status ?? '',
    categories: doc?.categories ?? [],
  };
}

/** The paragraphs of a news article, for density pictures and line counts (joined with blank lines as pasted news often is). */
export const NEWS_PARAS = [
  'Le président chinois Xi Jinping a reçu Vladimir Poutine à Pékin le 4 février 2022, en marge des Jeux olympiques d’hiver.',
  '« Notre amitié n’a pas de limites », a déclaré le dirigeant chinois devant la presse.',
  'Les deux pays, membres de l’Organisation de coopération de Shanghai, ont signé un accord sur le gaz.',
  'Selon l’agence Chine nouvelle, les deux dirigeants ont aussi évoqué la sécurité en Europe et l’élargissement de l’OTAN.',
  'Le Kremlin a salué « une nouvelle ère » des relations entre Moscou et Pékin.',
  'Les Jeux se sont ouverts le soir même en présence de plusieurs chefs d’État.',
  'À Washington, la Maison-Blanche a dit suivre « de près » cette rencontre.',
  'Les marchés de l’énergie ont réagi dès le lendemain à l’annonce de l’accord gazier.',
];
