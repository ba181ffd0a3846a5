// The interface language for code below the state layer (the database's import report, pure
// helpers): read when a message is made, not reactive. state/i18n.svelte.ts sets it.
// a relative path, not $contract: the suggestion engine reads this, and the benchmarks' type-check has no aliases
import type { Locale } from '../../../../src-main/contract';
import { en, type Messages } from './en';
import { fr } from './fr';

let current: Locale = 'en';

export function setCurrentLocale(locale: Locale): void {
  current = locale;
}

/** The messages in the interface language at the moment of the call. */
export function messagesNow(): Messages {
  return current === 'fr' ? fr : en;
}
