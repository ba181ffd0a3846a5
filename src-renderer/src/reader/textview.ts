// The reading view's engine: the text as one <p> per paragraph (laid out only when on screen, through
// content-visibility), spans painted with the CSS Custom Highlight API over StaticRanges (no element
// wraps the text, so adding a span never re-lays out a paragraph), and label chips positioned from
// Range rectangles. Only the spans of paragraphs near the viewport are registered as highlight
// ranges and get chips: Chromium's highlight painting costs grow with the number of registered
// ranges, so a book with 20,000 spans costs what its visible page costs. Which blocks are near the
// viewport is computed from block heights kept by a ResizeObserver (no layout is read to scroll),
// and the spans of a block are asked of the source by offset, never looked for among all of them.
// A block's paragraphs are made when it first comes near the viewport (or is asked for), and the
// rest while the page is idle: opening a book makes its first page, not its 5,000 paragraphs.
import type { Id, LabelDef, Span, TextBlock } from '$model';
import { paragraphAt, type Paragraphs } from '$lib/paragraphs';
import { snapToWords, trimSpace, wordRanges } from '$lib/words';
import { chipColors, tint } from '$lib/colors';
import { layoutChips, nextWord, previousWord, wordAt, type ChipBox } from './geometry';

function markHeading(p: HTMLElement, level: number): void {
  p.classList.add('heading', `h${level}`);
  p.setAttribute('role', 'heading');
  p.setAttribute('aria-level', String(level));
}

/** What the text view needs of the document it shows (the editor gives it; nothing else of the app's state). */
export interface TextSource {
  readonly text: string;
  readonly paragraphs: Paragraphs;
  /** spans overlapping the text from `start` to `end`, in reading order */
  spansIn(start: number, end: number): Span[];
  span(id: Id): Span | undefined;
  /** spans covering an offset, innermost first */
  spansAt(offset: number): Span[];
  /** tells of spans added and removed; returns the function that stops telling */
  subscribe(listener: (added: Span[], removed: Span[]) => void): () => void;
}

export interface TextViewCallbacks {
  /** a span was clicked (null: a click on plain text) */
  onSelect(id: Id | null): void;
  /** the user selected text with the mouse; the range is already snapped */
  onPending(range: { start: number; end: number } | null): void;
  /** the user dragged from one span's label chip onto another span */
  onLink(fromId: Id, toId: Id): void;
  /** the pointer entered or left a span's chip */
  onHover(id: Id | null): void;
}

const CHIP_FONT_PX = 10.5;
/** paragraphs per block */
const BLOCK = 12;
/**
 * blocks per group: the text root holds groups of blocks, each group skipped as a whole while off
 * screen (and its blocks one by one when it is on screen). The browser's work per frame over what is
 * skipped (placing the root's children, checking each skippable element against the viewport) then
 * follows the groups, not the blocks: on the 5 MB book (2,084 blocks) a pass of 50 jumps from a
 * fresh open cost 3.2 s of main-thread CPU with blocks alone and 1.7 s with groups (Chromium trace).
 */
const GROUP = 16;
/** the longest the idle time's making of blocks runs at once (ms) */
const IDLE_SLICE_MS = 8;
/** how far beyond the viewport (in viewport heights) spans are registered and chips drawn */
const LIVE_MARGIN = 0.5;
/** rough line metrics of the reading column, for the height of blocks not laid out yet */
const CHARS_PER_LINE = 75;
const LINE_PX = 43;
const PARA_GAP_PX = 10;

