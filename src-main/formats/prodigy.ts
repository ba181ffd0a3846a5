// Prodigy JSONL: the annotated tasks Prodigy's manual recipes (ner.manual, spans.manual,
// rel.manual, textcat.manual) write and read, one document per line:
//   {"text", "tokens": [{"text", "start", "end", "id", "ws"}],
//    "spans": [{"start", "end", "token_start", "token_end", "label"}],
//    "relations": [{"head", "child", "head_span": {…a span}, "child_span": {…a span}, "label"}],
//    "options": [{"id", "text"}], "accept": ["CATEGORY"], "answer": "accept", "name", "meta"}
// Offsets are code points; token_end is the span's last token (inclusive). "head" and "child" are
// TOKEN indexes, the last token of each span, as Prodigy's relations interface writes them (and as
// spaCy's relation-extraction project reads them); "head_span" and "child_span" say which span,
// since two nested spans can end on the same token. Tokens are laid out by tokens.ts, so that every
// span covers whole tokens. Categories are a choice task's "options" with the chosen ones in
// "accept"; "relations", "options", "accept" and "meta" are written only when not empty. A span is
// shorn of edge whitespace; a span of whitespace only is left out. Notes, attributes and relation
// notes are not carried.
// Import places spans by their character offsets; a relation is found by its head_span and
// child_span, or without them by the span ending on its head or child token. An "answer" other than
// "accept" and keys Glose does not know go to the metadata's extra. Parse either returns every
// document of the file or throws.
import { z } from 'zod';
import type { PortableDocument, PortableRelation, PortableSpan } from '../model';
import { type Fail, failAt, Problems } from './errors';
import { SourceText } from './offsets';
import {
  commaSeparated,
  fallbackName,
  ImportLog,
  jsonLines,
  JsonStrings,
  type MetadataOptions,
  metadataRecord,
  parsedMetadata,
  resolveRelations,
  stringRecord,
  validate,
} from './shared';
import { docLayout, type SpanPlace } from './doc-layout';
import { formatWords } from '../i18n/current';

const Offset = z.int().min(0);
const Span = z.looseObject({
  start: Offset,
  end: Offset,
  label: z.string(),
  token_start: Offset.optional(),
  token_end: Offset.optional(),
});
// rel.manual can link two plain tokens; their "spans" have no label
const RelationEnd = Span.extend({ label: z.string().nullable() });
const Line = z.object({
  text: z.string(),
  tokens: z.array(z.looseObject({ start: Offset, end: Offset })).default([]),
  spans: z.array(Span).default([]),
  relations: z
    .array(
      z.looseObject({
        head: Offset,
        child: Offset,
        label: z.string(),
        head_span: RelationEnd.optional(),
        child_span: RelationEnd.optional(),
      }),
    )
    .default([]),
  options: z.array(z.unknown()).optional(),
  accept: z.array(z.union([z.string(), z.number()])).default([]),
  answer: z.string().optional(),
  name: z.string().optional(),
  meta: z.record(z.string(), z.unknown()).default({}),
});
const KNOWN_KEYS = new Set(Object.keys(Line.shape));

export function serialize(docs: PortableDocument[], options: MetadataOptions = {}): string {
  return [...serializeChunks(docs, options)].join('');
}

/** The file a document at a time, for writing to disk as it is made. */
export function* serializeChunks(docs: Iterable<PortableDocument>, options: MetadataOptions = {}): Generator<string> {
  const labels = new JsonStrings();
  for (const doc of docs) yield* linePieces(doc, options, labels);
}

