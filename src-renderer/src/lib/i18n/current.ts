// The interface language for code below the state layer (the database's import report, pure
// helpers): read when a message is made, not reactive. state/i18n.svelte.ts sets it.
import type { Locale } from '$contract';
import { en, type Messages } from './en';
import { fr } from './fr';

/** Both catalogues, by language: what a code is worded with where the language is given (suggest/errors.ts, explain.ts). */
export const CATALOGUES: Record<Locale, Messages> = { en, fr };

let current: Locale = 'en';

export function setCurrentLocale(locale: Locale): void {
  current = locale;
}

/** The messages in the interface language at the moment of the call. */
export function messagesNow(): Messages {
  return CATALOGUES[current];
}
