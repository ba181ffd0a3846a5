// The interchange formats Glose reads and writes, what each carries, and what an export would lose.
import { EXPORT_FORMATS, type ExportFormatId } from '../contract';
import type { PortableDocument, SchemaSpec } from '../model';
import { BratNames, lineBreakSpans } from './brat';
import { checkConll, type ConllOptions, type ConllReport } from './conll';
import { graphemeSplits } from './graphemes';
import { checkWebanno, type WebannoReport } from './webanno';
import { metadataRecord } from './shared';
import { edgeWhitespaceSpans } from './doc-layout';

export type FormatId = ExportFormatId;

/** What a document holds besides its spans, which a format may or may not carry. */
export type Feature =
  | 'relations'
  | 'relationNotes'
  | 'notes'
  | 'attributes'
  | 'categories'
  | 'metadata'
  | 'names'
  | 'text';

export interface FormatInfo {
  id: FormatId;
  name: string;
  /** of the exported file, without the dot */
  extension: string;
  carries: Record<Feature, boolean>;
}

const carries = (...features: Feature[]): Record<Feature, boolean> => ({
  relations: features.includes('relations'),
  relationNotes: features.includes('relationNotes'),
  notes: features.includes('notes'),
  attributes: features.includes('attributes'),
  categories: features.includes('categories'),
  metadata: features.includes('metadata'),
  names: features.includes('names'),
  text: features.includes('text'),
});

/** What each format carries; a format of EXPORT_FORMATS missing here does not compile. */
const CARRIES: Record<FormatId, Record<Feature, boolean>> = {
  doccano: carries('relations', 'categories', 'metadata', 'names', 'text'),
  // CoNLL carries the text as tokens; the spacing it loses is reported on its own.
  conll: carries('text'),
  brat: carries('relations', 'relationNotes', 'notes', 'attributes', 'names', 'text'),
  webanno: carries('relations', 'names', 'text'),
  w3c: carries('relations', 'relationNotes', 'notes', 'categories', 'names', 'text'),
  labelstudio: carries('relations', 'notes', 'attributes', 'categories', 'metadata', 'names', 'text'),
  spacy: carries('relations', 'categories', 'metadata', 'names', 'text'),
  prodigy: carries('relations', 'categories', 'metadata', 'names', 'text'),
  csv: carries('notes', 'attributes', 'names'),
};

export const formats: readonly FormatInfo[] = EXPORT_FORMATS.map(({ id, name, extension }) => ({ id, name, extension, carries: CARRIES[id] }));

export interface Loss {
  kind:
    | Feature
    | 'whitespace'
    | 'misaligned'
    | 'overlapping'
    | 'renamed'
    | 'noteLineBreaks'
    | 'edgeWhitespace'
    | 'lineBreakSpans'
    | 'graphemeSplit'
    | 'trimmed'
    | 'unwritten';
  /** how many items are concerned (relations, spans, names, documents…) */
  count: number;
  /** names of the documents concerned */
  documents: string[];
  /** a sentence for the person exporting */
  message: string;
}


/** A sentence after a count: [for one item, for several]. */
type Told = readonly [one: string, many: string];

