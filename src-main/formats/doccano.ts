// doccano JSONL, one document per line. Without relations a line is
//   {"text", "label": [[start, end, "LABEL"], …], "name", "meta", "cats"}
// and with relations (doccano's relation-extraction shape)
//   {"text", "entities": [{"id", "start_offset", "end_offset", "label"}],
//    "relations": [{"id", "from_id", "to_id", "type"}], "name", "meta", "cats"}.
// "name" and "meta" (descriptive metadata) are our own keys, "cats" holds document categories as
// doccano's intent-and-slot export does; "meta" and "cats" are written only when not empty. Other
// keys of an imported line (doccano's "id", "Comments"…) end up in the metadata's extra. Notes,
// attributes and relation notes are not carried.
// Offsets are code points by default (doccano is Python) or UTF-16 units; nothing in a file says
// which. Import in one unit refuses, naming the line, spans that look written in the other: an
// offset inside a surrogate pair, or spans off word boundaries where the other unit would put
// every span of the line on word boundaries.
// Parse either returns every document of the file or throws, with every bad line (up to a cap).
import { z } from 'zod';
import type { Offsets, PortableDocument, PortableRelation, PortableSpan } from '../model';
import { type Fail, failAt, Problems } from './errors';
import { isWordBoundary } from './graphemes';
import { CodePointIndex, type OffsetUnit, SourceText } from './offsets';
import {
  exportRange,
  fallbackName,
  jsonLines,
  type MetadataOptions,
  metadataRecord,
  parsedMetadata,
  resolveRelations,
  stringRecord,
  validate,
} from './shared';
import { formatWords } from '../i18n/current';

export interface DoccanoOptions extends MetadataOptions {
  /** doccano counts code points (Python string indexes); some tools write UTF-16 offsets */
  offsets?: OffsetUnit;
}


/**
 * True when a file's offsets mean different things in code points and in UTF-16 units: only
 * characters outside the BMP (emoji, 𝒳…) count twice in UTF-16. Python's JSON writer escapes them
 * as \ud83d\ude00, so escaped surrogates count too.
 */
export function offsetUnitMatters(input: string): boolean {
  return /[\uD800-\uDBFF][\uDC00-\uDFFF]|\\u[dD][89abAB][0-9a-fA-F]{2}/.test(input);
}

const Offset = z.int().min(0);
const Id = z.union([z.int(), z.string()]);

const Header = z.object({
  text: z.string(),
  name: z.string().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
  cats: z.array(z.string()).optional(),
});
const LabelShape = Header.extend({
  label: z.array(z.tuple([Offset, Offset, z.string()])).default([]),
});
const EntityShape = Header.extend({
  entities: z.array(z.object({ id: Id, start_offset: Offset, end_offset: Offset, label: z.string() })),
  relations: z
    .array(z.object({ id: Id.optional(), from_id: Id, to_id: Id, type: z.string() }))
    .default([]),
});
const KNOWN_KEYS = new Set(['text', 'name', 'meta', 'cats', 'label', 'entities', 'relations']);

export function serialize(docs: PortableDocument[], opts: DoccanoOptions = {}): string {
  return [...serializeChunks(docs, opts)].join('');
}

/** The file a document at a time, for writing to disk as it is made. */
export function* serializeChunks(docs: Iterable<PortableDocument>, opts: DoccanoOptions = {}): Generator<string> {
  for (const doc of docs) yield `${JSON.stringify(toLine(doc, opts.offsets ?? 'codepoint', opts))}\n`;
}

function toLine(doc: PortableDocument, unit: OffsetUnit, options: MetadataOptions): Record<string, unknown> {
  const index = unit === 'codepoint' ? new CodePointIndex(doc.text) : undefined;
  const spans = doc.spans.map((span) => {
    const [start, end] = exportRange(doc, span, index);
    return { start, end, label: span.label };
  });
  const annotations =
    doc.relations.length === 0
      ? { label: spans.map(({ start, end, label }) => [start, end, label]) }
      : {
          entities: spans.map(({ start, end, label }, i) => ({
            id: i + 1,
            start_offset: start,
            end_offset: end,
            label,
          })),
          relations: resolveRelations(doc).map(({ relation, from, to }, i) => ({
            id: i + 1,
            from_id: from + 1,
            to_id: to + 1,
            type: relation.type,
          })),
        };
  const meta = metadataRecord(doc.meta, options);
  return {
    text: doc.text,
    ...annotations,
    name: doc.name,
    ...(Object.keys(meta).length > 0 ? { meta } : {}),
    ...(doc.categories?.length ? { cats: doc.categories } : {}),
  };
}

