// Helpers the format modules share: JSON reading, zod validation, metadata, span keys, export ranges.
import type { z } from 'zod';
import type {
  DocumentMetadata,
  ImportNote,
  ImportNoteCode,
  Normalisation,
  PortableDocument,
  PortableRelation,
  PortableSpan,
} from '../model';
import { type Fail, FormatError, failAt, type Problems } from './errors';
import { type CodePointIndex, utf16RangeProblem } from './offsets';
import { jsonSyntaxError } from './json-syntax';
import { formatWords, zodLanguage } from '../i18n/current';

export function stripBom(input: string): string {
  return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
}

/** JSON.parse that says, in the interface language, where the text stops being JSON. */
export function parseJson(input: string, file: string, line?: number): unknown {
  try {
    return JSON.parse(input);
  } catch (error) {
    throw notJsonError(input, file, line, error);
  }
}

/**
 * The FormatError for a text JSON.parse refused: the line (`line` when the text is one line of a
 * file) and column of the first character that cannot be JSON. The engine's own English words are
 * left out; they are kept only if our scan finds no fault (it should always find the engine's).
 */
export function notJsonError(input: string, file: string, line: number | undefined, error: unknown): FormatError {
  const fault = jsonSyntaxError(input);
  if (fault === null) return new FormatError(file, line, error instanceof Error ? error.message : String(error));
  return new FormatError(file, line ?? fault.line, formatWords().notJson(fault.found, fault.column));
}

/**
 * Each non-blank line of a JSON Lines file, parsed, with its line number. A line that is not JSON
 * goes to `problems` and is skipped, so that every bad line of a file is reported at once.
 */
export function* jsonLines(input: string, file: string, problems: Problems): Generator<{ value: unknown; line: number }> {
  const lines = stripBom(input).split('\n');
  for (const [i, text] of lines.entries()) {
    if (text.trim() === '') continue;
    const parsed = problems.attempt(() => ({ value: parseJson(text, file, i + 1) }));
    if (parsed !== undefined) yield { value: parsed.value, line: i + 1 };
  }
}

/** A field's path as a person reads it: labels[3].color. */
export function describePath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`,
    )
    .join('');
}

/** Checks `value` against a schema; on failure `fail` gets the first problem, with its path. */
export function validate<T extends z.ZodType>(schema: T, value: unknown, fail: Fail): z.output<T> {
  const words = formatWords();
  const result = schema.safeParse(value, zodLanguage());
  if (result.success) return result.data;
  const [first, ...others] = result.error.issues;
  const path = first === undefined ? '' : describePath(first.path);
  const more = others.length > 0 ? words.more(others.length) : '';
  const message = first?.message ?? words.unexpectedStructure;
  return fail(`${path === '' ? message : words.field(path, message)}${more}`);
}

/** A quote a file gives for a span must be the text the span's offsets point at. */
export function checkQuote(quote: string, actual: string, where: string, fail: Fail): void {
  if (quote !== actual) {
    fail(formatWords().quoteMismatch(JSON.stringify(quote), where, JSON.stringify(actual)));
  }
}

/** Name for a document whose file does not name it. */
export function fallbackName(file: string, nth: number): string {
  return `${file} #${nth}`;
}

const DESCRIPTIVE = ['title', 'author', 'date', 'siteName', 'sourcePath'] as const;
type Descriptive = (typeof DESCRIPTIVE)[number];
const isDescriptive = (key: string): key is Descriptive =>
  (DESCRIPTIVE as readonly string[]).includes(key);

/** The last part of a path, whichever separator it uses. */
export function fileNameOf(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

export interface MetadataOptions {
  /**
   * Write `sourcePath` as it is. Off by default: a full path tells the user's folder layout, often
   * their name, to whoever receives the file, so only its file name is written.
   */
  fullPaths?: boolean;
}

/**
 * The metadata a format with free key/value metadata writes: the descriptive fields and `extra`.
 * Hash, normalisation and source format describe Glose's own copy, so they stay home.
 */
export function metadataRecord(meta: DocumentMetadata, options: MetadataOptions = {}): Record<string, string> {
  const record: Record<string, string> = { ...meta.extra };
  for (const key of DESCRIPTIVE) {
    const value = meta[key];
    if (value !== undefined) record[key] = key === 'sourcePath' && options.fullPaths !== true ? fileNameOf(value) : value;
  }
  return record;
}

/** Metadata for a parsed document; the caller recomputes the hash from the text. */
export function parsedMetadata(
  format: string,
  normalisation: Normalisation,
  record: Record<string, string> = {},
): DocumentMetadata {
  const meta: DocumentMetadata = { format, hash: '', normalisation };
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    if (isDescriptive(key)) meta[key] = value;
    else extra[key] = value;
  }
  if (Object.keys(extra).length > 0) meta.extra = extra;
  return meta;
}

