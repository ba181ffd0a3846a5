// Layers: the user's own (the spans and relations tables), colleagues' and the curated one. A version 1
// database keeps every span as the user's layer; an edit in one layer leaves every other byte-identical;
// a colleague's import is matched by text hash and replaces only their layer.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { freshDatabases } from './fresh-db';
import { GloseDatabase } from '$db/database';
import { readSnapshot, replaceWorkspace } from '$db/backups';
import { applyChange, deleteDocuments, loadDocument } from '$db/documents';
import { addDocuments, createMissing, missingInProject } from '$db/imports';
import { agreementInput, applyLayerChange, type AgreementInput, documentLayers, loadCurated, loadLayer, portableLayerDocuments, projectLayerNames, readLayer, replaceLayer } from '$db/layers';
import { alignLayers } from '../../../src-renderer/src/agreement/curation';
import { applyChoice, preAccept } from '$lib/curate';
import { invert } from '$lib/changes';
import { applyProjectChange, duplicateProject, ensureWorkspace, formerLabels, planDeleteLabel, planMergeSchema, planRestoreLabel, projectLabels, schemaOf } from '$db/projects';
import { invertProjectChange } from '$lib/changes';
import { planColleagueLayer, theirDocumentsFromBackup, type TheirDocument } from '$lib/colleague';
import { CURATED_LAYER, type LabelDef, type PortableDocument, type SchemaSpec, type Span } from '$model';
import { Editor } from '$state/editor.svelte';
import { language, t } from '$state/i18n.svelte';
import { fr } from '$lib/i18n/fr';
import type { WorkspaceSnapshot } from '$contract';
import news from '../../../resources/schemas/news.json';

const freshDb = freshDatabases('layers');

const TEXT = 'Angela Merkel a reçu 😀 Emmanuel Macron à Berlin.';
const meta = (hash: string) => ({ format: 'txt', hash, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } });

/** Every table, as stored: what "byte-identical" is compared on. */
async function dump(db: GloseDatabase, tables: string[]): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const t of tables) out[t] = (await db.table(t).toArray()).sort((a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id));
  return JSON.stringify(out);
}

async function setup() {
  const db = freshDb();
  const project = await ensureWorkspace(db, news as SchemaSpec, { name: 'Welcome', text: 'x', meta: meta('w'), spans: [], relations: [] });
  const doc: PortableDocument = { name: 'merkel.txt', text: TEXT, meta: meta('h-merkel'), spans: [{ key: 'a', start: 0, end: 13, label: 'PER' }], relations: [] };
  await addDocuments(db, project.id, [doc], 'marie');
  const stored = await db.documents.where('meta.hash').equals('h-merkel').first();
  if (!stored) throw new Error('document not stored');
  const labels = await db.labels.where('projectId').equals(project.id).toArray();
  const types = await db.relationTypes.where('projectId').equals(project.id).toArray();
  return { db, project, docId: stored.id, labels, types };
}

const their = (over: Partial<TheirDocument> = {}): TheirDocument => ({
  name: 'merkel.txt',
  hash: 'h-merkel',
  length: TEXT.length,
  status: 'done',
  categories: [],
  spans: [
    { key: 'x', start: 0, end: 6, label: 'PER' },
    { key: 'y', start: 42, end: 48, label: 'LOC' },
  ],
  relations: [],
  ...over,
});

