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
/**
 * The layer key of a document's editor mark (EditorMark): put by the reader before it reads the
 * document, deleted with every write to the document's spans or relations except the reader's own.
 */
export const EDITOR_MARK = 2;
export type AnyPackKey = [docId: Id, layer: PackLayer | typeof READER_PACK | typeof EDITOR_MARK];

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

/**
 * While a document is open in the reader: its claim that what it holds in memory is what is stored.
 * Put before the reader reads the document; every write to the document's spans or relations deletes
 * it (./pack-invalidation.ts), and the reader's own saves put it back in the same transaction when it
 * was still there (applyChange). So while it holds the reader's claim, the reader's memory, with every
 * edit saved, is the stored document, and a reader pack can be made from that memory
 * (../state/pack-keeper.ts) instead of from every record.
 */
export interface EditorMark {
  docId: Id;
  layer: typeof EDITOR_MARK;
  claim: string;
}

/** A document's own spans and relations as the reader loads them, in columns (./reader-packs.ts). */
export interface ReaderPack {
  docId: Id;
  layer: typeof READER_PACK;
  /**
   * a name made afresh each time a pack is made (packs stored before it have none): two reads of one
   * edition hold the same spans and relations, which the suggestions' worker and the page compare
   * instead of every span (suggest/digest.ts)
   */
  edition?: string;
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
