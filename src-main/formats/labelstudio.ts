// Label Studio JSON export: an array of tasks, one per document. Written shape:
//   {"id": 1, "data": {"text", "name"}, "meta": {…descriptive metadata},
//    "annotations": [{"id": 1, "result": [
//      {"id": "s1", "from_name": "label", "to_name": "text", "type": "labels",
//       "value": {"start", "end", "text", "labels": ["LABEL"]}},
//      {"id": "s1", "from_name": "note", "to_name": "text", "type": "textarea",
//       "value": {"start", "end", "text": ["the note"]}},                      per-region TextArea
//      {"id": "s1", "from_name": "<attribute>", "to_name": "text", "type": "choices",
//       "value": {"start", "end", "choices": ["value"]}},                      per-region Choices
//      {"id": "r1", "type": "relation", "from_id": "s1", "to_id": "s2", "direction": "right", "labels": ["TYPE"]},
//      {"id": "category", "from_name": "category", "to_name": "text", "type": "choices",
//       "value": {"choices": ["CATEGORY", …]}}]}]}                             document Choices
// Offsets are code points. Every task, annotation and result has an id, as Label Studio's own
// exports do (its converter reads task["id"]): a task and its one annotation are numbered 1, 2… in
// document order, regions s1, s2… in span order (a region's labels, note and attributes share its
// id, as in Label Studio), relations r1, r2…; the same documents give the same ids. "meta" is
// written only when there is metadata. Relation notes are not carried.
// Import reads the first annotation of a task that was not cancelled; further annotations and
// result types Glose has no place for are counted in the metadata's extra "importNotes". A region
// with several labels becomes one span per label; its relations attach to the first. Parse
// either returns every task of the file or throws, naming every bad task (up to a cap).
import { z } from 'zod';
import type { PortableDocument, PortableRelation, PortableSpan } from '../model';
import { type Fail, failAt, Problems } from './errors';
import { CodePointIndex, SourceText } from './offsets';
import {
  checkQuote,
  exportRange,
  fallbackName,
  jsonArrayChunks,
  type MetadataOptions,
  metadataRecord,
  parseJson,
  ImportLog,
  parsedMetadata,
  resolveRelations,
  stripBom,
  stringRecord,
  validate,
} from './shared';
import { formatWords } from '../i18n/current';

const LABEL_CONTROL = 'label';
const NOTE_CONTROL = 'note';
const CATEGORY_CONTROL = 'category';
const TEXT_OBJECT = 'text';

const Offset = z.int().min(0);
const Annotation = z.object({
  result: z.array(z.looseObject({ type: z.string() })),
  was_cancelled: z.boolean().optional(),
});
const Task = z.object({
  data: z.looseObject({ text: z.string(), name: z.string().optional() }),
  meta: z.record(z.string(), z.unknown()).default({}),
  annotations: z.array(Annotation).default([]),
});
const Labels = z.object({
  id: z.string(),
  value: z.object({
    start: Offset,
    end: Offset,
    text: z.string().optional(),
    labels: z.array(z.string()).min(1),
  }),
});
const TextArea = z.object({ id: z.string(), value: z.object({ text: z.array(z.string()) }) });
const Choices = z.object({
  id: z.string(),
  from_name: z.string(),
  value: z.object({ choices: z.array(z.string()) }),
});
const Relation = z.object({
  from_id: z.string(),
  to_id: z.string(),
  direction: z.enum(['right', 'left', 'bi']).default('right'),
  labels: z.array(z.string()).default([]),
});

export function serialize(docs: PortableDocument[], options: MetadataOptions = {}): string {
  return [...serializeChunks(docs, options)].join('');
}

/** The file a document at a time, for writing to disk as it is made. */
export function serializeChunks(docs: Iterable<PortableDocument>, options: MetadataOptions = {}): Generator<string> {
  return jsonArrayChunks(docs, (doc, i) => toTask(doc, i + 1, options));
}