describe('the version 2 upgrade', () => {
  it('keeps every span of a version 1 database as the user\'s own layer and adds empty layer tables', async () => {
    const name = 'layers-v1';
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open(name, 10);
      req.onupgradeneeded = () => {
        const idb = req.result;
        const docs = idb.createObjectStore('documents', { keyPath: 'id' });
        docs.createIndex('projectId', 'projectId');
        docs.createIndex('meta.hash', 'meta.hash');
        docs.createIndex('updatedAt', 'updatedAt');
        idb.createObjectStore('texts', { keyPath: 'id' });
        idb.createObjectStore('projects', { keyPath: 'id' });
        idb.createObjectStore('labels', { keyPath: 'id' }).createIndex('projectId', 'projectId');
        idb.createObjectStore('relationTypes', { keyPath: 'id' }).createIndex('projectId', 'projectId');
        idb.createObjectStore('spans', { keyPath: 'id' }).createIndex('docId', 'docId');
        idb.createObjectStore('relations', { keyPath: 'id' }).createIndex('docId', 'docId');
        idb.createObjectStore('settings', { keyPath: 'key' });
        const tx = req.transaction as IDBTransaction;
        tx.objectStore('projects').add({ id: 'p1', name: 'P', createdAt: 1, updatedAt: 1 });
        tx.objectStore('documents').add({ id: 'd1', projectId: 'p1', name: 'merkel.txt', meta: meta('h'), status: 'done', length: TEXT.length, spanCount: 2, categories: [], createdAt: 1, updatedAt: 1 });
        tx.objectStore('texts').add({ id: 'd1', text: TEXT });
        // written under two names (the user renamed themselves): both are the user's work
        tx.objectStore('spans').add({ id: 's1', docId: 'd1', labelId: 'l', start: 0, end: 13, annotator: 'marie', createdAt: 1, updatedAt: 1 });
        tx.objectStore('spans').add({ id: 's2', docId: 'd1', labelId: 'l', start: 42, end: 48, annotator: 'marie.d', createdAt: 1, updatedAt: 1 });
        tx.objectStore('settings').add({ key: 'annotator', value: 'marie.d' });
      };
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error);
    });
    const db = freshDb(name);
    await db.open();
    expect(db.verno).toBe(3);
    const own = await loadDocument(db, 'd1');
    expect(own?.spans.map((s) => [s.id, s.annotator])).toEqual([
      ['s1', 'marie'],
      ['s2', 'marie.d'],
    ]);
    expect(await documentLayers(db, 'd1')).toEqual([]);
    expect(await db.layerSpans.count()).toBe(0);
    expect(await projectLayerNames(db, 'p1')).toEqual([]);
  });
});

describe('layers never mix', () => {
  it('an edit in the user\'s layer leaves a colleague\'s and the curated layer byte-identical', async () => {
    const { db, project, docId, labels, types } = await setup();
    const plan = planColleagueLayer([their()], [{ id: docId, name: 'merkel.txt', hash: 'h-merkel', length: TEXT.length }], { labels, types }, { projectId: project.id, layer: 'paul' });
    await replaceLayer(db, project.id, 'paul', plan);
    const per = labels.find((l) => l.name === 'PER') as LabelDef;
    const curated: Span = { id: 'c1', docId, labelId: per.id, start: 0, end: 13, annotator: 'marie', createdAt: 1, updatedAt: 1 };
    await applyLayerChange(db, project.id, CURATED_LAYER, { docId, spans: [{ after: curated }], relations: [] });
    const layersBefore = await dump(db, ['layerSpans', 'layerRelations', 'layerDocuments']);
    const own = await loadDocument(db, docId);
    const mine = own?.spans[0] as Span;
    await applyChange(db, { docId, spans: [{ before: mine, after: { ...mine, end: 6 } }], relations: [] });
    await applyChange(db, { docId, spans: [{ after: { ...mine, id: 'new', start: 24, end: 39 } }], relations: [] });
    await applyChange(db, { docId, spans: [], relations: [], doc: { before: { status: 'in_progress', categories: [] }, after: { status: 'done', categories: ['news'] } } });
    expect(await dump(db, ['layerSpans', 'layerRelations', 'layerDocuments'])).toBe(layersBefore);
  });

  it('an edit in the curated layer leaves the user\'s layer and a colleague\'s byte-identical', async () => {
    const { db, project, docId, labels, types } = await setup();
    await replaceLayer(db, project.id, 'paul', planColleagueLayer([their()], [{ id: docId, name: 'merkel.txt', hash: 'h-merkel', length: TEXT.length }], { labels, types }, { projectId: project.id, layer: 'paul' }));
    const before = await dump(db, ['spans', 'relations', 'documents']);
    const paul = JSON.stringify(await readLayer(db, project.id, 'paul'));
    const per = labels.find((l) => l.name === 'PER') as LabelDef;
    const span: Span = { id: 'c1', docId, labelId: per.id, start: 0, end: 13, annotator: 'marie', createdAt: 1, updatedAt: 1 };
    await applyLayerChange(db, project.id, CURATED_LAYER, { docId, spans: [{ after: span }], relations: [] });
    await applyLayerChange(db, project.id, CURATED_LAYER, { docId, spans: [{ before: span }], relations: [] });
    await applyLayerChange(db, project.id, CURATED_LAYER, { docId, spans: [{ after: { ...span, id: 'c2' } }], relations: [] });
    expect(await dump(db, ['spans', 'relations', 'documents'])).toBe(before);
    expect(JSON.stringify(await readLayer(db, project.id, 'paul'))).toBe(paul);
    expect((await loadLayer(db, docId, CURATED_LAYER))?.spans.map((s) => s.id)).toEqual(['c2']);
    expect((await documentLayers(db, docId)).map((l) => [l.layer, l.spans])).toEqual([
      ['paul', 2],
      [CURATED_LAYER, 1],
    ]);
  });

  it('a colleague\'s layer shown in the editor refuses every edit with a message, and stores nothing', async () => {
    const { db, project, docId, labels, types } = await setup();
    await replaceLayer(db, project.id, 'paul', planColleagueLayer([their()], [{ id: docId, name: 'merkel.txt', hash: 'h-merkel', length: TEXT.length }], { labels, types }, { projectId: project.id, layer: 'paul' }));
    const before = await dump(db, ['spans', 'documents', 'layerSpans', 'layerDocuments']);
    const loaded = await loadLayer(db, docId, 'paul');
    if (!loaded) throw new Error('layer not loaded');
    // as the workspace gives it: worded where it is shown
    const editor = new Editor(db, loaded, () => 'marie', undefined, { layer: 'paul', readOnly: () => t().layers.readOnlyRefused('paul') });
    const first = editor.spansInOrder()[0] as Span;
    editor.removeSpan(first.id);
    expect(editor.addSpan(first.labelId, { start: 24, end: 39 })).toBeNull();
    editor.setStatus('in_progress');
    await editor.flushed();
    expect(editor.lastError).toBe("This is paul's layer, shown read-only: nothing was changed. Switch to your own layer (Layer: Mine) to annotate.");
    // a switch to French words the reason on screen again
    vi.stubGlobal('window', {});
    language.use('fr');
    try {
      expect(editor.lastError).toBe(fr.layers.readOnlyRefused('paul'));
      expect(editor.readOnly).toMatch(/^C’est la couche de paul/);
    } finally {
      language.use('en');
      vi.unstubAllGlobals();
    }
    expect(editor.readOnly).toBe(editor.lastError);
    expect(editor.allSpans()).toHaveLength(2);
    expect(await dump(db, ['spans', 'documents', 'layerSpans', 'layerDocuments'])).toBe(before);
  });

  it('deleting a document deletes its other layers too', async () => {
    const { db, project, docId, labels, types } = await setup();
    await replaceLayer(db, project.id, 'paul', planColleagueLayer([their()], [{ id: docId, name: 'merkel.txt', hash: 'h-merkel', length: TEXT.length }], { labels, types }, { projectId: project.id, layer: 'paul' }));
    await deleteDocuments(db, [docId]);
    expect(await db.layerSpans.count()).toBe(0);
    expect(await db.layerDocuments.count()).toBe(0);
  });
});

