// A Dexie live query as reactive state, in the style of svelte.dev's site-kit (createSubscriber): the
// query runs while an effect reads `current` or while an owner holds it, and stops when nobody does.
// Each result is kept in a $state source, so reading `current` is reactive either way.
import { liveQuery, type Subscription } from 'dexie';
import { createSubscriber } from 'svelte/reactivity';

export class Live<T> {
  #value: T;
  #users = 0;
  /** owners holding the query: while there is one, effects need not subscribe */
  #owners = 0;
  #subscription: Subscription | null = null;
  readonly #subscribe = createSubscriber(() => this.retain());

  /**
   * @param query reads the database; it runs again whenever a table it read changes
   * @param initial what `current` is until the first result
   * @param onError told when the query fails (the last result stays)
   */
  constructor(
    private readonly query: () => Promise<T>,
    initial: T,
    private readonly onError: (err: unknown) => void,
  ) {
    this.#value = $state.raw(initial);
  }

  /**
   * The latest result. Read in an effect, it keeps the query running (each read there makes a
   * subscription, so an owner that lets many read it in loops holds it instead); elsewhere it is the
   * last value seen.
   */
  get current(): T {
    if (this.#owners === 0) this.#subscribe();
    return this.#value;
  }

  /**
   * Keeps the query running until the returned function is called: for an owner that reads
   * `current` in event handlers, where no effect keeps it up to date. Nobody may rely on the value
   * after the last owner let go.
   */
  hold(): () => void {
    this.#owners++;
    const release = this.retain();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#owners--;
      release();
    };
  }

  private retain(): () => void {
    if (this.#users++ === 0) {
      this.#subscription = liveQuery(this.query).subscribe({
        next: (value) => (this.#value = value),
        error: (err: unknown) => this.onError(err),
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.#users === 0) {
        this.#subscription?.unsubscribe();
        this.#subscription = null;
      }
    };
  }
}
