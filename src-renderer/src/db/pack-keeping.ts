// When the agreement's layer packs (./packs.ts) are built in the background: once the workspace is
// open, and again once writes to the spans or layers have paused for a while (an import of a
// colleague's layer or of annotated documents, a pre-annotation, a restore, edits in the reader).
// A write stops the keeping under way at once (the worker ends it after its current slice), so
// background packing never competes with someone at work; it starts again when they pause.
import Dexie, { type ObservabilitySet } from 'dexie';

/** the tables whose writes can leave a layer of the project without its pack */
const WATCHED = ['spans', 'layerSpans', 'layerDocuments', 'documents'];

export class PackKeeping {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly prefixes: string[];

  constructor(
    dbName: string,
    /** how long writes must have paused before the packs are kept again (ms) */
    private readonly quiet: number,
    /** build what is missing */
    private readonly keep: () => void,
    /** stop building (a write came) */
    private readonly stop: () => void,
  ) {
    this.prefixes = WATCHED.map((t) => `idb://${dbName}/${t}/`);
  }

  /** Watches the writes; the first keeping comes after `quiet`. Returns what stops watching. */
  start(): () => void {
    Dexie.on('storagemutated', this.onMutated);
    this.arm();
    return () => {
      Dexie.on.storagemutated.unsubscribe(this.onMutated);
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
    };
  }

  /** Keeps the packs once things have been quiet for `quiet` (the project changed, say). */
  arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.keep();
    }, this.quiet);
  }

  private readonly onMutated = (parts: ObservabilitySet): void => {
    // the packs the worker stores are not watched: they never make a pack missing
    if (!Object.keys(parts).some((k) => this.prefixes.some((p) => k.startsWith(p)))) return;
    this.stop();
    this.arm();
  };
}
