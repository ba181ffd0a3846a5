// Annotated files (the interchange formats of src-main/formats) -> documents with their spans and
// relations. The importer routes a file here by its extension before any text extractor sees it;
// JSON files are told apart by their shape. Pure Node: runs in the import worker thread and in tests.
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { PortableDocument } from '../model';
import { FormatError } from '../formats/errors';
import type { FormatId } from '../formats/index';
import { parseAnn, parseZip } from '../formats/brat';
import { parse as parseConll } from '../formats/conll';
import { parse as parseDoccano } from '../formats/doccano';
import { parse as parseLabelStudio } from '../formats/labelstudio';
import { parse as parseSpacy, DOCBIN_UNSUPPORTED } from '../formats/spacy';
import { parse as parseW3c } from '../formats/w3c';
import { ExtractError } from './errors';
import { extensionOf } from './formats';
import { Budget, checkSize, DEFAULT_SIZE_LIMIT, limitsFor } from './limits';
import { sha256Hex } from './text';

/** How a file is read: by its extension, and for JSON by its shape. */
export type AnnotatedKind = 'jsonl' | 'json' | 'conll' | 'zip' | 'ann';

const KIND_BY_EXTENSION: Readonly<Record<string, AnnotatedKind>> = {
  jsonl: 'jsonl',
  json: 'json',
  jsonld: 'json',
  conll: 'conll',
  zip: 'zip',
  ann: 'ann',
};

/** Files no reader takes, with the reason in words (instead of "unsupported file type"). */
const REFUSED: Readonly<Record<string, string>> = {
  csv:
    'a CSV export holds spans without the document text, so it cannot be imported as documents: ' +
    'import the documents in another format (doccano, brat, W3C…)',
  spacy: DOCBIN_UNSUPPORTED,
};

/** The annotated reader for a file name, or undefined when the file is a plain document. */
export function annotatedKindOf(fileName: string): AnnotatedKind | undefined {
  return KIND_BY_EXTENSION[extensionOf(fileName)];
}

/** Why an annotated-looking file cannot be imported at all, or undefined. */
export function refusedAnnotated(fileName: string): string | undefined {
  return REFUSED[extensionOf(fileName)];
}

/** brat's configuration files, which sit beside the .ann files and hold no document. */
export function isBratConfig(fileName: string): boolean {
  return /^(annotation|visual|tools|kb_shortcuts)\.conf$/i.test(basename(fileName));
}

/** The .txt a brat .ann belongs to: the same path, .txt for .ann. */
export function bratTextPath(annPath: string): string {
  return annPath.replace(/\.ann$/i, '.txt');
}

type JsonlFormat = 'doccano' | 'spacy';

/**
 * doccano or spaCy, by the first line that is a JSON object: spaCy lines carry "spans" (or
 * relations with "head" and "child", or "cats" as an object of scores); anything else is read as
 * doccano, whose parser then says what is wrong, with the line.
 */
export function jsonlFormatOf(input: string): JsonlFormat {
  for (const line of input.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const record = value as Record<string, unknown>;
    const relations = record['relations'];
    const spacyRelation =
      Array.isArray(relations) && typeof relations[0] === 'object' && relations[0] !== null && 'head' in relations[0];
    const cats = record['cats'];
    const spacyCats = typeof cats === 'object' && cats !== null && !Array.isArray(cats);
    return 'spans' in record || spacyRelation || spacyCats ? 'spacy' : 'doccano';
  }
  return 'doccano';
}

type JsonFormat = 'w3c' | 'labelstudio';

/** W3C Web Annotation or Label Studio, by the shape of the top value (or its first item). */
export function jsonFormatOf(value: unknown): JsonFormat | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof first !== 'object' || first === null) return undefined;
  const record = first as Record<string, unknown>;
  const type = record['type'];
  if (type === 'AnnotationCollection' || (Array.isArray(type) && type.includes('AnnotationCollection')) || '@context' in record) {
    return 'w3c';
  }
  if ('data' in record || 'annotations' in record) return 'labelstudio';
  return undefined;
}

function decodeUtf8(bytes: Uint8Array, fileName: string, keepBom = false): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: keepBom }).decode(bytes);
  } catch {
    throw new FormatError(fileName, undefined, 'not UTF-8 text, which this format requires');
  }
}

export interface ParsedAnnotated {
  format: FormatId;
  documents: PortableDocument[];
}

/**
 * Every document of one annotated file, or a FormatError naming the file and line: one bad line
 * rejects the whole file. `companion` is the .txt of a brat .ann.
 */
