// The Glose database: the only module that knows table names. Screens call the functions below.
import Dexie, { type EntityTable } from 'dexie';
import type {
  DocStatus,
  DocumentRecord,
  DocumentText,
  Id,
  LabelDef,
  PortableDocument,
  Project,
  Relation,
  RelationType,
  SchemaSpec,
  Span,
} from '../../../src-main/model';
import { recordChecks } from './db-checks';
import { uncovered } from './search';

export interface Setting {
  key: string;
  value: unknown;
}

export class GloseDatabase extends Dexie {
  projects!: EntityTable<Project, 'id'>;
  documents!: EntityTable<DocumentRecord, 'id'>;
  texts!: EntityTable<DocumentText, 'id'>;
  labels!: EntityTable<LabelDef, 'id'>;
  relationTypes!: EntityTable<RelationType, 'id'>;
  spans!: EntityTable<Span, 'id'>;
  relations!: EntityTable<Relation, 'id'>;
  settings!: EntityTable<Setting, 'key'>;

  constructor(name = 'glose') {
    // 'strict': Chromium flushes each transaction to disk before calling it complete, so an edit the
    // screen calls saved survives a power cut, not only a crash.
    super(name, { chromeTransactionDurability: 'strict' });
    // Versions are only ever added, never edited: users' databases were written by the old ones.
    this.version(1).stores({
      projects: 'id',
      documents: 'id, projectId, meta.hash, updatedAt',
      texts: 'id',
      labels: 'id, projectId',
      relationTypes: 'id, projectId',
      spans: 'id, docId',
      relations: 'id, docId',
      settings: 'key',
    });
    this.use(recordChecks);
  }
}

export const newId = (): Id => crypto.randomUUID();

/** One record's state before and after an edit; a missing side means created or deleted. */
export interface Delta<T> {
  before?: T;
  after?: T;
}

/** The document-level fields an edit may change. */
export type DocFields = Pick<DocumentRecord, 'status' | 'categories'>;

/** An edit as data: applying it is one transaction, and its inverse is its undo. */
export interface Change {
  docId: Id;
  spans: Delta<Span>[];
  relations: Delta<Relation>[];
  doc?: { before: DocFields; after: DocFields };
}

function flip<T>(d: Delta<T>): Delta<T> {
  return { ...(d.after ? { before: d.after } : {}), ...(d.before ? { after: d.before } : {}) };
}

export function invert(change: Change): Change {
  return {
    docId: change.docId,
    spans: change.spans.map(flip),
    relations: change.relations.map(flip),
    ...(change.doc ? { doc: { before: change.doc.after, after: change.doc.before } } : {}),
  };
}

export async function applyChange(db: GloseDatabase, change: Change): Promise<void> {
  const spanDelta = change.spans.reduce((n, d) => n + (d.after ? 1 : 0) - (d.before ? 1 : 0), 0);
  await db.transaction('rw', [db.spans, db.relations, db.documents], async () => {
    const putSpans = change.spans.flatMap((d) => (d.after ? [d.after] : []));
    const delSpans = change.spans.flatMap((d) => (!d.after && d.before ? [d.before.id] : []));
    const putRels = change.relations.flatMap((d) => (d.after ? [d.after] : []));
    const delRels = change.relations.flatMap((d) => (!d.after && d.before ? [d.before.id] : []));
    if (delRels.length) await db.relations.bulkDelete(delRels);
    if (delSpans.length) await db.spans.bulkDelete(delSpans);
    if (putSpans.length) await db.spans.bulkPut(putSpans);
    if (putRels.length) await db.relations.bulkPut(putRels);
    const now = Date.now();
    await db.documents
      .where('id')
      .equals(change.docId)
      .modify((doc) => {
        doc.spanCount += spanDelta;
        doc.updatedAt = now;
        if (change.doc) {
          doc.status = change.doc.after.status;
          doc.categories = change.doc.after.categories;
        } else if (doc.status === 'new' && (change.spans.length > 0 || change.relations.length > 0)) {
          doc.status = 'in_progress';
        }
      });
  });
}

export interface LoadedDocument {
  doc: DocumentRecord;
  text: string;
  spans: Span[];
  relations: Relation[];
}

