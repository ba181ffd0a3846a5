// PDF -> text in reading order, through pdf.js (its legacy build is the one made for Node).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ExtractError } from './errors';
import type { RawExtraction } from './formats';
import type { Budget } from './limits';
import { pageRegions, regionsToParagraphs, type Region, type TextRun } from './pdf-layout';
import { checkPdfStreams } from './pdf-streams';
import { errorWords } from '../i18n/current';

type Pdfjs = typeof import('./pdfjs');

/** pdf.js reads character maps (CJK fonts) and standard font metrics from its package directory. */
function pdfjsDataDirs(): { cMapUrl?: string; standardFontDataUrl?: string } {
  try {
    const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    return { cMapUrl: join(root, 'cmaps') + '/', standardFontDataUrl: join(root, 'standard_fonts') + '/' };
  } catch {
    // Without them only PDFs that rely on predefined (CJK) character maps lose text.
    return {};
  }
}

export async function extractPdf(bytes: Uint8Array, budget: Budget): Promise<RawExtraction> {
  checkPdfStreams(bytes, budget);
  const lib = await import('./pdfjs');
  const task = lib.getDocument({
    // pdf.js takes over (and may detach) the buffer it is given; the caller keeps its own.
    data: bytes.slice(),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: lib.VerbosityLevel.ERRORS,
    cMapPacked: true,
    ...pdfjsDataDirs(),
  });
  try {
    const pdf = await task.promise;
    budget.pages(pdf.numPages);
    const clock = budget.stage('pages');
    const regions: Region[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      clock.check(errorWords().budget.atPage(number, pdf.numPages));
      const page = await pdf.getPage(number);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const runs: TextRun[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        // Page space (y up, maybe rotated) -> reading space (y down), as the page is displayed.
        const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = lib.Util.transform(viewport.transform, item.transform.map(Number));
        // Vertical or upside-down text is margin furniture (stamps, side labels), not the body.
        if (a <= 0 || Math.abs(b) > 0.1 * a) continue;
        runs.push({ text: item.str, x, y, width: item.width, size: Math.hypot(c, d) });
      }
      regions.push(...pageRegions(runs));
      page.cleanup();
    }
    const paragraphs = regionsToParagraphs(regions);
    if (paragraphs.length === 0) {
      if (pdf.numPages === 0) throw new ExtractError('empty', errorWords().pdfNoPages);
      throw new ExtractError('no-text-layer', errorWords().scanned);
    }
    const { info } = await pdf.getMetadata();
    return { text: paragraphs.join('\n'), ...infoFields(lib, info) };
  } catch (error) {
    throw asExtractError(error) ?? error;
  } finally {
    await task.destroy();
  }
}

/** What pdf.js says about the file, in our terms; null for failures of our own (they go up as they are). */
function asExtractError(error: unknown): ExtractError | null {
  if (error instanceof ExtractError) return error;
  // pdf.js does not export PasswordException; its errors are told apart by name.
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') {
    return new ExtractError('encrypted', errorWords().pdfPassword);
  }
  // Whatever goes wrong while parsing reaches us as one of these.
  if (name === 'InvalidPDFException' || name === 'UnknownErrorException' || name === 'FormatError') {
    return new ExtractError('corrupt', errorWords().damaged(errorWords().what.pdf));
  }
  return null;
}

const INFO_EXTRA: Readonly<Record<string, string>> = { Subject: 'subject', Keywords: 'keywords', Creator: 'creator', Producer: 'producer' };

function infoFields(lib: Pdfjs, info: unknown): Omit<RawExtraction, 'text'> {
  const field = (key: string): string | undefined => {
    const value: unknown = typeof info === 'object' && info !== null ? Reflect.get(info, key) : undefined;
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const created = field('CreationDate');
  const extra: Record<string, string> = {};
  for (const [key, name] of Object.entries(INFO_EXTRA)) {
    const value = field(key);
    if (value) extra[name] = value;
  }
  return {
    title: field('Title'),
    author: field('Author'),
    date: created ? lib.PDFDateString.toDateObject(created)?.toISOString() : undefined,
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}
