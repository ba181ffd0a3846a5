import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportBatchResult } from '$contract';
import type { PortableDocument, SchemaSpec } from '$model';
import { addDocuments, createMissing, importDuplicatesAnyway, saveImport } from '$db/imports';
import { ensureWorkspace } from '$db/projects';
import { GloseDatabase } from '$db/database';
import { distinctColors, hasMissing, missingNames } from '$lib/import-labels';
import { contrast } from '$lib/colors';
import news from '../../../resources/schemas/news.json';

let n = 0;
const dbs: GloseDatabase[] = [];
async function project(): Promise<{ db: GloseDatabase; id: string }> {
  const db = new GloseDatabase(`import-labels-${++n}`);
  dbs.push(db);
  const welcome: PortableDocument = { name: 'Welcome', text: 'Hello', meta: { format: 'txt', hash: 'h-Hello', normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } }, spans: [], relations: [] };
  const p = await ensureWorkspace(db, news as SchemaSpec, welcome);
  return { db, id: p.id };
}
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

function annotated(name: string, text: string, spans: Array<[string, string, string?]>, relations: Array<[string, string, string]> = [], path = `/in/${name}.jsonl`): PortableDocument {
  return {
    name,
    text,
    meta: { format: 'doccano', hash: `h-${text}`, sourcePath: path, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } },
    spans: spans.map(([needle, label, key]) => ({ start: text.indexOf(needle), end: text.indexOf(needle) + needle.length, label, ...(key ? { key } : {}) })),
    relations: relations.map(([fromKey, toKey, type]) => ({ fromKey, toKey, type })),
  };
}

const curie = annotated(
  'curie',
  'Marie Curie, membre de l’Académie, née à Varsovie.',
  [
    ['Marie Curie', 'PER', 'e1'],
    ['Académie', 'ORG', 'e2'],
    ['Varsovie', 'CITY', 'e3'],
  ],
  [
    ['e1', 'e2', 'member_of'],
    ['e1', 'e3', 'born_in'],
  ],
);

