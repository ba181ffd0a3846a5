// A large import batch goes to the page in slices. The page's main thread copies in every answer it
// gets in one task (Electron's IPC, like postMessage, deserialises the whole message at once): 500
// articles, 20 MB of text, took a few hundred milliseconds there as one answer. The first answer
// carries the report and a first slice; main holds the other documents, and the page asks for them
// one slice at a time ('import:more'), each a task of a few milliseconds.
import { randomUUID } from 'node:crypto';
import type { ImportBatchResult, ImportSlice } from '../contract';
import type { PortableDocument } from '../model';

/** Text per slice, in UTF-16 code units (about 2 MB): a few milliseconds to copy in. */
export const SLICE_CHARS = 1 << 20;
/** What an annotation weighs against text: an object is costlier to copy than its few characters. */
const ANNOTATION_CHARS = 64;

const weight = (d: PortableDocument) => d.text.length + ANNOTATION_CHARS * (d.spans.length + d.relations.length);

/** The first documents of `docs` that fit in `limit` (at least one), as a count. */
function sliceEnd(docs: readonly PortableDocument[], from: number, limit: number): number {
  let end = from;
  let used = 0;
  while (end < docs.length) {
    const w = weight(docs[end] as PortableDocument);
    if (end > from && used + w > limit) break;
    used += w;
    end++;
  }
  return end;
}

/**
 * Holds the rest of one batch at a time: a new batch replaces one the page never finished asking for
 * (an import is one at a time, and a page that stops asking must not keep 20 MB alive).
 */
export class ImportSlices {
  #held: { id: string; documents: readonly PortableDocument[]; at: number } | null = null;
  readonly #limit: number;

  constructor(limit = SLICE_CHARS) {
    this.#limit = limit;
  }

  /** The batch as the first answer: whole when it fits in a slice, else its first slice and `more`. */
  first(result: ImportBatchResult): ImportBatchResult {
    this.#held = null;
    const end = sliceEnd(result.documents, 0, this.#limit);
    if (end === result.documents.length) return result;
    const id = randomUUID();
    this.#held = { id, documents: result.documents, at: end };
    return { ...result, documents: result.documents.slice(0, end), more: id };
  }

  /** The next slice of batch `id`; refused when main holds no such batch (never given, or all taken). */
  next(id: string): ImportSlice {
    const held = this.#held;
    if (!held || held.id !== id) throw new Error('no import batch is waiting under this id');
    const end = sliceEnd(held.documents, held.at, this.#limit);
    const documents = held.documents.slice(held.at, end);
    held.at = end;
    const more = end < held.documents.length;
    if (!more) this.#held = null;
    return { documents, more };
  }
}
