// WebAnno TSV 3.3, the tab-separated format INCEpTION (and WebAnno) import and export, as its user
// guide specifies it ("WebAnno TSV 3.3 File format") and its reader and writer implement it
// (inception-io-webanno-tsv: Tsv3XDeserializer, Tsv3XSerializer, Tsv3XCasDocumentBuilder).
//
//   #FORMAT=WebAnno TSV 3.3
//   #T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|value
//   #T_RL=webanno.custom.Relation|value|BT_de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity
//   <two empty lines>
//   #Text=Marie Curie 🧪 was born in Warsaw .     one line per line of the sentence's text
//   1-1<TAB>0-5<TAB>Marie<TAB>PER[1]<TAB>_<TAB>_<TAB>    sentence-token, begin-end, token, columns
//   1-1.1<TAB>…                                   a sub-token: part of a token a span starts or ends in
//
// Spans are the built-in named-entity layer (label in `value`), which every INCEpTION project has;
// relations a custom relation layer `Relation` with a `value` feature over it, which the project
// needs before it imports the file (Layers ▸ Create: type Relation, attached to Named entity). A
// relation is written on the row of its target, with the id of its source's row. A span over
// several rows, or sharing a row with another, carries a disambiguation id (`PER[1]`), and values
// escape `\ [ ] | _ -> ; * TAB LF` with a backslash. Offsets count UTF-16 code units (Java
// strings), as Glose does. Tokens and sentences come from tokens.ts; a span that starts or ends
// inside a token is written on sub-tokens, so its offsets stay exact, while whitespace at its ends
// is dropped (the format has no rows for it). One file holds one document: an export of several is
// a zip of `<document name>.tsv` files, and the document's name is the file's.
//
// Import reads any TSV 3.2/3.3 file: spans from the named-entity layer and from custom span layers
// (label: the `value` feature, else the first feature, else the layer's name; other features become
// attributes), relations from relation layers over those. Other layers (POS, lemmas, dependencies,
// chains, slot features) are left out and counted in the metadata's "importNotes". The text is
// rebuilt from the #Text lines as INCEpTION rebuilds it, without the line break INCEpTION appends.
import { strToU8 } from 'fflate';
import type { PortableDocument, PortableRelation, PortableSpan } from '../model';
import { Budget, limitsFor } from '../extract/limits';
import { readZip, zipDirectory } from '../extract/zip';
import { type Fail, FormatError, failAt } from './errors';
import { SourceText } from './offsets';
import { exportRange, ImportLog, parsedMetadata, resolveRelations, stripBom, uniqueFileStems } from './shared';
import { type Token, tokenizeDocument } from './tokens';
import { concatBytes, zipEntries } from './zip-writer';
import { formatWords } from '../i18n/current';

export interface WebannoOptions {
  /** the tokenisation's language: 'auto' (default) or a BCP 47 tag, as for CoNLL */
  language?: string;
}

const FORMAT_LINE = '#FORMAT=WebAnno TSV 3.3';
export const NAMED_ENTITY = 'de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity';
export const RELATION = 'webanno.custom.Relation';

// ---- escaping (Escaping.java)

const VALUE_ESCAPES: Readonly<Record<string, string>> = { '\t': 't', '\n': 'n' };

/** A feature value with the format's reserved characters escaped. */
export function escapeValue(value: string): string {
  return value.replace(/->|[\\[\]|_;\t\n*]/g, (c) => `\\${VALUE_ESCAPES[c] ?? c}`);
}

function unescapeValue(value: string): string {
  return value.replace(/\\(\\|\[|\]|\||_|->|;|t|n|\*)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c));
}

const TEXT_ESCAPES: Readonly<Record<string, string>> = { '\t': 't', '\n': 'n', '\f': 'f', '\r': 'r', '\b': 'b', '\\': '\\' };
const TEXT_UNESCAPES: Readonly<Record<string, string>> = { t: '\t', n: '\n', f: '\f', r: '\r', b: '\b', '\\': '\\' };

/**
 * A #Text line's content as INCEpTION writes it: tab, line feed, form feed, carriage return,
 * backspace and backslash as `\t` `\n` `\f` `\r` `\b` `\\`, other control characters (but the
 * vertical tab) behind a backslash.
 */