export class TextView {
  private readonly paras: HTMLParagraphElement[] = [];
  /** heading level by paragraph index */
  private readonly headings = new Map<number, number>();
  private readonly textNodes: Text[] = [];
  private readonly chipLayers: HTMLSpanElement[] = [];
  /** the registered (near the viewport) spans' ranges */
  private readonly ranges = new Map<Id, StaticRange>();
  private readonly highlights = new Map<Id, Highlight>();
  private readonly selectedHighlight = new Highlight();
  private readonly pendingHighlight = new Highlight();
  private readonly caretHighlight = new Highlight();
  private readonly searchHighlight = new Highlight();
  private readonly currentMatchHighlight = new Highlight();
  private dragFrom: Id | null = null;
  /** paragraphs of the blocks near the viewport */
  private readonly visible = new Set<number>();
  private readonly blocks: HTMLDivElement[] = [];
  /** 1 for the blocks whose paragraphs are made */
  private filled = new Uint8Array(0);
  /** the next block the idle time fills, and its callback */
  private nextFill = 0;
  private idle = 0;
  private readonly liveBlocks = new Set<number>();
  private readonly scroller: HTMLElement | null;
  /** paragraphs near the viewport whose chips are drawn and still right (until a span there changes, or the width) */
  private readonly chipsDrawn = new Set<number>();
  /** block heights as last laid out (or as estimated, before), and their running sum */
  private heights = new Float64Array(0);
  private tops: Float64Array | null = null;
  /** where the text starts in the scroller's content, and the scroller's height */
  private rootTop = 0;
  private viewHeight = 0;
  /** one range, moved from span to span to measure them (live ranges slow every DOM change until collected) */
  private readonly probe = document.createRange();
  private readonly words = new Map<number, Array<[number, number]>>();
  private readonly sheet = new CSSStyleSheet();
  private labels = new Map<Id, LabelDef>();
  private chipStyles = new Map<Id, { background: string; foreground: string }>();
  /** the selected span: a click where spans are nested goes to the next one out */
  private selected: Id | null = null;
  private io: IntersectionObserver;
  /** the blocks the intersection observer watches (see watch) */
  private readonly watched = new Set<number>();
  private ro: ResizeObserver;
  private blockRo: ResizeObserver;
  private lastWidth = 0;
  private unsubscribe: () => void;
  private frame = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly source: TextSource,
    labels: LabelDef[],
    private readonly callbacks: TextViewCallbacks,
  ) {
    this.selectedHighlight.priority = 10;
    this.pendingHighlight.priority = 20;
    this.searchHighlight.priority = 5;
    this.currentMatchHighlight.priority = 6;
    this.caretHighlight.priority = 30;
    CSS.highlights.set('gl-selected', this.selectedHighlight);
    CSS.highlights.set('gl-pending', this.pendingHighlight);
    CSS.highlights.set('gl-caret', this.caretHighlight);
    CSS.highlights.set('gl-search', this.searchHighlight);
    CSS.highlights.set('gl-search-current', this.currentMatchHighlight);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, this.sheet];
    this.scroller = root.closest<HTMLElement>('.reader');
    this.io = new IntersectionObserver(() => this.onIntersect(), { root: this.scroller, rootMargin: `${LIVE_MARGIN * 100}% 0px` });
    // Observers are told in the order they were made: the blocks' new heights come before the text's new
    // width, so the blocks near the viewport are found from heights of the new width, not the old.
    this.blockRo = new ResizeObserver((entries) => this.onBlockResize(entries));
    this.ro = new ResizeObserver(() => this.onResize());
    this.build();
    this.setLabels(labels);
    this.ro.observe(root);
    if (this.scroller) this.ro.observe(this.scroller);
    this.unsubscribe = source.subscribe((added, removed) => {
      for (const s of removed) this.removeSpan(s);
      for (const s of added) this.addSpan(s);
      this.scheduleChips();
    });
    // before the first frame is painted: its marks come with its text
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.measureRoot();
      this.update();
    });
    root.addEventListener('mouseup', this.onMouseUp);
    root.addEventListener('mousedown', this.onMouseDown);
    this.scroller?.addEventListener('scroll', this.onScroll, { passive: true });
    root.addEventListener('mouseover', this.onMouseOver);
  }

  destroy(): void {
    this.unsubscribe();
    this.io.disconnect();
    this.ro.disconnect();
    this.blockRo.disconnect();
    this.root.removeEventListener('mouseup', this.onMouseUp);
    this.scroller?.removeEventListener('scroll', this.onScroll);
    this.root.removeEventListener('mousedown', this.onMouseDown);
    this.root.removeEventListener('mouseover', this.onMouseOver);
    cancelAnimationFrame(this.frame);
    cancelIdleCallback(this.idle);
    for (const name of [...CSS.highlights.keys()]) if (name.startsWith('gl-')) CSS.highlights.delete(name);
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== this.sheet);
    this.root.replaceChildren();
  }

  setLabels(labels: LabelDef[]): void {
    this.labels = new Map(labels.map((l) => [l.id, l]));
    // a chip's colours are worked out once per label, not once per chip drawn
    this.chipStyles = new Map(labels.map((l) => [l.id, chipColors(l.color)]));
    const rules: string[] = [];
    for (const l of labels) {
      let h = this.highlights.get(l.id);
      if (!h) {
        h = new Highlight();
        this.highlights.set(l.id, h);
        CSS.highlights.set(highlightName(l.id), h);
      }
      rules.push(
        `::highlight(${highlightName(l.id)}) { background-color: ${tint(l.color, 0.2)}; text-decoration: underline 2px ${l.color}; text-underline-offset: 4px; }`,
      );
    }
    rules.push(`::highlight(gl-selected) { background-color: rgb(255 214 10 / 0.55); }`);
    rules.push(`::highlight(gl-pending) { background-color: rgb(59 130 246 / 0.3); }`);
    rules.push(`::highlight(gl-caret) { text-decoration: underline 3px rgb(37 99 235); text-underline-offset: 6px; }`);
    rules.push(`::highlight(gl-search) { background-color: rgb(250 204 21 / 0.35); }`);
    rules.push(`::highlight(gl-search-current) { background-color: rgb(234 88 12 / 0.45); }`);
    this.sheet.replaceSync(rules.join('\n'));
    this.chipsDrawn.clear();
    this.scheduleChips();
  }

  setSelected(id: Id | null): void {
    this.selected = id;
    this.selectedHighlight.clear();
    const s = id ? this.source.span(id) : undefined;
    if (s) this.selectedHighlight.add(this.ranges.get(s.id) ?? this.rangeFor(s.start, s.end));
  }

  setPending(range: { start: number; end: number } | null): void {
    this.pendingHighlight.clear();
    if (range) this.pendingHighlight.add(this.rangeFor(range.start, range.end));
  }

  /** Shows the keyboard caret on the word containing `offset` (or nothing when null). */
  setCaret(offset: number | null): void {
    this.caretHighlight.clear();
    if (offset === null) return;
    const w = this.wordAround(offset);
    if (w) this.caretHighlight.add(this.rangeFor(w[0], w[1]));
  }

  setMatches(matches: ReadonlyArray<{ start: number; end: number }>, current: number): void {
    this.searchHighlight.clear();
    this.currentMatchHighlight.clear();
    for (const [i, m] of matches.entries()) (i === current ? this.currentMatchHighlight : this.searchHighlight).add(this.rangeFor(m.start, m.end));
  }

  /** The paragraph holding `offset`, made if its block was not yet. */
  paragraphFor(offset: number): HTMLParagraphElement | undefined {
    const i = paragraphAt(this.source.paragraphs, offset);
    this.fill(Math.floor(i / BLOCK));
    return this.paras[i];
  }

  /**
   * The lines the source marked as headings look and read as headings (their text is unchanged):
   * marked now where their paragraph is made, and when their block is made otherwise.
   */
  setHeadings(blocks: readonly TextBlock[]): void {
    this.headings.clear();
    for (const b of blocks) this.headings.set(paragraphAt(this.source.paragraphs, b.start), Number(b.kind.slice(1)));
    for (const [i, level] of this.headings) {
      const p = this.paras[i];
      if (p) markHeading(p, level);
    }
  }

  /** Scrolls the paragraph holding `offset` into view, unless the offset is already on screen. */
  scrollTo(offset: number): void {
    const i = paragraphAt(this.source.paragraphs, offset);
    this.fill(Math.floor(i / BLOCK));
    const rect = this.rectOf(offset, Math.min(offset + 1, this.source.text.length));
    const scroller = this.root.closest('.reader');
    const view = scroller?.getBoundingClientRect();
    if (rect && view && rect.top >= view.top + 40 && rect.bottom <= view.bottom - 40) return;
    this.paras[i]?.scrollIntoView({ block: 'center' });
  }

  /** The text of the blocks on and near the screen, in offsets (known without reading the layout), or null before any. */
  shownRange(): { start: number; end: number } | null {
    if (this.liveBlocks.size === 0) return null;
    const { starts, texts } = this.source.paragraphs;
    const first = Math.min(...this.liveBlocks) * BLOCK;
    const last = Math.min((Math.max(...this.liveBlocks) + 1) * BLOCK, texts.length) - 1;
    return { start: starts[first] as number, end: (starts[last] as number) + (texts[last] as string).length };
  }

  /** The first client rectangle of a text range (for popovers and arcs), or null if not laid out. */
  rectOf(start: number, end: number): DOMRect | null {
    return toLiveRange(this.rangeFor(start, end)).getClientRects()[0] ?? null;
  }

  /** The word containing `offset`, or the next word, in text offsets. */
  wordAround(offset: number): readonly [number, number] | undefined {
    const ps = this.source.paragraphs;
    for (let i = paragraphAt(ps, offset); i < ps.texts.length; i++) {
      const base = ps.starts[i] as number;
      const w = wordAt(this.wordsOf(i), Math.max(0, offset - base));
      if (w) return [w[0] + base, w[1] + base];
    }
    return undefined;
  }

  /** The next word starting after `offset` (dir 1), or the last one starting before it (dir -1). */
  stepWord(offset: number, dir: 1 | -1): readonly [number, number] | undefined {
    const ps = this.source.paragraphs;
    for (let i = paragraphAt(ps, offset); i >= 0 && i < ps.texts.length; i += dir) {
      const base = ps.starts[i] as number;
      const local = offset - base;
      const words = this.wordsOf(i);
      const w = dir === 1 ? nextWord(words, Math.max(local, -1)) : previousWord(words, Math.min(local, (ps.texts[i] as string).length + 1));
      if (w) return [w[0] + base, w[1] + base];
    }
    return undefined;
  }

  /** The first word of the next (dir 1) or previous (dir -1) paragraph that has words. */
  stepParagraph(offset: number, dir: 1 | -1): readonly [number, number] | undefined {
    const ps = this.source.paragraphs;
    for (let i = paragraphAt(ps, offset) + dir; i >= 0 && i < ps.texts.length; i += dir) {
      const first = this.wordsOf(i)[0];
      if (first) return [first[0] + (ps.starts[i] as number), first[1] + (ps.starts[i] as number)];
    }
    return undefined;
  }

  /** Offsets of a DOM position inside the text, or null when outside it. */
  offsetOf(node: Node, offset: number): number | null {
    const { starts, texts } = this.source.paragraphs;
    const p = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element);
    const para = p?.closest<HTMLElement>('p.para');
    if (!para || !this.root.contains(para)) return this.offsetBetween(node, offset);
    const i = Number(para.dataset['i']);
    const start = starts[i] ?? 0;
    if (node === this.textNodes[i]) return start + offset;
    // an element position: before or after the paragraph's text
    return offset === 0 ? start : start + (texts[i]?.length ?? 0);
  }

  /** A position between paragraphs: in the text root (before a group), in a group (before a block) or in a block (before a paragraph). */
  private offsetBetween(node: Node, offset: number): number | null {
    const { starts, texts } = this.source.paragraphs;
    let first: number;
    let per: number;
    let count: number;
    if (node === this.root) {
      [first, per, count] = [0, GROUP * BLOCK, texts.length];
    } else if (node instanceof HTMLElement && node.parentNode === this.root && node.classList.contains('group')) {
      [first, per, count] = [Number(node.dataset['g']) * GROUP * BLOCK, BLOCK, GROUP * BLOCK];
    } else if (node instanceof HTMLElement && node.parentNode?.parentNode === this.root && node.classList.contains('block')) {
      [first, per, count] = [Number(node.dataset['b']) * BLOCK, 1, BLOCK];
    } else return null;
    const end = Math.min(first + count, texts.length);
    const i = first + offset * per;
    if (i < end) return starts[i] ?? 0;
    return (starts[end - 1] ?? 0) + (texts[end - 1]?.length ?? 0);
  }

  /** The text offset under a point, or null. */
  offsetAtPoint(x: number, y: number): number | null {
    const pos = document.caretPositionFromPoint(x, y);
    if (!pos) return null;
    return this.offsetOf(pos.offsetNode, pos.offset);
  }

  /**
   * One <p> per paragraph, grouped in blocks that are skipped while off screen (content-visibility),
   * and the blocks in groups skipped the same way: the browser then places ~30 groups and the blocks
   * of the ones on screen, and our own visibility tracking watches a few blocks, not 5,000 paragraphs.
   */
  private build(): void {
    const frag = document.createDocumentFragment();
    const { texts } = this.source.paragraphs;
    const count = Math.ceil(texts.length / BLOCK);
    this.heights = new Float64Array(count);
    this.filled = new Uint8Array(count);
    let group: HTMLDivElement | null = null;
    let groupHeight = 0;
    const closeGroup = (): void => {
      // a skipped group takes the height of its blocks' estimates until it is first laid out
      if (group) group.style.containIntrinsicSize = `auto ${groupHeight}px`;
    };
    for (let b = 0; b < count; b++) {
      if (b % GROUP === 0) {
        closeGroup();
        group = document.createElement('div');
        group.className = 'group';
        group.dataset['g'] = String(b / GROUP);
        groupHeight = 0;
        frag.append(group);
      }
      const block = document.createElement('div');
      block.className = 'block';
      block.dataset['b'] = String(b);
      let estimate = 0;
      for (let i = b * BLOCK; i < Math.min((b + 1) * BLOCK, texts.length); i++) {
        estimate += Math.max(1, Math.ceil((texts[i] as string).length / CHARS_PER_LINE)) * LINE_PX + PARA_GAP_PX;
      }
      const height = Math.round(estimate);
      // the height a skipped block takes until it is first laid out (then the browser remembers it),
      // and an empty one until its paragraphs are made
      block.style.containIntrinsicSize = `auto ${height}px`;
      block.style.height = `${height}px`;
      this.heights[b] = height;
      groupHeight += height;
      this.blocks.push(block);
      (group as HTMLDivElement).append(block);
    }
    closeGroup();
    this.root.replaceChildren(frag);
    for (const b of this.blocks) this.blockRo.observe(b);
    // until the first frame finds the blocks on screen
    this.watch(0, 1);
    this.idle = requestIdleCallback(this.fillWhenIdle);
  }

  /** Makes a block's paragraphs, if they are not made yet. */
  private fill(b: number): void {
    if (this.filled[b] !== 0 || b < 0 || b >= this.blocks.length) return;
    this.filled[b] = 1;
    const { texts } = this.source.paragraphs;
    const block = this.blocks[b] as HTMLDivElement;
    for (let i = b * BLOCK; i < Math.min((b + 1) * BLOCK, texts.length); i++) {
      const text = texts[i] as string;
      const p = document.createElement('p');
      // blank source lines are kept (offsets stay the text's) but shown short: see .blank in Reader
      p.className = text.trim() === '' ? 'para blank' : 'para';
      p.dataset['i'] = String(i);
      const level = this.headings.get(i);
      if (level) markHeading(p, level);
      const t = document.createTextNode(text);
      const chips = document.createElement('span');
      chips.className = 'chips';
      chips.setAttribute('aria-hidden', 'true');
      p.append(t, chips);
      this.paras[i] = p;
      this.textNodes[i] = t;
      this.chipLayers[i] = chips;
      block.append(p);
    }
    block.style.removeProperty('height');
  }

  /** The rest of the text is made a few blocks at a time while the page is idle (for find, selection and screen readers). */
  private readonly fillWhenIdle = (deadline: IdleDeadline): void => {
    // a few ms at a time: an idle period may last 50 ms, and a scroll or a key press that comes
    // meanwhile waits for its end (a 43 ms slice was traced in a scroll of the 5 MB book)
    const until = performance.now() + IDLE_SLICE_MS;
    while (this.nextFill < this.blocks.length && deadline.timeRemaining() > 2 && performance.now() < until) this.fill(this.nextFill++);
    this.idle = this.nextFill < this.blocks.length ? requestIdleCallback(this.fillWhenIdle) : 0;
  };

  /** A text range over the paragraphs' text nodes; the suggestions paint their own highlights with it. */
  rangeFor(start: number, end: number): StaticRange {
    const ps = this.source.paragraphs;
    const a = paragraphAt(ps, start);
    const b = paragraphAt(ps, end);
    this.fill(Math.floor(a / BLOCK));
    this.fill(Math.floor(b / BLOCK));
    return new StaticRange({
      startContainer: this.textNodes[a] as Text,
      startOffset: start - (ps.starts[a] as number),
      endContainer: this.textNodes[b] as Text,
      endOffset: end - (ps.starts[b] as number),
    });
  }

  /** The paragraphs a span touches, first and last. */
  private extent(s: Span): [number, number] {
    const ps = this.source.paragraphs;
    return [paragraphAt(ps, s.start), paragraphAt(ps, Math.max(s.start, s.end - 1))];
  }

  private addSpan(s: Span): void {
    if (this.near(s)) this.attach(s);
    this.chipsDrawn.delete(this.extent(s)[0]);
  }

  private removeSpan(s: Span): void {
    this.detach(s);
    this.chipsDrawn.delete(this.extent(s)[0]);
  }

  /** Whether a span touches a paragraph near the viewport. */
  private near(s: Span): boolean {
    const [a, b] = this.extent(s);
    for (let i = a; i <= b; i++) if (this.visible.has(i)) return true;
    return false;
  }

  /** The spans overlapping paragraphs `first` to `last - 1`. */
  private spansOfParagraphs(first: number, last: number): Span[] {
    const { starts, texts } = this.source.paragraphs;
    return this.source.spansIn(starts[first] as number, (starts[last - 1] as number) + (texts[last - 1] as string).length);
  }

  /** Registers a span's range with its label's highlight. */
  private attach(s: Span): void {
    if (this.ranges.has(s.id)) return;
    const r = this.rangeFor(s.start, s.end);
    this.ranges.set(s.id, r);
    this.highlights.get(s.labelId)?.add(r);
  }

  private detach(s: Span): void {
    const r = this.ranges.get(s.id);
    if (!r) return;
    this.highlights.get(s.labelId)?.delete(r);
    this.ranges.delete(s.id);
  }

  /**
   * The observer tells of blocks coming near the viewport for reasons other than a scroll (the
   * text above grew, a first layout): the text's place is measured again (the layout is fresh when
   * it reports) and the blocks near the viewport found again; their chips come in the next frame.
   */
  private onIntersect(): void {
    this.measureRoot();
    this.update(false);
    this.scheduleChips();
  }

  /** Block heights change when a block is first laid out (its estimate is replaced) or the text reflows. */
  private onBlockResize(entries: ResizeObserverEntry[]): void {
    for (const e of entries) {
      const b = Number((e.target as HTMLElement).dataset['b']);
      const size = e.borderBoxSize[0]?.blockSize;
      if (size !== undefined && this.heights[b] !== size) {
        this.heights[b] = size;
        this.tops = null;
      }
    }
  }

  /**
   * On scroll, finds the blocks near the viewport right away (before this frame is painted), so a
   * jump far into the book shows its marks in the same frame as its text; the intersection
   * observer alone would report them a frame later. Only the scroll offset is read: where blocks
   * are comes from their heights, kept as they are laid out.
   */
  private readonly onScroll = (): void => {
    this.update();
  };

  /** Registers the spans of the blocks near the viewport, drops the others'; draws their chips when `draw`. */
  private update(draw = true): void {
    const scroller = this.scroller;
    if (!scroller || this.blocks.length === 0) return;
    const tops = this.blockTops();
    const at = scroller.scrollTop - this.rootTop;
    const top = at - this.viewHeight * LIVE_MARGIN;
    const bottom = at + this.viewHeight * (1 + LIVE_MARGIN);
    // the first block ending below `top`
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((tops[mid + 1] as number) < top) lo = mid + 1;
      else hi = mid;
    }
    const live = new Set<number>();
    let hiBlock = lo;
    for (let b = lo; b < this.blocks.length && (tops[b] as number) <= bottom; b++) live.add((hiBlock = b));
    for (const b of this.liveBlocks) if (!live.has(b)) this.setBlockLive(b, false);
    for (const b of live) this.setBlockLive(b, true);
    this.watch(lo - 1, hiBlock + 1);
    if (draw) this.renderChips();
  }

  /**
   * The intersection observer watches only the blocks near the viewport and one on each side: a
   * change of layout that brings other blocks near moves one of these across the margin first (or
   * all of them out of it). Watching every block cost a few ms per frame on a 5 MB book, and up to
   * 170 ms in a frame after a jump.
   */
  private watch(first: number, last: number): void {
    const from = Math.max(0, first);
    const to = Math.min(this.blocks.length - 1, last);
    for (const b of this.watched) {
      if (b < from || b > to) {
        this.io.unobserve(this.blocks[b] as HTMLElement);
        this.watched.delete(b);
      }
    }
    for (let b = from; b <= to; b++) {
      if (this.watched.has(b)) continue;
      this.io.observe(this.blocks[b] as HTMLElement);
      this.watched.add(b);
    }
  }

  private blockTops(): Float64Array {
    if (this.tops) return this.tops;
    const tops = new Float64Array(this.heights.length + 1);
    for (let b = 0; b < this.heights.length; b++) tops[b + 1] = (tops[b] as number) + (this.heights[b] as number);
    this.tops = tops;
    return tops;
  }

  /** Where the text starts in the scroller's content (read when the layout is fresh anyway). */
  private measureRoot(): void {
    const scroller = this.scroller;
    if (!scroller) return;
    const view = scroller.getBoundingClientRect();
    this.rootTop = this.root.getBoundingClientRect().top - view.top - scroller.clientTop + scroller.scrollTop;
    this.viewHeight = scroller.clientHeight;
  }

  /** Registers (or drops) the highlight ranges of a block's spans and marks its chips for drawing. */
  private setBlockLive(b: number, live: boolean): void {
    if (this.liveBlocks.has(b) === live) return;
    const first = b * BLOCK;
    const last = Math.min(first + BLOCK, this.source.paragraphs.texts.length);
    if (live) {
      this.fill(b);
      this.liveBlocks.add(b);
      for (let i = first; i < last; i++) this.visible.add(i);
      for (const s of this.spansOfParagraphs(first, last)) this.attach(s);
      return;
    }
    this.liveBlocks.delete(b);
    for (let i = first; i < last; i++) {
      this.visible.delete(i);
      // chips far from the viewport go: the chips in the page stay those of a few screens, however far one scrolls
      if (this.chipsDrawn.delete(i)) this.chipLayers[i]?.replaceChildren();
    }
    for (const s of this.spansOfParagraphs(first, last)) if (!this.near(s)) this.detach(s);
  }

  private onResize(): void {
    const scroller = this.scroller;
    if (scroller) this.viewHeight = scroller.clientHeight;
    const width = this.root.clientWidth;
    if (width === this.lastWidth) return;
    this.lastWidth = width;
    // Chips of off-screen paragraphs are redrawn when they come into view.
    this.chipsDrawn.clear();
    this.measureRoot();
    this.update();
  }

  private scheduleChips(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderChips();
    });
  }

  /**
   * Draws the label chips of the paragraphs near the viewport whose chips are not drawn yet: reads
   * every rectangle first (one layout, which the frame needs anyway), then writes. A paragraph's
   * chips stay drawn until a span there changes, the text reflows or its block leaves the viewport's
   * neighbourhood.
   */
  private renderChips(): void {
    const jobs: Array<{ i: number; chips: HTMLSpanElement[] }> = [];
    const { starts, texts } = this.source.paragraphs;
    let measured = false;
    for (const i of this.visible) {
      if (this.chipsDrawn.has(i)) continue;
      this.chipsDrawn.add(i);
      const from = starts[i] as number;
      const spans = this.source.spansIn(from, from + (texts[i] as string).length).filter((s) => s.start >= from);
      const had = (this.chipLayers[i] as HTMLSpanElement).childElementCount > 0;
      if (spans.length === 0 && !had) continue;
      if (!measured) {
        // the layout is read here anyway: the text's place comes with it
        this.measureRoot();
        measured = true;
      }
      const base = (this.paras[i] as HTMLParagraphElement).getBoundingClientRect();
      const boxes: ChipBox[] = [];
      for (const s of spans) {
        const label = this.labels.get(s.labelId);
        const range = this.ranges.get(s.id);
        const rect = label && range ? this.firstRect(range) : undefined;
        if (!label || !rect) continue;
        boxes.push({ id: s.id, left: rect.left - base.left, top: rect.top - base.top, width: label.name.length * CHIP_FONT_PX * 0.62 + 8 });
      }
      const chips = layoutChips(boxes).map((box) => {
        const span = this.source.span(box.id) as Span;
        const label = this.labels.get(span.labelId) as LabelDef;
        const chip = document.createElement('span');
        chip.className = 'chip';
        chip.dataset['id'] = box.id;
        chip.textContent = label.name;
        chip.title = `${label.name}: ${this.source.text.slice(span.start, Math.min(span.end, span.start + 80))} (drag onto another span to link them)`;
        const { background, foreground } = this.chipStyles.get(label.id) ?? chipColors(label.color);
        chip.style.setProperty('--chip-bg', background);
        chip.style.setProperty('--chip-fg', foreground);
        chip.style.left = `${box.left}px`;
        chip.style.top = `${box.top}px`;
        return chip;
      });
      jobs.push({ i, chips });
    }
    for (const { i, chips } of jobs) this.chipLayers[i]?.replaceChildren(...chips);
  }

  private firstRect(r: StaticRange): DOMRect | undefined {
    this.probe.setStart(r.startContainer, r.startOffset);
    this.probe.setEnd(r.endContainer, r.endOffset);
    return this.probe.getClientRects()[0];
  }

  private wordsOf(i: number): Array<[number, number]> {
    let w = this.words.get(i);
    if (!w) this.words.set(i, (w = wordRanges(this.source.paragraphs.texts[i] ?? '')));
    return w;
  }

  private readonly onMouseDown = (ev: MouseEvent): void => {
    const chip = chipOf(ev.target);
    if (ev.button !== 0 || !chip) return;
    // A chip is a handle: pressing on it starts a possible drag to another span (a relation).
    ev.preventDefault();
    this.dragFrom = chip;
    // not 'linking': the reader's link-mode banner has that class, and its padding would move the text
    this.root.classList.add('chip-drag');
  };

  private readonly onMouseOver = (ev: MouseEvent): void => {
    this.callbacks.onHover(chipOf(ev.target));
  };

  private readonly onMouseUp = (ev: MouseEvent): void => {
    if (ev.button !== 0) return;
    const from = this.dragFrom;
    this.dragFrom = null;
    this.root.classList.remove('chip-drag');
    const chip = chipOf(ev.target);
    if (from) {
      const at = chip ? null : this.offsetAtPoint(ev.clientX, ev.clientY);
      const to = chip ?? (at === null ? undefined : this.source.spansAt(at).find((s) => s.id !== from)?.id);
      if (to && to !== from) this.callbacks.onLink(from, to);
      else this.callbacks.onSelect(from);
      return;
    }
    const sel = document.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) {
      const at = this.offsetAtPoint(ev.clientX, ev.clientY);
      const hits = at === null ? [] : this.source.spansAt(at);
      // Clicking again where spans are nested cycles from the innermost outwards.
      const current = hits.findIndex((s) => s.id === this.selected);
      const next = hits[(current + 1) % Math.max(hits.length, 1)];
      this.callbacks.onPending(null);
      this.callbacks.onSelect(next ? next.id : null);
      return;
    }
    const r = sel.getRangeAt(0);
    const a = this.offsetOf(r.startContainer, r.startOffset);
    const b = this.offsetOf(r.endContainer, r.endOffset);
    if (a === null || b === null) return;
    const snapped = ev.altKey ? trimSpace(this.source.text, a, b) : this.snap(a, b);
    sel.removeAllRanges();
    this.callbacks.onPending(snapped);
  };

  /** Snaps a selection to whole words, looking only at the paragraphs where it starts and ends. */
  private snap(start: number, end: number): { start: number; end: number } | null {
    const ps = this.source.paragraphs;
    const a = paragraphAt(ps, start);
    const b = paragraphAt(ps, end);
    const sa = ps.starts[a] as number;
    const sb = ps.starts[b] as number;
    const ta = ps.texts[a] as string;
    const tb = ps.texts[b] as string;
    if (a === b) {
      const r = snapToWords(ta, start - sa, end - sa, this.wordsOf(a));
      return r ? { start: r.start + sa, end: r.end + sa } : null;
    }
    const head = snapToWords(ta, start - sa, ta.length, this.wordsOf(a));
    const tail = snapToWords(tb, 0, end - sb, this.wordsOf(b));
    const s = head ? head.start + sa : sa + ta.length + 1;
    const e = tail ? tail.end + sb : sb;
    return s < e ? trimSpace(this.source.text, s, e) : null;
  }
}

function chipOf(target: EventTarget | null): Id | null {
  const chip = target instanceof Element ? target.closest('.chip') : null;
  return chip instanceof HTMLElement ? (chip.dataset['id'] ?? null) : null;
}

function highlightName(labelId: Id): string {
  return `gl-l-${labelId}`;
}

function toLiveRange(r: StaticRange): Range {
  const live = document.createRange();
  live.setStart(r.startContainer, r.startOffset);
  live.setEnd(r.endContainer, r.endOffset);
  return live;
}
