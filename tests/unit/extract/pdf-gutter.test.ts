// The gutter between two columns is lost when text crosses it within the body of the page; the
// body's band is closed (a piece exactly on its top or bottom line counts), and the longest lines of
// the left column, which end where the gutter starts, do not cross it (a justified column has many), nor do
// lines of the right column that start exactly where the band ends.
import { describe, expect, test } from 'vitest';
import { pageRegions, type TextRun } from '../../../src-main/extract/pdf-layout';

const SIZE = 10;
const YS = [100, 113, 126, 139, 152, 165];
/** Two justified columns: every left line ends at 250, every right line starts at 300. */
const COLUMNS: TextRun[] = YS.flatMap((y, i) => [
  { text: `gauche ${i + 1}`, x: 50, y, width: 200, size: SIZE },
  { text: `droite ${i + 1}`, x: 300, y, width: 200, size: SIZE },
]);
// the body's band: from half a size above its first line to half a size below its last
const TOP = YS[0]! - SIZE / 2;
const BOTTOM = YS.at(-1)! + SIZE / 2;

/** Two pieces on one baseline, each crossing the gutter (250–300). */
const crossingPair = (y: number): TextRun[] => [
  { text: 'a', x: 100, y, width: 180, size: SIZE },
  { text: 'b', x: 291, y, width: 109, size: SIZE },
];

const texts = (runs: TextRun[]) => pageRegions(runs).map((region) => region.map((line) => line.text));
const columns = (region: string[][]) => region.some((r) => r.includes('gauche 1') && !r.some((t) => t.includes('droite')));

describe('the gutter between two columns', () => {
  test('is found between two justified columns: their longest lines end at it, they do not cross it', () => {
    expect(texts(COLUMNS)).toEqual([YS.map((_, i) => `gauche ${i + 1}`), YS.map((_, i) => `droite ${i + 1}`)]);
  });

  test('is lost when two pieces cross it exactly on the top or the bottom line of the body', () => {
    for (const y of [TOP, BOTTOM]) expect(columns(texts([...COLUMNS, ...crossingPair(y)]))).toBe(false);
  });

  test('stays when the pieces that cross it are above or below the body', () => {
    for (const y of [TOP - 20, BOTTOM + 20]) expect(columns(texts([...COLUMNS, ...crossingPair(y)]))).toBe(true);
  });

  test('is not crossed by lines that start exactly half a size left of the right column', () => {
    // such a line is the right column's (an indent the other way), and no line of the left one; with
    // a size of 7.04, 250 − 3.52 rounds so that it is not merged into the column's edge either
    const size = 7.04;
    const ys = [100, 109, 118, 127, 136];
    const limit = 250 - 0.5 * size;
    expect(250 - limit).toBeGreaterThan(0.5 * size);
    const runs: TextRun[] = [
      ...ys.flatMap((y, i) => [
        { text: `gauche ${i + 1}`, x: 20, y, width: 150, size },
        { text: `droite ${i + 1}`, x: 250, y, width: 150, size },
      ]),
      ...[104.5, 113.5].map((y, i) => ({ text: `retrait ${i + 1}`, x: limit, y, width: 100, size })),
    ];
    expect(columns(texts(runs))).toBe(true);
  });
});
