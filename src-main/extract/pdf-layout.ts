// Positioned text runs of PDF pages -> paragraphs in reading order. A PDF only says where each piece
// of text is drawn; lines, columns and paragraphs are rebuilt here from the geometry.

/** A run of text as drawn: page coordinates with y growing downwards, y at the baseline. */
export interface TextRun {
  text: string;
  x: number;
  y: number;
  width: number;
  /** font size (height of the em square) */
  size: number;
}

export interface Line {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
}

/** Lines to be read one after the other: a column, the band of a column, or a full-width block. */
export type Region = Line[];

/** Reading order of one page: columns left to right, full-width lines (titles) between them. */
export function pageRegions(runs: readonly TextRun[]): Region[] {
  const regions = orderRegion(runs.filter((r) => r.text.trim() !== ''), 0);
  dropPageNumber(regions, 0);
  dropPageNumber(regions, -1);
  return regions.filter((region) => region.length > 0);
}

/** Paragraphs of a whole document, from its pages' regions in order. */
export function regionsToParagraphs(regions: readonly Region[]): string[] {
  const paragraphs: string[] = [];
  let current: string | null = null;
  for (const region of regions) {
    const spacing = typicalSpacing(region);
    // x of the paragraph's lines after its first one, which may be indented
    let bodyX: number | null = null;
    let prev: Line | undefined;
    for (const line of region) {
      const joins = prev ? !isBreak(prev, line, spacing, bodyX) : current !== null && continuesAcross(current, line.text);
      if (current !== null && joins) {
        current = joinLines(current, line.text);
        bodyX ??= line.x0;
      } else {
        if (current !== null) paragraphs.push(current);
        current = line.text;
        bodyX = null;
      }
      prev = line;
    }
  }
  if (current !== null) paragraphs.push(current);
  return paragraphs;
}

// A multi-column page is recognised by a vertical gutter; each side can hold columns of its own.
const MAX_COLUMN_DEPTH = 2;

function orderRegion(runs: readonly TextRun[], depth: number): Region[] {
  if (runs.length === 0) return [];
  const gutter = depth < MAX_COLUMN_DEPTH ? findGutter(runs) : null;
  if (!gutter) return [buildLines(runs)];

  const crossing = (r: TextRun): boolean => r.x < gutter.end && r.x + r.width > gutter.start;
  // A full-width line is the whole row of a run that crosses the gutter, its left part included.
  const spanRows = runs.filter(crossing);
  const spanning = (r: TextRun): boolean => spanRows.some((s) => Math.abs(s.y - r.y) < 0.5 * Math.max(s.size, r.size));
  const spanLines = buildLines(runs.filter(spanning));
  const columnRuns = runs.filter((r) => !spanning(r));

  const regions: Region[] = [];
  let fullWidth: Line[] = [];
  for (let band = 0; band <= spanLines.length; band++) {
    const top = spanLines[band - 1]?.y ?? -Infinity;
    const bottom = spanLines[band]?.y ?? Infinity;
    const inBand = columnRuns.filter((r) => r.y > top && r.y <= bottom);
    if (inBand.length > 0) {
      if (fullWidth.length > 0) regions.push(fullWidth);
      fullWidth = [];
      const middle = (gutter.start + gutter.end) / 2;
      regions.push(...orderRegion(inBand.filter((r) => r.x + r.width / 2 < middle), depth + 1));
      regions.push(...orderRegion(inBand.filter((r) => r.x + r.width / 2 >= middle), depth + 1));
    }
    const spanLine = spanLines[band];
    if (spanLine) fullWidth.push(spanLine);
  }
  if (fullWidth.length > 0) regions.push(fullWidth);
  return regions;
}

interface Gutter {
  start: number;
  end: number;
}

/** A piece of a line: the runs of one baseline that follow each other without a wide gap. */
interface Fragment {
  x0: number;
  x1: number;
  y: number;
}

/** Runs closer than this (in ems) belong to one fragment; a gutter is at least this wide. */
const GUTTER_EMS = 0.8;
/** A column of text is at least this many ems wide: labels of a form are not. */
const COLUMN_EMS = 8;

