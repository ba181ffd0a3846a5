import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { computeAgreement } from '../../../src-renderer/src/agreement/compute';
import { DEFINITIONS, REFERENCES } from '../../../src-renderer/src/agreement/definitions';
import { agreementCsv, agreementHtml } from '../../../src-renderer/src/agreement/report';
import type { AgreementDocument, AgreementSpan } from '../../../src-renderer/src/agreement/types';

const HOSTILE = '<script>alert("x")</script> & \'q\'';
const TEXT = 'The Lord Mayor of London met Marie Curie in Paris on Monday.';
const span = (words: string, label: string): AgreementSpan => {
  const start = TEXT.indexOf(words);
  return { start, end: start + words.length, label };
};
const docs: AgreementDocument[] = [
  { id: 'a.txt', length: TEXT.length, text: TEXT, layers: { Ana: [span('Lord Mayor', 'PER'), span('Paris', HOSTILE)], [HOSTILE]: [span('Lord Mayor', 'ORG'), span('Paris', HOSTILE)] } },
  { id: `${HOSTILE}.txt`, length: TEXT.length, text: TEXT, layers: { Ana: [span('Monday', 'DATE')], [HOSTILE]: [] } },
];
const report = computeAgreement(docs, { annotators: ['Ana', HOSTILE], labels: ['PER', 'ORG', 'DATE'] });

/** RFC 4180 records, enough for these tables (quoted fields may hold commas and quotes, not line breaks). */
function parseCsv(csv: string): string[][] {
  return csv
    .trimEnd()
    .split('\r\n')
    .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].slice(0, -1).map((m) => ((m[1] as string).startsWith('"') ? (m[1] as string).slice(1, -1).replaceAll('""', '"') : (m[1] as string))));
}

describe('CSV', () => {
  it('has a row per label, then per pair and label, then per document, with undefined figures empty and explained', () => {
    const labels = parseCsv(agreementCsv(report, 'labels'));
    expect(labels[0]).toEqual(['label', 'spans Ana', `spans ${HOSTILE}`, 'f1_exact', 'f1_overlap', 'cohen_kappa', 'fleiss_kappa', 'alpha', 'alpha_u', 'notes']);
    expect(labels.map((r) => r[0])).toEqual(['label', 'all labels', 'PER', 'ORG', 'DATE', HOSTILE]);
    const date = labels[4] as string[];
    expect(date.slice(1, 4)).toEqual(['1', '0', '0']); // spans, and F1 0
    const all = labels[1] as string[];
    expect(Number(all[3])).toBeCloseTo(report.overall.f1Exact.value as number, 6);

    const pairs = parseCsv(agreementCsv(report, 'pairs'));
    expect(pairs).toHaveLength(1 + 1 + 4);
    expect(pairs[1]?.slice(0, 8)).toEqual(['Ana', HOSTILE, 'all labels', '2', '24', '3', '2', '1']);
    const per = pairs[2] as string[]; // PER: Ana 1, the other 0
    expect(per[8]).toBe(''); // precision: no spans to check
    expect(per.at(-1)).toContain('precision_exact: no spans to check');

    const documents = parseCsv(agreementCsv(report, 'documents'));
    expect(documents.map((r) => r[0])).toEqual(['document', 'a.txt', `${HOSTILE}.txt`]);
    expect(documents[1]?.[1]).toBe(`Ana | ${HOSTILE}`);
  });

  it('gives the confusion matrix with its label names', () => {
    const rows = parseCsv(agreementCsv(report, 'confusion'));
    expect(rows[0]).toEqual(['label', 'PER', 'ORG', 'DATE', HOSTILE, 'none']);
    expect(rows[1]).toEqual(['PER', '0', '2', '0', '0', '0']);
    expect(rows.slice(1).map((r) => r.slice(1).map(Number))).toEqual(report.confusion);
  });
});

describe('HTML', () => {
  const html = agreementHtml(report, { title: `Projet ${HOSTILE}`, generatedAt: '2026-11-30' });
  const { document } = parseHTML(html);

  it('is self-contained: no script, nothing to fetch, a policy that forbids both', () => {
    expect(document.querySelectorAll('script, link, img, iframe, object, embed, image, use').length).toBe(0);
    expect(document.querySelectorAll('[src], [href]').length).toBe(0);
    expect(html).not.toMatch(/url\(|@import|javascript:/i);
    expect(document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toBe("default-src 'none'; style-src 'unsafe-inline'");
  });

  it('escapes every name: the hostile label, annotator and document come out as text', () => {
    expect(document.querySelector('title')?.textContent).toBe(`Agreement — Projet ${HOSTILE}`);
    const rowNames = [...document.querySelectorAll('th[scope=row]')].map((th) => th.textContent);
    expect(rowNames).toContain(HOSTILE);
    expect(rowNames).toContain(`Ana · ${HOSTILE}`);
    expect(rowNames).toContain(`${HOSTILE}.txt`);
    expect([...document.querySelectorAll('svg title')].map((t) => t.textContent)).toContain(`${HOSTILE} → ${HOSTILE}: 2 tokens`);
    expect(html).not.toContain('<script>');
  });

  it('draws the confusion matrix as a heat map, one cell per pair of labels', () => {
    const heat = document.querySelector('svg[aria-label="Confusion matrix of labels"]');
    const cells = [...(heat?.querySelectorAll('rect') ?? [])];
    expect(cells).toHaveLength(5 * 5);
    expect(cells.map((c) => c.querySelector('title')?.textContent)).toContain('PER → ORG: 2 tokens');
  });

  it('draws a bar per label and figure, for the figures that are defined', () => {
    const bars = [...(document.querySelector('svg[aria-label="Agreement by label"]')?.querySelectorAll('rect title') ?? [])].map((t) => t.textContent ?? '');
    const defined = report.perLabel.flatMap((g) => [g.f1Exact, g.f1Overlap, g.cohenKappa, g.fleissKappa, g.alpha, g.alphaU].filter((f) => f.value !== null));
    expect(bars.filter((t) => / — /.test(t))).toHaveLength(defined.length);
    expect(bars).toContain(`PER — F1 exact: 0.000`);
  });

  it('lists the documents by disagreement and carries the definitions', () => {
    const docRows = [...document.querySelectorAll('#h-documents + table tbody th')].map((th) => th.textContent);
    // the second document's F1 is 0 (Ana's one span against none), the first's 0.5
    expect(docRows).toEqual([`${HOSTILE}.txt`, 'a.txt']);
    const terms = [...document.querySelectorAll('dt')].map((dt) => dt.textContent);
    expect(terms).toEqual(DEFINITIONS.map((d) => d.term));
  });
});

describe('README', () => {
  it('states the same definitions and references as the help', () => {
    const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Agreement'));
    for (const d of DEFINITIONS) expect(section).toContain(`**${d.term}.** ${d.text}`);
    for (const r of REFERENCES) expect(section).toContain(r);
  });
});
