import { describe, expect, it } from 'vitest';
import { DocIndex } from '../../../src-renderer/src/suggest/doc';
import { SuggestSession, suggest } from '../../../src-renderer/src/suggest/engine';
import { Schema } from '../../../src-renderer/src/suggest/labels';
import type { Recommender } from '../../../src-renderer/src/suggest/recommender';
import { type Proposal, proposalKey, relationKey, type SpanProposal } from '../../../src-renderer/src/suggest/types';
import { context, lines, NEWS, span } from './helpers';

const TEXT = 'Vladimir Poutine a rencontré Xi Jinping à Pékin.';

/** A recommender that proposes what it is given. */
function fixed(id: string, proposals: Array<Partial<SpanProposal> & { phrase: string; label: string }>, confidence = 0.5): Recommender {
  return {
    id,
    name: id,
    description: id,
    propose: () =>
      proposals.map(({ phrase, label, ...rest }) => {
        const { start, end } = span(TEXT, phrase, label);
        return { kind: 'span', key: proposalKey(start, end, label, id), start, end, label, recommender: id, confidence, explanation: { code: 'model', version: id }, ...rest } satisfies Proposal;
      }),
  };
}

const run = (recs: Recommender[], ctx = context()) => lines(TEXT, suggest(new DocIndex(TEXT), ctx, recs));

