// What the suggestions need from the database: the project's annotated documents (the learned
// model is built from them), the decisions taken on suggestions, and documents to pre-annotate.
import type { Decision, Id, Relation, Span } from '$model';
import type { EntityTable } from 'dexie';
import type { DocumentState, SuggestRequest } from '../suggest/service';
import { editionDigest } from '../suggest/digest';
import type { GloseDatabase } from './database';
import { loadDocument } from './documents';
import { loadLayer } from './layers';
import { READER_PACK, type ReaderPack } from './pack-keys';

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

/** The order of a state's spans: by start, then end, then id. */
const stateOrder = (a: DocumentState['spans'][number], b: DocumentState['spans'][number]) => a.start - b.start || a.end - b.end || byId(a, b);
const byId = (a: { id?: string }, b: { id?: string }) => ((a.id as string) < (b.id as string) ? -1 : (a.id as string) > (b.id as string) ? 1 : 0);

/** What the recommenders read of an open document: as the reader holds it, or as the database does. */
export interface SuggestSource {
  id: Id;
  text: string;
  spans: readonly Span[];
  relations: readonly Relation[];
  decisions: readonly Decision[];
  status: string;
}

/**
 * A document as the suggestion worker is told of it: labels and relation types by name (a span or
 * relation whose label or type is not in `labels` / `types` is left out), spans in text order (then
 * by id), relations by id, so that the page and the worker, reading the same records in whatever
 * order, make the same state (see suggest/digest.ts).
 */
export function suggestState(d: SuggestSource, labels: ReadonlyMap<Id, string>, types: ReadonlyMap<Id, string>): DocumentState {
  const spans: DocumentState['spans'] = [];
  for (const s of d.spans) {
    const label = labels.get(s.labelId);
    if (label !== undefined) spans.push({ start: s.start, end: s.end, label, id: s.id });
  }
  spans.sort(stateOrder);
  const relations: NonNullable<DocumentState['relations']> = [];
  for (const r of d.relations) {
    const type = types.get(r.typeId);
    if (type !== undefined) relations.push({ id: r.id, type, fromId: r.fromId, toId: r.toId });
  }
  relations.sort(byId);
  return { id: d.id, text: d.text, spans, relations, rejected: rejectedKeys(d.decisions), complete: d.status === 'done' };
}

/**
 * A document read from the database as the reader opens it (the user's own layer, or `layer`), for
 * the suggestion worker, with the edition of the reader pack its spans and relations were read from
 * (null: from their records); null when it is gone. `knownText`: the document's text as the worker holds
 * it already (a document's text never changes), so that it is not read again.
 *
 * The user's own layer is read from its reader pack's columns straight into the state, without the
 * checks and the records the reader makes of it (./reader-packs.ts): what the worker reads only
 * stands in for what the page holds, which it must equal (the page compares their digests, see
 * suggest/digest.ts), so a pack the reader would refuse only makes the page send its own copy.
 */
export async function readSuggestSource(
  db: GloseDatabase,
  id: Id,
  layer: string | null,
  labels: ReadonlyMap<Id, string>,
  types: ReadonlyMap<Id, string>,
  knownText?: string,
): Promise<{ state: DocumentState; edition: string | null } | null> {
  if (layer === null) {
    const read = await db.transaction('r', [db.documents, db.texts, db.decisions, db.packedLayers], async () => {
      const [doc, text, decisions, pack] = await Promise.all([
        db.documents.get(id),
        knownText === undefined ? db.texts.get(id) : undefined,
        db.decisions.where('docId').equals(id).toArray(),
        db.packedLayers.get([id, READER_PACK]),
      ]);
      return { doc, text: knownText ?? text?.text, decisions, pack };
    });
    const { doc, text, decisions, pack } = read;
    if (!doc || text === undefined) return null;
    const columns = packedState(pack, labels, types);
    const edition = (pack as Partial<ReaderPack> | undefined)?.edition;
    if (columns) return { state: { id, text, ...columns, rejected: rejectedKeys(decisions), complete: doc.status === 'done' }, edition: typeof edition === 'string' ? edition : null };
  }
  const loaded = layer === null ? await loadDocument(db, id) : await loadLayer(db, id, layer);
  if (!loaded) return null;
  const state = suggestState({ id, text: loaded.text, spans: loaded.spans, relations: loaded.relations, decisions: loaded.decisions ?? [], status: loaded.doc.status }, labels, types);
  return { state, edition: null };
}

/** The spans and relations of a stored reader pack as suggestState makes them (labels and types by name, in its order); null when there is none to read. */
function packedState(stored: unknown, labels: ReadonlyMap<Id, string>, types: ReadonlyMap<Id, string>): Pick<DocumentState, 'spans' | 'relations'> | null {
  const p = stored as Partial<ReaderPack> | undefined;
  if (!p || 'claim' in p || !Array.isArray(p.names) || !p.spans || !p.relations) return null;
  const s = p.spans;
  const r = p.relations;
  if (typeof s.ids !== 'string' || !(s.ints instanceof Int32Array) || typeof r.ids !== 'string' || !(r.ints instanceof Int32Array)) return null;
  const names = p.names;
  const spanIds = s.ids === '' ? [] : s.ids.split('\n');
  if (spanIds.length * 4 !== s.ints.length) return null;
  const spans: DocumentState['spans'] = [];
  for (let i = 0; i < spanIds.length; i++) {
    const label = labels.get(names[s.ints[i * 4 + 2] as number] as Id);
    if (label !== undefined) spans.push({ start: s.ints[i * 4] as number, end: s.ints[i * 4 + 1] as number, label, id: spanIds[i] as string });
  }
  spans.sort(stateOrder);
  const relationIds = r.ids === '' ? [] : r.ids.split('\n');
  if (relationIds.length * 4 !== r.ints.length) return null;
  const relations: NonNullable<DocumentState['relations']> = [];
  for (let i = 0; i < relationIds.length; i++) {
    const type = types.get(names[r.ints[i * 4 + 2] as number] as Id);
    const fromId = spanIds[r.ints[i * 4] as number];
    const toId = spanIds[r.ints[i * 4 + 1] as number];
    if (type !== undefined && fromId !== undefined && toId !== undefined) relations.push({ id: relationIds[i] as string, type, fromId, toId });
  }
  relations.sort(byId);
  return { spans, relations };
}

/**
 * The worker's 'prepare' of a document read by readSuggestSource under these names: read from a
 * reader pack, it carries the pack's edition as its fingerprint, which the page makes without reading
 * every span when it read the same pack (state/suggestions.svelte.ts).
 */
export function prepareRequest(
  read: { state: DocumentState; edition: string | null },
  names: { labels: ReadonlyArray<readonly [string, string]>; types: ReadonlyArray<readonly [string, string]> },
): Extract<SuggestRequest, { type: 'prepare' }> {
  const { state, edition } = read;
  if (edition === null) return { type: 'prepare', document: state };
  const { labels, types } = names;
  const digest = editionDigest({ id: state.id, edition, textLength: state.text.length, labels, types, rejected: state.rejected ?? [], complete: state.complete === true });
  return { type: 'prepare', document: state, digest };
}
