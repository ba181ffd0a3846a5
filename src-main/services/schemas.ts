// zod schemas for every IPC argument: main validates what crosses the boundary instead of trusting it.
import { z } from 'zod';
import { MAX_IMPORT_LIMIT_BYTES, type Channel, type Channels } from '../contract';

const MAX_TEXT = 200 * 1024 * 1024;
const MAX_PATH = 4096;

const path = z.string().min(1).max(MAX_PATH).refine((p) => !p.includes('\0'), 'path contains a NUL byte');

const normalisation = z.object({
  bomRemoved: z.boolean(),
  crlfToLf: z.number().int().nonnegative(),
  crToLf: z.number().int().nonnegative(),
});

export const metadataSchema = z.object({
  format: z.string().max(32),
  encoding: z.string().max(64).optional(),
  title: z.string().max(10_000).optional(),
  author: z.string().max(10_000).optional(),
  date: z.string().max(64).optional(),
  siteName: z.string().max(10_000).optional(),
  sourcePath: z.string().max(MAX_PATH).optional(),
  size: z.number().int().nonnegative().optional(),
  hash: z.string().max(128),
  normalisation,
  extra: z.record(z.string().max(1000), z.string().max(100_000)).optional(),
});

const attributes = z.record(z.string().max(200), z.string().max(1000));

export const portableDocumentSchema = z
  .object({
    name: z.string().min(1).max(1000),
    text: z.string().max(MAX_TEXT),
    meta: metadataSchema,
    spans: z.array(
      z.object({
        key: z.string().max(200).optional(),
        start: z.number().int().nonnegative(),
        end: z.number().int().nonnegative(),
        label: z.string().min(1).max(200),
        note: z.string().max(100_000).optional(),
        attributes: attributes.optional(),
      }),
    ),
    relations: z.array(
      z.object({
        fromKey: z.string().max(200),
        toKey: z.string().max(200),
        type: z.string().min(1).max(200),
        note: z.string().max(100_000).optional(),
      }),
    ),
    categories: z.array(z.string().max(200)).optional(),
  })
  .superRefine((doc, ctx) => {
    for (const s of doc.spans) {
      if (s.end <= s.start || s.end > doc.text.length) {
        ctx.addIssue({ code: 'custom', message: `span ${s.start}–${s.end} is outside the text (length ${doc.text.length})` });
        return;
      }
    }
  });

const importOptions = z
  .object({
    limitBytes: z.number().int().min(1).max(MAX_IMPORT_LIMIT_BYTES).optional(),
  })
  .strict();

export const argSchemas = {
  'app:info': z.tuple([]),
  'import:pick': z.tuple([importOptions.optional()]),
  'import:paths': z.tuple([z.array(path).min(1).max(100_000), importOptions.optional()]),
  'import:cancel': z.tuple([]),
  'file:saveText': z.tuple([z.object({ defaultName: z.string().min(1).max(255), content: z.string().max(50 * 1024 * 1024) })]),
  'export:save': z.tuple([
    z.object({
      format: z.enum(['doccano']),
      defaultName: z.string().min(1).max(255),
      documents: z.array(portableDocumentSchema).min(1).max(100_000),
    }),
  ]),
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
