// Other people's layers and the curated one (the user's own layer is the spans and relations tables):
// what layers a document has, one layer loaded for the reader, a whole layer of a project read and
// replaced in one transaction (a colleague's import, and its undo), and an edit in the curated layer.
import { CURATED_LAYER, type DocStatus, type Id, type LayerDocument, type LayerRelation, type LayerSpan, type PortableDocument, type Relation, type Span } from '$model';
import type { Change } from '$lib/changes';
import { newId } from '$lib/id';
import type { GloseDatabase } from './database';
import { groupByDoc } from '$lib/group';
import { portableDocuments, portableOf, type LoadedDocument } from './documents';
import { LayerPacker, type PackedDocument, type PackedDocuments } from '../agreement/transfer';
import { buildPacks, packProblem, readPacks, storePacks } from './packs';
import { OWN_LAYER, type PackedLayer, type PackKey } from './pack-invalidation';

export interface LayerInfo {
  layer: string;
  status: DocStatus;
  spans: number;
  source?: string;
}

/** Every other layer of a document: those with a layer record, and the curated one as soon as it has a span. */
export async function documentLayers(db: GloseDatabase, docId: Id): Promise<LayerInfo[]> {
  return db.transaction('r', [db.layerDocuments, db.layerSpans], async () => {
    const [docs, spans] = await Promise.all([db.layerDocuments.where('docId').equals(docId).toArray(), db.layerSpans.where('docId').equals(docId).toArray()]);
    const counts = new Map<string, number>();
    for (const s of spans) counts.set(s.layer, (counts.get(s.layer) ?? 0) + 1);
    const out = docs.map((d) => ({ layer: d.layer, status: d.status, spans: counts.get(d.layer) ?? 0, ...(d.source ? { source: d.source } : {}) }));
    if (!docs.some((d) => d.layer === CURATED_LAYER) && counts.has(CURATED_LAYER)) out.push({ layer: CURATED_LAYER, status: 'in_progress', spans: counts.get(CURATED_LAYER) ?? 0 });
    return out.sort(byLayerName);
  });
}

/** The names of the other layers in a project (colleagues first by name, the curated layer last). */
export async function projectLayerNames(db: GloseDatabase, projectId: Id): Promise<string[]> {
  const docs = await db.layerDocuments.where('[projectId+layer]').between([projectId, ''], [projectId, '\uffff'], true, true).toArray();
  return [...new Set(docs.map((d) => d.layer))].sort((a, b) => byLayerName({ layer: a }, { layer: b }));
}

function byLayerName(a: { layer: string }, b: { layer: string }): number {
  if (a.layer === CURATED_LAYER || b.layer === CURATED_LAYER) return a.layer === CURATED_LAYER ? 1 : -1;
  return a.layer.localeCompare(b.layer);
}

/** A document as one other layer has it: the text, that layer's spans, relations, status and document labels. */
export async function loadLayer(db: GloseDatabase, docId: Id, layer: string): Promise<LoadedDocument | undefined> {
  return db.transaction('r', [db.documents, db.texts, db.layerSpans, db.layerRelations, db.layerDocuments], async () => {
    const [doc, text, spans, relations, state] = await Promise.all([
      db.documents.get(docId),
      db.texts.get(docId),
      db.layerSpans.where('[docId+layer]').equals([docId, layer]).toArray(),
      db.layerRelations.where('[docId+layer]').equals([docId, layer]).toArray(),
      db.layerDocuments.where('[docId+layer]').equals([docId, layer]).first(),
    ]);
    if (!doc || !text) return undefined;
    const fields = state ? { status: state.status, categories: state.categories } : { status: 'new' as const, categories: [] };
    return { doc: { ...doc, ...fields, spanCount: spans.length }, text: text.text, spans, relations };
  });
}

/** Everything one other layer holds in a project. */
export interface LayerContent {
  documents: LayerDocument[];
  spans: LayerSpan[];
  relations: LayerRelation[];
}

export async function readLayer(db: GloseDatabase, projectId: Id, layer: string): Promise<LayerContent> {
  return db.transaction('r', [db.layerDocuments, db.layerSpans, db.layerRelations], () => readLayerIn(db, projectId, layer));
}

