// What one file may cost to read. A file is refused by its size on disk before it is read; what it
// turns into once read (inflated zip entries, XML elements, PDF pages) and how long each stage takes
// are counted against a Budget as they happen, so a small hostile file cannot cost gigabytes or hours.
import { ExtractError } from './errors';
import { errorWords } from '../i18n/current';

const MB = 1024 * 1024;

export const DEFAULT_SIZE_LIMIT = 100 * MB;

/** Refuses a file by its size on disk, so that an oversized file is never read into memory. */
export function checkSize(bytes: number, limitBytes: number = DEFAULT_SIZE_LIMIT): ExtractError | null {
  if (bytes <= limitBytes) return null;
  return new ExtractError('too-large', errorWords().tooLarge(formatBytes(bytes), formatBytes(limitBytes)));
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

/** The steps of reading a file, each with its own time allowance. */
export type Stage = 'read' | 'unzip' | 'parse' | 'pages';

export interface Limits {
  /** bytes a file may become once unpacked (every inflated zip entry, counted as it comes out) */
  bytes: number;
  /** XML and HTML elements parsed, over all the parts of a file */
  elements: number;
  /** PDF pages read */
  pages: number;
  /** milliseconds per stage */
  stageMs: Readonly<Record<Stage, number>>;
}

/**
 * The budget for a file under the import size limit. Elements: a parsed element costs the readers
 * (mammoth, linkedom) about half a kilobyte of heap, so two million stay well inside the worker's
 * memory (workerMemoryMb) while a 5,000-page Word document uses well under half of them.
 */
export function limitsFor(limitBytes: number = DEFAULT_SIZE_LIMIT): Limits {
  return {
    bytes: limitBytes,
    elements: 2_000_000,
    pages: 5_000,
    stageMs: { read: 30_000, unzip: 30_000, parse: 60_000, pages: 60_000 },
  };
}

/**
 * The heap a worker may use for files under this limit: the text of a file as a JavaScript string
 * (up to two bytes a character) and the few copies that decoding, normalising and sending it make,
 * plus room for the parsers within `elements`. Anything past it ends the worker, not the app.
 */
export function workerMemoryMb(limitBytes: number): number {
  return Math.min(8192, Math.max(1024, Math.ceil((8 * limitBytes) / MB) + 512));
}

/** Seconds or minutes, as a person says them. */
export function formatDuration(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 100) / 10} s`;
}

/** A stage's clock: `check` refuses the file once the stage has run past its allowance. */
export interface StageClock {
  check(progress?: string): void;
}

/** The running costs of reading one file, refused with the real reason the moment one runs out. */
export class Budget {
  private bytesOut = 0;
  private elementsSeen = 0;

  constructor(
    readonly limits: Limits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** `bytes` more came out of the file (an inflated chunk, say). */
  spend(bytes: number): void {
    this.bytesOut += bytes;
    if (this.bytesOut > this.limits.bytes) throw this.tooLarge();
  }

  /** Whether `bytes` more would still fit: for sizes a file declares, checked before any work. */
  fits(bytes: number): boolean {
    return this.bytesOut + bytes <= this.limits.bytes;
  }

  tooLarge(): ExtractError {
    return new ExtractError('too-large', errorWords().budget.expands(formatBytes(this.limits.bytes)));
  }

  /** Counts the elements of markup about to be parsed; `where` names the part, e.g. "word/document.xml". */
  elements(markup: Uint8Array, where: string): void {
    this.elementsSeen += countElements(markup);
    if (this.elementsSeen > this.limits.elements) {
      throw new ExtractError('too-large', errorWords().budget.complex(this.limits.elements, where));
    }
  }

  /** Refuses a PDF of more pages than are read. */
  pages(count: number): void {
    if (count > this.limits.pages) {
      throw new ExtractError('too-large', errorWords().budget.pages(count, this.limits.pages));
    }
  }

  stage(stage: Stage): StageClock {
    const started = this.now();
    const allowed = this.limits.stageMs[stage];
    return {
      check: (progress) => {
        if (this.now() - started <= allowed) return;
        throw new ExtractError('timeout', errorWords().budget.tookLonger(formatDuration(allowed), errorWords().budget.stages[stage], progress));
      },
    };
  }
}

/** Start tags and empty-element tags: a "<" followed by a letter. A cheap pass over the bytes. */
export function countElements(markup: Uint8Array): number {
  let count = 0;
  let at = markup.indexOf(0x3c);
  while (at !== -1) {
    const next = markup[at + 1] ?? 0;
    // ASCII letters, '_' and ':' open an element name; '/', '!' and '?' do not
    if ((next >= 0x41 && next <= 0x5a) || (next >= 0x61 && next <= 0x7a) || next === 0x5f || next === 0x3a || next >= 0x80) count++;
    at = markup.indexOf(0x3c, at + 1);
  }
  return count;
}