// The token and span lists are most of the file: they are written as text directly, the same
// characters JSON.stringify writes for these objects, without an object per token on the way, and
// in pieces, so that no document's line is ever one string.
function* linePieces(doc: PortableDocument, options: MetadataOptions, labels: JsonStrings): Generator<string> {
  const { starts, ends, ws, text, places } = docLayout(doc);
  const spanOf = (place: SpanPlace, label: string) => ({
    start: place.start,
    end: place.end,
    token_start: place.firstToken,
    token_end: place.lastToken,
    label,
  });
  const spans = doc.spans.flatMap((span, i) => {
    const place = places[i];
    return place === undefined ? [] : [{ place, label: span.label }];
  });
  const relations = resolveRelations(doc).flatMap(({ relation, from, to }) => {
    const [head, child] = [places[from], places[to]];
    const [headLabel, childLabel] = [doc.spans[from]?.label ?? '', doc.spans[to]?.label ?? ''];
    if (head === undefined || child === undefined) return [];
    return [
      {
        head: head.lastToken,
        child: child.lastToken,
        head_span: spanOf(head, headLabel),
        child_span: spanOf(child, childLabel),
        label: relation.type,
      },
    ];
  });
  const meta = metadataRecord(doc.meta, options);
  const categories = doc.categories ?? [];
  const rest = JSON.stringify({
    ...(relations.length > 0 ? { relations } : {}),
    ...(categories.length > 0
      ? { options: categories.map((category) => ({ id: category, text: category })), accept: categories }
      : {}),
    answer: 'accept',
    name: doc.name,
    ...(Object.keys(meta).length > 0 ? { meta } : {}),
  });
  yield `{"text":${JSON.stringify(doc.text)},"tokens":[`;
  yield* commaSeparated(starts, (start, id) => `{"text":${JSON.stringify(text(id))},"start":${start},"end":${ends[id]},"id":${id},"ws":${ws[id] === 1}}`);
  yield '],"spans":[';
  yield* commaSeparated(
    spans,
    ({ place, label }) =>
      `{"start":${place.start},"end":${place.end},"token_start":${place.firstToken},"token_end":${place.lastToken},"label":${labels.of(label)}}`,
  );
  yield `],${rest.slice(1)}\n`;
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
  const log = new ImportLog();
  const spans: PortableSpan[] = parsed.spans.map((span, i) => ({
    key: String(i),
    ...source.range(span.start, span.end, fail),
    label: span.label,
  }));
  // the token each span ends on, from token_end or else from the tokens' offsets
  const tokenEnding = new Map(parsed.tokens.map((token, i) => [token.end, i]));
  const lastTokens = parsed.spans.map((span) => span.token_end ?? tokenEnding.get(span.end));

  const relations: PortableRelation[] = [];
  for (const relation of parsed.relations) {
    const end = (token: number, given: z.output<typeof RelationEnd> | undefined): string | undefined => {
      if (given !== undefined) {
        if (given.label === null) return undefined;
        const i = parsed.spans.findIndex((s) => s.start === given.start && s.end === given.end && s.label === given.label);
        return i >= 0
          ? String(i)
          : fail(formatWords().prodigy.span(relation.label, given.start, given.end, given.label));
      }
      const ending = lastTokens.flatMap((last, i) => (last === token ? [i] : []));
      if (ending.length !== 1) {
        fail(formatWords().prodigy.token(relation.label, token, ending.length === 0));
      }
      return String(ending[0]);
    };
    const fromKey = end(relation.head, relation.head_span);
    const toKey = end(relation.child, relation.child_span);
    if (fromKey === undefined || toKey === undefined) log.add('prodigy-token-relation');
    else relations.push({ fromKey, toKey, type: relation.label });
  }

  const categories = parsed.accept.map(String);
  const extra =
    typeof value === 'object' && value !== null
      ? Object.fromEntries(Object.entries(value).filter(([key]) => !KNOWN_KEYS.has(key)))
      : {};
  const answer = parsed.answer !== undefined && parsed.answer !== 'accept' ? { answer: parsed.answer } : {};
  return {
    name: parsed.name ?? fallback,
    text: source.text,
    meta: parsedMetadata('prodigy', source.normalisation, {
      ...stringRecord({ ...extra, ...answer, ...parsed.meta }),
      ...log.record(),
    }),
    spans,
    relations,
    ...(categories.length > 0 ? { categories } : {}),
  };
}
