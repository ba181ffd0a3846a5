// Annotated files (the interchange formats of src-main/formats) -> documents with their spans and
// relations. The importer routes a file here by its extension before any text extractor sees it;
// JSON files are told apart by their shape. Pure Node: runs in the import worker thread and in tests.
import { open, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { OffsetQuestion } from '../contract';
import type { PortableDocument } from '../model';
import { FormatError, PROBLEM_LIMIT } from '../formats/errors';
import type { FormatId } from '../formats/index';
import type { OffsetUnit } from '../formats/offsets';
import { NAMES_FILE, type NameFile, parseAnn, parseNames, parseZip } from '../formats/brat';
import { parse as parseConll } from '../formats/conll';
import { offsetUnitMatters, parse as parseDoccano } from '../formats/doccano';
import { parse as parseLabelStudio } from '../formats/labelstudio';
import { parse as parseProdigy } from '../formats/prodigy';
import { parse as parseSpacy, docBinUnsupported } from '../formats/spacy';
import { parse as parseW3c } from '../formats/w3c';
import { isWebannoTsv, isWebannoZip, parse as parseWebanno, parseZip as parseWebannoZip } from '../formats/webanno';
import { ExtractError } from './errors';
import { extensionOf } from './formats';
import { Budget, checkSize, DEFAULT_SIZE_LIMIT, limitsFor } from './limits';
import { sha256Hex } from './text';
import { errorWords, formatWords } from '../i18n/current';

/** How a file is read: by its extension, and for JSON by its shape. */
export type AnnotatedKind = 'jsonl' | 'json' | 'conll' | 'zip' | 'ann' | 'tsv';

const KIND_BY_EXTENSION: Readonly<Record<string, AnnotatedKind>> = {
  jsonl: 'jsonl',
  json: 'json',
  jsonld: 'json',
  conll: 'conll',
  zip: 'zip',
  ann: 'ann',
  tsv: 'tsv',
};

/** Files no reader takes, with the reason in words (instead of "unsupported file type"). */
const REFUSED: Readonly<Record<string, () => string>> = {
  csv: () => formatWords().annotated.csvExport,
  spacy: docBinUnsupported,
};

/** The annotated reader for a file name, or undefined when the file is a plain document. */
export function annotatedKindOf(fileName: string): AnnotatedKind | undefined {
  return KIND_BY_EXTENSION[extensionOf(fileName)];
}

/** Why an annotated-looking file cannot be imported at all, or undefined. */
export function refusedAnnotated(fileName: string): string | undefined {
  return REFUSED[extensionOf(fileName)]?.();
}

/** brat's configuration files and Glose's names file, which sit beside the .ann files and hold no document. */
export function isBratConfig(fileName: string): boolean {
  return /^(annotation|visual|tools|kb_shortcuts)\.conf$/i.test(basename(fileName)) || basename(fileName) === NAMES_FILE;
}

/** The .txt a brat .ann belongs to: the same path, .txt for .ann. */
export function bratTextPath(annPath: string): string {
  return annPath.replace(/\.ann$/i, '.txt');
}

type JsonlFormat = 'doccano' | 'spacy' | 'prodigy';

/**
 * doccano, spaCy Doc JSON or Prodigy, by the first line that is a JSON object. Prodigy tasks carry
 * "answer", "spans" as a list or relations with "head" and "child"; spaCy Docs carry "tokens"
 * with "spans" as span groups, "ents" or "cats" as scores; anything else is read as doccano, whose
 * parser then says what is wrong, with the line.
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
    const headChild =
      Array.isArray(relations) && typeof relations[0] === 'object' && relations[0] !== null && 'head' in relations[0];
    if ('answer' in record || Array.isArray(record['spans']) || headChild) return 'prodigy';
    const cats = record['cats'];
    const scores = typeof cats === 'object' && cats !== null && !Array.isArray(cats);
    return 'tokens' in record || 'spans' in record || 'ents' in record || scores ? 'spacy' : 'doccano';
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
    throw new FormatError(fileName, undefined, formatWords().notUtf8);
  }
}

export interface ParsedAnnotated {
  format: FormatId;
  documents: PortableDocument[];
  /** a doccano file whose unit of offsets matters: the unit it was read with, and the other one's fate */
  offsetQuestion?: Omit<OffsetQuestion, 'file' | 'path'>;
}

