import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportBatchResult } from '$contract';
import type { PortableDocument, SchemaSpec } from '$model';
import { ensureWorkspace } from '$db/projects';
import { GloseDatabase } from '$db/database';
import { chunkDocuments, importDuplicatesAnyway, saveDocuments, saveImport } from '$db/imports';
import { validLimit } from '$db/settings';
import news from '../../../resources/schemas/news.json';

let n = 0;
const dbs: GloseDatabase[] = [];
async function project(): Promise<{ db: GloseDatabase; id: string }> {
  const db = new GloseDatabase(`import-save-${++n}`);
  dbs.push(db);
  const p = await ensureWorkspace(db, news as SchemaSpec, doc('Welcome', 'Hello', '/welcome'));
  return { db, id: p.id };
}
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

function doc(name: string, text: string, path = `/in/${name}`): PortableDocument {
  return { name, text, meta: { format: 'txt', hash: `h-${text}`, sourcePath: path, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } }, spans: [], relations: [] };
}

describe('saving an import', () => {
  it('cuts documents into chunks by count and by text size', () => {
    const docs = ['aaaa', 'bb', 'cccccc', 'd', 'e'].map((t) => doc(t, t));
    expect(chunkDocuments(docs, 2, 100).map((c) => c.map((d) => d.name))).toEqual([['aaaa', 'bb'], ['cccccc', 'd'], ['e']]);
    expect(chunkDocuments(docs, 10, 7).map((c) => c.map((d) => d.name))).toEqual([['aaaa', 'bb'], ['cccccc', 'd'], ['e']]);
    // a document larger than the size bound still goes, alone
    expect(chunkDocuments([doc('big', 'x'.repeat(50))], 10, 7)).toHaveLength(1);
  });

  it('reports duplicates of the project and of the same batch, in order, across chunks', async () => {
    const { db, id } = await project();
    const docs = Array.from({ length: 120 }, (_, i) => doc(`d${i}.txt`, `text ${i % 100}`));
    docs.splice(3, 0, doc('again.txt', 'Hello'));
    const { rows } = await saveDocuments(db, id, docs, 'me');
    expect(rows).toHaveLength(121);
    expect(rows.filter((r) => r.outcome === 'imported')).toHaveLength(100);
    expect(rows[3]).toMatchObject({ file: 'again.txt', outcome: 'duplicate', message: 'again.txt: skipped, the same text is already in the project (“Welcome”)' });
    // d100 has the text of d0, which was saved in an earlier chunk
    expect(rows[101]).toMatchObject({ file: 'd100.txt', outcome: 'duplicate', message: 'd100.txt: skipped, the same text is already in the project (“d0.txt”)' });
    const ids = rows.flatMap((r) => (r.docId ? [r.docId] : []));
    expect(new Set(ids).size).toBe(100);
    const stored = await db.documents.bulkGet(ids);
    expect(stored.map((s) => s?.name)).toEqual(rows.filter((r) => r.docId).map((r) => r.file));
    expect(await db.texts.count()).toBe(101);
  });

  it('builds the report in the order the files were found, then imports the duplicates anyway', async () => {
    const { db, id } = await project();
    const result: ImportBatchResult = {
      documents: [doc('b.txt', 'Bonjour'), doc('d.txt', 'Hello')],
      failures: [
        { file: 'a.txt', path: '/in/a.txt', code: 'empty', message: 'a.txt: the file is empty' },
        { file: 'c.png', path: '/in/c.png', code: 'unsupported', message: 'c.png: unsupported file type .png' },
      ],
      files: ['/in/a.txt', '/in/b.txt', '/in/c.png', '/in/d.txt'],
      notReached: 2,
      cancelled: true,
    };
    const report = await saveImport(db, id, result, 'me');
    expect(report.rows.map((r) => [r.file, r.outcome])).toEqual([
      ['a.txt', 'failed'],
      ['b.txt', 'imported'],
      ['c.png', 'failed'],
      ['d.txt', 'duplicate'],
    ]);
    expect([report.cancelled, report.notReached, report.duplicates.map((d) => d.name)]).toEqual([true, 2, ['d.txt']]);

    const after = await importDuplicatesAnyway(db, id, report, 'me');
    expect(after.rows[3]).toMatchObject({ file: 'd.txt', outcome: 'imported', message: 'd.txt: imported (a second copy of the same text)' });
    expect(after.duplicates).toEqual([]);
    expect(await db.documents.where('meta.hash').equals('h-Hello').count()).toBe(2);
  });

  it('takes the size limit from the settings only when it is sensible', () => {
    expect(validLimit(5_000_000, 100, 10_000_000)).toBe(5_000_000);
    for (const bad of [null, undefined, '5', 0, -3, 1.5, Number.NaN, 20_000_000]) expect(validLimit(bad, 100, 10_000_000)).toBe(100);
  });
});
