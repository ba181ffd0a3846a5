// The agreement worker's warm-up (src-renderer/src/db/agreement-worker.ts, ../agreement/warm-up.ts): the
// engine run once on a made-up workload so that the first report is computed at full speed. When a
// report is asked before the background packing ended, and must pack many layers from their span
// records first, the warm-up runs while those records are read, before the report's computing; once
// per worker, and not when only a few layers are packed (the warm-up would cost more than the read).
// A file of its own: the worker module keeps whether it warmed up.
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabases } from './fresh-db';
import { ensureWorkspace } from '$db/projects';
import { addDocuments } from '$db/imports';
import type { AgreementAnswer, AgreementRequest } from '$db/agreement-worker';
import type { GloseDatabase } from '$db/database';
import type { PortableDocument, SchemaSpec } from '$model';
import news from '../../../resources/schemas/news.json';

/** every answer of the worker, and 'warm-up' where the engine's warm-up ran */
const events: Array<AgreementAnswer | 'warm-up'> = [];

vi.mock('../../../src-renderer/src/agreement/warm-up', () => ({
  warmUpAgreement: () => {
    events.push('warm-up');
    return 0;
  },
}));

const freshDb = freshDatabases('agreement-warm-up');
const scope: { onmessage: ((event: { data: AgreementRequest }) => void) | null; postMessage(a: AgreementAnswer): void } = {
  onmessage: null,
  postMessage: (a) => events.push(a),
};
let WARM_UP_WHILE_PACKING = 0;

beforeAll(async () => {
  (globalThis as unknown as { self: typeof scope }).self = scope;
  ({ WARM_UP_WHILE_PACKING } = await import('$db/agreement-worker'));
});

const meta = (hash: string) => ({ format: 'txt', hash, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } });

/**
 * `n` documents, each with a span in the user's own layer, the first `paul` of them with one in Paul's,
 * and no pack stored: n + paul + 1 layers to pack (the welcome document's own layer is read too).
 */
async function workspace(n: number, paul: number): Promise<{ db: GloseDatabase; projectId: string }> {
  const db = freshDb();
  const project = await ensureWorkspace(db, news as SchemaSpec, { name: 'Welcome', text: 'x', meta: meta('w'), spans: [], relations: [] });
  const docs: PortableDocument[] = Array.from({ length: n }, (_, i) => ({ name: `d${i}.txt`, text: 'Angela Merkel à Berlin.', meta: meta(`h${i}`), spans: [{ key: 'a', start: 0, end: 13, label: 'PER' }], relations: [] }));
  await addDocuments(db, project.id, docs, 'marie');
  const stored = await db.documents.where('projectId').equals(project.id).toArray();
  const loc = (await db.labels.where('projectId').equals(project.id).toArray()).find((l) => l.name === 'LOC');
  if (!loc) throw new Error('no LOC label');
  const now = Date.now();
  const mine = stored.filter((d) => d.name !== 'Welcome').slice(0, paul);
  await db.layerDocuments.bulkAdd(mine.map((d, i) => ({ id: `ld${i}`, docId: d.id, projectId: project.id, layer: 'paul', status: 'done' as const, categories: [], createdAt: now, updatedAt: now })));
  await db.layerSpans.bulkAdd(mine.map((d, i) => ({ id: `ls${i}`, docId: d.id, layer: 'paul', labelId: loc.id, start: 16, end: 22, annotator: 'paul', createdAt: now, updatedAt: now })));
  // as after the database upgrade that added the packs, or records written outside the app
  await db.packedLayers.clear();
  return { db, projectId: project.id };
}

/** Asks for a report read from `db` and returns what happened from then on, up to the report. */
async function report(seq: number, db: GloseDatabase, projectId: string): Promise<Array<AgreementAnswer | 'warm-up'>> {
  const before = events.length;
  const mine = () => events.slice(before).filter((e) => e === 'warm-up' || ('seq' in e && e.seq === seq));
  const request: AgreementRequest = {
    seq,
    source: { database: db.name, projectId, compared: [{ layer: null, name: 'Marie' }, { layer: 'paul', name: 'Paul' }], doneOnly: false },
    options: { annotators: ['Marie', 'Paul'], labels: ['PER', 'LOC'] },
  };
  scope.onmessage?.({ data: request });
  for (let i = 0; i < 1000 && !mine().some((e) => e !== 'warm-up' && (e.kind === 'report' || e.kind === 'error')); i++) await new Promise((r) => setTimeout(r, 10));
  return mine();
}

/** The steps of a report: the warm-up, the read and the report, progress left out. */
const steps = (list: Array<AgreementAnswer | 'warm-up'>) => list.flatMap((e) => (e === 'warm-up' ? ['warm-up'] : e.kind === 'progress' ? [] : [e.kind === 'read' ? `read ${e.packs.built}/${e.packs.read}` : e.kind]));

describe('the engine warmed up while many layers are packed for a report', () => {
  it('not when a report packs fewer layers than that', async () => {
    const n = WARM_UP_WHILE_PACKING / 2;
    const { db, projectId } = await workspace(n, n - 2);
    expect(steps(await report(1, db, projectId))).toEqual([`read ${2 * n - 1}/${2 * n - 1}`, 'report']);
  });

  it('while the span records are read, before the report is computed; then never again in this worker', async () => {
    // exactly as many layers as that
    const n = WARM_UP_WHILE_PACKING / 2;
    const { db, projectId } = await workspace(n, n - 1);
    expect(steps(await report(2, db, projectId))).toEqual(['warm-up', `read ${2 * n}/${2 * n}`, 'report']);
    const again = await workspace(n, n);
    expect(steps(await report(3, again.db, again.projectId))).toEqual([`read ${2 * n + 1}/${2 * n + 1}`, 'report']);
  });
});
