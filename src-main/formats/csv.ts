// CSV, one row per span: document,start,end,label,text,note,attributes (RFC 4180: header row,
// CRLF between records, fields quoted when they hold a comma, quote, CR or LF, and also a
// semicolon or tab, which spreadsheets in some locales split on; quotes doubled).
// Offsets are code points. Attributes are written `name=value;name=value`, with `\`, `=` and `;`
// inside names and values escaped by a backslash.
// Spreadsheets run a cell that starts with =, +, -, @, tab or CR as a formula, so by default such a
// text cell gets a leading ' (OWASP's advice for CSV injection), which they show as text; so does
// one that starts with quotes before such a character, so that reading takes exactly one ' off.
// `raw` writes cells as they are. `bom` starts the file with a UTF-8 byte order mark, without which
// Excel reads the file in the system's legacy encoding and garbles accents.
// The CSV carries no document text, so parse returns each document's spans with code-point
// offsets still as written; `attachSpans` turns them into Glose spans once the caller has the
// document's text, checking each row's text column against it. Relations, categories and
// metadata are not carried. Parse either returns every row of the file or throws.
import type { PortableDocument, PortableSpan } from '../model';
import { type Fail, failAt, Problems } from './errors';
import { CodePointIndex, SourceText } from './offsets';
import { checkQuote, exportRange, stripBom } from './shared';
import { formatWords } from '../i18n/current';

const COLUMNS = ['document', 'start', 'end', 'label', 'text', 'note', 'attributes'] as const;

/** A span as a CSV row has it: offsets in code points, not yet tied to a text. */
export interface CsvSpan {
  start: number;
  end: number;
  label: string;
  /** the text column, checked against the document's text by attachSpans */
  text: string;
  note?: string;
  attributes?: Record<string, string>;
  /** line of the row in the file, for messages */
  line: number;
}

export interface CsvDocumentSpans {
  /** the document column */
  name: string;
  spans: CsvSpan[];
}

export interface CsvOptions {
  /** write text cells as they are, even those a spreadsheet would run as a formula */
  raw?: boolean;
  /** start the file with a UTF-8 byte order mark, for Excel */
  bom?: boolean;
}

function quoteField(field: string): string {
  return /[",;\t\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

const FORMULA = /^'*[=+\-@\t\r]/;

/** A text cell a spreadsheet shows as text: a leading ' before what it would run as a formula. */
export const neutralise = (cell: string): string => (FORMULA.test(cell) ? `'${cell}` : cell);

/** The cell `neutralise` was given. */
const restore = (cell: string): string => (cell.startsWith("'") && FORMULA.test(cell) ? cell.slice(1) : cell);

const escapeAttribute = (part: string): string => part.replace(/[\\=;]/g, (c) => `\\${c}`);

function formatAttributes(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([name, value]) => `${escapeAttribute(name)}=${escapeAttribute(value)}`)
    .join(';');
}

function parseAttributes(field: string, fail: Fail): Record<string, string> | undefined {
  if (field === '') return undefined;
  const attributes: Record<string, string> = {};
  // Each pair is name=value with backslash escapes; pairs are separated by unescaped semicolons.
  const pair = /((?:[^\\=;]|\\.)*)=((?:[^\\=;]|\\.)*)(;|$)/gsy;
  const unescape = (part: string): string => part.replace(/\\(.)/gs, '$1');
  let match: RegExpExecArray | null;
  while (pair.lastIndex < field.length && (match = pair.exec(field)) !== null) {
    attributes[unescape(match[1] ?? '')] = unescape(match[2] ?? '');
    if (match[3] === '') break;
  }
  if (pair.lastIndex !== field.length) {
    fail(formatWords().csv.attributes(JSON.stringify(field)));
  }
  return attributes;
}

export function serialize(docs: PortableDocument[], options: CsvOptions = {}): string {
  return [...serializeChunks(docs, options)].join('');
}

const csvRow = (row: readonly string[]): string => `${row.map(quoteField).join(',')}\r\n`;

/** The file a document at a time, for writing to disk as it is made. */
export function* serializeChunks(docs: Iterable<PortableDocument>, options: CsvOptions = {}): Generator<string> {
  const text = options.raw === true ? (cell: string) => cell : neutralise;
  yield `${options.bom === true ? '\uFEFF' : ''}${csvRow(COLUMNS)}`;
  for (const doc of docs) {
    const index = new CodePointIndex(doc.text);
    const rows = doc.spans.map((span) => {
      const [start, end] = exportRange(doc, span, index);
      return csvRow([
        text(doc.name),
        String(start),
        String(end),
        text(span.label),
        text(doc.text.slice(span.start, span.end)),
        text(span.note ?? ''),
        text(formatAttributes(span.attributes ?? {})),
      ]);
    });
    yield rows.join('');
  }
}

const FIELD = /"((?:[^"]+|"")*)"|[^",\r\n]*/y;
const LINE_BREAK = /\r\n?|\n/g;

