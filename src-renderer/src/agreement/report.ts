// The agreement report as files: CSV tables of the figures, and one self-contained HTML page (inline
// CSS and SVG, no script, nothing fetched) with the charts. Every name in them comes from users and
// imported files, so every name is escaped. Both speak the interface language (the CSV's column
// names are identifiers for scripts and stay as they are).
import type { Locale } from '$contract';
import { toCsv } from '../lib/corpus';
import { en, type Messages } from '../lib/i18n/en';
import { fr } from '../lib/i18n/fr';
import { formatNumber } from '../lib/i18n/format';
import { definitionsIn, REFERENCES } from './definitions';
import { sortDocuments } from './compute';
import type { AgreementReport, Figure, GroupFigures } from './types';

export type CsvTable = 'labels' | 'pairs' | 'documents' | 'confusion';

type Words = Messages['agreement'];
const wordsIn = (locale: Locale): Words => (locale === 'fr' ? fr : en).agreement;

/** A figure for a CSV cell: the value to six places, empty when undefined (its reason goes in "notes"). */
const cell = (f: Figure): string | number => (f.value === null ? '' : Math.round(f.value * 1e6) / 1e6);

function notes(figures: Record<string, Figure>, words: Words): string {
  return Object.entries(figures)
    .flatMap(([name, f]) => (f.value === null ? [`${name}: ${words.reason(f.reason)}`] : []))
    .join('; ');
}

/** One of the report's tables as CSV (RFC 4180). */
export function agreementCsv(report: AgreementReport, table: CsvTable, locale: Locale = 'en'): string {
  const words = wordsIn(locale);
  const ALL = words.report.allLabels;
  switch (table) {
    case 'labels': {
      const rows: Array<Array<string | number>> = [['label', ...report.annotators.map((a) => `spans ${a}`), 'f1_exact', 'f1_overlap', 'cohen_kappa', 'fleiss_kappa', 'alpha', 'alpha_u', 'notes']];
      for (const g of [report.overall, ...report.perLabel]) {
        const figures = { f1_exact: g.f1Exact, f1_overlap: g.f1Overlap, cohen_kappa: g.cohenKappa, fleiss_kappa: g.fleissKappa, alpha: g.alpha, alpha_u: g.alphaU };
        rows.push([g.label ?? ALL, ...g.spans, ...Object.values(figures).map(cell), notes(figures, words)]);
      }
      return toCsv(rows);
    }
    case 'pairs': {
      const rows: Array<Array<string | number>> = [
        ['annotator_a', 'annotator_b', 'label', 'documents', 'tokens', 'spans_a', 'spans_b', 'matched_exact', 'precision_exact', 'recall_exact', 'f1_exact', 'matched_overlap', 'precision_overlap', 'recall_overlap', 'f1_overlap', 'cohen_kappa', 'alpha', 'alpha_u', 'notes'],
      ];
      for (const p of report.pairs) {
        for (const f of [p.overall, ...p.perLabel]) {
          const figures = {
            precision_exact: f.exact.precision,
            recall_exact: f.exact.recall,
            f1_exact: f.exact.f1,
            precision_overlap: f.overlap.precision,
            recall_overlap: f.overlap.recall,
            f1_overlap: f.overlap.f1,
            cohen_kappa: f.cohenKappa,
            alpha: f.alpha,
            alpha_u: f.alphaU,
          };
          rows.push([
            p.a,
            p.b,
            f.label ?? ALL,
            p.documents,
            p.tokens,
            f.exact.reference,
            f.exact.other,
            f.exact.matched,
            cell(f.exact.precision),
            cell(f.exact.recall),
            cell(f.exact.f1),
            f.overlap.matched,
            cell(f.overlap.precision),
            cell(f.overlap.recall),
            cell(f.overlap.f1),
            cell(f.cohenKappa),
            cell(f.alpha),
            cell(f.alphaU),
            notes(figures, words),
          ]);
        }
      }
      return toCsv(rows);
    }
    case 'documents': {
      const rows: Array<Array<string | number>> = [['document', 'annotators', 'tokens', 'spans', 'f1_exact', 'f1_overlap', 'kappa', 'alpha', 'alpha_u', 'disagreement', 'notes']];
      for (const d of report.perDocument) {
        const figures = { f1_exact: d.f1Exact, f1_overlap: d.f1Overlap, kappa: d.kappa, alpha: d.alpha, alpha_u: d.alphaU };
        rows.push([d.id, d.annotators.join(' | '), d.tokens, d.spans, ...Object.values(figures).map(cell), Math.round(d.disagreement * 1e6) / 1e6, notes(figures, words)]);
      }
      return toCsv(rows);
    }
    case 'confusion': {
      const names = [...report.labels, words.report.none];
      return toCsv([['label', ...names], ...report.confusion.map((row, i) => [names[i] as string, ...row])]);
    }
  }
}

