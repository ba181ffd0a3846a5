// A Dexie live query as reactive state, in the style of svelte.dev's site-kit (createSubscriber): the
// query runs while an effect reads `current` or while an owner holds it, and stops when nobody does.
import { liveQuery, type Subscription } from 'dexie';
import { createSubscriber } from 'svelte/reactivity';

export class Live<T> {
  #value: T;
  #users = 0;
  #subscription: Subscription | null = null;
  readonly #subscribe = createSubscriber(() => this.hold());

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

  /** The latest result. Read in an effect, it keeps the query running; elsewhere it is the last value seen. */
  get current(): T {
    this.#subscribe();
    return this.#value;
  }

  /**
   * Keeps the query running until the returned function is called: for an owner that reads
   * `current` in event handlers, where no effect keeps it up to date.
   */
  hold(): () => void {
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
