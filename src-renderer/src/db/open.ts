// Opening the database at start-up without ever waiting in silence. Another Glose window, or an old
// one that crashed and whose storage process has not let go yet, can hold the database: the open is
// then blocked (an upgrade waits for the other connection to close), never answers, or fails for a
// while. Within a second the person is told (and offered Retry and Quit); failures that mean "still
// held" are retried for a while before the database is called broken.

/** What the start-up is waiting for, to be shown. */
export type WaitReason =
  /** another connection (another Glose window or process) keeps an older version open */
  | 'blocked'
  /** the browser engine has not answered yet */
  | 'slow'
  /** the storage said no in a way that means it is still held (after a crash, say): trying again */
  | 'held';

/** The part of a Dexie database the opener uses. */
export interface Openable {
  open(): PromiseLike<unknown>;
  on: { blocked: { subscribe(fn: () => void): void; unsubscribe(fn: () => void): void } };
}

export interface OpenOptions {
  /** called with the reason while waiting, and with null once open (or given up) */
  onWaiting(reason: WaitReason | null): void;
  /** silence allowed before the person is told (1 s) */
  patienceMs?: number;
  /** pause between tries while the storage is held (1 s) */
  retryMs?: number;
  /** how long "held" failures are tried again before the error is given up to the caller (30 s) */
  heldForMs?: number;
  now?: () => number;
}

/**
 * Names of the errors a held or not-yet-released IndexedDB gives (Chromium's "Internal error opening
 * backing store" is an UnknownError); Dexie wraps them in an OpenFailedError.
 */
const HELD = new Set(['UnknownError', 'AbortError', 'TimeoutError', 'InvalidStateError']);

export function looksHeld(error: unknown): boolean {
  const inner: unknown = (error as { inner?: unknown } | null)?.inner ?? error;
  const name = (inner as { name?: unknown } | null)?.name;
  return typeof name === 'string' && HELD.has(name);
}

/**
 * Opens the database, saying why it waits. An open that is blocked or silent stays queued in the
 * engine (a second request would only queue behind it), so waiting is all that can be done here: the
 * person's Retry reloads the page, which drops the queued request and starts again.
 */
export async function openDatabase(db: Openable, options: OpenOptions): Promise<void> {
  const { patienceMs = 1000, retryMs = 1000, heldForMs = 30_000, now = () => Date.now() } = options;
  let shown: WaitReason | null = null;
  const say = (reason: WaitReason | null) => {
    shown = reason;
    options.onWaiting(reason);
  };
  const started = now();
  const blocked = () => say('blocked');
  db.on.blocked.subscribe(blocked);
  try {
    for (;;) {
      // a reason already shown (blocked, held) says more than "slow"
      const silence = setTimeout(() => shown ?? say('slow'), patienceMs);
      try {
        await db.open();
        say(null);
        return;
      } catch (error) {
        if (!looksHeld(error) || now() - started >= heldForMs) {
          say(null);
          throw error;
        }
        say('held');
      } finally {
        clearTimeout(silence);
      }
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  } finally {
    db.on.blocked.unsubscribe(blocked);
  }
}
