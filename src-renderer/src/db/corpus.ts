// The corpus view's reads and edits across the documents of a project.
import type { DocStatus, Id, Span } from '$model';
import type { SpanLite } from '$lib/corpus';
import type { CorpusChange } from '$lib/changes';
import { uncovered } from '$lib/search';
import { newId } from '$lib/id';
import { messagesNow } from '$lib/i18n/current';
import type { GloseDatabase } from './database';
import { applyChange } from './documents';
import { packProblem } from './packs';
import { OWN_LAYER, type PackedLayer, type PackKey, type PackLayer } from './pack-keys';

export async function applyCorpusChange(db: GloseDatabase, changes: CorpusChange): Promise<void> {
  if (changes.length === 0) return;
  await db.transaction('rw', [db.spans, db.relations, db.documents], async () => {
    // status of thousands of documents: one bulk write instead of a transaction each
    const fieldsOnly = new Map(changes.flatMap((c) => (c.doc && c.spans.length === 0 && c.relations.length === 0 ? [[c.docId, c.doc.after] as const] : [])));
    for (const change of changes) if (!fieldsOnly.has(change.docId)) await applyChange(db, change);
    if (fieldsOnly.size > 0) {
      const now = Date.now();
      const docs = await db.documents.bulkGet([...fieldsOnly.keys()]);
      await db.documents.bulkPut(docs.flatMap((d) => (d ? [{ ...d, ...fieldsOnly.get(d.id), updatedAt: now }] : [])));
    }
  });
}

/** Every span of the project's documents in one layer: the user's own (null), a colleague's or the curated one. */
export async function corpusSpans(db: GloseDatabase, projectId: Id, layer: string | null = null): Promise<Span[]> {
  return db.transaction('r', [db.documents, db.spans, db.layerSpans], async () => {
    const ids = await db.documents.where('projectId').equals(projectId).primaryKeys();
    if (layer === null) return db.spans.where('docId').anyOf(ids).toArray();
    return db.layerSpans.where('[docId+layer]').anyOf(ids.map((id) => [id, layer])).toArray();
  });
}

/** One layer's share of a project: the documents it has, how many of them are marked Done, its spans. */
export interface LayerCount {
  /** null: the user's own */
  layer: string | null;
  documents: number;
  done: number;
  spans: number;
}

/**
 * Counts per layer, the user's own first: their layer has every document that is no longer new or has
 * a span (as for the agreement); another layer has the documents it has a record for.
 */
export async function layerCounts(db: GloseDatabase, projectId: Id): Promise<LayerCount[]> {
  return db.transaction('r', [db.documents, db.layerDocuments, db.layerSpans], async () => {
    const docs = await db.documents.where('projectId').equals(projectId).toArray();
    const states = await db.layerDocuments.where('projectId').equals(projectId).toArray();
    const spans = await db.layerSpans.where('docId').anyOf(docs.map((d) => d.id)).toArray();
    const mine = docs.filter((d) => d.status !== 'new' || d.spanCount > 0);
    const out: LayerCount[] = [{ layer: null, documents: mine.length, done: mine.filter((d) => d.status === 'done').length, spans: docs.reduce((n, d) => n + d.spanCount, 0) }];
    const byLayer = new Map<string, LayerCount>();
    for (const st of states) {
      const c = byLayer.get(st.layer) ?? { layer: st.layer, documents: 0, done: 0, spans: 0 };
      c.documents++;
      if (st.status === 'done') c.done++;
      byLayer.set(st.layer, c);
    }
    for (const sp of spans) {
      const c = byLayer.get(sp.layer) ?? { layer: sp.layer, documents: 0, done: 0, spans: 0 };
      c.spans++;
      byLayer.set(sp.layer, c);
    }
    // colleagues by name, the curated layer ('') last
    return [...out, ...[...byLayer.values()].sort((a, b) => (a.layer === '' ? 1 : b.layer === '' ? -1 : (a.layer ?? '').localeCompare(b.layer ?? '')))];
  });
}

/**
 * What statistics need of the spans of these documents: the user's own (layer null) or another
 * layer's. Read by the corpus worker, a slice of documents at a time: from each layer's pack where one
 * is stored (./packs.ts: one record per document and layer, never stale, which the background keeping
 * builds), and from the span records only where none is. Reading one record per span is what made
 * the statistics of a million spans take minutes.
 */
