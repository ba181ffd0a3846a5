// The agreement engine's input and output: plain data that a Web Worker can receive and post back
// (structured clone), with offsets in UTF-16 code units, end exclusive, as everywhere in Glose.

export interface AgreementSpan {
  readonly start: number;
  readonly end: number;
  /** the label's name: layers are compared by name, so two projects' labels meet when their names do */
  readonly label: string;
}

/** Token boundaries, in text order and not overlapping. */
export interface TokenRanges {
  readonly starts: ArrayLike<number>;
  readonly ends: ArrayLike<number>;
}

export interface AgreementDocument {
  readonly id: string;
  /** UTF-16 length of the document's text: the continuum of αu */
  readonly length: number;
  /** the text, tokenised here when `tokens` is not given */
  readonly text?: string;
  readonly tokens?: TokenRanges;
  /**
   * One entry per annotator who annotated this document (for instance, who marked it Done): their
   * spans, possibly none. An annotator with no entry did not annotate it: a missing value, never "no
   * span".
   */
  readonly layers: Readonly<Record<string, readonly AgreementSpan[]>>;
}

export interface AgreementOptions {
  /** the annotators compared (default: everyone with a layer in some document, in name order) */
  readonly annotators?: readonly string[];
  /** label order of the tables (default: name order); labels met in the spans but not listed follow */
  readonly labels?: readonly string[];
  /**
   * Compare everyone with this annotator: pairs become (reference, other), precision and recall read
   * against the reference, and the overall F1 averages those pairs only.
   */
  readonly reference?: string;
  /** called after each document with the count done and the total */
  readonly onProgress?: (done: number, total: number) => void;
}

/** A coefficient, or why it cannot be computed (no data, no variation…): never NaN, never a throw. */
export type Figure = { readonly value: number } | { readonly value: null; readonly reason: string };

/** Span F1 between two annotators: `matched` spans out of the reference's and the other's. */
export interface SpanMatch {
  readonly reference: number;
  readonly other: number;
  readonly matched: number;
  /** matched / other */
  readonly precision: Figure;
  /** matched / reference */
  readonly recall: Figure;
  /** 2 · matched / (reference + other) */
  readonly f1: Figure;
}

export interface PairFigures {
  /** `null` for the row over every label */
  readonly label: string | null;
  readonly exact: SpanMatch;
  readonly overlap: SpanMatch;
  readonly cohenKappa: Figure;
  readonly alpha: Figure;
  readonly alphaU: Figure;
}

export interface PairReport {
  /** the reference when one was chosen, else the first in annotator order */
  readonly a: string;
  readonly b: string;
  /** documents both annotated */
  readonly documents: number;
  /** tokens of those documents */
  readonly tokens: number;
  readonly overall: PairFigures;
  readonly perLabel: readonly PairFigures[];
  /** rows: a's label, columns: b's label, in `labels` order then "none"; counts of tokens */
  readonly confusion: readonly (readonly number[])[];
}

export interface GroupFigures {
  readonly label: string | null;
  /** spans per annotator, in `annotators` order */
  readonly spans: readonly number[];
  /** mean of the pairs' F1 (pairs with the reference only, when one was chosen) */
  readonly f1Exact: Figure;
  readonly f1Overlap: Figure;
  /** Cohen's κ when exactly two annotators are compared */
  readonly cohenKappa: Figure;
  readonly fleissKappa: Figure;
  readonly alpha: Figure;
  readonly alphaU: Figure;
}

export interface DocumentRow {
  readonly id: string;
  /** the compared annotators who annotated this document */
  readonly annotators: readonly string[];
  readonly tokens: number;
  /** spans of those annotators, all together */
  readonly spans: number;
  readonly f1Exact: Figure;
  readonly f1Overlap: Figure;
  /** Cohen's κ with two annotators, Fleiss' κ with more */
  readonly kappa: Figure;
  readonly alpha: Figure;
  readonly alphaU: Figure;
  /** 1 − exact F1 (0 when nobody marked anything): the order in which a curator wants to see documents */
  readonly disagreement: number;
}

export interface AgreementReport {
  readonly annotators: readonly string[];
  readonly labels: readonly string[];
  readonly reference: string | null;
  readonly documents: {
    readonly total: number;
    /** annotated by at least two of the compared annotators: these count at all */
    readonly compared: number;
    /** annotated by every compared annotator: Fleiss' κ and αu use these only */
    readonly complete: number;
  };
  readonly tokens: number;
  readonly overall: GroupFigures;
  readonly perLabel: readonly GroupFigures[];
  readonly pairs: readonly PairReport[];
  /** every ordered pair of annotators, summed (so symmetric): labels then "none", counts of tokens */
  readonly confusion: readonly (readonly number[])[];
  readonly perDocument: readonly DocumentRow[];
}
