// The renderer's writes obey the schemas a restore checks with (src-main/records.ts): a bad record is
// refused by the database itself, the transaction it was part of changes nothing, and a hostile
// snapshot that reached replaceWorkspace without main's check still leaves the workspace as it was.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { freshDatabases } from './fresh-db';
import type { WorkspaceSnapshot } from '$contract';
import type { LabelDef, PortableDocument, SchemaSpec, Span } from '$model';
import { readSnapshot, replaceWorkspace } from '$db/backups';
import { InvalidRecordError } from '$db/checks';
import { GloseDatabase } from '$db/database';
import { addDocuments } from '$db/imports';
import { ensureWorkspace } from '$db/projects';
import { setSetting } from '$db/settings';
import news from '../../../resources/schemas/news.json';

const freshDb = freshDatabases('checks');

const doc = (name: string, text: string, spans: PortableDocument['spans'] = []): PortableDocument => ({
  name,
  text,
  meta: { format: 'txt', hash: `h-${name}`, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } },
  spans,
  relations: [],
});

async function workspace(db: GloseDatabase): Promise<{ label: LabelDef; span: Span }> {
  const p = await ensureWorkspace(db, news as SchemaSpec, doc('Welcome', 'Hello'));
  await addDocuments(db, p.id, [doc('a.txt', 'Olaf Scholz à Berlin', [{ start: 0, end: 11, label: 'PER' }])], 'ann');
  await setSetting(db, 'annotator', 'ann');
  return { label: (await db.labels.toArray())[0] as LabelDef, span: (await db.spans.toArray())[0] as Span };
}

async function contents(db: GloseDatabase): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const t of db.tables) out[t.name] = await t.toArray();
  return JSON.stringify(out);
}

describe('every write is checked with the record schemas', () => {
  it.each([
    ['a colour that carries more CSS', (l: LabelDef) => ({ ...l, color: 'red; background-image:url(x)' }), 'labels[0].color: a colour is #rrggbb'],
    ['a name that is not text', (l: LabelDef) => ({ ...l, name: { html: '<b>' } }), 'labels[0].name: Invalid input: expected string, received object'],
  ])('refuses %s, and the record is not stored', async (_what, bad, where) => {
    const db = freshDb();
    const { label } = await workspace(db);
    const before = await contents(db);
    await expect(db.labels.put(bad(label) as LabelDef)).rejects.toThrow(`refused to store an invalid record: ${where}`);
    expect(await contents(db)).toBe(before);
  });

  it('refuses a span whose annotator is an object, and takes the whole transaction back', async () => {
    const db = freshDb();
    const { span } = await workspace(db);
    const before = await contents(db);
    const write = db.transaction('rw', db.spans, async () => {
      await db.spans.put({ ...span, id: crypto.randomUUID(), start: 1, end: 4 });
      await db.spans.put({ ...span, id: crypto.randomUUID(), annotator: { name: 'x' } as unknown as string });
    });
    await expect(write).rejects.toBeInstanceOf(InvalidRecordError);
    expect(await contents(db)).toBe(before);
  });

  it('checks what modify() writes too', async () => {
    const db = freshDb();
    await workspace(db);
    await expect(db.spans.toCollection().modify((s) => void (s.end = s.start))).rejects.toThrow(/spans\[0\]\.end: a span ends after it starts/);
  });

  it('refuses settings Glose does not have, and values of the wrong type', async () => {
    const db = freshDb();
    await workspace(db);
    await expect(setSetting(db, 'theme', 'dark')).rejects.toThrow('settings[0].key: Glose has no setting called "theme"');
    await expect(setSetting(db, 'markPainter', 'canvas')).rejects.toThrow(/settings\[0\]\.value: Invalid option/);
    await expect(setSetting(db, 'annotator', { name: 'x' })).rejects.toThrow('settings[0].value: Invalid input: expected string, received object');
    await setSetting(db, 'markPainter', 'overlay');
    expect(await db.settings.get('markPainter')).toEqual({ key: 'markPainter', value: 'overlay' });
  });

  it('a hostile snapshot given to replaceWorkspace without main’s check leaves the workspace exactly as it was', async () => {
    const source = freshDb();
    await workspace(source);
    const snap = JSON.parse(JSON.stringify(await readSnapshot(source, 'x'))) as WorkspaceSnapshot;
    (snap.tables.labels[2] as { color: string }).color = 'red; background-image:url(x)';

    const target = freshDb();
    await workspace(target);
    const before = await contents(target);
    await expect(replaceWorkspace(target, snap)).rejects.toThrow('labels[2].color: a colour is #rrggbb');
    expect(await contents(target)).toBe(before);
  });
});
