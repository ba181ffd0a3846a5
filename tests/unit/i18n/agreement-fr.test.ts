// The agreement report a French user saves, and the definitions the help shows, are French: headings,
// numbers with a decimal comma, the reasons a figure is undefined and the definitions themselves.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { computeAgreement } from '../../../src-renderer/src/agreement/compute';
import { DEFINITIONS, definitionsIn } from '../../../src-renderer/src/agreement/definitions';
import { agreementCsv, agreementHtml } from '../../../src-renderer/src/agreement/report';
import type { AgreementDocument, AgreementSpan } from '../../../src-renderer/src/agreement/types';
import { en } from '../../../src-renderer/src/lib/i18n/en';
import { fr } from '../../../src-renderer/src/lib/i18n/fr';

const TEXT = 'Emmanuel Macron a reçu Olaf Scholz à Paris lundi.';
const span = (words: string, label: string): AgreementSpan => {
  const start = TEXT.indexOf(words);
  return { start, end: start + words.length, label };
};
const docs: AgreementDocument[] = [
  { id: 'sommet.txt', length: TEXT.length, text: TEXT, layers: { Ana: [span('Emmanuel Macron', 'PER'), span('Paris', 'LOC')], Léo: [span('Emmanuel Macron', 'PER'), span('Paris', 'ORG')] } },
];
const report = computeAgreement(docs, { annotators: ['Ana', 'Léo'], labels: ['PER', 'LOC', 'ORG', 'DATE'] });

/** The English words of the page that a French reader must not meet. */
const ENGLISH = /\b(Agreement|By label|Pairs of annotators|Confusion matrix|most disagreement|Definitions|References|tokens compared|documents compared|all labels|no spans|Fewer than)\b/;

describe('the agreement report in French', () => {
  const html = agreementHtml(report, { title: 'Sommet', generatedAt: '1 déc. 2026, 08:00', locale: 'fr' });
  const { document } = parseHTML(html);

  it('is a French page: headings, measures, the definitions, numbers with a decimal comma', () => {
    expect(document.documentElement.getAttribute('lang')).toBe('fr');
    expect(document.querySelector('h1')?.textContent).toBe('Accord inter-annotateurs — Sommet');
    expect([...document.querySelectorAll('h2')].map((h) => h.textContent)).toEqual([
      'Par étiquette',
      'Paires d’annotateurs',
      'Matrice de confusion (tokens, chaque paire d’annotateurs)',
      'Documents, les plus en désaccord d’abord',
      'Définitions',
    ]);
    expect([...document.querySelectorAll('dt')].map((dt) => dt.textContent)).toEqual(definitionsIn('fr').map((d) => d.term));
    expect(document.querySelector('.meta')?.textContent).toContain('1 sur 1 document comparé');
    const bars = [...document.querySelectorAll('svg[aria-label="Accord par étiquette"] rect title')].map((t) => t.textContent);
    expect(bars).toContain('PER — F1 exact\u00a0: 1,000');
    const cells = [...document.querySelectorAll('svg[aria-label="Matrice de confusion des étiquettes"] rect title')].map((t) => t.textContent);
    expect(cells).toContain('LOC → ORG\u00a0: 1 token');
    expect(cells).toContain('aucune → aucune\u00a0: 12 tokens');
    const body = document.querySelector('main')?.textContent ?? '';
    expect(body.replace(/Annex|Unicode|Statistics|Content Analysis[^.]*|Computing Krippendorff[^.]*/g, '')).not.toMatch(ENGLISH);
  });

  it('translates every heading, column name, chart name and legend of the page', () => {
    const { document: english } = parseHTML(agreementHtml(report, { title: 'Sommet' }));
    const words = (d: typeof document) =>
      [...d.querySelectorAll('h1, h2, h3, thead th, dt, svg[aria-label], svg > text:last-child')].map((e) => e.getAttribute('aria-label') ?? e.textContent ?? '');
    /** names no language changes: the annotators', the measures' symbols */
    const same = new Set(['Ana', 'Léo', 'F1 exact', 'α (tokens)', 'uα', 'κ', 'tokens', 'documents', 'document']);
    const french = new Set(words(document));
    expect(words(english).filter((w) => french.has(w) && !same.has(w))).toEqual([]);
  });

  it('explains an undefined figure in French', () => {
    const reasons = [...document.querySelectorAll('td.na')].map((td) => td.getAttribute('title'));
    expect(reasons).toContain('aucun segment de cette étiquette');
    expect(reasons.every((r) => r !== null && fr.agreement.reason(r) === r && en.agreement.reason(r) === r)).toBe(true);
  });

  it('writes the CSV rows and notes in French, the column names unchanged', () => {
    const labels = agreementCsv(report, 'labels', 'fr').split('\r\n');
    expect(labels[0]).toBe('label,spans Ana,spans Léo,f1_exact,f1_overlap,cohen_kappa,fleiss_kappa,alpha,alpha_u,notes');
    expect(labels[1]?.startsWith('toutes les étiquettes,')).toBe(true);
    expect(labels.find((l) => l.startsWith('DATE,'))).toContain('f1_exact: aucun des deux annotateurs n’a marqué de segment');
    expect(agreementCsv(report, 'confusion', 'fr').split('\r\n')[0]).toBe('label,PER,LOC,ORG,DATE,aucune');
  });
});

describe('the agreement definitions', () => {
  it('say the same terms in both languages, each translated', () => {
    const french = definitionsIn('fr');
    expect(french.map((d) => d.id)).toEqual(DEFINITIONS.map((d) => d.id));
    expect(definitionsIn('en')).toBe(DEFINITIONS);
    french.forEach((d, i) => {
      expect(d.term).not.toBe(DEFINITIONS[i]?.term);
      expect(d.text).not.toMatch(/\b(the|and|of|with|every)\b/);
    });
  });

  it('has a French reason for every reason compute.ts and coefficients.ts can give', () => {
    const dir = join(__dirname, '../../../src-renderer/src/agreement');
    const reasons = ['compute.ts', 'coefficients.ts'].flatMap((file) =>
      readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .filter((line) => /none\(|reason|const (FEWER_THAN_TWO|NOT_TWO|NO_VARIATION|noSpans) =/.test(line) && !/Error|^\s*(\/\/|\*)/.test(line))
        .flatMap((line) => [...line.matchAll(/(['"])((?:(?!\1).)*\p{L}\p{L}(?:(?!\1).)*)\1/gu)].map((m) => m[2] as string)),
    );
    expect(reasons.length).toBeGreaterThan(12);
    const untranslated = reasons.filter((r) => fr.agreement.reason(r) === r);
    expect(untranslated).toEqual([]);
  });
});
