// brat standoff: per document a .txt (the text) and a .ann, zipped together with an
// annotation.conf, a visual.conf and, when a name had to change, glose-names.json. The .ann lines
// Glose writes, in this order:
//   T1<TAB>TYPE start end<TAB>text           a span; `s1 e1;s2 e2` fragments when it crosses a
//                                            newline, the text then being the fragments joined by
//                                            a space, as brat does
//   R1<TAB>TYPE Arg1:T1 Arg2:T2              a relation, from Arg1 to Arg2
//   A1<TAB>NAME T1 VALUE                     an attribute of a span
//   #1<TAB>AnnotatorNotes T1<TAB>note        a note of a span (or of a relation, R1)
// Offsets are code points counted over the .txt as written (brat reads it without translating
// newlines). Line breaks in notes become spaces. A span of line breaks only cannot be drawn and is
// left out, with its relations.
// brat stores types, relation types, attribute names and values as identifiers of
// [A-Za-z0-9_-] only (server/src/projectconfig.py normalize_to_storage_form; a line of hyphens
// alone is a separator, and values are split on "|" and "," in annotation.conf). A name that is
// not one is written as an identifier made from it (accents dropped, anything else "_", a number
// added when two would meet): `Lieu géographique` → `Lieu_geographique`. visual.conf's [labels]
// gives brat the names to show, its [drawing] the labels' colours, and glose-names.json lists
// every renaming so that importing the collection into Glose restores the names exactly.
// Categories and metadata are not carried; a document's name is its .txt path in the archive.
// Import keeps T, R, A/M and # lines. Events (E), normalizations (N) and equivalences (*), and
// attributes and notes of those, are left out; a discontinuous span becomes one span from its
// first fragment to its last. Both are counted in the metadata's extra "importNotes". Names are
// read back through glose-names.json when there is one beside the .ann or at the archive's root.
// Malformed lines reject their document, every one of them reported, and parseZip then rejects
// the archive.
import { strToU8 } from 'fflate';
import { z } from 'zod';
import type { ImportNoteCode, PortableDocument, PortableRelation, PortableSpan, SchemaSpec } from '../model';
import { Budget, limitsFor } from '../extract/limits';
import { readZip } from '../extract/zip';
import { type Fail, FormatError, failAt, Problems } from './errors';
import { CodePointIndex, SourceText } from './offsets';
import { checkQuote, exportRange, ImportLog, parseJson, parsedMetadata, resolveRelations, stripBom, uniqueFileStems, validate } from './shared';
import { concatBytes, zipEntries } from './zip-writer';
import { formatWords } from '../i18n/current';

export interface BratFiles {
  txt: string;
  ann: string;
}

/** The file in which an export lists the names it had to change, and which import reads back. */
export const NAMES_FILE = 'glose-names.json';

/** What a name is in brat: a type (span label), relation type, attribute or attribute value. */
export type NameKind = 'type' | 'relation' | 'attribute' | 'value';

export interface Renamed {
  kind: NameKind;
  name: string;
  id: string;
  /** for a value, the attribute it belongs to */
  attribute?: string;
}

/** Names as brat identifiers. Types, relation types and attributes share one space, as in visual.conf. */
export class BratNames {
  private readonly ids = new Map<string, string>();
  private readonly taken = new Set<string>();
  readonly renamed: Renamed[] = [];

  private constructor() {}

  /** The identifiers of every name the schema declares and the documents use. */
  static of(schema: SchemaSpec, docs: readonly PortableDocument[]): BratNames {
    const all: [NameKind, string, string?][] = [];
    for (const label of schema.labels) {
      all.push(['type', label.name]);
      for (const attribute of label.attributes ?? []) {
        all.push(['attribute', attribute.name]);
        for (const value of attribute.values) all.push(['value', value, attribute.name]);
      }
    }
    for (const relation of schema.relations) all.push(['relation', relation.name]);
    for (const doc of docs) {
      for (const span of doc.spans) {
        all.push(['type', span.label]);
        for (const [name, value] of Object.entries(span.attributes ?? {})) {
          all.push(['attribute', name], ['value', value, name]);
        }
      }
      for (const relation of doc.relations) all.push(['relation', relation.type]);
    }
    const names = new BratNames();
    // names that are identifiers already keep them; the others then take what is left
    for (const [kind, name, attribute] of all) if (isIdentifier(name)) names.assign(kind, name, attribute);
    for (const [kind, name, attribute] of all) names.assign(kind, name, attribute);
    return names;
  }