function escapeText(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this escapes
  return text.replace(/[\x00-\x0a\x0c-\x1f\\]/g, (c) => `\\${TEXT_ESCAPES[c] ?? c}`);
}

function unescapeText(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this unescapes
  return text.replace(/\\([\x00-\x07\x0e-\x1f]|[tnfrb\\])/g, (_, c: string) => TEXT_UNESCAPES[c] ?? c);
}

// ---- writing

/** A row of the file: a token, or a sub-token (part of a token that a span starts or ends in). */
interface Unit {
  /** "sentence-token", or "sentence-token.sub" for a sub-token; set once the rows are numbered */
  id: string;
  start: number;
  end: number;
  // The three lists below are made when first needed: most tokens hold no annotation.
  /** indexes into doc.spans, in the order they were added (their stacking order) */
  spans?: number[];
  /** indexes into the resolved relations whose target this unit defines */
  relations?: number[];
  subTokens?: Unit[];
}

/** The rows of a document and the row that names each span (its first one). */
interface Layout {
  sentences: { text: string; tokens: Unit[] }[];
  idUnit: (Unit | undefined)[];
  /** disambiguation id of each span that needs one */
  ids: Map<number, number>;
}

/** Index of the last token whose `key` is below `value` (tokens are sorted and do not overlap). */
function lastBelow(tokens: readonly Token[], value: number, key: 'start' | 'end'): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((tokens[mid]?.[key] ?? 0) < value) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

function layoutOf(doc: PortableDocument, opts: WebannoOptions): Layout {
  const { tokens, sentenceStarts } = tokenizeDocument(doc, opts.language);
  const units = tokens.map((token): Unit => ({ id: '', start: token.start, end: token.end }));
  const sentences = sentenceStarts.map((first, s) => {
    const end = sentenceStarts[s + 1] ?? tokens.length;
    const start = tokens[first]?.start ?? 0;
    // A sentence's text runs on to the next one's first token, so that the text between them is
    // kept; INCEpTION adds a line break after each sentence, which takes the place of one at its end.
    const next = tokens[end]?.start ?? doc.text.length;
    const stop = end < tokens.length && doc.text[next - 1] === '\n' ? next - 1 : next;
    const sentenceUnits = units.slice(first, end);
    sentenceUnits.forEach((unit, t) => (unit.id = `${s + 1}-${t + 1}`));
    return { text: doc.text.slice(start, stop), tokens: sentenceUnits };
  });

  const ids = new Map<number, number>();
  const giveId = (span: number): void => {
    if (!ids.has(span)) ids.set(span, ids.size + 1);
  };
  const add = (unit: Unit, span: number): void => {
    const spans = (unit.spans ??= []);
    if (spans.includes(span)) return;
    spans.push(span);
    // Stacked spans all get an id, the ones already there first (TsvUnit.addUimaAnnotation).
    if (spans.length > 1) spans.forEach(giveId);
  };
  const subToken = (token: Unit, start: number, end: number): Unit => {
    const subTokens = (token.subTokens ??= []);
    const existing = subTokens.find((sub) => sub.start === start && sub.end === end);
    if (existing) return existing;
    const sub: Unit = { id: '', start, end };
    subTokens.push(sub);
    return sub;
  };

  // As INCEpTION does: spans in text order, each on the rows it covers, on sub-tokens where it
  // starts or ends inside a token.
  const idUnit: (Unit | undefined)[] = doc.spans.map(() => undefined);
  const order = doc.spans.map((_, i) => i).sort((a, b) => {
    const [x, y] = [doc.spans[a], doc.spans[b]];
    return (x?.start ?? 0) - (y?.start ?? 0) || (y?.end ?? 0) - (x?.end ?? 0) || a - b;
  });
  for (const i of order) {
    const span = doc.spans[i];
    if (!span) continue;
    exportRange(doc, span, undefined);
    // The token the span starts in (or the next one, if it starts in whitespace) and the one it ends in.
    const before = lastBelow(tokens, span.start + 1, 'start');
    const first = (tokens[before]?.end ?? 0) > span.start ? before : before + 1;
    const last = lastBelow(tokens, span.end, 'start');
    const [begin, end] = [units[first], units[last]];
    // Only whitespace: no row to write it on (checkWebanno reports it).
    if (!begin || !end || first > last) continue;
    const start = Math.max(span.start, begin.start);
    const stop = Math.min(span.end, end.end);
    const single = first === last;
    if (begin.start < start || (single && stop < begin.end)) {
      const sub = subToken(begin, start, single ? stop : begin.end);
      add(sub, i);
      idUnit[i] = sub;
    } else {
      add(begin, i);
      idUnit[i] = begin;
    }
    if (single) continue;
    for (let t = first + 1; t < last; t++) add(units[t] as Unit, i);
    add(end.end > stop ? subToken(end, end.start, stop) : end, i);
    giveId(i);
  }
  for (const sentence of sentences) {
    for (const token of sentence.tokens) {
      token.subTokens?.sort((a, b) => a.start - b.start || b.end - a.end);
      token.subTokens?.forEach((sub, k) => (sub.id = `${token.id}.${k + 1}`));
    }
  }
  return { sentences, idUnit, ids };
}

