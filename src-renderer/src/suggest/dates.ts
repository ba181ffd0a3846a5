// Dates and numbers, French and English, by rule:
//   DATE   4 février 2022, lundi 1er mars, février 2022, en février; February 4, 2022, Feb. 4,
//          4 February 2022, the 4th of February, February 2022, in February; 2022-02-04, 2022-02,
//          04/02/2022; a year after a word that makes it one (en 2022, in 2022, depuis 2014, since
//          2014…); le 4 / the 4th when a month is named earlier in the paragraph; the 1990s, les
//          années 1990.
//   MONEY  $4 billion, €3.5bn, 3,5 milliards d'euros, 40 euros, 100 €, USD 5 million
//   PERCENT 40 %, 40%, 3,5 pour cent, 40 percent
//   QUANTITY 120 km, 3,5 tonnes, 50 MW (a number and a unit)
//   CARDINAL other numerals (not years), only in a schema that has CARDINAL itself
// A number kind uses the first label of its list the schema has (MONEY, else QUANTITY, else a NUMBER
// label…), so a schema with a single number label gets every amount. English month names must be
// capitalised (May, March are also words); French ones may be either. Articles are left out of
// the span (le 4 février → 4 février). Matches never overlap: the longest wins.
import type { DocIndex } from './doc';
import type { Recommender, SuggestContext } from './recommender';
import { proposalKey, type SpanProposal } from './types';

export const DATES = 'dates';

type Kind = 'date' | 'money' | 'percent' | 'quantity' | 'cardinal';

const LABELS: Record<Kind, readonly string[]> = {
  date: ['DATE'],
  money: ['MONEY', 'QUANTITY', 'NUMBER', 'NUM', 'CARDINAL'],
  percent: ['PERCENT', 'PERCENTAGE', 'QUANTITY', 'NUMBER', 'NUM', 'CARDINAL'],
  quantity: ['QUANTITY', 'MEASURE', 'NUMBER', 'NUM', 'CARDINAL'],
  cardinal: ['CARDINAL'],
};

const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const FR_MONTH = 'janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre|janv\\.|f[ée]vr?\\.|avr\\.|juil\\.|sept\\.|oct\\.|nov\\.|d[ée]c\\.';
const FR_DAY = 'lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche';
const EN_MONTH = 'January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?';
const EN_DAY = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';
const DAY_NUM = '(?:[12]\\d|3[01]|0?[1-9])';
const YEAR = '(?:1[5-9]\\d\\d|20\\d\\d)';
const S = '[\\s\\u00a0\\u202f]';
/** 10 000 (spaces, no-break spaces), 1,000,000, 3,5 and 3.5 */
const NUM = `(?:\\d{1,3}(?:[\\u00a0\\u202f ]\\d{3})+(?:,\\d+)?|\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:[.,]\\d+)?)`;
const SCALE = '(?:milliards?|millions?|mille|billions?|trillions?|thousand|mn|bn)';
const CURRENCY_WORD = '(?:euros?|dollars?(?:\\s+(?:am[ée]ricains?|US))?|livres?(?:\\s+sterling)?|pounds?(?:\\s+sterling)?|yuans?|yens?|roubles?|rubles?|francs?(?:\\s+suisses?)?|dinars?|pesos?|roupies?|rupees?|USD|EUR|GBP|CNY|JPY|RUB|CHF)';
const UNIT =
  '(?:km²|km2|m²|m³|km|kilom[èe]tres?|kilometres?|kilometers?|miles?|m[èe]tres?|metres?|meters?|cm|mm|m|kg|kilos?|kilogrammes?|grammes?|g|tonnes?|tons?|t|Mt|Gt|hectares?|ha|litres?|liters?|barils?|barrels?|°C|°F|degr[ée]s|degrees|MW|GW|kW|kWh|MWh|GWh|TWh|habitants?|inhabitants)';
const YEAR_CUE =
  "(?:en|in|depuis|since|d[èe]s|jusqu['’]en|avant|apr[èe]s|before|after|until|by|during|pendant|from|through|d['’]ici|l['’]ann[ée]e|the\\s+year|year|ann[ée]e|fin|d[ée]but|early|late|mid|mi-)";

