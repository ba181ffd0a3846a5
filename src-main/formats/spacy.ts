// spaCy Doc JSON, one document per line, in the shape spaCy 3's Doc.to_json() writes and
// Doc.from_json() reads (spacy/tokens/doc.pyx; keys and types as spacy/schemas.py DocJSONSchema):
//   {"text", "ents": [{"start", "end", "label"}], "cats": {"CATEGORY": 1.0},
//    "tokens": [{"id", "start", "end"}], "spans": {"sc": [{"start", "end", "label", "kb_id": ""}]},
//    "_": {"name", "meta": {…}, "relations": [{"from", "to", "label"}]}}
// Offsets are code points (Python string indexes). Tokens are laid out by tokens.ts so that every
// span starts and ends on a token (from_json refuses a span that does not) and the text rebuilds
// exactly. Every span is in the span group "sc"; "ents" holds those that do not overlap an earlier,
// longer one, since a Doc's entities cannot overlap. "cats" scores are floats (1.0), as
// DocJSONSchema requires; "cats" and "_" are written only when not empty. "_" holds Doc extension
// values (from_json registers them): the document's name, its metadata and its relations, "from"
// and "to" being indexes into spans["sc"].
// A span is shorn of whitespace at its edges; a span of whitespace only is left out (describeLoss
// says how many). Notes, attributes and relation notes are not carried.
// Import reads every span group, then the entities no group already holds; the tokens are not
// needed to place spans. Parse either returns every document of the file or throws.
import { z } from 'zod';
import type { PortableDocument, PortableSpan } from '../model';
import { type Fail, failAt, Problems } from './errors';
import { SourceText } from './offsets';
import {
  commaSeparated,
  fallbackName,
  jsonLines,
  JsonStrings,
  type MetadataOptions,
  metadataRecord,
  parsedMetadata,
  resolveRelations,
  stringRecord,
  validate,
} from './shared';
import { docLayout } from './doc-layout';
import { formatWords } from '../i18n/current';

/**
 * Binary `.spacy` files are a msgpack-encoded DocBin holding spaCy's internal arrays (hashed
 * strings, token attributes, a vocabulary). Writing or reading one faithfully needs spaCy itself,
 * so Glose offers Doc JSON instead: `Doc(nlp.vocab).from_json(line)` for each line, then
 * `DocBin(docs=…).to_disk(…)` makes the binary file.
 */
export function docBinUnsupported(): string {
  return formatWords().spacy.docBin;
}

/** The span group every span is written to, spancat's default key. */
export const SPAN_GROUP = 'sc';

const Offset = z.int().min(0);
const CharSpan = z.looseObject({ start: Offset, end: Offset, label: z.string() });
const Line = z.object({
  text: z.string(),
  tokens: z.array(z.looseObject({ start: Offset, end: Offset })),
  ents: z.array(CharSpan).default([]),
  spans: z.record(z.string(), z.array(CharSpan)).default({}),
  cats: z.record(z.string(), z.number()).default({}),
  _: z
    .looseObject({
      name: z.string().optional(),
      meta: z.record(z.string(), z.unknown()).optional(),
      relations: z.array(z.object({ from: Offset, to: Offset, label: z.string() })).optional(),
    })
    .default({}),
});
const KNOWN_KEYS = new Set([...Object.keys(Line.shape), 'sents']);

export function serialize(docs: PortableDocument[], options: MetadataOptions = {}): string {
  return [...serializeChunks(docs, options)].join('');
}

/** The file a document at a time, for writing to disk as it is made. */
export function* serializeChunks(docs: Iterable<PortableDocument>, options: MetadataOptions = {}): Generator<string> {
  const labels = new JsonStrings();
  for (const doc of docs) yield* linePieces(doc, options, labels);
}

/** JSON of a category map whose scores are floats, as Python reads them (JSON.stringify writes 1). */
const floatScores = (categories: string[]): string =>
  `{${categories.map((category) => `${JSON.stringify(category)}:1.0`).join(',')}}`;

