// Handing work out and getting it back: the lead's project becomes a package (as it crosses to main
// and back: plain data; main's zip writer and reader are tests/unit/services/work-package.test.ts and
// the e2e spec work-package.spec.ts), opens on the annotator's machine as a project, their edits go back
// as a return package, and the lead brings it in as their layer. Blind packages carry no one else's
// layer; opening a package is all or nothing.
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabases } from './fresh-db';
import { GloseDatabase } from '$db/database';
import { applyChange, loadDocument } from '$db/documents';
import { addDocuments } from '$db/imports';
import { documentLayers, readLayer, replaceLayer } from '$db/layers';
import { handoutPackage, openHandout, returnPackage } from '$db/packages';
import { ensureWorkspace } from '$db/projects';
import { planColleagueLayer, theirDocumentsFromPackage } from '$lib/colleague';
import type { PortableDocument, SchemaSpec, Span } from '$model';
import type { WorkPackage } from '$contract';
import news from '../../../resources/schemas/news.json';

const freshDb = freshDatabases('packages');
/** sha-256 of the texts used, hex: documents are matched by it */
const hashes = new Map<string, string>();
const sha256Hex = (text: string) => hashes.get(text) ?? '';
beforeAll(async () => {
  for (const text of [SUMMIT, PRESS, 'Bienvenue.']) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
    hashes.set(text, [...digest].map((b) => b.toString(16).padStart(2, '0')).join(''));
  }
});
afterEach(async () => {
  vi.restoreAllMocks();
});

const SUMMIT = 'Angela Merkel 😀 a reçu Emmanuel Macron à Berlin.';
const PRESS = 'La conférence de presse a eu lieu à Paris.';
const at = (text: string, needle: string) => ({ start: text.indexOf(needle), end: text.indexOf(needle) + needle.length });
const doc = (name: string, text: string, spans: PortableDocument['spans'] = []): PortableDocument => ({
  name,
  text,
  meta: { format: 'txt', hash: sha256Hex(text), normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } },
  spans,
  relations: [],
});

/** Every table, sorted by id: what "unchanged" is checked on. */
async function dump(db: GloseDatabase): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const t of db.tables) out[t.name] = (await t.toArray()).sort((a: { id?: string; key?: string }, b: { id?: string; key?: string }) => String(a.id ?? a.key).localeCompare(String(b.id ?? b.key)));
  return JSON.stringify(out);
}

/** The lead's side: Marie's project, her layer, Paul's layer, and Alice's layer from an earlier round. */
async function lead() {
  const db = freshDb();
  const project = await ensureWorkspace(db, news as SchemaSpec, doc('Bienvenue.txt', 'Bienvenue.'));
  await db.projects.update(project.id, { name: 'Sommets' });
  await addDocuments(db, project.id, [doc('sommet.txt', SUMMIT, [{ start: 0, end: 13, label: 'PER' }]), doc('presse.txt', PRESS)], 'marie');
  const docs = await db.documents.where('projectId').equals(project.id).toArray();
  const summit = docs.find((d) => d.name === 'sommet.txt');
  if (!summit) throw new Error('not stored');
  const labels = await db.labels.where('projectId').equals(project.id).toArray();
  const types = await db.relationTypes.where('projectId').equals(project.id).toArray();
  const ours = docs.map((d) => ({ id: d.id, name: d.name, hash: d.meta.hash, length: d.length }));
  const layer = (name: string, status: 'done' | 'in_progress', spans: PortableDocument['spans']) =>
    replaceLayer(db, project.id, name, planColleagueLayer([{ name: 'sommet.txt', hash: summit.meta.hash, length: SUMMIT.length, status, categories: [], spans, relations: [] }], ours, { labels, types }, { projectId: project.id, layer: name }));
  await layer('paul', 'done', [{ ...at(SUMMIT, 'Emmanuel Macron'), label: 'PER' }]);
  await layer('alice', 'in_progress', [{ ...at(SUMMIT, 'Berlin'), label: 'LOC' }]);
  return { db, project, summit };
}

/** A package as the other machine gets it: plain data, nothing shared with the records it was made from. */
async function throughFile(pkg: WorkPackage): Promise<WorkPackage> {
  return JSON.parse(JSON.stringify(pkg)) as WorkPackage;
}

const layerNames = (pkg: WorkPackage) => pkg.documents.map((d) => [d.name, d.layers.map((l) => l.layer)]);

