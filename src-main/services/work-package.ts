// Work packages: a project handed out to one annotator, and their work coming back as their layer.
// A package is a zip that any archive tool opens: glose-package.json (the manifest: who, for whom,
// which documents), schema.json (the labels with their guidelines), guidelines.md (the same for a
// person) and one documents/NNNN.json per document (its text, metadata and the layers it carries).
// It is written an entry at a time (the streaming zip writer) to a temp file renamed into place, and
// read back against a byte and time budget, every part checked with the schema a fresh write obeys.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import type { OpenedPackage, PackageDocument, WorkPackage } from '../contract';
import { DEFAULT_IMPORT_LIMIT_BYTES } from '../contract';
import { ExtractError } from '../extract/errors';
import { Budget, formatBytes, limitsFor } from '../extract/limits';
import { sha256Hex } from '../extract/text';
import { readZip } from '../extract/zip';
import { zipEntries } from '../formats/zip-writer';
import { issuePath } from '../records';
import { packageWords } from '../i18n/current';
import { writeChunksAtomic } from './files';
import { packageDocumentSchema, packageHeaderSchema, schemaSpecSchema } from './schemas';

export const MANIFEST = 'glose-package.json';
export const SCHEMA = 'schema.json';
export const GUIDELINES = 'guidelines.md';
const PACKAGE_VERSION = 1;

/** A package that cannot be used; the message names the file, the part and the problem. */
export class PackageError extends Error {}

const manifestSchema = packageHeaderSchema.extend({
  documents: z
    .array(z.object({ file: z.string().regex(/^documents\/\d{4,6}\.json$/, 'a document file is documents/NNNN.json'), name: z.string().max(1000) }))
    .min(1)
    .max(100_000),
});

const documentFile = (i: number) => `documents/${String(i + 1).padStart(4, '0')}.json`;
const encoder = new TextEncoder();
const json = (value: unknown) => encoder.encode(`${JSON.stringify(value, null, 1)}\n`);

/** The guidelines as a person reads them outside Glose: the lead's note, then each label's guidelines. */
export function guidelinesText(pkg: WorkPackage): string {
  const lines = [`# ${pkg.project}`, '', `Work for ${pkg.annotator}${pkg.from ? `, from ${pkg.from}` : ''}.`, ''];
  if (pkg.note) lines.push(pkg.note, '');
  lines.push('## Labels', '');
  for (const l of pkg.schema.labels) lines.push(`- **${l.name}**${l.hotkey ? ` (key ${l.hotkey})` : ''}${l.description ? `: ${l.description}` : ''}`);
  if (pkg.schema.relations.length > 0) {
    lines.push('', '## Relations', '');
    for (const r of pkg.schema.relations) lines.push(`- **${r.name}**${r.source.length ? ` from ${r.source.join(', ')}` : ''}${r.target.length ? ` to ${r.target.join(', ')}` : ''}`);
  }
  if (pkg.schema.categories.length > 0) {
    lines.push('', '## Document categories', '');
    for (const c of pkg.schema.categories) lines.push(`- **${c.name}**: ${c.values.join(', ')}${c.multiple ? ' (several may be chosen)' : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The archive's entries, made one at a time so that only one document is ever encoded at once. */
export function* packageEntries(pkg: WorkPackage): Generator<readonly [string, Uint8Array]> {
  const { schema, documents, ...header } = pkg;
  yield [MANIFEST, json({ ...header, documents: documents.map((d, i) => ({ file: documentFile(i), name: d.name })) })];
  yield [SCHEMA, json(schema)];
  yield [GUIDELINES, encoder.encode(guidelinesText(pkg))];
  for (const [i, doc] of documents.entries()) yield [documentFile(i), json(doc)];
}

/** The name the save dialog proposes: "<project> - for <annotator>.zip", or "- from <annotator>" for a return. */
export function packageFileName(pkg: Pick<WorkPackage, 'project' | 'kind' | 'annotator'>): string {
  const plain = (s: string) =>
    [...s]
      .slice(0, 80)
      .map((c) => (c < ' ' || '\\/:*?"<>|'.includes(c) ? '-' : c))
      .join('')
      .trim() || 'project';
  return `${plain(pkg.project)} - ${pkg.kind === 'handout' ? 'for' : 'from'} ${plain(pkg.annotator)}.zip`;
}

/** Writes the package (temp file, fsync, rename): the target is the whole package or is left as it was. */
export async function writePackage(target: string, pkg: WorkPackage): Promise<number> {
  return writeChunksAtomic(target, zipEntries(packageEntries(pkg)));
}

/** Reads a package's bytes; throws a PackageError naming the file, the part of it and what is wrong. */
export function readPackage(bytes: Uint8Array, fileName: string, limitBytes = DEFAULT_IMPORT_LIMIT_BYTES, now?: () => number): WorkPackage {
  const words = packageWords();
  const fail = (where: string, problem: string) => new PackageError(words.at(fileName, where, problem));
  const budget = new Budget(limitsFor(limitBytes), now);
  let entries: Map<string, Uint8Array>;
  try {
    entries = readZip(bytes, { wanted: () => true, budget, damaged: (reason) => fail('', words.damaged(reason)) });
  } catch (err) {
    if (err instanceof ExtractError) throw fail('', err.message);
    throw err;
  }
  const parse = <T>(name: string, schema: z.ZodType<T>): T => {
    const data = entries.get(name);
    if (!data) throw fail('', name === MANIFEST ? words.noManifest(MANIFEST) : words.missing(name));
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
    } catch {
      throw fail(name, words.notJson);
    }
    if (name === MANIFEST && typeof value === 'object' && value !== null) {
      const v = value as { format?: unknown; version?: unknown };
      if (v.format !== 'glose-package') throw fail('', words.notPackage);
      if (typeof v.version === 'number' && v.version > PACKAGE_VERSION) throw fail('', words.newer(v.version));
    }
    const result = schema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      const problem = issue?.message ?? words.unexpected;
      throw fail(name, issue && issue.path.length > 0 ? words.field(issuePath(issue.path), problem) : problem);
    }
    return result.data;
  };
  const { documents: listed, ...header } = parse(MANIFEST, manifestSchema);
  const schema = parse(SCHEMA, schemaSpecSchema);
  const clock = budget.stage('parse');
  const documents: PackageDocument[] = [];
  const files = new Set<string>();
  for (const entry of listed) {
    if (files.has(entry.file)) throw fail(MANIFEST, words.twice(entry.file));
    files.add(entry.file);
    try {
      clock.check(`at ${entry.file}`);
    } catch (err) {
      if (err instanceof ExtractError) throw fail('', err.message);
      throw err;
    }
    const doc = parse(entry.file, packageDocumentSchema);
    // the text is what the layers' offsets point into: a text edited by hand would shift them all
    if (sha256Hex(doc.text) !== doc.meta.hash) throw fail(entry.file, words.hash(doc.name));
    documents.push(doc);
  }
  return { ...header, schema, documents };
}

/** Reads and validates a package file; the size on disk is checked before anything is read. */
export async function readPackageFile(path: string, limitBytes = DEFAULT_IMPORT_LIMIT_BYTES): Promise<OpenedPackage> {
  const fileName = basename(path);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new PackageError(packageWords().at(fileName, '', packageWords().notFound));
  }
  if (size > limitBytes) throw new PackageError(packageWords().at(fileName, '', packageWords().tooLarge(formatBytes(size), formatBytes(limitBytes))));
  if (size === 0) throw new PackageError(packageWords().at(fileName, '', packageWords().empty));
  return { fileName, package: readPackage(await readFile(path), fileName, limitBytes) };
}
