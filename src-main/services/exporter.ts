// Serialises documents into the chosen format and writes the file atomically; previews the first
// lines of an export and says, before and after, what the format cannot represent.
import type {
  ConllDocumentReport,
  ExportLoss,
  ExportPreview,
  ExportRequest,
  ExportResult,
  ReportedSpan,
} from '../contract';
import type { PortableDocument, PortableSpan, SchemaSpec } from '../model';
import { serializeDocument as bratDocument, serializeZip as serializeBrat } from '../formats/brat';
import { checkConll, serialize as serializeConll } from '../formats/conll';
import { serialize as serializeCsv } from '../formats/csv';
import { serialize as serializeDoccano } from '../formats/doccano';
import { describeLoss } from '../formats/index';
import { serialize as serializeLabelStudio } from '../formats/labelstudio';
import { serialize as serializeSpacy } from '../formats/spacy';
import { tokenisationNotes } from '../formats/tokens';
import { serialize as serializeW3c } from '../formats/w3c';
import { serializeDocument as webannoDocument, serializeZip as serializeWebanno } from '../formats/webanno';
import { writeFileAtomic } from './files';

/** The preview shows at most this many lines… */
export const PREVIEW_LINES = 20;
/** …and this many characters. */
export const PREVIEW_CHARS = 1500;
/** Spans listed per document in the CoNLL report (the counts are always complete). */
const REPORT_LIMIT = 20;

const EMPTY_SCHEMA: SchemaSpec = { name: '', labels: [], relations: [], categories: [] };

/** The file's content: text for every format but brat, whose zip is bytes. */
export function serializeExport(request: Pick<ExportRequest, 'format' | 'options' | 'documents' | 'schema'>): string | Uint8Array {
  const { documents: docs, options = {} } = request;
  switch (request.format) {
    case 'doccano':
      return serializeDoccano(docs, { offsets: options.offsets ?? 'codepoint' });
    case 'conll':
      return serializeConll(docs, {
        scheme: options.scheme ?? 'iob2',
        columns: options.columns ?? 2,
        overlap: options.overlap ?? 'outermost',
        language: options.language ?? 'auto',
      });
    case 'brat':
      return serializeBrat(docs, request.schema ?? EMPTY_SCHEMA);
    case 'webanno':
      return serializeWebanno(docs, { language: options.language ?? 'auto' });
    case 'w3c':
      return serializeW3c(docs);
    case 'labelstudio':
      return serializeLabelStudio(docs);
    case 'spacy':
      return serializeSpacy(docs);
    case 'csv':
      return serializeCsv(docs);
  }
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
 * overlapping pair is written, which the registry's message already says.
 */
export function exportLosses(request: Pick<ExportRequest, 'format' | 'documents' | 'options'>): ExportLoss[] {
  return describeLoss(request.format, request.documents, { language: request.options?.language ?? 'auto' }).map(({ kind, count, documents, message }) => ({ kind, count, documents, message }));
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

/** checkConll for every document, keeping the documents where something would change. */
export function conllReport(docs: PortableDocument[], language = 'auto'): ConllDocumentReport[] {
  const out: ConllDocumentReport[] = [];
  for (const doc of docs) {
    const { misaligned, overlapping } = checkConll(doc, { language });
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

/** The first lines of the export of the first document, with what the whole export would lose. */
export function previewExport(request: ExportRequest): ExportPreview {
  const [first] = request.documents;
  const base = { ...counts(request.documents), losses: exportLosses(request) };
  const language = request.options?.language ?? 'auto';
  const conll = request.format === 'conll' ? { conll: conllReport(request.documents, language) } : {};
  const tokenised = request.format === 'conll' || request.format === 'webanno';
  const notes = tokenised ? { tokenisation: tokenisationNotes(request.documents, language) } : {};
  if (!first) return { text: '', source: '', truncated: false, abridged: false, ...base, ...conll, ...notes };
  let whole: string;
  let source = first.name;
  if (request.format === 'brat') {
    // the zip's first .ann: the lines that carry the annotations
    whole = bratDocument(first).ann;
    source = `${first.name.replace(/\.txt$/i, '')}.ann`;
  } else if (request.format === 'webanno') {
    whole = webannoDocument(first, { language });
    source = `${first.name}.tsv`;
  } else {
    whole = serializeExport({ ...request, documents: [first] }) as string;
  }
  const shortened = abridgeJson(request.format, whole);
  return { ...firstLines(shortened ?? whole), source, abridged: shortened !== undefined, ...base, ...conll, ...notes };
}

/** Strings longer than this (the document text, mostly) are shortened in a JSON preview. */
const LONG_STRING = 240;

function abridgeValue(value: unknown, changed: { any: boolean }): unknown {
  if (typeof value === 'string') {
    if (value.length <= LONG_STRING) return value;
    changed.any = true;
    let cut = value.slice(0, LONG_STRING);
    if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
    return `${cut}… [${(value.length - cut.length).toLocaleString('en')} more characters]`;
  }
  if (Array.isArray(value)) return value.map((v) => abridgeValue(v, changed));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, abridgeValue(v, changed)]));
  }
  return value;
}

/**
 * The JSON formats put the whole text before the annotations, so that a preview of a long
 * document would show nothing but text: its long strings are shortened, the layout kept. Returns
 * undefined when nothing needed shortening (or the format is not JSON).
 */
function abridgeJson(format: ExportRequest['format'], output: string): string | undefined {
  const changed = { any: false };
  if (format === 'doccano' || format === 'spacy') {
    const lines = output.split('\n').map((line) => (line === '' ? line : JSON.stringify(abridgeValue(JSON.parse(line), changed))));
    return changed.any ? lines.join('\n') : undefined;
  }
  if (format === 'w3c' || format === 'labelstudio') {
    const shortened = JSON.stringify(abridgeValue(JSON.parse(output), changed), null, 2);
    return changed.any ? `${shortened}\n` : undefined;
  }
  return undefined;
}

export async function exportDocuments(request: ExportRequest, target: string): Promise<ExportResult> {
  const losses = exportLosses(request);
  const content = serializeExport(request);
  const bytes = await writeFileAtomic(target, content);
  return { path: target, bytes, format: request.format, ...counts(request.documents), losses };
}
