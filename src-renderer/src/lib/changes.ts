// Edits as data: a Change (one document), a CorpusChange (several documents) and a ProjectChange (a
// label-schema edit). Applying one is one transaction (src/db); its inverse is its undo.
import type { CategorySpec, Decision, DocumentRecord, Id, LabelDef, Relation, RelationType, Span } from '$model';

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
  /** suggestions accepted or rejected by this edit: undone with it */
  decisions?: Delta<Decision>[];
}

/** An edit across documents, kept as one undo step: one Change per document, applied in one transaction. */
export type CorpusChange = Change[];

export interface ProjectChange {
  projectId: Id;
  labels: Delta<LabelDef>[];
  relationTypes: Delta<RelationType>[];
  spans: Delta<Span>[];
  relations: Delta<Relation>[];
  categories?: { before: CategorySpec[]; after: CategorySpec[] };
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
    ...(change.decisions ? { decisions: change.decisions.map(flip) } : {}),
  };
}

export function invertCorpus(changes: CorpusChange): CorpusChange {
  return changes.map(invert).reverse();
}

export function invertProjectChange(c: ProjectChange): ProjectChange {
  return {
    projectId: c.projectId,
    labels: c.labels.map(flip),
    relationTypes: c.relationTypes.map(flip),
    spans: c.spans.map(flip),
    relations: c.relations.map(flip),
    ...(c.categories ? { categories: { before: c.categories.after, after: c.categories.before } } : {}),
  };
}

export function emptyChange(projectId: Id): ProjectChange {
  return { projectId, labels: [], relationTypes: [], spans: [], relations: [] };
}
