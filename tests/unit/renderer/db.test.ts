import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { freshDatabases } from './fresh-db';
import { addDocuments } from '$db/imports';
import { applyChange, loadDocument, portableDocument, portableDocuments } from '$db/documents';
import { ensureWorkspace } from '$db/projects';
import { invert } from '$lib/changes';
import type { PortableDocument, SchemaSpec, Span } from '$model';
import news from '../../../resources/schemas/news.json';

const schema = news as SchemaSpec;
const freshDb = freshDatabases('test');

const meta = (hash: string) => ({ format: 'txt', hash, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } });
const doc = (name: string, text: string, spans: PortableDocument['spans'] = []): PortableDocument => ({ name, text, meta: meta(`h-${text}`), spans, relations: [] });

describe('database', () => {
  it('creates the workspace once, with the news labels and the welcome document', async () => {
    const db = freshDb();
    const p1 = await ensureWorkspace(db, schema, doc('Welcome', 'Hello'));
    const p2 = await ensureWorkspace(db, schema, doc('Welcome', 'Hello'));
    expect(p2.id).toBe(p1.id);
    const labels = await db.labels.where('projectId').equals(p1.id).sortBy('order');
    expect(labels.map((l) => [l.name, l.hotkey])).toEqual([
      ['PER', '1'],
      ['ORG', '2'],
      ['LOC', '3'],
      ['DATE', '4'],
      ['EVENT', '5'],
      ['QUOTE', '6'],
    ]);
    expect(await db.documents.count()).toBe(1);
    expect(await db.relationTypes.count()).toBe(2);
  });

  it('stores documents with their spans and skips duplicates by text hash', async () => {
    const db = freshDb();
    const p = await ensureWorkspace(db, schema, doc('Welcome', 'Hello'));
    const first = await addDocuments(db, p.id, [doc('a.txt', 'Paris est belle', [{ start: 0, end: 5, label: 'LOC' }])], 'ann');
    expect(first.ids).toHaveLength(1);
    const again = await addDocuments(db, p.id, [doc('b.txt', 'Paris est belle'), doc('c.txt', 'autre')], 'ann');
    expect(again.duplicates).toEqual(['b.txt']);
    expect(again.ids).toHaveLength(1);
    const loaded = await loadDocument(db, first.ids[0] as string);
    expect(loaded?.text).toBe('Paris est belle');
    expect(loaded?.spans.map((s) => [s.start, s.end, s.annotator])).toEqual([[0, 5, 'ann']]);
    expect(loaded?.doc.spanCount).toBe(1);
  });

  it('applies a change and its inverse in one transaction each, keeping the span count', async () => {
    const db = freshDb();
    const p = await ensureWorkspace(db, schema, doc('Welcome', 'Hello'));
    const { ids } = await addDocuments(db, p.id, [doc('a.txt', 'Olaf Scholz à Berlin')], 'ann');
    const docId = ids[0] as string;
    const label = (await db.labels.toArray()).find((l) => l.name === 'PER');
    const span: Span = { id: 's1', docId, labelId: label?.id as string, start: 0, end: 11, annotator: 'ann', createdAt: 1, updatedAt: 1 };
    const change = { docId, spans: [{ after: span }], relations: [] };
    await applyChange(db, change);
    expect((await db.documents.get(docId))?.spanCount).toBe(1);
    expect((await db.documents.get(docId))?.status).toBe('in_progress');
    const exported = await portableDocument(db, docId);
    expect(exported?.spans).toEqual([{ key: 's1', start: 0, end: 11, label: 'PER' }]);
    await applyChange(db, invert(change));
    expect(await db.spans.count()).toBe(0);
    expect((await db.documents.get(docId))?.spanCount).toBe(0);
  });

  it('writes nothing of a batch when one document fails', async () => {
    const db = freshDb();
    const p = await ensureWorkspace(db, schema, doc('Welcome', 'Hello'));
    const before = await db.documents.count();
    const texts = await db.texts.count();
    // a text IndexedDB cannot store fails the batch after its documents were written
    const bad = { ...doc('bad.txt', 'x'), text: (() => 'x') as unknown as string };
    await expect(addDocuments(db, p.id, [doc('ok.txt', 'fine'), bad], 'ann')).rejects.toThrow();
    expect(await db.documents.count()).toBe(before);
    expect(await db.texts.count()).toBe(texts);
  });

  it('reads documents for an export in one transaction, in the order asked, labels and types by name', async () => {
    const db = freshDb();
    const p = await ensureWorkspace(db, schema, doc('Welcome', 'Hello'));
    const { ids } = await addDocuments(
      db,
      p.id,
      [
        { ...doc('a.txt', 'Olaf Scholz à Berlin', [{ key: 'o', start: 0, end: 11, label: 'PER' }, { key: 'b', start: 14, end: 20, label: 'LOC' }]) },
        doc('b.txt', 'Paris', [{ start: 0, end: 5, label: 'LOC' }]),
      ],
      'ann',
    );
    const [a, b] = ids as [string, string];
    const spans = await db.spans.where('docId').equals(a).toArray();
    const type = (await db.relationTypes.toArray()).find((t) => t.name === 'member_of');
    const per = spans.find((s) => s.start === 0) as Span;
    const loc = spans.find((s) => s.start === 14) as Span;
    await db.relations.add({ id: 'r1', docId: a, typeId: type?.id as string, fromId: per.id, toId: loc.id, annotator: 'ann', createdAt: 1, updatedAt: 1 });
    const read = await portableDocuments(db, [b, 'gone', a]);
    expect(read.map((d) => d.name)).toEqual(['b.txt', 'a.txt']);
    expect(read[0]?.spans.map((s) => s.label)).toEqual(['LOC']);
    expect(read[1]?.spans.map((s) => [s.start, s.label])).toEqual([
      [0, 'PER'],
      [14, 'LOC'],
    ]);
    expect(read[1]?.relations).toEqual([{ fromKey: per.id, toKey: loc.id, type: 'member_of' }]);
    expect(read[1]?.relations[0]?.fromKey).toBe(read[1]?.spans[0]?.key);
  });
});
