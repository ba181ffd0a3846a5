// Pure geometry for the reader: where label chips go, and the path of a relation arc.

export interface ChipBox {
  id: string;
  left: number;
  top: number;
  width: number;
}

/**
 * Places chips at their span's start; a chip that would overlap the previous one on the same line
 * moves right past it. Input in reading order.
 */
export function layoutChips(boxes: readonly ChipBox[], gap = 2): ChipBox[] {
  const out: ChipBox[] = [];
  let lastTop = Number.NaN;
  let lastRight = -Infinity;
  for (const b of boxes) {
    const sameLine = Math.abs(b.top - lastTop) < 2;
    const left = sameLine && b.left < lastRight + gap ? lastRight + gap : b.left;
    out.push({ ...b, left });
    lastTop = b.top;
    lastRight = left + b.width;
  }
  return out;
}

export interface Point {
  x: number;
  y: number;
}

/** A cubic arc from one point to another, bulging upwards by a height that grows with the distance. */
export function arcPath(from: Point, to: Point): string {
  const dx = to.x - from.x;
  const lift = arcLift(from, to);
  const top = Math.min(from.y, to.y) - lift;
  return `M ${r(from.x)} ${r(from.y)} C ${r(from.x + dx * 0.15)} ${r(top)}, ${r(to.x - dx * 0.15)} ${r(top)}, ${r(to.x)} ${r(to.y)}`;
}

/** How far above the higher end an arc rises: enough to clear the chips, never a whole paragraph. */
export function arcLift(from: Point, to: Point): number {
  return Math.min(48, 14 + Math.abs(to.x - from.x) * 0.08 + Math.abs(to.y - from.y) * 0.1);
}

function r(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

/** Word-by-word movement over a list of word ranges (sorted): the next word starting after `offset`. */
export function nextWord(words: ReadonlyArray<readonly [number, number]>, offset: number): readonly [number, number] | undefined {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((words[mid] as readonly [number, number])[0] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return words[lo];
}

/** The last word starting before `offset`. */
export function previousWord(words: ReadonlyArray<readonly [number, number]>, offset: number): readonly [number, number] | undefined {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((words[mid] as readonly [number, number])[0] < offset) lo = mid + 1;
    else hi = mid;
  }
  return words[lo - 1];
}

/** The word containing `offset`, or the next one. */
export function wordAt(words: ReadonlyArray<readonly [number, number]>, offset: number): readonly [number, number] | undefined {
  const prev = previousWord(words, offset + 1);
  if (prev && prev[0] <= offset && offset < prev[1]) return prev;
  return nextWord(words, offset);
}