// ---- HTML

export interface HtmlOptions {
  /** shown as the page's heading, e.g. the project's name */
  readonly title?: string;
  /** when the figures were computed, shown under the heading */
  readonly generatedAt?: string;
  /** the language of the page (English by default) */
  readonly locale?: Locale;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

type MeasureKey = keyof Pick<GroupFigures, 'f1Exact' | 'f1Overlap' | 'cohenKappa' | 'fleissKappa' | 'alpha' | 'alphaU'>;
type Measure = { key: MeasureKey; name: string; color: string };

const COLORS: Record<MeasureKey, string> = { f1Exact: '#1d4ed8', f1Overlap: '#60a5fa', cohenKappa: '#047857', fleissKappa: '#34d399', alpha: '#b45309', alphaU: '#be185d' };

/** How the page writes its figures and counts, and names its measures and rows, in one language. */
class Page {
  readonly words: Words;
  readonly measures: Measure[];
  constructor(readonly locale: Locale) {
    this.words = wordsIn(locale);
    this.measures = (Object.keys(COLORS) as MeasureKey[]).map((key) => ({ key, name: this.words.report.measures[key], color: COLORS[key] }));
  }
  three(v: number): string {
    return formatNumber(this.locale, v, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  }
  count(n: number): string {
    return formatNumber(this.locale, n);
  }
  /** A count that fits a heat-map cell: 9999, then 12k, 1.2M (in French 12 k, 1,2 M). */
  short(n: number): string {
    return n >= 1e4 ? formatNumber(this.locale, n, { notation: 'compact', maximumFractionDigits: n >= 1e6 ? 1 : 0 }) : String(n);
  }
  fmt(f: Figure): string {
    return f.value === null ? '—' : this.three(f.value);
  }
  /** A table cell for a figure: the value, or a dash whose tooltip gives the reason. */
  td(f: Figure): string {
    return f.value === null ? `<td class="na" title="${escapeHtml(this.words.reason(f.reason))}">—</td>` : `<td>${this.fmt(f)}</td>`;
  }
  label(g: { label: string | null }): string {
    return g.label ?? this.words.report.allLabels;
  }
}

/** A self-contained HTML page of the report: figures, a bar chart per label, the confusion heat map, the documents. */
export function agreementHtml(report: AgreementReport, options: HtmlOptions = {}): string {
  const page = new Page(options.locale ?? 'en');
  const w = page.words.report;
  const title = options.title ? w.titleOf(options.title) : w.title;
  const measures = page.measures.filter((m) => (m.key === 'cohenKappa' ? report.annotators.length === 2 : true));
  const header = (g: readonly string[]) => `<tr>${g.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr>`;
  const groupRow = (g: GroupFigures) => `<tr><th scope="row">${escapeHtml(page.label(g))}</th>${g.spans.map((n) => `<td>${page.count(n)}</td>`).join('')}${measures.map((m) => page.td(g[m.key])).join('')}</tr>`;
  const pairRows = report.pairs
    .map(
      (p) =>
        `<tr><th scope="row">${escapeHtml(p.a)} · ${escapeHtml(p.b)}</th><td>${page.count(p.documents)}</td><td>${page.fmt(p.overall.exact.precision)}</td><td>${page.fmt(p.overall.exact.recall)}</td>${page.td(p.overall.exact.f1)}${page.td(p.overall.overlap.f1)}${page.td(p.overall.cohenKappa)}${page.td(p.overall.alpha)}${page.td(p.overall.alphaU)}</tr>`,
    )
    .join('');
  const docRows = sortDocuments(report.perDocument)
    .map(
      (d) =>
        `<tr><th scope="row">${escapeHtml(d.id)}</th><td>${page.count(d.annotators.length)}</td><td>${page.count(d.tokens)}</td><td>${page.count(d.spans)}</td>${page.td(d.f1Exact)}${page.td(d.f1Overlap)}${page.td(d.kappa)}${page.td(d.alpha)}${page.td(d.alphaU)}<td>${page.three(d.disagreement)}</td></tr>`,
    )
    .join('');
  const referenceLine = report.reference ? `<p>${escapeHtml(w.reference(report.reference))}</p>` : '';
  const m = w.measures;
  return `<!doctype html>
<html lang="${page.locale}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${report.annotators.map(escapeHtml).join(', ') || escapeHtml(w.noAnnotators)} · ${escapeHtml(w.meta(report.documents.compared, report.documents.total, report.documents.complete, report.tokens))}${options.generatedAt ? ` · ${escapeHtml(options.generatedAt)}` : ''}</p>
${referenceLine}
<section aria-labelledby="h-labels">
<h2 id="h-labels">${escapeHtml(w.byLabel)}</h2>
<table>
<thead>${header([w.label, ...report.annotators.map(w.spansOf), ...measures.map((x) => x.name)])}</thead>
<tbody>${[report.overall, ...report.perLabel].map(groupRow).join('')}</tbody>
</table>
${barChart(report, measures, page)}
</section>
<section aria-labelledby="h-pairs">
<h2 id="h-pairs">${escapeHtml(w.pairs)}</h2>
<table>
<thead>${header([w.pair, w.documentsCol, w.precision, w.recall, m.f1Exact, m.f1Overlap, m.cohenKappa, m.alpha, m.alphaU])}</thead>
<tbody>${pairRows || `<tr><td colspan="9">${escapeHtml(w.fewerThanTwo)}</td></tr>`}</tbody>
</table>
</section>
<section aria-labelledby="h-confusion">
<h2 id="h-confusion">${escapeHtml(w.confusion)}</h2>
${heatMap(report, page)}
</section>
<section aria-labelledby="h-documents">
<h2 id="h-documents">${escapeHtml(w.documents)}</h2>
<table>
<thead>${header([w.document, w.annotators, w.tokens, w.spans, m.f1Exact, m.f1Overlap, w.kappa, m.alpha, m.alphaU, w.disagreement])}</thead>
<tbody>${docRows}</tbody>
</table>
</section>
<section aria-labelledby="h-definitions">
<h2 id="h-definitions">${escapeHtml(w.definitions)}</h2>
<dl>${definitionsIn(page.locale)
    .map((d) => `<dt>${escapeHtml(d.term)}</dt><dd>${escapeHtml(d.text)}</dd>`)
    .join('')}</dl>
<h3>${escapeHtml(w.references)}</h3>
<ul>${REFERENCES.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>
</section>
</main>
</body>
</html>
`;
}

const CSS = `
body{margin:0;background:#fafaf9;color:#1c1917;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.15rem;margin:32px 0 8px}h3{font-size:1rem}
.meta{color:#57534e;margin:0 0 16px}
table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
th,td{padding:4px 10px;border-bottom:1px solid #e7e5e4;text-align:right;white-space:nowrap}
th[scope=row],thead th:first-child{text-align:left;max-width:24em;overflow:hidden;text-overflow:ellipsis}
thead th{font-weight:600;border-bottom:2px solid #a8a29e}
td.na{color:#a8a29e}
svg{display:block;margin:12px 0;max-width:100%;height:auto}
svg text{font:12px system-ui,sans-serif;fill:#1c1917}
dt{font-weight:600;margin-top:12px}dd{margin:2px 0 0}
`;

/** Grouped bars: one group per label, one bar per measure, on a scale from the lowest value (or 0) to 1. */
function barChart(report: AgreementReport, measures: readonly Measure[], page: Page): string {
  const groups = report.perLabel;
  if (groups.length === 0) return `<p>${escapeHtml(page.words.report.noLabels)}</p>`;
  const values = groups.flatMap((g) => measures.map((m) => g[m.key].value)).filter((v): v is number => v !== null);
  const low = Math.min(0, ...values);
  const barW = 12;
  const groupW = measures.length * barW + 18;
  const left = 44;
  const top = 12;
  const plotH = 180;
  const width = left + groups.length * groupW + 10;
  const height = top + plotH + 64 + 22;
  const y = (v: number) => top + ((1 - v) / (1 - low)) * plotH;
  const ticks = [low, ...[0, 0.2, 0.4, 0.6, 0.8, 1].filter((t) => t > low)];
  const parts: string[] = [];
  for (const t of ticks) {
    parts.push(`<line x1="${left}" x2="${width - 10}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="${t === 0 ? '#78716c' : '#e7e5e4'}"/>`);
    parts.push(`<text x="${left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${t.toFixed(1)}</text>`);
  }
  groups.forEach((g, i) => {
    const x0 = left + i * groupW + 9;
    measures.forEach((m, j) => {
      const f = g[m.key];
      if (f.value === null) return;
      const y1 = y(Math.max(f.value, 0));
      const h = Math.abs(y(f.value) - y(0));
      parts.push(`<rect x="${x0 + j * barW}" y="${y1.toFixed(1)}" width="${barW - 2}" height="${Math.max(h, 0.5).toFixed(1)}" fill="${m.color}"><title>${escapeHtml(page.words.report.bar(page.label(g), m.name, page.fmt(f)))}</title></rect>`);
    });
    const cx = x0 + (measures.length * barW) / 2;
    parts.push(`<text x="${cx}" y="${top + plotH + 16}" text-anchor="end" transform="rotate(-30 ${cx} ${top + plotH + 16})">${escapeHtml(truncate(page.label(g), 18))}</text>`);
  });
  const legend = measures.map((m, j) => `<rect x="${left + j * 110}" y="${height - 16}" width="10" height="10" fill="${m.color}"/><text x="${left + j * 110 + 14}" y="${height - 7}">${escapeHtml(m.name)}</text>`).join('');
  return `<svg role="img" aria-label="${escapeHtml(page.words.report.chart)}" width="${Math.max(width, left + measures.length * 110)}" height="${height}" viewBox="0 0 ${Math.max(width, left + measures.length * 110)} ${height}">${parts.join('')}${legend}</svg>`;
}

/** The confusion matrix as a heat map: darker is more tokens (square-root scale); the count is in the cell. */
function heatMap(report: AgreementReport, page: Page): string {
  const w = page.words.report;
  const names = [...report.labels, w.none];
  const n = names.length;
  const size = 44;
  const longest = Math.max(...names.map((x) => Math.min([...x].length, 20)));
  const left = 30 + 7 * longest;
  const top = 30 + 5 * longest; // room for the column names, slanted at 45°
  const max = Math.max(1, ...report.confusion.flat());
  const parts: string[] = [];
  names.forEach((name, i) => {
    parts.push(`<text x="${left - 8}" y="${top + i * size + size / 2 + 4}" text-anchor="end">${escapeHtml(truncate(name, 20))}</text>`);
    const cx = left + i * size + size / 2;
    parts.push(`<text x="${cx}" y="${top - 8}" transform="rotate(-45 ${cx} ${top - 8})">${escapeHtml(truncate(name, 20))}</text>`);
  });
  report.confusion.forEach((row, i) =>
    row.forEach((count, j) => {
      const share = Math.sqrt(count / max);
      const fill = `rgb(${Math.round(255 - share * 225)},${Math.round(255 - share * 190)},${Math.round(255 - share * 100)})`;
      const x = left + j * size;
      const yy = top + i * size;
      parts.push(`<rect x="${x}" y="${yy}" width="${size - 1}" height="${size - 1}" fill="${fill}"><title>${escapeHtml(w.cell(names[i] as string, names[j] as string, count))}</title></rect>`);
      parts.push(`<text x="${x + size / 2}" y="${yy + size / 2 + 4}" text-anchor="middle" style="fill:${share > 0.6 ? '#fff' : '#1c1917'}">${page.short(count)}</text>`);
    }),
  );
  parts.push(`<text x="${left}" y="${top + n * size + 18}">${escapeHtml(w.heatLegend)}</text>`);
  const side = Math.max(left + n * size + 10, left + 420);
  const height = top + n * size + 26;
  return `<svg role="img" aria-label="${escapeHtml(w.heatMap)}" width="${side}" height="${height}" viewBox="0 0 ${side} ${height}">${parts.join('')}</svg>`;
}

/** At most `max` characters (code points, so an emoji is never cut in two). */
function truncate(s: string, max: number): string {
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : s;
}
