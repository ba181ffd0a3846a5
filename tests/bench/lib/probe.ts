// Installed into every page before the app starts (addInitScript): collects long tasks and times what
// the user sees, from inside the page. Self-contained: Playwright serialises installProbe into the page.
//
// "Painted" means: the condition holds in a requestAnimationFrame callback (so the frame about to be
// drawn shows it), then a setTimeout(0) queued from that callback runs (so that frame has been drawn).

/** What must be on screen for an action to count as painted; every given condition must hold. */
export interface PaintSpec {
  /** change in size of each named highlight (CSS.highlights) since the probe was armed */
  highlightDelta?: Record<string, number>;
  /** the sum of the sizes of the label highlights (names starting gl-l-) is at least this */
  highlightAtLeast?: number;
  /** every on-screen paragraph i with paraHasSpans[i] set has its chips drawn */
  viewportChips?: number[];
  /** number of paragraphs in the reader */
  paragraphs?: number;
  /** the chip of this span shows this label name; null: the span has no chip */
  chip?: { id: string; label: string | null };
  /** change in the number of chips drawn in this paragraph since the probe was armed */
  paraChips?: { para: number; delta: number };
  /** the reader's heading */
  title?: string;
  /** entries in the document list (the list paints only the rows in view: its options' aria-setsize) */
  documents?: number;
  /** the suggestions: ranges registered in the proposal highlights (names starting sg-) are at least this */
  proposalsAtLeast?: number;
  /** the suggestions: the ranges registered in the proposal highlights differ from those when armed */
  proposalsChanged?: boolean;
  /** the element matching `selector` has text (or, given `attribute`, that attribute) matching `pattern` (a RegExp source) */
  text?: { selector: string; pattern: string; attribute?: string };
  /** an earlier stage, timed on the way (Measurement.milestone): the first frame in which its conditions all hold */
  milestone?: Omit<PaintSpec, 'milestone'>;
}

export type Trigger = { kind: 'key'; key: string } | { kind: 'click'; selector: string } | { kind: 'now' };

export interface Measurement {
  /** the input event's timeStamp (or the arming time for 'now') */
  t0: number;
  /** ms from t0 to painted */
  painted: number | null;
  /** ms from t0 to the spec's milestone painted (null without one); never after `painted` */
  milestone: number | null;
  /** ms from t0 to the save state reading "All changes saved" again */
  saved: number | null;
  /** longest long task (>= 50 ms) between t0 and the end; 0 when there was none */
  longestTask: number;
  error?: string;
}

export interface ScrollPass {
  /** intervals between consecutive frames (rAF timestamps) during the whole pass */
  frames: number[];
  /** per jump: ms from the jump to the frame that shows every mark of the new viewport */
  marks: number[];
  /** per jump: frames drawn after the jump's own frame before the marks were all there */
  lateFrames: number[];
}

export interface Probe {
  longtasks: Array<{ start: number; duration: number }>;
  /** startup: when the document list first showed as many entries as localStorage[EXPECT_DOCS_KEY] says
   * (ms since navigation start) */
  listPainted: number | null;
  arm(trigger: Trigger, spec: PaintSpec, opts?: { save?: boolean; settleMs?: number; timeoutMs?: number }): void;
  /** resolves with the armed measurement once it is complete */
  done(): Promise<Measurement>;
  longestTask(from: number, to: number): number;
  highlightSizes(): Record<string, number>;
  scrollPass(steps: number, paraHasSpans: number[]): Promise<ScrollPass>;
  /** starts recording every frame's interval and whether it showed the viewport's marks */
  recordFrames(paraHasSpans: number[]): void;
  /** stops recording: frame intervals, and how many frames showed text without all its marks */
  stopFrames(): Promise<{ frames: number[]; unmarked: number }>;
  frame(): Promise<number>;
  /** documents in the document list (aria-setsize of its options) */
  listed(): number;
}

declare global {
  interface Window {
    __bench: Probe;
  }
}

/** localStorage key: how many documents the list must show for startup to count as painted. */
export const EXPECT_DOCS_KEY = 'glose-bench:expect-docs';

