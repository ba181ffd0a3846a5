import { describe, expect, it } from 'vitest';
import { AgreementInputError } from '../../../src-renderer/src/agreement/compute';
import { alignLayers, type CurationLayer, type CurationRelation, type CurationSpan, type SpanDisagreement } from '../../../src-renderer/src/agreement/curation';

const TEXT = '« We will sign », said Marie Curie of the Sorbonne in Paris.';
let ids = 0;
const span = (words: string, label: string): CurationSpan => {
  const start = TEXT.indexOf(words);
  return { id: `s${++ids}`, start, end: start + words.length, label };
};
const layer = (annotator: string, spans: CurationSpan[], relations: CurationRelation[] = []): CurationLayer => ({ annotator, spans, relations });
const text = (c: { start: number; end: number; label: string }) => `${TEXT.slice(c.start, c.end)}/${c.label}`;
const spanDisagreements = (layers: CurationLayer[], mode?: 'complete' | 'incomplete') =>
  alignLayers(layers, mode ? { agreement: mode } : {}).disagreements.filter((d): d is SpanDisagreement => d.kind === 'span');
const choicesOf = (d: SpanDisagreement | undefined) => (d?.choices ?? []).map((c) => [c.kind, c.annotators.join('+'), c.items.map(text).join(' ')]);

describe('agreements', () => {
  it('are the spans every annotator of the document drew, taken whatever the order of the layers', () => {
    const a = alignLayers([layer('A', [span('Marie Curie', 'PER'), span('Paris', 'LOC')]), layer('B', [span('Paris', 'LOC'), span('Marie Curie', 'PER')]), layer('C', [span('Marie Curie', 'PER'), span('Paris', 'LOC')])]);
    expect(a.agreedSpans.map(text)).toEqual(['Marie Curie/PER', 'Paris/LOC']);
    expect(a.agreedSpans[0]?.sources.map((s) => s.annotator)).toEqual(['A', 'B', 'C']);
    expect(a.disagreements).toEqual([]);
  });

  it('keep a span the whole team drew even where one annotator also drew something inside it', () => {
    const quote = '« We will sign »';
    const a = alignLayers([layer('A', [span(quote, 'QUOTE'), span('We', 'PER')]), layer('B', [span(quote, 'QUOTE')])]);
    expect(a.agreedSpans.map(text)).toEqual([`${quote}/QUOTE`]);
    expect(spanDisagreements([layer('A', [span(quote, 'QUOTE'), span('We', 'PER')]), layer('B', [span(quote, 'QUOTE')])]).map((d) => d.candidates.map(text))).toEqual([['We/PER']]);
    expect(a.disagreements).toHaveLength(1);
  });

  it('with a single annotator, are everything they drew', () => {
    const a = alignLayers([layer('A', [span('Paris', 'LOC')])]);
    expect(a.agreedSpans.map(text)).toEqual(['Paris/LOC']);
    expect(alignLayers([]).agreedSpans).toEqual([]);
  });
});

describe('span disagreements and their choices', () => {
  it('different labels on the same range: take A, take B, take both, take none', () => {
    const [d] = spanDisagreements([layer('A', [span('Sorbonne', 'ORG')]), layer('B', [span('Sorbonne', 'LOC')])]);
    expect(d?.readings.map((r) => r.annotators)).toEqual([['A'], ['B']]);
    expect(choicesOf(d)).toEqual([
      ['take', 'A', 'Sorbonne/ORG'],
      ['take', 'B', 'Sorbonne/LOC'],
      ['both', 'A+B', 'Sorbonne/ORG Sorbonne/LOC'],
      ['none', '', ''],
    ]);
  });

  it('the same label on overlapping ranges cannot coexist: no "both"', () => {
    const [d] = spanDisagreements([layer('A', [span('Marie Curie', 'PER')]), layer('B', [span('Curie', 'PER')])]);
    expect(choicesOf(d)).toEqual([
      ['take', 'A', 'Marie Curie/PER'],
      ['take', 'B', 'Curie/PER'],
      ['none', '', ''],
    ]);
    expect([d?.start, d?.end]).toEqual([TEXT.indexOf('Marie'), TEXT.indexOf('Curie') + 5]);
  });

  it('a span one annotator drew and another did not: take it, or take none (the other’s reading)', () => {
    const [d] = spanDisagreements([layer('A', [span('Paris', 'LOC')]), layer('B', [])]);
    expect(choicesOf(d)).toEqual([
      ['take', 'A', 'Paris/LOC'],
      ['none', 'B', ''],
    ]);
  });

  it('groups annotators who drew the same, and offers every set of readings that can coexist', () => {
    const [d] = spanDisagreements([layer('A', [span('Sorbonne', 'ORG')]), layer('B', [span('Sorbonne', 'ORG')]), layer('C', [span('Sorbonne', 'LOC')]), layer('D', [span('Sorbonne', 'FAC')]), layer('E', [])]);
    expect(d?.readings.map((r) => r.annotators.join('+'))).toEqual(['A+B', 'C', 'D', 'E']);
    expect(choicesOf(d).map(([kind, who]) => `${kind} ${who}`)).toEqual(['take A+B', 'take C', 'take D', 'both A+B+C', 'both A+B+D', 'both C+D', 'both A+B+C+D', 'none E']);
  });

  it('an annotator’s reading holds all their spans of the disagreement', () => {
    // A: one span over both words; B: two spans, one on each word (same label, overlapping A's)
    const [d] = spanDisagreements([layer('A', [span('Marie Curie', 'PER')]), layer('B', [span('Marie', 'PER'), span('Curie', 'PER')])]);
    expect(choicesOf(d)).toEqual([
      ['take', 'A', 'Marie Curie/PER'],
      ['take', 'B', 'Marie/PER Curie/PER'],
      ['none', '', ''],
    ]);
  });

  it('keeps spans of different labels on different ranges apart, in text order', () => {
    const ds = spanDisagreements([layer('A', [span('Marie Curie', 'PER'), span('Paris', 'LOC')]), layer('B', [span('Curie of the Sorbonne', 'ORG')])]);
    expect(ds.map((d) => d.candidates.map(text))).toEqual([['Marie Curie/PER'], ['Curie of the Sorbonne/ORG'], ['Paris/LOC']]);
  });

  it('in "incomplete" mode, accepts what nobody contradicts, however many left it out', () => {
    const layers = [layer('A', [span('Paris', 'LOC'), span('Sorbonne', 'ORG')]), layer('B', [span('Sorbonne', 'LOC')])];
    const a = alignLayers(layers, { agreement: 'incomplete' });
    expect(a.agreedSpans.map(text)).toEqual(['Paris/LOC']);
    expect(spanDisagreements(layers, 'incomplete').map((d) => d.candidates.map(text))).toEqual([['Sorbonne/LOC', 'Sorbonne/ORG']]);
    expect(a.disagreements).toHaveLength(1);
    expect(alignLayers(layers).agreedSpans).toEqual([]);
  });
});

