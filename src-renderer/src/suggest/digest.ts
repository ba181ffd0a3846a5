// A fingerprint of a document as the recommenders read it (text, spans, relations, rejections,
// whether it is done): the worker reads a document from the database as soon as the reader starts
// opening it and computes its proposals meanwhile (see SuggestService 'prepare'); once the page has
// the document, it sends this fingerprint of what it holds instead of the document itself, and the
// worker answers what it computed only when its copy has the same fingerprint.

/** What the fingerprint reads of a document (the fields of service.ts's DocumentState it covers). */
export interface Digested {
  id: string;
  text: string;
  spans: ReadonlyArray<{ start: number; end: number; label: string; id?: string }>;
  relations?: ReadonlyArray<{ id?: string; type: string; fromId: string; toId: string }>;
  rejected?: readonly string[];
  complete?: boolean;
}

/** Two 32-bit hashes over everything the proposals depend on, as 16 hex digits. */
export function digestOf(d: Digested): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x27d4eb2f;
  const str = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    num(s.length);
  };
  function num(n: number): void {
    h1 = Math.imul(h1 ^ (n | 0), 0x01000193);
    h2 = Math.imul(h2 ^ (n | 0), 0x5bd1e995) ^ (h2 >>> 15);
  }
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
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
