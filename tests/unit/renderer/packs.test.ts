// The packed layers (src-renderer/src/db/packs.ts): one record per (document, layer) that the agreement
// reads instead of every span. A cache that must never be read stale: each write to the spans of a
// layer deletes exactly that layer's pack, a rebuilt pack is the spans packed, and no backup, restore
// or journal carries one.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freshDatabases } from './fresh-db';
import { GloseDatabase } from '$db/database';
import { applyChange } from '$db/documents';
import { addDocuments } from '$db/imports';
import { agreementInput, applyLayerChange, replaceLayer, type AgreementInput, type ComparedLayer } from '$db/layers';
import { buildPacks, keepPacked, packProblem, packSpans, projectPackKeys, readPacks, unpacked } from '$db/packs';
import { PackKeeping } from '$db/pack-keeping';
import { setSetting } from '$db/settings';
import { OWN_LAYER, READER_PACK, type PackedLayer, type PackKey } from '$db/pack-invalidation';
import { duplicateProject, ensureWorkspace } from '$db/projects';
import { handoutPackage, openHandout } from '$db/packages';
import { readSnapshot, replaceWorkspace } from '$db/backups';
import { WriteJournal, replayJournal } from '$db/journal';
import { planColleagueLayer, type TheirDocument } from '$lib/colleague';
import { CURATED_LAYER, type LabelDef, type PortableDocument, type SchemaSpec, type Span } from '$model';
import type { JournalEntry, JournalPosition, JournalWrite } from '$contract';
import news from '../../../resources/schemas/news.json';

const freshDb = freshDatabases('packs');

const TEXT = 'Angela Merkel a reçu 😀 Emmanuel Macron à Berlin.';
const OTHER = 'Olaf Scholz est à Paris, chez Emmanuel Macron.';
const meta = (hash: string) => ({ format: 'txt', hash, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } });

const their = (name: string, hash: string, length: number, spans: TheirDocument['spans']): TheirDocument => ({ name, hash, length, status: 'done', categories: [], spans, relations: [] });

/** Two documents, each with the user's own layer, Paul's and (the first) a curated span. */
async function setup() {
  const db = freshDb();
  const project = await ensureWorkspace(db, news as SchemaSpec, { name: 'Welcome', text: 'x', meta: meta('w'), spans: [], relations: [] });
  const docs: PortableDocument[] = [
    { name: 'merkel.txt', text: TEXT, meta: meta('h-merkel'), spans: [{ key: 'a', start: 0, end: 13, label: 'PER' }, { key: 'b', start: 42, end: 48, label: 'LOC' }], relations: [] },
    { name: 'scholz.txt', text: OTHER, meta: meta('h-scholz'), spans: [{ key: 'c', start: 0, end: 11, label: 'PER' }], relations: [] },
  ];
  await addDocuments(db, project.id, docs, 'marie');
  const stored = await db.documents.where('projectId').equals(project.id).toArray();
  const id = (name: string) => stored.find((d) => d.name === name)?.id ?? '';
  const [d1, d2] = [id('merkel.txt'), id('scholz.txt')];
  for (const d of [d1, d2]) await applyChange(db, { docId: d, spans: [], relations: [], doc: { before: { status: 'in_progress', categories: [] }, after: { status: 'done', categories: [] } } });
  const labels = await db.labels.where('projectId').equals(project.id).toArray();
  const types = await db.relationTypes.where('projectId').equals(project.id).toArray();
  const targets = [
    { id: d1, name: 'merkel.txt', hash: 'h-merkel', length: TEXT.length },
    { id: d2, name: 'scholz.txt', hash: 'h-scholz', length: OTHER.length },
  ];
  const paul = [
    their('merkel.txt', 'h-merkel', TEXT.length, [
      { key: 'x', start: 0, end: 6, label: 'PER' },
      { key: 'y', start: 42, end: 48, label: 'LOC' },
    ]),
    their('scholz.txt', 'h-scholz', OTHER.length, [
      { key: 'z', start: 18, end: 23, label: 'LOC' },
      { key: 'w', start: 30, end: 45, label: 'PER' },
    ]),
  ];
  await replaceLayer(db, project.id, 'paul', planColleagueLayer(paul, targets, { labels, types }, { projectId: project.id, layer: 'paul' }));
  const per = labels.find((l) => l.name === 'PER') as LabelDef;
  await applyLayerChange(db, project.id, CURATED_LAYER, { docId: d1, spans: [{ after: { id: 'c1', docId: d1, labelId: per.id, start: 0, end: 13, annotator: 'marie', createdAt: 1, updatedAt: 1 } }], relations: [] });
  const keys: PackKey[] = [
    [d1, OWN_LAYER],
    [d1, 'paul'],
    [d1, CURATED_LAYER],
    [d2, OWN_LAYER],
    [d2, 'paul'],
  ];
  return { db, project, d1, d2, labels, keys };
}

