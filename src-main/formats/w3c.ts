// W3C Web Annotation Data Model, JSON-LD. The file is a JSON array with one AnnotationCollection
// per document (parse also takes a single collection):
// {
//   "@context": "http://www.w3.org/ns/anno.jsonld",
//   "id": "urn:glose:annotations:<name>", "type": "AnnotationCollection", "label": "<name>",
//   "glose:text": "<the document text>", "total": <number of annotations>,
//   "first": { "id": "urn:glose:annotations:<name>#page-1", "type": "AnnotationPage",
//              "partOf": "urn:glose:annotations:<name>", "startIndex": 0, "items": [
//     { "id": "urn:glose:annotations:<name>#span-1", "type": "Annotation",
//       "body": [ { "type": "TextualBody", "purpose": "tagging", "value": "<label>" },
//                 { "type": "TextualBody", "purpose": "commenting", "value": "<note>" } ],
//       "target": { "source": "urn:glose:document:<name>", "selector": [
//         { "type": "TextQuoteSelector", "exact": "…", "prefix": "…", "suffix": "…" },
//         { "type": "TextPositionSelector", "start": <start>, "end": <end> } ] } },
//     { "id": "…#relation-1", "type": "Annotation", "motivation": "linking",
//       "body": [ { "type": "TextualBody", "purpose": "tagging", "value": "<type>" },
//                 { "type": "TextualBody", "purpose": "commenting", "value": "<note>" } ],
//       "target": [ "…#span-1", "…#span-2" ] },
//     { "id": "…#categories", "type": "Annotation", "motivation": "classifying",
//       "body": [ { "type": "TextualBody", "purpose": "classifying", "value": "<category>" } ],
//       "target": "urn:glose:document:<name>" } ] } }
// <name> is the document name, URI-encoded. Positions count code points, as the model defines
// them; prefix and suffix hold up to 32 code points and are left out when empty; commenting
// bodies appear only for notes, the categories annotation only when there are categories.
// The model requires a page to have an IRI and one or more items, so a document without any
// annotation is a collection with "total": 0 and no page (the collection still carries its text).
// A relation's target lists its two span annotations, from then to: plain JSON keeps that order,
// a JSON-LD processor (which treats targets as a set) would not.
// The model has no place for the text itself, so it travels in "glose:text": a compact IRI with
// no prefix declared, which JSON-LD reads as the absolute IRI glose:text and plain JSON as a key.
// Attributes and metadata other than the name are not carried.
// Import checks every quote, prefix and suffix against the text at the position; bodies with
// other purposes are counted in the metadata's extra "importNotes". Parse either returns every
// document of the file or throws, naming every bad annotation (up to a cap).
import { z } from 'zod';
import type { Offsets, PortableDocument, PortableRelation, PortableSpan } from '../model';
import { type Fail, failAt, Problems } from './errors';
import { CodePointIndex, SourceText } from './offsets';
import {
  checkQuote,
  exportRange,
  fallbackName,
  ImportLog,
  jsonArrayChunks,
  parseJson,
  parsedMetadata,
  resolveRelations,
  stripBom,
  validate,
} from './shared';
import { formatWords } from '../i18n/current';

const CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
const TEXT_KEY = 'glose:text';
const CONTEXT_CODE_POINTS = 32;

const Body = z.object({ type: z.literal('TextualBody'), purpose: z.string(), value: z.string() });
const Selector = z.looseObject({ type: z.string() });
const Annotation = z.object({
  id: z.string(),
  type: z.literal('Annotation'),
  body: z.union([Body, z.array(Body)]).transform((body) => (Array.isArray(body) ? body : [body])),
  target: z.union([
    z.string(),
    z.array(z.string()),
    z.object({
      source: z.string(),
      selector: z.union([Selector, z.array(Selector)]).transform((s) => (Array.isArray(s) ? s : [s])),
    }),
  ]),
});
const Collection = z.object({
  '@context': z.union([z.string(), z.array(z.unknown())]),
  type: z.literal('AnnotationCollection'),
  label: z.string().optional(),
  [TEXT_KEY]: z.string({ error: () => formatWords().w3c.noText(TEXT_KEY) }),
  first: z.object({ type: z.literal('AnnotationPage'), items: z.array(z.unknown()) }).optional(),
});
const Offset = z.int().min(0);
const Position = z.object({ type: z.literal('TextPositionSelector'), start: Offset, end: Offset });
const Quote = z.object({
  type: z.literal('TextQuoteSelector'),
  exact: z.string(),
  prefix: z.string().optional(),
  suffix: z.string().optional(),
});