export async function spansOfDocuments(db: GloseDatabase, ids: readonly Id[], layer: string | null = null): Promise<SpanLite[]> {
  const key: PackLayer = layer === null ? OWN_LAYER : layer;
  return db.transaction('r', [db.packedLayers, db.spans, db.layerSpans], async () => {
    const packs = await db.packedLayers.bulkGet(ids.map((id): PackKey => [id, key]));
    const out: SpanLite[] = [];
    const missing: Id[] = [];
    ids.forEach((docId, i) => {
      const pack = packs[i];
      if (packProblem(pack, [docId, key]) !== null) return void missing.push(docId);
      const { spans, labelIds } = pack as PackedLayer;
      for (let k = 0; k < spans.length; k += 3) out.push({ docId, labelId: labelIds[spans[k + 2] as number] as Id, start: spans[k] as number, end: spans[k + 1] as number });
    });
    if (missing.length === 0) return out;
    const spans = layer === null ? await db.spans.where('docId').anyOf(missing).toArray() : await db.layerSpans.where('[docId+layer]').anyOf(missing.map((id) => [id, layer])).toArray();
    for (const { docId, labelId, start, end } of spans) out.push({ docId, labelId, start, end });
    return out;
  });
}

/** The texts of these documents, by id (documents without one are left out). */
export async function loadTexts(db: GloseDatabase, ids: readonly Id[]): Promise<Map<Id, string>> {
  const rows = await db.texts.bulkGet([...ids]);
  const out = new Map<Id, string>();
  for (const r of rows) if (r) out.set(r.id, r.text);
  return out;
}

/**
 * Creates a span of `labelId` on every hit that no span of that label already overlaps, in one
 * transaction, and returns what it did (empty when there was nothing to do). Documents outside the
 * project are ignored; a document that was new is now in progress, and its undo says so.
 */
export async function labelAllHits(
  db: GloseDatabase,
  projectId: Id,
  hits: ReadonlyArray<{ docId: Id; start: number; end: number }>,
  labelId: Id,
  annotator: string,
): Promise<CorpusChange> {
  return db.transaction('rw', [db.labels, db.documents, db.spans, db.relations], async () => {
    const label = await db.labels.get(labelId);
    if (!label || label.projectId !== projectId) throw new Error(messagesNow().corpus.labelNotInProject);
    const byDoc = new Map<Id, Array<{ start: number; end: number }>>();
    for (const h of hits) {
      let list = byDoc.get(h.docId);
      if (!list) byDoc.set(h.docId, (list = []));
      list.push({ start: h.start, end: h.end });
    }
    const docs = await db.documents.bulkGet([...byDoc.keys()]);
    const now = Date.now();
    const changes: CorpusChange = [];
    for (const doc of docs) {
      if (!doc || doc.projectId !== projectId) continue;
      const same = (await db.spans.where('docId').equals(doc.id).toArray()).filter((s) => s.labelId === labelId);
      const todo = uncovered(byDoc.get(doc.id) ?? [], same).filter((m) => m.end > m.start && m.end <= doc.length);
      if (todo.length === 0) continue;
      const spans: Span[] = todo.map((m) => ({ id: newId(), docId: doc.id, labelId, start: m.start, end: m.end, annotator, createdAt: now, updatedAt: now }));
      const fields = { status: doc.status, categories: doc.categories };
      changes.push({
        docId: doc.id,
        spans: spans.map((after) => ({ after })),
        relations: [],
        ...(doc.status === 'new' ? { doc: { before: fields, after: { ...fields, status: 'in_progress' as const } } } : {}),
      });
    }
    await applyCorpusChange(db, changes);
    return changes;
  });
}

/** Sets the status of these documents in one transaction; returns the change (documents already there are left out). */
export async function setStatusMany(db: GloseDatabase, ids: readonly Id[], status: DocStatus): Promise<CorpusChange> {
  return db.transaction('rw', [db.documents, db.spans, db.relations], async () => {
    const docs = await db.documents.bulkGet([...ids]);
    const changes: CorpusChange = docs.flatMap((d) =>
      d && d.status !== status
        ? [{ docId: d.id, spans: [], relations: [], doc: { before: { status: d.status, categories: d.categories }, after: { status, categories: d.categories } } }]
        : [],
    );
    await applyCorpusChange(db, changes);
    return changes;
  });
}