/** How many of each feature a document holds, and how the loss of that is told. */
const FEATURES: Record<Feature, { count: (doc: PortableDocument) => number; lost: Told }> = {
  relations: {
    count: (doc) => doc.relations.length,
    lost: ['relation will be left out', 'relations will be left out'],
  },
  relationNotes: {
    count: (doc) => doc.relations.filter((r) => r.note !== undefined).length,
    lost: ['note on a relation will be left out', 'notes on relations will be left out'],
  },
  notes: {
    count: (doc) => doc.spans.filter((s) => s.note !== undefined).length,
    lost: ['span note will be left out', 'span notes will be left out'],
  },
  attributes: {
    count: (doc) => doc.spans.filter((s) => Object.keys(s.attributes ?? {}).length > 0).length,
    lost: ['span will lose its attributes', 'spans will lose their attributes'],
  },
  categories: {
    count: (doc) => (doc.categories?.length ? 1 : 0),
    lost: ['document will lose its categories', 'documents will lose their categories'],
  },
  metadata: {
    count: (doc) => (Object.keys(metadataRecord(doc.meta)).length > 0 ? 1 : 0),
    lost: [
      'document will lose its metadata (title, author, date…)',
      'documents will lose their metadata (title, author, date…)',
    ],
  },
  names: {
    count: () => 1,
    lost: [
      'document will lose its name (it is named after the file on import)',
      'documents will lose their names (they are named after the file on import)',
    ],
  },
  text: {
    count: (doc) => (doc.text === '' ? 0 : 1),
    lost: [
      'document will be exported without its text: the file can only be read back onto ' +
        'documents already in Glose',
      'documents will be exported without their text: the file can only be read back onto ' +
        'documents already in Glose',
    ],
  },
};

const EMPTY_SCHEMA: SchemaSpec = { name: '', labels: [], relations: [], categories: [] };

/** What checkConll and checkWebanno said of documents already, found while writing them. */
export interface KnownReports {
  conll?: ReadonlyMap<PortableDocument, ConllReport>;
  webanno?: ReadonlyMap<PortableDocument, WebannoReport>;
}

/**
 * What exporting `docs` to `format` would not keep or would change, one entry per kind, so that
 * the export can tell the person before anything is dropped. Empty when the export is faithful.
 * `schema` is the project's, whose names brat's annotation.conf holds too; `options.language` is
 * the tokenisation CoNLL and WebAnno TSV will use; `known`, what their checks found already.
 */
