// Hostile containers: each is refused for its real reason, and reading stops at the budget instead of
// inflating what the file holds. Bombs are built here, small on disk (tests/fixtures/bombs.ts).
import { crc32 } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { parseAnnotated } from '../../../src-main/extract/annotated';
import { extract, ExtractError } from '../../../src-main/extract/index';
import { Budget, countElements, limitsFor, type Limits } from '../../../src-main/extract/limits';
import { readZip, zipDirectory } from '../../../src-main/extract/zip';
import { FormatError } from '../../../src-main/formats/errors';
import { bratBomb, docxBomb, epubBomb, flatePdf, manyPagesPdf, odtBomb, zipOf } from '../../fixtures/bombs';
import { pdfBytes } from '../../fixtures/import/mixed';

const MB = 1024 * 1024;

/** A budget that records what was spent, so a test can see that reading stopped early. */
class Meter extends Budget {
  spent = 0;
  override spend(bytes: number): void {
    this.spent += bytes;
    super.spend(bytes);
  }
}

const small = (over: Partial<Limits> = {}): Limits => ({ ...limitsFor(1 * MB), ...over });

async function refusal(run: () => unknown): Promise<ExtractError> {
  const error = await Promise.resolve().then(run).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ExtractError);
  return error as ExtractError;
}

const damaged = (reason: string) => new Error(`damaged: ${reason}`);

/** Sets the uncompressed size that the central directory (and the local header) declares for every entry. */
function lieAboutSizes(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (const entry of zipDirectory(out, damaged)) view.setUint32(entry.localOffset + 22, size, true);
  for (let at = 0; at + 4 <= out.length; at++) if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 24, size, true);
  return out;
}

/**
 * One stored entry, written by hand the way ZIP64 writers do: 0xFFFFFFFF in the 32-bit size and
 * offset fields of the directory, the real values in its ZIP64 extra field, and a ZIP64 end record.
 */
