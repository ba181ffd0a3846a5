// Every stored record, as a zod schema: the one definition that the renderer's database checks each
// write against and that main checks each record of a backup against before it is restored, so a
// restore can only put back what a fresh write could have stored. Depends on zod alone: the renderer
// imports this file.
import { z } from 'zod';
import { LOCALES, MAX_IMPORT_LIMIT_BYTES, MAX_SUGGEST_LIST_BYTES } from './contract';
import { BLOCK_KINDS } from './model';
import type { Decision, DocumentMetadata, DocumentRecord, DocumentText, LabelDef, LayerDocument, LayerRelation, LayerSpan, Project, Relation, RelationType, Span, SuggestList } from './model';

// The renderer's CSP has no 'unsafe-eval': zod must not compile parsers with new Function there, and
// must not even probe whether it may (the caught attempt is still reported as a violation). Set before
// any schema is built, since zod decides when it builds one. The setting is zod's global one: in main
// it also applies to schemas built after this module is loaded, at a small cost in speed.
z.config({ jitless: true });

/** crypto.randomUUID() for every record Glose makes; any short word of letters, digits, '.', ':', '_' and '-' is read back. */
export const idSchema = z.string().regex(/^[\w.:-]{1,128}$/, 'an id is 1 to 128 letters, digits, ".", ":", "_" or "-"');
/** #rrggbb: a label colour is spliced into style rules, so nothing else may get through. */
export const colourSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #rrggbb');

const stamp = z.number().finite().nonnegative();
const count = z.number().int().nonnegative();
const text = (max: number) => z.string().max(max);
const stamped = { id: idSchema, createdAt: stamp, updatedAt: stamp };

/** The fields of a document's metadata (IPC arguments take them as a plain object, records loosely). */
export const metadataFields = {
  format: text(32),
  encoding: text(64).optional(),
  title: text(10_000).optional(),
  author: text(10_000).optional(),
  date: text(64).optional(),
  siteName: text(10_000).optional(),
  sourcePath: text(4096).optional(),
  size: count.optional(),
  hash: text(128),
  normalisation: z.object({ bomRemoved: z.boolean(), crlfToLf: count, crToLf: count }),
  extra: z.record(text(1000), text(100_000)).optional(),
  blocks: z
    .array(z.object({ start: count, end: count, kind: z.enum(BLOCK_KINDS) }).refine((b) => b.end > b.start, { message: 'a block ends after it starts', path: ['end'] }))
    .max(1_000_000)
    .optional(),
};

// Records are loose objects: a field a later version of Glose adds is kept, not stripped, so that a
// restore gives back exactly what was stored; every field this version knows is checked.
const category = z.looseObject({ name: text(1000), values: z.array(text(1000)), multiple: z.boolean() });

export const projectSchema = z.looseObject({
  ...stamped,
  name: text(10_000),
  categories: z.array(category).optional(),
  deletedAt: stamp.optional(),
  blind: z.boolean().optional(),
  handout: z.looseObject({ id: text(200), annotator: text(1000), from: text(1000), note: text(100_000).optional() }).optional(),
}) satisfies z.ZodType<Project>;

export const documentSchema = z.looseObject({
  ...stamped,
  projectId: idSchema,
  name: text(10_000),
  meta: z.looseObject(metadataFields) satisfies z.ZodType<DocumentMetadata>,
  status: z.enum(['new', 'in_progress', 'done']),
  length: count,
  spanCount: count,
  categories: z.array(text(1000)),
}) satisfies z.ZodType<DocumentRecord>;

export const textSchema = z.looseObject({ id: idSchema, text: z.string() }) satisfies z.ZodType<DocumentText>;

export const labelSchema = z.looseObject({
  ...stamped,
  projectId: idSchema,
  name: text(1000),
  color: colourSchema,
  order: z.number().finite(),
  hotkey: z.string().min(1).max(16).optional(),
  description: text(100_000).optional(),
  attributes: z.array(z.looseObject({ name: text(1000), values: z.array(text(1000)) })).optional(),
  deletedAt: stamp.optional(),
}) satisfies z.ZodType<LabelDef>;

export const relationTypeSchema = z.looseObject({
  ...stamped,
  projectId: idSchema,
  name: text(1000),
  sourceLabelIds: z.array(idSchema),
  targetLabelIds: z.array(idSchema),
  directed: z.boolean(),
}) satisfies z.ZodType<RelationType>;

const spanFields = {
  ...stamped,
  docId: idSchema,
  labelId: idSchema,
  start: count,
  end: count,
  annotator: text(1000),
  note: text(1_000_000).optional(),
  attributes: z.record(text(1000), text(100_000)).optional(),
};
const endsAfterStart = (s: { start: number; end: number }) => s.end > s.start;
const spanEnds = () => ({ message: 'a span ends after it starts', path: ['end'] });

/** Offsets are checked against each other here, against the document's text where both are at hand. */
export const spanSchema = z.looseObject(spanFields).refine(endsAfterStart, spanEnds()) satisfies z.ZodType<Span>;

