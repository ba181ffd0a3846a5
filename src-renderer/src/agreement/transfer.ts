// How documents cross to the agreement worker. Posted as objects, 300,000 spans take the main thread
// about 1.5 s to copy (structured clone, measured by tests/bench/agreement.bench.ts); packed as one
// Int32Array per layer (start, end, label index) they are moved, not copied.
import type { AgreementDocument, AgreementSpan } from './types';

export interface PackedDocument {
  readonly id: string;
  readonly length: number;
  readonly text?: string;
  /** per annotator: start, end and the index of the label in `labels`, three numbers per span */
  readonly layers: Record<string, Int32Array>;
}

export interface PackedDocuments {
  documents: PackedDocument[];
  /** the label names the layers' indexes refer to */
  labels: string[];
  /** the buffers to transfer with the message */
  transfer: ArrayBuffer[];
}

export function packDocuments(docs: readonly AgreementDocument[]): PackedDocuments {
  const index = new Map<string, number>();
  const labels: string[] = [];
  const transfer: ArrayBuffer[] = [];
  const documents = docs.map((d): PackedDocument => {
    const layers: Record<string, Int32Array> = {};
    for (const [annotator, spans] of Object.entries(d.layers)) {
      const packed = new Int32Array(spans.length * 3);
      spans.forEach((s, i) => {
        let label = index.get(s.label);
        if (label === undefined) {
          label = labels.push(s.label) - 1;
          index.set(s.label, label);
        }
        packed[i * 3] = s.start;
        packed[i * 3 + 1] = s.end;
        packed[i * 3 + 2] = label;
      });
      layers[annotator] = packed;
      transfer.push(packed.buffer);
    }
    return { id: d.id, length: d.length, ...(d.text === undefined ? {} : { text: d.text }), layers };
  });
  return { documents, labels, transfer };
}

export function unpackDocuments(documents: readonly PackedDocument[], labels: readonly string[]): AgreementDocument[] {
  return documents.map((d) => {
    const layers: Record<string, AgreementSpan[]> = {};
    for (const [annotator, packed] of Object.entries(d.layers)) {
      const spans: AgreementSpan[] = new Array<AgreementSpan>(packed.length / 3);
      for (let i = 0; i < spans.length; i++) spans[i] = { start: packed[i * 3] as number, end: packed[i * 3 + 1] as number, label: labels[packed[i * 3 + 2] as number] as string };
      layers[annotator] = spans;
    }
    return { id: d.id, length: d.length, ...(d.text === undefined ? {} : { text: d.text }), layers };
  });
}