export async function loadDocument(db: GloseDatabase, id: Id): Promise<LoadedDocument | undefined> {
  return db.transaction('r', [db.documents, db.texts, db.spans, db.relations], async () => {
    const [doc, text, spans, relations] = await Promise.all([
      db.documents.get(id),
      db.texts.get(id),
      db.spans.where('docId').equals(id).toArray(),
      db.relations.where('docId').equals(id).toArray(),
    ]);
    if (!doc || !text) return undefined;
    return { doc, text: text.text, spans, relations };
  });
}

export function labelsFromSchema(projectId: Id, schema: SchemaSpec, now: number): { labels: LabelDef[]; relationTypes: RelationType[] } {
  const labels: LabelDef[] = schema.labels.map((l, order) => ({
    id: newId(),
    projectId,
    name: l.name,
    color: l.color,
    order,
    createdAt: now,
    updatedAt: now,
    ...(l.hotkey ? { hotkey: l.hotkey } : {}),
    ...(l.description ? { description: l.description } : {}),
    ...(l.attributes ? { attributes: l.attributes } : {}),
  }));
  const byName = new Map(labels.map((l) => [l.name, l.id]));
  const ids = (names: string[]) => names.flatMap((n) => (byName.has(n) ? [byName.get(n) as Id] : []));
  const relationTypes: RelationType[] = schema.relations.map((r) => ({
    id: newId(),
    projectId,
    name: r.name,
    sourceLabelIds: ids(r.source),
    targetLabelIds: ids(r.target),
    directed: r.directed,
    createdAt: now,
    updatedAt: now,
  }));
  return { labels, relationTypes };
}

/**
 * Opens the workspace, creating it on first run: one project with the default schema and the
 * welcome document. Returns the project to show.
 */
export async function ensureWorkspace(db: GloseDatabase, schema: SchemaSpec, welcome: PortableDocument): Promise<Project> {
  return db.transaction('rw', [db.projects, db.labels, db.relationTypes, db.documents, db.texts, db.spans, db.relations, db.settings], async () => {
    const existing = await db.projects.toCollection().first();
    if (existing) return existing;
    const now = Date.now();
    const project: Project = { id: newId(), name: 'My project', categories: schema.categories, createdAt: now, updatedAt: now };
    await db.projects.add(project);
    const { labels, relationTypes } = labelsFromSchema(project.id, schema, now);
    await db.labels.bulkAdd(labels);
    await db.relationTypes.bulkAdd(relationTypes);
    await writeDocuments(db, project.id, [welcome], 'Glose', labels, relationTypes);
    return project;
  });
}

export interface AddDocumentsResult {
  ids: Id[];
  /** names of documents whose text was already in the project */
  duplicates: string[];
}

/**
 * Stores imported documents with their annotations, all in one transaction: either every document of
 * the batch is there afterwards, or none is. Documents whose text is already in the project are skipped
 * unless `allowDuplicates`.
 */
export async function addDocuments(
  db: GloseDatabase,
  projectId: Id,
  docs: PortableDocument[],
  annotator: string,
  allowDuplicates = false,
): Promise<AddDocumentsResult> {
  return db.transaction('rw', [db.documents, db.texts, db.spans, db.relations, db.labels, db.relationTypes], async () => {
    const labels = await db.labels.where('projectId').equals(projectId).toArray();
    const types = await db.relationTypes.where('projectId').equals(projectId).toArray();
    const duplicates: string[] = [];
    let fresh = docs;
    if (!allowDuplicates) {
      const known = new Set<string>();
      const hashes = await db.documents.where('meta.hash').anyOf(docs.map((d) => d.meta.hash)).toArray();
      for (const d of hashes) if (d.projectId === projectId) known.add(d.meta.hash);
      fresh = docs.filter((d) => {
        if (known.has(d.meta.hash)) {
          duplicates.push(d.name);
          return false;
        }
        known.add(d.meta.hash);
        return true;
      });
    }
    const ids = await writeDocuments(db, projectId, fresh, annotator, labels, types);
    return { ids, duplicates };
  });
}

/**
 * Writes documents, their spans (labels by name) and relations (types by name, ends by span key);
 * a span of an unknown label, and a relation of an unknown type or to a span not written, are
 * left out. Must run inside a transaction covering the tables it touches.
 */