/** One document as a TSV 3.3 file. */
export function serializeDocument(doc: PortableDocument, opts: WebannoOptions = {}): string {
  return documentTsv(doc, layoutOf(doc, opts));
}

function documentTsv(doc: PortableDocument, { sentences, idUnit, ids }: Layout): string {
  const relations = resolveRelations(doc).filter(({ from, to }) => idUnit[from] && idUnit[to]);
  relations.forEach(({ to }, r) => {
    const unit = idUnit[to];
    if (unit) (unit.relations ??= []).push(r);
  });
  const hasSpans = idUnit.some((unit) => unit !== undefined);
  const hasRelations = relations.length > 0;

  const header = [FORMAT_LINE];
  if (hasSpans) header.push(`#T_SP=${NAMED_ENTITY}|value`);
  if (hasRelations) header.push(`#T_RL=${RELATION}|value|BT_${NAMED_ENTITY}`);
  /** What a row without annotations has after its token: an empty cell (`_`) per column. */
  const empty = '\t_'.repeat((hasSpans ? 1 : 0) + (hasRelations ? 2 : 0));

  // INCEpTION ends every row with a tab.
  const row = (unit: Unit): string => {
    const head = `${unit.id}\t${unit.start}-${unit.end}\t${doc.text.slice(unit.start, unit.end)}`;
    if (!unit.spans && !unit.relations) return `${head}${empty}\t\n`;
    let cells = '';
    if (hasSpans) {
      const values = (unit.spans ?? []).map((i) => {
        const id = ids.get(i);
        return `${escapeValue(doc.spans[i]?.label ?? '')}${id === undefined ? '' : `[${id}]`}`;
      });
      cells += `\t${values.length > 0 ? values.join('|') : '_'}`;
    }
    if (hasRelations) {
      const here = (unit.relations ?? []).flatMap((r) => relations[r] ?? []);
      const refs = here.map(({ from, to }) => {
        const [source, target] = [ids.get(from), ids.get(to)];
        const disambiguation = source === undefined && target === undefined ? '' : `[${source ?? 0}_${target ?? 0}]`;
        return `${idUnit[from]?.id ?? ''}${disambiguation}`;
      });
      cells += here.length > 0 ? `\t${here.map(({ relation }) => escapeValue(relation.type)).join('|')}\t${refs.join('|')}` : '\t_\t_';
    }
    return `${head}${cells}\t\n`;
  };

  const parts = [`${header.join('\n')}\n\n`];
  for (const sentence of sentences) {
    parts.push('\n');
    for (const line of sentence.text.split('\n')) parts.push(`#Text=${escapeText(line)}\n`);
    for (const token of sentence.tokens) {
      parts.push(row(token));
      for (const sub of token.subTokens ?? []) parts.push(row(sub));
    }
  }
  return parts.join('');
}

export interface WebannoReport {
  unwritten: PortableSpan[];
  trimmed: PortableSpan[];
  leadingWhitespace: boolean;
}