function fragments(runs: readonly TextRun[], size: number): Fragment[] {
  const out: Fragment[] = [];
  for (const line of buildLineGroups(runs)) {
    let current: Fragment | undefined;
    for (const run of line) {
      if (current && run.x - current.x1 < GUTTER_EMS * size) current.x1 = Math.max(current.x1, run.x + run.width);
      else out.push((current = { x0: run.x, x1: run.x + run.width, y: run.y }));
    }
  }
  return out;
}

/** Where lines start, in clusters: [x, fragments starting there], left to right. */
function lineStarts(pieces: readonly Fragment[], size: number): { x: number; count: number }[] {
  const starts = pieces.map((f) => f.x0).sort((a, b) => a - b);
  const clusters: { x: number; count: number; last: number }[] = [];
  for (const x of starts) {
    const cluster = clusters[clusters.length - 1];
    if (cluster && x - cluster.last <= 0.5 * size) {
      cluster.count++;
      cluster.last = x;
    } else clusters.push({ x, count: 1, last: x });
  }
  return clusters;
}

/**
 * Lines that read as a column of running text: at least three, at least COLUMN_EMS wide, most of
 * them one line-spacing apart (a form's rows are further apart, and its labels narrower).
 */
function isTextColumn(column: readonly Fragment[], size: number): boolean {
  if (column.length < 3) return false;
  const left = column.reduce((min, f) => Math.min(min, f.x0), Infinity);
  const right = column.reduce((max, f) => Math.max(max, f.x1), -Infinity);
  if (right - left < COLUMN_EMS * size) return false;
  const ys = column.map((f) => f.y).sort((a, b) => a - b);
  const steps = ys.slice(1).map((y, i) => y - (ys[i] ?? y));
  return steps.filter((step) => step > 0 && step <= 1.7 * size).length >= steps.length / 2;
}

/**
 * The gutter between two columns, found from where lines start: a column's lines start at one x
 * (its first lines a little further right, if indented), so each x where three or more lines start
 * may be a column's left edge, and the nearest such x on its left the edge of the column before.
 * The gutter is the vertical band from the end of that column's longest line to the next edge, and
 * no text may cross it within the body of the page, the height of the two columns (a title above
 * them, a page number below, or a single full-width line between their bands may). Both sides must
 * read as columns of text (see isTextColumn), which keeps tables and label/value forms in rows; a
 * block indented within one column does not count, since that column's lines cross the band. The
 * widest gutter wins; orderRegion looks again on either side of it for more columns.
 */
function findGutter(runs: readonly TextRun[]): Gutter | null {
  const size = median(runs.map((r) => r.size));
  const pieces = fragments(runs, size);
  const edges = lineStarts(pieces, size).filter((cluster) => cluster.count >= 3);
  /** Lines that start at a column's edge, or a little after it (a first-line indent). */
  const startingAt = (x: number): Fragment[] => pieces.filter((f) => f.x0 >= x - 0.5 * size && f.x0 <= x + 1.5 * size);
  let best: Gutter | null = null;
  for (const [i, edge] of edges.entries()) {
    const previous = edges[i - 1];
    if (!previous) continue;
    const limit = edge.x - 0.5 * size;
    const right = startingAt(edge.x);
    const left = startingAt(previous.x).filter((f) => f.x1 <= limit);
    if (!isTextColumn(left, size) || !isTextColumn(right, size)) continue;
    const start = left.reduce((max, f) => Math.max(max, f.x1), -Infinity);
    if (edge.x - start < Math.max(GUTTER_EMS * size, 4)) continue;
    const body = [...left, ...right];
    const top = body.reduce((min, f) => Math.min(min, f.y), Infinity) - 0.5 * size;
    const bottom = body.reduce((max, f) => Math.max(max, f.y), -Infinity) + 0.5 * size;
    const crossing = pieces.filter((f) => f.y >= top && f.y <= bottom && f.x0 < limit && f.x1 > start);
    if (crossing.length > Math.max(1, 0.15 * body.length)) continue;
    if (!best || edge.x - start > best.end - best.start) best = { start, end: edge.x };
  }
  return best;
}

