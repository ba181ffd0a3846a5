// The workload the agreement worker computes once while idle (src-renderer/src/agreement/warm-up.ts),
// so that V8 has compiled the engine before the first real report. It is only worth its time if it runs
// every step of a real report on the shapes a real report has: these tests say that it does.
import { describe, expect, it } from 'vitest';
import { computePackedAgreement } from '../../../src-renderer/src/agreement/compute';
import { warmUpAgreement, warmUpDocuments } from '../../../src-renderer/src/agreement/warm-up';

describe('the agreement warm-up', () => {
  const { documents, names } = warmUpDocuments();
  const report = computePackedAgreement(documents, names, { annotators: ['a', 'b', 'c'], labels: names });

  it('is the same workload every time, packed as the worker receives layers', () => {
    const again = warmUpDocuments();
    expect(again.documents.map((d) => [d.text, Object.values(d.layers).map((l) => [...l])])).toEqual(documents.map((d) => [d.text, Object.values(d.layers).map((l) => [...l])]));
    for (const d of documents) {
      expect(Object.keys(d.layers)).toEqual(['a', 'b', 'c']);
      for (const layer of Object.values(d.layers)) {
        expect(layer).toBeInstanceOf(Int32Array);
        expect(layer.length % 3).toBe(0);
        for (let i = 0; i < layer.length; i += 3) {
          expect(layer[i]).toBeGreaterThanOrEqual(0);
          expect(layer[i + 1]).toBeGreaterThan(layer[i] as number);
          expect(layer[i + 1]).toBeLessThanOrEqual(d.length);
          expect(layer[i + 2]).toBeLessThan(names.length);
        }
      }
    }
    // the texts a tokenizer meets: an elision, accents, an emoji (two UTF-16 units), line breaks
    const text = documents.map((d) => d.text).join('');
    for (const piece of ['l’État', 'reçu', '😀', '\n']) expect(text).toContain(piece);
  });

  it('goes through every step of a report: spans that agree, others that differ by label or boundary, every coefficient a number', () => {
    expect(warmUpAgreement()).toBe(documents.length);
    expect(report.documents).toEqual({ total: documents.length, compared: documents.length, complete: documents.length });
    const { overall } = report;
    for (const f of [overall.f1Exact, overall.f1Overlap, overall.fleissKappa, overall.alpha, overall.alphaU]) {
      expect(f.value).not.toBeNull();
      expect(f.value as number).toBeGreaterThan(0.3);
      expect(f.value as number).toBeLessThan(1);
    }
    // boundaries differ now and then: overlap matches more than exact
    expect(overall.f1Overlap.value as number).toBeGreaterThan(overall.f1Exact.value as number);
    // labels differ now and then: the confusion has tokens off its diagonal, for every label
    const off = names.map((_, i) => (report.confusion[i] ?? []).reduce((n, v, j) => n + (j === i ? 0 : v), 0));
    expect(off.every((n) => n > 0)).toBe(true);
    expect(report.pairs).toHaveLength(3);
    expect(report.perLabel.map((l) => l.label)).toEqual(names);
  });
});