describe("a colleague's import", () => {
  const ours = [{ id: 'd1', name: 'merkel.txt', hash: 'h-merkel', length: TEXT.length }];
  const schema = (news as SchemaSpec).labels.map((l, i) => ({ id: `l${i}`, projectId: 'p', name: l.name, color: l.color, order: i, createdAt: 0, updatedAt: 0 }));

  it('matches documents by the hash of their text, never by name, and reports a text that differs', () => {
    const plan = planColleagueLayer(
      [their({ name: 'renamed.txt' }), their({ hash: 'other', spans: [] }), their({ name: 'elsewhere.txt', hash: 'nowhere' })],
      ours,
      { labels: schema, types: [] },
      { projectId: 'p', layer: 'paul' },
    );
    expect(plan.matched).toEqual([{ name: 'merkel.txt', spans: 2 }]);
    expect(plan.differs).toEqual(['merkel.txt']);
    expect(plan.unmatched).toEqual(['elsewhere.txt']);
    expect(plan.spans.map((s) => [s.docId, s.layer, s.start, s.end])).toEqual([
      ['d1', 'paul', 0, 6],
      ['d1', 'paul', 42, 48],
    ]);
  });

  it('leaves out spans of labels the project lacks, naming them', () => {
    const plan = planColleagueLayer([their({ spans: [{ start: 0, end: 6, label: 'MISC' }, { start: 0, end: 6, label: 'PER' }] })], ours, { labels: schema, types: [] }, { projectId: 'p', layer: 'paul' });
    expect(plan.leftOut).toEqual({ spans: 1, relations: 0, names: ['MISC'] });
    expect(plan.spans).toHaveLength(1);
  });

  it('importing the same colleague again replaces their layer, and the undo brings the first back exactly', async () => {
    const { db, project, docId, labels, types } = await setup();
    const target = { projectId: project.id, layer: 'paul' };
    const ourDocs = [{ id: docId, name: 'merkel.txt', hash: 'h-merkel', length: TEXT.length }];
    const first = planColleagueLayer([their()], ourDocs, { labels, types }, target);
    await replaceLayer(db, project.id, 'paul', first);
    const afterFirst = await dump(db, ['spans', 'documents', 'layerSpans', 'layerDocuments']);
    const second = planColleagueLayer([their({ spans: [{ start: 14, end: 20, label: 'PER' }] })], ourDocs, { labels, types }, target);
    const previous = await replaceLayer(db, project.id, 'paul', second);
    expect((await loadLayer(db, docId, 'paul'))?.spans.map((s) => [s.start, s.end])).toEqual([[14, 20]]);
    await replaceLayer(db, project.id, 'paul', previous);
    expect(await dump(db, ['spans', 'documents', 'layerSpans', 'layerDocuments'])).toBe(afterFirst);
  });

  it('refuses to write records of another layer into a layer', async () => {
    const { db, project, docId, labels, types } = await setup();
    const plan = planColleagueLayer([their()], [{ id: docId, name: 'merkel.txt', hash: 'h-merkel', length: TEXT.length }], { labels, types }, { projectId: project.id, layer: 'paul' });
    await expect(replaceLayer(db, project.id, 'anne', plan)).rejects.toThrow(/layer "paul" cannot be written into "anne"/);
    expect(await db.layerSpans.count()).toBe(0);
  });

  it("reads a backup's own layer, status and the name its owner annotates under", () => {
    const snapshot = {
      format: 'glose-backup',
      version: 1,
      createdAt: 0,
      appVersion: '1',
      schemaVersion: 2,
      tables: {
        projects: [{ id: 'p', name: 'P', createdAt: 0, updatedAt: 0 }],
        documents: [{ id: 'd', projectId: 'p', name: 'merkel.txt', meta: meta('h-merkel'), status: 'done', length: TEXT.length, spanCount: 1, categories: ['news'], createdAt: 0, updatedAt: 0 }],
        texts: [{ id: 'd', text: TEXT }],
        labels: [{ id: 'lp', projectId: 'p', name: 'PER', color: '#c2410c', order: 0, createdAt: 0, updatedAt: 0 }],
        relationTypes: [],
        spans: [{ id: 's', docId: 'd', labelId: 'lp', start: 0, end: 13, annotator: 'paul', createdAt: 0, updatedAt: 0 }],
        relations: [],
        settings: [{ key: 'annotator', value: ' paul ' }],
        layerSpans: [{ id: 'o', docId: 'd', labelId: 'lp', start: 14, end: 20, annotator: 'x', layer: 'someone else', createdAt: 0, updatedAt: 0 }],
      },
    } as unknown as WorkspaceSnapshot;
    const read = theirDocumentsFromBackup(snapshot);
    expect(read.name).toBe('paul');
    expect(read.documents).toEqual([{ name: 'merkel.txt', hash: 'h-merkel', length: TEXT.length, status: 'done', categories: ['news'], spans: [{ key: 's', start: 0, end: 13, label: 'PER' }], relations: [] }]);
  });
});