function toTask(doc: PortableDocument, id: number, options: MetadataOptions): Record<string, unknown> {
  const index = new CodePointIndex(doc.text);
  const result: Record<string, unknown>[] = [];
  const regionId = (i: number): string => `s${i + 1}`;
  const region = (id: string, fromName: string, type: string, value: Record<string, unknown>): void => {
    result.push({ id, from_name: fromName, to_name: TEXT_OBJECT, type, value });
  };
  doc.spans.forEach((span, i) => {
    const [start, end] = exportRange(doc, span, index);
    const id = regionId(i);
    const text = doc.text.slice(span.start, span.end);
    region(id, LABEL_CONTROL, 'labels', { start, end, text, labels: [span.label] });
    if (span.note !== undefined) region(id, NOTE_CONTROL, 'textarea', { start, end, text: [span.note] });
    for (const [name, value] of Object.entries(span.attributes ?? {})) {
      region(id, name, 'choices', { start, end, choices: [value] });
    }
  });
  for (const [i, { relation, from, to }] of resolveRelations(doc).entries()) {
    result.push({
      id: `r${i + 1}`,
      type: 'relation',
      from_id: regionId(from),
      to_id: regionId(to),
      direction: 'right',
      labels: [relation.type],
    });
  }
  if (doc.categories?.length) {
    region(CATEGORY_CONTROL, CATEGORY_CONTROL, 'choices', { choices: doc.categories });
  }
  const meta = metadataRecord(doc.meta, options);
  return {
    id,
    data: { text: doc.text, name: doc.name },
    ...(Object.keys(meta).length > 0 ? { meta } : {}),
    annotations: [{ id, result }],
  };
}

export function parse(input: string, fileName: string): PortableDocument[] {
  const fileFail: Fail = failAt(fileName);
  const tasks = parseJson(stripBom(input), fileName);
  if (!Array.isArray(tasks)) fileFail(formatWords().labelStudio.tasks);
  const problems = new Problems();
  const docs = tasks.map((task, i) =>
    problems.attempt(() => readTask(task, (detail) => fileFail(`task ${i + 1}: ${detail}`), fallbackName(fileName, i + 1))),
  );
  problems.check();
  return docs.filter((doc) => doc !== undefined);
}

function readTask(value: unknown, fail: Fail, fallback: string): PortableDocument {
  const task = validate(Task, value, fail);
  const { text, name, ...extra } = task.data;
  const source = new SourceText(text, 'codepoint');
  const log = new ImportLog();
  const live = task.annotations.filter((annotation) => annotation.was_cancelled !== true);
  for (let i = 1; i < live.length; i++) log.add('labelstudio-further-annotation');

  const spans: PortableSpan[] = [];
  const regions = new Map<string, PortableSpan[]>();
  const relations: PortableRelation[] = [];
  const categories: string[] = [];
  const results = live[0]?.result ?? [];
  // Labels first: notes, attributes and relations refer to a region by its id.
  for (const item of results.filter((r) => r.type === 'labels')) {
    const labels = validate(Labels, item, fail);
    const { start, end, text: quote, labels: names } = labels.value;
    if (regions.has(labels.id)) fail(formatWords().labelStudio.regionTwice(labels.id));
    const offsets = source.range(start, end, fail);
    if (quote !== undefined) checkQuote(quote, source.quote(start, end), `${start}–${end}`, fail);
    const regionSpans = names.map((label, n) => ({
      key: n === 0 ? labels.id : `${labels.id}#${n + 1}`,
      ...offsets,
      label,
    }));
    regions.set(labels.id, regionSpans);
    spans.push(...regionSpans);
  }
  const regionOf = (id: string): PortableSpan[] =>
    regions.get(id) ?? fail(formatWords().labelStudio.regionNoLabels(id));

  for (const item of results) {
    switch (item.type) {
      case 'labels':
        break;
      case 'textarea': {
        const note = validate(TextArea, item, fail);
        for (const span of regionOf(note.id)) span.note = note.value.text.join('\n');
        break;
      }
      case 'choices': {
        const choices = validate(Choices, item, fail);
        const value = choices.value.choices.join(',');
        const region = regions.get(choices.id);
        if (region === undefined) categories.push(...choices.value.choices);
        else for (const span of region) span.attributes = { ...span.attributes, [choices.from_name]: value };
        break;
      }
      case 'relation': {
        const relation = validate(Relation, item, fail);
        const { from_id: from, to_id: to } = relation;
        const [fromKey, toKey] = relation.direction === 'left' ? [to, from] : [from, to];
        // The first span of a region carries the region's id as its key.
        regionOf(fromKey);
        regionOf(toKey);
        for (const type of relation.labels) relations.push({ fromKey, toKey, type });
        if (relation.labels.length === 0) log.add('labelstudio-unlabelled-relation');
        break;
      }
      default:
        log.add('labelstudio-result', item.type);
    }
  }

  return {
    name: name ?? fallback,
    text: source.text,
    meta: parsedMetadata('labelstudio', source.normalisation, {
      ...stringRecord({ ...extra, ...task.meta }),
      ...log.record(),
    }),
    spans,
    relations,
    ...(categories.length > 0 ? { categories } : {}),
  };
}