describe('ids', () => {
  const build = (shuffle: boolean) => {
    const a = [span('Marie Curie', 'PER'), span('Sorbonne', 'ORG'), span('Paris', 'LOC')];
    const b = [span('Curie', 'PER'), span('Sorbonne', 'LOC')];
    const layers = [layer('A', shuffle ? [...a].reverse() : a), layer('B', shuffle ? [...b].reverse() : b)];
    return alignLayers(shuffle ? [...layers].reverse() : layers);
  };

  it('are the same for the same layers in any order, and unique', () => {
    const ids = build(false).disagreements.map((d) => d.id);
    expect(build(true).disagreements.map((d) => d.id)).toEqual(ids);
    expect(new Set(ids).size).toBe(3);
    for (const d of build(false).disagreements) expect(new Set(d.choices.map((c) => c.id)).size).toBe(d.choices.length);
  });

  it('do not change when another disagreement is settled in a layer', () => {
    const before = spanDisagreements([layer('A', [span('Marie Curie', 'PER'), span('Paris', 'LOC')]), layer('B', [span('Curie', 'PER')])]);
    const after = spanDisagreements([layer('A', [span('Marie Curie', 'PER'), span('Paris', 'LOC')]), layer('B', [span('Curie', 'PER'), span('Paris', 'LOC')])]);
    expect(after.map((d) => d.id)).toEqual([before[0]?.id]);
  });
});

describe('relations', () => {
  const quote = span('« We will sign »', 'QUOTE');
  const marie = span('Marie Curie', 'PER');
  const copy = (s: CurationSpan, id: string): CurationSpan => ({ ...s, id });

  it('are agreed when every annotator drew them between agreed spans', () => {
    const a = alignLayers([
      layer('A', [quote, marie], [{ id: 'r1', from: quote.id, to: marie.id, type: 'said_by' }]),
      layer('B', [copy(quote, 'q'), copy(marie, 'm')], [{ id: 'r2', from: 'q', to: 'm', type: 'said_by' }]),
    ]);
    expect(a.agreedRelations.map((r) => [r.type, r.sources.map((s) => s.id)])).toEqual([['said_by', ['r1', 'r2']]]);
    expect(a.disagreements).toEqual([]);
  });

  it('offer each type, both, or none where the annotators typed them differently', () => {
    const a = alignLayers([
      layer('A', [quote, marie], [{ id: 'r1', from: quote.id, to: marie.id, type: 'said_by' }]),
      layer('B', [copy(quote, 'q'), copy(marie, 'm')], [{ id: 'r2', from: 'q', to: 'm', type: 'attributed_to' }]),
    ]);
    const [d] = a.disagreements;
    expect(d?.kind).toBe('relation');
    expect(d?.choices.map((c) => [c.kind, c.annotators.join('+'), c.items.map((r) => ('type' in r ? r.type : '')).join(' ')])).toEqual([
      ['take', 'A', 'said_by'],
      ['take', 'B', 'attributed_to'],
      ['both', 'A+B', 'said_by attributed_to'],
      ['none', '', ''],
    ]);
  });

  it('depend on the disagreement that holds one of their ends', () => {
    const a = alignLayers([
      layer('A', [quote, marie], [{ id: 'r1', from: quote.id, to: marie.id, type: 'said_by' }]),
      layer('B', [copy(quote, 'q'), span('Curie', 'PER')], []),
    ]);
    const spanD = a.disagreements.find((d) => d.kind === 'span');
    const relD = a.disagreements.find((d) => d.kind === 'relation');
    expect(relD?.kind === 'relation' && relD.dependsOn).toEqual([spanD?.id]);
    expect(relD?.choices.map((c) => c.kind)).toEqual(['take', 'none']);
  });

  it('whose ends are not in their layer are reported and left out', () => {
    const a = alignLayers([layer('A', [quote], [{ id: 'r9', from: quote.id, to: 'gone', type: 'said_by' }]), layer('B', [copy(quote, 'q')])]);
    expect(a.dangling).toEqual([{ annotator: 'A', id: 'r9' }]);
    expect(a.disagreements).toEqual([]);
  });
});

describe('input', () => {
  it('refuses two layers for one annotator, and spans that are not spans', () => {
    expect(() => alignLayers([layer('A', []), layer('A', [])])).toThrow(AgreementInputError);
    expect(() => alignLayers([layer('A', [{ id: 'x', start: 4, end: 4, label: 'PER' }])])).toThrow('annotator "A", span x (4–4 PER)');
  });
});