  private key(kind: NameKind, name: string, attribute?: string): string {
    return kind === 'value' ? `value\u0000${attribute ?? ''}\u0000${name}` : `${kind}\u0000${name}`;
  }

  private space(kind: NameKind, attribute?: string): string {
    return kind === 'value' ? `value\u0000${attribute ?? ''}` : 'names';
  }

  private assign(kind: NameKind, name: string, attribute?: string): void {
    const key = this.key(kind, name, attribute);
    if (this.ids.has(key)) return;
    const space = this.space(kind, attribute);
    let id = name;
    if (!isIdentifier(name)) {
      const base = toIdentifier(name);
      id = base;
      for (let n = 2; this.taken.has(`${space}\u0000${id}`); n++) id = `${base}-${n}`;
      this.renamed.push({ kind, name, id, ...(kind === 'value' ? { attribute } : {}) });
    }
    this.taken.add(`${space}\u0000${id}`);
    this.ids.set(key, id);
  }

  /** The identifier of a name (a value is named within its attribute). */
  id(kind: NameKind, name: string, attribute?: string): string {
    const key = this.key(kind, name, attribute);
    if (!this.ids.has(key)) this.assign(kind, name, attribute);
    return this.ids.get(key) ?? name;
  }

  /** glose-names.json: every renaming, by identifier, or undefined when no name changed. */
  file(): string | undefined {
    if (this.renamed.length === 0) return undefined;
    const names: NameFile = { types: {}, relations: {}, attributes: {}, values: {} };
    for (const { kind, name, id, attribute } of this.renamed) {
      if (kind === 'type') names.types[id] = name;
      else if (kind === 'relation') names.relations[id] = name;
      else if (kind === 'attribute') names.attributes[id] = name;
      else {
        const attributeId = this.id('attribute', attribute ?? '');
        names.values[attributeId] = { ...names.values[attributeId], [id]: name };
      }
    }
    return `${JSON.stringify(names, null, 2)}\n`;
  }
}

/** What brat keeps as it is: letters, digits, _ and -, not hyphens alone (a separator line). */
function isIdentifier(name: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(name) && /[A-Za-z0-9_]/.test(name);
}

function toIdentifier(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9_-]/g, '_');
  return /[A-Za-z0-9_]/.test(ascii) ? ascii : `_${ascii}`;
}

/**
 * The UTF-16 pieces of a span between its newlines, which brat cannot draw across. A newline just
 * inside either end, or blank lines within, leave no empty piece: brat refuses an empty fragment.
 * A span of line breaks only has no piece at all.
 */
export function fragments(text: string, start: number, end: number): [number, number][] {
  const pieces: [number, number][] = [];
  let from = start;
  for (let nl = text.indexOf('\n', start); nl !== -1 && nl < end; nl = text.indexOf('\n', nl + 1)) {
    if (nl > from) pieces.push([from, nl]);
    from = nl + 1;
  }
  if (end > from) pieces.push([from, end]);
  return pieces;
}

/** Spans of line breaks only, which brat cannot show and an export leaves out. */
export function lineBreakSpans(doc: PortableDocument): PortableSpan[] {
  return doc.spans.filter((span) => fragments(doc.text, span.start, span.end).length === 0);
}

const oneLine = (note: string): string => note.replace(/\r\n|\r|\n/g, ' ');

