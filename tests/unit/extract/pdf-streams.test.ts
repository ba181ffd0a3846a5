// A PDF's Flate stream longer than one 4 KiB slice of compressed data is inflated slice after slice,
// each in its turn, and counted whole against the budget: one that inflates past it is refused as
// too large, not let through nor left to time out.
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { Budget, limitsFor } from '../../../src-main/extract/limits';
import { checkPdfStreams } from '../../../src-main/extract/pdf-streams';

/** `n` bytes that deflate cannot shrink (SHA-256 of 0, 1, 2…). */
function noise(n: number): Uint8Array {
  const out = new Uint8Array(n + 32);
  for (let i = 0; i * 32 < n; i++) out.set(createHash('sha256').update(String(i)).digest(), i * 32);
  return out.subarray(0, n);
}

function pdfWith(stream: Uint8Array): Uint8Array {
  const head = Buffer.from(`%PDF-1.4\n4 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`, 'latin1');
  return new Uint8Array(Buffer.concat([head, stream, Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1')]));
}

/** A budget of `bytes` whose clock moves a millisecond each time it is read (the unzip stage has 1 s). */
function budget(bytes: number): Budget {
  let t = 0;
  const limits = limitsFor(bytes);
  return new Budget({ ...limits, stageMs: { ...limits.stageMs, unzip: 1000 } }, () => t++);
}

describe('checkPdfStreams', () => {
  const compressed = deflateSync(noise(20_000));

  test('counts every slice of a stream of several slices', () => {
    expect(compressed.length).toBeGreaterThan(4 * 4096);
    expect(() => checkPdfStreams(pdfWith(compressed), budget(20_000))).not.toThrow();
    expect(() => checkPdfStreams(pdfWith(compressed), budget(19_999))).toThrow(expect.objectContaining({ code: 'too-large' }));
  });

  test('refuses the stream once its last slice passes the budget', () => {
    // 17,000 bytes fit in the first four slices' output, not the fifth
    expect(() => checkPdfStreams(pdfWith(compressed), budget(17_000))).toThrow(expect.objectContaining({ code: 'too-large' }));
  });
});