describe('curation into the curated layer', () => {
  const TEXT2 = 'Angela Merkel a reçu Emmanuel Macron à Berlin.';
  const ctx = (labels: LabelDef[]) => ({
    docId: 'd',
    labelIds: new Map(labels.map((l) => [l.name, l.id])),
    typeIds: new Map<string, string>(),
    annotator: 'marie',
    labelName: (id: string) => labels.find((l) => l.id === id)?.name ?? '?',
    typeName: () => '?',
  });
  const labels = ['PER', 'LOC'].map((name, i) => ({ id: `l-${name}`, projectId: 'p', name, color: '#c2410c', order: i, createdAt: 0, updatedAt: 0 }));
  const layer = (annotator: string, spans: Array<[number, number, string]>) => ({ annotator, spans: spans.map(([start, end, label], i) => ({ id: `${annotator}${i}`, start, end, label })) });

  it('pre-accepts what both drew, and each choice replaces what an earlier one put in', () => {
    const alignment = alignLayers([
      layer('marie', [
        [0, 13, 'PER'],
        [39, 45, 'LOC'],
      ]),
      layer('paul', [
        [0, 13, 'PER'],
        [39, 45, 'PER'],
      ]),
    ]);
    const first = preAccept(alignment, ctx(labels), 1);
    expect(first.spans.map((d) => [d.after?.start, d.after?.end, d.after?.labelId])).toEqual([[0, 13, 'l-PER']]);
    const d = alignment.disagreements[0];
    if (!d) throw new Error('no disagreement');
    expect(TEXT2.slice(d.start, d.end)).toBe('Berlin');
    const curated = first.spans.flatMap((x) => (x.after ? [x.after] : []));
    const takeMarie = d.choices.find((c) => c.kind === 'take' && c.annotators.includes('marie'));
    const takePaul = d.choices.find((c) => c.kind === 'take' && c.annotators.includes('paul'));
    if (!takeMarie || !takePaul) throw new Error('choices missing');
    const a = applyChoice({ spans: curated, relations: [] }, d, takeMarie.id, ctx(labels), 2);
    if ('refused' in a) throw new Error(a.refused);
    const afterA = [...curated, ...a.spans.flatMap((x) => (x.after ? [x.after] : []))];
    expect(afterA.map((s) => s.labelId)).toEqual(['l-PER', 'l-LOC']);
    // taking Paul's reading instead removes Marie's LOC and puts PER in
    const b = applyChoice({ spans: afterA, relations: [] }, d, takePaul.id, ctx(labels), 3);
    if ('refused' in b) throw new Error(b.refused);
    expect(b.spans.map((x) => [x.before?.labelId ?? null, x.after?.labelId ?? null])).toEqual([
      ['l-LOC', null],
      [null, 'l-PER'],
    ]);
    // none takes everything of this disagreement out and nothing else
    const none = applyChoice({ spans: afterA, relations: [] }, d, 'none', ctx(labels), 4);
    if ('refused' in none) throw new Error(none.refused);
    // a choice that is not offered is refused by its catalogue key, worded where the curation screen shows it
    expect(applyChoice({ spans: afterA, relations: [] }, d, 'no-such-choice', ctx(labels), 5)).toEqual({ refused: 'notOffered' });
    expect(none.spans.map((x) => [x.before?.start, x.after])).toEqual([[39, undefined]]);
  });

  it('stores a choice and its decision in one step; the inverse takes both back', async () => {
    const { db, project, docId } = await setup();
    const span: Span = { id: 'c1', docId, labelId: 'l', start: 0, end: 13, annotator: 'marie', createdAt: 1, updatedAt: 1 };
    const change = { docId, spans: [{ after: span }], relations: [] };
    await applyLayerChange(db, project.id, CURATED_LAYER, change, { 'span:x': 'take:["paul"]' });
    expect((await loadCurated(db, docId)).state?.decisions).toEqual({ 'span:x': 'take:["paul"]' });
    await applyLayerChange(db, project.id, CURATED_LAYER, invert(change), {});
    const after = await loadCurated(db, docId);
    expect(after.state?.decisions).toEqual({});
    expect(after.spans).toEqual([]);
  });
});