export function serializeDocument(doc: PortableDocument, names = BratNames.of({ name: '', labels: [], relations: [], categories: [] }, [doc])): BratFiles {
  const index = new CodePointIndex(doc.text);
  const pieces = doc.spans.map((span) => {
    exportRange(doc, span, index);
    return fragments(doc.text, span.start, span.end);
  });
  let written = 0;
  const spanIds = pieces.map((piece) => (piece.length > 0 ? `T${++written}` : undefined));
  const lines: string[] = [];
  const attributes: string[] = [];
  const notes: string[] = [];
  doc.spans.forEach((span, i) => {
    const id = spanIds[i];
    if (id === undefined) return;
    const fragmentsOf = pieces[i] ?? [];
    const offsets = fragmentsOf.map((piece) => piece.map((o) => index.toCodePoint(o)).join(' ')).join(';');
    const quote = fragmentsOf.map(([s, e]) => doc.text.slice(s, e)).join(' ');
    lines.push(`${id}\t${names.id('type', span.label)} ${offsets}\t${quote}`);
    for (const [name, value] of Object.entries(span.attributes ?? {})) {
      attributes.push(`A${attributes.length + 1}\t${names.id('attribute', name)} ${id} ${names.id('value', value, name)}`);
    }
    if (span.note !== undefined) notes.push(`AnnotatorNotes ${id}\t${oneLine(span.note)}`);
  });
  let relations = 0;
  for (const { relation, from, to } of resolveRelations(doc)) {
    const [arg1, arg2] = [spanIds[from], spanIds[to]];
    if (arg1 === undefined || arg2 === undefined) continue;
    const id = `R${++relations}`;
    lines.push(`${id}\t${names.id('relation', relation.type)} Arg1:${arg1} Arg2:${arg2}`);
    if (relation.note !== undefined) notes.push(`AnnotatorNotes ${id}\t${oneLine(relation.note)}`);
  }
  const all = [...lines, ...attributes, ...notes.map((note, i) => `#${i + 1}\t${note}`)];
  return { txt: doc.text, ann: all.map((line) => `${line}\n`).join('') };
}

/**
 * annotation.conf for a schema, widened by whatever the documents use that the schema lacks, so
 * that brat accepts every exported annotation. Overlaps of any kind are allowed, as in Glose.
 */