async function writeDocuments(db: GloseDatabase, projectId: Id, docs: PortableDocument[], annotator: string, labels: LabelDef[], types: RelationType[] = []): Promise<Id[]> {
  const now = Date.now();
  const labelIds = new Map(labels.map((l) => [l.name, l.id]));
  const typeIds = new Map(types.map((t) => [t.name, t.id]));
  const relations: Relation[] = [];
  const records: DocumentRecord[] = [];
  const texts: DocumentText[] = [];
  const spans: Span[] = [];
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
    for (const r of d.relations) {
      const typeId = typeIds.get(r.type);
      const fromId = spanIds.get(r.fromKey);
      const toId = spanIds.get(r.toKey);
      if (!typeId || !fromId || !toId) continue;
      relations.push({ id: newId(), docId: id, typeId, fromId, toId, annotator, createdAt: now, updatedAt: now, ...(r.note ? { note: r.note } : {}) });
    }
  }
  await db.documents.bulkAdd(records);
  await db.texts.bulkAdd(texts);
  if (spans.length) await db.spans.bulkAdd(spans);
  if (relations.length) await db.relations.bulkAdd(relations);
  return records.map((r) => r.id);
}

export async function getSetting<T>(db: GloseDatabase, key: string, fallback: T): Promise<T> {
  const row = await db.settings.get(key);
  return row ? (row.value as T) : fallback;
}

export async function setSetting(db: GloseDatabase, key: string, value: unknown): Promise<void> {
  await db.settings.put({ key, value });
}

/** Everything an export needs for one document, labels by name. */
export async function portableDocument(db: GloseDatabase, id: Id): Promise<PortableDocument | undefined> {
  const loaded = await loadDocument(db, id);
  if (!loaded) return undefined;
  const labels = new Map((await db.labels.where('projectId').equals(loaded.doc.projectId).toArray()).map((l) => [l.id, l.name]));
  const types = new Map((await db.relationTypes.where('projectId').equals(loaded.doc.projectId).toArray()).map((t) => [t.id, t.name]));
  const spans = [...loaded.spans].sort((a, b) => a.start - b.start || b.end - a.end);
  return {
    name: loaded.doc.name,
    text: loaded.text,
    meta: loaded.doc.meta,
    categories: loaded.doc.categories,
    spans: spans.map((s) => ({
      key: s.id,
      start: s.start,
      end: s.end,
      label: labels.get(s.labelId) ?? '?',
      ...(s.note ? { note: s.note } : {}),
      ...(s.attributes ? { attributes: s.attributes } : {}),
    })),
    relations: loaded.relations.map((r) => ({
      fromKey: r.fromId,
      toKey: r.toId,
      type: types.get(r.typeId) ?? '?',
      ...(r.note ? { note: r.note } : {}),
    })),
  };
}

// ---- the corpus view: reads and edits across the documents of a project

/** An edit across documents, kept as one undo step: one Change per document, applied in one transaction. */
export type CorpusChange = Change[];

export function invertCorpus(changes: CorpusChange): CorpusChange {
  return changes.map(invert).reverse();
}

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
    // An old step may be undone after the reader changed the same document: count, do not add up.
    for (const change of changes) {
      if (change.spans.length === 0) continue;
      const spanCount = await db.spans.where('docId').equals(change.docId).count();
      await db.documents.update(change.docId, { spanCount });
    }
  });
}

/** Every span of the project's documents. */
export async function corpusSpans(db: GloseDatabase, projectId: Id): Promise<Span[]> {
  return db.transaction('r', [db.documents, db.spans], async () => {
    const ids = await db.documents.where('projectId').equals(projectId).primaryKeys();
    return db.spans.where('docId').anyOf(ids).toArray();
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
    if (!label || label.projectId !== projectId) throw new Error('That label is not in this project.');
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

/** Deletes documents with their texts, spans and relations, in one transaction. */
export async function deleteDocuments(db: GloseDatabase, ids: readonly Id[]): Promise<void> {
  if (ids.length === 0) return;
  await db.transaction('rw', [db.documents, db.texts, db.spans, db.relations], async () => {
    await db.relations.where('docId').anyOf([...ids]).delete();
    await db.spans.where('docId').anyOf([...ids]).delete();
    await db.texts.bulkDelete([...ids]);
    await db.documents.bulkDelete([...ids]);
  });
}
