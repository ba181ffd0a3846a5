// The agreement worker (src-renderer/src/db/agreement-worker.ts) run in this thread, with a stand-in for
// the worker's global scope: a report asked for by source opens the database named (and answers what it
// read), and the progress of a report is sent at most once per percent of the work, the last step always.
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabases } from './fresh-db';
import { ensureWorkspace } from '$db/projects';
import type { AgreementAnswer, AgreementRequest } from '$db/agreement-worker';
import type { PackedDocument } from '../../../src-renderer/src/agreement/transfer';
import type { SchemaSpec } from '$model';
import news from '../../../resources/schemas/news.json';

const freshDb = freshDatabases('agreement-worker');
const answers: AgreementAnswer[] = [];
const scope: { onmessage: ((event: { data: AgreementRequest }) => void) | null; postMessage(a: AgreementAnswer): void } = {
  onmessage: null,
  postMessage: (a) => answers.push(a),
};

beforeAll(async () => {
  (globalThis as unknown as { self: typeof scope }).self = scope;
  await import('$db/agreement-worker');
});

/** Sends a report request and returns every answer to it, up to its report or error. */
async function report(request: AgreementRequest & { seq: number }): Promise<AgreementAnswer[]> {
  const before = answers.length;
  const mine = () => answers.slice(before).filter((a) => 'seq' in a && a.seq === request.seq);
  scope.onmessage?.({ data: request });
  for (let i = 0; i < 500 && !mine().some((a) => a.kind === 'report' || a.kind === 'error' || a.kind === 'read'); i++) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 20));
  return mine();
}

/** `n` one-word documents, each annotated alike by Ana and Bert. */
function documents(n: number): PackedDocument[] {
  return Array.from({ length: n }, (_, i) => ({ id: `d${i}`, length: 4, text: 'Rien', layers: { Ana: Int32Array.of(0, 4, 0), Bert: Int32Array.of(0, 4, 0) } }));
}

const steps = (list: AgreementAnswer[]) => list.flatMap((a) => (a.kind === 'progress' ? [a.done] : []));

describe('the agreement worker', () => {
  it('reads from the database named in the request, and says what it read', async () => {
    const db = freshDb();
    const meta = { format: 'txt', hash: 'w', normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } };
    const project = await ensureWorkspace(db, news as SchemaSpec, { name: 'Welcome', text: 'x', meta, spans: [], relations: [] });
    const got = await report({ seq: 1, source: { database: db.name, projectId: project.id, compared: [{ layer: 'nobody', name: 'A' }, { layer: 'none', name: 'B' }], doneOnly: false }, options: { annotators: ['A', 'B'], labels: [] } });
    expect(got.filter((a) => a.kind !== 'progress')).toEqual([{ seq: 1, kind: 'read', documents: [], packs: { read: 0, built: 0 } }]);
  });

  it('sends the progress of a report once per percent at most, a step of exactly a percent included', async () => {
    // 200 documents: a percent is 2 documents, so 2, 4… 200
    const got = await report({ seq: 2, documents: documents(200), names: ['PER'], options: { annotators: ['Ana', 'Bert'], labels: ['PER'] } });
    expect(got.at(-1)).toMatchObject({ kind: 'report' });
    expect(steps(got)).toEqual(Array.from({ length: 100 }, (_, i) => 2 * (i + 1)));
    expect(got.filter((a) => a.kind === 'progress').every((a) => a.kind === 'progress' && a.phase === 'compute' && a.total === 200)).toBe(true);
  });

  it('always sends the last step, even when it is less than a percent after the one before', async () => {
    // 250 documents: a percent is 2.5 documents, so 3, 6… 249, then 250
    const got = await report({ seq: 3, documents: documents(250), names: ['PER'], options: { annotators: ['Ana', 'Bert'], labels: ['PER'] } });
    expect(steps(got)).toEqual([...Array.from({ length: 83 }, (_, i) => 3 * (i + 1)), 250]);
  });

  it('sends every step of a report of fewer than 100 documents', async () => {
    const got = await report({ seq: 4, documents: documents(3), names: ['PER'], options: { annotators: ['Ana', 'Bert'], labels: ['PER'] } });
    expect(steps(got)).toEqual([1, 2, 3]);
  });
});
