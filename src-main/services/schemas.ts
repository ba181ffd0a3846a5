// zod schemas for every IPC argument: main validates what crosses the boundary instead of trusting it.
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { EXPORT_FORMAT_IDS, LOCALES, MAX_IMPORT_LIMIT_BYTES, MAX_PREDICT_TEXT, type Channel, type Channels, type WorkPackage } from '../contract';
import { metadataFields } from '../records';
import { snapshotSchema } from './backup-format';
import { journalWriteSchema } from './journal';
import { backendUrlSchema } from './ml-backend';

const MAX_TEXT = 200 * 1024 * 1024;
const MAX_PATH = 4096;

// The page never names a path. Only the preload's channel for dropped files carries paths, read with
// webUtils.getPathForFile in the renderer process: main insists they are absolute, with no ".." in
// them, so a path says plainly where it goes. Dialogs run in main and never take a path from the page.
const path = z
  .string()
  .min(1)
  .max(MAX_PATH)
  .refine((p) => !p.includes('\0'), 'path contains a NUL byte')
  .refine((p) => isAbsolute(p), 'path is not absolute')
  .refine((p) => !p.split(/[\\/]/).includes('..'), 'path contains ".."');

/** A name the save dialog starts with: a file name, never a path. */
const fileName = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => !/[\\/\0]/.test(n) && n !== '.' && n !== '..', 'not a plain file name');

const metadataSchema = z.object(metadataFields);

const attributes = z.record(z.string().max(200), z.string().max(1000));

