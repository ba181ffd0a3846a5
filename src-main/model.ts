// Plain data shared by main and renderer. No imports: the renderer may import this file.

export type Id = string;

/** Offsets are UTF-16 code units into the stored text, end exclusive. */
export interface Offsets {
  start: number;
  end: number;
}

export interface Stamped {
  id: Id;
  createdAt: number;
  updatedAt: number;
}

export interface CategorySpec {
  name: string;
  values: string[];
  /** several values may be chosen (otherwise one at most) */
  multiple: boolean;
}

export interface Project extends Stamped {
  name: string;
  /** document-level categories of the project's schema */
  categories?: CategorySpec[];
  /** set when the user deleted the project; its data is purged at the next start */
  deletedAt?: number;
  /** blind mode: other annotators' layers of a document stay hidden until the user marks it Done */
  blind?: boolean;
  /** a project opened from a hand-out package: whose work it is, for whom, to send back as their layer */
  handout?: HandoutOrigin;
}

/** Where a project handed out by a lead came from (WorkPackage in contract.ts). */
export interface HandoutOrigin {
  /** the package's id, which the return carries */
  id: string;
  /** the name the lead gave the annotator's layer */
  annotator: string;
  /** the lead who handed the work out */
  from: string;
  /** the lead's instructions */
  note?: string;
}

export interface LabelAttribute {
  name: string;
  values: string[];
}

export interface LabelDef extends Stamped {
  projectId: Id;
  name: string;
  /** #rrggbb */
  color: string;
  /** a single key, e.g. "1" */
  hotkey?: string;
  description?: string;
  order: number;
  attributes?: LabelAttribute[];
  /**
   * When the label was deleted from the schema while other layers (colleagues', the curated one) still
   * had spans of it: the record stays so that those spans keep their name and colour, and the label
   * can be restored. Such a label is in no palette, schema or export of the schema.
   */
  deletedAt?: number;
}

export interface RelationType extends Stamped {
  projectId: Id;
  name: string;
  /** label ids allowed at each end; empty means any */
  sourceLabelIds: Id[];
  targetLabelIds: Id[];
  directed: boolean;
}

export type DocStatus = 'new' | 'in_progress' | 'done';

/** What was changed when turning file bytes into stored text. */
export interface Normalisation {
  bomRemoved: boolean;
  crlfToLf: number;
  crToLf: number;
}

export interface DocumentMetadata {
  /** source format: txt, md, html, docx, pdf, jsonl… */
  format: string;
  encoding?: string;
  title?: string;
  author?: string;
  /** ISO date or partial date (YYYY-MM) */
  date?: string;
  siteName?: string;
  sourcePath?: string;
  /** bytes of the source file */
  size?: number;
  /** sha-256 of the stored text, hex */
  hash: string;
  normalisation: Normalisation;
  /** any other key/value the source carried (front matter, docx properties…) */
  extra?: Record<string, string>;
  /** the structure the source marked (headings), as ranges of the stored text, in order */
  blocks?: TextBlock[];
}

/**
 * What an import left out or had to change, by kind: kept in a document's `extra.importNotes` as JSON
 * (an array of ImportNote), worded by the interface in its language. Older documents hold English
 * sentences there instead, shown as they are.
 */
export const IMPORT_NOTE_CODES = [
  'brat-event',
  'brat-normalization',
  'brat-equivalence',
  'brat-relation-attribute',
  'brat-attached-attribute',
  'brat-attached-note',
  'brat-relation-to-event',
  'brat-discontinuous',
  'labelstudio-further-annotation',
  'labelstudio-unlabelled-relation',
  'labelstudio-result',
  'prodigy-token-relation',
  'w3c-body',
  'webanno-value',
  'webanno-slot-value',
  'webanno-zero-width',
  'webanno-zero-width-relation',
] as const;
export type ImportNoteCode = (typeof IMPORT_NOTE_CODES)[number];

export interface ImportNote {
  note: ImportNoteCode;
  count: number;
  /** the Label Studio result type, the W3C body purpose or the WebAnno layer the note is about */
  what?: string;
}

export const BLOCK_KINDS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

/** A stretch of the text the source marked as a heading: one whole line, offsets as spans' are. */
export interface TextBlock {
  start: number;
  end: number;
  kind: BlockKind;
}