/** Every pack stored, by key, its spans as plain numbers: what "byte-identical" is compared on. */
async function packs(db: GloseDatabase): Promise<Record<string, { spans: number[]; labelIds: string[] } | { claim: string }>> {
  const out: Record<string, { spans: number[]; labelIds: string[] } | { claim: string }> = {};
  for (const p of await db.packedLayers.toArray()) {
    // the reader's packs have tests of their own (reader-packs.test.ts)
    if (p.layer === READER_PACK) continue;
    out[`${p.docId}/${String(p.layer)}`] = 'claim' in p ? { claim: p.claim } : { spans: [...(p as PackedLayer).spans], labelIds: (p as PackedLayer).labelIds };
  }
  return out;
}

const without = <T,>(all: Record<string, T>, ...gone: string[]) => Object.fromEntries(Object.entries(all).filter(([k]) => !gone.includes(k)));

/** The spans of one layer of a document, as the database holds them now. */
async function spansOf(db: GloseDatabase, [docId, layer]: PackKey): Promise<Span[]> {
  return layer === OWN_LAYER ? db.spans.where('docId').equals(docId).toArray() : db.layerSpans.where('[docId+layer]').equals([docId, layer]).toArray();
}

/** Every stored pack is its layer's spans packed, as they are now: none is stale. Returns how many there are. */
async function noneStale(db: GloseDatabase): Promise<number> {
  // the reader's packs have tests of their own (reader-packs.test.ts)
  const stored = (await db.packedLayers.toArray()).filter((p) => p.layer !== READER_PACK);
  for (const p of stored) {
    expect(p).not.toHaveProperty('claim');
    const key: PackKey = [p.docId, p.layer as PackKey[1]];
    expect(p, `${key.join('/')}`).toEqual(packSpans(key[0], key[1], await spansOf(db, key)));
  }
  return stored.length;
}

/** A pack read back as [start, end, label id] triples. */
const triples = (p: PackedLayer) => Array.from({ length: p.spans.length / 3 }, (_, i) => [p.spans[i * 3], p.spans[i * 3 + 1], p.labelIds[p.spans[i * 3 + 2] as number]]);

