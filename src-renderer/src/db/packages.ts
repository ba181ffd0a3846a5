// Work packages seen from the database: a project handed out to a named annotator (documents, schema
// with its guidelines, their earlier layer, the other layers when the work is not blind), opened on
// their machine as a project of its own, and their work sent back as one layer.
import type { PackageDocument, PackageLayer, WorkPackage } from '$contract';
import { type DocumentRecord, type Id, type LabelDef, type Project, type Relation, type RelationType, type Span } from '$model';
import { planColleagueLayer, theirDocumentsFromPackage } from '$lib/colleague';
import { groupBy, groupByDoc } from '$lib/group';
import { newId } from '$lib/id';
import type { GloseDatabase } from './database';
import { messagesNow } from '$lib/i18n/current';
import { portableOf, writeDocuments } from './documents';
import { labelsFromSchema, schemaOf } from './projects';
import { storeWrittenPacks } from './packs';

export interface HandoutOptions {
  /** the name of the annotator's layer */
  annotator: string;
  /** the user's own name: their layer goes out under it */
  me: string;
  /** the other layers (the user's, colleagues', the curated one) go too, read-only on the other side */
  withOthers: boolean;
  note?: string;
  appVersion: string;
}

/** A package's documents: each document's text and the layers wanted, labels and types by name. */
async function packageDocuments(db: GloseDatabase, projectId: Id, wanted: (layer: string) => boolean, me: string | null): Promise<{ project: Project; documents: PackageDocument[] }> {
  return db.transaction('r', [db.projects, db.documents, db.texts, db.spans, db.relations, db.labels, db.relationTypes, db.layerDocuments, db.layerSpans, db.layerRelations], async () => {
    const project = await db.projects.get(projectId);
    if (!project) throw new Error(messagesNow().packages.refused.projectGone);
    const docs = await db.documents.where('projectId').equals(projectId).sortBy('name');
    const ids = docs.map((d) => d.id);
    const labels = new Map((await db.labels.where('projectId').equals(projectId).toArray()).map((l) => [l.id, l.name]));
    const types = new Map((await db.relationTypes.where('projectId').equals(projectId).toArray()).map((t) => [t.id, t.name]));
    const texts = await db.texts.bulkGet(ids);
    const layerDocs = (await db.layerDocuments.where('projectId').equals(projectId).toArray()).filter((d) => wanted(d.layer));
    const layerSpans = groupByDoc((await db.layerSpans.where('docId').anyOf(ids).toArray()).filter((s) => wanted(s.layer)));
    const layerRelations = groupByDoc((await db.layerRelations.where('docId').anyOf(ids).toArray()).filter((r) => wanted(r.layer)));
    const own = me === null ? null : { spans: groupByDoc(await db.spans.where('docId').anyOf(ids).toArray()), relations: groupByDoc(await db.relations.where('docId').anyOf(ids).toArray()) };
    const statesOf = groupByDoc(layerDocs);
    const layer = (doc: DocumentRecord, text: string, name: string, status: PackageLayer['status'], categories: string[], spans: readonly Span[], relations: readonly Relation[]): PackageLayer => {
      const portable = portableOf(doc, text, spans, relations, labels, types, categories);
      return { layer: name, status, categories, spans: portable.spans, relations: portable.relations };
    };
    const documents = docs.flatMap((doc, i): PackageDocument[] => {
      const text = texts[i]?.text;
      if (text === undefined) return [];
      const layers: PackageLayer[] = [];
      if (own && me !== null) layers.push(layer(doc, text, me, doc.status, doc.categories, own.spans.get(doc.id) ?? [], own.relations.get(doc.id) ?? []));
      const spans = groupBy(layerSpans.get(doc.id) ?? [], (s) => s.layer);
      const relations = groupBy(layerRelations.get(doc.id) ?? [], (r) => r.layer);
      for (const state of statesOf.get(doc.id) ?? []) layers.push(layer(doc, text, state.layer, state.status, state.categories, spans.get(state.layer) ?? [], relations.get(state.layer) ?? []));
      return [{ name: doc.name, text, meta: doc.meta, layers }];
    });
    return { project, documents };
  });
}

/**
 * The package handing a project out to `annotator`: every document, the schema (whose label
 * descriptions are the guidelines), the annotator's own earlier layer if they have one here, and with
 * `withOthers` the user's layer, the colleagues' and the curated one.
 */
export async function handoutPackage(db: GloseDatabase, projectId: Id, o: HandoutOptions, now = Date.now()): Promise<WorkPackage> {
  const annotator = o.annotator.trim();
  // the layer tables never hold the user's own layer (the spans table does): every name here is another's
  const wanted = (layer: string) => layer === annotator || o.withOthers;
  const { project, documents } = await packageDocuments(db, projectId, wanted, o.withOthers ? o.me : null);
  if (documents.length === 0) throw new Error(messagesNow().packages.refused.nothingToHandOut);
  const note = o.note?.trim();
  return {
    format: 'glose-package',
    version: 1,
    kind: 'handout',
    id: newId(),
    createdAt: now,
    appVersion: o.appVersion,
    project: project.name,
    annotator,
    from: o.me,
    blind: project.blind === true,
    ...(note ? { note } : {}),
    schema: await schemaOf(db, projectId),
    documents,
  };
}