/** The files a brat .ann is read with: its .txt, and glose-names.json when there is one. */
export interface BratCompanions {
  txt?: { bytes: Uint8Array; name: string };
  names?: { bytes: Uint8Array; name: string };
}

/**
 * A doccano file that fails in the unit it was read with, when the other unit matters too: the
 * renderer offers the other unit rather than just the error.
 */
export class OffsetUnitError extends Error {
  constructor(
    readonly error: FormatError,
    readonly offsetQuestion: Omit<OffsetQuestion, 'file' | 'path'>,
  ) {
    super(error.message);
    this.name = 'OffsetUnitError';
  }
}

/** A doccano file in `unit`; where the unit matters, the question to ask goes with the result or the error. */
function readDoccano(text: string, fileName: string, unit: OffsetUnit): ParsedAnnotated {
  if (!offsetUnitMatters(text)) return { format: 'doccano', documents: parseDoccano(text, fileName, { offsets: unit }) };
  const other: OffsetUnit = unit === 'codepoint' ? 'utf16' : 'codepoint';
  let offsetQuestion: Omit<OffsetQuestion, 'file' | 'path'>;
  try {
    offsetQuestion = { unit, alternative: parseDoccano(text, fileName, { offsets: other }) };
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    offsetQuestion = { unit, otherUnitProblem: describeFormatError(error, fileName) };
  }
  try {
    return { format: 'doccano', documents: parseDoccano(text, fileName, { offsets: unit }), offsetQuestion };
  } catch (error) {
    if (error instanceof FormatError) throw new OffsetUnitError(error, offsetQuestion);
    throw error;
  }
}

/**
 * Every document of one annotated file, or a FormatError naming the file and every bad line: one
 * bad line rejects the whole file. `companions` are the .txt (and names file) of a brat .ann.
 */
export function parseAnnotated(
  bytes: Uint8Array,
  fileName: string,
  companions: BratCompanions = {},
  budget: Budget = new Budget(limitsFor()),
): ParsedAnnotated {
  const kind = annotatedKindOf(fileName);
  switch (kind) {
    case 'zip':
      // a zip of WebAnno TSV files (Glose's export, INCEpTION's project export), else brat
      // (inflated within the budget: a small zip may hold gigabytes)
      return isWebannoZip(bytes)
        ? { format: 'webanno', documents: parseWebannoZip(bytes, fileName, budget) }
        : { format: 'brat', documents: parseZip(bytes, fileName, budget) };
    case 'tsv': {
      const text = decodeUtf8(bytes, fileName);
      if (!isWebannoTsv(text)) {
        throw new FormatError(fileName, 1, formatWords().annotated.tsv);
      }
      return { format: 'webanno', documents: [parseWebanno(text, fileName)] };
    }
    case 'ann': {
      const { txt, names: namesFile } = companions;
      if (!txt) throw new FormatError(fileName, undefined, formatWords().brat.noTxtBeside(basename(bratTextPath(fileName))));
      // brat reads the .txt without dropping a BOM, so its offsets count it: SourceText removes it.
      const text = decodeUtf8(txt.bytes, txt.name, true);
      const names: NameFile | undefined = namesFile ? parseNames(decodeUtf8(namesFile.bytes, namesFile.name), namesFile.name) : undefined;
      return { format: 'brat', documents: [parseAnn(text, decodeUtf8(bytes, fileName), fileName, txt.name, names)] };
    }
    case 'conll':
      return { format: 'conll', documents: parseConll(decodeUtf8(bytes, fileName), fileName) };
    case 'jsonl': {
      const text = decodeUtf8(bytes, fileName);
      const format = jsonlFormatOf(text);
      if (format === 'spacy') return { format, documents: parseSpacy(text, fileName) };
      if (format === 'prodigy') return { format, documents: parseProdigy(text, fileName) };
      // doccano's own unit first; where the other one matters too, both readings go back
      return readDoccano(text, fileName, 'codepoint');
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
        formatWords().annotated.json,
      );
    }
    default:
      throw new ExtractError('unsupported', errorWords().unsupportedType(extensionOf(fileName)));
  }
}

