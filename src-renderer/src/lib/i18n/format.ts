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
