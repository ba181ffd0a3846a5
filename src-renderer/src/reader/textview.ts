// The reading view's engine: the text as one <p> per paragraph (laid out only when on screen, through
// content-visibility), spans painted with the CSS Custom Highlight API over StaticRanges (no element
// wraps the text, so adding a span never re-lays out a paragraph), and label chips positioned from
// Range rectangles. Only the spans of paragraphs near the viewport are registered as highlight
// ranges and get chips: Chromium's highlight painting costs grow with the number of registered
// ranges, so a book with 20,000 spans costs what its visible page costs.
import type { Id, LabelDef, Span } from '$model';
import { paragraphAt, type Paragraphs } from '$lib/paragraphs';
import { snapToWords, trimSpace, wordRanges } from '$lib/words';
import { chipColors, tint } from '$lib/colors';
import { layoutChips, nextWord, previousWord, wordAt, type ChipBox } from './geometry';

/** What the text view needs of the document it shows (the editor gives it; nothing else of the app's state). */
export interface TextSource {
  readonly text: string;
  readonly paragraphs: Paragraphs;
  allSpans(): Span[];
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
/** how far beyond the viewport (in viewport heights) spans are registered and chips drawn */
const LIVE_MARGIN = 0.5;
/** rough line metrics of the reading column, for the height of blocks not laid out yet */
const CHARS_PER_LINE = 75;
const LINE_PX = 43;
const PARA_GAP_PX = 10;

export class TextView {
  private readonly paras: HTMLParagraphElement[] = [];
  private readonly textNodes: Text[] = [];
  private readonly chipLayers: HTMLSpanElement[] = [];
  /** the registered (near the viewport) spans' ranges */
  private readonly ranges = new Map<Id, StaticRange>();
  /** every span, under each paragraph it touches */
  private readonly spansByPara = new Map<number, Map<Id, Span>>();
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
  private readonly liveBlocks = new Set<number>();
  private readonly scroller: HTMLElement | null;
  private readonly dirtyChips = new Set<number>();
  private readonly words = new Map<number, Array<[number, number]>>();
  private readonly sheet = new CSSStyleSheet();
  private labels = new Map<Id, LabelDef>();
  /** the selected span: a click where spans are nested goes to the next one out */
  private selected: Id | null = null;
  private io: IntersectionObserver;
  private ro: ResizeObserver;
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
    this.io = new IntersectionObserver((entries) => this.onIntersect(entries), { root: this.scroller, rootMargin: `${LIVE_MARGIN * 100}% 0px` });
    this.ro = new ResizeObserver(() => this.onResize());
    this.build();
    this.setLabels(labels);
    for (const s of source.allSpans()) this.addSpan(s);
    this.ro.observe(root);
    this.unsubscribe = source.subscribe((added, removed) => {
      for (const s of removed) this.removeSpan(s);
      for (const s of added) this.addSpan(s);
      this.scheduleChips();
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
    this.root.removeEventListener('mouseup', this.onMouseUp);
    this.scroller?.removeEventListener('scroll', this.onScroll);
    this.root.removeEventListener('mousedown', this.onMouseDown);
    this.root.removeEventListener('mouseover', this.onMouseOver);
    cancelAnimationFrame(this.frame);
    for (const name of [...CSS.highlights.keys()]) if (name.startsWith('gl-')) CSS.highlights.delete(name);
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== this.sheet);
    this.root.replaceChildren();
  }