/**
 * What a TSV export of `doc` changes: spans of whitespace only are not written, whitespace at a
 * span's ends is dropped, and whitespace before the first word, other than spaces, becomes spaces
 * (INCEpTION pads the text before the first sentence with spaces).
 */
export function checkWebanno(doc: PortableDocument, opts: WebannoOptions = {}): WebannoReport {
  return reportOf(doc, layoutOf(doc, opts));
}

function reportOf(doc: PortableDocument, { idUnit }: Layout): WebannoReport {
  return {
    unwritten: doc.spans.filter((_, i) => idUnit[i] === undefined),
    trimmed: doc.spans.filter((span, i) => idUnit[i] !== undefined && /^\s|\s$/u.test(doc.text.slice(span.start, span.end))),
    leadingWhitespace: /[^\S ]/u.test(/^\s*/u.exec(doc.text)?.[0] ?? ''),
  };
}

/**
 * A zip of one TSV file per document, named after the document. Stored, not deflated: deflating a
 * project's TSV (some 40 MB for 100,000 spans) in JavaScript takes seconds, storing it a tenth of one.
 */
export function serializeZip(docs: PortableDocument[], opts: WebannoOptions = {}): Uint8Array {
  return concatBytes(zipChunks(docs, opts));
}

/**
 * serializeZip's bytes a document at a time, for writing to disk as they are made. `checked`, when
 * given, is told what checkWebanno would say of each document, without tokenising it again.
 */
export function zipChunks(
  docs: readonly PortableDocument[],
  opts: WebannoOptions = {},
  checked?: (doc: PortableDocument, report: WebannoReport) => void,
): Generator<Uint8Array> {
  return zipEntries(entries(docs, opts, checked), { level: 0 });
}

function* entries(
  docs: readonly PortableDocument[],
  opts: WebannoOptions,
  checked: ((doc: PortableDocument, report: WebannoReport) => void) | undefined,
): Generator<[string, Uint8Array]> {
  const names = uniqueFileStems(docs.map((doc) => doc.name));
  for (const [i, doc] of docs.entries()) {
    const lay = layoutOf(doc, opts);
    checked?.(doc, reportOf(doc, lay));
    yield [`${names[i]}.tsv`, strToU8(documentTsv(doc, lay))];
  }
}

// ---- reading

type LayerType = 'span' | 'relation' | 'chain';

interface Column {
  layer: string;
  type: LayerType;
  /** feature name, or what the column holds */
  kind: 'feature' | 'placeholder' | 'base' | 'slotRole' | 'slotTarget' | 'chain';
  feature: string;
}

interface Annotation {
  layer: string;
  start: number;
  end: number;
  features: Map<string, string>;
  line: number;
}

interface RelationAnnotation extends Annotation {
  source?: { unit: string; id: number };
  target?: { unit: string; id: number };
}

interface ParsedUnit {
  id: string;
  start: number;
  end: number;
  line: number;
  /** annotations by layer, in stacking order */
  layers: Map<string, Annotation[]>;
}

const shortName = (layer: string): string => layer.slice(layer.lastIndexOf('.') + 1);
/** Span layers whose annotations become spans: the named entities and the project's own layers. */
const isImportedSpanLayer = (layer: string): boolean => layer === NAMED_ENTITY || layer.startsWith('webanno.custom.');

/** True when `input` starts as a WebAnno TSV file does. */
export function isWebannoTsv(input: string): boolean {
  return /^#FORMAT=WebAnno TSV \d+\.\d+$/.test(stripBom(input).split(/\r\n|\r|\n/, 1)[0] ?? '');
}