interface CsvRecord {
  fields: string[];
  /** the line the record starts on */
  line: number;
}

function readRecords(input: string, fail: (line: number, detail: string) => never): CsvRecord[] {
  const records: CsvRecord[] = [];
  let position = 0;
  let line = 1;
  while (position < input.length) {
    const record: CsvRecord = { fields: [], line };
    records.push(record);
    for (;;) {
      FIELD.lastIndex = position;
      const match = FIELD.exec(input);
      const raw = match?.[0] ?? '';
      const quoted = match?.[1];
      record.fields.push(quoted === undefined ? raw : quoted.replaceAll('""', '"'));
      line += raw.match(LINE_BREAK)?.length ?? 0;
      position += raw.length;
      const next = input[position];
      if (next === undefined) break;
      if (next === ',') {
        position++;
        continue;
      }
      if (next === '\r' || next === '\n') {
        position += input.startsWith('\r\n', position) ? 2 : 1;
        line++;
        break;
      }
      fail(
        line,
        quoted !== undefined
          ? formatWords().csv.quotedThenText
          : raw === ''
            ? formatWords().csv.neverClosed
            : formatWords().csv.strayQuote,
      );
    }
  }
  return records;
}

export function parse(input: string, fileName: string): CsvDocumentSpans[] {
  const failLine = (line: number, detail: string): never => failAt(fileName, line)(detail);
  const byName = new Map<string, CsvSpan[]>();
  const problems = new Problems();
  let header = true;
  for (const { fields, line } of readRecords(stripBom(input), failLine)) {
    const fail: Fail = failAt(fileName, line);
    if (header) {
      if (fields.join(',') !== COLUMNS.join(',')) fail(formatWords().csv.header(COLUMNS.join(',')));
      header = false;
      continue;
    }
    if (fields.length === 1 && fields[0] === '') continue;
    problems.attempt(() => readRow(fields, line, fail));
  }
  if (header) failAt(fileName)(formatWords().csv.emptyFile);
  problems.check();
  return [...byName].map(([name, spans]) => ({ name, spans }));

  function readRow(fields: string[], line: number, fail: Fail): void {
    if (fields.length !== COLUMNS.length) fail(formatWords().csv.fieldCount(COLUMNS.length, fields.length));
    const [name = '', start = '', end = '', label = '', text = '', note = '', attributes = ''] = fields.map(restore);
    const offset = (value: string, column: string): number =>
      /^\d+$/.test(value) ? Number(value) : fail(formatWords().csv.notWhole(column, JSON.stringify(value)));
    const span: CsvSpan = { start: offset(start, 'start'), end: offset(end, 'end'), label, text, line };
    if (note !== '') span.note = note;
    const parsedAttributes = parseAttributes(attributes, fail);
    if (parsedAttributes !== undefined) span.attributes = parsedAttributes;
    const spans = byName.get(name) ?? [];
    spans.push(span);
    byName.set(name, spans);
  }
}

/**
 * The Glose spans of `document`, given its stored text: converts code points to UTF-16 and checks
 * each row's text column against the text. `fileName` is for messages.
 */
export function attachSpans(document: CsvDocumentSpans, text: string, fileName: string): PortableSpan[] {
  const source = new SourceText(text, 'codepoint');
  const problems = new Problems();
  const spans = document.spans.map(({ start, end, label, text: quote, note, attributes, line }) =>
    problems.attempt((): PortableSpan => {
      const fail: Fail = failAt(fileName, line);
      const offsets = source.range(start, end, fail);
      checkQuote(quote, source.quote(start, end), `${start}–${end}`, fail);
      return {
        ...offsets,
        label,
        ...(note !== undefined ? { note } : {}),
        ...(attributes !== undefined ? { attributes } : {}),
      };
    }),
  );
  problems.check();
  return spans.filter((span) => span !== undefined);
}
