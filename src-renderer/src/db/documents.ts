// Documents and their annotations: loading one for the reader, storing an edit (a Change) in one
// transaction, writing new documents, reading documents for an export, deleting them.
import type { Decision, DocumentRecord, DocumentText, Id, LabelDef, PortableDocument, Relation, RelationType, Span } from '$model';
import type { Change, Delta } from '$lib/changes';
import { groupByDoc } from '$lib/group';
import { newId } from '$lib/id';
import type { GloseDatabase } from './database';
import { EDITOR_MARK, type AnyPackKey, type EditorMark } from './pack-keys';
import { openStoredPack, readStoredPack } from './reader-packs';
import { nextTask } from '$lib/next-task';
import { storeWrittenPacks } from './packs';

/**
 * Writes span deltas and returns, for every document they touch, how many spans it gained or lost,
 * counted against what was stored before the write, not from the deltas: an old undo step whose
 * span another edit already removed never puts a document's spanCount off. This and
 * adjustSpanCounts are the one way spanCount changes after a document is written. Runs inside a
 * transaction over spans.
 */
export async function writeSpans(db: GloseDatabase, deltas: readonly Delta<Span>[]): Promise<Map<Id, number>> {
  const plan = planSpans(deltas, await db.spans.bulkGet(touchedIds(deltas)));
  await writePlanned(db, plan);
  return plan.perDoc;
}

/** The ids of the spans deltas touch, in order. */
function touchedIds(deltas: readonly Delta<Span>[]): Id[] {
  return deltas.flatMap((d) => {
    const span = d.after ?? d.before;
    return span ? [span.id] : [];
  });
}

interface SpanPlan {
  put: Span[];
  del: Id[];
  perDoc: Map<Id, number>;
}

/** What deltas write, given what is stored under touchedIds(deltas) (in that order). */
function planSpans(deltas: readonly Delta<Span>[], stored: ReadonlyArray<Span | undefined>): SpanPlan {
  const present = new Set(stored.flatMap((s) => (s ? [s.id] : [])));
  const perDoc = new Map<Id, number>();
  const put: Span[] = [];
  const del: Id[] = [];
  for (const d of deltas) {
    const span = d.after ?? d.before;
    if (!span) continue;
    const was = present.has(span.id);
    if (d.after) put.push(d.after);
    else if (was) del.push(span.id);
    perDoc.set(span.docId, (perDoc.get(span.docId) ?? 0) + (d.after ? 1 : 0) - (was ? 1 : 0));
  }
  return { put, del, perDoc };
}

/** Issues a plan's writes (deletes first), resolved once both are done. */
function writePlanned(db: GloseDatabase, plan: SpanPlan): Promise<unknown> {
  return Promise.all([plan.del.length ? db.spans.bulkDelete(plan.del) : null, plan.put.length ? db.spans.bulkPut(plan.put) : null]);
}

/** Adds what writeSpans counted to each document's spanCount, and marks them edited. Inside a transaction over documents. */
export async function adjustSpanCounts(db: GloseDatabase, perDoc: ReadonlyMap<Id, number>, now = Date.now()): Promise<void> {
  for (const [docId, delta] of perDoc) {
    await db.documents
      .where('id')
      .equals(docId)
      .modify((doc) => {
        doc.spanCount += delta;
        doc.updatedAt = now;
      });
  }
}

/**
 * Stores a change to a document. `mark`: the reader's editor mark (db/pack-keys.ts, EditorMark), put
 * back after the writes when it was there before them, so that it says the reader's memory is what is
 * stored only while no one else wrote the document.
 */