interface Rule {
  re: RegExp;
  kind: Kind;
  confidence: number;
  /** checks a match (and may narrow it): returns [start, end] relative to the paragraph, or null */
  check?: (m: RegExpExecArray, para: string) => [number, number] | null;
}

const rule = (source: string, flags: string, kind: Kind, confidence: number, check?: Rule['check']): Rule => ({
  re: new RegExp(source, `g${flags}`),
  kind,
  confidence,
  ...(check ? { check } : {}),
});

/** The span of capture group `name` (d flag indices). */
const group =
  (name: string) =>
  (m: RegExpExecArray): [number, number] | null =>
    m.indices?.groups?.[name] ?? null;

const monthBefore = new RegExp(`${B}(?:${FR_MONTH})${E}|${B}(?:${EN_MONTH})${E}`, 'iu');

const RULES: Rule[] = [
  // French
  rule(`${B}(?:(?:${FR_DAY})${S}+)?(?:1er|premier|${DAY_NUM})${S}+(?:${FR_MONTH})(?:${S}+${YEAR})?${E}`, 'iu', 'date', 0.9),
  rule(`${B}(?:${FR_MONTH})${S}+${YEAR}${E}`, 'iu', 'date', 0.85),
  rule(`${B}(?:en|depuis|d[èe]s|jusqu['’]en|fin|d[ée]but|mi-)${S}*(?<m>${FR_MONTH})${E}`, 'diu', 'date', 0.6, group('m')),
  rule(`${B}(?:les${S}+)?(?<d>ann[ée]es${S}+(?:19|20)\\d0)${E}`, 'diu', 'date', 0.8, group('d')),
  // English
  rule(`${B}(?:(?:${EN_DAY}),?${S}+)?(?:${EN_MONTH})${S}+${DAY_NUM}(?:st|nd|rd|th)?(?:,?${S}+${YEAR})?${E}`, 'u', 'date', 0.9),
  rule(`${B}(?:(?:${EN_DAY}),?${S}+)?${DAY_NUM}(?:st|nd|rd|th)?${S}+(?:of${S}+)?(?:${EN_MONTH})(?:,?${S}+${YEAR})?${E}`, 'u', 'date', 0.9),
  rule(`${B}(?:${EN_MONTH})${S}+${YEAR}${E}`, 'u', 'date', 0.85),
  rule(`${B}(?:in|since|until|by|from|early|late|mid-?)${S}*(?<m>${EN_MONTH})${E}`, 'du', 'date', 0.6, group('m')),
  rule(`${B}(?<d>(?:19|20)\\d0s)${E}`, 'du', 'date', 0.8, group('d')),
  // numeric
  rule(`${B}${YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])${E}`, 'u', 'date', 0.9),
  rule(`${B}${YEAR}-(?:0[1-9]|1[0-2])${E}(?!-)`, 'u', 'date', 0.85),
  rule(`${B}${DAY_NUM}([/.])(?:0?[1-9]|1[0-2])\\1${YEAR}${E}`, 'u', 'date', 0.8),
  // a year in context
  rule(`${B}${YEAR_CUE}${S}+(?<y>${YEAR})${E}(?!${S}*(?:%|[.,]\\d))`, 'diu', 'date', 0.7, group('y')),
  rule(`${B}(?:de|of)${S}+(?<y>${YEAR})(?=${S}*(?:[.,;:!?)]|$))`, 'diu', 'date', 0.6, group('y')),
  // le 4 / the 4th, when a month is named before it in the paragraph
  rule(`${B}(?:le|Le|the|The)${S}+(?<d>1er|${DAY_NUM}(?:st|nd|rd|th)?)${E}(?!${S}*(?:%|[.,]\\d|${UNIT}${E}))`, 'du', 'date', 0.6, (m, para) => {
    const d = m.indices?.groups?.['d'];
    return d && monthBefore.test(para.slice(Math.max(0, m.index - 300), m.index)) ? d : null;
  }),
  // amounts
  rule(`(?:US${S}?|C|A|HK)?[$€£¥]${S}?${NUM}(?:${S}?(?:${SCALE}|m|k)${E})?`, 'iu', 'money', 0.85),
  rule(`${B}(?:USD|EUR|GBP|CNY|JPY|RUB|CHF)${S}?${NUM}(?:${S}+${SCALE}${E})?`, 'u', 'money', 0.85),
  rule(`${B}${NUM}(?:${S}+${SCALE})?${S}*(?:(?:de|d['’])${S}*)?(?:${CURRENCY_WORD}${E}|[$€£¥])`, 'iu', 'money', 0.85),
  rule(`${B}${NUM}${S}?(?:%|pour${S}?cent${E}|percent${E}|per${S}?cent${E})`, 'iu', 'percent', 0.85),
  rule(`${B}${NUM}(?:${S}+${SCALE})?${S}?(?:(?:de|d['’])${S}*)?${UNIT}${E}`, 'u', 'quantity', 0.75),
  rule(`${B}${NUM}(?:${S}+${SCALE}${E})?${E}`, 'iu', 'cardinal', 0.5, (m) => (/^(?:1[5-9]\d\d|20\d\d)$/.test(m[0]) ? null : [m.index, m.index + m[0].length])),
];

