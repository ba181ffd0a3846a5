// The interface language: the OS's at first start, then the one chosen in Settings, switched at once
// (every string is read through t(), so the screen follows without a restart). Main is told, for its
// menu and native dialogs.
import { localeFor, type Locale } from '$contract';
import type { Messages } from '$lib/i18n/en';
import { CATALOGUES, setCurrentLocale } from '$lib/i18n/current';
import { formatDate, formatDateTime, formatMetaDate, formatNumber } from '$lib/i18n/format';

export { CATALOGUES };

class Language {
  #locale = $state<Locale>(localeFor(typeof navigator === 'undefined' ? [] : navigator.languages));

  get locale(): Locale {
    return this.#locale;
  }

  get messages(): Messages {
    return CATALOGUES[this.#locale];
  }

  /** Shows the interface in `locale` and tells main (its menu and dialogs follow). */
  use(locale: Locale): void {
    this.#locale = locale;
    setCurrentLocale(locale);
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
    void window.glose?.setLocale(locale).catch(() => {});
  }
}

export const language = new Language();

/** The messages in the interface language; read in templates and $derived, so a switch re-renders. */
export function t(): Messages {
  return language.messages;
}

/** Numbers and dates in the interface language, for templates (reactive like t()). */
export const fmt = {
  number: (n: number, options?: Intl.NumberFormatOptions): string => formatNumber(language.locale, n, options),
  dateTime: (when: number | Date): string => formatDateTime(language.locale, when),
  date: (when: number | Date): string => formatDate(language.locale, when),
  metaDate: (text: string): string => formatMetaDate(language.locale, text),
};

/**
 * A message kept on screen (a toast, a refusal, a problem): a function that words it, called where it
 * is shown, so that a language switch words it again; a plain string only for text that is not ours
 * (an error from elsewhere).
 */
export type Words = string | (() => string);

/** The text of `words` in the interface language (reactive like t() where it is called). */
export function say(words: Words): string {
  return typeof words === 'string' ? words : words();
}
