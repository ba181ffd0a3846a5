// Paragraph geometry of a stored text: paragraphs are the lines between "\n"; offsets are UTF-16.

export interface Paragraphs {
  /** start offset of each paragraph */
  starts: Int32Array;
  /** the paragraph texts, without their "\n" */
  texts: string[];
}

export function splitParagraphs(text: string): Paragraphs {
  const texts = text.split('\n');
  const starts = new Int32Array(texts.length);
  let at = 0;
  for (let i = 0; i < texts.length; i++) {
    starts[i] = at;
    at += (texts[i] as string).length + 1;
  }
  return { starts, texts };
}

/** Index of the paragraph holding `offset` (an offset at a paragraph's end belongs to it). */
export function paragraphAt(p: Paragraphs, offset: number): number {
  let lo = 0;
  let hi = p.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((p.starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
