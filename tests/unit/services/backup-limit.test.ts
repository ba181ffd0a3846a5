// A gzipped backup is inflated only up to the 500 MB a backup may hold: a small file that would
// inflate past it (a gzip bomb, here 501 gzip members of 1 MiB of zeros, half a megabyte on disk)
// is refused as too large, and nothing more than the limit is inflated.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBackup, MAX_BACKUP_BYTES } from '../../../src-main/services/backup-format';

describe('a gzipped backup', () => {
  it('that inflates past the 500 MB limit is refused as too large', async () => {
    const MiB = 1024 * 1024;
    expect(MAX_BACKUP_BYTES).toBe(500 * MiB);
    const member = gzipSync(new Uint8Array(MiB), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: MAX_BACKUP_BYTES / MiB + 1 }, () => member));
    expect(bomb.length).toBeLessThan(MiB);
    await expect(decodeBackup(bomb)).rejects.toThrow('This backup is larger than Glose can read (more than 500 MiB uncompressed).');
  }, 60_000);
});
