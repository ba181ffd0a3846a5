// The reader's span indexes, kept edit by edit: each is checked against the plain answer (sort
// everything again, filter everything) after every step of a random run of adds and removes.
import { describe, expect, it } from 'vitest';
import { compareSpans, SpanOrder, sortSpans } from '$lib/span-order';
import { SpanGroups, type Labelled } from '$lib/span-groups';

/** A seeded sequence (a linear congruential generator): the same random run every time. */
class Rng {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state * 1103515245 + 12345) % 2 ** 31;
    return this.state / 2 ** 31;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

const TEXT = 'Xi Jinping a reçu Poutine. Xi Jinping parle, Poutine écoute; Xi Jinping et Pékin. '.repeat(40);
const WORDS = [...TEXT.matchAll(/\p{L}+(?: \p{L}+)?/gu)].map((m) => [m.index, m.index + m[0].length] as const);

function randomSpan(rng: Rng, n: number, long = false): Labelled {
  const [start, end] = rng.pick(WORDS);
  // a long span now and then: searches must still find it from far inside it
  const stop = long ? Math.min(TEXT.length, start + rng.int(2500, 3000)) : end;
  return { id: `s${n}`, labelId: rng.pick(['PER', 'LOC']), start, end: stop };
}

const byOrder = (spans: Iterable<Labelled>) => [...spans].sort(compareSpans);

describe('spans in reading order', () => {
  it('sorts by start, longest first, then id, as a comparator sort does', () => {
    const rng = new Rng(7);
    const spans = Array.from({ length: 500 }, (_, i) => randomSpan(rng, i));
    expect(sortSpans(spans)).toEqual(byOrder(spans));
    // starts beyond what the packed sort key holds fall back to the comparator
    const far = [...spans, { id: 'far', labelId: 'PER', start: 2 ** 27, end: 2 ** 27 + 3 }];
    expect(sortSpans(far)).toEqual(byOrder(far));
  });

  it('stays in order through adds and removes, and finds the spans over any stretch of text', () => {
    const rng = new Rng(11);
    const live = new Map<string, Labelled>();
    for (let i = 0; i < 200; i++) {
      const s = randomSpan(rng, i, i % 50 === 0);
      live.set(s.id, s);
    }
    const order = new SpanOrder([...live.values()]);
    for (let step = 0; step < 600; step++) {
      if (rng.chance(0.5) && live.size > 0) {
        const s = rng.pick([...live.values()]);
        live.delete(s.id);
        expect(order.remove({ ...s })).toBe(true);
      } else {
        const s = randomSpan(rng, 1000 + step, rng.chance(0.02));
        live.set(s.id, s);
        order.insert(s);
      }
      expect(order.all()).toEqual(byOrder(live.values()));
      const from = rng.int(0, TEXT.length);
      const to = from + rng.int(0, 300);
      expect(order.overlapping(from, to)).toEqual(byOrder([...live.values()].filter((s) => s.start < Math.max(to, from + 1) && s.end > from)));
    }
    expect(order.remove({ id: 'gone', start: 0, end: 2 })).toBe(false);
  });
});

describe('spans grouped by label and text', () => {
  it('keeps groups of identical text in the order of their first occurrence, through adds and removes', () => {
    const rng = new Rng(5);
    const live = new Map<string, Labelled>();
    for (let i = 0; i < 150; i++) {
      const s = randomSpan(rng, i);
      live.set(s.id, s);
    }
    const groups = new SpanGroups(TEXT, sortSpans([...live.values()]));
    const expected = (labelId: string) => {
      const out = new Map<string, Labelled[]>();
      for (const s of byOrder(live.values())) {
        if (s.labelId !== labelId) continue;
        const text = TEXT.slice(s.start, s.end);
        out.set(text, [...(out.get(text) ?? []), s]);
      }
      return [...out].map(([text, spans]) => ({ text, ids: spans.map((s) => s.id) }));
    };
    const actual = (labelId: string) => groups.groups(labelId).map((g) => ({ text: g.text, ids: g.spans.map((s) => s.id) }));
    for (let step = 0; step < 400; step++) {
      if (rng.chance(0.5) && live.size > 0) {
        const s = rng.pick([...live.values()]);
        live.delete(s.id);
        groups.remove(s);
      } else {
        const s = randomSpan(rng, 1000 + step);
        live.set(s.id, s);
        groups.add(s);
      }
      for (const label of ['PER', 'LOC']) {
        expect(actual(label)).toEqual(expected(label));
        expect(groups.count(label)).toBe([...live.values()].filter((s) => s.labelId === label).length);
      }
    }
    const some = [...live.values()][0] as Labelled;
    expect(groups.groupOf(some)?.spans).toContain(some);
  });

  it('tells apart texts that differ, and the same text under two labels', () => {
    const text = 'Paris paris Paris';
    const spans: Labelled[] = [
      { id: 'a', labelId: 'LOC', start: 0, end: 5 },
      { id: 'b', labelId: 'LOC', start: 6, end: 11 },
      { id: 'c', labelId: 'LOC', start: 12, end: 17 },
      { id: 'd', labelId: 'PER', start: 12, end: 17 },
    ];
    const groups = new SpanGroups(text, spans);
    expect(groups.groups('LOC').map((g) => [g.text, g.spans.map((s) => s.id)])).toEqual([
      ['Paris', ['a', 'c']],
      ['paris', ['b']],
    ]);
    expect(groups.groups('PER').map((g) => g.text)).toEqual(['Paris']);
    groups.remove(spans[0] as Labelled);
    // the group's first occurrence is now the third word: it moves after "paris"
    expect(groups.groups('LOC').map((g) => g.text)).toEqual(['paris', 'Paris']);
  });
});