export async function applyChange(db: GloseDatabase, change: Change, mark?: string): Promise<void> {
  // decisions only when the change has some: corpus and schema edits apply changes inside their own
  // transactions, which do not cover that table
  const decided = change.decisions?.length ? [db.decisions] : [];
  const marked = mark === undefined ? [] : [db.packedLayers];
  await db.transaction('rw', [db.spans, db.relations, db.documents, ...decided, ...marked], async () => {
    // An edit is saved while the user goes on: its requests are issued together, in three round trips
    // (what is stored, the writes, the editor's mark), not one after the other (tests/bench/reader.bench.ts,
    // add-span-durable). IndexedDB runs a transaction's requests in the order they were issued.
    const markKey: AnyPackKey = [change.docId, EDITOR_MARK];
    const [markRecord, stored, doc] = await Promise.all([
      mark === undefined ? undefined : db.packedLayers.get(markKey),
      db.spans.bulkGet(touchedIds(change.spans)),
      db.documents.get(change.docId),
    ]);
    const held = mark !== undefined && (markRecord as Partial<EditorMark> | undefined)?.claim === mark;
    const plan = planSpans(change.spans, stored);
    const putRels = change.relations.flatMap((d) => (d.after ? [d.after] : []));
    const delRels = change.relations.flatMap((d) => (!d.after && d.before ? [d.before.id] : []));
    const spanDelta = plan.perDoc.get(change.docId) ?? 0;
    await Promise.all([
      change.decisions?.length ? writeDecisions(db, change.decisions) : null,
      delRels.length ? db.relations.bulkDelete(delRels) : null,
      writePlanned(db, plan),
      putRels.length ? db.relations.bulkPut(putRels) : null,
      doc ? db.documents.put(edited(doc, change, spanDelta, Date.now())) : null,
    ]);
    // after the writes, which deleted it (./pack-invalidation.ts)
    if (held) await db.packedLayers.put({ docId: change.docId, layer: EDITOR_MARK, claim: mark } satisfies EditorMark);
  });
}

/** The document record after an edit: its span count, when it changed, its status and categories. */
function edited(doc: DocumentRecord, change: Change, spanDelta: number, now: number): DocumentRecord {
  const next = { ...doc, spanCount: doc.spanCount + spanDelta, updatedAt: now };
  if (change.doc) {
    next.status = change.doc.after.status;
    next.categories = change.doc.after.categories;
  } else if (doc.status === 'new' && (change.spans.length > 0 || change.relations.length > 0)) {
    next.status = 'in_progress';
  }
  return next;
}

/** Stores and removes what the user decided about suggestions. Inside a transaction over decisions. */
async function writeDecisions(db: GloseDatabase, deltas: readonly Delta<Decision>[]): Promise<void> {
  const del = deltas.flatMap((d) => (!d.after && d.before ? [d.before.id] : []));
  const put = deltas.flatMap((d) => (d.after ? [d.after] : []));
  if (del.length) await db.decisions.bulkDelete(del);
  if (put.length) await db.decisions.bulkPut(put);
}

export interface LoadedDocument {
  doc: DocumentRecord;
  text: string;
  spans: Span[];
  relations: Relation[];
  /** what the user did with suggestions in it */
  decisions?: Decision[];
  /** read from the reader's pack (./reader-packs.ts), not from the span and relation records */
  packed?: boolean;
  /** the edition of that pack, when it has one */
  edition?: string | null;
}

/**
 * A document with its spans and relations: from its reader pack (one record instead of one per span
 * and relation, ./reader-packs.ts) where one is stored and sound, else from the records. Reading,
 * checking and unpacking the pack are separate tasks (`pause` between), so a long book never holds
 * the page for all of them at once.
 */
export async function loadDocument(db: GloseDatabase, id: Id, pause: () => Promise<void> = nextTask): Promise<LoadedDocument | undefined> {
  const read = await db.transaction('r', [db.documents, db.texts, db.decisions, db.packedLayers], async () => {
    const [doc, text, decisions, pack] = await Promise.all([db.documents.get(id), db.texts.get(id), db.decisions.where('docId').equals(id).toArray(), readStoredPack(db, id)]);
    return { doc, text, decisions, pack };
  });
  const { doc, text, decisions, pack } = read;
  if (!doc || !text) return undefined;
  if (pack !== undefined) {
    await pause();
    const packed = await openStoredPack(pack, id, text.text.length, pause);
    if (packed) return { doc, text: text.text, ...packed, decisions, packed: true };
  }
  // no sound pack: the records, with the document and its decisions read again beside them (a text never changes)
  return db.transaction('r', [db.documents, db.spans, db.relations, db.decisions], async () => {
    const [again, spans, relations, decided] = await Promise.all([
      db.documents.get(id),
      db.spans.where('docId').equals(id).toArray(),
      db.relations.where('docId').equals(id).toArray(),
      db.decisions.where('docId').equals(id).toArray(),
    ]);
    if (!again) return undefined;
    return { doc: again, text: text.text, spans, relations, decisions: decided, packed: false };
  });
}