describe('labels an import lacks', () => {
  it('lists the missing labels and relation types, most used first', () => {
    const other = annotated('other', 'Paris et Lyon', [
      ['Paris', 'CITY'],
      ['Lyon', 'CITY'],
      ['et', 'CONJ'],
    ]);
    expect(missingNames([curie, other], [{ name: 'PER' }, { name: 'ORG' }], [{ name: 'member_of' }])).toEqual({
      labels: [
        { name: 'CITY', count: 3 },
        { name: 'CONJ', count: 1 },
      ],
      types: [{ name: 'born_in', count: 1 }],
    });
  });

  it('"Import without them": spans of unknown labels and their relations are left out in the write, and counted', async () => {
    const { db, id } = await project();
    const result: ImportBatchResult = { documents: [curie], failures: [], files: ['/in/curie.jsonl'], notReached: 0, cancelled: false };
    const report = await saveImport(db, id, result, 'me');
    // CITY is no label of the news schema, and born_in no relation type: Varsovie and its relation stay out
    expect(report.leftOut).toEqual({ spans: 1, relations: 1 });
    expect(report.rows.map((r) => r.message)).toEqual(['curie: imported with 2 spans and 1 relation (from curie.jsonl)']);
    const docId = report.rows[0]?.docId as string;
    expect(await db.spans.where('docId').equals(docId).count()).toBe(2);
    expect(await db.documents.get(docId)).toMatchObject({ spanCount: 2 });
  });

  it('picks colours unlike the ones in use and unlike each other, readable as chips', () => {
    const used = news.labels.map((l) => l.color);
    const colors = distinctColors(used, 20);
    expect(new Set([...used, ...colors]).size).toBe(used.length + 20);
    for (const c of colors) {
      expect(c).toMatch(/^#[0-9a-f]{6}$/);
      expect(Math.max(contrast(c, '#ffffff'), contrast(c, '#1a1a1a'))).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('creates the labels (no hotkey, after the others) and types, then stores spans and relations by name', async () => {
    const { db, id } = await project();
    const before = await db.labels.where('projectId').equals(id).toArray();
    const missing = missingNames([curie], before, await db.relationTypes.where('projectId').equals(id).toArray());
    expect(await createMissing(db, id, missing)).toEqual({ labels: ['CITY'], types: ['born_in'] });
    const city = (await db.labels.where('projectId').equals(id).toArray()).find((l) => l.name === 'CITY');
    expect(city).toMatchObject({ order: before.length, projectId: id });
    expect(city?.hotkey).toBeUndefined();
    expect(before.map((l) => l.color)).not.toContain(city?.color);
    // creating again does nothing
    expect(await createMissing(db, id, missing)).toEqual({ labels: [], types: [] });

    const { ids } = await addDocuments(db, id, [curie], 'me');
    const docId = ids[0] as string;
    const spans = await db.spans.where('docId').equals(docId).toArray();
    const rels = await db.relations.where('docId').equals(docId).toArray();
    const types = new Map((await db.relationTypes.toArray()).map((t) => [t.id, t.name]));
    const textOf = (spanId: string) => {
      const s = spans.find((x) => x.id === spanId);
      return s ? curie.text.slice(s.start, s.end) : '?';
    };
    expect(spans).toHaveLength(3);
    expect(rels.map((r) => `${textOf(r.fromId)} -${types.get(r.typeId)}-> ${textOf(r.toId)}`).sort()).toEqual([
      'Marie Curie -born_in-> Varsovie',
      'Marie Curie -member_of-> Académie',
    ]);
    expect(rels.every((r) => r.annotator === 'me')).toBe(true);
  });

  it('without the labels, relations to spans that were not written are not written either', async () => {
    const { db, id } = await project();
    const { ids } = await addDocuments(db, id, [curie], 'me');
    expect(await db.spans.where('docId').equals(ids[0] as string).count()).toBe(2);
    // member_of is in the news schema; born_in is not, and its end CITY is unknown
    expect((await db.relations.where('docId').equals(ids[0] as string).toArray()).length).toBe(1);
  });
});

describe('an annotated file with many documents in the import report', () => {
  it('keeps the documents of a file together, in file order, with what they brought', async () => {
    const { db, id } = await project();
    const path = '/in/corpus.jsonl';
    const result: ImportBatchResult = {
      documents: [
        annotated('un', 'Un texte.', [['texte', 'PER']], [], path),
        annotated('deux', 'Hello', [], [], path),
        annotated('trois', 'Trois textes.', [['textes', 'PER', 'a'], ['Trois', 'DATE', 'b']], [['a', 'b', 'member_of']], path),
        annotated('z.txt', 'Plain', [], [], '/in/z.txt'),
      ],
      failures: [{ file: 'bad.jsonl', path: '/in/bad.jsonl', code: 'malformed', message: 'bad.jsonl: line 3: not valid JSON' }],
      files: ['/in/bad.jsonl', path, '/in/z.txt'],
      notReached: 0,
      cancelled: false,
    };
    const report = await saveImport(db, id, result, 'me');
    expect(report.rows.map((r) => `${r.outcome} ${r.message}`)).toEqual([
      'failed bad.jsonl: line 3: not valid JSON',
      'imported un: imported with 1 span (from corpus.jsonl)',
      'duplicate deux: skipped, the same text is already in the project (“Welcome”)',
      'imported trois: imported with 2 spans and 1 relation (from corpus.jsonl)',
      'imported z.txt: imported',
    ]);
    expect(report.duplicates.map((d) => d.name)).toEqual(['deux']);
    const after = await importDuplicatesAnyway(db, id, report, 'me');
    expect(after.rows[2]).toMatchObject({ file: 'deux', outcome: 'imported', message: 'deux: imported (a second copy of the same text)' });
    expect(after.rows[3]?.message).toBe('trois: imported with 2 spans and 1 relation (from corpus.jsonl)');
  });
});

describe('labels an import lacks, in detail', () => {
  it('lists names used equally often by name, and says whether anything is missing', () => {
    const doc = annotated('d', 'a b c d', [
      ['d', 'Zeta'],
      ['c', 'Alpha'],
      ['b', 'Known'],
    ]);
    const none = missingNames([doc], [{ name: 'Zeta' }, { name: 'Alpha' }, { name: 'Known' }], []);
    expect(none).toEqual({ labels: [], types: [] });
    expect(hasMissing(none)).toBe(false);
    const some = missingNames([doc], [{ name: 'Known' }], []);
    expect(some.labels).toEqual([
      { name: 'Alpha', count: 1 },
      { name: 'Zeta', count: 1 },
    ]);
    expect(hasMissing(some)).toBe(true);
    expect(hasMissing({ labels: [], types: [{ name: 'r', count: 1 }] })).toBe(true);
  });

  it('picks the same colours for the same colours in use: the palette first, then the farthest from those taken', () => {
    expect(distinctColors([], 0)).toEqual([]);
    expect(distinctColors([], 3)).toEqual(['#0f766e', '#dc2626', '#9333ea']);
    expect(distinctColors(['#0f766e'], 2)).toEqual(['#dc2626', '#9333ea']);
    // past the palette, generated hues, still readable and new
    expect(distinctColors([], 30).slice(16)).toEqual([
      '#a21caf', '#6ea022', '#6a22a0', '#a06522', '#6d28d9', '#9a3412', '#0e7490', '#2233a0', '#a02252', '#22a076', '#224aa0', '#a07d22', '#a02224', '#a04b22',
    ]);
  });

  it('takes a colour in use that is not a hex colour for grey', () => {
    expect(distinctColors(['not a colour'], 1)).toEqual(distinctColors(['#808080'], 1));
    expect(distinctColors(['not a colour'], 1)).not.toEqual(distinctColors([], 1));
  });
});

