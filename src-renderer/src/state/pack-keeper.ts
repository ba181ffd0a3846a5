// Keeps the open document's reader pack (db/reader-packs.ts) made from what the reader holds in memory,
// so that the next open reads one record even right after editing, after a restart, or after the app
// was closed with the document open: an edit deletes the pack, and reading every record again to build
// it costs a second on the 1 MB book, four on a 5 MB one, and holds up the next edit's save while it
// reads. The memory is packed on the page a slice at a time in idle time (no frame waits for it):
//   - once the reader is quiet after opening the document from its records (OPEN_QUIET_MS);
//   - once the user pauses editing (EDIT_QUIET_MS);
//   - when the document is left, if its pack is not stored yet.
// It is stored only if the document's editor mark still holds the reader's claim (no one else wrote the
// document since the reader read it) and no edit was made since the memory was packed: see
// storeMemoryPack. When it cannot be, the caller falls back to building the pack from the records.
import type { GloseDatabase } from '$db/database';
import { ReaderPacker, storeMemoryPack } from '$db/reader-packs';
import type { Editor, SavedMemory } from './editor.svelte';

/** quiet time after an open from the records before the memory is packed */
export const OPEN_QUIET_MS = 1000;
/**
 * quiet time after an edit before the memory is packed again: long, because each time a book's whole
 * pack is written (5 MB for a 5 MB book), and the next edit's save waits for that write
 */
export const EDIT_QUIET_MS = 30_000;
/** spans or relations packed between two looks at the clock */
const SLICE = 1000;
/** time an idle callback's slices may take, at most */
const SLICE_MS = 6;

interface IdleDeadline {
  timeRemaining(): number;
}

/** Runs `fn` when the page is idle (on a timer where there is no requestIdleCallback, as in unit tests). */
function whenIdle(fn: (deadline: IdleDeadline) => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(fn, { timeout: 2000 });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(() => {
    const end = performance.now() + SLICE_MS;
    fn({ timeRemaining: () => end - performance.now() });
  }, 0);
  return () => clearTimeout(handle);
}

export interface PackKeeperOptions {
  openQuietMs?: number;
  editQuietMs?: number;
}

export class PackKeeper {
  private editor: Editor | null = null;
  private claim = '';
  /** the pack stored holds what the editor holds */
  private fresh = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopWatching: (() => void) | null = null;
  /** the packing under way, resolving to the editor's change count it stored a pack of (null: none stored) */
  private running: Promise<number | null> | null = null;
  /** stops the packings under way (they resolve to null) */
  private readonly cancels = new Set<() => void>();
  private readonly openQuietMs: number;
  private readonly editQuietMs: number;
  /** told of each pack stored from memory (tests) */
  onStored: ((docId: string) => void) | null = null;

  constructor(
    private readonly db: GloseDatabase,
    options: PackKeeperOptions = {},
  ) {
    this.openQuietMs = options.openQuietMs ?? OPEN_QUIET_MS;
    this.editQuietMs = options.editQuietMs ?? EDIT_QUIET_MS;
  }

  /**
   * Keeps the pack of the document this editor shows in the user's own layer, whose editor mark was
   * put with `claim` before it was read; `packed`: it was read from a sound pack (nothing to do until an edit).
   */
  watch(editor: Editor, claim: string, packed: boolean): void {
    this.stop();
    this.editor = editor;
    this.claim = claim;
    this.fresh = packed;
    this.stopWatching = editor.watch(() => {
      this.fresh = false;
      this.schedule(this.editQuietMs);
    });
    if (!packed) this.schedule(this.openQuietMs);
  }

  /**
   * The document is being left, every edit saved: its pack is made from memory now if it is not
   * stored yet. Resolves to false when it could not be (the caller builds it from the records).
   */
  async leave(): Promise<boolean> {
    const { editor, claim, fresh, running } = this;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.stopWatching?.();
    this.stopWatching = null;
    this.editor = null;
    this.running = null;
    if (!editor || fresh) return true;
    // a packing already under way goes on, idle slice by idle slice; if it was of this memory, it is enough
    if (running && (await running) === editor.changes) return true;
    return (await this.pack(editor, claim)) !== null;
  }

  /** Stops keeping, and any packing under way (the document is closed, or shown in another layer). */
  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    for (const cancel of [...this.cancels]) cancel();
    this.stopWatching?.();
    this.stopWatching = null;
    this.editor = null;
    this.running = null;
  }

  private schedule(delayMs: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      const editor = this.editor;
      if (!editor || this.fresh || this.running) return;
      const run = this.pack(editor, this.claim);
      this.running = run;
      void run.then((at) => {
        if (this.editor !== editor || this.running !== run) return;
        this.running = null;
        this.fresh = at !== null && at === editor.changes;
        // edited while it was packed: once more, after the next pause
        if (!this.fresh) this.schedule(this.editQuietMs);
      });
    }, delayMs);
  }

  /**
   * Packs the editor's saved memory in idle slices and stores it. Resolves to the editor's change
   * count the stored pack holds, or null when none was stored (an edit or a write elsewhere came first).
   */
  private async pack(editor: Editor, claim: string): Promise<number | null> {
    await editor.flushed();
    const memory = editor.savedMemory();
    if (!memory || memory.spans.length === 0) return null;
    const packer = new ReaderPacker(memory.docId, memory.spans, memory.relations);
    const pack = (await this.slices(packer, editor, memory)) ? packer.result() : null;
    if (!pack) return null;
    try {
      const stored = await storeMemoryPack(this.db, pack, claim, () => editor.changes === memory.changes);
      if (!stored) return null;
      this.onStored?.(memory.docId);
      return memory.changes;
    } catch (err) {
      // a cache: the records are read instead
      console.warn(`reader pack of ${memory.docId} not stored: ${String(err)}`);
      return null;
    }
  }

  /** Runs the packer in idle time; false when the editor changed meanwhile (what was packed is no longer what it holds) or it was stopped. */
  private slices(packer: ReaderPacker, editor: Editor, memory: SavedMemory): Promise<boolean> {
    return new Promise((resolve) => {
      let cancelIdle: (() => void) | null = null;
      const cancel = () => {
        cancelIdle?.();
        finish(false);
      };
      const finish = (done: boolean) => {
        this.cancels.delete(cancel);
        resolve(done);
      };
      this.cancels.add(cancel);
      const next = () => {
        cancelIdle = whenIdle((deadline) => {
          cancelIdle = null;
          if (editor.changes !== memory.changes) return finish(false);
          // an idle page gives up to 50 ms: a key pressed meanwhile would wait that long, so a slice stops sooner
          const stop = performance.now() + SLICE_MS;
          do {
            if (packer.step(SLICE)) return finish(true);
          } while (deadline.timeRemaining() > 1 && performance.now() < stop);
          next();
        });
      };
      next();
    });
  }
}
