// Serialises documents into the chosen format and writes the file atomically; previews the first
// lines of an export and says, before and after, what the format cannot represent.
import type {
  ConllDocumentReport,
  ExportLoss,
  ExportPreview,
  ExportRequest,
  ExportResult,
  ReportedSpan,
  SpanListReport,
} from '../contract';
import type { PortableDocument, PortableSpan, SchemaSpec } from '../model';
import { BratNames, serializeDocument as bratDocument, zipChunks as bratChunks } from '../formats/brat';
import { checkConll, type ConllReport, serializeChunks as conllChunks } from '../formats/conll';
import { serializeChunks as csvChunks } from '../formats/csv';
import { serializeChunks as doccanoChunks } from '../formats/doccano';
import { graphemeSplits } from '../formats/graphemes';
import { describeLoss, type FormatId, type KnownReports } from '../formats/index';
import { serializeChunks as labelStudioChunks } from '../formats/labelstudio';
import { serializeChunks as prodigyChunks } from '../formats/prodigy';
import { serializeChunks as spacyChunks } from '../formats/spacy';
import { tokenisationNotes } from '../formats/tokens';
import { serializeChunks as w3cChunks } from '../formats/w3c';
import { serializeDocument as webannoDocument, type WebannoReport, zipChunks as webannoChunks } from '../formats/webanno';
import { concatBytes } from '../formats/zip-writer';
import { writeChunksAtomic } from './files';

/** The preview shows at most this many lines… */
export const PREVIEW_LINES = 20;
/** …and this many characters. */
export const PREVIEW_CHARS = 1500;
/** Spans listed per document in the CoNLL report (the counts are always complete). */
const REPORT_LIMIT = 20;

const EMPTY_SCHEMA: SchemaSpec = { name: '', labels: [], relations: [], categories: [] };

type Request = Pick<ExportRequest, 'format' | 'options' | 'documents' | 'schema'>;

/** What the CoNLL and WebAnno checks of each document found, filled in as the file is made. */
interface Checks {
  conll: Map<PortableDocument, ConllReport>;
  webanno: Map<PortableDocument, WebannoReport>;
}

/** What a writer is given: the request's documents, options and schema, and where the checks go. */
interface WriterInput {
  docs: PortableDocument[];
  options: NonNullable<ExportRequest['options']>;
  schema: SchemaSpec;
  paths: { fullPaths: boolean };
  checks: Checks | undefined;
}

type Writer = (input: WriterInput) => Iterable<string> | Iterable<Uint8Array>;

/** One writer per format: a format of EXPORT_FORMATS without one here does not compile. */
const WRITERS: Record<FormatId, Writer> = {
  doccano: ({ docs, options, paths }) => doccanoChunks(docs, { offsets: options.offsets ?? 'codepoint', ...paths }),
  conll: ({ docs, options, checks }) =>
    conllChunks(docs, {
      scheme: options.scheme ?? 'iob2',
      columns: options.columns ?? 2,
      overlap: options.overlap ?? 'outermost',
      language: options.language ?? 'auto',
    }, checks && ((doc, report) => checks.conll.set(doc, report))),
  brat: ({ docs, schema }) => bratChunks(docs, schema),
  webanno: ({ docs, options, checks }) =>
    webannoChunks(docs, { language: options.language ?? 'auto' }, checks && ((doc, report) => checks.webanno.set(doc, report))),
  w3c: ({ docs }) => w3cChunks(docs),
  labelstudio: ({ docs, paths }) => labelStudioChunks(docs, paths),
  spacy: ({ docs, paths }) => spacyChunks(docs, paths),
  prodigy: ({ docs, paths }) => prodigyChunks(docs, paths),
  csv: ({ docs, options }) => csvChunks(docs, { raw: options.raw === true, bom: options.bom === true }),
};

/**
 * The file's content a document at a time (an entry at a time for the zips), as it is written to
 * disk: text for every format but the zips, which are bytes. The tokenised formats fill `checks` in.
 */
export function exportChunks(request: Request, checks?: Checks): Iterable<string> | Iterable<Uint8Array> {
  const options = request.options ?? {};
  return WRITERS[request.format]({
    docs: request.documents,
    options,
    schema: request.schema ?? EMPTY_SCHEMA,
    paths: { fullPaths: options.fullPaths === true },
    checks,
  });
}

/** The whole file in memory: text for every format but the zips (brat, WebAnno TSV), which are bytes. */
export function serializeExport(request: Request): string | Uint8Array {
  const text: string[] = [];
  const bytes: Uint8Array[] = [];
  for (const chunk of exportChunks(request)) {
    if (typeof chunk === 'string') text.push(chunk);
    else bytes.push(chunk);
  }
  return bytes.length > 0 ? concatBytes(bytes) : text.join('');
}

function counts(docs: PortableDocument[]): { documents: number; spans: number; relations: number } {
  return {
    documents: docs.length,
    spans: docs.reduce((n, d) => n + d.spans.length, 0),
    relations: docs.reduce((n, d) => n + d.relations.length, 0),
  };
}

/**
 * What the export would drop or change. With CoNLL's "skip" policy neither span of an
 * overlapping pair is written, which the registry's message already says. `known`: what the
 * CoNLL and WebAnno checks found already.
 */
export function exportLosses(request: Pick<ExportRequest, 'format' | 'documents' | 'schema' | 'options'>, known: KnownReports = {}): ExportLoss[] {
  const language = request.options?.language ?? 'auto';
  return describeLoss(request.format, request.documents, request.schema ?? EMPTY_SCHEMA, { language }, known).map(({ kind, count, documents, message }) => ({
    kind,
    count,
    documents,
    message,
  }));
}

