import { ExtractError } from './errors';

const MB = 1024 * 1024;

export const DEFAULT_SIZE_LIMIT = 100 * MB;

/** Refuses a file by its size on disk, so that an oversized file is never read into memory. */
export function checkSize(bytes: number, limitBytes: number = DEFAULT_SIZE_LIMIT): ExtractError | null {
  if (bytes <= limitBytes) return null;
  return new ExtractError('too-large', `too large: ${formatBytes(bytes)}, limit ${formatBytes(limitBytes)}`);
}

export function formatBytes(bytes: number): string {
  const units = ['KB', 'MB', 'GB'] as const;
  if (bytes < 1024) return `${bytes} bytes`;
  let value = bytes;
  let unit: string = 'bytes';
  for (const next of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  // One decimal only where it carries information ("1.5 MB", but "312 MB").
  const shown = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${shown} ${unit}`;
}
