// Why a recommender proposes something, as a code and its values: the worker says why, the page words
// it where it is shown (the proposal's hover text), so a language switch words it again.
import type { Locale } from '$contract';
import type { Messages } from '../lib/i18n/en';
import { CATALOGUES } from '../lib/i18n/current';

/** How the quotes recommender found a quote's speaker. */
export type HowCode = keyof Omit<Messages['suggest']['explain']['how'], 'neighbour'>;

export interface How {
  how: HowCode;
  /** the verb of saying is in the neighbouring sentence */
  neighbour: boolean;
}

export type Explanation =
  | { code: 'rule'; kind: keyof Messages['suggest']['explain']['rule'] }
  | { code: 'term'; variant: string; label: string; list: string; line: number; id?: string }
  | { code: 'pattern'; label: string; list: string; line: number; id?: string }
  | { code: 'model'; version: string | null }
  | { code: 'learned'; label: string; count: number; others: number; none: number; anyCase: boolean }
  | { code: 'quote' }
  | { code: 'quoteCued' }
  | ({ code: 'quoteBy' } & How)
  | { code: 'speaker' }
  | ({ code: 'relation'; relation: string } & How);

/** Whether two explanations say the same: flat records, compared field by field. */
export function sameExplanation(a: Explanation, b: Explanation): boolean {
  if (a === b) return true;
  const ka = Object.keys(a) as Array<keyof Explanation>;
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** An explanation in `locale`. */
export function wordExplanation(locale: Locale, e: Explanation): string {
  const m = CATALOGUES[locale].suggest.explain;
  const how = (h: How) => (h.neighbour ? m.how.neighbour(m.how[h.how]) : m.how[h.how]);
  switch (e.code) {
    case 'rule':
      return m.rule[e.kind];
    case 'term':
      return m.term(e.variant, e.label, m.listLine(e.list, e.line, e.id));
    case 'pattern':
      return m.pattern(e.label, m.listLine(e.list, e.line, e.id));
    case 'model':
      return m.model(e.version);
    case 'learned':
      return m.learned(e.label, e.count, e.others, e.none, e.anyCase);
    case 'quoteBy':
      return m.quoteBy(how(e));
    case 'relation':
      return m.relation(e.relation, how(e));
    default:
      return m[e.code];
  }
}
