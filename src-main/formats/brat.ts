// brat standoff: per document a .txt (the text) and a .ann, zipped together with an
// annotation.conf. The .ann lines Glose writes, in this order:
//   T1<TAB>LABEL start end<TAB>text          a span; `s1 e1;s2 e2` fragments when it crosses a
//                                            newline, the text then being the fragments joined by
//                                            a space, as brat does
//   R1<TAB>TYPE Arg1:T1 Arg2:T2              a relation, from Arg1 to Arg2
//   A1<TAB>NAME T1 VALUE                     an attribute of a span
//   #1<TAB>AnnotatorNotes T1<TAB>note        a note of a span (or of a relation, R1)
// Offsets are code points counted over the .txt as written (brat reads it without translating
// newlines). Labels, relation types and attribute names and values lose their whitespace, which
// brat does not allow (`Named Entity` → `Named_Entity`), and line breaks in notes become spaces.
// Categories and metadata are not carried; a document's name is its .txt path in the archive.
// Import keeps T, R, A/M and # lines. Events (E), normalizations (N) and equivalences (*), and
// attributes and notes of those, are left out; a discontinuous span becomes one span from its
// first fragment to its last. Both are counted in the metadata's extra "importNotes". Malformed
// lines reject their document, and parseZip then rejects the archive.
import { strToU8, zipSync } from 'fflate';
import type { PortableDocument, PortableRelation, PortableSpan, SchemaSpec } from '../model';
import { Budget, limitsFor } from '../extract/limits';
import { readZip } from '../extract/zip';
import { type Fail, FormatError, failAt } from './errors';
import { CodePointIndex, SourceText } from './offsets';
import {
  checkQuote,
  exportRange,
  ImportLog,
  parsedMetadata,
  resolveRelations,
  stripBom,
  typeName,
} from './shared';

export interface BratFiles {
  txt: string;
  ann: string;
}

/** The UTF-16 pieces of a span between its newlines, which brat cannot draw across. */
function fragments(text: string, start: number, end: number): [number, number][] {
  const pieces: [number, number][] = [];
  let from = start;
  for (let nl = text.indexOf('\n', start); nl !== -1 && nl < end; nl = text.indexOf('\n', nl + 1)) {
    if (nl > from) pieces.push([from, nl]);
    from = nl + 1;
  }
  if (end > from) pieces.push([from, end]);
  return pieces.length > 0 ? pieces : [[start, end]];
}

const oneLine = (note: string): string => note.replace(/\r\n|\r|\n/g, ' ');

export function serializeDocument(doc: PortableDocument): BratFiles {
  const index = new CodePointIndex(doc.text);
  const spanIds = doc.spans.map((_, i) => `T${i + 1}`);
  const lines: string[] = [];
  const attributes: string[] = [];
  const notes: string[] = [];
  doc.spans.forEach((span, i) => {
    exportRange(doc, span, index);
    const pieces = fragments(doc.text, span.start, span.end);
    const offsets = pieces.map((piece) => piece.map((o) => index.toCodePoint(o)).join(' ')).join(';');
    const quote = pieces.map(([s, e]) => doc.text.slice(s, e)).join(' ');
    lines.push(`${spanIds[i]}\t${typeName(span.label)} ${offsets}\t${quote}`);
    for (const [name, value] of Object.entries(span.attributes ?? {})) {
      attributes.push(`A${attributes.length + 1}\t${typeName(name)} ${spanIds[i]} ${typeName(value)}`);
    }
    if (span.note !== undefined) notes.push(`AnnotatorNotes ${spanIds[i]}\t${oneLine(span.note)}`);
  });
  resolveRelations(doc).forEach(({ relation, from, to }, i) => {
    lines.push(`R${i + 1}\t${typeName(relation.type)} Arg1:${spanIds[from]} Arg2:${spanIds[to]}`);
    if (relation.note !== undefined) notes.push(`AnnotatorNotes R${i + 1}\t${oneLine(relation.note)}`);
  });
  const all = [...lines, ...attributes, ...notes.map((note, i) => `#${i + 1}\t${note}`)];
  return { txt: doc.text, ann: all.map((line) => `${line}\n`).join('') };
}

/**
 * annotation.conf for a schema, widened by whatever the documents use that the schema lacks, so
 * that brat accepts every exported annotation. Overlaps of any kind are allowed, as in Glose.
 */