const portableSpanSchema = z.object({
  key: z.string().max(200).optional(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  label: z.string().min(1).max(200),
  note: z.string().max(100_000).optional(),
  attributes: attributes.optional(),
});

const portableRelationSchema = z.object({
  fromKey: z.string().max(200),
  toKey: z.string().max(200),
  type: z.string().min(1).max(200),
  note: z.string().max(100_000).optional(),
});

/** The first span outside a text, said for the person who chose the file. */
function spanOutside(spans: readonly { start: number; end: number }[], length: number): string | null {
  const s = spans.find((x) => x.end <= x.start || x.end > length);
  return s ? `span ${s.start}–${s.end} is outside the text (length ${length})` : null;
}

export const portableDocumentSchema = z
  .object({
    name: z.string().min(1).max(1000),
    text: z.string().max(MAX_TEXT),
    meta: metadataSchema,
    spans: z.array(portableSpanSchema),
    relations: z.array(portableRelationSchema),
    categories: z.array(z.string().max(200)).optional(),
  })
  .superRefine((doc, ctx) => {
    const problem = spanOutside(doc.spans, doc.text.length);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const importOptions = z
  .object({
    limitBytes: z.number().int().min(1).max(MAX_IMPORT_LIMIT_BYTES).optional(),
    folders: z.boolean().optional(),
  })
  .strict();

const specName = z.string().min(1).max(200);

/** The project's labels and relation types, as an export carries them (brat's annotation.conf). */
export const schemaSpecSchema = z.object({
  name: z.string().max(1000),
  labels: z
    .array(
      z.object({
        name: specName,
        color: z.string().max(32),
        hotkey: z.string().max(8).optional(),
        description: z.string().max(10_000).optional(),
        attributes: z.array(z.object({ name: specName, values: z.array(z.string().max(1000)).max(1000) })).max(100).optional(),
      }),
    )
    .max(10_000),
  relations: z.array(z.object({ name: specName, source: z.array(specName).max(10_000), target: z.array(specName).max(10_000), directed: z.boolean() })).max(10_000),
  categories: z.array(z.object({ name: specName, values: z.array(z.string().max(200)).max(10_000), multiple: z.boolean() })).max(1000),
});

const exportOptions = z
  .object({
    offsets: z.enum(['codepoint', 'utf16']).optional(),
    scheme: z.enum(['iob2', 'iob1']).optional(),
    columns: z.union([z.literal(2), z.literal(4)]).optional(),
    overlap: z.enum(['outermost', 'skip']).optional(),
    raw: z.boolean().optional(),
    bom: z.boolean().optional(),
    fullPaths: z.boolean().optional(),
    language: z.string().regex(/^(?:auto|[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*)$/, 'auto or a BCP 47 language tag').max(35).optional(),
  })
  .strict();

const exportRequest = z.object({
  format: z.enum(EXPORT_FORMAT_IDS),
  options: exportOptions.optional(),
  defaultName: fileName,
  documents: z.array(portableDocumentSchema).min(1).max(100_000),
  schema: schemaSpecSchema.optional(),
});

/** One document for the user's model: no URL (main sends only to the one the user set), a capped text. */
const predictRequest = z
  .object({
    documentId: z.string().min(1).max(200),
    text: z.string().min(1).max(MAX_PREDICT_TEXT),
    labels: z.array(specName).min(1).max(1000),
  })
  .strict();

const packageLayerSchema = z.object({
  // an annotator's name, or '' for the curated layer
  layer: z.string().max(1000),
  status: z.enum(['new', 'in_progress', 'done']),
  categories: z.array(z.string().max(200)).max(1000),
  spans: z.array(portableSpanSchema),
  relations: z.array(portableRelationSchema),
});

/** One document of a work package (services/work-package.ts): its text, metadata and the layers it carries. */
export const packageDocumentSchema = z
  .object({
    name: z.string().min(1).max(1000),
    text: z.string().max(MAX_TEXT),
    meta: metadataSchema,
    layers: z.array(packageLayerSchema).max(1000),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    for (const [i, l] of doc.layers.entries()) {
      if (seen.has(l.layer)) ctx.addIssue({ code: 'custom', message: `the layer "${l.layer}" appears twice`, path: ['layers', i, 'layer'] });
      seen.add(l.layer);
      const problem = spanOutside(l.spans, doc.text.length);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['layers', i, 'spans'] });
    }
  });

/** A work package without its schema and documents: what its manifest says. */
export const packageHeaderSchema = z.object({
  format: z.literal('glose-package'),
  version: z.literal(1),
  kind: z.enum(['handout', 'return']),
  id: z.string().min(1).max(200),
  createdAt: z.number().finite().nonnegative(),
  appVersion: z.string().max(100),
  project: z.string().max(10_000),
  annotator: z
    .string()
    .max(1000)
    .refine((n) => n.trim() !== '' && n.trim() === n, 'the annotator is named, without spaces around the name'),
  from: z.string().max(1000),
  blind: z.boolean(),
  note: z.string().max(100_000).optional(),
});

export const workPackageSchema = packageHeaderSchema
  .extend({
    schema: schemaSpecSchema,
    documents: z.array(packageDocumentSchema).min(1).max(100_000),
  })
  .strict() satisfies z.ZodType<WorkPackage>;

export const argSchemas = {
  'app:info': z.tuple([]),
  'app:setLocale': z.tuple([z.enum(LOCALES)]),
  'import:pick': z.tuple([importOptions.optional()]),
  'import:pending': z.tuple([importOptions.optional()]),
  // '' is what getPathForFile gives for a File the page made: refused by main, named in the report
  'import:dropped': z.tuple([
    z.array(z.object({ name: z.string().min(1).max(1000), path: z.union([z.literal(''), path]) }).strict()).min(1).max(100_000),
    importOptions.optional(),
  ]),
  'import:cancel': z.tuple([]),
  'import:more': z.tuple([z.string().uuid()]),
  'schema:import': z.tuple([]),
  'file:saveText': z.tuple([z.object({ defaultName: fileName, content: z.string().max(50 * 1024 * 1024) })]),
  'export:preview': z.tuple([exportRequest]),
  'export:save': z.tuple([exportRequest]),
  'backup:snapshot': z.tuple([snapshotSchema, z.enum(['auto', 'quit', 'manual', 'before-restore'])]),
  'backup:save': z.tuple([snapshotSchema]),
  'backup:open': z.tuple([]),
  'backup:latest': z.tuple([]),
  'backup:info': z.tuple([]),
  'backup:pickFolder': z.tuple([]),
  'backup:quitReady': z.tuple([]),
  'journal:append': z.tuple([journalWriteSchema]),
  'journal:read': z.tuple([]),
  'journal:position': z.tuple([]),
  'suggest:backend': z.tuple([]),
  'suggest:setBackend': z.tuple([backendUrlSchema.nullable()]),
  'suggest:checkBackend': z.tuple([]),
  'suggest:predict': z.tuple([predictRequest]),
  'suggest:importList': z.tuple([]),
  'package:save': z.tuple([workPackageSchema]),
  'package:open': z.tuple([importOptions.optional()]),
} satisfies { [C in Channel]: z.ZodType<Channels[C]['args']> };

/** Parses a channel's raw arguments; throws a message the renderer can show. */
export function parseArgs<C extends Channel>(channel: C, raw: unknown[]): Channels[C]['args'] {
  const result = argSchemas[channel].safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new Error(`invalid arguments for ${channel}${where}: ${issue?.message ?? 'rejected'}`);
  }
  return result.data as Channels[C]['args'];
}