function readHeader(lines: string[], fail: (line: number) => Fail): { columns: Column[]; next: number } {
  const format =
    /^#FORMAT=WebAnno TSV (\d+)\.(\d+)$/.exec(lines[0] ?? '') ??
    fail(1)(formatWords().webanno.firstLine);
  const [major, minor] = [Number(format[1]), Number(format[2])];
  if (major !== 3 || minor < 2) fail(1)(formatWords().webanno.version(`${major}.${minor}`));
  const columns: Column[] = [];
  let i = 1;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const declaration = /^#T_(SP|RL|CH)=(.+)$/.exec(line);
    if (!declaration) break;
    const type: LayerType = declaration[1] === 'SP' ? 'span' : declaration[1] === 'RL' ? 'relation' : 'chain';
    const [layer = '', ...features] = (declaration[2] ?? '').split('|');
    if (layer === '') fail(i + 1)(formatWords().webanno.noLayerName);
    const declared = features.filter((f) => f !== '');
    if (declared.length === 0) columns.push({ layer, type, kind: 'placeholder', feature: '' });
    let previous: Column | undefined;
    for (const feature of declared) {
      const kind: Column['kind'] =
        type === 'chain'
          ? 'chain'
          : type === 'relation' && feature.startsWith('BT_')
            ? 'base'
            : type === 'span' && feature.startsWith('ROLE_')
              ? 'slotRole'
              : type === 'span' && previous?.kind === 'slotRole'
                ? 'slotTarget'
                : 'feature';
      previous = { layer, type, kind, feature: kind === 'base' ? feature.slice(3) : feature };
      columns.push(previous);
    }
    if (type === 'relation' && previous?.kind !== 'base') fail(i + 1)(formatWords().webanno.noBase(layer));
  }
  // Two empty lines end the header (INCEpTION reads the first as the end of the declarations).
  if ((lines[i] ?? '') !== '') fail(i + 1)(formatWords().webanno.layerOrEmpty(JSON.stringify(lines[i])));
  return { columns, next: i + 1 };
}

const UNIT_ID = /^(\d+)-(\d+)(?:\.(\d+))?$/;
const STACK_SEPARATOR = /(?<!\\)\|/;

/** A stacked value and its disambiguation suffix: `PER[3]` → PER, 3; `1-2[0_4]` → 1-2, "0_4". */
function splitSuffix(value: string): { value: string; suffix: string | undefined } {
  if (value.endsWith(']') && !value.endsWith('\\]')) {
    const open = value.lastIndexOf('[');
    if (open >= 0) return { value: value.slice(0, open), suffix: value.slice(open + 1, -1) };
  }
  return { value, suffix: undefined };
}

