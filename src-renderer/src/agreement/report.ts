// The agreement report as files: CSV tables of the figures, and one self-contained HTML page (inline
// CSS and SVG, no script, nothing fetched) with the charts. Every name in them comes from users and
// imported files, so every name is escaped.
import { toCsv } from '../lib/corpus';
import { DEFINITIONS, REFERENCES } from './definitions';
import { sortDocuments } from './compute';
import type { AgreementReport, Figure, GroupFigures } from './types';

export type CsvTable = 'labels' | 'pairs' | 'documents' | 'confusion';

const ALL = 'all labels';
const NONE = 'none';

/** A figure for a CSV cell: the value to six places, empty when undefined (its reason goes in "notes"). */
const cell = (f: Figure): string | number => (f.value === null ? '' : Math.round(f.value * 1e6) / 1e6);

function notes(figures: Record<string, Figure>): string {
  return Object.entries(figures)
    .flatMap(([name, f]) => (f.value === null ? [`${name}: ${f.reason}`] : []))
    .join('; ');
}

/** One of the report's tables as CSV (RFC 4180). */
export function agreementCsv(report: AgreementReport, table: CsvTable): string {
  switch (table) {
    case 'labels': {
      const rows: Array<Array<string | number>> = [['label', ...report.annotators.map((a) => `spans ${a}`), 'f1_exact', 'f1_overlap', 'cohen_kappa', 'fleiss_kappa', 'alpha', 'alpha_u', 'notes']];
      for (const g of [report.overall, ...report.perLabel]) {
        const figures = { f1_exact: g.f1Exact, f1_overlap: g.f1Overlap, cohen_kappa: g.cohenKappa, fleiss_kappa: g.fleissKappa, alpha: g.alpha, alpha_u: g.alphaU };
        rows.push([g.label ?? ALL, ...g.spans, ...Object.values(figures).map(cell), notes(figures)]);
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
            notes(figures),
          ]);
        }
      }
      return toCsv(rows);
    }
    case 'documents': {
      const rows: Array<Array<string | number>> = [['document', 'annotators', 'tokens', 'spans', 'f1_exact', 'f1_overlap', 'kappa', 'alpha', 'alpha_u', 'disagreement', 'notes']];
      for (const d of report.perDocument) {
        const figures = { f1_exact: d.f1Exact, f1_overlap: d.f1Overlap, kappa: d.kappa, alpha: d.alpha, alpha_u: d.alphaU };
        rows.push([d.id, d.annotators.join(' | '), d.tokens, d.spans, ...Object.values(figures).map(cell), Math.round(d.disagreement * 1e6) / 1e6, notes(figures)]);
      }
      return toCsv(rows);
    }
    case 'confusion': {
      const names = [...report.labels, NONE];
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
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const fmt = (f: Figure): string => (f.value === null ? '—' : f.value.toFixed(3));

/** A table cell for a figure: the value, or a dash whose tooltip gives the reason. */
const td = (f: Figure): string => (f.value === null ? `<td class="na" title="${escapeHtml(f.reason)}">—</td>` : `<td>${fmt(f)}</td>`);

const MEASURES: ReadonlyArray<{ key: keyof Pick<GroupFigures, 'f1Exact' | 'f1Overlap' | 'cohenKappa' | 'fleissKappa' | 'alpha' | 'alphaU'>; name: string; color: string }> = [
  { key: 'f1Exact', name: 'F1 exact', color: '#1d4ed8' },
  { key: 'f1Overlap', name: 'F1 overlap', color: '#60a5fa' },
  { key: 'cohenKappa', name: 'Cohen’s κ', color: '#047857' },
  { key: 'fleissKappa', name: 'Fleiss’ κ', color: '#34d399' },
  { key: 'alpha', name: 'α (tokens)', color: '#b45309' },
  { key: 'alphaU', name: 'uα', color: '#be185d' },
];

/** A self-contained HTML page of the report: figures, a bar chart per label, the confusion heat map, the documents. */
export function agreementHtml(report: AgreementReport, options: HtmlOptions = {}): string {
  const title = options.title ? `Agreement — ${options.title}` : 'Agreement';
  const measures = MEASURES.filter((m) => (m.key === 'cohenKappa' ? report.annotators.length === 2 : true));
  const header = (g: readonly string[]) => `<tr>${g.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr>`;
  const groupRow = (g: GroupFigures) => `<tr><th scope="row">${escapeHtml(g.label ?? ALL)}</th>${g.spans.map((n) => `<td>${n}</td>`).join('')}${measures.map((m) => td(g[m.key])).join('')}</tr>`;
  const pairRows = report.pairs
    .map(
      (p) =>
        `<tr><th scope="row">${escapeHtml(p.a)} · ${escapeHtml(p.b)}</th><td>${p.documents}</td><td>${fmt(p.overall.exact.precision)}</td><td>${fmt(p.overall.exact.recall)}</td>${td(p.overall.exact.f1)}${td(p.overall.overlap.f1)}${td(p.overall.cohenKappa)}${td(p.overall.alpha)}${td(p.overall.alphaU)}</tr>`,
    )
    .join('');
  const docRows = sortDocuments(report.perDocument)
    .map((d) => `<tr><th scope="row">${escapeHtml(d.id)}</th><td>${d.annotators.length}</td><td>${d.tokens}</td><td>${d.spans}</td>${td(d.f1Exact)}${td(d.f1Overlap)}${td(d.kappa)}${td(d.alpha)}${td(d.alphaU)}<td>${d.disagreement.toFixed(3)}</td></tr>`)
    .join('');
  const referenceLine = report.reference ? `<p>Reference annotator: ${escapeHtml(report.reference)}.</p>` : '';
  return `<!doctype html>
<html lang="en">
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
<p class="meta">${report.annotators.map(escapeHtml).join(', ') || 'no annotators'} · ${report.documents.compared} of ${report.documents.total} documents compared (${report.documents.complete} annotated by everyone) · ${report.tokens.toLocaleString('en')} tokens${options.generatedAt ? ` · ${escapeHtml(options.generatedAt)}` : ''}</p>
${referenceLine}
<section aria-labelledby="h-labels">
<h2 id="h-labels">By label</h2>
<table>
<thead>${header(['label', ...report.annotators.map((a) => `spans: ${a}`), ...measures.map((m) => m.name)])}</thead>
<tbody>${[report.overall, ...report.perLabel].map(groupRow).join('')}</tbody>
</table>
${barChart(report, measures)}
</section>
<section aria-labelledby="h-pairs">
<h2 id="h-pairs">Pairs of annotators</h2>
<table>
<thead>${header(['pair', 'documents', 'precision', 'recall', 'F1 exact', 'F1 overlap', 'Cohen’s κ', 'α (tokens)', 'uα'])}</thead>
<tbody>${pairRows || '<tr><td colspan="9">Fewer than two annotators.</td></tr>'}</tbody>
</table>
</section>
<section aria-labelledby="h-confusion">
<h2 id="h-confusion">Confusion matrix (tokens, every pair of annotators)</h2>
${heatMap(report)}
</section>
<section aria-labelledby="h-documents">
<h2 id="h-documents">Documents, most disagreement first</h2>
<table>
<thead>${header(['document', 'annotators', 'tokens', 'spans', 'F1 exact', 'F1 overlap', 'κ', 'α (tokens)', 'uα', 'disagreement'])}</thead>
<tbody>${docRows}</tbody>
</table>
</section>
<section aria-labelledby="h-definitions">
<h2 id="h-definitions">Definitions</h2>
<dl>${DEFINITIONS.map((d) => `<dt>${escapeHtml(d.term)}</dt><dd>${escapeHtml(d.text)}</dd>`).join('')}</dl>
<h3>References</h3>
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
function barChart(report: AgreementReport, measures: typeof MEASURES): string {
  const groups = report.perLabel;
  if (groups.length === 0) return '<p>No labels.</p>';
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
      parts.push(`<rect x="${x0 + j * barW}" y="${y1.toFixed(1)}" width="${barW - 2}" height="${Math.max(h, 0.5).toFixed(1)}" fill="${m.color}"><title>${escapeHtml(`${g.label ?? ALL} — ${m.name}: ${fmt(f)}`)}</title></rect>`);
    });
    const cx = x0 + (measures.length * barW) / 2;
    parts.push(`<text x="${cx}" y="${top + plotH + 16}" text-anchor="end" transform="rotate(-30 ${cx} ${top + plotH + 16})">${escapeHtml(truncate(g.label ?? ALL, 18))}</text>`);
  });
  const legend = measures.map((m, j) => `<rect x="${left + j * 110}" y="${height - 16}" width="10" height="10" fill="${m.color}"/><text x="${left + j * 110 + 14}" y="${height - 7}">${escapeHtml(m.name)}</text>`).join('');
  return `<svg role="img" aria-label="Agreement by label" width="${Math.max(width, left + measures.length * 110)}" height="${height}" viewBox="0 0 ${Math.max(width, left + measures.length * 110)} ${height}">${parts.join('')}${legend}</svg>`;
}

/** The confusion matrix as a heat map: darker is more tokens (square-root scale); the count is in the cell. */
function heatMap(report: AgreementReport): string {
  const names = [...report.labels, NONE];
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
      parts.push(`<rect x="${x}" y="${yy}" width="${size - 1}" height="${size - 1}" fill="${fill}"><title>${escapeHtml(`${names[i]} → ${names[j]}: ${count.toLocaleString('en')} tokens`)}</title></rect>`);
      parts.push(`<text x="${x + size / 2}" y="${yy + size / 2 + 4}" text-anchor="middle" style="fill:${share > 0.6 ? '#fff' : '#1c1917'}">${compact(count)}</text>`);
    }),
  );
  parts.push(`<text x="${left}" y="${top + n * size + 18}">rows: one annotator’s label · columns: the other’s · none: outside every span</text>`);
  const side = Math.max(left + n * size + 10, left + 420);
  const height = top + n * size + 26;
  return `<svg role="img" aria-label="Confusion matrix of labels" width="${side}" height="${height}" viewBox="0 0 ${side} ${height}">${parts.join('')}</svg>`;
}

/** At most `max` characters (code points, so an emoji is never cut in two). */
function truncate(s: string, max: number): string {
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : s;
}

function compact(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e4 ? `${Math.round(n / 1e3)}k` : String(n);
}
