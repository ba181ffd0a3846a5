// Plurals, numbers, dates and lists in the interface language, all from Intl: the catalogues never
// spell out a number or a date themselves.
import type { Locale } from '$contract';

/** The BCP 47 tag Intl gets for each interface language. */
const TAG: Record<Locale, string> = { en: 'en-GB', fr: 'fr-FR' };

const cache = new Map<string, Intl.PluralRules | Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>();
function cached<T extends Intl.PluralRules | Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

/** The forms a count can take; `one` is used for 1 in English and for 0 and 1 in French. */
export interface PluralForms {
  one: string;
  other: string;
}

/** The form of `forms` that `n` takes in `locale`, with `#` replaced by the formatted number. */
export function plural(locale: Locale, n: number, forms: PluralForms): string {
  const rule = cached(`p:${locale}`, () => new Intl.PluralRules(TAG[locale])).select(n);
  return (rule === 'one' ? forms.one : forms.other).replaceAll('#', formatNumber(locale, n));
}

export function formatNumber(locale: Locale, n: number, options: Intl.NumberFormatOptions = {}): string {
  return cached(`n:${locale}:${JSON.stringify(options)}`, () => new Intl.NumberFormat(TAG[locale], options)).format(n);
}

/** "27 Nov 2026, 14:58" / "27 nov. 2026, 14:58" */
export function formatDateTime(locale: Locale, when: number | Date): string {
  return cached(`dt:${locale}`, () => new Intl.DateTimeFormat(TAG[locale], { dateStyle: 'medium', timeStyle: 'short' })).format(when);
}

/** "27 Nov 2026" / "27 nov. 2026" */
export function formatDate(locale: Locale, when: number | Date): string {
  return cached(`d:${locale}`, () => new Intl.DateTimeFormat(TAG[locale], { dateStyle: 'medium' })).format(when);
}

/** "a, b and c" / "a, b et c" */
export function formatList(locale: Locale, items: readonly string[]): string {
  return cached(`l:${locale}`, () => new Intl.ListFormat(TAG[locale], { type: 'conjunction' })).format(items);
}

/**
 * A date a document's metadata gives as text: ISO dates ("2022-02-04", "2022-02-04T09:30:00Z") are
 * shown in the interface language, a day without a time as a day (read in UTC, so no time zone moves
 * it to the day before); anything else ("Spring 2021") as written.
 */
export function formatMetaDate(locale: Locale, text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text.trim());
  if (!m) return text;
  const when = Date.parse(m[4] ? text.trim() : `${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  if (Number.isNaN(when)) return text;
  if (m[4]) return formatDateTime(locale, when);
  return cached(`du:${locale}`, () => new Intl.DateTimeFormat(TAG[locale], { dateStyle: 'medium', timeZone: 'UTC' })).format(when);
}