/** Runs grouped by baseline, top to bottom, each group left to right. */
function buildLineGroups(runs: readonly TextRun[]): TextRun[][] {
  const sorted = [...runs].sort((a, b) => a.y - b.y || a.x - b.x);
  const groups: TextRun[][] = [];
  for (const run of sorted) {
    const group = groups[groups.length - 1];
    const anchor = group?.[0];
    if (group && anchor && run.y - anchor.y < 0.5 * Math.max(anchor.size, run.size)) group.push(run);
    else groups.push([run]);
  }
  return groups.map((group) => group.sort((a, b) => a.x - b.x));
}

/** Runs grouped by baseline, top to bottom; superscripts and subscripts stay on their line. */
function buildLines(runs: readonly TextRun[]): Line[] {
  return buildLineGroups(runs).map(toLine);
}

function toLine(runs: TextRun[]): Line {
  let text = '';
  let prev: TextRun | undefined;
  for (const run of runs) {
    // Fake bold is the same text drawn twice, a hair apart.
    if (prev && prev.text === run.text && Math.abs(prev.x - run.x) < 1 && Math.abs(prev.y - run.y) < 1) continue;
    const gap = prev ? run.x - (prev.x + prev.width) : 0;
    if (prev && gap > 0.15 * run.size && !/\s$/.test(text) && !/^\s/.test(run.text)) text += ' ';
    text += run.text;
    prev = run;
  }
  const first = runs[0];
  const last = runs[runs.length - 1];
  // The size of the longest run is the line's size: a superscript must not make it a heading.
  const main = runs.reduce((a, b) => (b.text.length > a.text.length ? b : a));
  return {
    text: text.replace(/[ \t\n\r\f]+/g, ' ').trim(),
    x0: first?.x ?? 0,
    x1: last ? last.x + last.width : 0,
    y: main.y,
    size: main.size,
  };
}

/**
 * The usual distance between consecutive lines of a paragraph: a low quantile of the vertical steps,
 * since paragraph gaps are the larger ones.
 */
function typicalSpacing(region: Region): number | null {
  const steps: number[] = [];
  for (let i = 1; i < region.length; i++) {
    const a = region[i - 1];
    const b = region[i];
    if (a && b && b.y > a.y && b.y - a.y < 4 * a.size) steps.push(b.y - a.y);
  }
  if (steps.length === 0) return null;
  steps.sort((a, b) => a - b);
  return steps[Math.floor((steps.length - 1) / 4)] ?? null;
}

function isBreak(prev: Line, line: Line, spacing: number | null, bodyX: number | null): boolean {
  const step = line.y - prev.y;
  if (step <= 0) return true;
  if (step > 1.5 * (spacing ?? 1.2 * prev.size)) return true;
  // A heading and the body text under it differ in size even when nothing else separates them.
  if (Math.abs(line.size - prev.size) > 0.15 * Math.max(line.size, prev.size)) return true;
  const tolerance = 0.8 * line.size;
  // The first line of a paragraph may be indented; after that every line starts at the same x,
  // so a line further right opens a paragraph, and a change once the body x is known ends a quote.
  if (bodyX === null) return line.x0 > prev.x0 + tolerance;
  return Math.abs(line.x0 - bodyX) > tolerance;
}

/** A paragraph left open at the end of a column or page goes on where the next one starts mid-sentence. */
function continuesAcross(paragraph: string, next: string): boolean {
  return startsLower(next) && !/[.!?…]$/.test(paragraph);
}

function startsLower(text: string): boolean {
  return /^\p{Ll}/u.test(text);
}

/** Joins two lines of a paragraph, undoing end-of-line hyphenation ("inter-" + "national"). */
export function joinLines(a: string, b: string): string {
  if (a.endsWith('\u00AD')) return a.slice(0, -1) + b;
  if (/\p{L}[-\u2010]$/u.test(a)) return startsLower(b) ? a.slice(0, -1) + b : a + b;
  return `${a} ${b}`;
}

const PAGE_NUMBER = /^(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:\/|sur|of)\s*\d{1,4})?$/i;

/** A page number alone on the first or last line of a page is furniture, not text. */
function dropPageNumber(regions: Region[], at: 0 | -1): void {
  const region = at === 0 ? regions[0] : regions[regions.length - 1];
  const line = at === 0 ? region?.[0] : region?.[region.length - 1];
  if (region && line && PAGE_NUMBER.test(line.text)) {
    if (at === 0) region.shift();
    else region.pop();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
