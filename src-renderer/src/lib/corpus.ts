// The corpus view's arithmetic: sorting and filtering the document list, keyword in context,
// statistics and their CSV. Pure functions over plain records; no Dexie, no DOM.
import type { DocStatus, DocumentRecord, Id, LabelDef } from '$model';
import { findMatches, type SearchOptions } from './search';

export type SortKey = 'name' | 'title' | 'date' | 'status' | 'spans' | 'updated';
export type SortDir = 'ascending' | 'descending';

export interface DocFilter {
  status: DocStatus | '';
  /** documents having at least one span of this label */
  labelId: Id | '';
  /** name or title contains, ignoring case */
  text: string;
}

export const STATUS_ORDER: readonly DocStatus[] = ['new', 'in_progress', 'done'];

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * Sorted copy; ties keep the incoming order. Documents without a title or date go last whatever
 * the direction, so the ones that have one stay together at the top.
 */
export function sortDocuments(docs: readonly DocumentRecord[], key: SortKey, dir: SortDir): DocumentRecord[] {
  const sign = dir === 'ascending' ? 1 : -1;
  const text = (get: (d: DocumentRecord) => string | undefined) => (a: DocumentRecord, b: DocumentRecord) => {
    const x = get(a)?.trim() || '';
    const y = get(b)?.trim() || '';
    if (!x || !y) return x ? -1 : y ? 1 : 0;
    return sign * collator.compare(x, y);
  };
  const num = (get: (d: DocumentRecord) => number) => (a: DocumentRecord, b: DocumentRecord) => sign * (get(a) - get(b));
  const compare = {
    name: text((d) => d.name),
    title: text((d) => d.meta.title),
    date: text((d) => d.meta.date),
    status: num((d) => STATUS_ORDER.indexOf(d.status)),
    spans: num((d) => d.spanCount),
    updated: num((d) => d.updatedAt),
  }[key];
  return docs
    .map((d, i) => [d, i] as const)
    .sort(([a, i], [b, j]) => compare(a, b) || i - j)
    .map(([d]) => d);
}

/** `withLabel`: ids of the documents having a span of `filter.labelId` (ignored when no label is chosen). */
export function filterDocuments(docs: readonly DocumentRecord[], filter: DocFilter, withLabel?: ReadonlySet<Id>): DocumentRecord[] {
  const needle = filter.text.trim().toLocaleLowerCase();
  return docs.filter(
    (d) =>
      (!filter.status || d.status === filter.status) &&
      (!filter.labelId || (withLabel?.has(d.id) ?? false)) &&
      (!needle || d.name.toLocaleLowerCase().includes(needle) || (d.meta.title?.toLocaleLowerCase().includes(needle) ?? false)),
  );
}

/** Ids from `anchor` to `target` (both included) in the order shown; empty when either is not shown. */
export function rangeIds(shown: readonly { id: Id }[], anchor: Id, target: Id): Id[] {
  const a = shown.findIndex((d) => d.id === anchor);
  const b = shown.findIndex((d) => d.id === target);
  if (a < 0 || b < 0) return [];
  return shown.slice(Math.min(a, b), Math.max(a, b) + 1).map((d) => d.id);
}

// ---- keyword in context

