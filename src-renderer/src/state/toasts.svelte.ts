// Short messages in the corner of the window: what just happened, or what went wrong.

export interface Toast {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

export class Toasts {
  #list = $state.raw<Toast[]>([]);
  #next = 0;

  get list(): Toast[] {
    return this.#list;
  }

  /** Shows a message for a few seconds (an error for longer). */
  show(kind: Toast['kind'], text: string): void {
    const id = ++this.#next;
    this.#list = [...this.#list, { id, kind, text }];
    setTimeout(() => this.dismiss(id), kind === 'error' ? 12000 : 6000);
  }

  dismiss(id: number): void {
    this.#list = this.#list.filter((t) => t.id !== id);
  }
}
