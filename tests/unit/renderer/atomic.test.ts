// Multi-step changes are all or nothing: an edit touching spans, relations and the document either
// lands whole or leaves every table as it was.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { addDocuments } from '$db/imports';
import { applyChange } from '$db/documents';
import { ensureWorkspace } from '$db/projects';
import { GloseDatabase } from '$db/database';
import type { Relation, SchemaSpec, Span } from '$model';
import news from '../../../resources/schemas/news.json';

let db: GloseDatabase;
afterEach(async () => {
  await db.delete();
});

describe('applyChange', () => {
  it('writes nothing when one of its records cannot be stored', async () => {
    db = new GloseDatabase('atomic');
    const meta = { format: 'txt', hash: 'h', normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } };
    const p = await ensureWorkspace(db, news as SchemaSpec, { name: 'W', text: 'w', meta: { ...meta, hash: 'w' }, spans: [], relations: [] });
    const { ids } = await addDocuments(db, p.id, [{ name: 'a.txt', text: 'Olaf Scholz à Berlin', meta, spans: [], relations: [] }], 'ann');
    const docId = ids[0] as string;
    const labelId = (await db.labels.toCollection().first())?.id as string;
    const span = (id: string, start: number, end: number): Span => ({ id, docId, labelId, start, end, annotator: 'ann', createdAt: 1, updatedAt: 1 });
    const before = { doc: await db.documents.get(docId), spans: await db.spans.count(), relations: await db.relations.count() };

    // two spans and a relation whose key is missing: the relation is written last and fails
    const broken = { docId: undefined, typeId: 't', fromId: 's1', toId: 's2', annotator: 'ann', createdAt: 1, updatedAt: 1 } as unknown as Relation;
    await expect(applyChange(db, { docId, spans: [{ after: span('s1', 0, 4) }, { after: span('s2', 14, 20) }], relations: [{ after: broken }], doc: { before: { status: 'new', categories: [] }, after: { status: 'done', categories: ['x'] } } })).rejects.toThrow();

    expect(await db.spans.count()).toBe(before.spans);
    expect(await db.relations.count()).toBe(before.relations);
    expect(await db.documents.get(docId)).toEqual(before.doc);
  });
});
