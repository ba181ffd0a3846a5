// Zip archives written an entry at a time, so that an export of a large project never holds the
// whole archive. Entries are deflated by Node's zlib, whose working memory is freed as each call
// returns (fflate's deflate leaves some 300 KB of arrays per entry to the garbage collector, half a
// gigabyte in flight on a large brat export), or stored. Each local header carries the entry's CRC
// and sizes: no data descriptors, which Java's ZipInputStream refuses on stored entries. Names are
// UTF-8, flagged as such when they are not ASCII.
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipOptions {
  /** 0 stores the entries; 1–9 deflates them at that level (default 6) */
  level?: number;
}

/** What a zip without its ZIP64 extension can count: entries, and bytes of any offset or size. */
const MAX_ENTRIES = 0xffff;
const MAX_BYTES = 0xffffffff;

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** "version needed to extract": 2.0, deflate */
const VERSION = 20;
const UTF8_NAME = 0x0800;
const DEFLATED = 8;
const STORED = 0;

/** A date as MS-DOS stores it in a zip: local time to two seconds, 1980 at the earliest. */
function dosDateTime(now: Date): { time: number; date: number } {
  if (now.getFullYear() < 1980) return { time: 0, date: (1 << 5) | 1 };
  return {
    time: (now.getHours() << 11) | (now.getMinutes() << 5) | (now.getSeconds() >> 1),
    date: ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate(),
  };
}

/** The archive's bytes, an entry at a time, then the central directory and its end record. */
export function* zipEntries(entries: Iterable<readonly [name: string, data: Uint8Array]>, options: ZipOptions = {}): Generator<Uint8Array> {
  const level = options.level ?? 6;
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    if (central.length === MAX_ENTRIES) throw new Error(`a zip holds at most ${MAX_ENTRIES.toLocaleString('en')} files; export fewer documents at a time`);
    const fileName = Buffer.from(name, 'utf8');
    const body = level === 0 ? data : deflateRawSync(data, { level });
    const { time, date } = dosDateTime(new Date());
    // the fields a local header and its central-directory record share, from "version needed" on
    const common = Buffer.alloc(26);
    common.writeUInt16LE(VERSION, 0);
    common.writeUInt16LE(fileName.byteLength === name.length ? 0 : UTF8_NAME, 2);
    common.writeUInt16LE(level === 0 ? STORED : DEFLATED, 4);
    common.writeUInt16LE(time, 6);
    common.writeUInt16LE(date, 8);
    common.writeUInt32LE(crc32(data), 10);
    common.writeUInt32LE(body.byteLength, 14);
    common.writeUInt32LE(data.byteLength, 18);
    common.writeUInt16LE(fileName.byteLength, 22);
    // extra field length (24) stays 0

    const local = Buffer.alloc(30 + fileName.byteLength);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    common.copy(local, 4);
    fileName.copy(local, 30);

    const record = Buffer.alloc(46 + fileName.byteLength);
    record.writeUInt32LE(CENTRAL_HEADER, 0);
    record.writeUInt16LE(VERSION, 4); // version made by: 2.0, MS-DOS attributes
    common.copy(record, 6);
    // comment length, disk, internal and external attributes stay 0
    record.writeUInt32LE(offset, 42);
    fileName.copy(record, 46);
    central.push(record);

    yield local;
    yield body;
    offset += local.byteLength + body.byteLength;
    if (offset > MAX_BYTES) throw new Error('the zip would be larger than 4 GB; export fewer documents at a time');
  }
  const directorySize = central.reduce((n, record) => n + record.byteLength, 0);
  yield* central;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(central.length, 8);
  end.writeUInt16LE(central.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
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