/** One TSV file as one document, or a FormatError naming the line. */
export function parse(input: string, fileName: string, name = fileName.replace(/\.tsv$/i, '')): PortableDocument {
  const lines = stripBom(input).split(/\r\n|\r|\n/);
  const fail = (line: number): Fail => failAt(fileName, line);
  const { columns, next } = readHeader(lines, fail);
  const log = new ImportLog();

  let raw = '';
  let sentenceText: string[] = [];
  let state: 'between' | 'header' | 'rows' = 'between';
  const units = new Map<string, ParsedUnit>();
  const byId = new Map<number, Annotation>();
  const spans: Annotation[] = [];
  const relations: RelationAnnotation[] = [];

  for (let i = next; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const at = fail(i + 1);
    if (line === '') {
      if (i === lines.length - 1) break;
      if (state === 'header') at(formatWords().webanno.headerWithoutRows);
      state = 'between';
      continue;
    }
    if (line.startsWith('#')) {
      if (state === 'rows') at(formatWords().webanno.rowOrEmpty(JSON.stringify(line)));
      state = 'header';
      // #Sentence.id= and headers of later versions say nothing about the text.
      if (line.startsWith('#Text=')) sentenceText.push(unescapeText(line.slice('#Text='.length)));
      continue;
    }
    const cells = line.split('\t');
    const [id = '', offsets = ''] = cells;
    const unitId = UNIT_ID.exec(id) ?? at(formatWords().webanno.row(JSON.stringify(line)));
    const range = /^(\d+)-(\d+)$/.exec(offsets) ?? at(formatWords().webanno.offsets(offsets));
    const [start, end] = [Number(range[1]), Number(range[2])];
    if (state === 'between') at(formatWords().webanno.outsideSentence);
    if (state === 'header') {
      if (unitId[3] !== undefined) at(formatWords().webanno.subToken(id));
      // The sentence's text starts at its first token; INCEpTION ended the previous one with a
      // line break, which goes if there is no room for it, and fills a gap with spaces.
      if (raw.length > start) {
        if (raw.length !== start + 1 || !raw.endsWith('\n')) at(formatWords().webanno.insidePrevious(id, start));
        raw = raw.slice(0, -1);
      }
      raw += ' '.repeat(start - raw.length) + sentenceText.map((text) => `${text}\n`).join('');
      sentenceText = [];
      state = 'rows';
    }
    if (end < start || end > raw.length) at(formatWords().webanno.outsideText(start, end));
    const token = cells[2] ?? '';
    if (raw.slice(start, end) !== token) {
      at(formatWords().webanno.tokenText(JSON.stringify(token), start, end, JSON.stringify(raw.slice(start, end))));
    }
    if (units.has(id)) at(formatWords().webanno.rowTwice(id));
    const unit: ParsedUnit = { id, start, end, line: i + 1, layers: new Map() };
    units.set(id, unit);
    if (cells.length < columns.length + 3) at(formatWords().webanno.columns(columns.length, Math.max(0, cells.length - 3)));
    columns.forEach((column, c) => readCell(column, cells[c + 3] ?? '_', unit, at));
  }
  // The rows of every sentence were read: the text is complete, with INCEpTION's final line break.
  if (state === 'header') fail(lines.length)(formatWords().webanno.headerWithoutRows);

  function readCell(column: Column, cell: string, unit: ParsedUnit, at: Fail): void {
    if (cell === '_') return;
    const imported = column.type === 'span' ? isImportedSpanLayer(column.layer) : column.type === 'relation' && isImportedSpanLayer(baseOf(column.layer));
    if (!imported || column.kind === 'slotRole' || column.kind === 'slotTarget' || column.kind === 'chain') {
      log.add(column.kind.startsWith('slot') ? 'webanno-slot-value' : 'webanno-value', column.layer);
      return;
    }
    const stacked = unit.layers.get(column.layer) ?? [];
    unit.layers.set(column.layer, stacked);
    cell.split(STACK_SEPARATOR).forEach((part, k) => {
      const { value, suffix } = column.kind === 'base' ? { value: part, suffix: undefined } : splitSuffix(part);
      let annotation = stacked[k];
      if (!annotation && column.type === 'span' && suffix !== undefined) {
        const id = Number(suffix);
        if (!Number.isSafeInteger(id)) at(formatWords().webanno.disambiguation(suffix));
        annotation = byId.get(id);
        if (annotation) annotation.end = unit.end;
      }
      if (!annotation) {
        annotation = { layer: column.layer, start: unit.start, end: unit.end, features: new Map(), line: unit.line };
        (column.type === 'span' ? spans : relations).push(annotation);
        if (column.type === 'span' && suffix !== undefined) byId.set(Number(suffix), annotation);
      }
      stacked[k] = annotation;
      // `*`: the annotation is there, its feature is not set; nor is it when only an id is left (`[3]`)
      if (column.kind === 'feature' && value !== '*' && value !== '') annotation.features.set(column.feature, unescapeValue(value));
      if (column.kind === 'base') {
        const ref = splitSuffix(value);
        const ids = (ref.suffix ?? '0_0').split('_').map(Number);
        if (!UNIT_ID.test(ref.value) || ids.length !== 2 || ids.some((n) => !Number.isSafeInteger(n))) at(formatWords().webanno.reference(value));
        Object.assign(annotation, { source: { unit: ref.value, id: ids[0] ?? 0 }, target: { unit: unit.id, id: ids[1] ?? 0 } });
      }
    });
  }

  function baseOf(layer: string): string {
    return columns.find((c) => c.layer === layer && c.kind === 'base')?.feature ?? '';
  }

  // Text: INCEpTION's, less the line break it adds after the last sentence; CRs become LFs.
  const source = new SourceText(raw.endsWith('\n') ? raw.slice(0, -1) : raw, 'utf16');
  const outSpans: PortableSpan[] = [];
  const keys = new Map<Annotation, string>();
  const zeroWidth = new Set<Annotation>();
  for (const annotation of spans) {
    if (annotation.start === annotation.end) {
      zeroWidth.add(annotation);
      log.add('webanno-zero-width');
      continue;
    }
    const { start, end } = source.range(annotation.start, annotation.end, fail(annotation.line));
    const features = [...annotation.features];
    const labelFeature = annotation.features.has('value') ? 'value' : features[0]?.[0];
    const label = (labelFeature !== undefined ? annotation.features.get(labelFeature) : undefined) ?? shortName(annotation.layer);
    const attributes = Object.fromEntries(features.filter(([feature]) => feature !== labelFeature));
    const key = `T${outSpans.length + 1}`;
    keys.set(annotation, key);
    outSpans.push({ key, start, end, label, ...(Object.keys(attributes).length > 0 ? { attributes } : {}) });
  }
  const outRelations: PortableRelation[] = [];
  for (const relation of relations) {
    const at = fail(relation.line);
    /** the key of the span at one end, or undefined for a zero-width span, which was left out */
    const end = (ref: { unit: string; id: number } | undefined, base: string, which: 'source' | 'target'): string | undefined => {
      const unit = ref && units.get(ref.unit);
      if (!ref || !unit) return at(formatWords().webanno.missingRow(ref?.unit));
      const candidates = unit.layers.get(base) ?? [];
      const annotation = ref.id > 0 ? byId.get(ref.id) : candidates[0];
      if (annotation && zeroWidth.has(annotation)) return undefined;
      const key = annotation && keys.get(annotation);
      if (!annotation || !key || (ref.id === 0 && candidates.length === 0)) {
        return at(formatWords().webanno.emptyEnd(which, `${ref.unit}${ref.id > 0 ? ` [${ref.id}]` : ''}`, shortName(base)));
      }
      return key;
    };
    const base = baseOf(relation.layer);
    const features = [...relation.features];
    const typeFeature = relation.features.has('value') ? 'value' : features[0]?.[0];
    const [fromKey, toKey] = [end(relation.source, base, 'source'), end(relation.target, base, 'target')];
    // INCEpTION links zero-width spans too; with the span left out, its relations go with it
    if (fromKey === undefined || toKey === undefined) {
      log.add('webanno-zero-width-relation');
      continue;
    }
    outRelations.push({
      fromKey,
      toKey,
      type: (typeFeature !== undefined ? relation.features.get(typeFeature) : undefined) ?? shortName(relation.layer),
    });
  }
  return {
    name,
    text: source.text,
    meta: parsedMetadata('webanno', source.normalisation, log.record()),
    spans: outSpans,
    relations: outRelations,
  };
}