const relationFields = {
  ...stamped,
  docId: idSchema,
  typeId: idSchema,
  fromId: idSchema,
  toId: idSchema,
  annotator: text(1000),
  note: text(1_000_000).optional(),
};
export const relationSchema = z.looseObject(relationFields) satisfies z.ZodType<Relation>;

/** A layer's name: an annotator's (trimmed, 1 to 1000 characters) or '' for the curated layer. */
const layerName = text(1000);

export const layerSpanSchema = z.looseObject({ ...spanFields, layer: layerName }).refine(endsAfterStart, spanEnds()) satisfies z.ZodType<LayerSpan>;
export const layerRelationSchema = z.looseObject({ ...relationFields, layer: layerName }) satisfies z.ZodType<LayerRelation>;
export const layerDocumentSchema = z.looseObject({
  ...stamped,
  docId: idSchema,
  projectId: idSchema,
  layer: layerName,
  status: z.enum(['new', 'in_progress', 'done']),
  categories: z.array(text(1000)),
  source: text(4096).optional(),
  decisions: z.record(text(100_000), text(100_000)).optional(),
}) satisfies z.ZodType<LayerDocument>;

export const decisionSchema = z
  .looseObject({
    ...stamped,
    docId: idSchema,
    projectId: idSchema,
    key: text(1000),
    verdict: z.enum(['accepted', 'corrected', 'rejected']),
    recommender: text(100),
    alsoBy: z.array(text(100)).max(20).optional(),
    start: count,
    end: count,
    label: text(1000),
    spanId: idSchema.optional(),
    relationId: idSchema.optional(),
    annotator: text(1000),
  })
  .refine((d) => d.end > d.start, { message: 'a decision ends after it starts', path: ['end'] }) satisfies z.ZodType<Decision>;

/**
 * Where the user was in a document (setting `readingPlace:<document id>`): the text offset at the
 * top of the reader, how far below the top its line was (px), and the selection, text or a span.
 */
export const readingPlaceSchema = z.object({
  offset: count,
  dy: z.number().finite(),
  pending: z.object({ start: count, end: count }).optional(),
  spanId: idSchema.optional(),
});

/** The settings Glose stores, by key, with the type of each value. */
const SETTINGS: ReadonlyArray<{ key: RegExp; value: z.ZodType }> = [
  { key: /^annotator$/, value: z.string().trim().min(1).max(1000) },
  { key: /^markPainter$/, value: z.enum(['highlight', 'overlay']) },
  { key: /^lastProject$/, value: idSchema.nullable() },
  { key: /^lastDocument:[\w.:-]{1,128}$/, value: idSchema.nullable() },
  { key: /^importLimitBytes$/, value: z.number().int().min(1).max(MAX_IMPORT_LIMIT_BYTES) },
  { key: /^backupIntervalMinutes$/, value: z.number().int().min(1).max(120) },
  { key: /^locale$/, value: z.enum(LOCALES) },
  { key: /^density$/, value: z.enum(['comfortable', 'compact']) },
  { key: /^labelMenu$/, value: z.boolean() },
  { key: /^readingPlace:[\w.:-]{1,128}$/, value: readingPlaceSchema },
  /** the recommenders a project has switched on (suggestions), by id */
  { key: /^suggestEnabled:[\w.:-]{1,128}$/, value: z.array(z.string().regex(/^[\w-]{1,64}$/)).max(20) },
  /** the gazetteers and cue lists a project imported (suggestions) */
  {
    key: /^suggestLists:[\w.:-]{1,128}$/,
    value: z
      .array(
        z.object({
          id: idSchema,
          fileName: text(1000),
          kind: z.enum(['gazetteer', 'cues']),
          content: z.string().max(MAX_SUGGEST_LIST_BYTES),
          label: text(1000).optional(),
          ignoreCase: z.boolean(),
          addedAt: z.number(),
        }) satisfies z.ZodType<SuggestList>,
      )
      .max(100),
  },
];

export const settingSchema = z
  .object({ key: z.string().min(1).max(1000), value: z.unknown() })
  .superRefine((setting, ctx) => {
    const known = SETTINGS.find((s) => s.key.test(setting.key));
    if (!known) {
      ctx.addIssue({ code: 'custom', message: `Glose has no setting called "${setting.key.slice(0, 100)}"`, path: ['key'] });
      return;
    }
    const checked = known.value.safeParse(setting.value);
    for (const issue of checked.success ? [] : checked.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: ['value', ...issue.path] });
    }
  });

/** Each table's record schema, by the table's name in the database. */
export const recordSchemas = {
  projects: projectSchema,
  documents: documentSchema,
  texts: textSchema,
  labels: labelSchema,
  relationTypes: relationTypeSchema,
  spans: spanSchema,
  relations: relationSchema,
  settings: settingSchema,
  layerSpans: layerSpanSchema,
  layerRelations: layerRelationSchema,
  layerDocuments: layerDocumentSchema,
  decisions: decisionSchema,
} as const;

export type TableName = keyof typeof recordSchemas;

/** A zod issue path as a person reads it: tables.labels[3].color. */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out;
}
