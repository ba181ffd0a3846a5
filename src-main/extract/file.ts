// One file on disk -> stored text + full metadata. Cheap refusals come first: the extension, the
// size on disk, then the first bytes (binary content), and only then is the whole file read.
import { open, type FileHandle } from 'node:fs/promises';
import type { DocumentMetadata } from '../model';
import { ExtractError } from './errors';
import { extract, formatFor } from './index';
import { Budget, checkSize, DEFAULT_SIZE_LIMIT, limitsFor, type StageClock } from './limits';
import { sniffBinary } from './sniff';
import { sha256Hex } from './text';
import { errorWords } from '../i18n/current';

/** Enough for every magic number and a fair sample for NUL bytes. */
const HEAD_BYTES = 64 * 1024;
/** Read at a time, so that a slow disk is noticed between reads. */
const READ_CHUNK = 8 * 1024 * 1024;

export interface ExtractedFile {
  text: string;
  meta: DocumentMetadata;
}

export async function extractFile(path: string, name: string, limitBytes: number = DEFAULT_SIZE_LIMIT, budget = new Budget(limitsFor(limitBytes))): Promise<ExtractedFile> {
  formatFor(name);
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new ExtractError('unsupported', errorWords().notAFile);
    const size = info.size;
    const tooLarge = checkSize(size, limitBytes);
    if (tooLarge) throw tooLarge;
    if (size === 0) throw new ExtractError('empty', errorWords().empty);
    // Read straight into one buffer of the size that was checked: a file that grows meanwhile is
    // not read past the limit, and the first bytes are looked at before the rest is read.
    const buf = new Uint8Array(size);
    const clock = budget.stage('read');
    let got = await readInto(handle, buf, 0, Math.min(size, HEAD_BYTES), clock);
    const refused = sniffBinary(buf.subarray(0, got), name);
    if (refused) throw refused;
    if (got === Math.min(size, HEAD_BYTES)) got += await readInto(handle, buf, got, size - got, clock);
    const bytes = got === size ? buf : buf.subarray(0, got);
    const { text, meta } = await extract(bytes, name, budget);
    return { text, meta: { ...meta, sourcePath: path, size, hash: sha256Hex(text) } };
  } finally {
    await handle.close();
  }
}

/** Reads up to `length` bytes at file position `offset` into `buf` at `offset`; fewer only at end of file. */
async function readInto(handle: FileHandle, buf: Uint8Array, offset: number, length: number, clock: StageClock): Promise<number> {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(buf, offset + got, Math.min(READ_CHUNK, length - got), offset + got);
    if (bytesRead === 0) break;
    got += bytesRead;
    clock.check();
  }
  return got;
}
