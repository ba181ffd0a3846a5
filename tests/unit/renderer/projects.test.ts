import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { freshDatabases } from './fresh-db';
import { addDocuments } from '$db/imports';
import { ensureWorkspace, applyProjectChange, createProject, duplicateProject, listProjects, planDeleteLabel, planMergeSchema, purgeDeletedProjects, relationsOfType, schemaOf, setProjectDeleted, spansOfLabel } from '$db/projects';
import { hotkeyConflict } from '$lib/schema';
import { invertProjectChange } from '$lib/changes';
import type { PortableDocument, SchemaSpec } from '$model';
import news from '../../../resources/schemas/news.json';
import conll from '../../../resources/schemas/conll2003.json';

const freshDb = freshDatabases('projects');
const doc = (name: string, text: string, spans: PortableDocument['spans'], relations: PortableDocument['relations'] = []): PortableDocument => ({
  name,
  text,
  meta: { format: 'txt', hash: `h-${name}`, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } },
  spans,
  relations,
});

async function setup() {
  const db = freshDb();
  const p = await ensureWorkspace(db, news as SchemaSpec, doc('Welcome', 'Hi', []));
  await addDocuments(db, p.id, [doc('a.txt', 'Olaf Scholz à Berlin', [{ start: 0, end: 11, label: 'PER' }, { start: 14, end: 20, label: 'LOC' }]), doc('b.txt', 'Paris', [{ start: 0, end: 5, label: 'LOC' }])], 'ann');
  const labels = await db.labels.where('projectId').equals(p.id).toArray();
  const id = (name: string) => labels.find((l) => l.name === name)?.id as string;
  return { db, p, id };
}

