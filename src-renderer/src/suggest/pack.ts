// Documents as they cross to the suggestion worker. postMessage clones an array of 100,000 span
// objects one object at a time, in one task on the page's thread (close to a second on a 5 MB book);
// the same spans as a few typed arrays and strings are cloned as blocks (and the arrays transferred,
// not copied). The page packs, the worker unpacks: the service sees the documents unchanged.
import type { ExistingRelation, ExistingSpan, Proposal, RelationProposal, SpanProposal } from './types';
import type { DocumentState, SuggestReply, SuggestRequest } from './service';

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
  | Exclude<SuggestRequest, { type: 'open' | 'prepare' | 'edit' | 'learn' | 'preannotate' }>
  | With<'open', 'document', PackedDocument>
  | With<'prepare', 'document', PackedDocument>
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
    case 'prepare':
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
    case 'prepare':
    case 'edit':
      return { ...wire, document: unpackDocument(wire.document) };
    case 'learn':
    case 'preannotate':
      return { ...wire, documents: wire.documents.map(unpackDocument) };
    default:
      return wire;
  }
}

// The answers come back the same way. The first answer for a 5 MB book holds some 65,000 proposals:
// as objects, the page spent over a second deserialising them in one task (and a long scavenge
// after), a frozen frame in the middle of reading. As columns, the page gets a few blocks and makes
// the objects itself, several times faster.

/** Span proposals as columns, relation proposals as they are, and in which order the two kinds come. */
export interface PackedProposals {
  /** 0: the next span proposal, 1: the next relation proposal, in the engine's order */
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  confidences: Float64Array;
  /** the label and recommender names, once each; each span proposal's by its place among them */
  names: string[];
  labels: Uint32Array;
  recommenders: Uint32Array;
  keys: PackedStrings;
  /** every other field of a span proposal (explanation, form, alsoBy…) as JSON, once per distinct value */
  rests: string[];
  rest: Uint32Array;
  relations: RelationProposal[];
}

export type WireReply =
  | Exclude<SuggestReply, { type: 'proposals' | 'prepared' | 'changed' }>
  | { type: 'proposals'; id: string; proposals: PackedProposals }
  | { type: 'prepared'; id: string; digest: string; proposals: PackedProposals }
  | { type: 'changed'; id: string; removed: string[]; added: PackedProposals };

/** A node of packProposals' tree: field name → value → node; REST_AT: the index of the JSON of the fields on the way there. */
type RestNode = Map<string | symbol, Map<unknown, RestNode> | number>;
const REST_AT = Symbol('rest');

/** The fields of a span proposal that have columns of their own. */
const SPAN_COLUMNS = new Set(['kind', 'key', 'recommender', 'confidence', 'start', 'end', 'label']);

export function packProposals(list: readonly Proposal[], transfer: ArrayBuffer[]): PackedProposals {
  const spans = list.filter((p): p is SpanProposal => p.kind === 'span');
  const n = spans.length;
  const kinds = new Uint8Array(list.length);
  list.forEach((p, i) => (kinds[i] = p.kind === 'span' ? 0 : 1));
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  const confidences = new Float64Array(n);
  const labels = new Uint32Array(n);
  const recommenders = new Uint32Array(n);
  const rest = new Uint32Array(n);
  const names: string[] = [];
  const nameAt = new Map<string, number>();
  const name = (s: string): number => {
    let at = nameAt.get(s);
    if (at === undefined) nameAt.set(s, (at = names.push(s) - 1));
    return at;
  };
  const rests: string[] = [];
  const restAt = new Map<string, number>();
  // a recommender gives many proposals the same explanation object and form: the JSON of the rest is
  // written once per such combination, found by walking a tree of maps keyed by each other field's
  // name then value (objects by identity, strings and numbers by value), not once per proposal
  const restTree: RestNode = new Map();
  const keys = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const p = spans[i] as SpanProposal;
    starts[i] = p.start;
    ends[i] = p.end;
    confidences[i] = p.confidence;
    labels[i] = name(p.label);
    recommenders[i] = name(p.recommender);
    keys[i] = p.key;
    let node = restTree;
    for (const field in p) {
      if (SPAN_COLUMNS.has(field)) continue;
      const v = (p as unknown as Record<string, unknown>)[field];
      let byValue = node.get(field) as Map<unknown, RestNode> | undefined;
      if (!byValue) node.set(field, (byValue = new Map()));
      let next = byValue.get(v);
      if (!next) byValue.set(v, (next = new Map()));
      node = next;
    }
    let at = node.get(REST_AT) as number | undefined;
    if (at === undefined) {
      const { kind: _kind, key: _key, recommender: _recommender, confidence: _confidence, start: _start, end: _end, label: _label, ...others } = p;
      const json = JSON.stringify(others);
      at = restAt.get(json);
      if (at === undefined) restAt.set(json, (at = rests.push(json) - 1));
      node.set(REST_AT, at);
    }
    rest[i] = at;
  }
  transfer.push(kinds.buffer, starts.buffer, ends.buffer, confidences.buffer, labels.buffer, recommenders.buffer, rest.buffer);
  const relations = list.filter((p): p is RelationProposal => p.kind === 'relation');
  return { kinds, starts, ends, confidences, names, labels, recommenders, keys: packStrings(keys, transfer), rests, rest, relations };
}

export function unpackProposals(p: PackedProposals): Proposal[] {
  const keys = unpackStrings(p.keys);
  const rests = p.rests.map((json) => JSON.parse(json) as Omit<SpanProposal, 'kind' | 'key' | 'recommender' | 'confidence' | 'start' | 'end' | 'label'>);
  const out = new Array<Proposal>(p.kinds.length);
  let s = 0;
  let r = 0;
  for (let i = 0; i < p.kinds.length; i++) {
    if (p.kinds[i] === 1) {
      out[i] = p.relations[r++] as RelationProposal;
      continue;
    }
    out[i] = {
      kind: 'span',
      key: keys[s] as string,
      recommender: p.names[p.recommenders[s] as number] as string,
      confidence: p.confidences[s] as number,
      start: p.starts[s] as number,
      end: p.ends[s] as number,
      label: p.names[p.labels[s] as number] as string,
      ...(rests[p.rest[s] as number] as object),
    } as SpanProposal;
    s++;
  }
  return out;
}

/** The answer to post back, and the buffers to transfer with it. */
export function packReply(reply: SuggestReply): { wire: WireReply; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  switch (reply.type) {
    case 'proposals':
      return { wire: { ...reply, proposals: packProposals(reply.proposals, transfer) }, transfer };
    case 'prepared':
      return { wire: { ...reply, proposals: packProposals(reply.proposals, transfer) }, transfer };
    case 'changed':
      return { wire: { ...reply, added: packProposals(reply.added, transfer) }, transfer };
    default:
      return { wire: reply, transfer };
  }
}

export function unpackReply(wire: WireReply): SuggestReply {
  switch (wire.type) {
    case 'proposals':
      return { ...wire, proposals: unpackProposals(wire.proposals) };
    case 'prepared': {
      // unpacked when first read: this answer often comes while the reader is still opening the
      // document, and unpacking it then would hold the open up (the page reads it once the text is painted)
      const packed = wire.proposals;
      let proposals: Proposal[] | null = null;
      return {
        type: 'prepared',
        id: wire.id,
        digest: wire.digest,
        get proposals() {
          return (proposals ??= unpackProposals(packed));
        },
      };
    }
    case 'changed':
      return { ...wire, added: unpackProposals(wire.added) };
    default:
      return wire;
  }
}
