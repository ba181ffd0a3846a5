// Projects and their label schemas. Schema edits are ProjectChanges ($lib/changes): data that applies
// in one transaction and whose inverse is its undo, like the editor's Changes.
import type { EntityTable, IDType } from 'dexie';
import type { DocumentRecord, Id, LabelDef, PortableDocument, Project, Relation, RelationType, SchemaSpec, Span } from '$model';
import { emptyChange, type Delta, type ProjectChange } from '$lib/changes';
import { schemaSpec } from '$lib/schema';
import { newId } from '$lib/id';
import { messagesNow } from '$lib/i18n/current';
import type { GloseDatabase } from './database';
import { adjustSpanCounts, deleteLayersOf, LAYER_TABLES, writeDocuments, writeSpans } from './documents';
import { storeWrittenPacks } from './packs';

async function putAndDelete<T extends { id: Id }>(table: EntityTable<T, 'id'>, deltas: Delta<T>[]): Promise<void> {
  const put = deltas.flatMap((d) => (d.after ? [d.after] : []));
  const del = deltas.flatMap((d) => (!d.after && d.before ? [d.before.id as IDType<T, 'id'>] : []));
  if (del.length) await table.bulkDelete(del);
  if (put.length) await table.bulkPut(put);
}

/** Applies a schema change in one transaction, keeping each touched document's span count right. */
export async function applyProjectChange(db: GloseDatabase, c: ProjectChange): Promise<void> {
  await db.transaction('rw', [db.projects, db.labels, db.relationTypes, db.spans, db.relations, db.documents], async () => {
    await putAndDelete(db.relations, c.relations);
    const perDoc = await writeSpans(db, c.spans);
    await putAndDelete(db.relationTypes, c.relationTypes);
    await putAndDelete(db.labels, c.labels);
    const now = Date.now();
    if (c.categories) {
      const categories = c.categories.after;
      await db.projects.update(c.projectId, { categories, updatedAt: now });
    }
    await adjustSpanCounts(db, perDoc, now);
  });
}

export async function listProjects(db: GloseDatabase): Promise<Project[]> {
  return (await db.projects.toArray()).filter((p) => !p.deletedAt).sort((a, b) => a.createdAt - b.createdAt);
}

export async function getProject(db: GloseDatabase, id: Id): Promise<Project | undefined> {
  return db.projects.get(id);
}

/** The project's documents, oldest first (then by name). */
export async function projectDocuments(db: GloseDatabase, projectId: Id): Promise<DocumentRecord[]> {
  const docs = await db.documents.where('projectId').equals(projectId).toArray();
  return docs.sort((x, y) => x.createdAt - y.createdAt || x.name.localeCompare(y.name));
}

/** The project's labels, in the order of its palette. */
export async function projectLabels(db: GloseDatabase, projectId: Id): Promise<LabelDef[]> {
  return (await db.labels.where('projectId').equals(projectId).sortBy('order')).filter((l) => !l.deletedAt);
}

/** Labels deleted from the schema that other layers still use (see LabelDef.deletedAt), by name. */
export async function formerLabels(db: GloseDatabase, projectId: Id): Promise<LabelDef[]> {
  const labels = await db.labels.where('projectId').equals(projectId).toArray();
  return labels.filter((l) => l.deletedAt).sort((x, y) => x.name.localeCompare(y.name));
}

/** The project's relation types, by name. */
export async function projectRelationTypes(db: GloseDatabase, projectId: Id): Promise<RelationType[]> {
  const types = await db.relationTypes.where('projectId').equals(projectId).toArray();
  return types.sort((x, y) => x.name.localeCompare(y.name));
}