  setLabels(labels: LabelDef[]): void {
    this.labels = new Map(labels.map((l) => [l.id, l]));
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
    for (const i of this.spansByPara.keys()) this.dirtyChips.add(i);
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

  /** Scrolls the paragraph holding `offset` into view, unless the offset is already on screen. */
  scrollTo(offset: number): void {
    const i = paragraphAt(this.source.paragraphs, offset);
    const rect = this.rectOf(offset, Math.min(offset + 1, this.source.text.length));
    const scroller = this.root.closest('.reader');
    const view = scroller?.getBoundingClientRect();
    if (rect && view && rect.top >= view.top + 40 && rect.bottom <= view.bottom - 40) return;
    this.paras[i]?.scrollIntoView({ block: 'center' });
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

  /** A position between paragraphs: in the text root (before a block) or in a block (before a paragraph). */
  private offsetBetween(node: Node, offset: number): number | null {
    const { starts, texts } = this.source.paragraphs;
    const inRoot = node === this.root;
    const block = node instanceof HTMLElement && node.parentNode === this.root && node.classList.contains('block') ? node : null;
    if (!inRoot && !block) return null;
    const first = block ? Number(block.dataset['b']) * BLOCK : 0;
    const end = inRoot ? this.paras.length : Math.min(first + BLOCK, this.paras.length);
    const i = first + offset * (inRoot ? BLOCK : 1);
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
   * One <p> per paragraph, grouped in blocks that are skipped while off screen (content-visibility):
   * the browser and our own visibility tracking then watch ~125 blocks of a book, not 5,000 paragraphs.
   */
  private build(): void {
    const frag = document.createDocumentFragment();
    const { texts } = this.source.paragraphs;
    for (let first = 0; first < texts.length; first += BLOCK) {
      const block = document.createElement('div');
      block.className = 'block';
      block.dataset['b'] = String(this.blocks.length);
      let estimate = 0;
      for (let i = first; i < Math.min(first + BLOCK, texts.length); i++) {
        const text = texts[i] as string;
        const p = document.createElement('p');
        // blank source lines are kept (offsets stay the text's) but shown short: see .blank in Reader
        p.className = text.trim() === '' ? 'para blank' : 'para';
        p.dataset['i'] = String(i);
        const t = document.createTextNode(text);
        const chips = document.createElement('span');
        chips.className = 'chips';
        chips.setAttribute('aria-hidden', 'true');
        p.append(t, chips);
        this.paras.push(p);
        this.textNodes.push(t);
        this.chipLayers.push(chips);
        block.append(p);
        estimate += Math.max(1, Math.ceil(text.length / CHARS_PER_LINE)) * LINE_PX + PARA_GAP_PX;
      }
      // the height a skipped block takes until it is first laid out (then the browser remembers it)
      block.style.containIntrinsicSize = `auto ${Math.round(estimate)}px`;
      this.blocks.push(block);
      frag.append(block);
    }
    this.root.replaceChildren(frag);
    for (const b of this.blocks) this.io.observe(b);
  }

  /** A text range over the paragraphs' text nodes; the suggestions paint their own highlights with it. */
  rangeFor(start: number, end: number): StaticRange {
    const ps = this.source.paragraphs;
    const a = paragraphAt(ps, start);
    const b = paragraphAt(ps, end);
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
    const [a, b] = this.extent(s);
    let near = false;
    for (let i = a; i <= b; i++) {
      let m = this.spansByPara.get(i);
      if (!m) this.spansByPara.set(i, (m = new Map()));
      m.set(s.id, s);
      near ||= this.visible.has(i);
    }
    if (near) this.attach(s);
    this.dirtyChips.add(a);
  }

  private removeSpan(s: Span): void {
    this.detach(s);
    const [a, b] = this.extent(s);
    for (let i = a; i <= b; i++) this.spansByPara.get(i)?.delete(s.id);
    this.dirtyChips.add(a);
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

  private onIntersect(entries: IntersectionObserverEntry[]): void {
    for (const e of entries) this.setBlockLive(Number((e.target as HTMLElement).dataset['b']), e.isIntersecting);
    this.renderChips();
  }

  /**
   * On scroll, finds the blocks near the viewport right away (before this frame is painted), so a
   * jump far into the book shows its marks in the same frame as its text; the intersection
   * observer alone would report them a frame later.
   */
  private readonly onScroll = (): void => {
    const scroller = this.scroller;
    if (!scroller || this.blocks.length === 0) return;
    const view = scroller.getBoundingClientRect();
    const top = view.top - view.height * LIVE_MARGIN;
    const bottom = view.bottom + view.height * LIVE_MARGIN;
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.blocks[mid] as HTMLElement).getBoundingClientRect().bottom < top) lo = mid + 1;
      else hi = mid;
    }
    const live = new Set<number>();
    for (let b = lo; b < this.blocks.length && (this.blocks[b] as HTMLElement).getBoundingClientRect().top <= bottom; b++) live.add(b);
    for (const b of this.liveBlocks) if (!live.has(b)) this.setBlockLive(b, false);
    for (const b of live) this.setBlockLive(b, true);
    this.renderChips();
  };

  /** Registers (or drops) the highlight ranges of a block's spans and marks its chips for drawing. */
  private setBlockLive(b: number, live: boolean): void {
    if (this.liveBlocks.has(b) === live) return;
    const first = b * BLOCK;
    const last = Math.min(first + BLOCK, this.paras.length);
    if (live) {
      this.liveBlocks.add(b);
      for (let i = first; i < last; i++) {
        this.visible.add(i);
        const spans = this.spansByPara.get(i);
        if (!spans?.size) continue;
        for (const s of spans.values()) this.attach(s);
        this.dirtyChips.add(i);
      }
      return;
    }
    this.liveBlocks.delete(b);
    for (let i = first; i < last; i++) this.visible.delete(i);
    for (let i = first; i < last; i++) {
      for (const s of this.spansByPara.get(i)?.values() ?? []) {
        const [x, y] = this.extent(s);
        let near = false;
        for (let j = x; j <= y && !near; j++) near = this.visible.has(j);
        if (!near) this.detach(s);
      }
    }
  }

  private onResize(): void {
    const width = this.root.clientWidth;
    if (width === this.lastWidth) return;
    this.lastWidth = width;
    // Chips of off-screen paragraphs are redrawn when they come into view.
    for (const i of this.spansByPara.keys()) this.dirtyChips.add(i);
    this.renderChips();
  }

  private scheduleChips(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderChips();
    });
  }

  /** Draws the label chips of dirty paragraphs that are on screen: reads every rectangle first, then writes. */
  private renderChips(): void {
    const jobs: Array<{ i: number; chips: HTMLSpanElement[] }> = [];
    for (const i of this.visible) {
      if (!this.dirtyChips.has(i)) continue;
      this.dirtyChips.delete(i);
      const from = this.source.paragraphs.starts[i] as number;
      const touching = [...(this.spansByPara.get(i)?.values() ?? [])];
      const spans = touching.filter((s) => s.start >= from).sort((a, b) => a.start - b.start || b.end - a.end);
      const base = (this.paras[i] as HTMLParagraphElement).getBoundingClientRect();
      const boxes: ChipBox[] = [];
      for (const s of spans) {
        const label = this.labels.get(s.labelId);
        const range = this.ranges.get(s.id);
        const rect = label && range ? toLiveRange(range).getClientRects()[0] : undefined;
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
        const { background, foreground } = chipColors(label.color);
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
