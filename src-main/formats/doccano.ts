// doccano JSONL, one document per line. Without relations a line is
//   {"text", "label": [[start, end, "LABEL"], …], "name", "meta", "cats"}
// and with relations (doccano's relation-extraction shape)
//   {"text", "entities": [{"id", "start_offset", "end_offset", "label"}],
//    "relations": [{"id", "from_id", "to_id", "type"}], "name", "meta", "cats"}.
// "name" and "meta" (descriptive metadata) are our own keys, "cats" holds document categories as
// doccano's intent-and-slot export does; "meta" and "cats" are written only when not empty. Other
// keys of an imported line (doccano's "id", "Comments"…) end up in the metadata's extra. Notes,
// attributes and relation notes are not carried.
// Parse either returns every document of the file or throws: one bad line rejects the file.
import { z } from 'zod';
import type { PortableDocument, PortableRelation, PortableSpan } from '../model';
import { type Fail, failAt } from './errors';
import { CodePointIndex, type OffsetUnit, SourceText } from './offsets';
import {
  exportRange,
  fallbackName,
  jsonLines,
  metadataRecord,
  parsedMetadata,
  resolveRelations,
  stringRecord,
  validate,
} from './shared';

export interface DoccanoOptions {
  /** doccano counts code points (Python string indexes); some tools write UTF-16 offsets */
  offsets?: OffsetUnit;
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
  return docs.map((doc) => `${JSON.stringify(toLine(doc, opts.offsets ?? 'codepoint'))}\n`).join('');
}

function toLine(doc: PortableDocument, unit: OffsetUnit): Record<string, unknown> {
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
  const meta = metadataRecord(doc.meta);
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
  for (const { value, line } of jsonLines(input, fileName)) {
    const fail: Fail = failAt(fileName, line);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail('expected a JSON object with "text" and "label" or "entities"');
    }
    if ('entities' in value && 'label' in value) {
      fail('has both "label" and "entities"; a doccano line uses one or the other');
    }
    const { header, source, spans, relations } =
      'entities' in value ? readEntities(value, unit, fail) : readLabels(value, unit, fail);
    const extra = Object.fromEntries(Object.entries(value).filter(([key]) => !KNOWN_KEYS.has(key)));
    docs.push({
      name: header.name ?? fallbackName(fileName, docs.length + 1),
      text: source.text,
      meta: parsedMetadata('doccano', source.normalisation, stringRecord({ ...extra, ...header.meta })),
      spans,
      relations,
      ...(header.cats?.length ? { categories: header.cats } : {}),
    });
  }
  return docs;
}

interface Read {
  header: z.output<typeof Header>;
  source: SourceText;
  spans: PortableSpan[];
  relations: PortableRelation[];
}

function readLabels(value: unknown, unit: OffsetUnit, fail: Fail): Read {
  const header = validate(LabelShape, value, fail);
  const source = new SourceText(header.text, unit);
  const spans = header.label.map(([start, end, label]) => ({ ...source.range(start, end, fail), label }));
  return { header, source, spans, relations: [] };
}

function readEntities(value: unknown, unit: OffsetUnit, fail: Fail): Read {
  const header = validate(EntityShape, value, fail);
  const source = new SourceText(header.text, unit);
  const keys = new Set<string>();
  const spans = header.entities.map((entity) => {
    const key = String(entity.id);
    if (keys.has(key)) fail(`two entities have the id ${JSON.stringify(entity.id)}`);
    keys.add(key);
    return { key, ...source.range(entity.start_offset, entity.end_offset, fail), label: entity.label };
  });
  const relations = header.relations.map((relation) => {
    const end = (id: string | number): string => {
      if (!keys.has(String(id))) {
        fail(`relation "${relation.type}" refers to entity ${JSON.stringify(id)}, not in "entities"`);
      }
      return String(id);
    };
    return { fromKey: end(relation.from_id), toKey: end(relation.to_id), type: relation.type };
  });
  return { header, source, spans, relations };
}