export interface DocumentRecord extends Stamped {
  projectId: Id;
  name: string;
  meta: DocumentMetadata;
  status: DocStatus;
  /** text length in UTF-16 code units */
  length: number;
  spanCount: number;
  /** document-level categories, by name */
  categories: string[];
}

export interface DocumentText {
  /** the document id */
  id: Id;
  text: string;
}

export interface Span extends Stamped {
  docId: Id;
  labelId: Id;
  start: number;
  end: number;
  note?: string;
  attributes?: Record<string, string>;
  annotator: string;
}

export interface Relation extends Stamped {
  docId: Id;
  typeId: Id;
  fromId: Id;
  toId: Id;
  note?: string;
  annotator: string;
}

/**
 * The curated layer's name among layer names. Annotator names are trimmed and never empty, so the
 * empty name can never be a person's.
 */
export const CURATED_LAYER = '';

/**
 * A span in a layer other than the user's own (whose spans are the `spans` table): a colleague's
 * layer, named by the colleague, or the curated one (CURATED_LAYER).
 */
export interface LayerSpan extends Span {
  layer: string;
}

/** A relation between two spans of the same other layer. */
export interface LayerRelation extends Relation {
  layer: string;
}

/** An other layer's own state of a document: that annotator's status and document labels, and where the layer came from. */
export interface LayerDocument extends Stamped {
  docId: Id;
  projectId: Id;
  layer: string;
  status: DocStatus;
  categories: string[];
  /** the file the layer was imported from (its name only) */
  source?: string;
  /** curated layer: each disagreement settled, by its id, with the choice's id ('hand': edited by hand) */
  decisions?: Record<string, string>;
}

/**
 * What the user did with a suggestion in a document: accepted it (a span was made), corrected it
 * (accepted with another label: counts against its recommender), or rejected it (never proposed
 * there again). Kept per document; the suggestions panel counts them per recommender.
 */
/**
 * A gazetteer or a cue list imported into a project for the recommenders, kept as the file's text
 * (the recommenders read it again at each start) in the settings table, per project.
 */
export interface SuggestList {
  id: Id;
  fileName: string;
  kind: 'gazetteer' | 'cues';
  content: string;
  /** the label of the terms of a plain list that gives none */
  label?: string;
  /** terms match in any case */
  ignoreCase: boolean;
  addedAt: number;
}

export interface Decision extends Stamped {
  docId: Id;
  projectId: Id;
  /** the proposal's key (see src-renderer/src/suggest/types.ts proposalKey) */
  key: string;
  verdict: 'accepted' | 'corrected' | 'rejected';
  /** the recommender credited with the proposal, and the others that made it too */
  recommender: string;
  alsoBy?: string[];
  start: number;
  end: number;
  /** the proposed label, by name */
  label: string;
  /** the span an accept or a correction made */
  spanId?: Id;
  /** the relation an accepted relation proposal made */
  relationId?: Id;
  annotator: string;
}

/** A span as carried by an interchange format: label by name, offsets in UTF-16. */
export interface PortableSpan {
  /** format-local id, used by relations */
  key?: string;
  start: number;
  end: number;
  label: string;
  note?: string;
  attributes?: Record<string, string>;
}

export interface PortableRelation {
  fromKey: string;
  toKey: string;
  type: string;
  note?: string;
}

/** A document on its way in or out: plain text, metadata, and annotations by label name. */
export interface PortableDocument {
  name: string;
  text: string;
  meta: DocumentMetadata;
  spans: PortableSpan[];
  relations: PortableRelation[];
  categories?: string[];
}

export interface LabelSpec {
  name: string;
  color: string;
  hotkey?: string;
  description?: string;
  attributes?: LabelAttribute[];
}

export interface RelationTypeSpec {
  name: string;
  source: string[];
  target: string[];
  directed: boolean;
}

/** A label schema as shipped in resources/ and exchanged as JSON. */
export interface SchemaSpec {
  name: string;
  labels: LabelSpec[];
  relations: RelationTypeSpec[];
  categories: CategorySpec[];
}

/** Label colours that keep white chip text at WCAG AA contrast (≥ 4.5:1) and tint well under dark text. */
export const LABEL_PALETTE = [
  '#c2410c',
  '#1d4ed8',
  '#047857',
  '#7c3aed',
  '#b45309',
  '#be185d',
  '#0e7490',
  '#4d7c0f',
  '#9333ea',
  '#b91c1c',
  '#475569',
  '#0f766e',
] as const;