/** The relations of one type in the project's documents. */
export async function relationsOfType(db: GloseDatabase, projectId: Id, typeId: Id): Promise<Relation[]> {
  return db.transaction('r', [db.documents, db.relations], async () => {
    const docIds = await db.documents.where('projectId').equals(projectId).primaryKeys();
    return (await db.relations.where('docId').anyOf(docIds).toArray()).filter((r) => r.typeId === typeId);
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
  return db.transaction('rw', [db.projects, db.labels, db.relationTypes, db.documents, db.texts, db.spans, db.relations, db.settings, db.packedLayers], async () => {
    const existing = await db.projects.toCollection().first();
    if (existing) return existing;
    const now = Date.now();
    const project: Project = { id: newId(), name: messagesNow().msg.defaultProject, categories: schema.categories, createdAt: now, updatedAt: now };
    await db.projects.add(project);
    const { labels, relationTypes } = labelsFromSchema(project.id, schema, now);
    await db.labels.bulkAdd(labels);
    await db.relationTypes.bulkAdd(relationTypes);
    await writeDocuments(db, project.id, [welcome], 'Glose', labels, relationTypes);
    return project;
  });
}

export async function createProject(db: GloseDatabase, name: string, schema: SchemaSpec): Promise<Project> {
  const now = Date.now();
  const project: Project = { id: newId(), name, categories: schema.categories, createdAt: now, updatedAt: now };
  const { labels, relationTypes } = labelsFromSchema(project.id, schema, now);
  await db.transaction('rw', [db.projects, db.labels, db.relationTypes], async () => {
    await db.projects.add(project);
    await db.labels.bulkAdd(labels);
    await db.relationTypes.bulkAdd(relationTypes);
  });
  return project;
}

export async function renameProject(db: GloseDatabase, id: Id, name: string): Promise<void> {
  await db.projects.update(id, { name, updatedAt: Date.now() });
}

/**
 * Copies a project's schema, and with `withDocuments` its documents with every layer (the user's,
 * colleagues', the curated one with its curation decisions) and what was decided about suggestions,
 * under new ids.
 */
export async function duplicateProject(db: GloseDatabase, id: Id, name: string, withDocuments: boolean): Promise<Project> {
  return db.transaction('rw', [db.projects, db.labels, db.relationTypes, db.documents, db.texts, db.spans, db.relations, db.decisions, ...LAYER_TABLES(db), db.packedLayers], async () => {
    const source = await db.projects.get(id);
    if (!source) throw new Error('project not found');
    const now = Date.now();
    const { deletedAt: _live, handout: _own, ...kept } = source;
    const project: Project = { ...kept, id: newId(), name, categories: source.categories ?? [], createdAt: now, updatedAt: now };
    const labelIds = new Map<Id, Id>();
    const labels = (await db.labels.where('projectId').equals(id).toArray()).map((l) => {
      const copy = { ...l, id: newId(), projectId: project.id, createdAt: now, updatedAt: now };
      labelIds.set(l.id, copy.id);
      return copy;
    });
    const mapIds = (ids: Id[]) => ids.flatMap((x) => (labelIds.has(x) ? [labelIds.get(x) as Id] : []));
    const typeIds = new Map<Id, Id>();
    const types = (await db.relationTypes.where('projectId').equals(id).toArray()).map((t) => {
      const copy = { ...t, id: newId(), projectId: project.id, sourceLabelIds: mapIds(t.sourceLabelIds), targetLabelIds: mapIds(t.targetLabelIds), createdAt: now, updatedAt: now };
      typeIds.set(t.id, copy.id);
      return copy;
    });
    await db.projects.add(project);
    await db.labels.bulkAdd(labels);
    await db.relationTypes.bulkAdd(types);
    if (!withDocuments) return project;
    for (const doc of await db.documents.where('projectId').equals(id).toArray()) {
      const docId = newId();
      const text = await db.texts.get(doc.id);
      // one map for every layer: span ids are unique across layers, and a relation stays in its span's layer
      const spanIds = new Map<Id, Id>();
      const copySpans = <S extends Span>(list: S[]): S[] =>
        list.map((s) => {
          const copy = { ...s, id: newId(), docId, labelId: labelIds.get(s.labelId) ?? s.labelId };
          spanIds.set(s.id, copy.id);
          return copy;
        });
      const copyRelations = <R extends Relation>(list: R[]): R[] =>
        list.map((r) => ({ ...r, id: newId(), docId, typeId: typeIds.get(r.typeId) ?? r.typeId, fromId: spanIds.get(r.fromId) ?? r.fromId, toId: spanIds.get(r.toId) ?? r.toId }));
      const spans = copySpans(await db.spans.where('docId').equals(doc.id).toArray());
      const layerSpans = copySpans(await db.layerSpans.where('docId').equals(doc.id).toArray());
      const relations = copyRelations(await db.relations.where('docId').equals(doc.id).toArray());
      const layerRelations = copyRelations(await db.layerRelations.where('docId').equals(doc.id).toArray());
      const layerDocuments = (await db.layerDocuments.where('docId').equals(doc.id).toArray()).map((d) => ({ ...d, id: newId(), docId, projectId: project.id }));
      const decisions = (await db.decisions.where('docId').equals(doc.id).toArray()).map((d) => ({ ...d, id: newId(), docId, projectId: project.id }));
      await db.documents.add({ ...doc, id: docId, projectId: project.id });
      if (text) await db.texts.add({ id: docId, text: text.text });
      if (spans.length) await db.spans.bulkAdd(spans);
      if (relations.length) await db.relations.bulkAdd(relations);
      if (layerDocuments.length) await db.layerDocuments.bulkAdd(layerDocuments);
      if (layerSpans.length) await db.layerSpans.bulkAdd(layerSpans);
      if (layerRelations.length) await db.layerRelations.bulkAdd(layerRelations);
      if (decisions.length) await db.decisions.bulkAdd(decisions);
      // every layer of the copy is in hand: packed now, after its spans' writes (which delete these packs)
      await storeWrittenPacks(db, { docIds: [docId], spans }, { layers: layerDocuments, spans: layerSpans });
    }
    return project;
  });
}

/** Hides a project; its data stays until purgeDeletedProjects (the next start), so it can be restored. */
export async function setProjectDeleted(db: GloseDatabase, id: Id, deleted: boolean): Promise<void> {
  const project = await db.projects.get(id);
  if (!project) return;
  const { deletedAt: _was, ...rest } = project;
  await db.projects.put(deleted ? { ...rest, deletedAt: Date.now() } : rest);
}

export async function purgeDeletedProjects(db: GloseDatabase): Promise<number> {
  const doomed = (await db.projects.toArray()).filter((p) => p.deletedAt);
  for (const p of doomed) {
    await db.transaction('rw', [db.projects, db.labels, db.relationTypes, db.documents, db.texts, db.spans, db.relations, db.decisions, ...LAYER_TABLES(db)], async () => {
      const docIds = await db.documents.where('projectId').equals(p.id).primaryKeys();
      await deleteLayersOf(db, docIds);
      await db.decisions.where('projectId').equals(p.id).delete();
      await db.spans.where('docId').anyOf(docIds).delete();
      await db.relations.where('docId').anyOf(docIds).delete();
      await db.texts.bulkDelete(docIds);
      await db.documents.bulkDelete(docIds);
      await db.labels.where('projectId').equals(p.id).delete();
      await db.relationTypes.where('projectId').equals(p.id).delete();
      await db.projects.delete(p.id);
    });
  }
  return doomed.length;
}

/** The project's schema in the exchange shape (labels and types by name). */
export async function schemaOf(db: GloseDatabase, projectId: Id): Promise<SchemaSpec> {
  const project = await db.projects.get(projectId);
  const labels = await projectLabels(db, projectId);
  const types = await db.relationTypes.where('projectId').equals(projectId).toArray();
  return schemaSpec(project?.name ?? 'schema', project?.categories ?? [], labels, types);
}

/**
 * The change that deletes a label: its spans in the user's layer (and their relations) are deleted, or
 * moved to another label; relation types stop referring to it. Other layers are never touched: when
 * one of them still has spans of the label, the label is kept out of the schema (deletedAt) instead of
 * deleted, so those spans keep their name and the label can be restored.
 */
export async function planDeleteLabel(db: GloseDatabase, projectId: Id, labelId: Id, moveTo: Id | null): Promise<ProjectChange> {
  const label = await db.labels.get(labelId);
  if (!label || label.deletedAt) return emptyChange(projectId);
  const docIds = await db.documents.where('projectId').equals(projectId).primaryKeys();
  const spans = (await db.spans.where('docId').anyOf(docIds).toArray()).filter((s) => s.labelId === labelId);
  const change = emptyChange(projectId);
  const now = Date.now();
  const elsewhere = await db.layerSpans
    .where('docId')
    .anyOf(docIds)
    .filter((s) => s.labelId === labelId)
    .count();
  if (elsewhere > 0) {
    // its key goes back to the palette; a restored label gets none rather than a clash
    const { hotkey: _freed, ...kept } = label;
    change.labels.push({ before: label, after: { ...kept, deletedAt: now, updatedAt: now } });
  } else change.labels.push({ before: label });
  if (moveTo) {
    for (const s of spans) {
      const { attributes: _dropped, ...rest } = s;
      change.spans.push({ before: s, after: { ...rest, labelId: moveTo, updatedAt: now } });
    }
  } else {
    const doomed = new Set(spans.map((s) => s.id));
    for (const s of spans) change.spans.push({ before: s });
    const relations = (await db.relations.where('docId').anyOf(docIds).toArray()).filter((r) => doomed.has(r.fromId) || doomed.has(r.toId));
    for (const r of relations) change.relations.push({ before: r });
  }
  for (const t of await db.relationTypes.where('projectId').equals(projectId).toArray()) {
    if (t.sourceLabelIds.includes(labelId) || t.targetLabelIds.includes(labelId)) {
      change.relationTypes.push({
        before: t,
        after: { ...t, sourceLabelIds: t.sourceLabelIds.filter((x) => x !== labelId), targetLabelIds: t.targetLabelIds.filter((x) => x !== labelId), updatedAt: now },
      });
    }
  }
  return change;
}

/**
 * The change that puts a label deleted from the schema back at the end of the palette (without a key);
 * null when a label of the schema already has its name.
 */
export async function planRestoreLabel(db: GloseDatabase, projectId: Id, labelId: Id): Promise<ProjectChange | null> {
  const label = await db.labels.get(labelId);
  if (!label?.deletedAt) return emptyChange(projectId);
  const active = await projectLabels(db, projectId);
  if (active.some((l) => l.name === label.name)) return null;
  const { deletedAt: _restored, ...rest } = label;
  const change = emptyChange(projectId);
  change.labels.push({ before: label, after: { ...rest, order: active.reduce((max, l) => Math.max(max, l.order + 1), 0), updatedAt: Date.now() } });
  return change;
}

/** Counts the spans of a label in a project (to ask before deleting it). */
export async function spansOfLabel(db: GloseDatabase, projectId: Id, labelId: Id): Promise<number> {
  const docIds = new Set(await db.documents.where('projectId').equals(projectId).primaryKeys());
  return db.spans.filter((s) => s.labelId === labelId && docIds.has(s.docId)).count();
}

/**
 * Merges an imported schema into a project: labels matched by name get the imported colour,
 * description and attributes (and hotkey when free); new labels and relation types are added;
 * categories are replaced when the import has any. Returns the change and what was adjusted.
 */
export async function planMergeSchema(db: GloseDatabase, projectId: Id, spec: SchemaSpec): Promise<{ change: ProjectChange; notes: string[] }> {
  const change = emptyChange(projectId);
  const notes: string[] = [];
  const now = Date.now();
  const labels = await db.labels.where('projectId').equals(projectId).sortBy('order');
  const byName = new Map(labels.map((l) => [l.name, l]));
  const taken = new Map(labels.flatMap((l) => (l.hotkey ? [[l.hotkey, l.name] as const] : [])));
  let order = labels.length;
  const finalIds = new Map(labels.map((l) => [l.name, l.id]));
  for (const spec1 of spec.labels) {
    const existing = byName.get(spec1.name);
    let hotkey = spec1.hotkey;
    const holder = hotkey ? taken.get(hotkey) : undefined;
    if (hotkey && holder && holder !== spec1.name) {
      notes.push(`${spec1.name}: key ${hotkey} is already used by ${holder}; no key given.`);
      hotkey = undefined;
    }
    if (hotkey) taken.set(hotkey, spec1.name);
    const fields = {
      color: spec1.color,
      ...(spec1.description ? { description: spec1.description } : {}),
      ...(spec1.attributes ? { attributes: spec1.attributes } : {}),
    };
    if (existing) {
      // a label deleted from the schema that the imported schema names comes back
      const { deletedAt: _back, ...kept } = existing;
      const after: LabelDef = { ...kept, ...fields, updatedAt: now, ...(hotkey ? { hotkey } : {}) };
      change.labels.push({ before: existing, after });
    } else {
      const label: LabelDef = { id: newId(), projectId, name: spec1.name, order: order++, createdAt: now, updatedAt: now, ...fields, ...(hotkey ? { hotkey } : {}) };
      finalIds.set(label.name, label.id);
      change.labels.push({ after: label });
    }
  }
  const types = await db.relationTypes.where('projectId').equals(projectId).toArray();
  const ids = (names: string[]) => names.flatMap((n) => (finalIds.has(n) ? [finalIds.get(n) as Id] : []));
  for (const r of spec.relations) {
    const existing = types.find((t) => t.name === r.name);
    const fields = { sourceLabelIds: ids(r.source), targetLabelIds: ids(r.target), directed: r.directed };
    if (existing) change.relationTypes.push({ before: existing, after: { ...existing, ...fields, updatedAt: now } });
    else change.relationTypes.push({ after: { id: newId(), projectId, name: r.name, ...fields, createdAt: now, updatedAt: now } });
  }
  if (spec.categories.length > 0) {
    const project = await db.projects.get(projectId);
    change.categories = { before: project?.categories ?? [], after: spec.categories };
  }
  return { change, notes };
}