async function readLayerIn(db: GloseDatabase, projectId: Id, layer: string): Promise<LayerContent> {
  const documents = await db.layerDocuments.where('[projectId+layer]').equals([projectId, layer]).toArray();
  const keys = documents.map((d) => [d.docId, layer] as [string, string]);
  const [spans, relations] = await Promise.all([db.layerSpans.where('[docId+layer]').anyOf(keys).toArray(), db.layerRelations.where('[docId+layer]').anyOf(keys).toArray()]);
  return { documents, spans, relations };
}

/**
 * Replaces a project's layer with `content` in one transaction and returns what it held before
 * (replacing with that is the undo). Nothing outside that layer is read or written.
 */
export async function replaceLayer(db: GloseDatabase, projectId: Id, layer: string, content: LayerContent): Promise<LayerContent> {
  const foreign = [...content.documents, ...content.spans, ...content.relations].find((r) => r.layer !== layer);
  if (foreign) throw new Error(`a record of the layer "${foreign.layer}" cannot be written into "${layer}"`);
  return db.transaction('rw', [db.layerDocuments, db.layerSpans, db.layerRelations, db.packedLayers], async () => {
    const before = await readLayerIn(db, projectId, layer);
    await db.layerRelations.bulkDelete(before.relations.map((r) => r.id));
    await db.layerSpans.bulkDelete(before.spans.map((s) => s.id));
    await db.layerDocuments.bulkDelete(before.documents.map((d) => d.id));
    await db.layerDocuments.bulkAdd(content.documents);
    await db.layerSpans.bulkAdd(content.spans);
    await db.layerRelations.bulkAdd(content.relations);
    // the spans are in hand: packed now, the agreement need not read them one by one
    await storePacks(db, layer, content.documents.map((d) => d.docId), content.spans);
    return before;
  });
}

/**
 * Stores an edit made in an other layer (the curated one, in practice), in one transaction; with
 * `decisions`, the layer's record of settled disagreements is replaced in the same transaction.
 */
export async function applyLayerChange(db: GloseDatabase, projectId: Id, layer: string, change: Change, decisions?: Record<string, string>): Promise<void> {
  await db.transaction('rw', [db.layerDocuments, db.layerSpans, db.layerRelations], async () => {
    const delRels = change.relations.flatMap((d) => (!d.after && d.before ? [d.before.id] : []));
    const delSpans = change.spans.flatMap((d) => (!d.after && d.before ? [d.before.id] : []));
    if (delRels.length) await db.layerRelations.bulkDelete(delRels);
    if (delSpans.length) await db.layerSpans.bulkDelete(delSpans);
    const spans = change.spans.flatMap((d) => (d.after ? [inLayer(d.after, layer)] : []));
    const relations = change.relations.flatMap((d) => (d.after ? [inLayer(d.after, layer)] : []));
    if (spans.length) await db.layerSpans.bulkPut(spans);
    if (relations.length) await db.layerRelations.bulkPut(relations);
    const now = Date.now();
    const state = await db.layerDocuments.where('[docId+layer]').equals([change.docId, layer]).first();
    const fields = change.doc?.after ?? { status: state?.status === 'new' || !state ? ('in_progress' as const) : state.status, categories: state?.categories ?? [] };
    const settled = decisions ? { decisions } : {};
    if (state) await db.layerDocuments.put({ ...state, ...fields, ...settled, updatedAt: now });
    else await db.layerDocuments.add({ id: newId(), docId: change.docId, projectId, layer, ...fields, ...settled, createdAt: now, updatedAt: now });
  });
}

function inLayer<T extends Span | Relation>(record: T, layer: string): T & { layer: string } {
  return { ...record, layer };
}


/** Turns a project's blind mode on or off. */
export async function setProjectBlind(db: GloseDatabase, projectId: Id, blind: boolean): Promise<void> {
  await db.projects.update(projectId, { blind, updatedAt: Date.now() });
}

/** A layer compared in the agreement: null is the user's own; `name` is how the report names it. */
export interface ComparedLayer {
  layer: string | null;
  name: string;
}

/** The documents to compare, packed for the agreement engine (../agreement/transfer.ts), with their names. */
export interface AgreementInput extends PackedDocuments {
  documents: Array<PackedDocument & { name: string; text: string }>;
  /** layer packs read (./packs.ts), and how many of them had to be built from the spans first */
  packs: { read: number; built: number };
}

