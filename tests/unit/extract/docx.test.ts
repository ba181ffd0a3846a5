import { Document, HeadingLevel, Packer, Paragraph, TextRun, FootnoteReferenceRun } from 'docx';
import { strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { extract, ExtractError } from '../../../src-main/extract/index';

async function minutes(): Promise<Uint8Array> {
  // docx stamps dcterms:created with the current time.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2021-06-15T08:30:00Z'));
  const doc = new Document({
    title: 'Compte rendu',
    creator: 'Camille Martin',
    description: 'Réunion de juin',
    keywords: 'réunion, budget',
    lastModifiedBy: 'Hugo Lefèvre',
    footnotes: { 1: { children: [new Paragraph('Voir le registre des présences.')] } },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Compte rendu de la réunion', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [new TextRun('La séance est ouverte à '), new TextRun({ text: '18 h', bold: true }), new TextRun(' par la présidente.'), new FootnoteReferenceRun(1)],
          }),
          new Paragraph({}),
          new Paragraph({ text: 'Ordre du jour', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: 'Approbation des comptes', bullet: { level: 0 } }),
          new Paragraph({ text: 'Questions diverses', bullet: { level: 0 } }),
          new Paragraph({ children: [new TextRun('Fin de la séance\u00A0: 20 h.')] }),
        ],
      },
    ],
  });
  const bytes = new Uint8Array(await Packer.toBuffer(doc));
  vi.useRealTimers();
  return bytes;
}

describe('docx', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('headings and paragraphs become lines; core properties become metadata', async () => {
    const { text, meta } = await extract(await minutes(), 'compte-rendu.docx');
    expect(text).toBe(
      [
        'Compte rendu de la réunion',
        'La séance est ouverte à 18 h par la présidente.[1]',
        'Ordre du jour',
        'Approbation des comptes',
        'Questions diverses',
        'Fin de la séance\u00A0: 20 h.',
        'Voir le registre des présences.',
      ].join('\n'),
    );
    expect(meta).toEqual({
      format: 'docx',
      // Word's Heading 1 and Heading 2 styles, as ranges of the unchanged text
      blocks: [
        { start: 0, end: 26, kind: 'h1' },
        { start: text.indexOf('Ordre du jour'), end: text.indexOf('Ordre du jour') + 13, kind: 'h2' },
      ],
      title: 'Compte rendu',
      author: 'Camille Martin',
      date: '2021-06-15T08:30:00.000Z',
      extra: {
        description: 'Réunion de juin',
        keywords: 'réunion, budget',
        lastModifiedBy: 'Hugo Lefèvre',
        modified: '2021-06-15T08:30:00.000Z',
      },
      normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 },
    });
  });

  test('a zip that is not a Word document is damaged', async () => {
    const notWord = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new TextEncoder().encode('pas vraiment un zip')]);
    const error = await extract(notWord, 'faux.docx').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractError);
    expect(error).toMatchObject({ code: 'corrupt', message: 'damaged or not a real Word document (it has no zip directory)' });
  });

  test('a sound zip that mammoth cannot read as Word (no main document part) is damaged', async () => {
    const zip = zipSync({ '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'), 'notes.xml': strToU8('<notes>Bonjour</notes>') });
    const error = await extract(zip, 'vide.docx').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractError);
    expect(error).toMatchObject({ code: 'corrupt', message: 'damaged or not a real Word document' });
  });

  test('a password-protected document (an OLE2 container holding an EncryptedPackage) is encrypted', async () => {
    const ole = new Uint8Array(1024);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    ole.set(Buffer.from('EncryptedPackage', 'utf16le'), 512);
    const error = await extract(ole, 'secret.docx').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'encrypted', message: 'this document is password-protected; remove the password in Word and import it again' });
  });

  test('an old .doc renamed .docx is unsupported, with what to do', async () => {
    const ole = new Uint8Array(1024);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const error = await extract(ole, 'ancien.docx').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unsupported', message: 'this is an old Word .doc file; save it as .docx and import it again' });
  });
});
