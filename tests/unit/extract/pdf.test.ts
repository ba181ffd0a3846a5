import { PDFDocument, PDFHexString, StandardFonts, rgb, type PDFFont } from 'pdf-lib';
import { describe, expect, test } from 'vitest';
import { extract, ExtractError } from '../../../src-main/extract/index';
import { pageRegions, regionsToParagraphs, type TextRun } from '../../../src-main/extract/pdf-layout';

// The PDFs are drawn line by line with pdf-lib, so that every position is known.
const A4 = { width: 595, height: 842 } as const;
const SIZE = 11;
const LEADING = 14;

/** Greedy word wrap at `maxWidth`, as a typesetter without hyphenation would do it. */
function wrap(font: PDFFont, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(candidate, SIZE) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

const TWO_COLUMN = {
  title: 'Rapport annuel de la coopérative',
  paragraphs: [
    'La coopérative a réuni ses membres au printemps pour examiner les comptes de l’année écoulée et voter le budget.',
    'Les récoltes ont été plus abondantes que prévu, malgré un été sec qui a inquiété les producteurs de la vallée, et les ventes au marché ont suivi la même pente.',
    'Une assemblée extraordinaire se tiendra en décembre pour élire le bureau et fixer le montant des cotisations.',
  ],
} as const;

/**
 * A title across the page, then paragraphs flowing down the left column and on into the right one
 * (the second paragraph is cut between them), and a page number in the footer, in the gutter.
 */
async function twoColumnPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([A4.width, A4.height]);
  page.drawText(TWO_COLUMN.title, { x: 150, y: 780, size: 18, font });
  const lines = TWO_COLUMN.paragraphs.flatMap((p, i) => [...(i > 0 ? [''] : []), ...wrap(font, p, 230)]);
  const perColumn = 7;
  lines.forEach((line, i) => {
    const x = i < perColumn ? 50 : 315;
    const y = 740 - (i % perColumn) * LEADING;
    if (line) page.drawText(line, { x, y, size: SIZE, font });
  });
  page.drawText('1', { x: 295, y: 40, size: 9, font });
  doc.setTitle('Rapport annuel');
  doc.setAuthor('Camille Martin');
  doc.setCreationDate(new Date('2021-03-04T05:06:07Z'));
  return doc.save();
}

/**
 * Hand-set lines: words cut at line ends, paragraphs told apart by a first-line indent or by a
 * blank line, and one paragraph that runs on from page 1 to page 2.
 */
async function hyphenatedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const first = doc.addPage([A4.width, A4.height]);
  const lines: [string, number][] = [
    // [text, x]; y steps by LEADING, an empty text means a blank line
    ['Les échanges inter-', 72],
    ['nationaux ont repris après une longue', 60],
    ['pause, et Jean-', 60],
    ['Pierre en a profité pour voyager.', 60],
    ['Le second paragraphe commence par un', 72],
    ['retrait de la première ligne seulement.', 60],
    ['', 60],
    ['Un bloc séparé par une ligne vide suit', 60],
    ['et continue sur la page', 60],
  ];
  let y = 760;
  for (const [text, x] of lines) {
    if (text) first.drawText(text, { x, y, size: SIZE, font });
    y -= LEADING;
  }
  first.drawText('1', { x: 295, y: 40, size: 9, font });
  const second = doc.addPage([A4.width, A4.height]);
  second.drawText('suivante sans rupture.', { x: 60, y: 760, size: SIZE, font });
  second.drawText('2', { x: 295, y: 40, size: 9, font });
  return doc.save();
}

/** A page with a drawing and no text at all: what a scan without OCR looks like to a text reader. */
async function noTextPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([A4.width, A4.height]).drawRectangle({ x: 50, y: 50, width: 300, height: 200, color: rgb(0.2, 0.4, 0.6) });
  return doc.save();
}

/**
 * A PDF whose trailer names a standard security handler that the empty password does not open.
 * pdf-lib cannot encrypt, but pdf.js checks the password before reading anything else, so a
 * well-formed /Encrypt dictionary with keys for an unknown password is what a protected file is.
 */
async function encryptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([A4.width, A4.height]).drawText('Confidentiel', { x: 60, y: 760, size: SIZE, font });
  const { context } = doc;
  context.trailerInfo.Encrypt = context.register(
    context.obj({ Filter: 'Standard', V: 2, R: 3, Length: 128, P: -3904, O: PDFHexString.of('a1'.repeat(32)), U: PDFHexString.of('b2'.repeat(32)) }),
  );
  const id = PDFHexString.of('c3'.repeat(16));
  context.trailerInfo.ID = context.obj([id, id]);
  return doc.save({ useObjectStreams: false });
}

