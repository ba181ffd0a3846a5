// Documents as they cross to the suggestion worker. postMessage clones an array of 100,000 span
// objects one object at a time, in one task on the page's thread (close to a second on a 5 MB book);
// the same spans as a few typed arrays and strings are cloned as blocks (and the arrays transferred,
// not copied). The page packs, the worker unpacks: the service sees the documents unchanged.
import type { ExistingRelation, ExistingSpan } from './types';
import type { DocumentState, SuggestRequest } from './service';

/** Strings as one string and their lengths; a length of -1 is a string left out (undefined). */
export interface PackedStrings {
  joined: string;
  lengths: Int32Array;
}

export interface PackedSpans {
  starts: Int32Array;
  ends: Int32Array;
  /** the label names, once each, and each span's by its place among them */
  names: string[];
  labels: Uint32Array;
  ids: PackedStrings;
}

export interface PackedRelations {
  ids: PackedStrings;
  types: PackedStrings;
  fromIds: PackedStrings;
  toIds: PackedStrings;
}

export type PackedDocument = Omit<DocumentState, 'spans' | 'relations'> & { spans: PackedSpans; relations?: PackedRelations };

type With<T extends SuggestRequest['type'], K extends string, V> = Omit<Extract<SuggestRequest, { type: T }>, K> & Record<K, V>;

/** A request as it is posted to the worker: its documents packed. */
export type WireRequest =
  | Exclude<SuggestRequest, { type: 'open' | 'edit' | 'learn' | 'preannotate' }>
  | With<'open', 'document', PackedDocument>
  | With<'edit', 'document', PackedDocument>
  | With<'learn', 'documents', PackedDocument[]>
  | With<'preannotate', 'documents', PackedDocument[]>;

export function packStrings(values: ReadonlyArray<string | undefined>, transfer: ArrayBuffer[]): PackedStrings {
  const lengths = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) lengths[i] = values[i]?.length ?? -1;
  transfer.push(lengths.buffer);
  return { joined: values.join(''), lengths };
}

export function unpackStrings(p: PackedStrings): Array<string | undefined> {
  const out = new Array<string | undefined>(p.lengths.length);
  let at = 0;
  for (let i = 0; i < p.lengths.length; i++) {
    const n = p.lengths[i] as number;
    if (n < 0) out[i] = undefined;
    else {
      out[i] = p.joined.slice(at, at + n);
      at += n;
    }
  }
  return out;
}

function packDocument<D extends Omit<DocumentState, 'relations'> & { relations?: ExistingRelation[] }>(d: D, transfer: ArrayBuffer[]): PackedDocument {
  const { spans, relations, ...rest } = d;
  // plain loops: Int32Array.from and map over 100,000 objects cost several times more
  const n = spans.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  const labels = new Uint32Array(n);
  const ids = new Array<string | undefined>(n);
  const names: string[] = [];
  const place = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const s = spans[i] as ExistingSpan;
    starts[i] = s.start;
    ends[i] = s.end;
    let at = place.get(s.label);
    if (at === undefined) place.set(s.label, (at = names.push(s.label) - 1));
    labels[i] = at;
    ids[i] = s.id;
  }
  transfer.push(starts.buffer, ends.buffer, labels.buffer);
  const packed: PackedDocument = { ...rest, spans: { starts, ends, names, labels, ids: packStrings(ids, transfer) } };
  if (relations) {
    packed.relations = {
      ids: packStrings(relations.map((r) => r.id), transfer),
      types: packStrings(relations.map((r) => r.type), transfer),
      fromIds: packStrings(relations.map((r) => r.fromId), transfer),
      toIds: packStrings(relations.map((r) => r.toId), transfer),
    };
  }
  return packed;
}

function unpackDocument(p: PackedDocument): DocumentState {
  const { spans, relations, ...rest } = p;
  const ids = unpackStrings(spans.ids);
  const out: DocumentState = {
    ...rest,
    spans: Array.from(spans.starts, (start, i): ExistingSpan => {
      const id = ids[i];
      const s: ExistingSpan = { start, end: spans.ends[i] as number, label: spans.names[spans.labels[i] as number] as string };
      if (id !== undefined) s.id = id;
      return s;
    }),
  };
  if (relations) {
    const [rid, type, from, to] = [relations.ids, relations.types, relations.fromIds, relations.toIds].map(unpackStrings) as [Array<string | undefined>, string[], string[], string[]];
    out.relations = type.map((t, i): ExistingRelation => {
      const id = rid[i];
      return { ...(id !== undefined ? { id } : {}), type: t, fromId: from[i] as string, toId: to[i] as string };
    });
  }
  return out;
}

/** The request to post, and the buffers to transfer with it (they are unusable on the page after). */
export function packRequest(request: SuggestRequest): { wire: WireRequest; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  switch (request.type) {
    case 'open':
    case 'edit':
      return { wire: { ...request, document: packDocument(request.document, transfer) }, transfer };
    case 'learn':
    case 'preannotate':
      return { wire: { ...request, documents: request.documents.map((d) => packDocument(d, transfer)) }, transfer };
    default:
      return { wire: request, transfer };
  }
}

export function unpackRequest(wire: WireRequest): SuggestRequest {
  switch (wire.type) {
    case 'open':
    case 'edit':
      return { ...wire, document: unpackDocument(wire.document) };
    case 'learn':
    case 'preannotate':
      return { ...wire, documents: wire.documents.map(unpackDocument) };
    default:
      return wire;
  }
}
