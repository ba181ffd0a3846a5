// The corpus view over layers: one layer's spans (the user's own by default, a colleague's, the curated
// one), each layer's counts, and the labels a layer put on a search hit.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { GloseDatabase } from '$db/database';
import { corpusSpans, layerCounts } from '$db/corpus';
import { addDocuments } from '$db/imports';
import { applyLayerChange, replaceLayer } from '$db/layers';
import { applyProjectChange, ensureWorkspace, formerLabels, planDeleteLabel, projectLabels } from '$db/projects';
import { corpusStats, countByLabel, statsCsv } from '$lib/corpus';
import { en } from '$lib/i18n/en';
import { fr } from '$lib/i18n/fr';
import { labelsOfLayer, labelTitle } from '$lib/schema';
import { planColleagueLayer } from '$lib/colleague';
import { labelsCovering } from '$lib/covering';
import { CURATED_LAYER, type LabelDef, type SchemaSpec } from '$model';
import news from '../../../resources/schemas/news.json';

const dbs: GloseDatabase[] = [];
let n = 0;
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const TEXT = 'Angela Merkel 😀 a reçu Emmanuel Macron à Berlin.';
const at = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length });
const meta = (hash: string) => ({ format: 'txt', hash, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } });

async function setup() {
  const db = new GloseDatabase(`corpus-layers-${++n}`);
  dbs.push(db);
  const project = await ensureWorkspace(db, news as SchemaSpec, { name: 'Welcome', text: 'x', meta: meta('w'), spans: [], relations: [] });
  await addDocuments(db, project.id, [{ name: 'a.txt', text: TEXT, meta: meta('a'), spans: [{ ...at('Angela Merkel'), label: 'PER' }], relations: [] }], 'marie');
  const doc = await db.documents.where('meta.hash').equals('a').first();
  if (!doc) throw new Error('not stored');
  await db.documents.update(doc.id, { status: 'done' });
  const labels = await db.labels.where('projectId').equals(project.id).toArray();
  const ours = [{ id: doc.id, name: 'a.txt', hash: 'a', length: TEXT.length }];
  const paul = [{ name: 'a.txt', hash: 'a', length: TEXT.length, status: 'done' as const, categories: [], spans: [{ ...at('Emmanuel Macron'), label: 'PER' }, { ...at('Berlin'), label: 'LOC' }], relations: [] }];
  await replaceLayer(db, project.id, 'paul', planColleagueLayer(paul, ours, { labels, types: [] }, { projectId: project.id, layer: 'paul' }));
  const loc = labels.find((l) => l.name === 'LOC');
  await applyLayerChange(db, project.id, CURATED_LAYER, { docId: doc.id, spans: [{ after: { id: 'c1', docId: doc.id, labelId: loc?.id ?? '', ...at('Berlin'), annotator: 'marie', createdAt: 1, updatedAt: 1 } }], relations: [] });
  return { db, project, doc, names: new Map(labels.map((l) => [l.id, l.name])) };
}

describe('the corpus view over layers', () => {
  it('reads one layer\'s spans: the user\'s own by default, a colleague\'s or the curated one when chosen', async () => {
    const { db, project, names } = await setup();
    const surfaces = async (layer?: string | null) => (await corpusSpans(db, project.id, layer)).map((s) => `${TEXT.slice(s.start, s.end)}/${names.get(s.labelId)}`).sort();
    expect(await surfaces()).toEqual(['Angela Merkel/PER']);
    expect(await surfaces('paul')).toEqual(['Berlin/LOC', 'Emmanuel Macron/PER']);
    expect(await surfaces(CURATED_LAYER)).toEqual(['Berlin/LOC']);
    expect(await surfaces('nobody')).toEqual([]);
  });

  it('counts each layer\'s documents, those Done and its annotations, the user\'s first and the curated layer last', async () => {
    const { db, project } = await setup();
    expect(await layerCounts(db, project.id)).toEqual([
      // the welcome document is new and has no span: not part of the user's work
      { layer: null, documents: 1, done: 1, spans: 1 },
      { layer: 'paul', documents: 1, done: 1, spans: 2 },
      { layer: CURATED_LAYER, documents: 1, done: 0, spans: 1 },
    ]);
  });

  it('names the labels a layer put on a stretch of text, each once', () => {
    const names = new Map([
      ['p', 'PER'],
      ['l', 'LOC'],
    ]);
    const spans = [
      { ...at('Emmanuel Macron'), labelId: 'p' },
      { ...at('Macron'), labelId: 'p' },
      { ...at('Berlin'), labelId: 'l' },
    ];
    expect(labelsCovering(spans, at('Macron').start, at('Macron').end, names)).toEqual(['PER']);
    expect(labelsCovering(spans, at('Berlin').start, at('Berlin').end + 1, names)).toEqual(['LOC']);
    // touching is not covering
    expect(labelsCovering(spans, at('Berlin').end, at('Berlin').end + 1, names)).toEqual([]);
  });

  it("counts a label deleted from the schema in the layers that still use it, named as deleted; the user's own layer keeps to the schema", async () => {
    const { db, project, doc } = await setup();
    const loc = (await projectLabels(db, project.id)).find((l) => l.name === 'LOC');
    if (!loc) throw new Error('no LOC');
    await applyProjectChange(db, await planDeleteLabel(db, project.id, loc.id, null));
    const labels = await projectLabels(db, project.id);
    const former = await formerLabels(db, project.id);
    expect(former.map((l) => l.name)).toEqual(['LOC']);
    expect(labelsOfLayer(labels, former, null).map((l) => l.name)).not.toContain('LOC');
    const counted = labelsOfLayer(labels, former, 'paul');
    expect(counted.map((l) => l.name)).toEqual([...labels.map((l) => l.name), 'LOC']);
    // read back halfway through a restore (in both lists): still once, or the screen's keyed rows break
    expect(labelsOfLayer([...labels, loc], former, 'paul').map((l) => l.id)).toEqual([...labels, loc].map((l) => l.id));
    const stats = corpusStats([doc], countByLabel(await corpusSpans(db, project.id, 'paul'), counted.map((l) => l.id)), counted);
    const named = stats.spansPerLabel.filter((c) => c.count > 0).map((c) => [labelTitle(c.label, en.layers.deletedLabel), c.count]);
    expect(named).toEqual([
      ['PER', 1],
      ['LOC (deleted label)', 1],
    ]);
    expect(labelTitle(former[0] as LabelDef, fr.layers.deletedLabel)).toBe('LOC (étiquette supprimée)');
    // the table saved as CSV has its column, under the label's own name
    expect(statsCsv(stats, counted).split(/\r?\n/)[0]).toBe(`document,title,status,${counted.map((l) => l.name).join(',')},total`);
  });
});

