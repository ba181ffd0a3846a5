// The reader's key bindings, in one table. Keys a focused control has a use for (Tab, Enter, the
// arrows) are the reader's only while the text has the focus (arrows and Enter also when nothing
// has it); the others (label keys, Delete, R, Esc) work wherever the focus is, except in a field.
// Ctrl (⌘ on macOS) is held only for the bindings that say so.

/** What the keys do; the reader implements it. A step that finds nothing to do returns false and the key goes on. */
export interface ReaderActions {
  /** applies (or relabels with) the label whose hotkey this is; false when no label has it */
  label(key: string): boolean;
  moveCaret(dir: 1 | -1, byParagraph: boolean): void;
  /** extends the pending selection by a word */
  extend(dir: 1 | -1): void;
  /** moves the selected span's end (or start) by a word */
  resize(dir: 1 | -1, startEdge: boolean): void;
  /** the next or previous annotation (in link mode: the next one the schema allows as a target) */
  step(dir: 1 | -1): boolean;
  /** links, opens the selected span, opens the label menu, or selects the word at the caret */
  enter(): void;
  remove(): boolean;
  startLink(): boolean;
  cancel(): void;
  /** selects the next or previous sentence, paragraph, occurrence of the selected text, or untagged capitalised word */
  jump(kind: JumpKind, dir: 1 | -1): boolean;
  /** switches review mode (Tab visits suggestions) on or off; see proposal-keys.ts */
  review?(): boolean;
}

export type JumpKind = 'sentence' | 'paragraph' | 'occurrence' | 'name';

/** Where the keyboard focus is when the key is pressed. */
export type KeyFocus = 'text' | 'nothing' | 'elsewhere';

interface Binding {
  keys: readonly string[];
  alt?: boolean;
  shift?: boolean;
  /** Ctrl or ⌘; unset means neither */
  ctrl?: boolean;
  /** where the focus may be for the binding to apply */
  focus: readonly KeyFocus[];
  run(actions: ReaderActions, ev: KeyboardEvent): boolean | void;
}

const TEXT: readonly KeyFocus[] = ['text'];
const TEXT_OR_NOTHING: readonly KeyFocus[] = ['text', 'nothing'];
const ANYWHERE: readonly KeyFocus[] = ['text', 'nothing', 'elsewhere'];
const dir = (ev: KeyboardEvent): 1 | -1 => (ev.key === 'ArrowRight' || ev.key === 'ArrowDown' ? 1 : -1);

/** First match wins; `alt`/`shift` unset means either, `ctrl` unset means not held. */
export const READER_KEYS: readonly Binding[] = [
  { keys: ['ArrowDown', 'ArrowUp'], ctrl: true, shift: false, alt: false, focus: TEXT_OR_NOTHING, run: (a, ev) => a.jump('sentence', dir(ev)) },
  { keys: ['ArrowDown', 'ArrowUp'], ctrl: true, shift: true, alt: false, focus: TEXT_OR_NOTHING, run: (a, ev) => a.jump('paragraph', dir(ev)) },
  { keys: ['ArrowDown', 'ArrowUp'], alt: true, shift: false, focus: TEXT_OR_NOTHING, run: (a, ev) => a.jump('occurrence', dir(ev)) },
  { keys: ['ArrowDown', 'ArrowUp'], shift: true, alt: false, focus: TEXT_OR_NOTHING, run: (a, ev) => a.jump('name', dir(ev)) },
  { keys: ['ArrowRight', 'ArrowLeft'], alt: true, focus: TEXT_OR_NOTHING, run: (a, ev) => a.resize(dir(ev), ev.shiftKey) },
  { keys: ['ArrowRight', 'ArrowLeft'], shift: true, focus: TEXT_OR_NOTHING, run: (a, ev) => a.extend(dir(ev)) },
  { keys: ['ArrowRight', 'ArrowLeft'], focus: TEXT_OR_NOTHING, run: (a, ev) => a.moveCaret(dir(ev), false) },
  { keys: ['ArrowDown', 'ArrowUp'], alt: false, shift: false, focus: TEXT_OR_NOTHING, run: (a, ev) => a.moveCaret(dir(ev), true) },
  { keys: ['Tab'], focus: TEXT, run: (a, ev) => a.step(ev.shiftKey ? -1 : 1) },
  { keys: ['Enter'], focus: TEXT_OR_NOTHING, run: (a) => a.enter() },
  { keys: ['Delete', 'Backspace'], focus: ANYWHERE, run: (a) => a.remove() },
  { keys: ['r', 'R'], focus: ANYWHERE, run: (a) => a.startLink() },
  { keys: ['s', 'S'], focus: ANYWHERE, run: (a) => a.review?.() ?? false },
  { keys: ['Escape'], focus: ANYWHERE, run: (a) => a.cancel() },
];

/**
 * Runs the reader's binding for a key press, label keys first; true when it was handled (the caller
 * then prevents the browser's default).
 */
export function readerKey(ev: KeyboardEvent, actions: ReaderActions, focus: KeyFocus): boolean {
  const ctrl = ev.ctrlKey || ev.metaKey;
  if (!ev.altKey && !ctrl && actions.label(ev.key)) return true;
  const binding = READER_KEYS.find(
    (b) =>
      b.keys.includes(ev.key) &&
      b.focus.includes(focus) &&
      (b.ctrl ?? false) === ctrl &&
      (b.alt === undefined || b.alt === ev.altKey) &&
      (b.shift === undefined || b.shift === ev.shiftKey),
  );
  return binding ? binding.run(actions, ev) !== false : false;
}

/** True when the key goes to a text field (its own editing keys), not to the app. */
export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** What the keys do on the curation screen; it implements them. */
export interface CurationActions {
  /** the next (1) or previous (-1) disagreement */
  step(dir: 1 | -1): void;
  /** the n-th choice of the current disagreement; false when there is none */
  choose(n: number): boolean;
  editByHand(): void;
  close(): void;
}

interface CurationBinding {
  keys: readonly string[];
  /** the keys as the shortcuts dialog names them */
  shown: string;
  /** what the shortcuts dialog says the keys do */
  what: string;
  run(actions: CurationActions, ev: KeyboardEvent): boolean | void;
}

/** The curation screen's keys (no modifier), wherever the focus is except in a field. */
export const CURATION_KEYS: readonly CurationBinding[] = [
  { keys: ['n', 'N', 'j', 'J'], shown: 'N or J', what: 'Next disagreement', run: (a) => a.step(1) },
  { keys: ['p', 'P', 'k', 'K'], shown: 'P or K', what: 'Previous disagreement', run: (a) => a.step(-1) },
  { keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'], shown: '1 – 9', what: 'Take the choice with that number', run: (a, ev) => a.choose(Number(ev.key)) },
  { keys: ['e', 'E'], shown: 'E', what: 'Edit the stretch by hand in the curated layer', run: (a) => a.editByHand() },
  { keys: ['Escape'], shown: 'Esc', what: 'Back to the reader', run: (a) => a.close() },
];

export function curationKey(ev: KeyboardEvent, actions: CurationActions): boolean {
  if (ev.ctrlKey || ev.metaKey || ev.altKey || isTyping(ev.target)) return false;
  const binding = CURATION_KEYS.find((b) => b.keys.includes(ev.key));
  return binding ? binding.run(actions, ev) !== false : false;
}
