// Zip containers (brat collections, .docx, .odt, .epub) read against a Budget. The central directory
// says where each entry is and how large it claims to be; the claims are checked first (a cheap
// refusal) but never trusted: every entry is inflated in slices and what actually comes out is
// counted, so a few hundred kilobytes that inflate to gigabytes stop at the import size limit.
import { crc32 } from 'node:zlib';
import { Inflate } from 'fflate';
import { ExtractError } from './errors';
import type { Budget } from './limits';
import { errorWords } from '../i18n/current';

/**
 * Compressed bytes fed to the inflater at a time: deflate's ratio is at most 1032:1, so at most
 * about 4 MB come out of one slice before the budget looks at them.
 */
const SLICE = 4 * 1024;
const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const FLAG_ENCRYPTED = 0x1;
const FLAG_UTF8 = 0x800;

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  /** the size the directory declares: checked, never trusted */
  size: number;
  localOffset: number;
}

export interface ReadZipOptions {
  /** which entries to inflate (directories never are) */
  wanted: (name: string) => boolean;
  budget: Budget;
  /** the error for a file that is not a zip or is damaged; `reason` says what is wrong */
  damaged: (reason: string) => Error;
}

/** The wanted entries of a zip, inflated within the budget. */
export function readZip(bytes: Uint8Array, options: ReadZipOptions): Map<string, Uint8Array> {
  const { budget, damaged } = options;
  const clock = budget.stage('unzip');
  const entries = zipDirectory(bytes, damaged).filter((e) => !e.name.endsWith('/') && options.wanted(e.name));
  const seen = new Set<string>();
  let declared = 0;
  for (const entry of entries) {
    if (seen.has(entry.name)) throw damaged(errorWords().zip.twice(entry.name));
    seen.add(entry.name);
    if (entry.flags & FLAG_ENCRYPTED) throw new ExtractError('encrypted', errorWords().zipPassword);
    if (entry.method !== 0 && entry.method !== 8) throw new ExtractError('unsupported', errorWords().zip.method(entry.name, entry.method));
    declared += entry.size;
  }
  if (!budget.fits(declared)) throw budget.tooLarge();

  const out = new Map<string, Uint8Array>();
  for (const entry of entries) {
    const tick = () => clock.check(errorWords().budget.at(entry.name));
    tick();
    const data = entryData(bytes, entry, damaged);
    const content = entry.method === 0 ? stored(data, entry, budget, damaged) : inflate(data, entry, budget, damaged, tick);
    if (crc32(content) !== entry.crc) throw damaged(errorWords().zip.checksum(entry.name));
    out.set(entry.name, content);
  }
  return out;
}

export function zipText(entries: Map<string, Uint8Array>, name: string): string | undefined {
  const data = entries.get(name);
  return data && new TextDecoder().decode(data);
}

/** Every entry the central directory lists (ZIP64 included), without reading any entry. */
export function zipDirectory(bytes: Uint8Array, damaged: (reason: string) => Error): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => Number(view.getBigUint64(at, true));
  const end = findEnd(bytes, view);
  if (end < 0) throw damaged(errorWords().zip.noDirectory);
  let count = u16(end + 10);
  let dirSize = u32(end + 12);
  let dirOffset = u32(end + 16);
  const locator = end - 20;
  if (locator >= 0 && u32(locator) === EOCD64_LOCATOR) {
    const at = u64(locator + 8);
    if (at + 56 > bytes.length || u32(at) !== EOCD64) throw damaged(errorWords().zip.noZip64);
    count = u64(at + 32);
    dirSize = u64(at + 40);
    dirOffset = u64(at + 48);
  }
  if (dirOffset + dirSize > bytes.length) throw damaged(errorWords().zip.truncatedDirectory);

  const entries: ZipEntry[] = [];
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(at) !== CENTRAL) throw damaged(errorWords().zip.directoryDamaged);
    const flags = u16(at + 8);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    const entry: ZipEntry = {
      name: new TextDecoder(flags & FLAG_UTF8 ? 'utf-8' : 'latin1').decode(nameBytes),
      method: u16(at + 10),
      flags,
      crc: u32(at + 16),
      compressedSize: u32(at + 20),
      size: u32(at + 24),
      localOffset: u32(at + 42),
    };
    readZip64Extra(view, at + 46 + nameLength, extraLength, entry);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The end-of-central-directory record: the last one, within the 64 KB a comment may take. */
function findEnd(bytes: Uint8Array, view: DataView): number {
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD) return at;
  }
  return -1;
}

/** Sizes and offset that did not fit in 32 bits are in the ZIP64 extra field, in this order. */
function readZip64Extra(view: DataView, start: number, length: number, entry: ZipEntry): void {
  const FULL = 0xffffffff;
  for (let at = start; at + 4 <= start + length; ) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 0x0001) {
      let field = at + 4;
      const next = (): number => {
        const value = field + 8 <= at + 4 + size ? Number(view.getBigUint64(field, true)) : FULL;
        field += 8;
        return value;
      };
      if (entry.size === FULL) entry.size = next();
      if (entry.compressedSize === FULL) entry.compressedSize = next();
      if (entry.localOffset === FULL) entry.localOffset = next();
      return;
    }
    at += 4 + size;
  }
}

/** An entry's compressed bytes, located through its local header. */
function entryData(bytes: Uint8Array, entry: ZipEntry, damaged: (reason: string) => Error): Uint8Array {
  const at = entry.localOffset;
  if (at + 30 > bytes.length) throw damaged(errorWords().zip.truncatedAt(entry.name));
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, 30);
  if (view.getUint32(0, true) !== LOCAL) throw damaged(errorWords().zip.misplaced(entry.name));
  const start = at + 30 + view.getUint16(26, true) + view.getUint16(28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw damaged(errorWords().zip.truncatedAt(entry.name));
  return bytes.subarray(start, end);
}

function stored(data: Uint8Array, entry: ZipEntry, budget: Budget, damaged: (reason: string) => Error): Uint8Array {
  if (data.length !== entry.size) throw damaged(errorWords().zip.wrongSize(entry.name));
  budget.spend(data.length);
  return data;
}

/**
 * Inflates slice by slice. Output beyond the declared size means the directory lied: refused as
 * damaged there, and in any case the budget stops it.
 */
function inflate(data: Uint8Array, entry: ZipEntry, budget: Budget, damaged: (reason: string) => Error, tick: () => void): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let finished = false;
  // what stopped the inflater from inside its callback, as opposed to fflate's own errors
  let refusal: Error | null = null;
  const inflater = new Inflate((chunk, final) => {
    size += chunk.length;
    try {
      if (size > entry.size) throw damaged(errorWords().zip.larger(entry.name));
      budget.spend(chunk.length);
    } catch (error) {
      refusal = error as Error;
      throw error;
    }
    if (chunk.length > 0) chunks.push(chunk);
    if (final) finished = true;
  });
  try {
    for (let at = 0; at < data.length; at += SLICE) {
      inflater.push(data.subarray(at, at + SLICE), at + SLICE >= data.length);
      tick();
    }
    if (data.length === 0) inflater.push(data, true);
  } catch (error) {
    if (refusal || error instanceof ExtractError) throw error;
    throw damaged(errorWords().zip.cannotInflate(entry.name));
  }
  if (!finished || size !== entry.size) throw damaged(errorWords().zip.wrongSize(entry.name));
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