export interface Kwic {
  left: string;
  match: string;
  right: string;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
const flat = (s: string) => s.replace(/\s+/g, ' ');

/**
 * About `width` code units either side of [start, end), never cutting a surrogate pair, with line
 * breaks and runs of white space shown as one space.
 */
export function kwic(text: string, start: number, end: number, width = 40): Kwic {
  let from = Math.max(0, start - width);
  if (from > 0 && isLow(text.charCodeAt(from)) && isHigh(text.charCodeAt(from - 1))) from++;
  let to = Math.min(text.length, end + width);
  if (to < text.length && isLow(text.charCodeAt(to)) && isHigh(text.charCodeAt(to - 1))) to--;
  return { left: flat(text.slice(from, start)), match: flat(text.slice(start, end)), right: flat(text.slice(end, to)) };
}

export interface CorpusText {
  id: Id;
  name: string;
  text: string;
}

export interface Hit extends Kwic {
  /** position in the list, stable key */
  n: number;
  docId: Id;
  docName: string;
  start: number;
  end: number;
}

export type CorpusSearchResult = { ok: true; hits: Hit[]; truncated: boolean; documents: number } | { ok: false; error: string };

/** The corpus search stops listing at this many hits (and says so). */
export const MAX_HITS = 5_000;

/** Where a search that runs over the corpus a slice at a time has got to. */
export interface SearchTally {
  hits: number;
  /** documents with at least one hit */
  documents: number;
  /** the cap was reached: later slices add nothing */
  truncated: boolean;
}

/**
 * The matches of `query` in one slice of the corpus, in document order, numbered on from
 * `tally.hits`, each with its context; `tally` is brought up to date. Once `cap` hits are listed
 * the tally says truncated and nothing more is added.
 */
export function searchTexts(
  docs: readonly CorpusText[],
  query: string,
  opts: SearchOptions,
  tally: SearchTally,
  cap = MAX_HITS,
): { ok: true; hits: Hit[] } | { ok: false; error: string } {
  // an invalid expression is reported whether or not there are documents
  const probe = findMatches('', query, opts);
  if (!probe.ok) return probe;
  const hits: Hit[] = [];
  if (query === '') return { ok: true, hits };
  for (const d of docs) {
    if (tally.truncated) break;
    const res = findMatches(d.text, query, opts);
    if (!res.ok) return res;
    if (res.matches.length === 0) continue;
    tally.documents++;
    for (const m of res.matches) {
      if (tally.hits >= cap) {
        tally.truncated = true;
        break;
      }
      hits.push({ n: tally.hits++, docId: d.id, docName: d.name, start: m.start, end: m.end, ...kwic(d.text, m.start, m.end) });
    }
    if (res.truncated) tally.truncated = true;
  }
  return { ok: true, hits };
}

// ---- statistics

/** What statistics need of a span. */
export interface SpanLite {
  docId: Id;
  labelId: Id;
  start: number;
  end: number;
}

export interface LabelCount {
  label: LabelDef;
  count: number;
}

export interface TextCount {
  text: string;
  count: number;
}

export interface DocRow {
  doc: DocumentRecord;
  /** spans per label, in the order of `labels` */
  counts: number[];
  total: number;
}

export interface CorpusStats {
  spansPerLabel: LabelCount[];
  totalSpans: number;
  byStatus: Record<DocStatus, number>;
  perDocument: DocRow[];
}

/** Spans per label of each document: counts in the order of `labelIds`; spans of other labels are left out. */
export function countByLabel(spans: readonly Pick<SpanLite, 'docId' | 'labelId'>[], labelIds: readonly Id[]): Map<Id, number[]> {
  const index = new Map(labelIds.map((id, i) => [id, i]));
  const out = new Map<Id, number[]>();
  for (const s of spans) {
    const i = index.get(s.labelId);
    if (i === undefined) continue;
    let row = out.get(s.docId);
    if (!row) out.set(s.docId, (row = labelIds.map(() => 0)));
    row[i] = (row[i] ?? 0) + 1;
  }
  return out;
}

/** Counts over the project's documents, from each document's spans per label (in the order of `labels`; a document missing from `counts` has none). */
export function corpusStats(docs: readonly DocumentRecord[], counts: ReadonlyMap<Id, readonly number[]>, labels: readonly LabelDef[]): CorpusStats {
  const perLabel = labels.map(() => 0);
  const byStatus: Record<DocStatus, number> = { new: 0, in_progress: 0, done: 0 };
  const perDocument = docs.map((doc): DocRow => {
    byStatus[doc.status]++;
    const row = counts.get(doc.id);
    const own = labels.map((_, i) => row?.[i] ?? 0);
    own.forEach((n, i) => (perLabel[i] = (perLabel[i] ?? 0) + n));
    return { doc, counts: own, total: own.reduce((a, b) => a + b, 0) };
  });
  return {
    spansPerLabel: labels.map((label, i) => ({ label, count: perLabel[i] ?? 0 })),
    totalSpans: perLabel.reduce((a, b) => a + b, 0),
    byStatus,
    perDocument,
  };
}

/** The span texts of each label and how often each occurs, gathered a slice of the corpus at a time. */
export class TextTally {
  private readonly counts: Map<Id, Map<string, number>>;

  constructor(labelIds: readonly Id[]) {
    this.counts = new Map(labelIds.map((id) => [id, new Map()]));
  }

  /** Counts the texts of `spans` (white space collapsed; case kept); spans whose document text is not in `texts` are skipped. */
  add(spans: readonly SpanLite[], texts: ReadonlyMap<Id, string>): void {
    for (const s of spans) {
      const byText = this.counts.get(s.labelId);
      const text = texts.get(s.docId);
      if (!byText || text === undefined) continue;
      const t = flat(text.slice(s.start, s.end)).trim();
      if (t) byText.set(t, (byText.get(t) ?? 0) + 1);
    }
  }

  /** The `n` most frequent texts of each label, most frequent first, ties alphabetical. */
  top(n = 10): Map<Id, TextCount[]> {
    const out = new Map<Id, TextCount[]>();
    for (const [id, byText] of this.counts) {
      out.set(
        id,
        [...byText]
          .map(([text, count]) => ({ text, count }))
          .sort((a, b) => b.count - a.count || collator.compare(a.text, b.text) || (a.text < b.text ? -1 : 1))
          .slice(0, n),
      );
    }
    return out;
  }
}

// ---- CSV (RFC 4180: CRLF between records; a field is quoted when it holds a comma, quote, CR or LF)

export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The per-document table: document, title, status, one column per label, total; then a total row. */
export function statsCsv(stats: CorpusStats, labels: readonly LabelDef[]): string {
  const rows: Array<Array<string | number>> = [['document', 'title', 'status', ...labels.map((l) => l.name), 'total']];
  for (const r of stats.perDocument) rows.push([r.doc.name, r.doc.meta.title ?? '', r.doc.status, ...r.counts, r.total]);
  rows.push(['total', '', '', ...stats.spansPerLabel.map((c) => c.count), stats.totalSpans]);
  return toCsv(rows);
}

/** The most frequent span texts: label, rank, text, count. */
export function topTextsCsv(top: ReadonlyMap<Id, TextCount[]>, labels: readonly LabelDef[]): string {
  const rows: Array<Array<string | number>> = [['label', 'rank', 'text', 'count']];
  for (const l of labels) (top.get(l.id) ?? []).forEach((t, i) => rows.push([l.name, i + 1, t.text, t.count]));
  return toCsv(rows);
}