/**
 * Every document of a zip of TSV files (ours, or INCEpTION's project export, whose
 * `annotation/<document>/<user>.tsv` and `curation/<document>/…` name the document by folder).
 */
export function parseZip(bytes: Uint8Array, fileName: string, budget: Budget = new Budget(limitsFor())): PortableDocument[] {
  // inflated within the budget: a small zip may hold gigabytes
  const entries = readZip(bytes, {
    wanted: (name) => /\.tsv$/i.test(name) && !/(^|\/)(\.|__MACOSX\/)/.test(name),
    budget,
    damaged: (reason) => new FormatError(fileName, undefined, formatWords().notZip(reason)),
  });
  const docs = [...entries].map(([path, data]) => {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch {
      throw new FormatError(`${fileName}/${path}`, undefined, formatWords().notUtf8For('WebAnno TSV'));
    }
    const folder = /(?:^|\/)(?:annotation|curation)\/([^/]+)\/[^/]+\.tsv$/i.exec(path)?.[1];
    const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.tsv$/i, '');
    return parse(text, `${fileName}/${path}`, folder ?? base);
  });
  if (docs.length === 0) throw new FormatError(fileName, undefined, formatWords().webanno.noTsv);
  return docs;
}

/** True when a zip holds WebAnno TSV files (and no brat .ann): it is read by parseZip here. */
export function isWebannoZip(bytes: Uint8Array): boolean {
  let names: string[];
  try {
    // the directory alone: nothing is inflated to tell the two kinds apart
    names = zipDirectory(bytes, (reason) => new Error(reason)).map((entry) => entry.name.toLowerCase());
  } catch {
    return false;
  }
  return names.some((name) => name.endsWith('.tsv')) && !names.some((name) => name.endsWith('.ann'));
}