/** The work of a project opened from a hand-out, going back: the user's layer, under the name the lead gave it. */
export async function returnPackage(db: GloseDatabase, projectId: Id, appVersion: string, now = Date.now()): Promise<WorkPackage> {
  const project = await db.projects.get(projectId);
  const origin = project?.handout;
  if (!project || !origin) throw new Error(messagesNow().packages.refused.notFromHandout);
  const { documents } = await packageDocuments(db, projectId, () => false, origin.annotator);
  if (documents.length === 0) throw new Error(messagesNow().packages.refused.nothingToSendBack);
  return {
    format: 'glose-package',
    version: 1,
    kind: 'return',
    id: origin.id,
    createdAt: now,
    appVersion,
    project: project.name,
    annotator: origin.annotator,
    from: origin.annotator,
    blind: false,
    schema: await schemaOf(db, projectId),
    documents,
  };
}

/**
 * Opens a hand-out package as a new project, in one transaction (all of it or nothing): the schema,
 * the documents with the annotator's layer as the user's own (spans under the user's name `me`,
 * statuses and document labels kept), and every other layer as a read-only layer. A package already
 * opened here is refused: opening it again would make a second copy of the same work.
 */
export async function openHandout(db: GloseDatabase, pkg: WorkPackage, fileName: string, me: string): Promise<Project> {
  if (pkg.kind !== 'handout') throw new Error(messagesNow().packages.refused.sentBack(fileName, pkg.annotator));
  return db.transaction('rw', [db.projects, db.labels, db.relationTypes, db.documents, db.texts, db.spans, db.relations, db.layerDocuments, db.layerSpans, db.layerRelations, db.packedLayers], async () => {
    const projects = (await db.projects.toArray()).filter((p) => p.deletedAt === undefined);
    const twin = projects.find((p) => p.handout?.id === pkg.id);
    if (twin) throw new Error(messagesNow().packages.refused.alreadyOpen(fileName, twin.name));
    const names = new Set(projects.map((p) => p.name));
    let name = pkg.project || pkg.schema.name;
    for (let n = 2; names.has(name); n++) name = `${pkg.project} (${n})`;
    const now = Date.now();
    const project: Project = {
      id: newId(),
      name,
      categories: pkg.schema.categories,
      ...(pkg.blind ? { blind: true } : {}),
      handout: { id: pkg.id, annotator: pkg.annotator, from: pkg.from, ...(pkg.note ? { note: pkg.note } : {}) },
      createdAt: now,
      updatedAt: now,
    };
    await db.projects.add(project);
    const { labels, relationTypes } = labelsFromSchema(project.id, pkg.schema, now);
    await db.labels.bulkAdd(labels);
    await db.relationTypes.bulkAdd(relationTypes);
    const mine = pkg.documents.map((d) => d.layers.find((l) => l.layer === pkg.annotator));
    const written = await writeDocuments(
      db,
      project.id,
      pkg.documents.map((d, i) => ({ name: d.name, text: d.text, meta: d.meta, spans: mine[i]?.spans ?? [], relations: mine[i]?.relations ?? [], categories: mine[i]?.categories ?? [] })),
      me,
      labels,
      relationTypes,
    );
    for (const [i, w] of written.docs.entries()) {
      const status = mine[i]?.status;
      if (status && status !== 'new') await db.documents.update(w.id, { status });
    }
    await addOtherLayers(db, project.id, pkg, written.docs.map((w) => w.id), labels, relationTypes, now);
    return project;
  });
}

/** The layers of a hand-out other than the annotator's, as read-only layers of the new project. */
async function addOtherLayers(db: GloseDatabase, projectId: Id, pkg: WorkPackage, ids: Id[], labels: LabelDef[], types: RelationType[], now: number): Promise<void> {
  const ours = pkg.documents.map((d, i) => ({ id: ids[i] ?? '', name: d.name, hash: d.meta.hash, length: d.text.length }));
  const names = new Set(pkg.documents.flatMap((d) => d.layers.map((l) => l.layer)).filter((l) => l !== pkg.annotator));
  for (const layer of names) {
    const plan = planColleagueLayer(theirDocumentsFromPackage(pkg, layer), ours, { labels, types }, { projectId, layer }, now);
    await db.layerDocuments.bulkAdd(plan.documents);
    if (plan.spans.length) await db.layerSpans.bulkAdd(plan.spans);
    if (plan.relations.length) await db.layerRelations.bulkAdd(plan.relations);
    // the layer is in hand: packed now, after its spans' writes (which delete these packs)
    await storeWrittenPacks(db, { docIds: [], spans: [] }, { layers: plan.documents, spans: plan.spans });
  }
}
