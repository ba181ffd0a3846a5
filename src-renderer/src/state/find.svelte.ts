// The reader's find bar (Ctrl+F): whether it is open, and the query and options it keeps while closed.
import type { SearchOptions } from '$lib/search';

export interface FindQuery extends SearchOptions {
  query: string;
}

export class Find {
  #open = $state(false);
  #query = $state.raw<FindQuery>({ query: '', regex: false, wholeWords: false, matchCase: false });

  get isOpen(): boolean {
    return this.#open;
  }

  get query(): FindQuery {
    return this.#query;
  }

  show(): void {
    this.#open = true;
  }

  hide(): void {
    this.#open = false;
  }

  set(patch: Partial<FindQuery>): void {
    this.#query = { ...this.#query, ...patch };
  }
}
