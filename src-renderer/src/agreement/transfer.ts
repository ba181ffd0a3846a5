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
      packed[i * 3] = s.start;
      packed[i * 3 + 1] = s.end;
      packed[i * 3 + 2] = this.#indexOf(labelOf(s));
    }
    this.transfer.push(packed.buffer);
    return packed;
  }

  /**
   * Spans packed already, their labels indexed in `names` (checked in range by the caller), indexed in
   * `labels` instead: changed in place, and its buffer taken to be moved.
   */
  relabel(packed: Int32Array, names: readonly string[]): Int32Array {
    const index = names.map((name) => this.#indexOf(name));
    for (let i = 2; i < packed.length; i += 3) packed[i] = index[packed[i] as number] as number;
    this.transfer.push(packed.buffer as ArrayBuffer);
    return packed;
  }

  #indexOf(name: string): number {
    let label = this.#index.get(name);
    if (label === undefined) {
      label = this.labels.push(name) - 1;
      this.#index.set(name, label);
    }
    return label;
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