export function annotationConf(schema: SchemaSpec, docs: PortableDocument[] = []): string {
  const entities = new Set(schema.labels.map((label) => typeName(label.name)));
  const relations = new Map<string, { from: Set<string>; to: Set<string> }>();
  for (const relation of schema.relations) {
    relations.set(typeName(relation.name), {
      from: new Set(relation.source.map(typeName)),
      to: new Set(relation.target.map(typeName)),
    });
  }
  const attributes = new Map<string, { on: Set<string>; values: Set<string> }>();
  const attribute = (name: string): { on: Set<string>; values: Set<string> } => {
    const found = attributes.get(name) ?? { on: new Set<string>(), values: new Set<string>() };
    attributes.set(name, found);
    return found;
  };
  for (const label of schema.labels) {
    for (const { name, values } of label.attributes ?? []) {
      const entry = attribute(typeName(name));
      entry.on.add(typeName(label.name));
      for (const value of values) entry.values.add(typeName(value));
    }
  }
  for (const doc of docs) {
    for (const span of doc.spans) {
      entities.add(typeName(span.label));
      for (const [name, value] of Object.entries(span.attributes ?? {})) {
        const entry = attribute(typeName(name));
        entry.on.add(typeName(span.label));
        entry.values.add(typeName(value));
      }
    }
    for (const relation of doc.relations) {
      const type = typeName(relation.type);
      if (!relations.has(type)) relations.set(type, { from: new Set(), to: new Set() });
    }
  }
  const anyOf = (types: Set<string>): string => (types.size === 0 ? '<ENTITY>' : [...types].join('|'));
  return [
    '[entities]',
    ...entities,
    '',
    '[relations]',
    '<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>',
    ...[...relations].map(([name, { from, to }]) => `${name}\tArg1:${anyOf(from)}, Arg2:${anyOf(to)}`),
    '',
    '[events]',
    '',
    '[attributes]',
    // An attribute without values is binary: present or not.
    ...[...attributes].map(([name, { on, values }]) =>
      values.size === 0
        ? `${name}\tArg:${anyOf(on)}`
        : `${name}\tArg:${anyOf(on)}, Value:${[...values].join('|')}`,
    ),
    '',
  ].join('\n');
}