describe('projects and schemas', () => {
  it('creates, duplicates (with and without documents), deletes softly and purges', async () => {
    const { db, p } = await setup();
    const other = await createProject(db, 'CoNLL', conll as SchemaSpec);
    expect((await schemaOf(db, other.id)).labels.map((l) => l.name)).toEqual(['PER', 'ORG', 'LOC', 'MISC']);
    const bare = await duplicateProject(db, p.id, 'copy', false);
    expect(await db.documents.where('projectId').equals(bare.id).count()).toBe(0);
    const full = await duplicateProject(db, p.id, 'full copy', true);
    expect(await db.documents.where('projectId').equals(full.id).count()).toBe(3);
    // the copy's spans point at the copy's labels
    const copyLabels = new Set((await db.labels.where('projectId').equals(full.id).toArray()).map((l) => l.id));
    const copyDocs = await db.documents.where('projectId').equals(full.id).primaryKeys();
    const copySpans = await db.spans.where('docId').anyOf(copyDocs).toArray();
    expect(copySpans).toHaveLength(3);
    expect(copySpans.every((s) => copyLabels.has(s.labelId))).toBe(true);
    await setProjectDeleted(db, full.id, true);
    expect((await listProjects(db)).map((x) => x.name)).toEqual(['My project', 'CoNLL', 'copy']);
    await setProjectDeleted(db, full.id, false);
    expect(await listProjects(db)).toHaveLength(4);
    await setProjectDeleted(db, full.id, true);
    expect(await purgeDeletedProjects(db)).toBe(1);
    expect(await db.spans.where('docId').anyOf(copyDocs).count()).toBe(0);
    expect(await db.documents.where('projectId').equals(p.id).count()).toBe(3);
  });

  it("relationsOfType finds the project's relations of that type, in every document, and no other", async () => {
    const { db, p } = await setup();
    const other = await createProject(db, 'other', news as SchemaSpec);
    const span = (key: string, start: number, end: number, label: string) => ({ key, start, end, label });
    const rel = (fromKey: string, toKey: string, type: string) => ({ fromKey, toKey, type });
    const said = [span('q', 0, 4, 'PER'), span('w', 9, 14, 'PER')];
    await addDocuments(db, p.id, [doc('c.txt', 'Anna dit à Marc', said, [rel('q', 'w', 'said_by'), rel('w', 'q', 'member_of')]), doc('d.txt', 'Paul et Léa', [span('x', 0, 4, 'PER'), span('y', 8, 11, 'PER')], [rel('x', 'y', 'said_by')])], 'ann');
    await addDocuments(db, other.id, [doc('e.txt', 'Anna dit à Marc', said, [rel('q', 'w', 'said_by')])], 'ann');
    const typeId = async (projectId: string, name: string) => (await db.relationTypes.where('projectId').equals(projectId).toArray()).find((t) => t.name === name)?.id as string;
    const docName = async (docId: string) => (await db.documents.get(docId))?.name;
    const found = await relationsOfType(db, p.id, await typeId(p.id, 'said_by'));
    expect((await Promise.all(found.map((r) => docName(r.docId)))).sort()).toEqual(['c.txt', 'd.txt']);
    expect(await relationsOfType(db, p.id, await typeId(p.id, 'member_of'))).toHaveLength(1);
    expect(await relationsOfType(db, other.id, await typeId(other.id, 'member_of'))).toEqual([]);
  });

  it('deleting a label in use moves its spans, or deletes them, as one undoable change', async () => {
    const { db, p, id } = await setup();
    expect(await spansOfLabel(db, p.id, id('LOC'))).toBe(2);
    const move = await planDeleteLabel(db, p.id, id('LOC'), id('ORG'));
    await applyProjectChange(db, move);
    expect(await db.labels.get(id('LOC'))).toBeUndefined();
    expect(await spansOfLabel(db, p.id, id('ORG'))).toBe(2);
    await applyProjectChange(db, invertProjectChange(move));
    expect(await spansOfLabel(db, p.id, id('LOC'))).toBe(2);
    expect(await spansOfLabel(db, p.id, id('ORG'))).toBe(0);
    const del = await planDeleteLabel(db, p.id, id('LOC'), null);
    await applyProjectChange(db, del);
    const docs = await db.documents.where('projectId').equals(p.id).toArray();
    expect(docs.find((d) => d.name === 'b.txt')?.spanCount).toBe(0);
    expect(await db.spans.count()).toBe(1);
    // the relation type said_by lost nothing it needed; member_of never mentioned LOC
    await applyProjectChange(db, invertProjectChange(del));
    expect(await db.spans.count()).toBe(3);
    expect((await db.documents.where('projectId').equals(p.id).toArray()).find((d) => d.name === 'b.txt')?.spanCount).toBe(1);
  });

  it('refuses hotkey conflicts with a message', async () => {
    const { db, p, id } = await setup();
    const labels = await db.labels.where('projectId').equals(p.id).toArray();
    expect(hotkeyConflict(labels, id('PER'), '2')).toBe('The key 2 is already used by ORG.');
    expect(hotkeyConflict(labels, id('PER'), '1')).toBeNull();
    expect(hotkeyConflict(labels, id('PER'), '')).toBeNull();
    expect(hotkeyConflict(labels, id('PER'), 'ab')).toBe('A hotkey is a single key.');
  });

  it('merges an imported schema: updates by name, adds new labels, drops taken keys', async () => {
    const { db, p, id } = await setup();
    const spec: SchemaSpec = {
      name: 'imported',
      labels: [
        { name: 'PER', color: '#0e7490', hotkey: '1' },
        { name: 'MISC', color: '#475569', hotkey: '2' },
      ],
      relations: [{ name: 'located_in', source: ['ORG'], target: ['LOC'], directed: true }],
      categories: [],
    };
    const { change, notes } = await planMergeSchema(db, p.id, spec);
    expect(notes).toEqual(['MISC: key 2 is already used by ORG; no key given.']);
    await applyProjectChange(db, change);
    expect((await db.labels.get(id('PER')))?.color).toBe('#0e7490');
    const misc = (await db.labels.where('projectId').equals(p.id).toArray()).find((l) => l.name === 'MISC');
    expect(misc?.hotkey).toBeUndefined();
    const located = (await db.relationTypes.toArray()).find((t) => t.name === 'located_in');
    expect(located?.sourceLabelIds).toEqual([id('ORG')]);
    await applyProjectChange(db, invertProjectChange(change));
    expect((await db.labels.where('projectId').equals(p.id).toArray()).some((l) => l.name === 'MISC')).toBe(false);
  });
});
