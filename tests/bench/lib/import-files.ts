// The import batch: 500 files, a quarter each of .txt, .html, .docx and .pdf, about 20 MB on disk,
// written to a temp folder from the seeded text generator.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { generateText } from './corpus';
import { Rng } from './prng';

export interface ImportBatch {
  paths: string[];
  bytes: number;
  /** characters of text in the files, all formats */
  chars: number;
  byFormat: Record<string, { files: number; bytes: number }>;
}

/** Paragraph counts per format, chosen so the batch weighs ~20 MB: PDF and DOCX are compressed. */
const PARAGRAPHS = { txt: 290, html: 255, docx: 140, pdf: 110 } as const;
type Format = keyof typeof PARAGRAPHS;
const ORDER: Format[] = ['txt', 'html', 'docx', 'pdf'];

export async function writeImportBatch(dir: string, count = 500, seed = 4242): Promise<ImportBatch> {
  const rng = new Rng(seed);
  const batch: ImportBatch = { paths: [], bytes: 0, chars: 0, byFormat: {} };
  for (let i = 0; i < count; i++) {
    const format = ORDER[i % ORDER.length] as Format;
    const n = String(i + 1).padStart(3, '0');
    const title = `Dossier ${n} — Report ${n}`;
    const gen = generateText(rng, { paragraphs: PARAGRAPHS[format], minChars: 60, maxChars: 260, emoji: format !== 'pdf' });
    const paras = gen.text.split('\n');
    const bytes = await render(format, title, paras);
    const path = join(dir, `import-${n}.${format}`);
    await writeFile(path, bytes);
    batch.paths.push(path);
    batch.bytes += bytes.byteLength;
    batch.chars += gen.text.length;
    const f = (batch.byFormat[format] ??= { files: 0, bytes: 0 });
    f.files++;
    f.bytes += bytes.byteLength;
  }
  return batch;
}

async function render(format: Format, title: string, paras: string[]): Promise<Uint8Array> {
  switch (format) {
    case 'txt':
      return Buffer.from(`${title}\n\n${paras.join('\n\n')}\n`, 'utf8');
    case 'html':
      return Buffer.from(html(title, paras), 'utf8');
    case 'docx':
      return docx(title, paras);
    case 'pdf':
      return pdf(title, paras);
  }
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function html(title: string, paras: string[]): string {
  const body = paras.map((p, i) => (i > 0 && i % 40 === 0 ? `<h2>${escape(p.slice(0, 40))}</h2>\n` : '') + `<p>${escape(p)}</p>`).join('\n');
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="author" content="Bench Author"><meta property="og:site_name" content="Le Journal"></head>
<body><nav><a href="/">Accueil</a> <a href="/monde">Monde</a> <a href="/eco">Économie</a></nav>
<header><p class="kicker">Analyse</p></header>
<article><h1>${escape(title)}</h1>
${body}
</article>
<aside><h3>À lire aussi</h3><ul><li><a href="/a">Un autre article</a></li><li><a href="/b">Encore un</a></li></ul></aside>
<footer><p>© Le Journal — tous droits réservés</p></footer></body></html>
`;
}

async function docx(title: string, paras: string[]): Promise<Uint8Array> {
  const doc = new Document({
    creator: 'Glose bench',
    title,
    sections: [
      {
        children: [new Paragraph({ text: title, heading: HeadingLevel.HEADING_1 }), ...paras.map((p) => new Paragraph({ children: [new TextRun(p)] }))],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

async function pdf(title: string, paras: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.setAuthor('Glose bench');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const size = 10;
  const width = 495;
  const lineHeight = 14;
  let page = doc.addPage([595, 842]);
  let y = 790;
  const line = (text: string, fontSize = size) => {
    if (y < 60) {
      page = doc.addPage([595, 842]);
      y = 790;
    }
    page.drawText(text, { x: 50, y, size: fontSize, font });
    y -= lineHeight;
  };
  line(title, 14);
  y -= lineHeight;
  for (const p of paras) {
    let current = '';
    for (const word of p.split(' ')) {
      const next = current ? `${current} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) > width && current) {
        line(current);
        current = word;
      } else {
        current = next;
      }
    }
    if (current) line(current);
    y -= lineHeight / 2;
  }
  return doc.save();
}