/** Reads a whole file, refusing it by its size on disk first. */
async function readLimited(path: string, limitBytes: number): Promise<{ bytes: Uint8Array; size: number }> {
  const handle: FileHandle = await open(path, 'r');
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new ExtractError('unsupported', errorWords().notAFile);
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

/** A file beside another, or undefined when there is none. */
async function readBeside(path: string, limitBytes: number): Promise<{ bytes: Uint8Array; size: number; name: string } | undefined> {
  try {
    return { ...(await readLimited(path, limitBytes)), name: basename(path) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return undefined;
  }
}

/**
 * An annotated file on disk -> its documents, each with the hash of its text, the file's path and
 * size. A brat .ann is read with the .txt of the same name beside it, and glose-names.json if any.
 */
export async function readAnnotatedFile(path: string, name: string, limitBytes: number = DEFAULT_SIZE_LIMIT): Promise<ParsedAnnotated> {
  const { bytes, size } = await readLimited(path, limitBytes);
  if (size === 0) throw new ExtractError('empty', errorWords().empty);
  const companions: BratCompanions = {};
  let total = size;
  if (annotatedKindOf(name) === 'ann') {
    const txt = await readBeside(bratTextPath(path), limitBytes);
    if (txt) {
      companions.txt = txt;
      total += txt.size;
    }
    const names = await readBeside(join(dirname(path), NAMES_FILE), limitBytes);
    if (names) companions.names = names;
  }
  const stamp = (docs: readonly PortableDocument[] = []): void => {
    for (const doc of docs) doc.meta = { ...doc.meta, sourcePath: path, size: total, hash: sha256Hex(doc.text) };
  };
  let parsed: ParsedAnnotated;
  try {
    parsed = parseAnnotated(bytes, name, companions, new Budget(limitsFor(limitBytes)));
  } catch (error) {
    // a doccano file that fails in code points may read in UTF-16: that reading is offered whole
    if (error instanceof OffsetUnitError) stamp(error.offsetQuestion.alternative);
    throw error;
  }
  if (parsed.documents.length === 0) throw new ExtractError('empty', errorWords().noDocument);
  stamp(parsed.documents);
  stamp(parsed.offsetQuestion?.alternative);
  return parsed;
}

/**
 * A FormatError as the import report shows it after the file name: "line 3: …" for the file
 * itself, "doc.ann line 3: …" for a file inside an archive.
 */
export function describeFormatError(err: FormatError, name: string): string {
  const more = err.total - 1;
  return `${describeProblem(err, name)}${more > 0 ? formatWords().more(more) : ''}`;
}

function describeProblem(err: FormatError, name: string): string {
  const words = formatWords();
  if (err.file === name) return err.line === undefined ? err.detail : words.atLine(err.line, err.detail);
  const inner = err.file.startsWith(`${name}/`) ? err.file.slice(name.length + 1) : err.file;
  return words.where(inner, err.line, err.detail);
}

/** Every problem of a FormatError as the import report lists them, and how many more there were. */
export function describeProblems(err: FormatError, name: string): string[] {
  const listed = err.problems.slice(0, PROBLEM_LIMIT).map((problem) => describeProblem(problem, name));
  const more = err.total - listed.length;
  return more > 0 ? [...listed, formatWords().andMore(more)] : listed;
}
