// How documents cross to the agreement worker. Posted as objects, 300,000 spans take the main thread
// about 1.5 s to copy (structured clone, measured by tests/bench/agreement.bench.ts); packed as one
// Int32Array per layer (start, end, label index) they are moved, not copied, and the worker reads them
// where they are (computePackedAgreement).
import type { AgreementDocument } from './types';

/** User Timing names of the screen's two steps: reading and packing the layers, then the worker (posting included). */
export const READ_MEASURE = 'glose agreement: read';
export const WORKER_MEASURE = 'glose agreement: worker';

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

/** Packs layers one at a time as they are read, without an object per span; names the labels met. */
export class LayerPacker {
  readonly labels: string[] = [];
  readonly transfer: ArrayBuffer[] = [];
  readonly #index = new Map<string, number>();

  /** start, end and the label (named by `labelOf`) of each span, three numbers per span */
  pack<T extends { readonly start: number; readonly end: number }>(spans: readonly T[], labelOf: (span: T) => string): Int32Array {
    const packed = new Int32Array(spans.length * 3);
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i] as T;
      const name = labelOf(s);
      let label = this.#index.get(name);
      if (label === undefined) {
        label = this.labels.push(name) - 1;
        this.#index.set(name, label);
      }
      packed[i * 3] = s.start;
      packed[i * 3 + 1] = s.end;
      packed[i * 3 + 2] = label;
    }
    this.transfer.push(packed.buffer);
    return packed;
  }
}

export function packDocuments(docs: readonly AgreementDocument[]): PackedDocuments {
  const packer = new LayerPacker();
  const documents = docs.map((d): PackedDocument => {
    const layers: Record<string, Int32Array> = {};
    for (const [annotator, spans] of Object.entries(d.layers)) layers[annotator] = packer.pack(spans, (s) => s.label);
    return { id: d.id, length: d.length, ...(d.text === undefined ? {} : { text: d.text }), layers };
  });
  return { documents, labels: packer.labels, transfer: packer.transfer };
}