/** One layer of the first document of an agreement input: start, end and label name of each span, by start (the engine orders them). */
function unpacked(input: AgreementInput, layer: string): Array<[number, number, string]> {
  const packed = input.documents[0]?.layers[layer] ?? new Int32Array(0);
  const spans = Array.from({ length: packed.length / 3 }, (_, i): [number, number, string] => [packed[3 * i] as number, packed[3 * i + 1] as number, input.labels[packed[3 * i + 2] as number] as string]);
  return spans.sort((a, b) => a[0] - b[0]);
}

describe('the agreement input', () => {
  it('counts a layer for a document only when it is marked Done, unless every annotated document is asked for', async () => {
    const { db, project, docId, labels, types } = await setup();
    await replaceLayer(db, project.id, 'paul', planColleagueLayer([their()], [{ id: docId, name: 'merkel.txt', hash: 'h-merkel', length: TEXT.length }], { labels, types }, { projectId: project.id, layer: 'paul' }));
    const compared = [
      { layer: null, name: 'marie' },
      { layer: 'paul', name: 'paul' },
    ];
    // mine is in progress: not Done
    expect((await agreementInput(db, project.id, compared, true)).documents).toEqual([]);
    const all = await agreementInput(db, project.id, compared, false);
    expect(all.documents.map((d) => [d.name, d.text, Object.keys(d.layers)])).toEqual([['merkel.txt', TEXT, ['marie', 'paul']]]);
    expect(unpacked(all, 'paul')).toEqual([
      [0, 6, 'PER'],
      [42, 48, 'LOC'],
    ]);
    expect(unpacked(all, 'marie')).toEqual([[0, 13, 'PER']]);
    // one buffer per layer, moved to the worker with the message
    expect(all.transfer).toEqual(all.documents.flatMap((d) => Object.values(d.layers).map((l) => l.buffer)));
    await applyChange(db, { docId, spans: [], relations: [], doc: { before: { status: 'in_progress', categories: [] }, after: { status: 'done', categories: [] } } });
    expect((await agreementInput(db, project.id, compared, true)).documents.map((d) => d.id)).toEqual([docId]);
  });
});