describe('a write deletes the packs of the layers it touched, and only those', () => {
  it('an edit, a delete, a delete by index and a clear, in each layer', async () => {
    const { db, project, d1, d2, keys } = await setup();
    await readPacks(db, keys);
    const all = await packs(db);
    // the five of setup() and the welcome document's own layer (packed as the workspace was made)
    expect(Object.keys(all)).toHaveLength(6);

    // the user's own layer: a span moved in d1
    const own = (await spansOf(db, [d1, OWN_LAYER]))[0] as Span;
    await applyChange(db, { docId: d1, spans: [{ before: own, after: { ...own, end: own.start + 1 } }], relations: [] });
    expect(await packs(db)).toEqual(without(all, `${d1}/0`));

    // the curated layer of d1: a span deleted
    await readPacks(db, keys);
    const curated = (await spansOf(db, [d1, CURATED_LAYER]))[0] as Span;
    const before = await packs(db);
    await applyLayerChange(db, project.id, CURATED_LAYER, { docId: d1, spans: [{ before: curated }], relations: [] });
    expect(await packs(db)).toEqual(without(before, `${d1}/`));

    // Paul's layer of d2: one span deleted by its key alone (the record is looked up for its document)
    await readPacks(db, keys);
    const again = await packs(db);
    const theirs = (await spansOf(db, [d2, 'paul']))[0] as Span;
    await db.layerSpans.delete(theirs.id);
    expect(await packs(db)).toEqual(without(again, `${d2}/paul`));

    // the user's spans of d2 deleted through the index
    await readPacks(db, keys);
    const third = await packs(db);
    await db.spans.where('docId').equals(d2).delete();
    expect(await packs(db)).toEqual(without(third, `${d2}/0`));

    // a whole table cleared: no pack can say which documents it held
    await readPacks(db, keys);
    await db.layerSpans.clear();
    expect(await packs(db)).toEqual({});
  });

  it('a span moved to another document or layer by a put makes both packs stale', async () => {
    const { db, d1, d2, keys } = await setup();
    await readPacks(db, keys);
    const all = await packs(db);
    const span = (await spansOf(db, [d1, 'paul']))[0] as Span & { layer: string };
    await db.layerSpans.put({ ...span, docId: d2, layer: CURATED_LAYER });
    expect(await packs(db)).toEqual(without(all, `${d1}/paul`));
  });

  it('a write that fails deletes nothing and stores nothing', async () => {
    const { db, d1, keys } = await setup();
    await readPacks(db, keys);
    const all = await packs(db);
    const span = (await spansOf(db, [d1, OWN_LAYER]))[0] as Span;
    await expect(db.transaction('rw', db.spans, async () => {
      await db.spans.put({ ...span, end: span.start + 1 });
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect(await packs(db)).toEqual(all);
  });
});

describe('a pack is the spans packed', () => {
  it('built on demand, stored by a colleague import, and after any edit', async () => {
    const { db, project, d1, d2, keys, labels } = await setup();
    // the import stored Paul's packs as it wrote his spans
    expect((await db.packedLayers.bulkGet([[d1, 'paul'], [d2, 'paul']])).every((p) => p !== undefined)).toBe(true);
    const pick = (all: Awaited<ReturnType<typeof packs>>) => ({ [`${d1}/paul`]: all[`${d1}/paul`], [`${d2}/paul`]: all[`${d2}/paul`] });
    const imported = pick(await packs(db));
    await db.packedLayers.clear();
    await readPacks(db, keys);
    // and a rebuild gives them byte for byte
    expect(pick(await packs(db))).toEqual(imported);
    const per = labels.find((l) => l.name === 'PER') as LabelDef;
    await applyChange(db, { docId: d2, spans: [{ after: { id: 'new', docId: d2, labelId: per.id, start: 30, end: 38, annotator: 'marie', createdAt: 2, updatedAt: 2 } }], relations: [] });
    await applyLayerChange(db, project.id, 'paul', { docId: d1, spans: [{ after: { id: 'p-new', docId: d1, labelId: per.id, start: 24, end: 39, annotator: 'paul', createdAt: 2, updatedAt: 2 } }], relations: [] });
    const read = await readPacks(db, keys);
    for (const [i, key] of keys.entries()) {
      const spans = await spansOf(db, key);
      expect(read[i]).toEqual(packSpans(key[0], key[1], spans));
      expect(triples(read[i] as PackedLayer)).toEqual(spans.map((s) => [s.start, s.end, s.labelId]));
      expect(await db.packedLayers.get(key)).toEqual(read[i]);
    }
  });

  it('a write while a pack is built keeps the build from storing it: the next read packs the write too', async () => {
    const { db, d1, keys } = await setup();
    await db.packedLayers.clear();
    const own = (await spansOf(db, [d1, OWN_LAYER]))[0] as Span;
    let edit: Promise<void> | null = null;
    // an edit that starts while the build reads the spans, so it commits after that read and before the store
    const packed = await buildPacks(db, keys, () => {
      edit ??= Dexie.ignoreTransaction(() => applyChange(db, { docId: d1, spans: [{ before: own, after: { ...own, end: own.start + 1 } }], relations: [] }));
    });
    await edit;
    // what the build read (before the edit) is returned, and stored for every layer but the one edited
    expect(triples(packed[0] as PackedLayer)).toContainEqual([own.start, own.end, own.labelId]);
    const stored = await packs(db);
    expect(Object.keys(stored).sort()).toEqual(keys.slice(1).map(([d, l]) => `${d}/${String(l)}`).sort());
    for (const p of Object.values(stored)) expect(p).not.toHaveProperty('claim');
    const [again] = await readPacks(db, [[d1, OWN_LAYER]]);
    expect(triples(again as PackedLayer)).toContainEqual([own.start, own.start + 1, own.labelId]);
    expect(triples(again as PackedLayer)).toEqual((await spansOf(db, [d1, OWN_LAYER])).map((s) => [s.start, s.end, s.labelId]));
  });

  it('a claim left by a build that never finished is not a pack', async () => {
    const { db, d1 } = await setup();
    await db.packedLayers.put({ docId: d1, layer: OWN_LAYER, claim: 'gone' });
    expect(packProblem(await db.packedLayers.get([d1, OWN_LAYER]), [d1, OWN_LAYER])).toBe('being built');
    const [pack] = await readPacks(db, [[d1, OWN_LAYER]]);
    expect(triples(pack as PackedLayer)).toEqual((await spansOf(db, [d1, OWN_LAYER])).map((s) => [s.start, s.end, s.labelId]));
    expect(await db.packedLayers.get([d1, OWN_LAYER])).toEqual(pack);
  });

  it('the agreement reads the same documents from stored packs as from packs it had to build', async () => {
    const { db, project, keys } = await setup();
    const compared: ComparedLayer[] = [
      { layer: null, name: 'marie' },
      { layer: 'paul', name: 'paul' },
      { layer: CURATED_LAYER, name: 'curated' },
    ];
    const plain = (input: AgreementInput) => ({ labels: input.labels, documents: input.documents.map((d) => ({ ...d, layers: Object.fromEntries(Object.entries(d.layers).map(([k, v]) => [k, [...v]])) })) });
    await db.packedLayers.clear();
    const progress: Array<[number, number]> = [];
    const cold = await agreementInput(db, project.id, compared, false, undefined, (done, total) => progress.push([done, total]));
    // the five layers of setup() and the welcome document's own (read, then left out: new and empty)
    expect(cold.packs).toEqual({ read: keys.length + 1, built: keys.length + 1 });
    expect(progress.at(-1)).toEqual([keys.length + 1, keys.length + 1]);
    const warm = await agreementInput(db, project.id, compared, false);
    expect(warm.packs).toEqual({ read: keys.length + 1, built: 0 });
    expect(plain(warm)).toEqual(plain(cold));
    // labels by name: their indexes follow the order they are met in (documents and spans by id)
    const named = (l: Int32Array) => Array.from({ length: l.length / 3 }, (_, i) => [l[i * 3], l[i * 3 + 1], warm.labels[l[i * 3 + 2] as number]]);
    const byName = warm.documents.map((d) => [d.name, Object.fromEntries(Object.entries(d.layers).map(([k, v]) => [k, named(v).sort()]))] as const).sort(([a], [b]) => a.localeCompare(b));
    expect(byName).toEqual([
      ['merkel.txt', { marie: [[0, 13, 'PER'], [42, 48, 'LOC']].sort(), paul: [[0, 6, 'PER'], [42, 48, 'LOC']].sort(), curated: [[0, 13, 'PER']] }],
      ['scholz.txt', { marie: [[0, 11, 'PER']], paul: [[18, 23, 'LOC'], [30, 45, 'PER']].sort() }],
    ]);
  });

  it('a stored pack that is not sound is never used: it is packed again from the spans', async () => {
    const { db, project, d1, d2, keys } = await setup();
    await readPacks(db, keys);
    const compared: ComparedLayer[] = [
      { layer: null, name: 'marie' },
      { layer: 'paul', name: 'paul' },
    ];
    const good = await agreementInput(db, project.id, compared, true);
    const sound = await packs(db);
    const bad: Array<[PackKey, Partial<PackedLayer>]> = [
      [[d1, OWN_LAYER], { spans: new Int32Array([0, 13, 5]) }],
      [[d1, 'paul'], { spans: new Int32Array([0, 6]) }],
      [[d2, OWN_LAYER], { spans: new Int32Array([0, 9999, 0]) }],
      [[d2, 'paul'], { spans: [18, 23, 0] as unknown as Int32Array }],
    ];
    for (const [key, over] of bad) {
      const p = (await db.packedLayers.get(key)) as PackedLayer;
      await db.packedLayers.put({ ...p, ...over });
      expect(packProblem(await db.packedLayers.get(key), key, key[0] === d1 ? TEXT.length : OTHER.length)).not.toBeNull();
    }
    const again = await agreementInput(db, project.id, compared, true);
    expect(again.packs.built).toBe(4);
    expect(again.documents.map((d) => Object.values(d.layers).map((l) => [...l]))).toEqual(good.documents.map((d) => Object.values(d.layers).map((l) => [...l])));
    expect(await packs(db)).toEqual(sound);
  });
});

describe('a whole layer written at once is packed in the same transaction', () => {
  /**
   * Every layer the agreement can read in the project has a pack, each is its spans packed (none
   * stale), and the agreement reads them all without building one.
   */
  async function allPacked(db: GloseDatabase, projectId: string, compared: ComparedLayer[]): Promise<number> {
    const wanted = await projectPackKeys(db, projectId);
    expect(await unpacked(db, wanted, true)).toEqual([]);
    await noneStale(db);
    const input = await agreementInput(db, projectId, compared, false);
    expect(input.packs).toEqual({ read: wanted.length, built: 0 });
    return wanted.length;
  }
  const everyone: ComparedLayer[] = [
    { layer: null, name: 'marie' },
    { layer: 'paul', name: 'paul' },
    { layer: CURATED_LAYER, name: 'curated' },
  ];

  it('the workspace made, then annotated documents imported: their own layers, empty ones too', async () => {
    const db = freshDb();
    const project = await ensureWorkspace(db, news as SchemaSpec, { name: 'Welcome', text: TEXT, meta: meta('w'), spans: [{ key: 'a', start: 0, end: 13, label: 'PER' }], relations: [] });
    expect(await allPacked(db, project.id, everyone)).toBe(1);
    await addDocuments(db, project.id, [
      { name: 'a.txt', text: TEXT, meta: meta('a'), spans: [{ key: 'a', start: 24, end: 39, label: 'PER' }, { key: 'b', start: 42, end: 48, label: 'LOC' }, { key: 'c', start: 0, end: 6, label: 'NOPE' }], relations: [] },
      { name: 'b.txt', text: OTHER, meta: meta('b'), spans: [], relations: [] },
    ], 'marie');
    expect(await allPacked(db, project.id, everyone)).toBe(3);
  });

  it('a colleague\'s layer imported, and imported again over it', async () => {
    const { db, project, d1, d2, keys } = await setup();
    // the curated span was an edit (which packs nothing): packed here
    await readPacks(db, keys);
    expect(await allPacked(db, project.id, everyone)).toBe(6);
    const labels = await db.labels.where('projectId').equals(project.id).toArray();
    const targets = [
      { id: d1, name: 'merkel.txt', hash: 'h-merkel', length: TEXT.length },
      { id: d2, name: 'scholz.txt', hash: 'h-scholz', length: OTHER.length },
    ];
    const again = [their('merkel.txt', 'h-merkel', TEXT.length, [{ key: 'q', start: 24, end: 39, label: 'PER' }])];
    await replaceLayer(db, project.id, 'paul', planColleagueLayer(again, targets, { labels, types: [] }, { projectId: project.id, layer: 'paul' }));
    expect(await allPacked(db, project.id, everyone)).toBe(5);
    expect(triples((await db.packedLayers.get([d1, 'paul'])) as PackedLayer)).toEqual([[24, 39, labels.find((l) => l.name === 'PER')?.id]]);
  });

  it('a work package opened as a project: the annotator\'s layer as the user\'s own, every other layer too', async () => {
    const { db, project } = await setup();
    const pkg = await handoutPackage(db, project.id, { annotator: 'alice', me: 'marie', withOthers: true, appVersion: 'test' });
    const laptop = freshDb();
    await ensureWorkspace(laptop, news as SchemaSpec, { name: 'Welcome', text: 'x', meta: meta('w'), spans: [], relations: [] });
    const opened = await openHandout(laptop, pkg, 'handout.zip', 'alice');
    const layers: ComparedLayer[] = [{ layer: null, name: 'alice' }, { layer: 'marie', name: 'marie' }, { layer: 'paul', name: 'paul' }, { layer: CURATED_LAYER, name: 'curated' }];
    // three documents (the welcome one is in the package too), with marie's and paul's layers and the curated one on the first
    expect(await allPacked(laptop, opened.id, layers)).toBe(3 + 3 + 2 + 1);
    const lead = (await laptop.packedLayers.toArray()).filter((p): p is PackedLayer => p.layer === 'marie' && 'spans' in p);
    expect(lead.reduce((n, p) => n + p.spans.length / 3, 0)).toBe(3);
  });

  it('a project copied with its documents: every layer of the copy', async () => {
    const { db, project, keys } = await setup();
    const copy = await duplicateProject(db, project.id, 'copy', true);
    // the curated layer too, which an edit made in the original (and left unpacked there)
    expect(await allPacked(db, copy.id, everyone)).toBe(6);
    expect(await unpacked(db, keys, true)).toEqual([keys[2]]);
  });
});

describe('no stale pack after a migration, a restore or a rebuild from the journal', () => {
  it('a version 2 database opens at version 3 with every record kept and no pack', async () => {
    const name = 'packs-v2';
    const old = new Dexie(name);
    old.version(1).stores({ projects: 'id', documents: 'id, projectId, meta.hash, updatedAt', texts: 'id', labels: 'id, projectId', relationTypes: 'id, projectId', spans: 'id, docId', relations: 'id, docId', settings: 'key' });
    old.version(2).stores({ layerSpans: 'id, docId, [docId+layer]', layerRelations: 'id, docId, [docId+layer]', layerDocuments: 'id, docId, [docId+layer], [projectId+layer]', decisions: 'id, docId, projectId' });
    const source = await setup();
    const snapshot = await readSnapshot(source.db, '1.0.0');
    await old.open();
    const tables = snapshot.tables as unknown as Record<string, unknown[]>;
    await old.transaction('rw', old.tables, async () => {
      for (const t of old.tables) await t.bulkAdd(tables[t.name] ?? []);
    });
    expect(old.verno).toBe(2);
    old.close();
    const db = freshDb(name);
    await db.open();
    expect(db.verno).toBe(3);
    for (const t of db.tables) {
      if (t.name === 'packedLayers') expect(await t.count()).toBe(0);
      else expect(JSON.stringify(await t.toArray()), t.name).toBe(JSON.stringify(tables[t.name] ?? []));
    }
    const input = await agreementInput(db, source.project.id, [{ layer: null, name: 'marie' }, { layer: 'paul', name: 'paul' }], true);
    expect(input.documents).toHaveLength(2);
    expect(input.packs.built).toBe(4);
  });

  it('a backup carries no pack; a restore packs every layer it restored, and leaves none of the workspace it replaced', async () => {
    const { db, project, d1, keys } = await setup();
    const snapshot = await readSnapshot(db, '1.0.0');
    expect(Object.keys(snapshot.tables)).not.toContain('packedLayers');
    const restoredSpans = await spansOf(db, [d1, OWN_LAYER]);
    // the workspace goes on: a span edited, all packs built for that state
    const own = restoredSpans[0] as Span;
    await applyChange(db, { docId: d1, spans: [{ before: own, after: { ...own, start: 1 } }], relations: [] });
    await readPacks(db, keys);
    expect(await db.packedLayers.count()).toBe(6);
    await replaceWorkspace(db, snapshot);
    // every layer the agreement can read is packed as restored (none left to build), none stale
    const wanted = await projectPackKeys(db, project.id);
    expect(await unpacked(db, wanted, true)).toEqual([]);
    expect(await noneStale(db)).toBe(wanted.length);
    const input = await agreementInput(db, project.id, [{ layer: null, name: 'marie' }, { layer: 'paul', name: 'paul' }, { layer: CURATED_LAYER, name: 'curated' }], false);
    expect(input.packs).toEqual({ read: wanted.length, built: 0 });
    const [pack] = await readPacks(db, [[d1, OWN_LAYER]]);
    expect(triples(pack as PackedLayer)).toEqual(restoredSpans.map((s) => [s.start, s.end, s.labelId]));
    // a file that brings packs of its own does not get them stored: the packs are the restored spans'
    await replaceWorkspace(db, { ...snapshot, tables: { ...snapshot.tables, packedLayers: [{ docId: d1, layer: 0, spans: new Int32Array([0, 1, 0]), labelIds: ['forged'] }] } as typeof snapshot.tables });
    expect(await noneStale(db)).toBe(wanted.length);
    expect(triples((await db.packedLayers.get([d1, OWN_LAYER])) as PackedLayer)).toEqual(restoredSpans.map((s) => [s.start, s.end, s.labelId]));
  });

  it('the journal carries no pack, and a database rebuilt from it packs the spans it holds', async () => {
    const entries: JournalEntry[] = [];
    const sink = {
      append: (write: JournalWrite): Promise<JournalPosition> => {
        const seq = entries.length + 1;
        entries.push({ seq, at: 0, ops: structuredClone(write.ops) });
        return Promise.resolve({ id: 'j1', seq, anchored: false });
      },
    };
    const db = freshDb();
    const journal = new WriteJournal(sink, (err) => {
      throw err;
    });
    db.attachJournal(journal);
    const project = await ensureWorkspace(db, news as SchemaSpec, { name: 'Welcome', text: TEXT, meta: meta('w'), spans: [{ key: 'a', start: 0, end: 13, label: 'PER' }], relations: [] });
    const doc = await db.documents.where('projectId').equals(project.id).first();
    const key: PackKey = [doc?.id ?? '', OWN_LAYER];
    await readPacks(db, [key]);
    const own = (await spansOf(db, key))[0] as Span;
    await applyChange(db, { docId: key[0], spans: [{ before: own, after: { ...own, end: 6 } }], relations: [] });
    await buildPacks(db, [key]);
    await journal.settled();
    expect(entries.flatMap((e) => e.ops.map((op) => op.table))).not.toContain('packedLayers');
    const rebuilt = freshDb();
    await replayJournal(rebuilt, entries);
    expect(await rebuilt.packedLayers.count()).toBe(0);
    const [pack] = await readPacks(rebuilt, [key]);
    expect(triples(pack as PackedLayer)).toEqual([[0, 6, own.labelId]]);
  });
});

describe('the packs kept built in the background', () => {

  it('packs every layer of the project that has none, a slice at a time; then the agreement reads them warm', async () => {
    const { db, project, keys } = await setup();
    await db.packedLayers.clear();
    const wanted = await projectPackKeys(db, project.id);
    // the user's own layer of every document (the welcome one too), and each layer a document has a record of
    const welcome = (await db.documents.where('projectId').equals(project.id).toArray()).find((d) => d.name === 'Welcome')?.id ?? '';
    expect(wanted.map((k) => k.join('/')).sort()).toEqual([...keys, [welcome, OWN_LAYER]].map((k) => k.join('/')).sort());
    const progress: Array<[number, number]> = [];
    const kept = await keepPacked(db, project.id, { slice: 2, stopped: () => false, progress: (done, total) => progress.push([done, total]) });
    expect(kept).toEqual({ wanted: 6, missing: 6, built: 6, stopped: false });
    expect(progress).toEqual([[2, 6], [4, 6], [6, 6]]);
    expect(await noneStale(db)).toBe(6);
    const input = await agreementInput(db, project.id, [{ layer: null, name: 'marie' }, { layer: 'paul', name: 'paul' }, { layer: CURATED_LAYER, name: 'curated' }], false);
    expect(input.packs).toEqual({ read: 6, built: 0 });
    // nothing missing: nothing built
    expect(await keepPacked(db, project.id, { stopped: () => false })).toEqual({ wanted: 6, missing: 0, built: 0, stopped: false });
  });

  it('leaves out the document open in the reader, and packs it once it is no longer skipped', async () => {
    const { db, project, d1 } = await setup();
    await db.packedLayers.clear();
    const kept = await keepPacked(db, project.id, { stopped: () => false, skip: [d1] });
    // d1 has three layers (own, paul, curated): of the project's six, three are kept
    expect(kept).toEqual({ wanted: 3, missing: 3, built: 3, stopped: false });
    const stored = (await db.packedLayers.toArray()).filter((p) => p.layer !== READER_PACK);
    expect(stored.filter((p) => p.docId === d1)).toEqual([]);
    expect(stored).toHaveLength(3);
    expect(await keepPacked(db, project.id, { stopped: () => false })).toMatchObject({ missing: 3, built: 3 });
  });

  it('after an edit, packs again only the layer edited', async () => {
    const { db, project, d2 } = await setup();
    await keepPacked(db, project.id, { stopped: () => false });
    const own = (await spansOf(db, [d2, OWN_LAYER]))[0] as Span;
    await applyChange(db, { docId: d2, spans: [{ before: own, after: { ...own, end: own.start + 2 } }], relations: [] });
    expect(await unpacked(db, await projectPackKeys(db, project.id))).toEqual([[d2, OWN_LAYER]]);
    expect(await keepPacked(db, project.id, { stopped: () => false })).toMatchObject({ missing: 1, built: 1 });
    expect(await noneStale(db)).toBe(6);
  });

  it('stops between slices when told, and a write meanwhile is never packed stale', async () => {
    const { db, project, d1, d2 } = await setup();
    await db.packedLayers.clear();
    let slices = 0;
    const kept = await keepPacked(db, project.id, {
      slice: 2,
      stopped: () => slices >= 2,
      progress: () => void slices++,
    });
    expect(kept).toEqual({ wanted: 6, missing: 6, built: 4, stopped: true });
    expect(await db.packedLayers.count()).toBe(4);
    // edits while a keeping runs, in layers packed before and after them
    let edited = false;
    await keepPacked(db, project.id, {
      slice: 1,
      stopped: () => false,
      progress: () => {
        if (edited) return;
        edited = true;
        void Dexie.ignoreTransaction(async () => {
          for (const key of [[d1, OWN_LAYER], [d2, 'paul']] as PackKey[]) {
            const s = (await spansOf(db, key))[0] as Span;
            if (key[1] === OWN_LAYER) await applyChange(db, { docId: key[0], spans: [{ before: s, after: { ...s, start: s.start + 1 } }], relations: [] });
            else await applyLayerChange(db, project.id, 'paul', { docId: key[0], spans: [{ before: s, after: { ...s, start: s.start + 1 } }], relations: [] });
          }
        });
      },
    });
    expect(edited).toBe(true);
    await noneStale(db);
    // what the edits left unpacked is packed by the next keeping
    await keepPacked(db, project.id, { stopped: () => false });
    expect(await noneStale(db)).toBe(6);
  });

  it('waits for its turn, then packs only what a report did not pack meanwhile', async () => {
    const { db, project, keys } = await setup();
    await db.packedLayers.clear();
    let turns = 0;
    const kept = await keepPacked(db, project.id, {
      slice: 2,
      stopped: () => false,
      turn: async () => {
        if (++turns > 1) return false;
        // a report computed while the keeping waited read (and packed) these layers
        await readPacks(db, keys);
        return true;
      },
    });
    expect(kept).toEqual({ wanted: 6, missing: 6, built: 1, stopped: false });
    expect(await noneStale(db)).toBe(6);
  });

  it('a claim left by a build that never ended counts as no pack when claims are looked for', async () => {
    const { db, project, d1 } = await setup();
    await keepPacked(db, project.id, { stopped: () => false });
    await db.packedLayers.put({ docId: d1, layer: 'paul', claim: 'gone' });
    const wanted = await projectPackKeys(db, project.id);
    expect(await unpacked(db, wanted)).toEqual([]);
    expect(await unpacked(db, wanted, true)).toEqual([[d1, 'paul']]);
    expect(await keepPacked(db, project.id, { claims: true, stopped: () => false })).toMatchObject({ missing: 1, built: 1 });
    expect(await noneStale(db)).toBe(6);
  });

  it('reads the records a page at a time when looking for claims', async () => {
    const { db, project } = await setup();
    await db.packedLayers.clear();
    const docs = await db.documents.where('projectId').equals(project.id).primaryKeys();
    // more packs than a page holds: claims on either side of the page boundary are found
    const many: PackKey[] = Array.from({ length: 450 }, (_, i) => [`z-${String(i).padStart(4, '0')}`, OWN_LAYER]);
    await db.packedLayers.bulkPut(many.map(([docId, layer], i) => (i % 199 === 0 ? { docId, layer, claim: 'gone' } : packSpans(docId, layer, []))));
    const missing = await unpacked(db, [...many, ...docs.map((d): PackKey => [d, OWN_LAYER])], true);
    expect(missing.slice(0, 3)).toEqual([many[0], many[199], many[398]]);
    expect(missing).toHaveLength(3 + docs.length);
  });
});

describe('when the packs are kept', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('once the workspace is open, and again once writes to spans or layers pause; a write stops the keeping under way', async () => {
    const { db, project, d1 } = await setup();
    const calls: string[] = [];
    const keeping = new PackKeeping(db.name, 1500, () => calls.push('keep'), () => calls.push('stop'));
    const stop = keeping.start();
    try {
      await vi.advanceTimersByTimeAsync(1499);
      expect(calls).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls).toEqual(['keep']);
      // the packs themselves and the settings are no reason
      await readPacks(db, await projectPackKeys(db, project.id));
      await db.packedLayers.clear();
      await setSetting(db, 'lastProject', 'x');
      await vi.advanceTimersByTimeAsync(5000);
      expect(calls).toEqual(['keep']);
      // an edit: the keeping stops at once, and comes back once the edits have paused for 1.5 s
      const own = (await spansOf(db, [d1, OWN_LAYER]))[0] as Span;
      await applyChange(db, { docId: d1, spans: [{ before: own, after: { ...own, end: own.start + 1 } }], relations: [] });
      expect(calls).toEqual(['keep', 'stop']);
      await vi.advanceTimersByTimeAsync(1000);
      await applyLayerChange(db, project.id, 'paul', { docId: d1, spans: [{ after: { ...own, id: 'p2' } }], relations: [] });
      expect(calls).toEqual(['keep', 'stop', 'stop']);
      await vi.advanceTimersByTimeAsync(1499);
      expect(calls).toEqual(['keep', 'stop', 'stop']);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls).toEqual(['keep', 'stop', 'stop', 'keep']);
      // another project chosen
      keeping.arm();
      await vi.advanceTimersByTimeAsync(1500);
      expect(calls.at(-1)).toBe('keep');
      expect(calls).toHaveLength(5);
    } finally {
      stop();
    }
    // stopped: no more
    const own = (await spansOf(db, [d1, OWN_LAYER]))[0] as Span;
    await applyChange(db, { docId: d1, spans: [{ before: own, after: { ...own, end: own.start + 2 } }], relations: [] });
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(5);
  });
});
