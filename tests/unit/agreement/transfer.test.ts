// The documents cross to the agreement worker packed, and the worker reads the packed layers where they
// are: the report from them is the report from the documents as they were read, while the message
// moves its buffers instead of copying them.
import { describe, expect, it } from 'vitest';
import { AgreementInputError, computeAgreement, computePackedAgreement } from '../../../src-renderer/src/agreement/compute';
import { packDocuments, type PackedDocument } from '../../../src-renderer/src/agreement/transfer';
import type { AgreementDocument } from '../../../src-renderer/src/agreement/types';
import { smallCorpus } from '../../fixtures/agreement/synthetic';

const ANNOTATORS = ['Ana', 'Bert', 'Chloé'];

describe('documents packed for the worker', () => {
  it('give the same report as the documents, a layer without spans and a missing layer kept apart', () => {
    const docs: AgreementDocument[] = [
      ...smallCorpus(7, 12, ANNOTATORS),
      { id: 'empty', length: 4, text: 'Rien', layers: { Ana: [], Bert: [{ start: 0, end: 4, label: 'MISC' }] } },
    ];
    const packed = packDocuments(docs);
    expect(packed.transfer).toHaveLength(docs.reduce((n, d) => n + Object.keys(d.layers).length, 0));
    expect(new Set(packed.labels).size).toBe(packed.labels.length);
    // what a postMessage with transfer does to them: the receiver gets them, the sender's are detached
    const received = structuredClone(packed.documents, { transfer: packed.transfer });
    expect(packed.transfer.every((b) => b.byteLength === 0)).toBe(true);
    expect(received.at(-1)?.layers).toEqual({ Ana: new Int32Array(0), Bert: Int32Array.of(0, 4, packed.labels.indexOf('MISC')) });
    expect(computePackedAgreement(received, packed.labels)).toEqual(computeAgreement(docs));
    const options = { annotators: ['Chloé', 'Ana'], labels: ['PER', 'ORG'], reference: 'Ana' };
    expect(computePackedAgreement(received, packed.labels, options)).toEqual(computeAgreement(docs, options));
  });

  it('are read in any span order; a label index outside the names sent, or a layer not in threes, is refused', () => {
    const docs = smallCorpus(11, 6, ANNOTATORS);
    // the database gives spans in id order: the engine puts them in text order itself
    const shuffled = docs.map((d) => ({ ...d, layers: Object.fromEntries(Object.entries(d.layers).map(([a, spans]) => [a, [...spans].reverse()])) }));
    const packed = packDocuments(shuffled);
    expect(computePackedAgreement(packed.documents, packed.labels)).toEqual(computeAgreement(docs));
    const bad: PackedDocument = { id: 'd', length: 4, text: 'Rien', layers: { Ana: Int32Array.of(0, 4, 0), Bert: Int32Array.of(0, 4, 3) } };
    expect(() => computePackedAgreement([bad], ['PER'])).toThrow(new AgreementInputError('document "d", annotator "Bert", span 1: label 3 is not among the 1 names sent'));
    const short: PackedDocument = { ...bad, layers: { Ana: Int32Array.of(0, 4, 0), Bert: Int32Array.of(0, 4) } };
    expect(() => computePackedAgreement([short], ['PER'])).toThrow(new AgreementInputError('document "d", annotator "Bert": 2 numbers are not spans of three (start, end, label)'));
  });
});
