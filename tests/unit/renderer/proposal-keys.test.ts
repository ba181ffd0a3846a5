// The reader's keys with suggestions shown (reader/proposal-keys.ts), pressed through the reader's
// key table (reader/keys.ts) as the window's keydown handler does: which key reaches the current
// proposal, and which goes on to the reader's own action.
import { describe, expect, it } from 'vitest';
import { type KeyFocus, type ReaderActions, readerKey } from '../../../src-renderer/src/reader/keys';
import { type ProposalActions, withProposals } from '../../../src-renderer/src/reader/proposal-keys';

interface Setup {
  /** a proposal is current */
  active?: boolean;
  reviewing?: boolean;
  /** the hotkeys that are labels' (both the reader and the proposals know them) */
  labels?: readonly string[];
  /** what the proposal's accept answers (false: it could not be accepted) */
  accepts?: boolean;
}

/** The two sides, each writing what it was asked into one log, wrapped as the reader wraps them. */
function keys(setup: Setup = {}) {
  const log: string[] = [];
  const labels = setup.labels ?? ['1', '2'];
  let reviewing = setup.reviewing ?? false;
  const reader: ReaderActions = {
    label: (key) => (labels.includes(key) ? (log.push(`reader.label ${key}`), true) : false),
    moveCaret: (dir) => void log.push(`reader.moveCaret ${dir}`),
    extend: (dir) => void log.push(`reader.extend ${dir}`),
    resize: (dir) => void log.push(`reader.resize ${dir}`),
    step: (dir) => (log.push(`reader.step ${dir}`), true),
    enter: () => void log.push('reader.enter'),
    remove: () => (log.push('reader.remove'), true),
    startLink: () => (log.push('reader.startLink'), true),
    cancel: () => void log.push('reader.cancel'),
    jump: (kind, dir) => (log.push(`reader.jump ${kind} ${dir}`), true),
  };
  const proposals: ProposalActions = {
    active: () => setup.active ?? false,
    reviewing: () => reviewing,
    setReviewing: (on) => {
      reviewing = on;
      log.push(`proposal.setReviewing ${on}`);
    },
    accept: (hotkey) => {
      if (hotkey !== undefined && !labels.includes(hotkey)) return false;
      log.push(hotkey === undefined ? 'proposal.accept' : `proposal.accept ${hotkey}`);
      return setup.accepts ?? true;
    },
    reject: () => (log.push('proposal.reject'), true),
    step: (dir) => (log.push(`proposal.step ${dir}`), true),
    clear: () => void log.push('proposal.clear'),
  };
  const actions = withProposals(reader, proposals);
  /** presses `key` (with Shift when asked) where the focus is; says whether the reader took it */
  const press = (key: string, opts: { shift?: boolean; focus?: KeyFocus } = {}): boolean => {
    const ev = { key, shiftKey: opts.shift ?? false, altKey: false, ctrlKey: false, metaKey: false } as KeyboardEvent;
    return readerKey(ev, actions, opts.focus ?? 'text');
  };
  return { press, log, reviewing: () => reviewing };
}

describe('Enter', () => {
  it('accepts the current proposal, and nothing else happens', () => {
    const k = keys({ active: true });
    expect(k.press('Enter')).toBe(true);
    expect(k.log).toEqual(['proposal.accept']);
  });

  it('goes on to the reader when no proposal is current (opens a span, the label menu, selects a word)', () => {
    const k = keys({ active: false });
    expect(k.press('Enter')).toBe(true);
    expect(k.log).toEqual(['reader.enter']);
  });

  it('goes on to the reader when the current proposal could not be accepted', () => {
    const k = keys({ active: true, accepts: false });
    k.press('Enter');
    expect(k.log).toEqual(['proposal.accept', 'reader.enter']);
  });
});

describe('Backspace and Delete', () => {
  it('reject the current proposal, wherever the focus is', () => {
    const k = keys({ active: true });
    expect(k.press('Backspace')).toBe(true);
    expect(k.press('Delete', { focus: 'elsewhere' })).toBe(true);
    expect(k.log).toEqual(['proposal.reject', 'proposal.reject']);
  });

  it('remove the selected annotation when no proposal is current', () => {
    const k = keys({ active: false });
    k.press('Backspace');
    k.press('Delete');
    expect(k.log).toEqual(['reader.remove', 'reader.remove']);
  });
});

describe('label keys', () => {
  it('accept the current proposal with that key’s label: a correction', () => {
    const k = keys({ active: true });
    expect(k.press('2')).toBe(true);
    expect(k.log).toEqual(['proposal.accept 2']);
  });

  it('label the selection as usual when no proposal is current', () => {
    const k = keys({ active: false });
    k.press('2');
    expect(k.log).toEqual(['reader.label 2']);
  });

  it('a key no label has does nothing to the current proposal', () => {
    const k = keys({ active: true });
    expect(k.press('9')).toBe(false);
    expect(k.log).toEqual([]);
  });
});

describe('Tab and Shift+Tab', () => {
  it('step between proposals in review mode, forward and back', () => {
    const k = keys({ active: true, reviewing: true });
    expect(k.press('Tab')).toBe(true);
    expect(k.press('Tab', { shift: true })).toBe(true);
    expect(k.log).toEqual(['proposal.step 1', 'proposal.step -1']);
  });

  it('step between annotations outside review mode, even with a proposal current', () => {
    const k = keys({ active: true, reviewing: false });
    k.press('Tab');
    k.press('Tab', { shift: true });
    expect(k.log).toEqual(['reader.step 1', 'reader.step -1']);
  });

  it('are the browser’s when the focus is not in the text', () => {
    const k = keys({ active: true, reviewing: true });
    expect(k.press('Tab', { focus: 'elsewhere' })).toBe(false);
    expect(k.log).toEqual([]);
  });
});

describe('S and Escape', () => {
  it('S switches review mode on and off', () => {
    const k = keys();
    k.press('s');
    expect(k.reviewing()).toBe(true);
    k.press('S');
    expect(k.reviewing()).toBe(false);
    expect(k.log).toEqual(['proposal.setReviewing true', 'proposal.setReviewing false']);
  });

  it('Escape leaves review mode first, keeping the current proposal', () => {
    const k = keys({ active: true, reviewing: true });
    k.press('Escape');
    expect(k.log).toEqual(['proposal.setReviewing false']);
    expect(k.reviewing()).toBe(false);
  });

  it('Escape outside review mode lets go of the current proposal', () => {
    const k = keys({ active: true });
    k.press('Escape');
    expect(k.log).toEqual(['proposal.clear']);
  });

  it('Escape with no proposal current cancels in the reader', () => {
    const k = keys();
    k.press('Escape');
    expect(k.log).toEqual(['reader.cancel']);
  });
});
