// What the suggestions need from the database: the project's annotated documents (the learned
// model is built from them), the decisions taken on suggestions, and documents to pre-annotate.
import type { Decision, Id } from '$model';
import type { EntityTable } from 'dexie';
import type { GloseDatabase } from './database';

/** A document as the recommenders read it: labels by name, rejected proposal keys. */
export interface SuggestDocument {
  id: Id;
  name: string;
  text: string;
  spans: Array<{ start: number; end: number; label: string; id: Id }>;
  rejected: string[];
  complete: boolean;
}

/** The keys a document's decisions refuse: rejections and corrections (the proposed label was wrong). */
export function rejectedKeys(decisions: readonly Decision[]): string[] {
  return decisions.filter((d) => d.verdict !== 'accepted').map((d) => d.key);
}

/** Documents by id with their spans (labels by name) and rejections, in the order given; ids not found are left out. */
export async function suggestDocuments(db: GloseDatabase, ids: readonly Id[]): Promise<SuggestDocument[]> {
  return db.transaction('r', [db.documents, db.texts, db.spans, db.labels, db.decisions], async () => {
    const [docs, texts, spans, decisions] = await Promise.all([
      db.documents.bulkGet([...ids]),
      db.texts.bulkGet([...ids]),
      byDocument(db.spans, ids),
      byDocument(db.decisions, ids),
    ]);
    const projects = [...new Set(docs.flatMap((d) => (d ? [d.projectId] : [])))];
    const labels = new Map((await db.labels.where('projectId').anyOf(projects).toArray()).map((l) => [l.id, l.name]));
    const spansOf = new Map<Id, SuggestDocument['spans']>();
    for (const s of spans) {
      const label = labels.get(s.labelId);
      if (label === undefined) continue;
      const list = spansOf.get(s.docId) ?? [];
      list.push({ start: s.start, end: s.end, label, id: s.id });
      spansOf.set(s.docId, list);
    }
    const decided = new Map<Id, Decision[]>();
    for (const d of decisions) decided.set(d.docId, [...(decided.get(d.docId) ?? []), d]);
    return docs.flatMap((doc, i) => {
      const text = texts[i];
      if (!doc || !text) return [];
      return [{ id: doc.id, name: doc.name, text: text.text, spans: spansOf.get(doc.id) ?? [], rejected: rejectedKeys(decided.get(doc.id) ?? []), complete: doc.status === 'done' }];
    });
  });
}

/**
 * The records of each document, one index read per document: anyOf over many ids walks a cursor
 * that compares every key in script, on the page's thread (over half a second for 100,000 spans).
 */
async function byDocument<T extends { id: Id; docId: Id }>(table: EntityTable<T, 'id'>, ids: readonly Id[]): Promise<T[]> {
  return (await Promise.all(ids.map((id) => table.where('docId').equals(id).toArray()))).flat();
}

/** The documents the learned model is built from: those with spans or decisions. */
export async function trainingDocuments(db: GloseDatabase, projectId: Id): Promise<SuggestDocument[]> {
  const docs = await db.documents.where('projectId').equals(projectId).toArray();
  const decided = new Set((await db.decisions.where('projectId').equals(projectId).toArray()).map((d) => d.docId));
  return suggestDocuments(
    db,
    docs.filter((d) => d.spanCount > 0 || decided.has(d.id)).map((d) => d.id),
  );
}

/** Every decision taken in a project's documents. */
export async function projectDecisions(db: GloseDatabase, projectId: Id): Promise<Decision[]> {
  return db.decisions.where('projectId').equals(projectId).toArray();
}