export async function getDocument(db: GloseDatabase, id: Id): Promise<DocumentRecord | undefined> {
  return db.documents.get(id);
}

/** The document a project opens on when none was open before: the first one stored. */
export async function firstDocument(db: GloseDatabase, projectId: Id): Promise<DocumentRecord | undefined> {
  return db.documents.where('projectId').equals(projectId).first();
}

/** What writeDocuments stored (per document, in order), and what it left out because the project has no such label or type. */
export interface Written {
  docs: Array<{ id: Id; spans: number; relations: number }>;
  leftOut: { spans: number; relations: number };
}

/**
 * Writes documents, their spans (labels by name) and relations (types by name, ends by span key);
 * a span of an unknown label, and a relation of an unknown type or to a span not written, are
 * left out and counted. Must run inside a transaction covering the tables it touches, the packs
 * table too: the new documents' own layers are packed as they are written (./packs.ts), so the
 * agreement never has to read those spans one by one.
 */
export async function writeDocuments(db: GloseDatabase, projectId: Id, docs: PortableDocument[], annotator: string, labels: LabelDef[], types: RelationType[] = []): Promise<Written> {
  const now = Date.now();
  const labelIds = new Map(labels.map((l) => [l.name, l.id]));
  const typeIds = new Map(types.map((t) => [t.name, t.id]));
  const relations: Relation[] = [];
  const records: DocumentRecord[] = [];
  const texts: DocumentText[] = [];
  const spans: Span[] = [];
  const leftOut = { spans: 0, relations: 0 };
  const written: Written['docs'] = [];
  for (const d of docs) {
    const id = newId();
    const spanIds = new Map<string, Id>();
    const docSpans: Span[] = d.spans.flatMap((s) => {
      const labelId = labelIds.get(s.label);
      if (!labelId) return [];
      const spanId = newId();
      if (s.key !== undefined) spanIds.set(s.key, spanId);
      return [
        {
          id: spanId,
          docId: id,
          labelId,
          start: s.start,
          end: s.end,
          annotator,
          createdAt: now,
          updatedAt: now,
          ...(s.note ? { note: s.note } : {}),
          ...(s.attributes ? { attributes: s.attributes } : {}),
        },
      ];
    });
    leftOut.spans += d.spans.length - docSpans.length;
    records.push({
      id,
      projectId,
      name: d.name,
      meta: d.meta,
      status: 'new',
      length: d.text.length,
      spanCount: docSpans.length,
      categories: d.categories ?? [],
      createdAt: now,
      updatedAt: now,
    });
    texts.push({ id, text: d.text });
    spans.push(...docSpans);
    const relationsBefore = relations.length;
    for (const r of d.relations) {
      const typeId = typeIds.get(r.type);
      const fromId = spanIds.get(r.fromKey);
      const toId = spanIds.get(r.toKey);
      if (!typeId || !fromId || !toId) {
        leftOut.relations++;
        continue;
      }
      relations.push({ id: newId(), docId: id, typeId, fromId, toId, annotator, createdAt: now, updatedAt: now, ...(r.note ? { note: r.note } : {}) });
    }
    written.push({ id, spans: docSpans.length, relations: relations.length - relationsBefore });
  }
  await db.documents.bulkAdd(records);
  await db.texts.bulkAdd(texts);
  if (spans.length) await db.spans.bulkAdd(spans);
  if (relations.length) await db.relations.bulkAdd(relations);
  // after the spans' writes, which delete these packs (./pack-invalidation.ts)
  await storeWrittenPacks(db, { docIds: written.map((w) => w.id), spans });
  return { docs: written, leftOut };
}

