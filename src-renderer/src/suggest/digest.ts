// A fingerprint of a document as the recommenders read it (text, spans, relations, rejections,
// whether it is done): the worker reads a document from the database as soon as the reader starts
// opening it and computes its proposals meanwhile (see SuggestService 'prepare'); once the page has
// the document, it sends this fingerprint of what it holds instead of the document itself, and the
// worker answers what it computed only when its copy has the same fingerprint.
//
// When both read the same reader pack, the pack's edition stands for its spans and relations (see
// editionDigest): the page then fingerprints a long book without reading every span again.

/** What the fingerprint reads of a document (the fields of service.ts's DocumentState it covers). */
export interface Digested {
  id: string;
  text: string;
  spans: ReadonlyArray<{ start: number; end: number; label: string; id?: string }>;
  relations?: ReadonlyArray<{ id?: string; type: string; fromId: string; toId: string }>;
  rejected?: readonly string[];
  complete?: boolean;
}

/** Two 32-bit hashes, fed strings and numbers. */
function hasher(): { str(s: string): void; num(n: number): void; hex(): string } {
  let h1 = 0x811c9dc5;
  let h2 = 0x27d4eb2f;
  function num(n: number): void {
    h1 = Math.imul(h1 ^ (n | 0), 0x01000193);
    h2 = Math.imul(h2 ^ (n | 0), 0x5bd1e995) ^ (h2 >>> 15);
  }
  return {
    str(s: string): void {
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        h1 = Math.imul(h1 ^ c, 0x01000193);
        h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
      }
      num(s.length);
    },
    num,
    hex: () => (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0'),
  };
}

/**
 * What a document read from a reader pack holds for the recommenders, named without its spans: the
 * pack's edition (a name made afresh each time a pack is made, so two reads of one edition hold the
 * same spans and relations), the names the labels and relation types were read under, and what the
 * pack does not hold (rejections, whether the document is done).
 */
export interface Edition {
  id: string;
  edition: string;
  textLength: number;
  labels: ReadonlyArray<readonly [id: string, name: string]>;
  types: ReadonlyArray<readonly [id: string, name: string]>;
  rejected: readonly string[];
  complete: boolean;
}

/** The fingerprint of a document read from a reader pack: costs its rejections, not its spans. Never equal to a digestOf. */
export function editionDigest(e: Edition): string {
  const h = hasher();
  h.str(e.id);
  h.str(e.edition);
  h.num(e.textLength);
  h.num(e.labels.length);
  for (const [id, name] of e.labels) {
    h.str(id);
    h.str(name);
  }
  h.num(e.types.length);
  for (const [id, name] of e.types) {
    h.str(id);
    h.str(name);
  }
  const rejected = [...e.rejected].sort();
  h.num(rejected.length);
  for (const k of rejected) h.str(k);
  h.num(e.complete ? 1 : 0);
  return `e${h.hex()}`;
}

/** Two 32-bit hashes over everything the proposals depend on, as 16 hex digits. */
export function digestOf(d: Digested): string {
  const { str, num, hex } = hasher();
  str(d.id);
  // a document's text never changes (texts are only ever added, under a new id): its length stands
  // for it, and the page does not hash 5 MB of a long book on its main thread at every open
  num(d.text.length);
  num(d.spans.length);
  for (const s of d.spans) {
    num(s.start);
    num(s.end);
    str(s.label);
    str(s.id ?? '');
  }
  const relations = d.relations ?? [];
  num(relations.length);
  for (const r of relations) {
    str(r.id ?? '');
    str(r.type);
    str(r.fromId);
    str(r.toId);
  }
  // a set: its order does not matter
  const rejected = [...(d.rejected ?? [])].sort();
  num(rejected.length);
  for (const k of rejected) str(k);
  num(d.complete === true ? 1 : 0);
  return hex();
}