export function parseAnnotated(
  bytes: Uint8Array,
  fileName: string,
  companion?: { bytes: Uint8Array; name: string },
  budget: Budget = new Budget(limitsFor()),
): ParsedAnnotated {
  const kind = annotatedKindOf(fileName);
  switch (kind) {
    case 'zip':
      return { format: 'brat', documents: parseZip(bytes, fileName, budget) };
    case 'ann': {
      if (!companion) throw new FormatError(fileName, undefined, `has no ${basename(bratTextPath(fileName))} beside it`);
      // brat reads the .txt without dropping a BOM, so its offsets count it: SourceText removes it.
      const text = decodeUtf8(companion.bytes, companion.name, true);
      return { format: 'brat', documents: [parseAnn(text, decodeUtf8(bytes, fileName), fileName, companion.name)] };
    }
    case 'conll':
      return { format: 'conll', documents: parseConll(decodeUtf8(bytes, fileName), fileName) };
    case 'jsonl': {
      const text = decodeUtf8(bytes, fileName);
      return jsonlFormatOf(text) === 'spacy'
        ? { format: 'spacy', documents: parseSpacy(text, fileName) }
        : { format: 'doccano', documents: parseDoccano(text, fileName) };
    }
    case 'json': {
      const text = decodeUtf8(bytes, fileName);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        // the W3C parser reports where the JSON breaks, with the line
        return { format: 'w3c', documents: parseW3c(text, fileName) };
      }
      const format = jsonFormatOf(value);
      if (format === 'w3c') return { format, documents: parseW3c(text, fileName) };
      if (format === 'labelstudio') return { format, documents: parseLabelStudio(text, fileName) };
      throw new FormatError(
        fileName,
        undefined,
        'not a file Glose can read: a .json file must be a Label Studio export (tasks with "data") or W3C Web Annotation collections',
      );
    }
    default:
      throw new ExtractError('unsupported', `unsupported file type .${extensionOf(fileName)}`);
  }
}

/** Reads a whole file, refusing it by its size on disk first. */
async function readLimited(path: string, limitBytes: number): Promise<{ bytes: Uint8Array; size: number }> {
  const handle: FileHandle = await open(path, 'r');
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new ExtractError('unsupported', 'not a file');
    const tooLarge = checkSize(info.size, limitBytes);
    if (tooLarge) throw tooLarge;
    const bytes = new Uint8Array(info.size);
    let got = 0;
    while (got < info.size) {
      const { bytesRead } = await handle.read(bytes, got, info.size - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return { bytes: got === info.size ? bytes : bytes.subarray(0, got), size: info.size };
  } finally {
    await handle.close();
  }
}

/**
 * An annotated file on disk -> its documents, each with the hash of its text, the file's path and
 * size. A brat .ann is read with the .txt of the same name beside it.
 */
export async function readAnnotatedFile(path: string, name: string, limitBytes: number = DEFAULT_SIZE_LIMIT): Promise<ParsedAnnotated> {
  const { bytes, size } = await readLimited(path, limitBytes);
  if (size === 0) throw new ExtractError('empty', 'the file is empty');
  let companion: { bytes: Uint8Array; name: string } | undefined;
  let total = size;
  if (annotatedKindOf(name) === 'ann') {
    const txtPath = bratTextPath(path);
    try {
      const txt = await readLimited(txtPath, limitBytes);
      companion = { bytes: txt.bytes, name: basename(txtPath) };
      total += txt.size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  const parsed = parseAnnotated(bytes, name, companion, new Budget(limitsFor(limitBytes)));
  if (parsed.documents.length === 0) throw new ExtractError('empty', 'there is no document in this file');
  for (const doc of parsed.documents) {
    doc.meta = { ...doc.meta, sourcePath: path, size: total, hash: sha256Hex(doc.text) };
  }
  return parsed;
}

/**
 * A FormatError as the import report shows it after the file name: "line 3: …" for the file
 * itself, "doc.ann line 3: …" for a file inside an archive.
 */
export function describeFormatError(err: FormatError, name: string): string {
  if (err.file === name) return err.line === undefined ? err.detail : `line ${err.line}: ${err.detail}`;
  const inner = err.file.startsWith(`${name}/`) ? err.file.slice(name.length + 1) : err.file;
  return err.line === undefined ? `${inner}: ${err.detail}` : `${inner} line ${err.line}: ${err.detail}`;
}