/**
 * Everything an export needs for these documents, labels and types by name, in the order given
 * (ids not found are left out): read in one transaction, the labels and types once.
 */
export async function portableDocuments(db: GloseDatabase, ids: readonly Id[]): Promise<PortableDocument[]> {
  return db.transaction('r', [db.documents, db.texts, db.spans, db.relations, db.labels, db.relationTypes], async () => {
    const [docs, texts, spans, relations] = await Promise.all([
      db.documents.bulkGet([...ids]),
      db.texts.bulkGet([...ids]),
      db.spans.where('docId').anyOf([...ids]).toArray(),
      db.relations.where('docId').anyOf([...ids]).toArray(),
    ]);
    const projects = [...new Set(docs.flatMap((d) => (d ? [d.projectId] : [])))];
    const labels = new Map((await db.labels.where('projectId').anyOf(projects).toArray()).map((l) => [l.id, l.name]));
    const types = new Map((await db.relationTypes.where('projectId').anyOf(projects).toArray()).map((t) => [t.id, t.name]));
    const spansOf = groupByDoc(spans);
    const relationsOf = groupByDoc(relations);
    return docs.flatMap((doc, i) => {
      const text = texts[i];
      if (!doc || !text) return [];
      return [portableOf(doc, text.text, spansOf.get(doc.id) ?? [], relationsOf.get(doc.id) ?? [], labels, types)];
    });
  });
}

/** A document with the spans and relations given (of whichever layer), labels and types by name. */
export function portableOf(doc: DocumentRecord, text: string, spans: readonly Span[], relations: readonly Relation[], labels: ReadonlyMap<Id, string>, types: ReadonlyMap<Id, string>, categories = doc.categories): PortableDocument {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  return {
    name: doc.name,
    text,
    meta: doc.meta,
    categories,
    spans: sorted.map((s) => ({
      key: s.id,
      start: s.start,
      end: s.end,
      label: labels.get(s.labelId) ?? '?',
      ...(s.note ? { note: s.note } : {}),
      ...(s.attributes ? { attributes: s.attributes } : {}),
    })),
    relations: relations.map((r) => ({
      fromKey: r.fromId,
      toKey: r.toId,
      type: types.get(r.typeId) ?? '?',
      ...(r.note ? { note: r.note } : {}),
    })),
  };
}

/** Everything an export needs for one document. */
export async function portableDocument(db: GloseDatabase, id: Id): Promise<PortableDocument | undefined> {
  return (await portableDocuments(db, [id]))[0];
}

/** Deletes every other layer's records of these documents (inside a transaction over the layer tables). */
export async function deleteLayersOf(db: GloseDatabase, docIds: readonly Id[]): Promise<void> {
  await db.layerRelations.where('docId').anyOf([...docIds]).delete();
  await db.layerSpans.where('docId').anyOf([...docIds]).delete();
  await db.layerDocuments.where('docId').anyOf([...docIds]).delete();
}

/** The tables of the other layers (colleagues', curated): db/layers.ts reads and writes them. */
export const LAYER_TABLES = (db: GloseDatabase) => [db.layerDocuments, db.layerSpans, db.layerRelations];

/** Deletes documents with their texts, spans and relations, every layer's, in one transaction. */
export async function deleteDocuments(db: GloseDatabase, ids: readonly Id[]): Promise<void> {
  if (ids.length === 0) return;
  await db.transaction('rw', [db.documents, db.texts, db.spans, db.relations, db.decisions, ...LAYER_TABLES(db)], async () => {
    await deleteLayersOf(db, ids);
    await db.decisions.where('docId').anyOf([...ids]).delete();
    await db.relations.where('docId').anyOf([...ids]).delete();
    await db.spans.where('docId').anyOf([...ids]).delete();
    await db.texts.bulkDelete([...ids]);
    await db.documents.bulkDelete([...ids]);
  });
}