// The token and span lists are most of the file: they are written as text directly, the same
// characters JSON.stringify writes for these objects, without an object per token on the way, and
// in pieces, so that no document's line is ever one string.
function* linePieces(doc: PortableDocument, options: MetadataOptions, labels: JsonStrings): Generator<string> {
  const { starts, ends, places } = docLayout(doc);
  const written = doc.spans.flatMap((span, i) => {
    const place = places[i];
    return place === undefined ? [] : [{ i, span, place }];
  });
  const positionInGroup = new Map(written.map(({ i }, nth) => [i, nth]));
  const ents: { start: number; end: number; label: string }[] = [];
  let covered = 0;
  const byStart = [...written].sort((a, b) => a.place.start - b.place.start || b.place.end - a.place.end);
  for (const { span, place } of byStart) {
    if (place.start < covered) continue;
    ents.push({ start: place.start, end: place.end, label: span.label });
    covered = place.end;
  }
  ents.sort((a, b) => a.start - b.start);
  const relations = resolveRelations(doc).flatMap(({ relation, from, to }) => {
    const [head, child] = [positionInGroup.get(from), positionInGroup.get(to)];
    return head === undefined || child === undefined ? [] : [{ from: head, to: child, label: relation.type }];
  });
  const meta = metadataRecord(doc.meta, options);
  const extensions = {
    name: doc.name,
    ...(Object.keys(meta).length > 0 ? { meta } : {}),
    ...(relations.length > 0 ? { relations } : {}),
  };
  yield `{"text":${JSON.stringify(doc.text)},"ents":[`;
  yield* commaSeparated(ents, ({ start, end, label }) => `{"start":${start},"end":${end},"label":${labels.of(label)}}`);
  yield `]${doc.categories?.length ? `,"cats":${floatScores(doc.categories)}` : ''},"tokens":[`;
  yield* commaSeparated(starts, (start, id) => `{"id":${id},"start":${start},"end":${ends[id]}}`);
  yield `],"spans":{${JSON.stringify(SPAN_GROUP)}:[`;
  yield* commaSeparated(written, ({ span, place }) => `{"start":${place.start},"end":${place.end},"label":${labels.of(span.label)},"kb_id":""}`);
  yield `]},"_":${JSON.stringify(extensions)}}\n`;
}

export function parse(input: string, fileName: string): PortableDocument[] {
  const docs: PortableDocument[] = [];
  const problems = new Problems();
  for (const { value, line } of jsonLines(input, fileName, problems)) {
    const doc = problems.attempt(() => readLine(value, failAt(fileName, line), fallbackName(fileName, docs.length + 1)));
    if (doc !== undefined) docs.push(doc);
  }
  problems.check();
  return docs;
}

function readLine(value: unknown, fail: Fail, fallback: string): PortableDocument {
  const parsed = validate(Line, value, fail);
  const source = new SourceText(parsed.text, 'codepoint');
  const spans: PortableSpan[] = [];
  const seen = new Set<string>();
  const read = ({ start, end, label }: z.output<typeof CharSpan>, key: string): PortableSpan => {
    seen.add(`${start} ${end} ${label}`);
    return { key, ...source.range(start, end, fail), label };
  };
  for (const [group, members] of Object.entries(parsed.spans)) {
    members.forEach((span, i) => spans.push(read(span, `${group}:${i}`)));
  }
  parsed.ents.forEach((ent, i) => {
    if (!seen.has(`${ent.start} ${ent.end} ${ent.label}`)) spans.push(read(ent, `ents:${i}`));
  });
  const group = parsed.spans[SPAN_GROUP] ?? [];
  const relations = (parsed._.relations ?? []).map(({ from, to, label }) => {
    const key = (i: number): string =>
      i < group.length
        ? `${SPAN_GROUP}:${i}`
        : fail(formatWords().spacy.span(label, i, SPAN_GROUP, group.length));
    return { fromKey: key(from), toKey: key(to), type: label };
  });
  const categories = Object.entries(parsed.cats)
    .filter(([, score]) => score >= 0.5)
    .map(([category]) => category);
  const extra =
    typeof value === 'object' && value !== null
      ? Object.fromEntries(Object.entries(value).filter(([key]) => !KNOWN_KEYS.has(key)))
      : {};
  const { name, meta = {}, relations: _relations, ...extensions } = parsed._;
  return {
    name: name ?? fallback,
    text: source.text,
    meta: parsedMetadata('spacy', source.normalisation, stringRecord({ ...extra, ...extensions, ...meta })),
    spans,
    relations,
    ...(categories.length > 0 ? { categories } : {}),
  };
}
