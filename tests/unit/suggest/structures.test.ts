// The engine's typed-array structures: PairTable (the learned strings' trie steps), extentOrder
// (Sorted.fill's merge of sorted runs) and compileTrie, each checked against the plain version it
// replaces on seeded random inputs.
import { describe, expect, it } from 'vitest';
import { DocIndex } from '../../../src-renderer/src/suggest/doc';
import { suggest } from '../../../src-renderer/src/suggest/engine';
import { extentOrder } from '../../../src-renderer/src/suggest/extents';
import { compileTrie, LearnedModel, LearnedStrings } from '../../../src-renderer/src/suggest/learned';
import { MISSING, PairTable } from '../../../src-renderer/src/suggest/pairs';
import { context, lines, NEWS, span } from './helpers';
import { Rng } from '../../bench/lib/prng';

/** The bench corpus's seeded generator (mulberry32): the same inputs on every run. */
function random(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

describe('PairTable', () => {
  it('answers what was set for a pair, MISSING for any other, and the last value set', () => {
    const t = new PairTable(4);
    expect(t.get(0, 0)).toBe(MISSING);
    t.set(0, 0, 7);
    t.set(0, 1, -1);
    t.set(1, 0, 0);
    expect([t.get(0, 0), t.get(0, 1), t.get(1, 0), t.get(1, 1)]).toEqual([7, -1, 0, MISSING]);
    t.set(0, 1, 12);
    expect(t.get(0, 1)).toBe(12);
    expect(t.size).toBe(3);
  });

  it('agrees with a Map over thousands of pairs, through its growth', () => {
    const next = random(15);
    const t = new PairTable(2);
    const m = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      // clustered pairs (a trie's nodes and words are small numbers) and a few large ones
      const a = next() < 0.05 ? Math.floor(next() * 0x7ffffffe) : Math.floor(next() * 300);
      const b = next() < 0.05 ? Math.floor(next() * 0x7fffffff) : Math.floor(next() * 500);
      const v = Math.floor(next() * 2_000_000) - 1_000_000;
      t.set(a, b, v);
      m.set(`${a},${b}`, v);
    }
    expect(t.size).toBe(m.size);
    for (const [k, v] of m) {
      const [a, b] = k.split(',').map(Number) as [number, number];
      expect(t.get(a, b)).toBe(v);
    }
    let absent = 0;
    for (let i = 0; i < 5_000; i++) {
      const a = Math.floor(next() * 300);
      const b = 500 + Math.floor(next() * 500);
      if (t.get(a, b) === MISSING) absent++;
    }
    expect(absent).toBe(5_000);
  });

  it('refuses what it cannot hold rather than answering wrongly later', () => {
    const t = new PairTable();
    expect(() => t.set(0, 0, MISSING)).toThrow(RangeError);
    expect(() => t.set(-1, 0, 1)).toThrow(RangeError);
    expect(() => t.set(0, 1.5, 1)).toThrow(RangeError);
    expect(() => t.set(0, 0, 2 ** 31)).toThrow(RangeError);
  });
});

describe('extentOrder', () => {
  const reference = (starts: Int32Array, ends: Int32Array, n: number) =>
    Array.from({ length: n }, (_, i) => i).sort((a, b) => (starts[a] as number) - (starts[b] as number) || (ends[a] as number) - (ends[b] as number) || a - b);

  /** n extents in `runs` sorted runs (each a recommender's output in text order), with ties within and across runs. */
  function lists(next: () => number, n: number, runs: number): { starts: Int32Array; ends: Int32Array } {
    const items: Array<[number, number]> = [];
    for (let r = 0; r < runs; r++) {
      const run: Array<[number, number]> = [];
      for (let i = 0; i < Math.ceil(n / runs) && items.length + run.length < n; i++) {
        const s = Math.floor(next() * 60);
        run.push([s, s + 1 + Math.floor(next() * 4)]);
      }
      run.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      items.push(...run);
    }
    return { starts: Int32Array.from(items, (x) => x[0]), ends: Int32Array.from(items, (x) => x[1]) };
  }

  it('gives what a stable sort by (start, end) gives, for 1 to 40 runs (past 16 it sorts)', () => {
    const next = random(9);
    for (const runs of [1, 2, 3, 5, 8, 16, 17, 40]) {
      for (const n of [0, 1, 2, 7, 100, 1_000]) {
        const { starts, ends } = lists(next, n, runs);
        expect([...extentOrder(starts, ends, n)], `${runs} runs of ${n}`).toEqual(reference(starts, ends, n));
      }
    }
  });

  it('keeps equal extents in arrival order across runs', () => {
    const starts = Int32Array.from([5, 9, 1, 5, 5, 0, 5]);
    const ends = Int32Array.from([6, 10, 2, 6, 7, 1, 6]);
    expect([...extentOrder(starts, ends, 7)]).toEqual([5, 2, 0, 3, 6, 4, 1]);
  });
});

