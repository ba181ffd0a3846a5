// Short messages in the corner of the window: what just happened, or what went wrong. Each can be
// dismissed; the last few stay readable in a small history after they have gone.

import type { Words } from './i18n.svelte';

export interface Toast {
  id: number;
  kind: 'info' | 'error';
  /** worded where it is shown: a language switch words it again */
  text: Words;
  /** ms since the epoch */
  at: number;
}

/** How many past messages the history keeps. */
const HISTORY = 20;

export class Toasts {
  #list = $state.raw<Toast[]>([]);
  #history = $state.raw<Toast[]>([]);
  #next = 0;

  get list(): Toast[] {
    return this.#list;
  }

  /** the messages shown so far this session, newest first */
  get history(): Toast[] {
    return this.#history;
  }

  /** Shows a message for a few seconds (an error for longer); it can be dismissed before. */
  show(kind: Toast['kind'], text: Words): void {
    const toast = { id: ++this.#next, kind, text, at: Date.now() };
    this.#list = [...this.#list, toast];
    this.#history = [toast, ...this.#history].slice(0, HISTORY);
    setTimeout(() => this.dismiss(toast.id), kind === 'error' ? 9000 : 4000);
  }

  dismiss(id: number): void {
    this.#list = this.#list.filter((t) => t.id !== id);
  }
}
