// The reader-pack worker (src-renderer/src/db/pack-worker.ts) run in this thread, with a stand-in for
// the worker's global scope: it builds the packs of the documents asked for in the database named, in
// the order asked, opens another database when another is named, opens the same one again when Dexie
// closed it (the database deleted, for one), and answers every request, failures included.
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabases } from './fresh-db';
import type { GloseDatabase } from '$db/database';
import { addDocuments } from '$db/imports';
import { ensureWorkspace } from '$db/projects';
import { READER_PACK } from '$db/pack-invalidation';
import type { PackAnswer, PackRequest } from '$db/pack-worker';
import type { SchemaSpec } from '$model';
import news from '../../../resources/schemas/news.json';

const freshDb = freshDatabases('pack-worker');
const answers: PackAnswer[] = [];
const scope: { onmessage: ((event: { data: PackRequest }) => void) | null; postMessage(a: PackAnswer): void } = {
  onmessage: null,
  postMessage: (a) => answers.push(a),
};

beforeAll(async () => {
  (globalThis as unknown as { self: typeof scope }).self = scope;
  await import('$db/pack-worker');
});

const meta = (hash: string) => ({ format: 'txt', hash, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } });

async function withDocument(db: GloseDatabase): Promise<string> {
  const project = await ensureWorkspace(db, news as SchemaSpec, { name: 'Welcome', text: 'x', meta: meta('w'), spans: [], relations: [] });
  await addDocuments(db, project.id, [{ name: 'a.txt', text: 'Olaf Scholz', meta: meta('a'), spans: [{ key: 'a', start: 0, end: 11, label: 'PER' }], relations: [] }], 'marie');
  return (await db.documents.where('projectId').equals(project.id).toArray()).find((d) => d.name === 'a.txt')?.id as string;
}

async function ask(request: PackRequest): Promise<PackAnswer> {
  const before = answers.length;
  scope.onmessage?.({ data: request });
  for (let i = 0; i < 500 && answers.length === before; i++) await new Promise((r) => setTimeout(r, 10));
  expect(answers).toHaveLength(before + 1);
  return answers[before] as PackAnswer;
}

describe('the pack worker', () => {
  it('builds the packs asked for, in the database named, and opens it again once Dexie has closed it', async () => {
    const first = freshDb();
    const d1 = await withDocument(first);
    expect(await ask({ database: first.name, docIds: [d1] })).toEqual({ kind: 'built', docIds: [d1], stored: 1 });
    expect(await first.packedLayers.get([d1, READER_PACK])).toMatchObject({ docId: d1, layer: READER_PACK });
    // another database
    const second = freshDb();
    const d2 = await withDocument(second);
    expect(await ask({ database: second.name, docIds: [d2] })).toEqual({ kind: 'built', docIds: [d2], stored: 1 });
    // reader packs only where asked (imports store the agreement's layer packs too: layer 0)
    const readerPacks = async (db: GloseDatabase) => (await db.packedLayers.toArray()).filter((p) => p.layer === READER_PACK).map((p) => p.docId);
    expect(await readerPacks(second)).toEqual([d2]);
    expect(await readerPacks(first)).toEqual([d1]);
    // the same name again, after the database was deleted (the worker's connection closed) and made anew
    const name = second.name;
    await second.delete();
    const again = freshDb(name);
    const d3 = await withDocument(again);
    expect(await ask({ database: name, docIds: [d3] })).toEqual({ kind: 'built', docIds: [d3], stored: 1 });
    expect(await again.packedLayers.get([d3, READER_PACK])).toBeDefined();
  });

  it('answers a request that fails with its documents and the reason, and goes on with the next', async () => {
    const db = freshDb();
    const d1 = await withDocument(db);
    const failed = await ask({ database: db.name, docIds: [d1, null as unknown as string] });
    expect(failed).toMatchObject({ kind: 'error', docIds: [d1, null] });
    expect(failed.kind === 'error' && failed.message.length > 0).toBe(true);
    expect(await ask({ database: db.name, docIds: [d1] })).toMatchObject({ kind: 'built', docIds: [d1] });
  });
});
