import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { WorkspaceSnapshot } from '../../../src-main/contract';
import { BackupError, decodeBackup, encodeBackup, validateSnapshot } from '../../../src-main/services/backup-format';
import { sampleSnapshot } from './backup-sample';

describe('backup files', () => {
  it('round-trip exactly, gzipped or plain, fields a later version added included', async () => {
    const snap = sampleSnapshot();
    (snap.tables.spans[0] as unknown as Record<string, unknown>)['addedLater'] = { x: 1 };
    (snap.tables as unknown as Record<string, unknown>)['laterTable'] = [{ id: 'z' }];
    for (const compress of [true, false]) {
      const bytes = await encodeBackup(snap, compress);
      expect(bytes[0] === 0x1f && bytes[1] === 0x8b).toBe(compress);
      expect(await decodeBackup(bytes)).toEqual(snap);
    }
  });

  it('refuse a truncated file, whatever the cut', async () => {
    const bytes = await encodeBackup(sampleSnapshot());
    for (const keep of [bytes.length - 1, bytes.length - 4, bytes.length - 9, Math.floor(bytes.length / 2), 12, 2]) {
      await expect(decodeBackup(bytes.subarray(0, keep)), `cut at ${keep}`).rejects.toThrow(/truncated|damaged/);
    }
    const plain = await encodeBackup(sampleSnapshot(), false);
    await expect(decodeBackup(plain.subarray(0, plain.length - 10))).rejects.toThrow(/truncated or damaged/);
  });

  it('refuse a file with one byte changed: gzip checks its CRC-32', async () => {
    const bytes = await encodeBackup(sampleSnapshot());
    // every byte of the compressed data (not the header) changed in turn
    for (let i = 10; i < bytes.length; i++) {
      const damaged = Uint8Array.from(bytes);
      damaged[i] = (damaged[i] as number) ^ 0x01;
      await expect(decodeBackup(damaged), `byte ${i}`).rejects.toBeInstanceOf(BackupError);
    }
  });

  it('say plainly what is wrong', async () => {
    await expect(decodeBackup(Buffer.from('hello'))).rejects.toThrow('This file is not a Glose backup.');
    await expect(decodeBackup(Buffer.from('{"format":"other"}'))).rejects.toThrow('This file is not a Glose backup.');
    await expect(decodeBackup(gzipSync(Buffer.from('[1,2]')))).rejects.toThrow('This file is not a Glose backup.');
    await expect(decodeBackup(Buffer.from(JSON.stringify({ ...sampleSnapshot(), version: 2 })))).rejects.toThrow(/newer version of Glose/);
    await expect(decodeBackup(Buffer.from([0xff, 0xfe, 0x7b, 0x00]))).rejects.toThrow(BackupError);
  });

  const broken: Array<[string, (s: WorkspaceSnapshot) => void, RegExp]> = [
    ['a span past the end of its text', (s) => ((s.tables.spans[1] as { end: number }).end = 999), /span s2 \(14–999\) is outside its document's text/],
    ['an empty span', (s) => ((s.tables.spans[1] as { end: number }).end = 14), /span s2 .* outside/],
    ['a span of a missing document', (s) => ((s.tables.spans[0] as { docId: string }).docId = 'nope'), /span s1 belongs to a document that is not in the backup/],
    ['a document without its text', (s) => (s.tables.texts = []), /document "scholz.txt" has no text/],
    ['a text of another length', (s) => ((s.tables.texts[0] as { text: string }).text = 'short'), /should have \d+ characters of text, not 5/],
    ['a relation to a missing span', (s) => (s.tables.spans = s.tables.spans.slice(0, 1)), /relation r1 links a span that is not in the backup/],
    ['a duplicate id', (s) => s.tables.labels.push({ ...(s.tables.labels[0] as (typeof s.tables.labels)[0]) }), /labels: the id l1 appears twice/],
    ['a duplicate setting', (s) => s.tables.settings.push({ key: 'annotator', value: 'x' }), /settings: the key annotator appears twice/],
    ['a status that does not exist', (s) => ((s.tables.documents[0] as { status: string }).status = 'lost'), /damaged.*tables\.documents\.0\.status/],
    ['a negative offset', (s) => ((s.tables.spans[0] as { start: number }).start = -1), /damaged.*tables\.spans\.0\.start/],
    ['a table that is not a list', (s) => ((s.tables as unknown as Record<string, unknown>)['spans'] = {}), /damaged.*tables\.spans/],
    ['a missing table', (s) => delete (s.tables as unknown as Record<string, unknown>)['relations'], /damaged.*tables\.relations/],
    ['an id that is not a string', (s) => ((s.tables.projects[0] as unknown as { id: unknown }).id = 7), /damaged.*tables\.projects\.0\.id/],
  ];
  it.each(broken)('refuse %s, saying where', (_what, damage, message) => {
    const snap = sampleSnapshot();
    damage(snap);
    expect(() => validateSnapshot(JSON.parse(JSON.stringify(snap)))).toThrow(message);
  });
});
