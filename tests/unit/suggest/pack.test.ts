import { describe, expect, it } from 'vitest';
import { packReply, packRequest, unpackReply, unpackRequest } from '../../../src-renderer/src/suggest/pack';
import type { DocumentState, SuggestReply, SuggestRequest } from '../../../src-renderer/src/suggest/service';
import type { Proposal } from '../../../src-renderer/src/suggest/types';

const doc: DocumentState = {
  id: 'd1',
  text: 'Ada Lovelace met Charles Babbage in London.',
  spans: [
    { start: 0, end: 12, label: 'PER', id: 'ada' },
    { start: 17, end: 32, label: 'PER' },
    { start: 36, end: 42, label: 'LÖC 地名', id: '' },
  ],
  relations: [
    { id: 'r1', type: 'met', fromId: 'ada', toId: 'x' },
    { type: 'met', fromId: 'x', toId: 'ada' },
  ],
  rejected: ['0:3:PER:dates'],
  complete: true,
  model: { spans: [{ start: 0, end: 3, label: 'PER', score: 0.5 }], version: 'v1' },
};

const { relations: _relations, ...withoutRelations } = doc;

describe('requests packed for the suggestion worker', () => {
  it('carry every document as it was: spans, ids left out or empty, relations, the rest', () => {
    const requests: SuggestRequest[] = [
      { type: 'open', document: doc },
      { type: 'edit', document: doc, touched: [{ start: 0, end: 12 }] },
      { type: 'learn', documents: [withoutRelations, { id: 'd2', text: '', spans: [] }] },
      { type: 'preannotate', documents: [doc, doc] },
      { type: 'close', id: 'd1' },
    ];
    for (const r of requests) expect(unpackRequest(structuredClone(packRequest(r).wire))).toEqual(r);
  });

  it('send the spans as typed arrays and strings, handed over rather than copied', () => {
    const { wire, transfer } = packRequest({ type: 'open', document: doc });
    if (wire.type !== 'open') throw new Error('not an open request');
    expect(Array.from(wire.document.spans.starts)).toEqual([0, 17, 36]);
    expect([wire.document.spans.names, Array.from(wire.document.spans.labels)]).toEqual([['PER', 'LÖC 地名'], [0, 0, 1]]);
    expect(Array.from(wire.document.spans.ids.lengths)).toEqual([3, -1, 0]);
    expect(transfer).toHaveLength(3 + 1 + 4);
    const cloned = structuredClone(wire, { transfer });
    expect(transfer.every((b) => b.byteLength === 0)).toBe(true);
    expect(unpackRequest(cloned)).toEqual({ type: 'open', document: doc });
  });
});

const proposals: Proposal[] = [
  { kind: 'span', key: '0:12:PER:learned', recommender: 'learned', confidence: 0.8, explanation: { code: 'learned', label: 'PER', count: 3, others: 0, none: 0, anyCase: false }, start: 0, end: 12, label: 'PER', form: 'ada lovelace' },
  { kind: 'relation', key: 'rel:met:0:12:17:32:cues', recommender: 'cues', confidence: 0.5, explanation: { code: 'relation', relation: 'met', how: 'nameNear', neighbour: true }, type: 'met', from: { start: 0, end: 12, label: 'PER', spanId: 'ada' }, to: { start: 17, end: 32, label: 'PER' } },
  { kind: 'span', key: '17:32:PER:gazetteer', recommender: 'gazetteer', alsoBy: ['learned'], confidence: 0.25, explanation: { code: 'term', variant: 'Charles Babbage', label: 'PER', list: 'Personnes « 地名 ».csv', line: 2 }, start: 17, end: 32, label: 'PER' },
  { kind: 'span', key: '36:42:LÖC 地名:learned', recommender: 'learned', confidence: 1, explanation: { code: 'learned', label: 'PER', count: 3, others: 0, none: 0, anyCase: false }, start: 36, end: 42, label: 'LÖC 地名', form: 'london' },
];

describe('answers packed by the suggestion worker', () => {
  it('give back every proposal as it was, in the engine order, spans and relations mixed', () => {
    const replies: SuggestReply[] = [
      { type: 'proposals', id: 'd1', proposals },
      { type: 'proposals', id: 'd1', proposals: [] },
      { type: 'changed', id: 'd1', removed: ['1:2:PER:learned'], added: proposals.slice(1) },
      { type: 'preannotated', results: [{ id: 'd1', proposals: 3, by: { dates: 2, learned: 1 } }, { id: 'd2', proposals: 0, by: {} }] },
      { type: 'ok' },
      { type: 'error', problem: { code: 'notOpen', id: 'd9' } },
    ];
    for (const r of replies) {
      const { wire, transfer } = packReply(r);
      expect(unpackReply(structuredClone(wire, { transfer }))).toEqual(r);
    }
  });

  it('a prepared answer is unpacked when its proposals are first read, not when it arrives', () => {
    const r: SuggestReply = { type: 'prepared', id: 'd1', digest: 'abc', proposals };
    const { wire, transfer } = packReply(r);
    const received = structuredClone(wire, { transfer });
    const reply = unpackReply(received);
    if (reply.type !== 'prepared' || received.type !== 'prepared') throw new Error('not prepared');
    expect({ id: reply.id, digest: reply.digest }).toEqual({ id: 'd1', digest: 'abc' });
    // a column changed after arrival shows in what is read: nothing was unpacked before
    received.proposals.starts[0] = 5;
    expect(reply.proposals[0]).toMatchObject({ start: 5 });
    // read once: the same list every time
    expect(reply.proposals).toBe(reply.proposals);
    expect(reply.proposals.slice(1)).toEqual(proposals.slice(1));
  });

  it('send the span proposals as columns, each repeated value once, handed over rather than copied', () => {
    const { wire, transfer } = packReply({ type: 'proposals', id: 'd1', proposals });
    if (wire.type !== 'proposals') throw new Error('not proposals');
    const packed = wire.proposals;
    expect(Array.from(packed.kinds)).toEqual([0, 1, 0, 0]);
    expect(Array.from(packed.starts)).toEqual([0, 17, 36]);
    expect(packed.relations).toHaveLength(1);
    expect(packed.names).toEqual(['PER', 'learned', 'gazetteer', 'LÖC 地名']);
    // the two learned proposals share their explanation, not their form
    expect(packed.rests).toHaveLength(3);
    expect(transfer.every((b) => b instanceof ArrayBuffer)).toBe(true);
    structuredClone(wire, { transfer });
    expect(transfer.every((b) => b.byteLength === 0)).toBe(true);
  });
});