/** The first `maxLines` lines of `text`, at most `maxChars` long, and whether anything was cut. */
export function firstLines(text: string, maxLines = PREVIEW_LINES, maxChars = PREVIEW_CHARS): { text: string; truncated: boolean } {
  let end = 0;
  for (let line = 0; line < maxLines && end < text.length; line++) {
    const nl = text.indexOf('\n', end);
    end = nl === -1 ? text.length : nl + 1;
  }
  let shown = text.slice(0, Math.min(end, maxChars));
  // never cut a surrogate pair in half
  if (/[\uD800-\uDBFF]$/.test(shown)) shown = shown.slice(0, -1);
  return { text: shown, truncated: shown.length < text.length };
}

function reported(doc: PortableDocument, span: PortableSpan): ReportedSpan {
  return { label: span.label, text: doc.text.slice(span.start, span.end), start: span.start, end: span.end };
}

/** checkConll for every document (unless `known`), keeping the documents where something would change. */
export function conllReport(docs: PortableDocument[], language = 'auto', known?: ReadonlyMap<PortableDocument, ConllReport>): ConllDocumentReport[] {
  const out: ConllDocumentReport[] = [];
  for (const doc of docs) {
    const { misaligned, overlapping } = known?.get(doc) ?? checkConll(doc, { language });
    if (misaligned.length === 0 && overlapping.length === 0) continue;
    out.push({
      document: doc.name,
      misaligned: misaligned.slice(0, REPORT_LIMIT).map((s) => reported(doc, s)),
      misalignedCount: misaligned.length,
      overlapping: overlapping.slice(0, REPORT_LIMIT).map(([a, b]) => [reported(doc, a), reported(doc, b)]),
      overlappingCount: overlapping.length,
    });
  }
  return out;
}

/** The spans of each document that split a grapheme cluster, for formats that count characters. */
export function graphemeReport(docs: PortableDocument[]): SpanListReport[] {
  return docs.flatMap((doc) => {
    const spans = graphemeSplits(doc);
    return spans.length === 0 ? [] : [{ document: doc.name, spans: spans.slice(0, REPORT_LIMIT).map((s) => reported(doc, s)), count: spans.length }];
  });
}

/** The first lines of the export of the first document, with what the whole export would lose. */
export function previewExport(request: ExportRequest): ExportPreview {
  const [first] = request.documents;
  const schema = request.schema ?? EMPTY_SCHEMA;
  const names = request.format === 'brat' ? BratNames.of(schema, request.documents) : undefined;
  const splits = request.format === 'conll' ? [] : graphemeReport(request.documents);
  const language = request.options?.language ?? 'auto';
  const tokenised = request.format === 'conll' || request.format === 'webanno';
  // the losses and the CoNLL report both need every document's check: done once
  const checked = request.format === 'conll' ? new Map(request.documents.map((doc) => [doc, checkConll(doc, { language })])) : undefined;
  const base = {
    ...counts(request.documents),
    losses: exportLosses(request, { conll: checked }),
    ...(names ? { renamed: names.renamed.map(({ kind, name, id }) => ({ kind, name, id })) } : {}),
    ...(splits.length > 0 ? { graphemeSplits: splits } : {}),
    ...(tokenised ? { tokenisation: tokenisationNotes(request.documents, language) } : {}),
  };
  const conll = checked ? { conll: conllReport(request.documents, language, checked) } : {};
  if (!first) return { text: '', source: '', truncated: false, abridged: false, ...base, ...conll };
  let whole: string;
  let source = first.name;
  if (request.format === 'brat') {
    // the zip's first .ann: the lines that carry the annotations
    whole = bratDocument(first, names).ann;
    source = `${first.name.replace(/\.txt$/i, '')}.ann`;
  } else if (request.format === 'webanno') {
    whole = webannoDocument(first, { language });
    source = `${first.name}.tsv`;
  } else {
    whole = serializeExport({ ...request, documents: [first] }) as string;
  }
  const shortened = abridgeJson(request.format, whole);
  return { ...firstLines(shortened ?? whole), source, abridged: shortened !== undefined, ...base, ...conll };
}

/** Strings longer than this (the document text, mostly) are shortened in a JSON preview. */
const LONG_STRING = 240;
const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;

/**
 * The JSON formats put the whole text before the annotations, so that a preview of a long
 * document would show nothing but text: its long strings are shortened where they stand, the rest
 * of the file (layout, numbers such as spaCy's 1.0) kept as written. Returns undefined when nothing
 * needed shortening (or the format is not JSON).
 */
function abridgeJson(format: ExportRequest['format'], output: string): string | undefined {
  if (!['doccano', 'spacy', 'prodigy', 'w3c', 'labelstudio'].includes(format)) return undefined;
  let changed = false;
  const shortened = output.replace(JSON_STRING, (literal) => {
    if (literal.length <= LONG_STRING) return literal;
    const value = JSON.parse(literal) as string;
    if (value.length <= LONG_STRING) return literal;
    changed = true;
    let cut = value.slice(0, LONG_STRING);
    if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
    return JSON.stringify(`${cut}… [${(value.length - cut.length).toLocaleString('en')} more characters]`);
  });
  return changed ? shortened : undefined;
}

/**
 * Writes the export to `target` a document at a time, then tells what it lost: the tokenised
 * formats check each document while writing it, so no document is tokenised twice.
 */
export async function exportDocuments(request: ExportRequest, target: string): Promise<ExportResult> {
  const checks: Checks = { conll: new Map(), webanno: new Map() };
  const bytes = await writeChunksAtomic(target, exportChunks(request, checks));
  const losses = exportLosses(request, checks);
  return { path: target, bytes, format: request.format, ...counts(request.documents), losses };
}
