// The corpus worker's work, behind one message channel: the corpus search, read and answered a slice
// of documents at a time so that hits stream to the screen while the rest is read, and the
// statistics, counted where the spans are read so that the window never holds a million of them.
// A newer request of the same kind (or a cancel) stops an older one between two slices. No DOM and
// no Dexie here: the database is reached through a CorpusSource (worker.ts gives the real one).
import type { Id } from '$model';
import { countByLabel, MAX_HITS, searchTexts, TextTally, type Hit, type SearchTally, type SpanLite, type TextCount } from '$lib/corpus';
import type { SearchOptions } from '$lib/search';

/** Where the worker reads the corpus from. */
export interface CorpusSource {
  /** the stored texts of these documents, by id (documents without one left out) */
  texts(ids: readonly Id[]): Promise<Map<Id, string>>;
  /** the spans of these documents in a layer (null: the user's own) */
  spans(ids: readonly Id[], layer: string | null): Promise<SpanLite[]>;
}

export interface SearchRequest {
  kind: 'search';
  seq: number;
  /** in the order hits are listed */
  docs: Array<{ id: Id; name: string; length: number }>;
  query: string;
  options: SearchOptions;
  cap?: number;
}

export interface StatsRequest {
  kind: 'stats';
  seq: number;
  /** `updatedAt` moves with every edit of a document's spans: a count kept from an earlier request is reused while it has not moved */
  docs: Array<{ id: Id; updatedAt: number }>;
  /** counts are given in this order */
  labelIds: Id[];
  /** null: the user's own layer */
  layer: string | null;
  /** the most frequent texts of each label too: this many (0: none) */
  top: number;
}

export type CorpusRequest = SearchRequest | StatsRequest | { kind: 'cancel'; seq: number };

export type CorpusAnswer =
  /** one slice searched: its hits (possibly none) and how far the search has got */
  | { seq: number; kind: 'hits'; hits: Hit[]; documents: number; read: number; total: number }
  /** the search is over */
  | { seq: number; kind: 'searched'; hits: number; documents: number; truncated: boolean }
  | { seq: number; kind: 'invalid'; error: string }
  /** spans per label of every document asked about, in the order asked */
  | { seq: number; kind: 'counts'; counts: number[][] }
  | { seq: number; kind: 'top'; top: Array<[Id, TextCount[]]> }
  | { seq: number; kind: 'error'; message: string };

/** The first slice is small so that the first hits show at once; later ones amortise the reads. */
export const FIRST_SLICE = 20;
export const SLICE = 200;
/** Texts kept in the worker for the next search (UTF-16 code units): a corpus larger than this is read again. */
export const TEXT_BUDGET = 64 * 1024 * 1024;

function* slices<T>(items: readonly T[], first = FIRST_SLICE, size = SLICE): Generator<T[]> {
  let i = 0;
  let n = first;
  while (i < items.length) {
    yield items.slice(i, i + n);
    i += n;
    n = size;
  }
}

export class CorpusService {
  /** the latest request of each kind: an older one still running stops at its next slice */
  private latest = { search: 0, stats: 0 };
  /** stored texts never change: kept (up to TEXT_BUDGET) for the next search */
  private readonly texts = new Map<Id, string>();
  private textUnits = 0;
  /** the user's layer: spans per label of each document, with the updatedAt they were counted at */
  private readonly counted = new Map<Id, { updatedAt: number; labels: string; counts: number[] }>();

  constructor(private readonly source: CorpusSource) {}

