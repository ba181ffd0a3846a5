// Zip archives written an entry at a time, so that an export of a large project never holds the
// whole archive. The bytes are those fflate's zipSync writes for the same entries: each entry is
// zipped alone by zipSync, its local header and data passed on at once, and its central-directory
// record kept, with the offset it has in the whole archive, for the end. No data descriptors (which
// fflate's streaming Zip writes, and Java's ZipInputStream refuses on stored entries).
import { type ZipOptions, zipSync } from 'fflate';

/** What a zip without its ZIP64 extension can count: entries, and bytes of any offset or size. */
const MAX_ENTRIES = 0xffff;
const MAX_BYTES = 0xffffffff;

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** Where a central-directory record holds the offset of its entry's local header. */
const LOCAL_HEADER_OFFSET = 42;

/** The archive's bytes, an entry at a time, then the central directory and its end record. */
export function* zipEntries(entries: Iterable<readonly [name: string, data: Uint8Array]>, options: ZipOptions = {}): Generator<Uint8Array> {
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    if (central.length === MAX_ENTRIES) throw new Error(`a zip holds at most ${MAX_ENTRIES.toLocaleString('en')} files; export fewer documents at a time`);
    const alone = zipSync({ [name]: data }, options);
    const view = new DataView(alone.buffer, alone.byteOffset, alone.byteLength);
    const end = alone.byteLength - 22;
    const directorySize = view.getUint32(end + 12, true);
    const directoryStart = view.getUint32(end + 16, true);
    const record = alone.slice(directoryStart, directoryStart + directorySize);
    new DataView(record.buffer).setUint32(LOCAL_HEADER_OFFSET, offset, true);
    central.push(record);
    yield alone.subarray(0, directoryStart);
    offset += directoryStart;
    if (offset > MAX_BYTES) throw new Error('the zip would be larger than 4 GB; export fewer documents at a time');
  }
  const directorySize = central.reduce((n, record) => n + record.byteLength, 0);
  yield* central;
  const end = new Uint8Array(22);
  const view = new DataView(end.buffer);
  view.setUint32(0, END_OF_CENTRAL_DIRECTORY, true);
  view.setUint16(8, central.length, true);
  view.setUint16(10, central.length, true);
  view.setUint32(12, directorySize, true);
  view.setUint32(16, offset, true);
  yield end;
}

/** The pieces of a file as one array. */
export function concatBytes(chunks: Iterable<Uint8Array>): Uint8Array {
  const parts = [...chunks];
  const out = new Uint8Array(parts.reduce((n, part) => n + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
