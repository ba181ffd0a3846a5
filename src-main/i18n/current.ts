// The language of the messages a file's import failure is told in. The extraction worker reads one
// file at a time and is told the language with each file, so the modules below it read it from here
// instead of carrying it through every reader.
import type { Locale } from '../contract';
import { MAIN_MESSAGES, type MainMessages } from './messages';

let current: Locale = 'en';

export function useLocale(locale: Locale): void {
  current = locale;
}

export function currentLocale(): Locale {
  return current;
}

/** Why a file could not be imported, in the language of the file being read. */
export function errorWords(): MainMessages['errors'] {
  return MAIN_MESSAGES[current].errors;
}