function zip64Stored(name: string, data: Uint8Array): Uint8Array {
  const nameBytes = strToU8(name);
  const crc = crc32(data);
  const local = new DataView(new ArrayBuffer(30));
  local.setUint32(0, 0x04034b50, true);
  local.setUint16(4, 45, true);
  local.setUint32(14, crc, true);
  local.setUint32(18, data.length, true);
  local.setUint32(22, data.length, true);
  local.setUint16(26, nameBytes.length, true);
  const central = new DataView(new ArrayBuffer(46 + nameBytes.length + 28));
  central.setUint32(0, 0x02014b50, true);
  central.setUint16(4, 45, true);
  central.setUint16(6, 45, true);
  central.setUint32(16, crc, true);
  central.setUint32(20, 0xffffffff, true);
  central.setUint32(24, 0xffffffff, true);
  central.setUint16(28, nameBytes.length, true);
  central.setUint16(30, 28, true);
  central.setUint32(42, 0xffffffff, true);
  new Uint8Array(central.buffer).set(nameBytes, 46);
  const extra = 46 + nameBytes.length;
  central.setUint16(extra, 0x0001, true);
  central.setUint16(extra + 2, 24, true);
  central.setBigUint64(extra + 4, BigInt(data.length), true);
  central.setBigUint64(extra + 12, BigInt(data.length), true);
  central.setBigUint64(extra + 20, 0n, true);
  const dirOffset = 30 + nameBytes.length + data.length;
  const end64 = new DataView(new ArrayBuffer(56 + 20 + 22));
  end64.setUint32(0, 0x06064b50, true);
  end64.setBigUint64(4, 44n, true);
  end64.setBigUint64(24, 1n, true);
  end64.setBigUint64(32, 1n, true);
  end64.setBigUint64(40, BigInt(central.byteLength), true);
  end64.setBigUint64(48, BigInt(dirOffset), true);
  end64.setUint32(56, 0x07064b50, true);
  end64.setBigUint64(56 + 8, BigInt(dirOffset + central.byteLength), true);
  end64.setUint32(56 + 16, 1, true);
  end64.setUint32(76, 0x06054b50, true);
  end64.setUint16(76 + 8, 0xffff, true);
  end64.setUint16(76 + 10, 0xffff, true);
  end64.setUint32(76 + 12, 0xffffffff, true);
  end64.setUint32(76 + 16, 0xffffffff, true);
  const parts = [new Uint8Array(local.buffer), nameBytes, data, new Uint8Array(central.buffer), new Uint8Array(end64.buffer)];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

describe('zip containers are inflated against the budget', () => {
  // a zip of WebAnno TSV files is told from a brat one by its directory alone, before anything is inflated
  test.each([
    ['a brat zip', () => bratBomb(20 * MB)],
    ['a zip of WebAnno TSV files', () => zipOf([{ name: 'annotation/lettre.txt/admin.tsv', head: '#FORMAT=WebAnno TSV 3.3\n', unit: 'a', bytes: 20 * MB }])],
  ])('%s that expands past the limit is refused as too large, having inflated about the limit', async (_, make) => {
    const bomb = make();
    expect(bomb.length).toBeLessThan(64 * 1024);
    const meter = new Meter(small());
    const error = await refusal(() => parseAnnotated(bomb, 'corpus.zip', undefined, meter));
    expect([error.code, error.message]).toEqual(['too-large', 'expands to more than 1 MB once unpacked (the import size limit)']);
    expect(meter.spent).toBeLessThanOrEqual(1 * MB);
  });

  test('every byte that comes out of the inflater is counted', () => {
    const meter = new Meter(small());
    const zip = zipOf([
      { name: 'a.txt', unit: 'abc', bytes: 300_000 },
      { name: 'b.txt', head: 'deux', stored: true },
    ]);
    const entries = readZip(zip, { wanted: () => true, budget: meter, damaged });
    expect([entries.get('a.txt')?.length, entries.get('b.txt')?.length]).toEqual([300_000, 4]);
    expect(meter.spent).toBe(300_004);
  });

  test('a directory that understates the sizes does not get past: inflating stops where the claim ends', () => {
    // Declares 1,000 bytes for 20 MB: the cheap check passes, the inflater is stopped right there.
    const liar = lieAboutSizes(bratBomb(20 * MB), 1000);
    const meter = new Meter(small());
    expect(() => readZip(liar, { wanted: () => true, budget: meter, damaged })).toThrow('damaged: doc.txt is larger than its directory says');
    expect(meter.spent).toBeLessThan(1 * MB);
  });

  test('a directory that overstates the sizes is refused before anything is inflated', () => {
    const meter = new Meter(small());
    const honest = zipOf([{ name: 'a.txt', head: 'short' }]);
    expect(() => readZip(lieAboutSizes(honest, 2 * MB), { wanted: () => true, budget: meter, damaged })).toThrow(/expands to more than 1 MB/);
    expect(meter.spent).toBe(0);
  });

  test('an entry whose content does not match its checksum is damaged', () => {
    const zip = zipSync({ 'a.txt': [strToU8('bonjour'), { level: 0 }] });
    const at = zip.indexOf(0x62); // the "b" of the stored text
    zip[at] = 0x42;
    expect(() => readZip(zip, { wanted: () => true, budget: new Budget(small()), damaged })).toThrow('damaged: a.txt does not match its checksum');
  });

  test('reads sizes and offsets from ZIP64 records, as zip tools write them for large archives', () => {
    const zip = zip64Stored('a.txt', strToU8('bonjour'));
    const meter = new Meter(small());
    const entries = readZip(zip, { wanted: () => true, budget: meter, damaged });
    expect(new TextDecoder().decode(entries.get('a.txt'))).toBe('bonjour');
    expect(meter.spent).toBe(7);
    // the same archive claiming 2 MB in its ZIP64 field is refused before anything is read
    const view = new DataView(zip.buffer);
    const cd = zip.findIndex((_, i) => view.getUint32(i, true) === 0x02014b50);
    view.setBigUint64(cd + 46 + 5 + 4, 2n * BigInt(MB), true);
    expect(() => readZip(zip, { wanted: () => true, budget: new Meter(small()), damaged })).toThrow(/expands to more than 1 MB/);
  });

  test('the brat reader still says "not a zip archive" for bytes that are not one', () => {
    expect(() => parseAnnotated(strToU8('not a zip at all, really'), 'x.zip')).toThrow(FormatError);
    expect(() => parseAnnotated(strToU8('not a zip at all, really'), 'x.zip')).toThrow(/not a zip archive \(it has no zip directory\)/);
  });

  test.each([
    ['report.docx', () => docxBomb(20 * MB, 'Lorem ipsum dolor sit amet. '.repeat(30))],
    ['notes.odt', () => odtBomb(20 * MB, 'Lorem ipsum dolor sit amet. '.repeat(30))],
    ['book.epub', () => epubBomb(20 * MB)],
  ])('%s expanding past the limit is refused as too large, not as damaged', async (name, make) => {
    const meter = new Meter(small());
    const error = await refusal(() => extract(make(), name, meter));
    expect([error.code, error.message]).toEqual(['too-large', 'expands to more than 1 MB once unpacked (the import size limit)']);
    expect(meter.spent).toBeLessThanOrEqual(1 * MB);
  });
});

describe('markup is counted before it is parsed', () => {
  test('counts start and empty-element tags, not end tags, comments or declarations', () => {
    expect(countElements(strToU8('<?xml version="1.0"?><!-- c --><a><b/><c>x &lt; y</c></a><ns:d/>'))).toBe(4);
  });

  test.each([
    ['tiny.docx', () => docxBomb(MB / 2, 'a'), 'word/document.xml'],
    ['tiny.odt', () => odtBomb(MB / 2, 'a'), 'content.xml'],
  ])('%s of one-letter paragraphs is refused as too complex before the parser runs', async (name, make, part) => {
    const error = await refusal(() => extract(make(), name, new Budget(small({ elements: 10_000 }))));
    expect([error.code, error.message]).toEqual(['too-large', `too complex to read: more than 10,000 XML elements (paragraphs, runs, tags) in ${part}`]);
  });

  test('at the real limits, the 60 MiB of tiny paragraphs of issue 12 are refused in the same way', async () => {
    const error = await refusal(() => extract(docxBomb(60 * MB, 'a'), 'tiny.docx', new Budget(limitsFor())));
    expect(error.message).toBe('too complex to read: more than 2,000,000 XML elements (paragraphs, runs, tags) in word/document.xml');
  });

  test('a web page is counted too', async () => {
    const html = strToU8(`<html><body>${'<p>x</p>'.repeat(200)}</body></html>`);
    const error = await refusal(() => extract(html, 'page.html', new Budget(small({ elements: 100 }))));
    expect(error.message).toBe('too complex to read: more than 100 XML elements (paragraphs, runs, tags) in the page');
  });
});

describe('PDF pages and time', () => {
  test('a PDF of 20,000 pages is refused by its page count, before any page is read', async () => {
    const error = await refusal(() => extract(manyPagesPdf(20_000), 'pages.pdf', new Budget(limitsFor())));
    expect([error.code, error.message]).toEqual(['too-large', 'has 20,000 pages, more than the 5,000 Glose reads from one PDF: split it and import the parts']);
  });

  test('a PDF whose content stream inflates past the limit is refused before pdf.js decodes it', async () => {
    const bomb = flatePdf(20 * MB);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const error = await refusal(() => extract(bomb, 'flate.pdf', new Budget(small())));
    expect([error.code, error.message]).toEqual(['too-large', 'expands to more than 1 MB once unpacked (the import size limit)']);
  });

  test('image streams are not counted (reading text never decodes them), content streams are', async () => {
    const meter = new Meter(small());
    const { text } = await extract(flatePdf(1000, 20 * MB), 'image.pdf', meter);
    expect(text).toBe('Flate.');
    expect(meter.spent).toBe('BT /F1 12 Tf 72 720 Td (Flate.) Tj ET\n'.length + 1000);
  });

  test('a PDF within the page count still reads', async () => {
    const { text } = await extract(manyPagesPdf(3), 'three.pdf', new Budget(limitsFor()));
    expect(text.split('\n')).toHaveLength(3);
  });

  test('reading pages stops when the stage runs out of time, and says where it was', async () => {
    // A clock that moves 10 s each time it is read: deterministic, no real waiting.
    let t = 0;
    const budget = new Budget(small({ stageMs: { ...limitsFor().stageMs, unzip: Infinity, pages: 25_000 } }), () => (t += 10_000));
    const error = await refusal(async () => extract(await pdfBytes(['Une ligne.'], 4), 'slow.pdf', budget));
    expect([error.code, error.message]).toEqual(['timeout', 'took longer than 25 s to read its pages (at page 3 of 4): stopped']);
  });

  test('unzipping stops when the stage runs out of time', () => {
    let t = 0;
    const budget = new Budget(small({ stageMs: { ...limitsFor().stageMs, unzip: 15_000 } }), () => (t += 6_000));
    const zip = zipSync({ 'a.txt': strToU8('a'), 'b.txt': strToU8('b'), 'c.txt': strToU8('c') });
    expect(() => readZip(zip, { wanted: () => true, budget, damaged })).toThrow('took longer than 15 s to unzip (at b.txt): stopped');
  });
});
