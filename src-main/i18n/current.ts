// The language of the messages a file's import failure is told in. The extraction worker reads one
// file at a time and is told the language with each file, so the modules below it read it from here
// instead of carrying it through every reader.
import { z } from 'zod';
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

/** Why a backup cannot be written or restored, in the interface language. */
export function backupWords(): MainMessages['backup'] {
  return MAIN_MESSAGES[current].backup;
}

/** Why a work package cannot be opened, in the interface language. */
export function packageWords(): MainMessages['workPackage'] {
  return MAIN_MESSAGES[current].workPackage;
}

/** Why an annotated file or a schema cannot be read, in the language of the file being read. */
export function formatWords(): MainMessages['formats'] {
  return MAIN_MESSAGES[current].formats;
}

const ZOD_FRENCH = { error: z.locales.fr().localeError };

/** zod's own messages (a wrong type, a missing field) in the same language: safeParse's second argument. */
export function zodLanguage(): typeof ZOD_FRENCH | undefined {
  return current === 'fr' ? ZOD_FRENCH : undefined;
}
