import { describe, expect, it } from 'vitest';
import { packRequest, unpackRequest } from '../../../src-renderer/src/suggest/pack';
import type { DocumentState, SuggestRequest } from '../../../src-renderer/src/suggest/service';

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
