// What the layer views and an export read of another layer: the file a layer came from, a layer's
// relations, and the categories of the layer chosen (its own, none when it has no record of the
// document, the user's own with every layer); and a span whose label is gone, exported as "?".
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { freshDatabases } from './fresh-db';
import { addDocuments } from '$db/imports';
import { portableOf } from '$db/documents';
import { documentLayers, portableLayerDocuments, replaceLayer } from '$db/layers';
import { ensureWorkspace } from '$db/projects';
import { planColleagueLayer, type TheirDocument } from '$lib/colleague';
import type { DocumentRecord, PortableDocument, SchemaSpec, Span } from '$model';
import news from '../../../resources/schemas/news.json';

const freshDb = freshDatabases('layers-export');
const TEXT = 'Angela Merkel dirige la CDU.';
const meta = (hash: string) => ({ format: 'txt', hash, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } });

async function setup(source?: string) {
  const db = freshDb();
  const project = await ensureWorkspace(db, news as SchemaSpec, { name: 'Welcome', text: 'x', meta: meta('w'), spans: [], relations: [] });
  const doc: PortableDocument = { name: 'merkel.txt', text: TEXT, meta: meta('h-merkel'), categories: ['mine'], spans: [{ key: 'a', start: 0, end: 13, label: 'PER' }], relations: [] };
  await addDocuments(db, project.id, [doc], 'marie');
  const stored = await db.documents.where('meta.hash').equals('h-merkel').first();
  if (!stored) throw new Error('document not stored');
  const labels = await db.labels.where('projectId').equals(project.id).toArray();
  const types = await db.relationTypes.where('projectId').equals(project.id).toArray();
  const theirs: TheirDocument = {
    name: 'merkel.txt',
    hash: 'h-merkel',
    length: TEXT.length,
    status: 'done',
    categories: ['theirs'],
    spans: [
      { key: 'x', start: 0, end: 13, label: 'PER' },
      { key: 'y', start: 24, end: 27, label: 'ORG' },
    ],
    relations: [{ fromKey: 'x', toKey: 'y', type: 'member_of' }],
  };
  const target = { projectId: project.id, layer: 'paul', ...(source ? { source } : {}) };
  await replaceLayer(db, project.id, 'paul', planColleagueLayer([theirs], [{ id: stored.id, name: 'merkel.txt', hash: 'h-merkel', length: TEXT.length }], { labels, types }, target));
  return { db, docId: stored.id };
}

describe('the layers of a document', () => {
  it('name the file a layer was imported from, and only when there is one', async () => {
    const named = await setup('paul.json');
    expect(await documentLayers(named.db, named.docId)).toEqual([{ layer: 'paul', status: 'done', spans: 2, source: 'paul.json' }]);
    const unnamed = await setup();
    expect(await documentLayers(unnamed.db, unnamed.docId)).toStrictEqual([{ layer: 'paul', status: 'done', spans: 2 }]);
  });
});

describe("an export of another layer", () => {
  it('carries that layer’s relations', async () => {
    const { db, docId } = await setup();
    const [paul] = await portableLayerDocuments(db, [docId], { kind: 'layer', layer: 'paul' });
    const keys = new Map(paul?.spans.map((s) => [s.key, s.label]));
    expect(paul?.relations.map((r) => [keys.get(r.fromKey), keys.get(r.toKey), r.type])).toEqual([['PER', 'ORG', 'member_of']]);
  });

  it("takes the categories of the layer chosen, none for a layer without the document, the user's own with every layer", async () => {
    const { db, docId } = await setup();
    expect((await portableLayerDocuments(db, [docId], { kind: 'layer', layer: 'paul' }))[0]?.categories).toEqual(['theirs']);
    expect((await portableLayerDocuments(db, [docId], { kind: 'layer', layer: 'nobody' }))[0]?.categories).toEqual([]);
    expect((await portableLayerDocuments(db, [docId], { kind: 'all', me: 'marie' }))[0]?.categories).toEqual(['mine']);
  });
});

describe('a span whose label is gone', () => {
  it('is exported with the label "?"', () => {
    const doc = { id: 'd', projectId: 'p', name: 'a.txt', meta: meta('a'), categories: [] } as unknown as DocumentRecord;
    const span = { id: 's', docId: 'd', labelId: 'gone', start: 0, end: 1, annotator: 'marie', createdAt: 1, updatedAt: 1 } as Span;
    expect(portableOf(doc, 'a', [span], [], new Map(), new Map()).spans.map((s) => s.label)).toEqual(['?']);
  });
});
