// File-system helpers shared by the services: atomic writes and recursive listing.
import { open, rename, rm, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Writes to a temp file in the same folder, fsyncs, then renames over the target: never a half-written file. */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<number> {
  return writeChunksAtomic(target, [data]);
}

/** Pieces are gathered in a buffer of this size, written when full. */
export const BUFFER_BYTES = 1 << 20;

/**
 * writeFileAtomic for content made a piece at a time: pieces are gathered in one buffer, reused,
 * which is written whenever it is full, so that a file much larger than memory allows can be written
 * and writing it leaves nothing behind for the garbage collector. Pieces of text are encoded in
 * UTF-8 and must not split a surrogate pair. When making a piece throws, the temp file is removed
 * and the target is left as it was.
 */
export async function writeChunksAtomic(target: string, chunks: Iterable<string | Uint8Array>): Promise<number> {
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', 0o644);
  let bytes = 0;
  try {
    const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
    let used = 0;
    const write = async (data: Uint8Array): Promise<void> => {
      // a write may take less than it was given
      for (let done = 0; done < data.byteLength; ) done += (await handle.write(data, done)).bytesWritten;
      bytes += data.byteLength;
    };
    const flush = async (): Promise<void> => {
      if (used === 0) return;
      await write(buffer.subarray(0, used));
      used = 0;
    };
    for (const chunk of chunks) {
      // Text is not measured first (a second pass over it): UTF-8 takes at most 3 bytes per UTF-16 unit.
      const length = typeof chunk === 'string' ? chunk.length * 3 : chunk.byteLength;
      if (used + length > buffer.byteLength) await flush();
      if (length > buffer.byteLength) await write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      else if (typeof chunk === 'string') used += buffer.write(chunk, used, 'utf8');
      else {
        buffer.set(chunk, used);
        used += length;
      }
    }
    await flush();
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  // fsync the folder so the rename itself survives a power cut (not possible on Windows)
  if (process.platform !== 'win32') {
    const dir = await open(dirname(target), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
  return bytes;
}

/**
 * Expands folders recursively (hidden entries skipped, each folder visited once even through
 * symbolic links), keeps files as given, in a stable order. Folders that cannot be listed are
 * reported, not thrown: one unreadable folder does not stop an import.
 */
export async function expandPaths(paths: readonly string[]): Promise<{ files: string[]; missing: string[]; unreadable: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const unreadable: string[] = [];
  const seen = new Set<string>();
  const visited = new Set<string>();
  async function walk(p: string, explicit: boolean): Promise<void> {
    let info;
    try {
      info = await stat(p);
    } catch {
      if (explicit) missing.push(p);
      return;
    }
    if (info.isDirectory()) {
      const key = `${info.dev}:${info.ino}`;
      if (visited.has(key)) return;
      visited.add(key);
      let entries: string[];
      try {
        entries = await readdir(p);
      } catch {
        unreadable.push(p);
        return;
      }
      entries = entries.filter((e) => !e.startsWith('.')).sort((a, b) => a.localeCompare(b));
      for (const entry of entries) await walk(join(p, entry), false);
    } else if (info.isFile() && !seen.has(p)) {
      seen.add(p);
      files.push(p);
    }
  }
  for (const p of paths) await walk(p, true);
  return { files, missing, unreadable };
}