export function annotationConf(schema: SchemaSpec, docs: PortableDocument[] = [], names = BratNames.of(schema, docs)): string {
  const type = (name: string): string => names.id('type', name);
  const entities = new Set(schema.labels.map((label) => type(label.name)));
  const relations = new Map<string, { from: Set<string>; to: Set<string> }>();
  for (const relation of schema.relations) {
    relations.set(names.id('relation', relation.name), {
      from: new Set(relation.source.map(type)),
      to: new Set(relation.target.map(type)),
    });
  }
  const attributes = new Map<string, { on: Set<string>; values: Set<string> }>();
  const attribute = (name: string): { on: Set<string>; values: Set<string> } => {
    const id = names.id('attribute', name);
    const found = attributes.get(id) ?? { on: new Set<string>(), values: new Set<string>() };
    attributes.set(id, found);
    return found;
  };
  for (const label of schema.labels) {
    for (const { name, values } of label.attributes ?? []) {
      const entry = attribute(name);
      entry.on.add(type(label.name));
      for (const value of values) entry.values.add(names.id('value', value, name));
    }
  }
  for (const doc of docs) {
    for (const span of doc.spans) {
      entities.add(type(span.label));
      for (const [name, value] of Object.entries(span.attributes ?? {})) {
        const entry = attribute(name);
        entry.on.add(type(span.label));
        entry.values.add(names.id('value', value, name));
      }
    }
    for (const relation of doc.relations) {
      const id = names.id('relation', relation.type);
      if (!relations.has(id)) relations.set(id, { from: new Set(), to: new Set() });
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

/**
 * visual.conf: the names brat shows for renamed types, relations and attributes ([labels]; a term
 * there cannot hold "|" nor start with "!", and is trimmed), and the labels' colours ([drawing]).
 */
export function visualConf(schema: SchemaSpec, names: BratNames): string {
  const shown = (name: string): string => name.replace(/[|\t\r\n]/g, ' ').replace(/^[\s!]+/, '').trim() || '_';
  return [
    '[labels]',
    ...names.renamed.filter(({ kind }) => kind !== 'value').map(({ name, id }) => `${id} | ${shown(name)}`),
    '',
    '[drawing]',
    ...schema.labels.map((label) => `${names.id('type', label.name)}\tbgColor:${label.color}`),
    '',
  ].join('\n');
}

export function serializeZip(docs: PortableDocument[], schema: SchemaSpec): Uint8Array {
  return concatBytes(zipChunks(docs, schema));
}

/** serializeZip's bytes a document at a time, for writing to disk as they are made. */
export function zipChunks(docs: PortableDocument[], schema: SchemaSpec): Generator<Uint8Array> {
  return zipEntries(entries(docs, schema));
}

function* entries(docs: PortableDocument[], schema: SchemaSpec): Generator<[string, Uint8Array]> {
  const names = BratNames.of(schema, docs);
  yield ['annotation.conf', strToU8(annotationConf(schema, docs, names))];
  yield ['visual.conf', strToU8(visualConf(schema, names))];
  const renamed = names.file();
  if (renamed !== undefined) yield [NAMES_FILE, strToU8(renamed)];
  // a document's name is its .txt path in the archive
  const files = uniqueFileStems(docs.map((doc) => doc.name), /\.txt$/i);
  for (const [i, doc] of docs.entries()) {
    const { txt, ann } = serializeDocument(doc, names);
    yield [`${files[i]}.txt`, strToU8(txt)];
    yield [`${files[i]}.ann`, strToU8(ann)];
  }
}

const NameMap = z.record(z.string(), z.string());
const NamesFile = z.object({
  types: NameMap.default({}),
  relations: NameMap.default({}),
  attributes: NameMap.default({}),
  values: z.record(z.string(), NameMap).default({}),
});

/** The names glose-names.json gives back for brat identifiers. */
export type NameFile = z.output<typeof NamesFile>;

/** Reads glose-names.json; `fileName` is for messages. */
export function parseNames(input: string, fileName: string): NameFile {
  return validate(NamesFile, parseJson(stripBom(input), fileName), failAt(fileName));
}

/** A document read from brat with its names restored. */
function restoreNames(doc: PortableDocument, names: NameFile | undefined): PortableDocument {
  if (names === undefined) return doc;
  return {
    ...doc,
    spans: doc.spans.map((span) => ({
      ...span,
      label: names.types[span.label] ?? span.label,
      ...(span.attributes === undefined
        ? {}
        : {
            attributes: Object.fromEntries(
              Object.entries(span.attributes).map(([id, value]) => [
                names.attributes[id] ?? id,
                names.values[id]?.[value] ?? value,
              ]),
            ),
          }),
    })),
    relations: doc.relations.map((relation) => ({ ...relation, type: names.relations[relation.type] ?? relation.type })),
  };
}



const T_LINE = /^(T\S*)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t(.*))?$/;
const R_LINE = /^(R\S*)\t(\S+) (\S+?):(\S+) (\S+?):(\S+)\s*$/;
const A_LINE = /^([AM]\S*)\t(\S+) (\S+)(?: (\S+))?\s*$/;
const NOTE_LINE = /^(#\S*)\t\S+ (\S+)\t(.*)$/;
const LEFT_OUT = new Map<string, ImportNoteCode>([
  ['E', 'brat-event'],
  ['N', 'brat-normalization'],
  ['*', 'brat-equivalence'],
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
  names?: NameFile,
): PortableDocument {
  const source = new SourceText(text, 'codepoint');
  const problems = new Problems();
  const log = new ImportLog();
  const spans = new Map<string, PortableSpan>();
  const relations = new Map<string, { relation: PortableRelation; fail: Fail }>();
  const leftOut = new Set<string>();
  // Attributes and notes may come before what they belong to: attach them once all is read.
  const attachments: Attachment[] = [];
  const taken = (id: string, fail: Fail): string => {
    if (spans.has(id) || relations.has(id)) fail(formatWords().brat.idTwice(id));
    return id;
  };

  const readLine = (line: string, fail: Fail): void => {
    const leftOutKind = LEFT_OUT.get(line[0] ?? '');
    let match: RegExpExecArray | null;
    if (leftOutKind !== undefined) {
      leftOut.add(line.split('\t', 1)[0] ?? '');
      log.add(leftOutKind);
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
      fail(formatWords().brat.notALine(JSON.stringify(shown)));
    }
  };
  for (const [i, line] of stripBom(ann).split(/\r\n|\r|\n/).entries()) {
    if (line.trim() !== '') problems.attempt(() => readLine(line, failAt(fileName, i + 1)));
  }

  const attach = (attachment: Attachment): void => {
    const span = spans.get(attachment.target);
    const relation = relations.get(attachment.target)?.relation;
    const holder = span ?? relation;
    if (attachment.kind === 'note' && holder !== undefined) {
      holder.note = appended(holder.note, attachment.text);
    } else if (attachment.kind === 'attribute' && span !== undefined) {
      span.attributes = { ...span.attributes, [attachment.name]: attachment.value };
    } else if (relation !== undefined) {
      log.add('brat-relation-attribute');
    } else if (leftOut.has(attachment.target)) {
      log.add(attachment.kind === 'note' ? 'brat-attached-note' : 'brat-attached-attribute');
    } else {
      attachment.fail(formatWords().brat.notAnnotated(attachment.target));
    }
  };
  for (const attachment of attachments) problems.attempt(() => attach(attachment));
  const kept: PortableRelation[] = [];
  for (const [id, { relation, fail }] of relations) {
    const ends = [relation.fromKey, relation.toKey];
    if (ends.every((key) => spans.has(key))) kept.push(relation);
    else if (ends.some((key) => leftOut.has(key))) log.add('brat-relation-to-event');
    else problems.attempt(() => fail(formatWords().brat.relationTo(id, ends.find((key) => !spans.has(key)) ?? '')));
  }
  problems.check();

  return restoreNames(
    {
      name,
      text: source.text,
      meta: parsedMetadata('brat', source.normalisation, log.record()),
      spans: [...spans].map(([key, span]) => ({ ...span, key })),
      relations: kept,
    },
    names,
  );
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
    log.add('brat-discontinuous');
  }
  return { start, end, label };
}

/** Every document of a zipped brat collection: each .txt with the .ann of the same name, if any. */
export function parseZip(bytes: Uint8Array, fileName: string, budget: Budget = new Budget(limitsFor())): PortableDocument[] {
  // inflated within the budget: a small zip may hold gigabytes
  const entries = Object.fromEntries(
    readZip(bytes, { wanted: () => true, budget, damaged: (reason) => new FormatError(fileName, undefined, formatWords().notZip(reason)) }),
  );
  const decode = (path: string, data: Uint8Array): string => {
    try {
      // brat reads files without dropping a BOM, so its offsets count it: keep it for SourceText.
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data);
    } catch {
      throw new FormatError(`${fileName}/${path}`, undefined, formatWords().notUtf8For('brat'));
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
  const problems = new Problems();
  for (const [stem, annPath] of annotations) {
    if (!texts.has(stem)) problems.add(new FormatError(`${fileName}/${annPath}`, undefined, formatWords().brat.noTxt));
  }
  // the names file beside the .ann, or else at the root of the archive
  const namesIn = new Map<string, NameFile | undefined>();
  const namesFor = (annPath: string): NameFile | undefined => {
    const folder = annPath.slice(0, annPath.lastIndexOf('/') + 1);
    const path = [`${folder}${NAMES_FILE}`, NAMES_FILE].find((candidate) => entries[candidate] !== undefined);
    if (path === undefined) return undefined;
    if (!namesIn.has(path)) namesIn.set(path, parseNames(decode(path, entries[path] ?? new Uint8Array()), `${fileName}/${path}`));
    return namesIn.get(path);
  };
  const docs = [...texts].map(([stem, txtPath]) => {
    const annPath = annotations.get(stem) ?? `${txtPath.slice(0, -'.txt'.length)}.ann`;
    const ann = entries[annPath];
    return problems.attempt(() =>
      parseAnn(
        decode(txtPath, entries[txtPath] ?? new Uint8Array()),
        ann === undefined ? '' : decode(annPath, ann),
        `${fileName}/${annPath}`,
        txtPath,
        namesFor(annPath),
      ),
    );
  });
  problems.check();
  return docs.filter((doc) => doc !== undefined);
}
