// The packs cache's table name, keys and record types (./packs.ts, ./reader-packs.ts), apart from the
// middleware (./pack-invalidation.ts) so that modules reading packs do not load Dexie for a constant.
import type { Id } from '$model';

export const PACKED_TABLE = 'packedLayers';

/** The layer key of the user's own layer (the spans table): layer names are strings, so no name is 0. */
export const OWN_LAYER = 0;
export type PackLayer = string | typeof OWN_LAYER;
export type PackKey = [docId: Id, layer: PackLayer];
/**
 * The layer key of a document's reader pack (./reader-packs.ts): the user's own spans and relations
 * as the reader loads them. Not a layer name either (those are strings).
 */
export const READER_PACK = 1;
export type AnyPackKey = [docId: Id, layer: PackLayer | typeof READER_PACK];

export interface PackedLayer {
  docId: Id;
  layer: PackLayer;
  /** start, end and index into `labelIds`, three numbers per span, in the spans' key order */
  spans: Int32Array;
  labelIds: Id[];
}

/** A pack being built (buildPacks): stored before the spans are read, never read as a pack. */
export interface PackClaim {
  docId: Id;
  layer: PackLayer | typeof READER_PACK;
  claim: string;
}

/** A document's own spans and relations as the reader loads them, in columns (./reader-packs.ts). */
export interface ReaderPack {
  docId: Id;
  layer: typeof READER_PACK;
  /** the names the index columns point into: label ids, relation type ids, annotators */
  names: string[];
  spans: {
    /** the spans' ids joined by line breaks (no id has one): one string to store and read, not one per span */
    ids: string;
    /** start, end, label (index into names), annotator (index into names): four per span */
    ints: Int32Array;
    /** createdAt, updatedAt: two per span */
    stamps: Float64Array;
    /** the other fields (note, attributes, and any a later version added) of the spans that have some */
    rest: Array<[index: number, fields: Record<string, unknown>]>;
  };
  relations: {
    ids: string;
    /** from, to (indexes into spans.ids), type, annotator (indexes into names): four per relation */
    ints: Int32Array;
    stamps: Float64Array;
    rest: Array<[index: number, fields: Record<string, unknown>]>;
  };
}
