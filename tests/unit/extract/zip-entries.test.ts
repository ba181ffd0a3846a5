// A zip that holds one name twice is refused as damaged (the second copy would silently replace the
// first), and an entry whose compressed data fills its last 4 KiB slice exactly is read whole (the
// last slice is the one marked final to the inflater).
import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { Budget, limitsFor } from '../../../src-main/extract/limits';
import { readZip } from '../../../src-main/extract/zip';
import { concatBytes, zipEntries } from '../../../src-main/formats/zip-writer';

const damaged = (reason: string) => new Error(`damaged: ${reason}`);
const read = (zip: Uint8Array) => readZip(zip, { wanted: () => true, budget: new Budget(limitsFor(1024 * 1024)), damaged });
const utf8 = (s: string) => new TextEncoder().encode(s);

/** `n` bytes that deflate cannot shrink (SHA-256 of 0, 1, 2…: the same bytes every run). */
function noise(n: number): Uint8Array {
  const out = new Uint8Array(n + 32);
  for (let i = 0; i * 32 < n; i++) out.set(createHash('sha256').update(String(i)).digest(), i * 32);
  return out.subarray(0, n);
}

describe('readZip', () => {
  test('refuses a zip that holds one name twice', () => {
    const zip = concatBytes(zipEntries([['a.txt', utf8('premier')], ['b.txt', utf8('autre')], ['a.txt', utf8('second')]]));
    expect(() => read(zip)).toThrow('damaged: ');
    expect(() => read(zip)).toThrow(/a\.txt/);
    // the same zip with distinct names is read
    const fine = concatBytes(zipEntries([['a.txt', utf8('premier')], ['b.txt', utf8('autre')]]));
    expect([...read(fine).keys()]).toEqual(['a.txt', 'b.txt']);
  });

  test('reads an entry whose compressed data is exactly two 4 KiB slices', () => {
    let n = 8100;
    while (deflateRawSync(noise(n), { level: 6 }).byteLength !== 8192 && n < 8300) n++;
    const data = noise(n);
    expect(deflateRawSync(data, { level: 6 }).byteLength).toBe(8192);
    const got = read(concatBytes(zipEntries([['x.bin', data]])));
    expect(got.get('x.bin')).toEqual(data);
  });
});
