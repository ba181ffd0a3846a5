// The documents cross to the agreement worker packed: what the worker unpacks is what the screen read,
// and the report computed from it is the same, while the message moves its buffers instead of copying.
import { describe, expect, it } from 'vitest';
import { computeAgreement } from '../../../src-renderer/src/agreement/compute';
import { packDocuments, unpackDocuments } from '../../../src-renderer/src/agreement/transfer';
import type { AgreementDocument } from '../../../src-renderer/src/agreement/types';
import { smallCorpus } from '../../fixtures/agreement/synthetic';

describe('documents packed for the worker', () => {
  it('unpack to the same documents and the same report, a layer without spans and a missing layer kept apart', () => {
    const docs: AgreementDocument[] = [
      ...smallCorpus(7, 12, ['Ana', 'Bert', 'Chloé']),
      { id: 'empty', length: 4, text: 'Rien', layers: { Ana: [], Bert: [{ start: 0, end: 4, label: 'MISC' }] } },
    ];
    const packed = packDocuments(docs);
    expect(packed.transfer).toHaveLength(docs.reduce((n, d) => n + Object.keys(d.layers).length, 0));
    expect(new Set(packed.labels).size).toBe(packed.labels.length);
    // what a postMessage with transfer does to them: the receiver gets them, the sender's are detached
    const received = structuredClone(packed.documents, { transfer: packed.transfer });
    expect(packed.transfer.every((b) => b.byteLength === 0)).toBe(true);
    const back = unpackDocuments(received, packed.labels);
    expect(back).toEqual(docs);
    expect(back.at(-1)?.layers).toEqual({ Ana: [], Bert: [{ start: 0, end: 4, label: 'MISC' }] });
    expect(computeAgreement(back)).toEqual(computeAgreement(docs));
  });
});
