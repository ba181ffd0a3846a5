// The engine against NLTK's nltk.metrics.agreement.AnnotationTask (Artstein & Poesio's survey, as
// implemented there), like with like:
// - NLTK `kappa()` averages Cohen's κ over coder pairs: with two coders it is Cohen's κ (our pairs);
// - NLTK `pi()` is multi-π (Siegel & Castellan's K), which is Fleiss' κ when every coder coded every
//   item: compared with our Fleiss' κ on the documents every annotator annotated;
// - NLTK `alpha()` is Krippendorff's α; items with one value are left out, so missing values are
//   handled as Krippendorff does (it returns 1 where only one value occurs at all, where we say why α is
//   undefined: those cases are not compared here);
// - NLTK `multi_kappa()` is Davies & Fleiss's (1982) κ, which the engine does not report.
import { describe, expect, it } from 'vitest';
import { computeAgreement } from '../../../src-renderer/src/agreement/compute';
import { spanOrder, tagTokens, tokenize } from '../../../src-renderer/src/agreement/tokens';
import type { AgreementDocument, AgreementReport, Figure } from '../../../src-renderer/src/agreement/types';
import { cohen1960, fleiss1971, krippendorff2011, wikipediaFleiss } from '../../fixtures/agreement/published';
import { smallCorpus } from '../../fixtures/agreement/synthetic';
import { runNltk, type NltkJob } from './nltk';

const num = (f: Figure): number => {
  if (f.value === null) throw new Error(`expected a value, got: ${f.reason}`);
  return f.value;
};

type Triple = [string, string, string];

/** Every token's IOB tag from every annotator who annotated its document, as NLTK triples. */
function tokenTriples(docs: readonly AgreementDocument[], labels: readonly string[]): Triple[] {
  const index = new Map(labels.map((l, i) => [l, i]));
  const out: Triple[] = [];
  for (const doc of docs) {
    const tokens = tokenize(doc.text as string);
    for (const [annotator, spans] of Object.entries(doc.layers)) {
      const starts = Int32Array.from(spans, (s) => s.start);
      const ends = Int32Array.from(spans, (s) => s.end);
      const ids = Int32Array.from(spans, (s) => index.get(s.label) as number);
      const tags = tagTokens(tokens, starts, ends, ids, spanOrder(starts, ends, ids));
      tags.forEach((t, i) => out.push([annotator, `${doc.id}#${i}`, t === 0 ? 'O' : `${t % 2 ? 'B' : 'I'}-${labels[(t - 1) >> 1]}`]));
    }
  }
  return out;
}

/** Keeps the items coded by every one of `coders` (and only their codes). */
function completeFor(triples: readonly Triple[], coders: readonly string[]): Triple[] {
  const byItem = new Map<string, Set<string>>();
  for (const [c, item] of triples) if (coders.includes(c)) (byItem.get(item) ?? byItem.set(item, new Set()).get(item))?.add(c);
  return triples.filter(([c, item]) => coders.includes(c) && byItem.get(item)?.size === coders.length);
}

const binarise = (triples: readonly Triple[], label: string): Triple[] =>
  triples.map(([c, item, tag]) => [c, item, tag === `B-${label}` ? 'B' : tag === `I-${label}` ? 'I' : 'O']);

describe("NLTK's AnnotationTask on the published examples", () => {
  it('finds the published values, as the engine does', () => {
    const kripp: Triple[] = [];
    krippendorff2011.values.forEach((row, o) => row.forEach((v, u) => v !== null && kripp.push([krippendorff2011.observers[o] as string, `u${u}`, String(v)])));
    const cohen: Triple[] = [];
    let unit = 0;
    cohen1960.table.forEach((row, i) => row.forEach((n, j) => {
      for (let k = 0; k < n; k++, unit++) cohen.push(['A', `u${unit}`, String(i)], ['B', `u${unit}`, String(j)]);
    }));
    const fleiss: Triple[] = fleiss1971.units.flatMap((u, i) => u.map((v, r): Triple => [`r${r}`, `u${i}`, String(v)]));
    const wiki: Triple[] = wikipediaFleiss.counts.flatMap((counts, i) => counts.flatMap((n, c) => Array.from({ length: n }, () => c)).map((c, r): Triple => [`r${r}`, `u${i}`, String(c)]));
    const [k, c, f, w] = runNltk([
      { triples: kripp, measures: ['alpha'] },
      { triples: cohen, measures: ['kappa'] },
      { triples: fleiss, measures: ['pi'] },
      { triples: wiki, measures: ['pi'] },
    ]);
    expect(k?.alpha).toBeCloseTo(krippendorff2011.alpha, 3);
    expect(c?.kappa).toBeCloseTo(cohen1960.kappa, 3);
    expect(f?.pi).toBeCloseTo(fleiss1971.kappa, 3);
    expect(w?.pi).toBeCloseTo(wikipediaFleiss.kappa, 3);
  });
});

describe('the engine against NLTK on tokens tagged from three annotators’ spans', () => {
  const annotators = ['Ana', 'Bert', 'Chloé'];
  // a fifth of the documents lack one annotator or another: missing values for α
  const docs = smallCorpus(4242, 14, annotators, { drop: 0.1, relabel: 0.1, shift: 0.15, add: 0.1, skip: 0.2 });
  const report: AgreementReport = computeAgreement(docs, { annotators });
  const triples = tokenTriples(docs, report.labels);
  const everyone = completeFor(triples, annotators);
  const pairs = report.pairs.map((p) => completeFor(triples, [p.a, p.b]));

  it('has documents that every annotator, and documents that only some, annotated', () => {
    expect(report.documents.complete).toBeGreaterThan(2);
    expect(report.documents.complete).toBeLessThan(report.documents.compared);
    expect(new Set(everyone.map((t) => t[1])).size).toBeLessThan(new Set(triples.map((t) => t[1])).size);
  });

  it("agrees on α (with missing values), Fleiss' κ and each pair's Cohen κ and α, overall and per label", () => {
    const jobs: NltkJob[] = [
      { triples, measures: ['alpha'] },
      { triples: everyone, measures: ['pi'] },
      ...pairs.map((t): NltkJob => ({ triples: t, measures: ['kappa', 'alpha'] })),
    ];
    for (const label of report.labels) {
      jobs.push({ triples: binarise(triples, label), measures: ['alpha'] });
      jobs.push({ triples: binarise(everyone, label), measures: ['pi'] });
      for (const t of pairs) jobs.push({ triples: binarise(t, label), measures: ['kappa', 'alpha'] });
    }
    const results = runNltk(jobs);
    let r = 0;
    const next = () => results[r++] as Partial<Record<string, number>>;
    const check = (ours: Figure, theirs: number | undefined) => expect(num(ours)).toBeCloseTo(theirs as number, 9);

    check(report.overall.alpha, next().alpha);
    check(report.overall.fleissKappa, next().pi);
    for (const p of report.pairs) {
      const res = next();
      check(p.overall.cohenKappa, res['kappa']);
      check(p.overall.alpha, res['alpha']);
    }
    report.labels.forEach((_, l) => {
      check((report.perLabel[l] as (typeof report.perLabel)[number]).alpha, next().alpha);
      check((report.perLabel[l] as (typeof report.perLabel)[number]).fleissKappa, next().pi);
      for (const p of report.pairs) {
        const res = next();
        check((p.perLabel[l] as (typeof p.perLabel)[number]).cohenKappa, res['kappa']);
        check((p.perLabel[l] as (typeof p.perLabel)[number]).alpha, res['alpha']);
      }
    });
    expect(r).toBe(results.length);
  });
});
