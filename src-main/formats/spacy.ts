// spaCy-style JSONL (as Prodigy and spaCy's own converters read it), one document per line:
//   {"text", "spans": [{"start", "end", "label"}], "relations": [{"head", "child", "label"}],
//    "cats": {"CATEGORY": 1}, "name", "meta"}
// Offsets are code points (Python string indexes). "head" and "child" are indexes into "spans"
// (from and to); "relations", "cats" and "meta" are written only when not empty. Other keys of an
// imported line end up in the metadata's extra; a category is read when its score is at least 0.5.
// Notes, attributes and relation notes are not carried.
// Parse either returns every document of the file or throws: one bad line rejects the file.
import { z } from 'zod';
import type { PortableDocument } from '../model';
import { type Fail, failAt } from './errors';
import { CodePointIndex, SourceText } from './offsets';
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

/**
 * Binary `.spacy` files are a msgpack-encoded DocBin holding spaCy's internal arrays (hashed
 * strings, token attributes, a vocabulary). Writing or reading one faithfully needs spaCy itself,
 * so Glose offers this JSONL instead; `python -m spacy convert` or a few lines of Python turn it
 * into a DocBin.
 */
export const DOCBIN_UNSUPPORTED =
  'Binary .spacy (DocBin) files are not supported: they need spaCy itself to read and write. ' +
  'Export spaCy JSONL instead and convert it with spaCy.';

const Offset = z.int().min(0);
const Line = z.object({
  text: z.string(),
  spans: z.array(z.object({ start: Offset, end: Offset, label: z.string() })).default([]),
  relations: z.array(z.object({ head: Offset, child: Offset, label: z.string() })).default([]),
  cats: z.record(z.string(), z.number()).default({}),
  name: z.string().optional(),
  meta: z.record(z.string(), z.unknown()).default({}),
});
const KNOWN_KEYS = new Set(Object.keys(Line.shape));

export function serialize(docs: PortableDocument[]): string {
  return docs.map((doc) => `${JSON.stringify(toLine(doc))}\n`).join('');
}

function toLine(doc: PortableDocument): Record<string, unknown> {
  const index = new CodePointIndex(doc.text);
  const relations = resolveRelations(doc).map(({ relation, from, to }) => ({
    head: from,
    child: to,
    label: relation.type,
  }));
  const meta = metadataRecord(doc.meta);
  return {
    text: doc.text,
    spans: doc.spans.map((span) => {
      const [start, end] = exportRange(doc, span, index);
      return { start, end, label: span.label };
    }),
    ...(relations.length > 0 ? { relations } : {}),
    ...(doc.categories?.length ? { cats: Object.fromEntries(doc.categories.map((c) => [c, 1])) } : {}),
    name: doc.name,
    ...(Object.keys(meta).length > 0 ? { meta } : {}),
  };
}

export function parse(input: string, fileName: string): PortableDocument[] {
  const docs: PortableDocument[] = [];
  for (const { value, line } of jsonLines(input, fileName)) {
    const fail: Fail = failAt(fileName, line);
    const parsed = validate(Line, value, fail);
    const source = new SourceText(parsed.text, 'codepoint');
    const spans = parsed.spans.map((span, i) => ({
      key: String(i),
      ...source.range(span.start, span.end, fail),
      label: span.label,
    }));
    const relations = parsed.relations.map((relation) => {
      const end = (i: number): string =>
        spans[i]?.key ??
        fail(`relation "${relation.label}" refers to span ${i}, but there are ${spans.length} spans`);
      return { fromKey: end(relation.head), toKey: end(relation.child), type: relation.label };
    });
    const categories = Object.entries(parsed.cats)
      .filter(([, score]) => score >= 0.5)
      .map(([category]) => category);
    const extra =
      typeof value === 'object' && value !== null
        ? Object.fromEntries(Object.entries(value).filter(([key]) => !KNOWN_KEYS.has(key)))
        : {};
    docs.push({
      name: parsed.name ?? fallbackName(fileName, docs.length + 1),
      text: source.text,
      meta: parsedMetadata('spacy', source.normalisation, stringRecord({ ...extra, ...parsed.meta })),
      spans,
      relations,
      ...(categories.length > 0 ? { categories } : {}),
    });
  }
  return docs;
}