type Body = z.output<typeof Body>;

const textualBody = (purpose: string, value: string): Body => ({ type: 'TextualBody', purpose, value });

export function serialize(docs: PortableDocument[]): string {
  return [...serializeChunks(docs)].join('');
}

/** The file a document at a time, for writing to disk as it is made. */
export function serializeChunks(docs: Iterable<PortableDocument>): Generator<string> {
  return jsonArrayChunks(docs, toCollection);
}

function toCollection(doc: PortableDocument): Record<string, unknown> {
  const name = encodeURIComponent(doc.name);
  const id = `urn:glose:annotations:${name}`;
  const source = `urn:glose:document:${name}`;
  const index = new CodePointIndex(doc.text);
  const spanIds = doc.spans.map((_, i) => `${id}#span-${i + 1}`);
  const withNote = (bodies: Body[], note: string | undefined): Body[] =>
    note === undefined ? bodies : [...bodies, textualBody('commenting', note)];

  const items: Record<string, unknown>[] = doc.spans.map((span, i) => {
    const [start, end] = exportRange(doc, span, index);
    const prefix = doc.text.slice(index.toUtf16(Math.max(0, start - CONTEXT_CODE_POINTS)), span.start);
    const suffix = doc.text.slice(span.end, index.toUtf16(Math.min(index.length, end + CONTEXT_CODE_POINTS)));
    return {
      id: spanIds[i],
      type: 'Annotation',
      body: withNote([textualBody('tagging', span.label)], span.note),
      target: {
        source,
        selector: [
          {
            type: 'TextQuoteSelector',
            exact: doc.text.slice(span.start, span.end),
            ...(prefix !== '' ? { prefix } : {}),
            ...(suffix !== '' ? { suffix } : {}),
          },
          { type: 'TextPositionSelector', start, end },
        ],
      },
    };
  });
  resolveRelations(doc).forEach(({ relation, from, to }, i) => {
    items.push({
      id: `${id}#relation-${i + 1}`,
      type: 'Annotation',
      motivation: 'linking',
      body: withNote([textualBody('tagging', relation.type)], relation.note),
      target: [spanIds[from], spanIds[to]],
    });
  });
  if (doc.categories?.length) {
    items.push({
      id: `${id}#categories`,
      type: 'Annotation',
      motivation: 'classifying',
      body: doc.categories.map((category) => textualBody('classifying', category)),
      target: source,
    });
  }
  return {
    '@context': CONTEXT,
    id,
    type: 'AnnotationCollection',
    label: doc.name,
    [TEXT_KEY]: doc.text,
    total: items.length,
    ...(items.length > 0
      ? { first: { id: `${id}#page-1`, type: 'AnnotationPage', partOf: id, startIndex: 0, items } }
      : {}),
  };
}

export function parse(input: string, fileName: string): PortableDocument[] {
  const json = parseJson(stripBom(input), fileName);
  const collections = Array.isArray(json) ? json : [json];
  const fileFail: Fail = failAt(fileName);
  const problems = new Problems();
  const docs = collections.map((collection, i) => {
    const fail: Fail = (detail) => fileFail(`collection ${i + 1}: ${detail}`);
    return problems.attempt(() => readCollection(collection, fail, fallbackName(fileName, i + 1)));
  });
  problems.check();
  return docs.filter((doc) => doc !== undefined);
}