/** brat file stem for each document: its name without .txt, made safe and unique in the archive. */
function stems(docs: PortableDocument[]): string[] {
  const taken = new Set<string>();
  return docs.map((doc) => {
    const base =
      doc.name
        .replace(/\.txt$/i, '')
        .replace(/[\\/:*?"<>|\p{Cc}]/gu, '_')
        .replace(/^\.+/, '_') || 'document';
    let stem = base;
    for (let n = 2; taken.has(stem.toLowerCase()); n++) stem = `${base}-${n}`;
    taken.add(stem.toLowerCase());
    return stem;
  });
}

export function serializeZip(docs: PortableDocument[], schema: SchemaSpec): Uint8Array {
  const entries: Record<string, Uint8Array> = { 'annotation.conf': strToU8(annotationConf(schema, docs)) };
  const names = stems(docs);
  docs.forEach((doc, i) => {
    const { txt, ann } = serializeDocument(doc);
    entries[`${names[i]}.txt`] = strToU8(txt);
    entries[`${names[i]}.ann`] = strToU8(ann);
  });
  return zipSync(entries);
}

const T_LINE = /^(T\S*)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t(.*))?$/;
const R_LINE = /^(R\S*)\t(\S+) (\S+?):(\S+) (\S+?):(\S+)\s*$/;
const A_LINE = /^([AM]\S*)\t(\S+) (\S+)(?: (\S+))?\s*$/;
const NOTE_LINE = /^(#\S*)\t\S+ (\S+)\t(.*)$/;
const LEFT_OUT = new Map([
  ['E', 'event (E line)'],
  ['N', 'normalization (N line)'],
  ['*', 'equivalence (* line)'],
]);

type Attachment = { target: string; fail: Fail } & (
  | { kind: 'attribute'; name: string; value: string }
  | { kind: 'note'; text: string }
);

const appended = (note: string | undefined, more: string): string =>
  note === undefined ? more : `${note}\n${more}`;

/** One document from its .txt and .ann contents; `fileName` is the .ann's, for messages. */
export function parseAnn(
  text: string,
  ann: string,
  fileName: string,
  name = fileName.replace(/\.ann$/i, '.txt'),
): PortableDocument {
  const source = new SourceText(text, 'codepoint');
  const log = new ImportLog();
  const spans = new Map<string, PortableSpan>();
  const relations = new Map<string, { relation: PortableRelation; fail: Fail }>();
  const leftOut = new Set<string>();
  // Attributes and notes may come before what they belong to: attach them once all is read.
  const attachments: Attachment[] = [];
  const taken = (id: string, fail: Fail): string => {
    if (spans.has(id) || relations.has(id)) fail(`the id ${id} is used twice`);
    return id;
  };

  for (const [i, line] of stripBom(ann).split(/\r\n|\r|\n/).entries()) {
    if (line.trim() === '') continue;
    const fail: Fail = failAt(fileName, i + 1);
    const leftOutKind = LEFT_OUT.get(line[0] ?? '');
    let match: RegExpExecArray | null;
    if (leftOutKind !== undefined) {
      leftOut.add(line.split('\t', 1)[0] ?? '');
      log.add(`${leftOutKind} left out`);
    } else if ((match = T_LINE.exec(line)) !== null) {
      const [, id = '', label = '', offsets = '', quote] = match;
      spans.set(taken(id, fail), readSpan(source, label, offsets, quote, log, fail));
    } else if ((match = R_LINE.exec(line)) !== null) {
      const [, id = '', type = '', role1 = '', arg1 = '', role2 = '', arg2 = ''] = match;
      const [fromKey, toKey] = role1 === 'Arg2' && role2 === 'Arg1' ? [arg2, arg1] : [arg1, arg2];
      relations.set(taken(id, fail), { relation: { fromKey, toKey, type }, fail });
    } else if ((match = A_LINE.exec(line)) !== null) {
      const [, , attribute = '', target = '', value = 'true'] = match;
      attachments.push({ kind: 'attribute', target, name: attribute, value, fail });
    } else if ((match = NOTE_LINE.exec(line)) !== null) {
      const [, , target = '', note = ''] = match;
      attachments.push({ kind: 'note', target, text: note, fail });
    } else {
      const shown = line.length > 60 ? `${line.slice(0, 60)}…` : line;
      fail(`not a brat annotation line: ${JSON.stringify(shown)}`);
    }
  }

  for (const attachment of attachments) {
    const span = spans.get(attachment.target);
    const relation = relations.get(attachment.target)?.relation;
    const holder = span ?? relation;
    if (attachment.kind === 'note' && holder !== undefined) {
      holder.note = appended(holder.note, attachment.text);
    } else if (attachment.kind === 'attribute' && span !== undefined) {
      span.attributes = { ...span.attributes, [attachment.name]: attachment.value };
    } else if (relation !== undefined) {
      log.add('attribute of a relation left out');
    } else if (leftOut.has(attachment.target)) {
      log.add(`${attachment.kind} of an event, normalization or equivalence left out`);
    } else {
      attachment.fail(`${attachment.target} is not annotated in this file`);
    }
  }
  const kept: PortableRelation[] = [];
  for (const [id, { relation, fail }] of relations) {
    const ends = [relation.fromKey, relation.toKey];
    if (ends.every((key) => spans.has(key))) kept.push(relation);
    else if (ends.some((key) => leftOut.has(key))) log.add('relation to an event left out');
    else fail(`relation ${id} refers to ${ends.find((key) => !spans.has(key))}, which is not annotated`);
  }

  return {
    name,
    text: source.text,
    meta: parsedMetadata('brat', source.normalisation, log.record()),
    spans: [...spans].map(([key, span]) => ({ ...span, key })),
    relations: kept,
  };
}

function readSpan(
  source: SourceText,
  label: string,
  offsets: string,
  quote: string | undefined,
  log: ImportLog,
  fail: Fail,
): PortableSpan {
  const pieces = offsets
    .split(';')
    .map((piece): [number, number] => {
      const [start = 0, end = 0] = piece.split(' ').map(Number);
      return [start, end];
    })
    .sort((a, b) => a[0] - b[0]);
  const stored = pieces.map(([start, end]) => source.range(start, end, fail));
  if (quote !== undefined) {
    const where = pieces.map(([start, end]) => `${start}–${end}`).join(', ');
    checkQuote(quote, pieces.map(([start, end]) => source.quote(start, end)).join(' '), where, fail);
  }
  const start = stored[0]?.start ?? 0;
  const end = stored[stored.length - 1]?.end ?? 0;
  const gaps = stored.slice(1).map((piece, i) => source.text.slice(stored[i]?.end, piece.start));
  if (gaps.some((gap) => gap.trim() !== '')) {
    log.add('discontinuous span widened over the text between its fragments');
  }
  return { start, end, label };
}

/** Every document of a zipped brat collection: each .txt with the .ann of the same name, if any. */
export function parseZip(bytes: Uint8Array, fileName: string, budget: Budget = new Budget(limitsFor())): PortableDocument[] {
  // inflated within the budget: a small zip may hold gigabytes
  const entries = Object.fromEntries(
    readZip(bytes, { wanted: () => true, budget, damaged: (reason) => new FormatError(fileName, undefined, `not a zip archive (${reason})`) }),
  );
  const decode = (path: string, data: Uint8Array): string => {
    try {
      // brat reads files without dropping a BOM, so its offsets count it: keep it for SourceText.
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data);
    } catch {
      throw new FormatError(`${fileName}/${path}`, undefined, 'not UTF-8 text, which brat requires');
    }
  };
  const paths = Object.keys(entries).filter(
    (path) => !path.startsWith('__MACOSX/') && !/(^|\/)\./.test(path),
  );
  const byStem = (extension: string): Map<string, string> =>
    new Map(
      paths
        .filter((path) => path.toLowerCase().endsWith(extension))
        .map((path) => [path.slice(0, -extension.length).toLowerCase(), path]),
    );
  const texts = byStem('.txt');
  const annotations = byStem('.ann');
  for (const [stem, annPath] of annotations) {
    if (!texts.has(stem)) {
      throw new FormatError(`${fileName}/${annPath}`, undefined, 'has no .txt of the same name');
    }
  }
  return [...texts].map(([stem, txtPath]) => {
    const annPath = annotations.get(stem) ?? `${txtPath.slice(0, -'.txt'.length)}.ann`;
    const ann = entries[annPath];
    return parseAnn(
      decode(txtPath, entries[txtPath] ?? new Uint8Array()),
      ann === undefined ? '' : decode(annPath, ann),
      `${fileName}/${annPath}`,
      txtPath,
    );
  });
}
