// Words the interface puts around numbers and failures, written once.
import type { ImportFailure, Locale } from '$contract';
import type { Messages } from './i18n/en';
import { formatNumber } from './i18n/format';

/** "1 document", "2,500 documents". */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** A size for people: "512 bytes", "1.5 MB", "312 MB" (French: "512 octets", "1,5 Mo"); one decimal only where it carries information. */
export function bytes(n: number, locale: Locale = 'en'): string {
  if (n < 1024) return `${formatNumber(locale, n)} ${locale === 'fr' ? 'octets' : 'bytes'}`;
  const units = locale === 'fr' ? ['ko', 'Mo', 'Go'] : ['KB', 'MB', 'GB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${formatNumber(locale, shown)} ${units[unit]}`;
}

/** What went wrong, for a message: an Error's message, or the thrown value as text. */
export function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // Dexie wraps an error thrown inside it as "<its name> <its message>": a plain Error's name says nothing
  const inner = (err as { inner?: unknown }).inner;
  if (inner instanceof Error && inner.name === 'Error' && err.message === `Error ${inner.message}`) return inner.message;
  return err.message;
}

/**
 * A failed file as the report shows it: main's words ("<file>: <reason>"), or, for a file that is not
 * text, what its first bytes say it is, worded here so that it follows the interface language.
 */
export function failureText(f: Pick<ImportFailure, 'file' | 'message' | 'looksLike'>, m: Messages): string {
  return f.looksLike ? m.importReport.notText(f.file, m.importReport.fileKinds[f.looksLike]) : f.message;
}

/** The file name at the end of a path, on any system. */
export function fileOf(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
