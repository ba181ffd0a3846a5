// Prodigy JSONL cases the mutation run of 2026-12-02 (docs/testing.md) found untested: relations to
// spans of white space only, the keys written only when there is something to write, categories as
// Prodigy's options and accept, relation ends named by head_span and child_span, unnamed tasks.
import { describe, expect, it } from 'vitest';
import type { PortableDocument } from '../../../src-main/model';
import { parse, serialize } from '../../../src-main/formats/prodigy';
import { meta } from './documents';
import { worded } from './notes';

const tokens = [
  { text: 'Ada', start: 0, end: 3, id: 0, ws: true },
  { text: 'Lovelace', start: 4, end: 12, id: 1, ws: false },
];
const span = (start: number, end: number, label: string | null) => ({ start, end, label });

describe('Prodigy JSONL export', () => {
  it('leaves out a relation to a span of white space only', () => {
    const d: PortableDocument = {
      name: 'w.txt',
      text: 'Ada  Bob',
      meta: meta(),
      spans: [
        { key: 'a', start: 0, end: 3, label: 'PER' },
        { key: 'gap', start: 3, end: 5, label: 'GAP' },
        { key: 'b', start: 5, end: 8, label: 'PER' },
      ],
      relations: [
        { fromKey: 'a', toKey: 'gap', type: 'to_gap' },
        { fromKey: 'gap', toKey: 'b', type: 'from_gap' },
        { fromKey: 'a', toKey: 'b', type: 'meets' },
      ],
    };
    const task = JSON.parse(serialize([d])) as { relations: { label: string }[] };
    expect(task.relations.map((r) => r.label)).toEqual(['meets']);
  });

  it('writes relations, options and accept only when there are some, and categories as options', () => {
    const plain = JSON.parse(serialize([{ name: 'p.txt', text: 'Ada', meta: meta(), spans: [], relations: [] }])) as Record<string, unknown>;
    expect(Object.keys(plain)).toEqual(['text', 'tokens', 'spans', 'answer', 'name']);
    const withCategories = JSON.parse(
      serialize([{ name: 'c.txt', text: 'Ada', meta: meta(), spans: [], relations: [], categories: ['poem', 'letter'] }]),
    ) as Record<string, unknown>;
    expect(withCategories['options']).toEqual([
      { id: 'poem', text: 'poem' },
      { id: 'letter', text: 'letter' },
    ]);
    expect(withCategories['accept']).toEqual(['poem', 'letter']);
  });
});

describe('Prodigy JSONL import', () => {
  const task = (relations: unknown[], extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      text: 'Ada Lovelace',
      tokens,
      spans: [
        { start: 0, end: 12, label: 'PER' },
        { start: 0, end: 3, label: 'PER' },
        { start: 4, end: 12, label: 'PER' },
        { start: 4, end: 12, label: 'NAME' },
      ],
      relations,
      ...extra,
    });

  it('finds the span a relation names by its start, end and label together', () => {
    const [doc] = parse(
      task([
        { head: 0, child: 1, label: 'part', head_span: span(0, 3, 'PER'), child_span: span(4, 12, 'NAME') },
        { head: 1, child: 1, label: 'whole', head_span: span(0, 12, 'PER'), child_span: span(4, 12, 'PER') },
      ]),
      'p.jsonl',
    );
    expect(doc?.relations).toEqual([
      { fromKey: '1', toKey: '3', type: 'part' },
      { fromKey: '0', toKey: '2', type: 'whole' },
    ]);
  });

  it('refuses a relation that names a span not in "spans"', () => {
    expect(() => parse(task([{ head: 0, child: 1, label: 'r', head_span: span(0, 4, 'PER'), child_span: span(4, 12, 'NAME') }]), 'p.jsonl')).toThrow(
      'p.jsonl line 1: relation "r" names the span 0–4 "PER", which is not in "spans"',
    );
  });

  it('leaves out and counts a relation with either end on a plain token', () => {
    const [doc] = parse(
      task([
        { head: 0, child: 1, label: 'r', head_span: span(0, 3, null), child_span: span(4, 12, 'NAME') },
        { head: 0, child: 1, label: 's', head_span: span(0, 3, 'PER'), child_span: span(4, 12, null) },
      ]),
      'p.jsonl',
    );
    expect(doc?.relations).toEqual([]);
    expect(worded(doc?.meta.extra)).toEqual({ importNotes: '2 × relation between tokens that are not spans left out' });
  });

  it('keeps no answer, no categories and no name that the task does not have', () => {
    const docs = parse(`${task([])}\n${task([])}\n`, 'p.jsonl');
    expect(docs.map((d) => d.name)).toEqual(['p.jsonl #1', 'p.jsonl #2']);
    expect(docs[0]?.meta.extra).toBeUndefined();
    expect(docs[0]).not.toHaveProperty('categories');
  });
});