describe('compileTrie', () => {
  it('numbers every node and reaches each form by its words, and no other sequence', () => {
    const text = 'Jean Dupont et Jean Valjean ont vu Dupont à Paris. Jean Dupont Junior aussi.';
    const model = LearnedModel.build([{ id: 'd', text, spans: [span(text, 'Jean Dupont', 'PER'), span(text, 'Jean Valjean', 'PER'), span(text, 'Paris', 'LOC'), span(text, 'Jean Dupont Junior', 'PER')] }]);
    const trie = compileTrie(model.trie());
    const walk = (words: string[]): number => {
      let node = 0;
      for (const w of words) {
        const id = trie.words.get(w);
        if (id === undefined) return -1;
        const next = trie.edges.get(node, id);
        if (next === MISSING) return -1;
        node = next;
      }
      return node;
    };
    const keys = [...model.keys()].sort();
    expect(keys).toEqual(['jean dupont', 'jean dupont junior', 'jean valjean', 'paris']);
    for (const key of keys) expect(trie.keys[walk(key.split(' '))]).toBe(key);
    // a prefix is a node without a key; other sequences go nowhere
    expect(trie.keys[walk(['jean'])]).toBeNull();
    expect(trie.hasNext[walk(['jean'])]).toBe(1);
    expect(trie.hasNext[walk(['paris'])]).toBe(0);
    expect(walk(['dupont'])).toBe(-1);
    expect(walk(['jean', 'paris'])).toBe(-1);
    expect(trie.nodes.length).toBe(new Set(trie.nodes).size);
    expect(model.compiledTrie()).toBe(model.compiledTrie());
  });

  it('proposes through it every occurrence, multi-word forms after a prefix that stops, and forms that share a first word', () => {
    const train = 'Jean Dupont et Jean Valjean. La Banque de France et la Banque mondiale.';
    const model = LearnedModel.build([
      { id: 't', text: train, spans: [span(train, 'Jean Dupont', 'PER'), span(train, 'Jean Valjean', 'PER'), span(train, 'Banque de France', 'ORG'), span(train, 'Banque mondiale', 'ORG')] },
    ]);
    const text = 'Jean Valjean, Jean Dupont, Jean seul, la Banque de Paris, la Banque mondiale et la Banque de France.';
    const got = suggest(new DocIndex(text), context(NEWS, []), [new LearnedStrings(model)]);
    expect(lines(text, got)).toEqual(['PER Jean Valjean', 'PER Jean Dupont', 'ORG Banque mondiale', 'ORG Banque de France']);
  });

  it('is made again when the model learns a new form, so the next proposals have it', () => {
    const train = 'Jean Dupont est venu.';
    const model = LearnedModel.build([{ id: 't', text: train, spans: [span(train, 'Jean Dupont', 'PER')] }]);
    model.warm();
    const before = model.compiledTrie();
    const text = 'Jean Dupont et Marie Curie.';
    const learned = new LearnedStrings(model);
    expect(lines(text, suggest(new DocIndex(text), context(NEWS, []), [learned]))).toEqual(['PER Jean Dupont']);
    const more = 'Marie Curie aussi.';
    model.observe({ id: 'u', text: more, spans: [span(more, 'Marie Curie', 'PER')] });
    expect(model.compiledTrie()).not.toBe(before);
    expect(lines(text, suggest(new DocIndex(text), context(NEWS, []), [learned]))).toEqual(['PER Jean Dupont', 'PER Marie Curie']);
  });
});