async function failure(bytes: Uint8Array): Promise<ExtractError> {
  const error: unknown = await extract(bytes, 'document.pdf').catch((e: unknown) => e);
  if (!(error instanceof ExtractError)) throw new Error(`expected an ExtractError, got ${String(error)}`);
  return error;
}

describe('pdf', () => {
  test('two columns are read left then right, under the full-width title, page number dropped', async () => {
    const { text, meta } = await extract(await twoColumnPdf(), 'rapport.pdf');
    // The second paragraph runs from the foot of the left column to the top of the right one.
    expect(text).toBe([TWO_COLUMN.title, ...TWO_COLUMN.paragraphs].join('\n'));
    expect(meta).toEqual({
      format: 'pdf',
      title: 'Rapport annuel',
      author: 'Camille Martin',
      date: '2021-03-04T05:06:07.000Z',
      extra: { creator: 'pdf-lib (https://github.com/Hopding/pdf-lib)', producer: 'pdf-lib (https://github.com/Hopding/pdf-lib)' },
      normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 },
    });
  });

  test('hyphenation undone, paragraphs found by indent and by gap, a paragraph carried over a page', async () => {
    const { text } = await extract(await hyphenatedPdf(), 'echanges.pdf');
    expect(text).toBe(
      [
        'Les échanges internationaux ont repris après une longue pause, et Jean-Pierre en a profité pour voyager.',
        'Le second paragraphe commence par un retrait de la première ligne seulement.',
        'Un bloc séparé par une ligne vide suit et continue sur la page suivante sans rupture.',
      ].join('\n'),
    );
  });

  test('a PDF without text is a scan: no text layer', async () => {
    const error = await failure(await noTextPdf());
    expect([error.code, error.message]).toEqual(['no-text-layer', 'no text layer: this looks like a scanned PDF']);
  });

  test('a password-protected PDF is encrypted', async () => {
    const error = await failure(await encryptedPdf());
    expect([error.code, error.message]).toEqual(['encrypted', 'this PDF is password-protected; remove the password and import it again']);
  });

  test('a damaged PDF is corrupt', async () => {
    const error = await failure(new TextEncoder().encode('%PDF-1.7\nceci n’est pas un PDF\n%%EOF'));
    expect([error.code, error.message]).toEqual(['corrupt', 'damaged or not a real PDF']);
  });

  test('the caller keeps its bytes: pdf.js works on a copy', async () => {
    const bytes = await hyphenatedPdf();
    const before = bytes.length;
    await extract(bytes, 'echanges.pdf');
    expect(bytes.length).toBe(before);
    expect(bytes.buffer.byteLength).toBeGreaterThan(0);
  });
});

describe('pdf layout', () => {
  const run = (text: string, x: number, y: number, width = text.length * 5): TextRun => ({ text, x, y, width, size: 10 });
  const read = (runs: TextRun[]): string[] => regionsToParagraphs(pageRegions(runs));

  test('a form of labels and values is read row by row, not as two columns', () => {
    const rows = ['Nom', 'Prénom', 'Commune', 'Métier', 'Courriel'].map((label, i) => [
      run(`${label} :`, 50, 100 + i * 24),
      run(`valeur ${i + 1}`, 300, 100 + i * 24),
    ]);
    // Evenly spaced rows give no sign of paragraphs: what matters is that each label meets its value.
    expect(read(rows.flat())).toEqual(['Nom : valeur 1 Prénom : valeur 2 Commune : valeur 3 Métier : valeur 4 Courriel : valeur 5']);
  });

  test('runs of one line are joined with spaces only where there is a gap; a superscript stays in its line', () => {
    const runs = [run('Bon', 50, 100, 15), run('jour', 65, 100, 20), run('le', 90, 100, 10), { text: '2', x: 100.5, y: 97, width: 3, size: 6 }];
    expect(read(runs)).toEqual(['Bonjour le2']);
  });

  test('a hyphen before a capital is kept and the lines are joined without a space', () => {
    const runs = [run('Il a vu Marie-', 50, 100), run('Claude hier.', 50, 112)];
    expect(read(runs)).toEqual(['Il a vu Marie-Claude hier.']);
  });

  test('a larger font opens a new paragraph even at normal spacing (a heading)', () => {
    const runs = [{ ...run('Titre', 50, 100), size: 16 }, run('Premier paragraphe du texte', 50, 114), run('qui continue ici.', 50, 126)];
    expect(read(runs)).toEqual(['Titre', 'Premier paragraphe du texte qui continue ici.']);
  });
});
