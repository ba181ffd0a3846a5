// Alone in its file so that pdf.js is loaded fresh here, as in the app's extraction worker.
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { expect, test } from 'vitest';
import { extract } from '../../../src-main/extract/index';

test('pdf.js runs in this thread and needs no worker script on disk (a bundle has none)', async () => {
  const doc = await PDFDocument.create();
  doc.addPage().drawText('Une ligne de texte.', { x: 60, y: 700, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  const { GlobalWorkerOptions } = await import('../../../src-main/extract/pdfjs');
  expect(Reflect.get(Reflect.get(globalThis, 'pdfjsWorker') ?? {}, 'WorkerMessageHandler')).toBeTypeOf('function');
  GlobalWorkerOptions.workerSrc = '/nowhere/pdf.worker.mjs';
  expect((await extract(await doc.save(), 'ligne.pdf')).text).toBe('Une ligne de texte.');
});