describe('exports take a layer', () => {
  it("mine, a colleague's, or every layer with each span's annotator named", async () => {
    const { db, project, docId, labels, types } = await setup();
    await replaceLayer(db, project.id, 'paul', planColleagueLayer([their({ categories: ['opinion'] })], [{ id: docId, name: 'merkel.txt', hash: 'h-merkel', length: TEXT.length }], { labels, types }, { projectId: project.id, layer: 'paul' }));
    const spans = (docs: PortableDocument[]) => docs[0]?.spans.map((s) => [s.start, s.end, s.label, s.attributes?.['annotator'] ?? null]);
    expect(spans(await portableLayerDocuments(db, [docId], { kind: 'mine' }))).toEqual([[0, 13, 'PER', null]]);
    const paul = await portableLayerDocuments(db, [docId], { kind: 'layer', layer: 'paul' });
    expect(spans(paul)).toEqual([
      [0, 6, 'PER', null],
      [42, 48, 'LOC', null],
    ]);
    expect(paul[0]?.categories).toEqual(['opinion']);
    expect(spans(await portableLayerDocuments(db, [docId], { kind: 'all', me: 'marie' }))).toEqual([
      [0, 13, 'PER', 'marie'],
      [0, 6, 'PER', 'paul'],
      [42, 48, 'LOC', 'paul'],
    ]);
  });
});

describe('backups carry every layer', () => {
  it('a snapshot restores every layer exactly; a version 1 backup leaves no layer behind', async () => {
    const { db, project, docId, labels, types } = await setup();
    await replaceLayer(db, project.id, 'paul', planColleagueLayer([their()], [{ id: docId, name: 'merkel.txt', hash: 'h-merkel', length: TEXT.length }], { labels, types }, { projectId: project.id, layer: 'paul' }));
    const per = labels.find((l) => l.name === 'PER') as LabelDef;
    await applyLayerChange(db, project.id, CURATED_LAYER, { docId, spans: [{ after: { id: 'c1', docId, labelId: per.id, start: 0, end: 13, annotator: 'marie', createdAt: 1, updatedAt: 1 } }], relations: [] }, { 'span:x': 'none' });
    const tables = ['spans', 'layerSpans', 'layerRelations', 'layerDocuments'];
    const before = await dump(db, tables);
    // as the file holds it (main checks the layer records: tests/unit/services/backup-format.test.ts)
    const snapshot = JSON.parse(JSON.stringify(await readSnapshot(db, '1.0.0'))) as WorkspaceSnapshot;
    expect(snapshot.tables.layerSpans).toHaveLength(3);
    const other = freshDb();
    await replaceWorkspace(other, snapshot);
    expect(JSON.parse(await dump(other, tables))).toEqual(JSON.parse(before));
    // a backup from before layers: the layer tables come back empty, the user's spans as they were
    const { layerSpans: _s, layerRelations: _r, layerDocuments: _d, ...v1 } = snapshot.tables;
    await replaceWorkspace(other, { ...snapshot, schemaVersion: 1, tables: v1 });
    expect(await other.layerSpans.count()).toBe(0);
    expect(await other.layerDocuments.count()).toBe(0);
    expect(JSON.parse(await dump(other, ['spans']))).toEqual(JSON.parse(await dump(db, ['spans'])));
  });
});

