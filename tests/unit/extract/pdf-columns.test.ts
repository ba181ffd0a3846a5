// Columns on a PDF page, found from where lines start: a wide gutter, a narrow one, a full-width
// title above them, and a single column with an indented block that must stay one column.
// Hyphenated words are joined only with the next line of their own column.
import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import { describe, expect, test } from 'vitest';
import { extract } from '../../../src-main/extract/index';
import { pageRegions, regionsToParagraphs, type TextRun } from '../../../src-main/extract/pdf-layout';

const A4 = { width: 595, height: 842 } as const;
const SIZE = 10;
const LEADING = 13;

/** Greedy word wrap at `width`; a word that does not fit is cut with a hyphen where it says "|". */
function wrap(font: PDFFont, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const [head = '', tail] = word.split('|');
    const whole = head + (tail ?? '');
    const candidate = line ? `${line} ${whole}` : whole;
    if (!line || font.widthOfTextAtSize(candidate, SIZE) <= width) {
      line = candidate;
      continue;
    }
    const cut = line ? `${line} ${head}-` : `${head}-`;
    if (tail !== undefined && font.widthOfTextAtSize(cut, SIZE) <= width) {
      lines.push(cut);
      line = tail;
    } else {
      lines.push(line);
      line = whole;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Draws `lines` down a column from `top`; returns the y after the last one. */
function column(page: PDFPage, font: PDFFont, lines: readonly string[], x: number, top: number): number {
  lines.forEach((line, i) => page.drawText(line, { x, y: top - i * LEADING, size: SIZE, font }));
  return top - lines.length * LEADING;
}

const LEFT = [
  'Les membres de la coopérative se sont réunis au printemps pour examiner les comptes et pour choisir un exem|ple de contrat qui convienne à tous les producteurs de la vallée.',
  'Le bureau a présenté les résultats de l’année, meilleurs que prévu malgré un été sec et des prix bas sur les marchés de la région.',
];
const RIGHT = [
  'De nouveaux adhérents ont rejoint le groupe, et la commission des statuts a proposé de simplifier les règles de vote pour les assemblées extra|ordinaires.',
  'La prochaine réunion se tiendra en décembre dans la salle des fêtes du village, après la récolte des noix.',
];
/** The paragraphs as they should be read: hyphens undone, the left column before the right one. */
const READ = [...LEFT, ...RIGHT].map((p) => p.replace(/\|/g, ''));

async function twoColumns(left: number, right: number, width: number, title?: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([A4.width, A4.height]);
  let top = 760;
  if (title) {
    page.drawText(title, { x: left, y: top, size: 16, font });
    top -= 40;
  }
  // paragraphs separated by a blank line, each column starting at the same height
  const flow = (paragraphs: readonly string[], x: number): void => {
    let y = top;
    for (const paragraph of paragraphs) y = column(page, font, wrap(font, paragraph, width), x, y) - LEADING;
  };
  flow(LEFT, left);
  flow(RIGHT, right);
  return doc.save();
}

describe('pdf columns', () => {
  test('a wide gutter (100 pt between columns of 160 pt): each column read down, hyphens joined within it', async () => {
    const { text } = await extract(await twoColumns(60, 320, 160), 'large.pdf');
    expect(text).toBe(READ.join('\n'));
    expect(text).toContain('exemple de contrat');
  });

  test('a full-width title above two columns with a wide gutter', async () => {
    const { text } = await extract(await twoColumns(60, 320, 160, 'Compte rendu de l’assemblée générale du printemps'), 'titre.pdf');
    expect(text).toBe(['Compte rendu de l’assemblée générale du printemps', ...READ].join('\n'));
  });

  test('a narrow gutter (12 pt between columns of 235 pt)', async () => {
    const { text } = await extract(await twoColumns(50, 297, 235), 'serre.pdf');
    expect(text).toBe(READ.join('\n'));
  });

  test('one column with an indented block stays one column', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([A4.width, A4.height]);
    const body = 'Le rapport commence par un rappel des faits, puis cite longuement la lettre du maire, avant de conclure sur les mesures à prendre pour la saison prochaine et au-delà.';
    const quote = 'Nous avons reçu votre demande et nous y répondrons dans les meilleurs délais, après avoir consulté le conseil municipal et les associations du quartier.';
    let y = column(page, font, wrap(font, body, 440), 72, 760) - LEADING;
    y = column(page, font, wrap(font, quote, 300), 150, y) - LEADING;
    column(page, font, wrap(font, body, 440), 72, y);
    const { text } = await extract(await doc.save(), 'citation.pdf');
    expect(text).toBe([body, quote, body].join('\n'));
  });
});

describe('column layout from line starts', () => {
  const line = (text: string, x: number, y: number): TextRun => ({ text, x, y, width: text.length * 5, size: 10 });
  /** `rows` lines of about 30 characters down a column at `x`, ending with `last`. */
  const columnRuns = (x: number, words: string[], last: string): TextRun[] =>
    [...words.map((w, i) => line(`${w} suit la ligne précédente et`, x, 100 + i * 12)), line(last, x, 100 + words.length * 12)];

  test('three columns are read left to right, each top to bottom', () => {
    const runs = [
      ...columnRuns(40, ['Un', 'deux', 'trois'], 'fin de la première.'),
      ...columnRuns(220, ['Quatre', 'cinq', 'six'], 'fin de la deuxième.'),
      ...columnRuns(400, ['Sept', 'huit', 'neuf'], 'fin de la troisième.'),
    ];
    expect(regionsToParagraphs(pageRegions(runs))).toEqual([
      'Un suit la ligne précédente et deux suit la ligne précédente et trois suit la ligne précédente et fin de la première.',
      'Quatre suit la ligne précédente et cinq suit la ligne précédente et six suit la ligne précédente et fin de la deuxième.',
      'Sept suit la ligne précédente et huit suit la ligne précédente et neuf suit la ligne précédente et fin de la troisième.',
    ]);
  });

  test('two lines across the band within the columns’ height: no gutter, the page is read in rows', () => {
    const across = 'Une ligne pleine qui traverse toute la largeur de la page, gouttière comprise';
    const rows = [100, 112, 136, 160, 172];
    const runs = [
      ...rows.flatMap((y, i) => [line(`à gauche, ligne ${i + 1} de la colonne`, 40, y), line(`à droite, ligne ${i + 1} du texte`, 300, y)]),
      line(across, 40, 124),
      line(across, 40, 148),
    ];
    const [text] = regionsToParagraphs(pageRegions(runs));
    expect(text).toMatch(/^à gauche, ligne 1 de la colonne à droite, ligne 1 du texte à gauche, ligne 2/);
    // one such line (a caption across the page) is allowed: then the columns are read one after the other
    const one = regionsToParagraphs(pageRegions(runs.filter((r) => r.y !== 148)));
    expect(one[0]).toMatch(/^à gauche, ligne 1 de la colonne à gauche, ligne 2 de la colonne/);
  });

  test('a dense form (rows one line apart) stays in rows: its labels are too narrow for a column', () => {
    const rows = ['Nom :', 'Prénom :', 'Commune :', 'Métier :'].flatMap((label, i) => [line(label, 50, 100 + i * 12), line(`valeur ${i + 1} du champ`, 200, 100 + i * 12)]);
    expect(regionsToParagraphs(pageRegions(rows))).toEqual(['Nom : valeur 1 du champ Prénom : valeur 2 du champ Commune : valeur 3 du champ Métier : valeur 4 du champ']);
  });
});