function readCollection(value: unknown, fail: Fail, fallback: string): PortableDocument {
  const collection = validate(Collection, value, fail);
  const source = new SourceText(collection[TEXT_KEY], 'codepoint');
  const log = new ImportLog();
  // Each annotation is checked on its own, so that one collection reports all its bad annotations.
  const problems = new Problems();
  const annotations = (collection.first?.items ?? []).flatMap((item, i) => {
    const annotation = problems.attempt(() => validate(Annotation, item, (detail) => fail(formatWords().w3c.annotation(String(i + 1), detail))));
    return annotation === undefined ? [] : [annotation];
  });
  const failFor =
    (id: string): Fail =>
    (detail) =>
      fail(formatWords().w3c.annotation(id, detail));
  /** The bodies with one of `purposes`, by purpose; other bodies are left out, and said so. */
  const bodiesOf = (bodies: Body[], ...purposes: string[]): Map<string, string[]> => {
    const found = new Map<string, string[]>(purposes.map((purpose) => [purpose, []]));
    for (const body of bodies) {
      const values = found.get(body.purpose);
      if (values !== undefined) values.push(body.value);
      else log.add('w3c-body', body.purpose);
    }
    return found;
  };
  /** The tagging body (label or relation type) and commenting bodies (note) of a span or relation. */
  const tagAndNote = (bodies: Body[], what: string, at: Fail): { tag: string; note?: string } => {
    const found = bodiesOf(bodies, 'tagging', 'commenting');
    const [tag, ...more] = found.get('tagging') ?? [];
    if (tag === undefined || more.length > 0) at(formatWords().w3c.tagging(what));
    const notes = found.get('commenting') ?? [];
    return notes.length > 0 ? { tag, note: notes.join('\n') } : { tag };
  };

  const spans: PortableSpan[] = [];
  let documentSource: string | undefined;
  // Spans first: relations name them by id.
  for (const { id, body, target } of annotations) {
    if (typeof target === 'string' || Array.isArray(target)) continue;
    problems.attempt(() => {
      const at: Fail = failFor(id);
      documentSource ??= target.source;
      if (target.source !== documentSource) at(formatWords().w3c.targetsOther(target.source, documentSource));
      const { tag, note } = tagAndNote(body, formatWords().w3c.theLabel, at);
      const offsets = readSelectors(target.selector, source, at);
      spans.push({ key: id, ...offsets, label: tag, ...(note !== undefined ? { note } : {}) });
    });
  }
  const spanIds = new Set(spans.map((span) => span.key));
  const relations: PortableRelation[] = [];
  const categories: string[] = [];
  /** A relation (two span targets) or the document's categories (the document as target). */
  const readOther = (at: Fail, body: Body[], target: z.output<typeof Annotation>['target']): void => {
    if (Array.isArray(target)) {
      const [fromKey, toKey, ...more] = target;
      if (fromKey === undefined || toKey === undefined || more.length > 0) {
        at(formatWords().w3c.twoTargets);
      }
      const stranger = [fromKey, toKey].find((key) => !spanIds.has(key));
      if (stranger !== undefined) at(formatWords().w3c.notASpan(stranger));
      const { tag, note } = tagAndNote(body, formatWords().w3c.theRelationType, at);
      relations.push({ fromKey, toKey, type: tag, ...(note !== undefined ? { note } : {}) });
    } else if (typeof target === 'string') {
      if (documentSource !== undefined && target !== documentSource) {
        at(formatWords().w3c.neither(target, documentSource));
      }
      categories.push(...(bodiesOf(body, 'classifying').get('classifying') ?? []));
    }
  };
  for (const { id, body, target } of annotations) {
    problems.attempt(() => readOther(failFor(id), body, target));
  }
  problems.check();

  return {
    name: collection.label ?? fallback,
    text: source.text,
    meta: parsedMetadata('w3c', source.normalisation, log.record()),
    spans,
    relations,
    ...(categories.length > 0 ? { categories } : {}),
  };
}

/** The span a TextPositionSelector gives, checked by the TextQuoteSelectors alongside it. */
function readSelectors(selectors: z.output<typeof Selector>[], source: SourceText, fail: Fail): Offsets {
  const positions = selectors.filter((selector) => selector.type === 'TextPositionSelector');
  const quotes = selectors.filter((selector) => selector.type === 'TextQuoteSelector');
  if (positions.length !== 1) fail(formatWords().w3c.onePosition);
  const { start, end } = validate(Position, positions[0], fail);
  const offsets = source.range(start, end, fail);
  for (const selector of quotes) {
    const quote = validate(Quote, selector, fail);
    checkQuote(quote.exact, source.quote(start, end), `${start}–${end}`, fail);
    if (quote.prefix !== undefined) {
      const from = Math.max(0, start - Array.from(quote.prefix).length);
      checkQuote(quote.prefix, source.quote(from, start), formatWords().prefix(`${from}–${start}`), fail);
    }
    if (quote.suffix !== undefined) {
      const to = Math.min(source.length, end + Array.from(quote.suffix).length);
      checkQuote(quote.suffix, source.quote(end, to), formatWords().suffix(`${end}–${to}`), fail);
    }
  }
  return offsets;
}
