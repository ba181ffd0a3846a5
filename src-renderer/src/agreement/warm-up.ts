// The agreement engine run once on a small made-up workload, in the worker, while nobody waits for it.
// V8 runs a function's first calls in its interpreter and compiles it to fast code only once it has run
// for a while: a worker's first report took about twice as long to compute as the next ones (on the
// 500-document workspace with three annotators: 4.5 s then 2.1 s in the engine under a load of 12,
// tests/bench/agreement.profile.ts), and the first report is the one a team lead waits for after
// opening the project. The workload goes through every step of the report (tokens, IOB tags, exact and
// overlapping matches, κ, α, αu, the confusion and per-document rows) with the shapes a real report
// has: texts with accents, elisions and an emoji, three layers of packed spans that mostly agree.
import { computePackedAgreement } from './compute';
import type { PackedDocument } from './transfer';

const WORDS = ['la', 'Commission', 'l’État', 'a', 'reçu', 'Emmanuel', 'Macron', 'à', 'Berlin', 'et', 'Paris', 'le', 'ministre', 'des', 'Finances', 'était', 'là', '😀', 'pour', 'Angela', 'Merkel', 'of', 'the', 'Council', 'said'];
const NAMES = ['PER', 'ORG', 'LOC', 'MISC'];
const ANNOTATORS = ['a', 'b', 'c'];

/** A seeded generator (mulberry32): the same workload every time. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` documents of about `words` words, each with three layers packed as the worker receives them. */
export function warmUpDocuments(count = 20, words = 400): { documents: PackedDocument[]; names: string[] } {
  const next = random(2016);
  const pick = (n: number) => Math.floor(next() * n);
  const documents: PackedDocument[] = [];
  for (let d = 0; d < count; d++) {
    const starts: number[] = [];
    const ends: number[] = [];
    let text = '';
    for (let w = 0; w < words; w++) {
      if (w > 0) text += w % 17 === 0 ? '.\n' : w % 7 === 0 ? ', ' : ' ';
      starts.push(text.length);
      text += WORDS[pick(WORDS.length)] as string;
      ends.push(text.length);
    }
    // the spans everyone starts from: one to three words, about one word in four
    const base: Array<[number, number, number]> = [];
    for (let w = 0; w < words - 3; w += 2 + pick(6)) {
      const last = Math.min(words - 1, w + pick(3));
      base.push([starts[w] as number, ends[last] as number, pick(NAMES.length)]);
    }
    const layers: Record<string, Int32Array> = {};
    for (const a of ANNOTATORS) {
      const spans: number[] = [];
      for (const [start, end, label] of base) {
        const r = next();
        if (r < 0.06) continue;
        if (r < 0.12) spans.push(start, end, (label + 1 + pick(NAMES.length - 1)) % NAMES.length);
        else if (r < 0.2) spans.push(start, Math.max(start + 1, end - 1 - pick(3)), label);
        else spans.push(start, end, label);
        // now and then a span nested in another
        if (r > 0.97) spans.push(start, Math.max(start + 1, Math.floor((start + end) / 2)), pick(NAMES.length));
      }
      for (let k = 0; k < base.length / 16; k++) {
        const w = pick(words);
        spans.push(starts[w] as number, ends[w] as number, pick(NAMES.length));
      }
      layers[a] = Int32Array.from(spans);
    }
    documents.push({ id: `warm-up-${d}`, length: text.length, text, layers });
  }
  return { documents, names: NAMES };
}

/** Computes the report on the made-up workload once; returns how many documents it compared. */
export function warmUpAgreement(count = 20, words = 400): number {
  const { documents, names } = warmUpDocuments(count, words);
  const report = computePackedAgreement(documents, names, { annotators: ANNOTATORS, labels: NAMES });
  return report.perDocument.length;
}