/** JSON values as the strings metadata holds: strings as they are, anything else as JSON. */
export function stringRecord(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : (JSON.stringify(value) ?? ''),
    ]),
  );
}

/**
 * Tallies what an import left out or had to change, so that the document's metadata says so
 * rather than losing it silently: as codes, which the interface words in its language.
 */
export class ImportLog {
  private readonly counts = new Map<string, ImportNote>();

  add(note: ImportNoteCode, what?: string): void {
    const key = JSON.stringify([note, what]);
    const seen = this.counts.get(key);
    if (seen) seen.count++;
    else this.counts.set(key, { note, count: 1, ...(what === undefined ? {} : { what }) });
  }

  /** `{importNotes: '[{"note":"brat-event","count":2},…]'}`, or nothing when all went in */
  record(): Record<string, string> {
    if (this.counts.size === 0) return {};
    return { importNotes: JSON.stringify([...this.counts.values()]) };
  }
}

export interface ResolvedRelation {
  relation: PortableRelation;
  /** indexes into the document's spans */
  from: number;
  to: number;
}

/** Each relation with the positions of the spans it links; a dangling key is an error. */
export function resolveRelations(doc: PortableDocument): ResolvedRelation[] {
  const fail = failAt(doc.name);
  const byKey = new Map<string, number>();
  doc.spans.forEach((span, i) => {
    if (span.key === undefined) return;
    if (byKey.has(span.key)) fail(formatWords().spanKeyTwice(span.key));
    byKey.set(span.key, i);
  });
  return doc.relations.map((relation) => {
    const end = (key: string): number =>
      byKey.get(key) ??
      fail(formatWords().relationToMissingSpan(relation.type, key));
    return { relation, from: end(relation.fromKey), to: end(relation.toKey) };
  });
}

/** A span's offsets in a file's unit (code points when `index` is given), checked against the text. */
export function exportRange(
  doc: PortableDocument,
  span: PortableSpan,
  index: CodePointIndex | undefined,
): [number, number] {
  const problem = utf16RangeProblem(doc.text, span.start, span.end);
  if (problem !== undefined) failAt(doc.name)(formatWords().withLabel(problem, span.label));
  return index === undefined
    ? [span.start, span.end]
    : [index.toCodePoint(span.start), index.toCodePoint(span.end)];
}

/**
 * `${JSON.stringify(docs.map(item), null, 2)}\n`, an item at a time: the same characters, since
 * JSON's own line breaks are the only ones in its output (those in strings are escaped).
 */
export function* jsonArrayChunks<T>(docs: Iterable<T>, item: (doc: T, i: number) => unknown): Generator<string> {
  let i = 0;
  for (const doc of docs) {
    yield i === 0 ? '[\n' : ',\n';
    // as an array's only item, it is indented as it is in the whole array: no second pass
    yield JSON.stringify([item(doc, i)], null, 2).slice(2, -2);
    i++;
  }
  yield i === 0 ? '[]\n' : '\n]\n';
}

/** Items of a JSON list (or any list separated by commas) written this many at a time. */
const ITEMS_PER_PIECE = 500;

/**
 * `items.map(item).join(',')`, a few hundred items at a time: a book's million tokens are written
 * without ever being one string.
 */
export function* commaSeparated<T>(items: ArrayLike<T>, item: (value: T, i: number) => string): Generator<string> {
  for (let from = 0; from < items.length; from += ITEMS_PER_PIECE) {
    const to = Math.min(items.length, from + ITEMS_PER_PIECE);
    const piece = new Array<string>(to - from);
    for (let i = from; i < to; i++) piece[i - from] = item(items[i] as T, i);
    yield `${from === 0 ? '' : ','}${piece.join(',')}`;
  }
}

/** JSON.stringify of strings that come back again and again (labels), made once each. */
export class JsonStrings {
  private readonly made = new Map<string, string>();

  of(value: string): string {
    let json = this.made.get(value);
    if (json === undefined) {
      json = JSON.stringify(value);
      this.made.set(value, json);
    }
    return json;
  }
}

/** A label or type name as formats with space-separated fields need it: no whitespace inside. */
export function typeName(name: string): string {
  return name.replace(/\s+/g, '_');
}

/**
 * File names (without extension) for documents in an archive: `strip` taken off, characters no
 * file system takes replaced, unique even where case does not count.
 */
export function uniqueFileStems(names: readonly string[], strip?: RegExp): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const base =
      (strip ? name.replace(strip, '') : name).replace(/[\\/:*?"<>|\p{Cc}]/gu, '_').replace(/^\.+/, '_') || 'document';
    let stem = base;
    for (let n = 2; taken.has(stem.toLowerCase()); n++) stem = `${base}-${n}`;
    taken.add(stem.toLowerCase());
    return stem;
  });
}