/**
 * The project's documents with the compared layers of each: with `doneOnly`, a layer counts for a
 * document only when its annotator marked it Done; otherwise whenever it has a layer there (the user's
 * own once the document is no longer new or has a span). A layer that does not count is left out, never sent empty:
 * an empty layer means "nothing to mark here". The layers are read packed, one record per document and
 * layer, and those not packed yet are packed first (`built` is told as they are).
 */
export async function agreementInput(
  db: GloseDatabase,
  projectId: Id,
  compared: readonly ComparedLayer[],
  doneOnly: boolean,
  docIds?: readonly Id[],
  built?: (done: number, total: number) => void,
): Promise<AgreementInput> {
  const others = compared.flatMap((c) => (c.layer === null ? [] : [[projectId, c.layer] as [string, string]]));
  const [all, labelDefs, states] = await db.transaction('r', [db.documents, db.labels, db.layerDocuments], () =>
    Promise.all([db.documents.where('projectId').equals(projectId).toArray(), db.labels.where('projectId').equals(projectId).toArray(), db.layerDocuments.where('[projectId+layer]').anyOf(others).toArray()]),
  );
  const wanted = docIds ? new Set(docIds) : null;
  const docs = wanted ? all.filter((d) => wanted.has(d.id)) : all;
  const labels = new Map(labelDefs.map((l) => [l.id, l.name]));
  const stateOf = new Map(states.map((s) => [`${s.docId}\u0000${s.layer}`, s]));
  // which layers count, per document, before anything is read
  const counted = docs.map((doc) =>
    compared.filter((c) => {
      const status = c.layer === null ? doc.status : stateOf.get(`${doc.id}\u0000${c.layer}`)?.status;
      return status !== undefined && (!doneOnly || status === 'done');
    }),
  );
  const keyOf = (docId: Id, c: ComparedLayer): PackKey => [docId, c.layer ?? OWN_LAYER];
  const keys = docs.flatMap((doc, d) => (counted[d] as ComparedLayer[]).map((c) => keyOf(doc.id, c)));
  let rebuilt = 0;
  // the texts of every document that may be compared are read meanwhile (one that turns out to have a
  // single layer to compare, an empty own layer being left out below, is read for nothing: rare)
  const textIds = docs.flatMap((doc, d) => ((counted[d] as ComparedLayer[]).length >= 2 ? [doc.id] : []));
  const [packs, textList] = await Promise.all([
    readPacks(db, keys, (done, total) => {
      rebuilt = done;
      built?.(done, total);
    }),
    db.texts.bulkGet(textIds),
  ]);
  const textOf = new Map(textList.flatMap((t) => (t ? [[t.id, t.text] as const] : [])));
  const chosen: Array<{ doc: (typeof docs)[number]; layers: Array<{ c: ComparedLayer; pack: PackedLayer }> }> = [];
  let k = 0;
  docs.forEach((doc, d) => {
    const layers: Array<{ c: ComparedLayer; pack: PackedLayer }> = [];
    for (const c of counted[d] as ComparedLayer[]) {
      const pack = packs[k++] as PackedLayer;
      // the user's own layer of a new document without a span is not work, only the document's existence
      if (c.layer === null && doc.status === 'new' && pack.spans.length === 0) continue;
      layers.push({ c, pack });
    }
    if (layers.length >= 2) chosen.push({ doc, layers });
  });
  const packer = new LayerPacker();
  const documents: AgreementInput['documents'] = [];
  for (const { doc, layers } of chosen) {
    const text = textOf.get(doc.id);
    if (typeof text !== 'string') continue;
    const packed: Record<string, Int32Array> = {};
    for (const { c, pack: stored } of layers) {
      let pack = stored;
      const key = keyOf(doc.id, c);
      if (packProblem(pack, key, text.length) !== null) {
        // packed before the text it belongs to was known: packed again from the spans, which must fit it
        [pack] = (await buildPacks(db, [key])) as [PackedLayer];
        rebuilt++;
        const problem = packProblem(pack, key, text.length);
        if (problem !== null) throw new Error(`${doc.name} (${c.name}): ${problem}`);
      }
      packed[c.name] = packer.relabel(pack.spans, pack.labelIds.map((id) => labels.get(id) ?? '?'));
    }
    documents.push({ id: doc.id, name: doc.name, length: text.length, text, layers: packed });
  }
  return { documents, labels: packer.labels, transfer: packer.transfer, packs: { read: keys.length, built: rebuilt } };
}