describe('handing work out', () => {
  it('a blind package carries the documents, the schema and the annotator\'s own earlier layer, nobody else\'s', async () => {
    const { db, project } = await lead();
    const pkg = await handoutPackage(db, project.id, { annotator: ' alice ', me: 'marie', withOthers: false, note: 'Places and people.', appVersion: 'test' });
    expect(pkg).toMatchObject({ kind: 'handout', annotator: 'alice', from: 'marie', project: 'Sommets', note: 'Places and people.', blind: false });
    expect(layerNames(pkg)).toEqual([
      ['Bienvenue.txt', []],
      ['presse.txt', []],
      ['sommet.txt', ['alice']],
    ]);
    expect(pkg.documents[2]?.layers[0]).toEqual({ layer: 'alice', status: 'in_progress', categories: [], spans: [expect.objectContaining({ ...at(SUMMIT, 'Berlin'), label: 'LOC' })], relations: [] });
    expect(pkg.schema.labels.map((l) => l.name)).toEqual((news as SchemaSpec).labels.map((l) => l.name));
  });

  it('with the other layers, the lead\'s own goes under her name beside the colleagues\'', async () => {
    const { db, project } = await lead();
    const pkg = await handoutPackage(db, project.id, { annotator: 'alice', me: 'marie', withOthers: true, appVersion: 'test' });
    expect(layerNames(pkg)[2]).toEqual(['sommet.txt', ['marie', 'alice', 'paul']]);
  });
});

