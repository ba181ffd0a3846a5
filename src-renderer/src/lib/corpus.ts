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

/** Every match of `query` in `docs`, in document order, at most `cap` of them, each with its context. */
export function searchCorpus(docs: readonly CorpusText[], query: string, opts: SearchOptions, cap = MAX_HITS): CorpusSearchResult {
  // an invalid expression is reported once, whether or not there are documents
  const probe = findMatches('', query, opts);
  if (!probe.ok) return probe;
  const hits: Hit[] = [];
  let documents = 0;
  if (query === '') return { ok: true, hits, truncated: false, documents };
  for (const d of docs) {
    const res = findMatches(d.text, query, opts);
    if (!res.ok) return res;
    if (res.matches.length === 0) continue;
    documents++;
    for (const m of res.matches) {
      if (hits.length >= cap) return { ok: true, hits, truncated: true, documents };
      hits.push({ n: hits.length, docId: d.id, docName: d.name, start: m.start, end: m.end, ...kwic(d.text, m.start, m.end) });
    }
    if (res.truncated) return { ok: true, hits, truncated: true, documents };
  }
  return { ok: true, hits, truncated: false, documents };
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

/** Counts over the project's documents; spans of documents or labels not given are left out. */
export function corpusStats(docs: readonly DocumentRecord[], spans: readonly SpanLite[], labels: readonly LabelDef[]): CorpusStats {
  const labelIndex = new Map(labels.map((l, i) => [l.id, i]));
  const rows = new Map<Id, DocRow>(docs.map((doc) => [doc.id, { doc, counts: labels.map(() => 0), total: 0 }]));
  const perLabel = labels.map(() => 0);
  for (const s of spans) {
    const i = labelIndex.get(s.labelId);
    const row = rows.get(s.docId);
    if (i === undefined || !row) continue;
    row.counts[i] = (row.counts[i] ?? 0) + 1;
    row.total++;
    perLabel[i] = (perLabel[i] ?? 0) + 1;
  }
  const byStatus: Record<DocStatus, number> = { new: 0, in_progress: 0, done: 0 };
  for (const d of docs) byStatus[d.status]++;
  return {
    spansPerLabel: labels.map((label, i) => ({ label, count: perLabel[i] ?? 0 })),
    totalSpans: perLabel.reduce((a, b) => a + b, 0),
    byStatus,
    perDocument: [...rows.values()],
  };
}

/**
 * The `n` most frequent span texts of each label (white space collapsed; case kept), most
 * frequent first, ties alphabetical. Spans whose document text is not in `texts` are skipped.
 */
export function topTexts(spans: readonly SpanLite[], texts: ReadonlyMap<Id, string>, labels: readonly LabelDef[], n = 10): Map<Id, TextCount[]> {
  const counts = new Map<Id, Map<string, number>>(labels.map((l) => [l.id, new Map()]));
  for (const s of spans) {
    const byText = counts.get(s.labelId);
    const text = texts.get(s.docId);
    if (!byText || text === undefined) continue;
    const t = flat(text.slice(s.start, s.end)).trim();
    if (t) byText.set(t, (byText.get(t) ?? 0) + 1);
  }
  const out = new Map<Id, TextCount[]>();
  for (const [id, byText] of counts) {
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