/** Which layer an export takes: the user's own, one other layer, or every layer with each span's annotator named. */
export type ExportLayer = { kind: 'mine' } | { kind: 'layer'; layer: string } | { kind: 'all'; me: string };

/** The span attribute that names whose layer a span came from, in an export of every layer. */
export const ANNOTATOR_ATTRIBUTE = 'annotator';

/**
 * Everything an export needs for these documents, from the layer chosen. With every layer, each span
 * carries its layer's name as the attribute "annotator" (the curated layer's as "curated"): formats
 * that cannot carry attributes say so in the export's report, like for any attribute.
 */
export async function portableLayerDocuments(db: GloseDatabase, ids: readonly Id[], choice: ExportLayer): Promise<PortableDocument[]> {
  if (choice.kind === 'mine') return portableDocuments(db, ids);
  return db.transaction('r', [db.documents, db.texts, db.spans, db.relations, db.labels, db.relationTypes, db.layerDocuments, db.layerSpans, db.layerRelations], async () => {
    const [docs, texts] = await Promise.all([db.documents.bulkGet([...ids]), db.texts.bulkGet([...ids])]);
    const projects = [...new Set(docs.flatMap((d) => (d ? [d.projectId] : [])))];
    const labels = new Map((await db.labels.where('projectId').anyOf(projects).toArray()).map((l) => [l.id, l.name]));
    const types = new Map((await db.relationTypes.where('projectId').anyOf(projects).toArray()).map((t) => [t.id, t.name]));
    const [layerSpans, layerRelations, layerDocs] = await Promise.all([
      db.layerSpans.where('docId').anyOf([...ids]).toArray(),
      db.layerRelations.where('docId').anyOf([...ids]).toArray(),
      db.layerDocuments.where('docId').anyOf([...ids]).toArray(),
    ]);
    const wanted = (r: { layer: string }) => choice.kind === 'all' || r.layer === choice.layer;
    const named = (s: Span, layer: string): Span => (choice.kind === 'all' ? { ...s, attributes: { ...s.attributes, [ANNOTATOR_ATTRIBUTE]: layer === CURATED_LAYER ? 'curated' : layer } } : s);
    let spans: Span[] = layerSpans.filter(wanted).map((s) => named(s, s.layer));
    let relations: Relation[] = layerRelations.filter(wanted);
    if (choice.kind === 'all') {
      const [own, ownRelations] = await Promise.all([db.spans.where('docId').anyOf([...ids]).toArray(), db.relations.where('docId').anyOf([...ids]).toArray()]);
      spans = [...own.map((s) => named(s, choice.me)), ...spans];
      relations = [...ownRelations, ...relations];
    }
    const spansOf = groupByDoc(spans);
    const relationsOf = groupByDoc(relations);
    const categoriesOf = new Map(layerDocs.filter(wanted).map((d) => [d.docId, d.categories]));
    return docs.flatMap((doc, i) => {
      const text = texts[i];
      if (!doc || !text) return [];
      const categories = choice.kind === 'layer' ? (categoriesOf.get(doc.id) ?? []) : doc.categories;
      return [portableOf(doc, text.text, spansOf.get(doc.id) ?? [], relationsOf.get(doc.id) ?? [], labels, types, categories)];
    });
  });
}

/** The curated layer's record of a document (undefined until curation starts), and its spans and relations. */
export async function loadCurated(db: GloseDatabase, docId: Id): Promise<{ state: LayerDocument | undefined; spans: LayerSpan[]; relations: LayerRelation[] }> {
  return db.transaction('r', [db.layerDocuments, db.layerSpans, db.layerRelations], async () => {
    const key: [string, string] = [docId, CURATED_LAYER];
    const [state, spans, relations] = await Promise.all([db.layerDocuments.where('[docId+layer]').equals(key).first(), db.layerSpans.where('[docId+layer]').equals(key).toArray(), db.layerRelations.where('[docId+layer]').equals(key).toArray()]);
    return { state, spans, relations };
  });
}
