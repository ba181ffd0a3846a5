// An entry whose directory record says its data runs past the end of the file is refused as
// truncated, before its bytes are read (a mutant that let it through was found by the sampled
// mutation run of docs/testing.md).
import { strToU8, zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { Budget, limitsFor } from '../../../src-main/extract/limits';
import { readZip } from '../../../src-main/extract/zip';

const damaged = (reason: string) => new Error(`damaged: ${reason}`);

describe('readZip', () => {
  test('refuses an entry whose data would run past the end of the file as truncated', () => {
    const zip = zipSync({ 'a.txt': [strToU8('bonjour'), { level: 0 }] });
    const central = Buffer.from(zip).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(central).toBeGreaterThan(0);
    // the compressed size the directory gives: 1,000 bytes where the whole file is about a hundred
    new DataView(zip.buffer, zip.byteOffset).setUint32(central + 20, 1000, true);
    expect(zip.length).toBeLessThan(1000);
    expect(() => readZip(zip, { wanted: () => true, budget: new Budget(limitsFor(1024 * 1024)), damaged })).toThrow('damaged: it is truncated (at a.txt)');
  });
});