/** Month words as tokens fold them: a paragraph without one, nor a digit, is not worth the rules. */
const MONTH_TOKENS = new Set(
  ('janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre janv févr fevr fév fev avr juil sept oct nov déc dec ' +
    'january february march april may june july august september october november december jan feb mar apr jun jul aug sep').split(' '),
);

/** The paragraphs [start, end) that hold a digit or a month word, from the document's tokens. */
function worthParagraphs(doc: DocIndex): Array<[number, number]> {
  const { text } = doc;
  const { count, start, folded } = doc.tokens;
  const out: Array<[number, number]> = [];
  let lastMarked = -1;
  for (let t = 0; t < count; t++) {
    const f = folded[t] as string;
    const c = f.charCodeAt(0);
    if (!((c >= 48 && c <= 57) || MONTH_TOKENS.has(f))) continue;
    const at = start[t] as number;
    if (at < lastMarked) continue;
    const from = text.lastIndexOf('\n', at - 1) + 1;
    let to = text.indexOf('\n', at);
    if (to < 0) to = text.length;
    out.push([from, to]);
    lastMarked = to;
  }
  return out;
}

interface Hit {
  start: number;
  end: number;
  kind: Kind;
  confidence: number;
  order: number;
}

/** Every date and amount of the document, not overlapping (the longest, then the earliest rule, wins). */
export function findDates(doc: DocIndex): Hit[] {
  const { text } = doc;
  const hits: Hit[] = [];
  for (const [from, to] of worthParagraphs(doc)) {
    const para = text.slice(from, to);
    RULES.forEach((r, order) => {
      r.re.lastIndex = 0;
      for (let m = r.re.exec(para); m !== null; m = r.re.exec(para)) {
        if (m[0] === '') {
          r.re.lastIndex++;
          continue;
        }
        const range = r.check ? r.check(m, para) : ([m.index, m.index + m[0].length] as [number, number]);
        if (range) hits.push({ start: from + range[0], end: from + range[1], kind: r.kind, confidence: r.confidence, order });
      }
    });
  }
  hits.sort((a, b) => b.end - b.start - (a.end - a.start) || a.order - b.order || a.start - b.start);
  const sorted: Hit[] = [];
  for (const h of hits) {
    // the kept hits, sorted by start: only the neighbours of the insertion point can overlap
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as Hit).start < h.start) lo = mid + 1;
      else hi = mid;
    }
    const prev = sorted[lo - 1];
    const next = sorted[lo];
    if ((prev && prev.end > h.start) || (next && next.start < h.end)) continue;
    sorted.splice(lo, 0, h);
  }
  return sorted;
}

export class DatesAndNumbers implements Recommender {
  readonly id = DATES;
  readonly name = 'Dates and numbers';
  readonly description = 'French and English dates, amounts, percentages and quantities, by rule';

  propose(doc: DocIndex, ctx: SuggestContext): SpanProposal[] {
    const labels = new Map<Kind, string | null>((Object.keys(LABELS) as Kind[]).map((k) => [k, ctx.schema.firstOf(LABELS[k])]));
    const out: SpanProposal[] = [];
    for (const h of doc.memo('dates', () => findDates(doc))) {
      const label = labels.get(h.kind);
      if (!label) continue;
      out.push({ kind: 'span', key: proposalKey(h.start, h.end, label, DATES), start: h.start, end: h.end, label, recommender: DATES, confidence: h.confidence, explanation: { code: 'rule', kind: h.kind } });
    }
    return out;
  }
}
