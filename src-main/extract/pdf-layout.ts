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

/**
 * A vertical strip in the middle of the text that (almost) no run crosses, narrower than the columns,
 * with flowing text on both sides: lines on the left reach the gutter and lines on the right start
 * aligned after it. Those checks keep tables and label/value forms, whose rows belong together, out
 * of column reading.
 */
function findGutter(runs: readonly TextRun[]): Gutter | null {
  const size = median(runs.map((r) => r.size));
  // reduce, not Math.min(...spread): a dense page can hold more runs than a call has arguments
  const left = runs.reduce((min, r) => Math.min(min, r.x), Infinity);
  const right = runs.reduce((max, r) => Math.max(max, r.x + r.width), -Infinity);
  const width = right - left;
  if (width < 10 * size) return null;

  // Coverage per 1pt strip; a few full-width lines (a title) may cross the gutter.
  const coverage = new Uint32Array(Math.ceil(width) + 1);
  for (const r of runs) {
    for (let x = Math.floor(r.x - left); x < Math.ceil(r.x + r.width - left); x++) coverage[x] = (coverage[x] ?? 0) + 1;
  }
  const tolerated = Math.max(1, Math.floor(0.1 * buildLines(runs).length));
  const stretches: Gutter[] = [];
  let open: Gutter | null = null;
  for (let x = 0; x < coverage.length; x++) {
    if ((coverage[x] ?? 0) > tolerated) continue;
    // A page number standing in the gutter must not cut it in two.
    if (open && x - open.end < size) open.end = x + 1;
    else stretches.push((open = { start: x, end: x + 1 }));
  }
  const centred = stretches.filter((s) => s.start > 0 && s.end < width && (s.start + s.end) / 2 > 0.2 * width && (s.start + s.end) / 2 < 0.8 * width);
  const best = centred.reduce<Gutter | null>((a, b) => (a && a.end - a.start >= b.end - b.start ? a : b), null);
  if (!best || best.end - best.start < Math.max(0.8 * size, 4)) return null;

  const gutter = { start: left + best.start, end: left + best.end };
  const leftRows = buildLines(runs.filter((r) => r.x + r.width <= gutter.start + 1));
  const rightRows = buildLines(runs.filter((r) => r.x >= gutter.end - 1));
  if (leftRows.length < 3 || rightRows.length < 3) return null;
  const leftEdge = median(leftRows.map((row) => row.x0));
  const rightEdge = median(rightRows.map((row) => row.x0));
  const columnWidth = gutter.start - leftEdge;
  // Columns are wider than the space between them; a form's labels are not.
  const narrow = gutter.end - gutter.start <= 0.5 * columnWidth;
  const filled = median(leftRows.map((row) => row.x1)) >= leftEdge + 0.6 * columnWidth;
  const aligned = rightRows.filter((row) => Math.abs(row.x0 - rightEdge) < 1.5 * size).length >= 0.6 * rightRows.length;
  return narrow && filled && aligned ? gutter : null;
}

/** Runs grouped by baseline, top to bottom; superscripts and subscripts stay on their line. */
function buildLines(runs: readonly TextRun[]): Line[] {
  const sorted = [...runs].sort((a, b) => a.y - b.y || a.x - b.x);
  const groups: TextRun[][] = [];
  for (const run of sorted) {
    const group = groups[groups.length - 1];
    const anchor = group?.[0];
    if (group && anchor && run.y - anchor.y < 0.5 * Math.max(anchor.size, run.size)) group.push(run);
    else groups.push([run]);
  }
  return groups.map(toLine);
}

function toLine(group: TextRun[]): Line {
  const runs = group.sort((a, b) => a.x - b.x);
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
