import { describe, expect, it } from 'vitest';
import gold from '../../fixtures/suggest/gold.json';
import { evaluate, formatTable, readGold } from '../../eval/suggest-eval';

describe('the suggestion evaluation', () => {
  const result = evaluate();

  it('is deterministic: the same rows and the same table on every run', () => {
    expect(evaluate()).toEqual(result);
    expect(formatTable(evaluate())).toBe(formatTable(result));
  });

  it('gives precision, recall and f1 per recommender and label, and a total row per recommender', () => {
    expect([...new Set(result.rows.map((r) => r.recommender))]).toEqual(['learned', 'gazetteer', 'dates', 'quotes', 'all']);
    for (const id of ['learned', 'gazetteer', 'dates', 'quotes', 'all']) {
      const rows = result.rows.filter((r) => r.recommender === id);
      expect(rows[rows.length - 1]?.label).toBe('*');
    }
    for (const r of result.rows) {
      expect(r.tp + r.fn).toBe(r.gold);
      for (const v of [r.precision, r.recall, r.f1]) if (v !== null) expect(v >= 0 && v <= 1).toBe(true);
      expect(r.precision).toBe(r.tp + r.fp === 0 ? null : r.tp / (r.tp + r.fp));
    }
    expect(result.rows.filter((r) => r.recommender === 'quotes').map((r) => r.label)).toEqual(expect.arrayContaining(['QUOTE', 'said_by', '*']));
    expect(result.rows.filter((r) => r.recommender === 'dates').map((r) => r.label)).toEqual(['DATE', 'MONEY', 'PERCENT', '*']);
    expect(result).toMatchObject({ set: 'all', documents: 13 });
  });

  it('prints a table with a header and one line per row', () => {
    const table = formatTable(result).split('\n');
    expect(table[0]).toMatch(/^Suggestions on 13 documents \(all sets; \d+ gold spans, \d+ relations\) of tests\/fixtures\/suggest\/gold\.json$/);
    const header = table.findIndex((l) => /^recommender\s+label\s+gold\s+tp\s+fp\s+fn\s+precision\s+recall\s+f1$/.test(l));
    expect(header).toBeGreaterThan(0);
    const body = table.slice(header + 1).filter((l) => l !== '');
    expect(body).toHaveLength(result.rows.length);
    for (const line of body) expect(line).toMatch(/^\S+\s+\S+(\s+\d+){4}(\s+(\d\.\d{3}|–)){3}$/);
  });

  it('finds something with every recommender on the documents they were tuned on', () => {
    const dev = evaluate(gold, 'dev');
    for (const id of ['learned', 'gazetteer', 'dates', 'quotes']) expect(dev.rows.find((r) => r.recommender === id && r.label === '*')?.tp).toBeGreaterThan(0);
    expect(evaluate(gold, 'held-out').documents + dev.documents).toBe(result.documents);
  });

  it('refuses a gold file whose span text is not what its offsets cover', () => {
    const broken = structuredClone(readGold(gold));
    const first = broken.documents[0]!;
    first.spans[0] = { ...first.spans[0]!, end: first.spans[0]!.end + 1 };
    expect(() => evaluate(broken)).toThrow(/^gold\.json fr-marchand-brenner span s1: offsets 3–15 cover "4 mars 2024,", not "4 mars 2024"$/);
  });
});