describe('a label deleted from the schema', () => {
  it("stays named in the layers that still use it, out of the schema, until restored; the other layers are untouched", async () => {
    const { db, project, docId, labels, types } = await setup();
    await replaceLayer(db, project.id, 'paul', planColleagueLayer([their()], [{ id: docId, name: 'merkel.txt', hash: 'h-merkel', length: TEXT.length }], { labels, types }, { projectId: project.id, layer: 'paul' }));
    const loc = labels.find((l) => l.name === 'LOC') as LabelDef;
    expect(loc.hotkey).toBeTruthy();
    const layersBefore = await dump(db, ['layerSpans', 'layerRelations', 'layerDocuments', 'spans']);
    const del = await planDeleteLabel(db, project.id, loc.id, null);
    await applyProjectChange(db, del);
    // out of the palette, the schema and its export; kept, without its key, for paul's span of it
    expect((await projectLabels(db, project.id)).map((l) => l.name)).not.toContain('LOC');
    expect((await schemaOf(db, project.id)).labels.map((l) => l.name)).not.toContain('LOC');
    const former = await formerLabels(db, project.id);
    expect(former.map((l) => [l.id, l.name, l.color, l.hotkey])).toEqual([[loc.id, 'LOC', loc.color, undefined]]);
    expect(former[0]?.deletedAt).toBeTypeOf('number');
    expect(await dump(db, ['layerSpans', 'layerRelations', 'layerDocuments', 'spans'])).toBe(layersBefore);
    // named, not "?", wherever paul's layer is read by name
    const compared = [
      { layer: null, name: 'marie' },
      { layer: 'paul', name: 'paul' },
    ];
    expect(unpacked(await agreementInput(db, project.id, compared, false), 'paul').map(([, , label]) => label)).toEqual(['PER', 'LOC']);
    expect((await portableLayerDocuments(db, [docId], { kind: 'layer', layer: 'paul' }))[0]?.spans.map((s) => s.label)).toEqual(['PER', 'LOC']);
    // undo gives it back exactly, key and all
    await applyProjectChange(db, invertProjectChange(del));
    expect(await db.labels.get(loc.id)).toEqual(loc);
    await applyProjectChange(db, del);
    // restored at the end of the palette without a key; refused while another label has its name
    const restore = await planRestoreLabel(db, project.id, loc.id);
    if (!restore) throw new Error('restore refused');
    await applyProjectChange(db, restore);
    const back = await db.labels.get(loc.id);
    expect(back?.deletedAt).toBeUndefined();
    expect(back?.hotkey).toBeUndefined();
    expect((await projectLabels(db, project.id)).at(-1)?.id).toBe(loc.id);
    expect(await formerLabels(db, project.id)).toEqual([]);
    await applyProjectChange(db, del);
    const twin = await planMergeSchema(db, project.id, { name: 'x', labels: [], relations: [], categories: [] });
    expect(twin.change.labels).toEqual([]);
    await db.labels.add({ ...loc, id: 'twin', hotkey: 'z', order: 99 });
    expect(await planRestoreLabel(db, project.id, loc.id)).toBeNull();
  });

  it('is deleted outright when no other layer uses it', async () => {
    const { db, project, labels } = await setup();
    const misc = labels.find((l) => l.name === 'ORG') as LabelDef;
    await applyProjectChange(db, await planDeleteLabel(db, project.id, misc.id, null));
    expect(await db.labels.get(misc.id)).toBeUndefined();
    expect(await formerLabels(db, project.id)).toEqual([]);
  });

  it('comes back when an imported schema or imported annotations name it', async () => {
    const { db, project, docId, labels, types } = await setup();
    await replaceLayer(db, project.id, 'paul', planColleagueLayer([their()], [{ id: docId, name: 'merkel.txt', hash: 'h-merkel', length: TEXT.length }], { labels, types }, { projectId: project.id, layer: 'paul' }));
    const loc = labels.find((l) => l.name === 'LOC') as LabelDef;
    await applyProjectChange(db, await planDeleteLabel(db, project.id, loc.id, null));
    // an import of the user's own work that uses LOC: missing from the schema, and brought back, not doubled
    const doc: PortableDocument = { name: 'b.txt', text: 'à Berlin', meta: meta('h-b'), spans: [{ key: 'k', start: 2, end: 8, label: 'LOC' }], relations: [] };
    const missing = await missingInProject(db, project.id, [doc]);
    expect(missing.labels.map((m) => m.name)).toEqual(['LOC']);
    expect(await createMissing(db, project.id, missing)).toEqual({ labels: ['LOC'], types: [] });
    expect((await db.labels.where('projectId').equals(project.id).toArray()).filter((l) => l.name === 'LOC').map((l) => [l.id, l.deletedAt])).toEqual([[loc.id, undefined]]);
    await applyProjectChange(db, await planDeleteLabel(db, project.id, loc.id, null));
    const merged = await planMergeSchema(db, project.id, { name: 'x', labels: [{ name: 'LOC', color: '#123456' }], relations: [], categories: [] });
    await applyProjectChange(db, merged.change);
    const back = await db.labels.get(loc.id);
    expect([back?.deletedAt, back?.color]).toEqual([undefined, '#123456']);
  });
});