export function installProbe(): void {
  const longtasks: Array<{ start: number; duration: number }> = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no Long Tasks API: longestTask reports 0
  }

  const frame = () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  const afterPaint = () => new Promise<number>((resolve) => setTimeout(() => resolve(performance.now()), 0));

  const highlightSizes = (): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const [name, h] of CSS.highlights) out[name] = h.size;
    return out;
  };
  /** how many documents the document list holds: it paints only the rows in view, each saying the size of the whole set */
  const listedDocuments = (): number => {
    const options = document.querySelectorAll('nav.docs [role="option"]');
    const size = options[0]?.getAttribute('aria-setsize');
    return size ? Number(size) : options.length;
  };
  const chipsIn = (para: number): number =>
    document.querySelector(`.text p.para[data-i="${para}"] .chips`)?.childElementCount ?? 0;

  /**
   * Every paragraph in the reader's viewport that holds spans has its chips drawn. Reads rectangles
   * only (a layout the frame does anyway; hit testing would add work of its own), by binary search
   * over the reader's blocks and then their paragraphs, so that checking costs what is on screen
   * and not what is in the book.
   */
  const viewportMarksShown = (paraHasSpans: number[]): boolean => {
    const reader = document.querySelector('section.reader');
    const text = reader?.querySelector('.text');
    if (!reader || !text) return false;
    const view = reader.getBoundingClientRect();
    /** the children of `parent` on screen, found by binary search over their rectangles */
    const onScreen = (parent: Element): Element[] => {
      const kids = parent.children;
      let lo = 0;
      let hi = kids.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((kids[mid] as Element).getBoundingClientRect().bottom <= view.top) lo = mid + 1;
        else hi = mid;
      }
      const out: Element[] = [];
      for (let k = lo; k < kids.length && (kids[k] as Element).getBoundingClientRect().top < view.bottom; k++) out.push(kids[k] as Element);
      return out;
    };
    // the text holds groups of blocks, and a block its paragraphs (src-renderer/src/reader/textview.ts)
    const blocks = onScreen(text).flatMap((g) => (g.classList.contains('group') ? onScreen(g) : [g]));
    if (blocks.length === 0) return false;
    for (const block of blocks) {
      // a block on screen whose paragraphs are not made yet shows no text
      if (!block.classList.contains('block') || block.childElementCount === 0) return false;
      for (const p of block.children) {
        const r = p.getBoundingClientRect();
        if (r.bottom <= view.top || r.top >= view.bottom) continue;
        const i = Number((p as HTMLElement).dataset['i']);
        if (!Number.isInteger(i)) return false;
        if (paraHasSpans[i] && (p.querySelector('.chips')?.childElementCount ?? 0) === 0) return false;
      }
    }
    return true;
  };

  /** null when every condition of the spec holds, else the first that does not */
  const unmet = (spec: PaintSpec, before: Record<string, number>, chipsBefore: number): string | null => {
    if (spec.highlightDelta || spec.highlightAtLeast !== undefined) {
      const now = highlightSizes();
      for (const [name, delta] of Object.entries(spec.highlightDelta ?? {})) {
        const d = (now[name] ?? 0) - (before[name] ?? 0);
        if (d !== delta) return `highlight ${name} changed by ${d}, not ${delta}`;
      }
      if (spec.highlightAtLeast !== undefined) {
        let total = 0;
        for (const [name, size] of Object.entries(now)) if (name.startsWith('gl-l-')) total += size;
        if (total < spec.highlightAtLeast) return `${total} ranges highlighted, fewer than ${spec.highlightAtLeast}`;
      }
    }
    if (spec.paragraphs !== undefined) {
      const paragraphs = document.querySelectorAll('.text p.para').length;
      if (paragraphs !== spec.paragraphs) return `${paragraphs} paragraphs, not ${spec.paragraphs}`;
    }
    if (spec.chip) {
      const chip = document.querySelector(`.chip[data-id="${spec.chip.id}"]`);
      if (spec.chip.label === null ? chip !== null : chip?.textContent !== spec.chip.label) return `chip of ${spec.chip.id} reads ${chip?.textContent ?? 'nothing'}`;
    }
    if (spec.paraChips) {
      const d = chipsIn(spec.paraChips.para) - chipsBefore;
      if (d !== spec.paraChips.delta) return `paragraph ${spec.paraChips.para} chips changed by ${d}`;
    }
    if (spec.viewportChips && !viewportMarksShown(spec.viewportChips)) return 'an on-screen paragraph has no chips yet';
    if (spec.title !== undefined) {
      const title = document.querySelector('section.reader h1')?.textContent;
      if (title !== spec.title) return `heading reads ${title ?? 'nothing'}`;
    }
    if (spec.proposalsAtLeast !== undefined || spec.proposalsChanged) {
      const now = highlightSizes();
      const sum = (sizes: Record<string, number>) => Object.entries(sizes).reduce((n, [name, size]) => n + (name.startsWith('sg-') ? size : 0), 0);
      const total = sum(now);
      if (spec.proposalsAtLeast !== undefined && total < spec.proposalsAtLeast) return `${total} proposals registered, fewer than ${spec.proposalsAtLeast}`;
      if (spec.proposalsChanged && Object.entries(now).every(([name, size]) => !name.startsWith('sg-') || before[name] === size)) return 'no proposal changed';
    }
    if (spec.text) {
      const el = document.querySelector(spec.text.selector);
      const text = (spec.text.attribute ? el?.getAttribute(spec.text.attribute) : el?.textContent)?.trim() ?? '';
      if (!new RegExp(spec.text.pattern).test(text)) return `${spec.text.selector} reads ${text.slice(0, 80)}`;
    }
    if (spec.documents !== undefined) {
      const documents = listedDocuments();
      if (documents !== spec.documents) return `${documents} documents listed`;
    }
    return null;
  };

  const longestTask = (from: number, to: number): number => {
    let longest = 0;
    for (const t of longtasks) if (t.start < to && t.start + t.duration > from) longest = Math.max(longest, t.duration);
    return longest;
  };

  let pending: Promise<Measurement> | null = null;
  let recording: (() => Promise<{ frames: number[]; unmarked: number }>) | null = null;

  const probe: Probe = {
    longtasks,
    listPainted: null,
    highlightSizes,
    longestTask,
    frame,
    listed: listedDocuments,

    arm(trigger, spec, opts = {}) {
      const before = highlightSizes();
      const chipsBefore = spec.paraChips ? chipsIn(spec.paraChips.para) : 0;
      const timeoutMs = opts.timeoutMs ?? 60_000;
      pending = new Promise<Measurement>((resolve) => {
        const m: Measurement = { t0: 0, painted: null, milestone: null, saved: null, longestTask: 0 };
        let sawSaving = false;
        let started = false;
        const saveState = opts.save ? document.querySelector('[data-testid="save-state"]') : null;
        const mo = new MutationObserver(() => {
          const text = saveState?.textContent?.trim() ?? '';
          if (text !== 'All changes saved') sawSaving = true;
          else if (started && sawSaving && m.saved === null) {
            m.saved = performance.now() - m.t0;
            maybeFinish();
          }
        });
        if (saveState) mo.observe(saveState, { subtree: true, childList: true, characterData: true });
        if (opts.save && !saveState) m.error = 'no save state on screen';

        let finished = false;
        const maybeFinish = () => {
          if (finished || m.painted === null || (opts.save && m.saved === null && !m.error)) return;
          finished = true;
          mo.disconnect();
          // long-task entries reach the observer a little after the task ends
          setTimeout(() => {
            m.longestTask = longestTask(m.t0, m.t0 + Math.max(m.painted ?? 0, m.saved ?? 0) + (opts.settleMs ?? 0));
            resolve(m);
          }, 150 + (opts.settleMs ?? 0));
        };
        const watch = () => {
          const deadline = performance.now() + timeoutMs;
          let milestoneMet = false;
          const check = () => {
            if (spec.milestone && !milestoneMet && unmet(spec.milestone, before, chipsBefore) === null) {
              milestoneMet = true;
              setTimeout(() => (m.milestone = performance.now() - m.t0), 0);
            }
            const reason = (spec.milestone && !milestoneMet ? 'milestone not reached' : null) ?? unmet(spec, before, chipsBefore);
            if (reason === null) {
              // queued after the milestone's own timer when both hold in the same frame
              setTimeout(() => {
                m.painted = performance.now() - m.t0;
                maybeFinish();
              }, 0);
            } else if (performance.now() > deadline) {
              m.error = `not painted after ${timeoutMs} ms: ${reason}`;
              m.painted = performance.now() - m.t0;
              maybeFinish();
            } else {
              requestAnimationFrame(check);
            }
          };
          requestAnimationFrame(check);
        };
        const start = (t0: number) => {
          started = true;
          m.t0 = t0;
          watch();
        };
        if (trigger.kind === 'now') {
          start(performance.now());
        } else if (trigger.kind === 'key') {
          // Added after the app's own window listener, so it runs after the app has handled the key
          // and its requestAnimationFrame callbacks are queued before ours.
          const onKey = (ev: KeyboardEvent) => {
            if (ev.key !== trigger.key) return;
            window.removeEventListener('keydown', onKey);
            start(ev.timeStamp);
          };
          window.addEventListener('keydown', onKey);
        } else {
          const onClick = (ev: MouseEvent) => {
            if (!(ev.target instanceof Element) || !ev.target.closest(trigger.selector)) return;
            window.removeEventListener('click', onClick, true);
            start(ev.timeStamp);
          };
          window.addEventListener('click', onClick, true);
        }
      });
    },

    done() {
      if (!pending) return Promise.reject(new Error('nothing armed'));
      return pending;
    },

    recordFrames(paraHasSpans) {
      const stamps: number[] = [];
      let unmarked = 0;
      let running = true;
      const tick = (t: number) => {
        stamps.push(t);
        if (!viewportMarksShown(paraHasSpans)) unmarked++;
        if (running) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      recording = async () => {
        running = false;
        await frame();
        const frames: number[] = [];
        for (let i = 1; i < stamps.length; i++) frames.push((stamps[i] as number) - (stamps[i - 1] as number));
        return { frames, unmarked };
      };
    },

    stopFrames() {
      const stop = recording;
      recording = null;
      if (!stop) return Promise.reject(new Error('not recording'));
      return stop();
    },

    async scrollPass(steps, paraHasSpans) {
      const reader = document.querySelector<HTMLElement>('section.reader');
      if (!reader) throw new Error('no reader');
      const stamps: number[] = [];
      let running = true;
      const tick = (t: number) => {
        stamps.push(t);
        if (running) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      const marks: number[] = [];
      const lateFrames: number[] = [];
      await frame();
      for (let k = 1; k <= steps; k++) {
        // the jump happens at the start of a frame, like a scrollbar drag delivered with it
        const t0 = await frame();
        reader.scrollTop = Math.round((k / steps) * (reader.scrollHeight - reader.clientHeight));
        let late = 0;
        while (!viewportMarksShown(paraHasSpans)) {
          await frame();
          late++;
          if (late > 120) break;
        }
        marks.push((await afterPaint()) - t0);
        lateFrames.push(late);
        await frame();
        await frame();
      }
      running = false;
      await frame();
      const frames: number[] = [];
      for (let i = 1; i < stamps.length; i++) frames.push((stamps[i] as number) - (stamps[i - 1] as number));
      return { frames, marks, lateFrames };
    },
  };
  Object.defineProperty(window, '__bench', { value: probe, configurable: false });

  // Startup: the first frame that shows the document list with every document in it, timed from navigation start.
  // (the key is spelled out: this function runs in the page, apart from the module)
  const expected = Number(localStorage.getItem('glose-bench:expect-docs') ?? 'NaN');
  if (!(expected > 0)) return;
  const watchList = () => {
    if (listedDocuments() >= expected) {
      setTimeout(() => (probe.listPainted = performance.now()), 0);
    } else if (performance.now() < 60_000) {
      requestAnimationFrame(watchList);
    }
  };
  requestAnimationFrame(watchList);
}