  async handle(req: CorpusRequest, post: (answer: CorpusAnswer) => void): Promise<void> {
    try {
      if (req.kind === 'cancel') {
        if (this.latest.search === req.seq) this.latest.search = -1;
        if (this.latest.stats === req.seq) this.latest.stats = -1;
      } else if (req.kind === 'search') {
        this.latest.search = req.seq;
        await this.search(req, post);
      } else {
        this.latest.stats = req.seq;
        await this.stats(req, post);
      }
    } catch (err) {
      post({ seq: req.seq, kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }

  private async search(req: SearchRequest, post: (answer: CorpusAnswer) => void): Promise<void> {
    const { seq, docs, query, options } = req;
    const current = () => this.latest.search === seq;
    const tally: SearchTally = { hits: 0, documents: 0, truncated: false };
    const invalid = searchTexts([], query, options, tally);
    if (!invalid.ok) return post({ seq, kind: 'invalid', error: invalid.error });
    let read = 0;
    if (query !== '') {
      for (const slice of slices(docs)) {
        const texts = await this.textsOf(slice);
        if (!current()) return;
        const found = searchTexts(
          slice.map((d) => ({ id: d.id, name: d.name, text: texts.get(d.id) ?? '' })),
          query,
          options,
          tally,
          req.cap ?? MAX_HITS,
        );
        if (!found.ok) return post({ seq, kind: 'invalid', error: found.error });
        read += slice.length;
        post({ seq, kind: 'hits', hits: found.hits, documents: tally.documents, read, total: docs.length });
        if (tally.truncated) break;
      }
    }
    post({ seq, kind: 'searched', hits: tally.hits, documents: tally.documents, truncated: tally.truncated });
  }

  private async textsOf(docs: ReadonlyArray<{ id: Id; length: number }>): Promise<Map<Id, string>> {
    const out = new Map<Id, string>();
    const missing: Id[] = [];
    for (const d of docs) {
      const kept = this.texts.get(d.id);
      if (kept !== undefined && kept.length === d.length) out.set(d.id, kept);
      else missing.push(d.id);
    }
    if (missing.length === 0) return out;
    for (const [id, text] of await this.source.texts(missing)) {
      out.set(id, text);
      if (this.textUnits + text.length <= TEXT_BUDGET && !this.texts.has(id)) {
        this.texts.set(id, text);
        this.textUnits += text.length;
      }
    }
    return out;
  }

  private async stats(req: StatsRequest, post: (answer: CorpusAnswer) => void): Promise<void> {
    const { seq, docs, labelIds, layer } = req;
    const current = () => this.latest.stats === seq;
    const labels = labelIds.join('\u0000');
    // another layer's edits do not move the document's updatedAt: its spans are always read
    const fresh = (d: { id: Id; updatedAt: number }) => {
      const c = layer === null ? this.counted.get(d.id) : undefined;
      return c && c.updatedAt === d.updatedAt && c.labels === labels ? c.counts : null;
    };
    const counts = new Map<Id, number[]>();
    const missing: Array<{ id: Id; updatedAt: number }> = [];
    for (const d of docs) {
      const c = fresh(d);
      if (c) counts.set(d.id, c);
      else missing.push(d);
    }
    for (const slice of slices(missing, SLICE, SLICE * 5)) {
      const spans = await this.source.spans(
        slice.map((d) => d.id),
        layer,
      );
      if (!current()) return;
      const byDoc = countByLabel(spans, labelIds);
      for (const d of slice) {
        const c = byDoc.get(d.id) ?? labelIds.map(() => 0);
        counts.set(d.id, c);
        if (layer === null) this.counted.set(d.id, { updatedAt: d.updatedAt, labels, counts: c });
      }
    }
    post({ seq, kind: 'counts', counts: docs.map((d) => counts.get(d.id) ?? labelIds.map(() => 0)) });
    if (req.top <= 0) return;
    // the most frequent texts need every span with its text: read again, a slice at a time, after the counts are shown
    const tally = new TextTally(labelIds);
    const withSpans = docs.filter((d) => (counts.get(d.id) ?? []).some((n) => n > 0));
    for (const slice of slices(withSpans, SLICE, SLICE)) {
      const ids = slice.map((d) => d.id);
      const [spans, texts] = await Promise.all([this.source.spans(ids, layer), this.source.texts(ids)]);
      if (!current()) return;
      tally.add(spans, texts);
    }
    post({ seq, kind: 'top', top: [...tally.top(req.top)] });
  }
}