describe('the engine', () => {
  it('never proposes a label the schema lacks, and spells labels as the schema does', () => {
    const rec = fixed('a', [
      { phrase: 'Pékin', label: 'LOC' },
      { phrase: 'Xi Jinping', label: 'MISC' },
    ]);
    expect(run([rec])).toEqual(['LOC Pékin']);
    expect(run([rec], context({ labels: ['MISC'], relations: [] }))).toEqual(['MISC Xi Jinping']);
  });

  it('never re-proposes what the user rejected here, whichever recommender proposed it', () => {
    const pekin = span(TEXT, 'Pékin', 'LOC');
    const a = fixed('a', [{ phrase: 'Pékin', label: 'LOC' }]);
    const b = fixed('b', [{ phrase: 'Pékin', label: 'LOC' }, { phrase: 'Xi Jinping', label: 'PER' }]);
    const rejected = [proposalKey(pekin.start, pekin.end, 'LOC', 'a')];
    expect(run([a, b], context(NEWS, [], { rejected }))).toEqual(['PER Xi Jinping']);
    // a rejection is of that label only
    expect(run([fixed('c', [{ phrase: 'Pékin', label: 'ORG' }])], context(NEWS, [], { rejected }))).toEqual(['ORG Pékin']);
  });

  it('never proposes where a span is, nor over a span of the same label; over another label it may', () => {
    const spans = [span(TEXT, 'Vladimir Poutine', 'PER'), span(TEXT, 'Xi Jinping', 'ORG')];
    const rec = fixed('a', [
      { phrase: 'Poutine', label: 'PER' },
      { phrase: 'Vladimir Poutine', label: 'LOC' },
      { phrase: 'Jinping', label: 'PER' },
      { phrase: 'Pékin', label: 'LOC' },
    ]);
    expect(run([rec], context(NEWS, spans))).toEqual(['PER Jinping', 'LOC Pékin']);
  });

  it('merges the same proposal from several recommenders into the most confident one', () => {
    const got = suggest(new DocIndex(TEXT), context(), [fixed('a', [{ phrase: 'Pékin', label: 'LOC' }], 0.5), fixed('b', [{ phrase: 'Pékin', label: 'LOC' }], 0.8)]);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ recommender: 'b', alsoBy: ['a'], confidence: 0.8 });
  });

  it('keeps the longest of overlapping proposals with one label, and overlaps of different labels', () => {
    const rec = fixed('a', [
      { phrase: 'Poutine', label: 'PER' },
      { phrase: 'Vladimir Poutine', label: 'PER' },
      { phrase: 'Vladimir', label: 'ORG' },
    ]);
    expect(run([rec])).toEqual(['ORG Vladimir', 'PER Vladimir Poutine']);
  });

  it('drops a relation whose end is gone (rejected, or never there) and one that already exists', () => {
    const quote = span(TEXT, 'a rencontré', 'QUOTE');
    const xi = span(TEXT, 'Xi Jinping', 'PER', 0, 'xi');
    const relation = (from: typeof quote, to: typeof quote): Recommender => ({
      id: 'r',
      name: 'r',
      description: 'r',
      propose: () => [
        { kind: 'span', key: proposalKey(from.start, from.end, 'QUOTE', 'r'), start: from.start, end: from.end, label: 'QUOTE', recommender: 'r', confidence: 0.9, explanation: { code: 'quote' } },
        { kind: 'relation', key: relationKey('said_by', from, to, 'r'), type: 'said_by', from, to, recommender: 'r', confidence: 0.8, explanation: { code: 'relation', relation: 'said_by', how: 'subject', neighbour: false } },
      ],
    });
    expect(run([relation(quote, xi)], context(NEWS, [xi]))).toEqual(['QUOTE a rencontré', 'said_by a rencontré… → Xi Jinping']);
    expect(run([relation(quote, xi)], context(NEWS, []))).toEqual(['QUOTE a rencontré']);
    const rejectedQuote = [proposalKey(quote.start, quote.end, 'QUOTE', 'r')];
    expect(run([relation(quote, xi)], context(NEWS, [xi], { rejected: rejectedQuote }))).toEqual([]);
    const rejectedLink = [relationKey('said_by', quote, xi, 'r')];
    expect(run([relation(quote, xi)], context(NEWS, [xi], { rejected: rejectedLink }))).toEqual(['QUOTE a rencontré']);
    const existing = { ...quote, id: 'q' };
    expect(run([relation(existing, xi)], context(NEWS, [existing, xi], { relations: [{ type: 'said_by', fromId: 'q', toId: 'xi' }] }))).toEqual([]);
    expect(run([relation(quote, xi)], context({ labels: ['PER', 'QUOTE'], relations: [] }, [xi]))).toEqual(['QUOTE a rencontré']);
  });

  it('gives the same proposals in the same order on every run', () => {
    const recs = () => [fixed('b', [{ phrase: 'Pékin', label: 'LOC' }, { phrase: 'Xi Jinping', label: 'PER' }]), fixed('a', [{ phrase: 'Vladimir', label: 'PER' }])];
    const first = suggest(new DocIndex(TEXT), context(), recs());
    expect(suggest(new DocIndex(TEXT), context(), recs())).toEqual(first);
    expect(lines(TEXT, first)).toEqual(['PER Vladimir', 'PER Xi Jinping', 'LOC Pékin']);
  });

  it('re-runs a live recommender after an edit and keeps the others', () => {
    let calls = 0;
    const live: Recommender = { ...fixed('live', [{ phrase: 'Pékin', label: 'LOC' }]), live: true };
    const counting: Recommender = { ...fixed('still', [{ phrase: 'Xi Jinping', label: 'PER' }]), propose: (...args) => (calls++, fixed('still', [{ phrase: 'Xi Jinping', label: 'PER' }]).propose(...args)) };
    const session = new SuggestSession(new DocIndex(TEXT), [counting, live]);
    expect(lines(TEXT, session.all(context()))).toEqual(['PER Xi Jinping', 'LOC Pékin']);
    // the user labels Pékin: its proposal goes, the other recommender is not asked again
    session.update({ spans: [{ after: span(TEXT, 'Pékin', 'LOC') }] });
    expect(lines(TEXT, session.proposals())).toEqual(['PER Xi Jinping']);
    expect(calls).toBe(1);
  });
});

describe('schema labels', () => {
  it('match names in any case, then synonyms; an exact name wins over a synonym', () => {
    const schema = new Schema({ labels: ['Person', 'gpe', 'LOC', 'Org'], relations: [] });
    expect(schema.label('PERSON')).toBe('Person');
    expect(schema.label('PER')).toBe('Person');
    expect(schema.label('LOC')).toBe('LOC');
    expect(schema.label('GPE')).toBe('gpe');
    expect(schema.label('ORGANIZATION')).toBe('Org');
    expect(schema.label('MISC')).toBeNull();
  });
});
