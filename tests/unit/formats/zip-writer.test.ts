// The zip writer's details that a reader does not check on an ordinary export: the date of an entry
// written before 1980 (the earliest date a zip can hold), the compression level asked for, and the
// 4 GB a zip without ZIP64 can address.
import { deflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { zipEntries } from '../../../src-main/formats/zip-writer';

/** The MS-DOS time and date of a zip's first local header. */
function dosStamp(chunks: Uint8Array[]): { time: number; date: number } {
  const local = Buffer.from(chunks[0] ?? []);
  return { time: local.readUInt16LE(10), date: local.readUInt16LE(12) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('zipEntries', () => {
  test('dates an entry written before 1980 at 1980-01-01 00:00, and one of 1980 as it is', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(1975, 6, 14, 10, 20, 30));
    expect(dosStamp([...zipEntries([['a.txt', new Uint8Array(1)]])])).toEqual({ time: 0, date: (0 << 9) | (1 << 5) | 1 });
    vi.setSystemTime(new Date(1980, 5, 15, 12, 34, 56));
    expect(dosStamp([...zipEntries([['a.txt', new Uint8Array(1)]])])).toEqual({ time: (12 << 11) | (34 << 5) | 28, date: (0 << 9) | (6 << 5) | 15 });
  });

  test('deflates at the level asked for', () => {
    const data = Buffer.from('Zoë est née à Paris, le 3 mars, et vit à Lyon. '.repeat(400) + 'abcdefghij'.repeat(300));
    const [, fast] = [...zipEntries([['a.txt', data]], { level: 1 })];
    const [, usual] = [...zipEntries([['a.txt', data]])];
    expect(Buffer.from(fast ?? []).equals(deflateRawSync(data, { level: 1 }))).toBe(true);
    expect(Buffer.from(usual ?? []).equals(deflateRawSync(data, { level: 6 }))).toBe(true);
    // the two levels do differ on this text, so the first check tells them apart
    expect(deflateRawSync(data, { level: 1 }).equals(deflateRawSync(data, { level: 6 }))).toBe(false);
  });

  test('refuses an archive past 4 GB, and writes one that ends at exactly 4 GB − 1', () => {
    // an entry that says it is that large: the writer counts byteLength, it never copies the body
    const sized = (n: number): Uint8Array => {
      const data = new Uint8Array(1);
      Object.defineProperty(data, 'byteLength', { value: n });
      return data;
    };
    const header = 30 + 'a'.length;
    const drain = (data: Uint8Array): number => {
      let chunks = 0;
      for (const chunk of zipEntries([['a', data]], { level: 0 })) chunks += chunk === data ? 1 : 0;
      return chunks;
    };
    expect(() => drain(sized(0xffffffff - header + 1))).toThrow('the zip would be larger than 4 GB; export fewer documents at a time');
    expect(drain(sized(0xffffffff - header))).toBe(1);
  });
});