export function parse(input: string, fileName: string, opts: DoccanoOptions = {}): PortableDocument[] {
  const unit = opts.offsets ?? 'codepoint';
  const docs: PortableDocument[] = [];
  const problems = new Problems();
  for (const { value, line } of jsonLines(input, fileName, problems)) {
    const doc = problems.attempt(() => readLine(value, unit, failAt(fileName, line), fallbackName(fileName, docs.length + 1)));
    if (doc !== undefined) docs.push(doc);
  }
  problems.check();
  return docs;
}

function readLine(value: unknown, unit: OffsetUnit, fail: Fail, fallback: string): PortableDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(formatWords().doccano.object);
  }
  if ('entities' in value && 'label' in value) {
    fail(formatWords().doccano.both);
  }
  const { header, source, spans, relations } =
    'entities' in value ? readEntities(value, unit, fail) : readLabels(value, unit, fail);
  const extra = Object.fromEntries(Object.entries(value).filter(([key]) => !KNOWN_KEYS.has(key)));
  return {
    name: header.name ?? fallback,
    text: source.text,
    meta: parsedMetadata('doccano', source.normalisation, stringRecord({ ...extra, ...header.meta })),
    spans,
    relations,
    ...(header.cats?.length ? { categories: header.cats } : {}),
  };
}

interface Read {
  header: z.output<typeof Header>;
  source: SourceText;
  spans: PortableSpan[];
  relations: PortableRelation[];
}

/**
 * The stored offsets of a line's spans, written as `ranges` in `unit`; refuses spans that look
 * written in the other unit (see the top of this file).
 */
function placeSpans(text: string, ranges: [number, number][], unit: OffsetUnit, fail: Fail): { source: SourceText; offsets: Offsets[] } {
  const source = new SourceText(text, unit);
  const placed = ranges.map(([start, end]) => source.tryRange(start, end));
  const onWords = (offsets: Offsets | undefined, stored: string): boolean =>
    offsets !== undefined && isWordBoundary(stored, offsets.start) && isWordBoundary(stored, offsets.end);
  const astray = placed.findIndex((offsets) => !onWords(offsets, source.text));
  if (astray < 0) return { source, offsets: placed.filter((offsets) => offsets !== undefined) };
  const otherUnit: OffsetUnit = unit === 'codepoint' ? 'utf16' : 'codepoint';
  const other = new SourceText(text, otherUnit);
  const elsewhere = ranges.map(([start, end]) => other.tryRange(start, end));
  const [start, end] = ranges[astray] ?? [0, 0];
  const words = formatWords().doccano;
  if (elsewhere.every((offsets) => onWords(offsets, other.text))) {
    const shown = placed[astray];
    const surface = shown === undefined ? words.notARange(words.units[unit]) : JSON.stringify(source.text.slice(shown.start, shown.end));
    fail(words.otherUnit(start, end, surface, words.units[unit], words.units[otherUnit]));
  }
  const offsets = ranges.map(([from, to], i) => {
    const hint = elsewhere[i] !== undefined ? words.hint(words.units[otherUnit]) : '';
    return placed[i] ?? source.range(from, to, (detail) => fail(`${detail}${hint}`));
  });
  return { source, offsets };
}

function readLabels(value: unknown, unit: OffsetUnit, fail: Fail): Read {
  const header = validate(LabelShape, value, fail);
  const { source, offsets } = placeSpans(header.text, header.label.map(([start, end]) => [start, end]), unit, fail);
  const spans = header.label.map(([, , label], i) => ({ ...(offsets[i] ?? { start: 0, end: 0 }), label }));
  return { header, source, spans, relations: [] };
}

function readEntities(value: unknown, unit: OffsetUnit, fail: Fail): Read {
  const header = validate(EntityShape, value, fail);
  const ranges = header.entities.map((entity): [number, number] => [entity.start_offset, entity.end_offset]);
  const { source, offsets } = placeSpans(header.text, ranges, unit, fail);
  const keys = new Set<string>();
  const spans = header.entities.map((entity, i) => {
    const key = String(entity.id);
    if (keys.has(key)) fail(formatWords().doccano.entityTwice(JSON.stringify(entity.id)));
    keys.add(key);
    return { key, ...(offsets[i] ?? { start: 0, end: 0 }), label: entity.label };
  });
  const relations = header.relations.map((relation) => {
    const end = (id: string | number): string => {
      if (!keys.has(String(id))) {
        fail(formatWords().doccano.relationEntity(relation.type, JSON.stringify(id)));
      }
      return String(id);
    };
    return { fromKey: end(relation.from_id), toKey: end(relation.to_id), type: relation.type };
  });
  return { header, source, spans, relations };
}