export function describeLoss(
  format: FormatId,
  docs: PortableDocument[],
  schema: SchemaSpec = EMPTY_SCHEMA,
  options: Pick<ConllOptions, 'language'> = {},
  known: KnownReports = {},
): Loss[] {
  const info = formats.find((f) => f.id === format);
  if (info === undefined) throw new Error(`unknown format ${format}`);
  const losses: Loss[] = [];
  /** Adds a loss when `count` finds something in a document; `items` counts it across documents. */
  const add = (
    kind: Loss['kind'],
    count: (doc: PortableDocument) => number,
    [one, many]: Told,
    items?: number,
  ): void => {
    const documents = docs.filter((doc) => count(doc) > 0).map((doc) => doc.name);
    if (documents.length === 0) return;
    const total = items ?? docs.reduce((sum, doc) => sum + count(doc), 0);
    const plural = documents.length === 1 ? '' : 's';
    const message = total === 1 ? one : many;
    const where = many.startsWith('documents') ? '' : ` (in ${documents.length} document${plural})`;
    losses.push({ kind, count: total, documents, message: `${info.name}: ${total} ${message}${where}` });
  };

  for (const [feature, carried] of Object.entries(info.carries) as [Feature, boolean][]) {
    if (!carried) add(feature, FEATURES[feature].count, FEATURES[feature].lost);
  }
  if (format === 'conll') {
    const reports = new Map(docs.map((doc) => [doc, known.conll?.get(doc) ?? checkConll(doc, options)]));
    add(
      'whitespace',
      (doc) => (doc.text === '' ? 0 : 1),
      [
        'document will have its spacing and line breaks rebuilt from tokens when read back',
        'documents will have their spacing and line breaks rebuilt from tokens when read back',
      ],
    );
    add(
      'misaligned',
      (doc) => reports.get(doc)?.misaligned.length ?? 0,
      [
        'span does not start or end on a token boundary: it will be widened to whole tokens, ' +
          'or left out if it covers none',
        'spans do not start or end on a token boundary: they will be widened to whole tokens, ' +
          'or left out if they cover none',
      ],
    );
    add(
      'overlapping',
      (doc) => reports.get(doc)?.overlapping.length ?? 0,
      [
        'pair of spans overlaps: only the outer span (or, with "skip", neither) is written',
        'pairs of spans overlap: of each pair only the outer span (or, with "skip", neither) is written',
      ],
    );
  }
  if (format === 'webanno') {
    const reports = new Map(docs.map((doc) => [doc, known.webanno?.get(doc) ?? checkWebanno(doc, options)]));
    add(
      'unwritten',
      (doc) => reports.get(doc)?.unwritten.length ?? 0,
      ['span covers only whitespace and will be left out', 'spans cover only whitespace and will be left out'],
    );
    add(
      'trimmed',
      (doc) => reports.get(doc)?.trimmed.length ?? 0,
      [
        'span starts or ends with whitespace, which will be left out of it (the format has no rows for whitespace)',
        'spans start or end with whitespace, which will be left out of them (the format has no rows for whitespace)',
      ],
    );
    add(
      'whitespace',
      (doc) => (reports.get(doc)?.leadingWhitespace ? 1 : 0),
      [
        'document starts with line breaks or tabs, which will be read back as spaces',
        'documents start with line breaks or tabs, which will be read back as spaces',
      ],
    );
  }
  if (format === 'conll') {
    // CoNLL tags split at a hyphen too (NLTK's reader takes B-Lieu-dit for three fields)
    const what = 'whitespace or a hyphen';
    const spaced = (doc: PortableDocument): string[] => doc.spans.map((s) => s.label).filter((n) => /[\s-]/.test(n));
    add(
      'renamed',
      (doc) => spaced(doc).length,
      [`name contains ${what}, which will become "_"`, `names contain ${what}, which will become "_"`],
      new Set(docs.flatMap(spaced)).size,
    );
  }
  if (format === 'brat') {
    const { renamed } = BratNames.of(schema, docs);
    // the schema's names are in annotation.conf, whichever documents use them
    const inSchema = BratNames.of(schema, []).renamed.length > 0;
    const uses = (doc: PortableDocument): number => (inSchema ? 1 : BratNames.of(EMPTY_SCHEMA, [doc]).renamed.length);
    if (renamed.length > 0) {
      add(
        'renamed',
        uses,
        [
          'name is not a brat identifier: it is written as one, shown by brat with its name (visual.conf) and restored by Glose on import (glose-names.json)',
          'names are not brat identifiers: they are written as identifiers, shown by brat with their names (visual.conf) and restored by Glose on import (glose-names.json)',
        ],
        renamed.length,
      );
    }
    add(
      'noteLineBreaks',
      (doc) => [...doc.spans, ...doc.relations].filter((a) => /[\r\n]/.test(a.note ?? '')).length,
      ['note has line breaks, which will become spaces', 'notes have line breaks, which will become spaces'],
    );
    add(
      'lineBreakSpans',
      (doc) => lineBreakSpans(doc).length,
      [
        'span holds line breaks only, which brat cannot show: it will be left out, with its relations',
        'spans hold line breaks only, which brat cannot show: they will be left out, with their relations',
      ],
    );
  }
  if (format === 'spacy' || format === 'prodigy') {
    add(
      'edgeWhitespace',
      (doc) => edgeWhitespaceSpans(doc).length,
      [
        'span starts or ends with whitespace, which tokens leave out of it (a span of whitespace only is left out)',
        'spans start or end with whitespace, which tokens leave out of them (a span of whitespace only is left out)',
      ],
    );
  }
  if (format !== 'conll') {
    add(
      'graphemeSplit',
      (doc) => graphemeSplits(doc).length,
      [
        'span starts or ends inside a character (between a letter and its accent, inside an emoji or a flag): a tool that selects whole characters cannot show it as it is',
        'spans start or end inside a character (between a letter and its accent, inside an emoji or a flag): a tool that selects whole characters cannot show them as they are',
      ],
    );
  }
  return losses;
}