/** Every layer of every document of a project, read by name and offsets: what a copy must reproduce. */
async function layersByName(db: GloseDatabase, projectId: string): Promise<unknown> {
  const names = new Map((await db.labels.where('projectId').equals(projectId).toArray()).map((l) => [l.id, l.name]));
  const typeNames = new Map((await db.relationTypes.where('projectId').equals(projectId).toArray()).map((t) => [t.id, t.name]));
  const docs = (await db.documents.where('projectId').equals(projectId).toArray()).sort((a, b) => a.name.localeCompare(b.name));
  const out: unknown[] = [];
  for (const doc of docs) {
    const own = await loadDocument(db, doc.id);
    const layers: Array<{ layer: string | null; status: string; spans: Span[]; relations: Array<{ fromId: string; toId: string; typeId: string }>; decisions?: unknown }> = [
      { layer: null, status: doc.status, spans: own?.spans ?? [], relations: own?.relations ?? [] },
    ];
    for (const info of await documentLayers(db, doc.id)) {
      const loaded = await loadLayer(db, doc.id, info.layer);
      const state = await db.layerDocuments.where('[docId+layer]').equals([doc.id, info.layer]).first();
      layers.push({ layer: info.layer, status: info.status, spans: loaded?.spans ?? [], relations: loaded?.relations ?? [], decisions: state?.decisions });
    }
    const read = (spans: Span[], relations: Array<{ fromId: string; toId: string; typeId: string }>) => {
      const at = new Map(spans.map((s) => [s.id, `${s.start}-${s.end}`]));
      return {
        spans: spans.map((s) => [s.start, s.end, names.get(s.labelId) ?? null, s.annotator]).sort(),
        relations: relations.map((r) => [at.get(r.fromId) ?? null, at.get(r.toId) ?? null, typeNames.get(r.typeId) ?? null]).sort(),
      };
    };
    out.push({ name: doc.name, layers: layers.map((l) => ({ layer: l.layer, status: l.status, decisions: l.decisions, ...read(l.spans, l.relations) })) });
  }
  return out;
}

describe('duplicating a project', () => {
  it("copies every layer (the user's, colleagues', the curated one with its decisions) and keeps the source's as they were", async () => {
    const { db, project, docId, labels, types } = await setup();
    const paul = their({
      spans: [
        { key: 'x', start: 0, end: 6, label: 'PER' },
        { key: 'q', start: 0, end: 20, label: 'QUOTE' },
        { key: 'y', start: 42, end: 48, label: 'LOC' },
      ],
      relations: [{ fromKey: 'q', toKey: 'x', type: 'said_by' }],
    });
    const plan = planColleagueLayer([paul], [{ id: docId, name: 'merkel.txt', hash: 'h-merkel', length: TEXT.length }], { labels, types }, { projectId: project.id, layer: 'paul' });
    expect(plan.relations).toHaveLength(1);
    await replaceLayer(db, project.id, 'paul', plan);
    const per = labels.find((l) => l.name === 'PER') as LabelDef;
    await applyLayerChange(db, project.id, CURATED_LAYER, { docId, spans: [{ after: { id: 'c1', docId, labelId: per.id, start: 0, end: 13, annotator: 'marie', createdAt: 1, updatedAt: 1 } }], relations: [] }, { 'span:x': 'none' });
    // a label only paul still uses, deleted from the schema: the copy keeps it for him
    const loc = labels.find((l) => l.name === 'LOC') as LabelDef;
    await applyProjectChange(db, await planDeleteLabel(db, project.id, loc.id, null));
    const tables = ['spans', 'relations', 'layerSpans', 'layerRelations', 'layerDocuments', 'decisions'];
    const sourceBefore = await dump(db, tables);
    const expected = await layersByName(db, project.id);
    const copy = await duplicateProject(db, project.id, 'copy', true);
    expect(await layersByName(db, copy.id)).toEqual(expected);
    expect(JSON.stringify(expected)).toContain('"paul"');
    expect(JSON.stringify(expected)).toContain('said_by');
    expect(JSON.stringify(expected)).toContain('"LOC"');
    expect((await projectLayerNames(db, copy.id)).sort()).toEqual([CURATED_LAYER, 'paul'].sort());
    // the copy's layers are its own: new ids, its documents, its labels
    const copyDocs = await db.documents.where('projectId').equals(copy.id).primaryKeys();
    const copyLayerSpans = await db.layerSpans.where('docId').anyOf(copyDocs).toArray();
    const copyLabels = new Set(await db.labels.where('projectId').equals(copy.id).primaryKeys());
    expect(copyLayerSpans).toHaveLength(4);
    expect(copyLayerSpans.every((s) => copyLabels.has(s.labelId))).toBe(true);
    expect((await formerLabels(db, copy.id)).map((l) => l.name)).toEqual(['LOC']);
    // and the source is as it was: nothing moved, nothing shared
    const sourceNow = JSON.parse(await dump(db, tables)) as Record<string, Array<{ docId: string }>>;
    const only = (rows: Array<{ docId: string }>) => rows.filter((r) => !copyDocs.includes(r.docId));
    expect(Object.fromEntries(Object.entries(sourceNow).map(([k, v]) => [k, only(v)]))).toEqual(JSON.parse(sourceBefore));
  });
});
