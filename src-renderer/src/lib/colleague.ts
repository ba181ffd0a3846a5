// A colleague's work, brought in as their layer: their documents matched with the project's by the
// hash of the text (never by name), their spans and relations turned into layer records with the
// project's labels and types by name. What cannot be matched is reported, never merged.
import type { WorkPackage, WorkspaceSnapshot } from '$contract';
import type { DocStatus, Id, LabelDef, LayerDocument, LayerRelation, LayerSpan, PortableDocument, PortableRelation, PortableSpan, RelationType } from '$model';
import { groupByDoc } from './group';
import { newId } from './id';

/** One document of the colleague's, whatever file it came from. */
export interface TheirDocument {
  name: string;
  /** sha-256 of the stored text (DocumentMetadata.hash) */
  hash: string;
  length: number;
  status: DocStatus;
  categories: string[];
  spans: PortableSpan[];
  relations: PortableRelation[];
}

export interface OurDocument {
  id: Id;
  name: string;
  hash: string;
  length: number;
}

export interface ColleaguePlan {
  layer: string;
  documents: LayerDocument[];
  spans: LayerSpan[];
  relations: LayerRelation[];
  /** the project's documents matched, by name, with how many spans they get */
  matched: Array<{ name: string; spans: number }>;
  /** their documents named like one of ours whose text differs: reported, not merged */
  differs: string[];
  /** their documents that are not in this project at all */
  unmatched: string[];
  /** their documents whose text another of theirs already had: the first one is used */
  repeated: string[];
  /** spans and relations left out because the project has no such label or type (names listed) */
  leftOut: { spans: number; relations: number; names: string[] };
}

/**
 * Turns a colleague's documents into the records of their layer in this project. Pure: nothing is
 * stored, so the plan can be shown and confirmed first.
 */
export function planColleagueLayer(
  theirs: readonly TheirDocument[],
  ours: readonly OurDocument[],
  schema: { labels: readonly LabelDef[]; types: readonly RelationType[] },
  target: { projectId: Id; layer: string; source?: string },
  now = Date.now(),
): ColleaguePlan {
  const { projectId, layer } = target;
  const byHash = new Map(ours.map((d) => [d.hash, d]));
  const ourNames = new Set(ours.map((d) => d.name));
  const labels = new Map(schema.labels.map((l) => [l.name, l.id]));
  const types = new Map(schema.types.map((t) => [t.name, t.id]));
  const plan: ColleaguePlan = { layer, documents: [], spans: [], relations: [], matched: [], differs: [], unmatched: [], repeated: [], leftOut: { spans: 0, relations: 0, names: [] } };
  const missing = new Set<string>();
  const done = new Set<Id>();
  const stamp = { createdAt: now, updatedAt: now };
  for (const doc of theirs) {
    const ourDoc = byHash.get(doc.hash);
    if (!ourDoc || ourDoc.length !== doc.length) {
      (ourNames.has(doc.name) ? plan.differs : plan.unmatched).push(doc.name);
      continue;
    }
    if (done.has(ourDoc.id)) {
      plan.repeated.push(doc.name);
      continue;
    }
    done.add(ourDoc.id);
    plan.documents.push({ id: newId(), docId: ourDoc.id, projectId, layer, status: doc.status, categories: doc.categories, ...(target.source ? { source: target.source } : {}), ...stamp });
    const ids = new Map<string, Id>();
    let count = 0;
    for (const s of doc.spans) {
      const labelId = labels.get(s.label);
      if (!labelId || s.end <= s.start || s.start < 0 || s.end > ourDoc.length) {
        plan.leftOut.spans++;
        if (!labelId) missing.add(s.label);
        continue;
      }
      const id = newId();
      if (s.key !== undefined) ids.set(s.key, id);
      plan.spans.push({ id, docId: ourDoc.id, labelId, start: s.start, end: s.end, annotator: layer, layer, ...(s.note ? { note: s.note } : {}), ...(s.attributes ? { attributes: s.attributes } : {}), ...stamp });
      count++;
    }
    for (const r of doc.relations) {
      const typeId = types.get(r.type);
      const fromId = ids.get(r.fromKey);
      const toId = ids.get(r.toKey);
      if (!typeId || !fromId || !toId) {
        plan.leftOut.relations++;
        if (!typeId) missing.add(r.type);
        continue;
      }
      plan.relations.push({ id: newId(), docId: ourDoc.id, typeId, fromId, toId, annotator: layer, layer, ...(r.note ? { note: r.note } : {}), ...stamp });
    }
    plan.matched.push({ name: ourDoc.name, spans: count });
  }
  plan.leftOut.names = [...missing].sort();
  return plan;
}

/** An annotated file's documents: a colleague who sends a file sends finished work, so each counts as Done. */
export function theirDocumentsFromFiles(docs: readonly PortableDocument[]): TheirDocument[] {
  return docs.map((d) => ({ name: d.name, hash: d.meta.hash, length: d.text.length, status: 'done', categories: d.categories ?? [], spans: d.spans, relations: d.relations }));
}

/**
 * A colleague's Glose backup: their own layer of every document (never the other layers their
 * workspace holds), with their status and document labels, and the name they annotate under.
 */
export function theirDocumentsFromBackup(snapshot: WorkspaceSnapshot): { name: string | null; documents: TheirDocument[] } {
  const t = snapshot.tables;
  const setting = t.settings.find((s) => s.key === 'annotator')?.value;
  const deleted = new Set(t.projects.filter((p) => p.deletedAt !== undefined).map((p) => p.id));
  const labels = new Map(t.labels.map((l) => [l.id, l.name]));
  const types = new Map(t.relationTypes.map((r) => [r.id, r.name]));
  const spansOf = groupByDoc(t.spans);
  const relationsOf = groupByDoc(t.relations);
  const documents = t.documents
    .filter((d) => !deleted.has(d.projectId))
    .map((d) => ({
      name: d.name,
      hash: d.meta.hash,
      length: d.length,
      status: d.status,
      categories: d.categories,
      spans: (spansOf.get(d.id) ?? []).map((s) => ({ key: s.id, start: s.start, end: s.end, label: labels.get(s.labelId) ?? '?', ...(s.note ? { note: s.note } : {}), ...(s.attributes ? { attributes: s.attributes } : {}) })),
      relations: (relationsOf.get(d.id) ?? []).map((r) => ({ fromKey: r.fromId, toKey: r.toId, type: types.get(r.typeId) ?? '?', ...(r.note ? { note: r.note } : {}) })),
    }));
  return { name: typeof setting === 'string' && setting.trim() ? setting.trim() : null, documents };
}

/** One layer of a work package, document by document (those that have it). */
export function theirDocumentsFromPackage(pkg: WorkPackage, layer: string): TheirDocument[] {
  return pkg.documents.flatMap((d) => {
    const l = d.layers.find((x) => x.layer === layer);
    return l ? [{ name: d.name, hash: d.meta.hash, length: d.text.length, status: l.status, categories: l.categories, spans: l.spans, relations: l.relations }] : [];
  });
}