describe('the round trip', () => {
  it("the colleagues' relations come with their layers", async () => {
    const { db, project, summit } = await lead();
    const docs = await db.documents.where('projectId').equals(project.id).toArray();
    const labels = await db.labels.where('projectId').equals(project.id).toArray();
    const types = await db.relationTypes.where('projectId').equals(project.id).toArray();
    const ours = docs.map((d) => ({ id: d.id, name: d.name, hash: d.meta.hash, length: d.length }));
    const spans = [{ key: 'a', ...at(SUMMIT, 'Angela Merkel'), label: 'PER' }, { key: 'b', ...at(SUMMIT, 'Emmanuel Macron'), label: 'PER' }];
    const theirs = [{ name: 'sommet.txt', hash: summit.meta.hash, length: SUMMIT.length, status: 'done' as const, categories: [], spans, relations: [{ fromKey: 'b', toKey: 'a', type: 'said_by' }] }];
    await replaceLayer(db, project.id, 'paul', planColleagueLayer(theirs, ours, { labels, types }, { projectId: project.id, layer: 'paul' }));
    const out = await throughFile(await handoutPackage(db, project.id, { annotator: 'alice', me: 'marie', withOthers: true, appVersion: 'test' }));
    const laptop = freshDb();
    await ensureWorkspace(laptop, news as SchemaSpec, doc('Bienvenue.txt', 'Bienvenue.'));
    const opened = await openHandout(laptop, out, 'handout.zip', 'alice');
    const paul = await readLayer(laptop, opened.id, 'paul');
    expect(paul.relations).toHaveLength(1);
    const ends = paul.relations.map((r) => [paul.spans.find((x) => x.id === r.fromId)?.start, paul.spans.find((x) => x.id === r.toId)?.start]);
    expect(ends).toEqual([[at(SUMMIT, 'Emmanuel Macron').start, 0]]);
  });

  it('opens as a project on the annotator\'s machine, and their work comes back as their layer, nothing else touched', async () => {
    const { db, project, summit } = await lead();
    const out = await throughFile(await handoutPackage(db, project.id, { annotator: 'alice', me: 'marie', withOthers: true, note: 'Places and people.', appVersion: 'test' }));

    // Alice's machine: her name in her settings is not the one Marie gave her layer
    const laptop = freshDb();
    await ensureWorkspace(laptop, news as SchemaSpec, doc('Bienvenue.txt', 'Bienvenue.'));
    const opened = await openHandout(laptop, out, 'handout.zip', 'alice.m');
    expect(opened).toMatchObject({ name: 'Sommets', handout: { id: out.id, annotator: 'alice', from: 'marie', note: 'Places and people.' } });
    const docs = await laptop.documents.where('projectId').equals(opened.id).sortBy('name');
    expect(docs.map((d) => [d.name, d.status, d.meta.hash])).toEqual([
      ['Bienvenue.txt', 'new', sha256Hex('Bienvenue.')],
      ['presse.txt', 'new', sha256Hex(PRESS)],
      ['sommet.txt', 'in_progress', sha256Hex(SUMMIT)],
    ]);
    const mine = docs[2]?.id ?? '';
    const loaded = await loadDocument(laptop, mine);
    expect(loaded?.text).toBe(SUMMIT);
    expect(loaded?.spans.map((s) => [s.start, s.end, s.annotator])).toEqual([[at(SUMMIT, 'Berlin').start, at(SUMMIT, 'Berlin').end, 'alice.m']]);
    // the others' layers are there, read-only layers as in any project
    expect((await documentLayers(laptop, mine)).map((l) => [l.layer, l.spans])).toEqual([
      ['marie', 1],
      ['paul', 1],
    ]);
    // the labels came with their guidelines
    const labels = await laptop.labels.where('projectId').equals(opened.id).toArray();
    expect(labels.map((l) => l.name).sort()).toEqual((news as SchemaSpec).labels.map((l) => l.name).sort());

    // opening the same package again is refused and changes nothing
    const before = await dump(laptop);
    await expect(openHandout(laptop, out, 'handout.zip', 'alice.m')).rejects.toThrow('handout.zip is already open here as the project "Sommets"');
    expect(await dump(laptop)).toBe(before);

    // Alice tags Macron (after the emoji: UTF-16 offsets) and marks the document Done
    const per = labels.find((l) => l.name === 'PER');
    const macron: Span = { id: 'alice-1', docId: mine, labelId: per?.id ?? '', ...at(SUMMIT, 'Emmanuel Macron'), annotator: 'alice.m', createdAt: 2, updatedAt: 2 };
    await applyChange(laptop, { docId: mine, spans: [{ after: macron }], relations: [], doc: { before: { status: 'in_progress', categories: [] }, after: { status: 'done', categories: [] } } });
    const back = await throughFile(await returnPackage(laptop, opened.id, 'test'));
    expect(back).toMatchObject({ kind: 'return', id: out.id, annotator: 'alice' });
    expect(layerNames(back).map(([, layers]) => layers)).toEqual([['alice'], ['alice'], ['alice']]);
    // a return package is not a project to open
    await expect(openHandout(freshDb(), back, 'return.zip', 'x')).rejects.toThrow(/^return\.zip is alice's work sent back/);

    // Marie brings it in as Alice's layer: it replaces the earlier round's, hers and Paul's stay as they were
    const mineBefore = JSON.stringify(await loadDocument(db, summit.id));
    const paulBefore = JSON.stringify(await readLayer(db, project.id, 'paul'));
    const ours = (await db.documents.where('projectId').equals(project.id).toArray()).map((d) => ({ id: d.id, name: d.name, hash: d.meta.hash, length: d.length }));
    const labelsHere = await db.labels.where('projectId').equals(project.id).toArray();
    const plan = planColleagueLayer(theirDocumentsFromPackage(back, back.annotator), ours, { labels: labelsHere, types: [] }, { projectId: project.id, layer: back.annotator, source: 'return.zip' });
    expect(plan.matched.map((m) => m.name).sort()).toEqual(['Bienvenue.txt', 'presse.txt', 'sommet.txt']);
    await replaceLayer(db, project.id, 'alice', plan);
    const alice = await readLayer(db, project.id, 'alice');
    const names = new Map(labelsHere.map((l) => [l.id, l.name]));
    expect(alice.spans.filter((s) => s.docId === summit.id).map((s) => [SUMMIT.slice(s.start, s.end), names.get(s.labelId)]).sort()).toEqual([
      ['Berlin', 'LOC'],
      ['Emmanuel Macron', 'PER'],
    ]);
    expect(alice.documents.find((d) => d.docId === summit.id)?.status).toBe('done');
    expect(JSON.stringify(await loadDocument(db, summit.id))).toBe(mineBefore);
    expect(JSON.stringify(await readLayer(db, project.id, 'paul'))).toBe(paulBefore);
  });

  it('a blind project\'s package opens in blind mode; a second project of the same name gets a number', async () => {
    const { db, project } = await lead();
    await db.projects.update(project.id, { blind: true });
    const pkg = await handoutPackage(db, project.id, { annotator: 'alice', me: 'marie', withOthers: true, appVersion: 'test' });
    const laptop = freshDb();
    await ensureWorkspace(laptop, news as SchemaSpec, doc('Bienvenue.txt', 'Bienvenue.'));
    await laptop.projects.toCollection().modify({ name: 'Sommets' });
    const opened = await openHandout(laptop, pkg, 'p.zip', 'alice');
    expect(opened).toMatchObject({ name: 'Sommets (2)', blind: true });
  });

  it('opening a package is all or nothing: a failure half-way leaves the workspace as it was', async () => {
    const { db, project } = await lead();
    const pkg = await handoutPackage(db, project.id, { annotator: 'alice', me: 'marie', withOthers: true, appVersion: 'test' });
    const laptop = freshDb();
    await ensureWorkspace(laptop, news as SchemaSpec, doc('Bienvenue.txt', 'Bienvenue.'));
    const before = await dump(laptop);
    // the documents are written; the colleagues' layers, last, fail
    vi.spyOn(laptop.layerSpans, 'bulkAdd').mockRejectedValueOnce(new Error('disk full'));
    await expect(openHandout(laptop, pkg, 'p.zip', 'alice')).rejects.toThrow('disk full');
    expect(await dump(laptop)).toBe(before);
  });
});
