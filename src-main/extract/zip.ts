import { unzipSync } from 'fflate';
import { ExtractError } from './errors';
import { formatBytes } from './limits';

// A few hundred kilobytes of zip can inflate to gigabytes; the directory's sizes are checked first.
const MAX_INFLATED = 512 * 1024 * 1024;

/** The named entries of a zip container (only those `wanted`), refusing zip bombs and non-zips. */
export function readZip(bytes: Uint8Array, wanted: (name: string) => boolean, what: string): Map<string, Uint8Array> {
  let total = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        if (!wanted(file.name)) return false;
        total += file.originalSize;
        if (total > MAX_INFLATED) {
          throw new ExtractError('too-large', `too large once uncompressed: over ${formatBytes(MAX_INFLATED)}`);
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof ExtractError) throw error;
    throw new ExtractError('corrupt', `damaged or not a real ${what}`);
  }
  return new Map(Object.entries(entries));
}

export function zipText(entries: Map<string, Uint8Array>, name: string): string | undefined {
  const data = entries.get(name);
  return data && new TextDecoder().decode(data);
}
