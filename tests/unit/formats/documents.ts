// Documents the format tests share, and a comparable view of a document.
import type { DocumentMetadata, PortableDocument } from '../../../src-main/model';
import type { Feature } from '../../../src-main/formats/index';
import { FormatError } from '../../../src-main/formats/errors';

export function meta(extra: Partial<DocumentMetadata> = {}): DocumentMetadata {
  return { format: 'txt', hash: '', normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 }, ...extra };
}

/** Offsets of the first occurrence of `part` in `text`, as UTF-16 units. */
export function at(text: string, part: string, from = 0): { start: number; end: number } {
  const start = text.indexOf(part, from);
  if (start < 0) throw new Error(`${JSON.stringify(part)} is not in the text`);
  return { start, end: start + part.length };
}

const curieText = 'Marie Curie 🧪 was born in Warsaw.\nShe moved to Paris in 1891.';

/** The document of the golden files: two sentences, an emoji, 3 spans, 1 relation, 1 note. */
export const curie: PortableDocument = {
  name: 'curie.txt',
  text: curieText,
  meta: meta(),
  spans: [
    { key: 's1', ...at(curieText, 'Marie Curie'), label: 'PER' },
    { key: 's2', ...at(curieText, 'Warsaw'), label: 'LOC', note: 'then part of the Russian Empire' },
    { key: 's3', ...at(curieText, 'Paris'), label: 'LOC' },
  ],
  relations: [{ fromKey: 's1', toKey: 's2', type: 'born_in' }],
};

const nastyText =
  'Zoë 👩‍👩‍👧 met 𝒳 at the Café e\u0301tude.\tTabs\tstay.\n' +
  'مرحبا بالعالم — שלום עולם.\n' +
  '東京都に住む。 The 🇫🇷 flag, then 😀 again.';

/** Non-BMP characters, a ZWJ sequence, combining accents, tabs, RTL and CJK text, every feature. */
export const nasty: PortableDocument = {
  name: 'nasty "one", with commas.txt',
  text: nastyText,
  meta: meta({ title: 'Nasty, "quoted" title', author: 'Zoë', extra: { source: 'hand-made' } }),
  spans: [
    { key: 'family', ...at(nastyText, '👩‍👩‍👧'), label: 'EMOJI', note: 'a ZWJ sequence', attributes: { kind: 'family' } },
    { key: 'x', ...at(nastyText, '𝒳'), label: 'MATH' },
    { key: 'etude', ...at(nastyText, 'e\u0301tude'), label: 'WORD', attributes: { accent: 'combining', 'odd=name': 'a;b' } },
    { key: 'hello', ...at(nastyText, 'مرحبا'), label: 'ARABIC', note: 'RTL, "quoted", with commas' },
    { key: 'shalom', ...at(nastyText, 'שלום'), label: 'HEBREW' },
    { key: 'tokyo', ...at(nastyText, '東京都'), label: 'PLACE' },
    { key: 'flag', ...at(nastyText, '🇫🇷'), label: 'EMOJI' },
    { key: 'smile', ...at(nastyText, '😀'), label: 'EMOJI' },
  ],
  relations: [
    { fromKey: 'family', toKey: 'tokyo', type: 'lives_in', note: 'presumably' },
    { fromKey: 'flag', toKey: 'smile', type: 'next_to' },
  ],
  categories: ['test', 'unicode'],
};

/** An empty document travels too. */
export const empty: PortableDocument = { name: 'empty.txt', text: '', meta: meta(), spans: [], relations: [] };

/**
 * What a format must bring back of a document: spans with offsets and labels, relations by span
 * position, and whatever else the format carries.
 */
export function comparable(doc: PortableDocument, carries: Partial<Record<Feature, boolean>>): unknown {
  const position = new Map(doc.spans.map((span, i) => [span.key, i]));
  return {
    ...(carries.names ? { name: doc.name } : {}),
    ...(carries.text ? { text: doc.text } : {}),
    spans: doc.spans.map((span) => ({
      start: span.start,
      end: span.end,
      label: span.label,
      ...(carries.notes && span.note !== undefined ? { note: span.note } : {}),
      ...(carries.attributes && span.attributes !== undefined ? { attributes: span.attributes } : {}),
    })),
    relations: carries.relations
      ? doc.relations.map((relation) => ({
          from: position.get(relation.fromKey),
          to: position.get(relation.toKey),
          type: relation.type,
          ...(carries.relationNotes && relation.note !== undefined ? { note: relation.note } : {}),
        }))
      : [],
    ...(carries.categories ? { categories: doc.categories ?? [] } : {}),
    ...(carries.metadata
      ? { title: doc.meta.title, author: doc.meta.author, extra: doc.meta.extra }
      : {}),
  };
}

/** `text` indexed by code point, as Python (and the formats that count code points) index it. */
export function codePointSlice(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('');
}

const edgesText =
  '  Zoe\u0308 et sa famille\u00a0à  Paris\t\t(France)\n\n\nLa\ufeffVille Lumière.\u001cFin  ';

/**
 * What tokens must survive: whitespace Python and JavaScript disagree on (U+FEFF, U+001C),
 * runs of spaces, tabs and blank lines, a span inside a word, spans with whitespace at an edge or
 * of whitespace only, nested spans ending on the same token with relations to each.
 */
export const edges: PortableDocument = {
  name: 'edges.txt',
  text: edgesText,
  meta: meta(),
  spans: [
    { key: 'zoe', ...at(edgesText, 'Zoe\u0308'), label: 'PER' },
    { key: 'part', ...at(edgesText, 'fami'), label: 'PART' },
    { key: 'a', ...at(edgesText, '\u00a0à'), label: 'WORD' },
    { key: 'paris', ...at(edgesText, 'Paris\t\t(France)'), label: 'LOC' },
    { key: 'france', ...at(edgesText, 'France'), label: 'COUNTRY' },
    { key: 'blank', ...at(edgesText, '\n\n\n'), label: 'GAP' },
    { key: 'city', ...at(edgesText, 'Ville Lumière'), label: 'CITY' },
    { key: 'light', ...at(edgesText, 'Lumière'), label: 'WORD' },
    { key: 'end', ...at(edgesText, 'Fin  '), label: 'WORD' },
  ],
  relations: [
    { fromKey: 'city', toKey: 'zoe', type: 'home_of' },
    { fromKey: 'light', toKey: 'paris', type: 'names' },
  ],
};
/** "LABEL text" of each span, then "from -type-> to" of each relation: what a reader sees. */
export function annotations(doc: PortableDocument): string[] {
  const text = (key: string): string => {
    const span = doc.spans.find((s) => s.key === key);
    return span ? doc.text.slice(span.start, span.end) : '?';
  };
  return [
    ...doc.spans.map((s) => `${s.label} ${doc.text.slice(s.start, s.end)}`),
    ...doc.relations.map((r) => `${text(r.fromKey)} -${r.type}-> ${text(r.toKey)}`),
  ];
}

/** The message of the FormatError `run` throws; any other outcome fails the test. */
export function formatErrorMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof FormatError) return error.message;
    throw error;
  }
  throw new Error('expected a FormatError');
}
