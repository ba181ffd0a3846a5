// The reader's keys when suggestions are shown: on the current proposal, Enter accepts it, Backspace
// (or Delete) rejects it and another label's key accepts it with that label; in review mode, Tab and
// Shift+Tab move between proposals and Esc leaves the mode. Otherwise every key does what keys.ts says.
import type { ReaderActions } from './keys';

/** What the keys need of the suggestions (state/suggestions.svelte.ts, through the reader). */
export interface ProposalActions {
  /** a proposal is current, and no annotation or text is selected */
  active(): boolean;
  reviewing(): boolean;
  setReviewing(on: boolean): void;
  /** accepts the current proposal, with the label of this hotkey when given; false when the key is no label's */
  accept(hotkey?: string): boolean;
  reject(): boolean;
  step(dir: 1 | -1): boolean;
  /** lets go of the current proposal */
  clear(): void;
}

export function withProposals(actions: ReaderActions, p: ProposalActions): ReaderActions {
  return {
    ...actions,
    label: (key) => (p.active() ? p.accept(key) : actions.label(key)),
    enter: () => {
      if (!p.active() || !p.accept()) actions.enter();
    },
    remove: () => (p.active() ? p.reject() : actions.remove()),
    // in review mode Tab stays on the proposals, even past the last one
    step: (dir) => (p.reviewing() ? (p.step(dir), true) : actions.step(dir)),
    cancel: () => {
      if (p.reviewing()) p.setReviewing(false);
      else if (p.active()) p.clear();
      else actions.cancel();
    },
    review: () => {
      p.setReviewing(!p.reviewing());
      return true;
    },
  };
}
