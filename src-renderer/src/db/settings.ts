// The settings table: one row per key. Values are read back as they were written, checked by the
// caller (or by the readers below) before use, since a backup may bring anything.
import type { z } from 'zod';
import { readingPlaceSchema } from '$records';
import { DEFAULT_IMPORT_LIMIT_BYTES, MAX_IMPORT_LIMIT_BYTES } from '$contract';
import type { Id } from '$model';
import type { GloseDatabase } from './database';

/** The keys Glose writes. */
export const SETTING = {
  annotator: 'annotator',
  lastProject: 'lastProject',
  lastDocument: (projectId: Id) => `lastDocument:${projectId}`,
  /** the per-file import size limit, in bytes */
  importLimitBytes: 'importLimitBytes',
  backupIntervalMinutes: 'backupIntervalMinutes',
  /** 'en' | 'fr'; absent until the user chooses, and the OS's language is followed */
  locale: 'locale',
  /** 'comfortable' | 'compact' */
  density: 'density',
  /** false when the label menu should not open after a mouse selection */
  labelMenu: 'labelMenu',
  /** where the user was in a document: see ReadingPlace */
  readingPlace: (docId: Id) => `readingPlace:${docId}`,
} as const;

/**
 * Where the user was in a document, to reopen it there: the text offset at the top of the reader
 * (not a scroll position, which changes with the window's width and the density), how far below
 * the top its line was, and the selection (text being chosen, or a span).
 */
export type ReadingPlace = z.infer<typeof readingPlaceSchema>;

/** A stored reading place, or null when it is not one or does not fit in a text of `length`. */
export function validPlace(value: unknown, length: number): ReadingPlace | null {
  const r = readingPlaceSchema.safeParse(value);
  if (!r.success || r.data.offset > length) return null;
  const p = r.data.pending;
  if (p && (p.start >= p.end || p.end > length)) return { offset: r.data.offset, dy: r.data.dy };
  return r.data;
}

export const DEFAULT_INTERVAL_MINUTES = 5;

export async function getSetting<T>(db: GloseDatabase, key: string, fallback: T): Promise<T> {
  const row = await db.settings.get(key);
  return row ? (row.value as T) : fallback;
}

export async function setSetting(db: GloseDatabase, key: string, value: unknown): Promise<void> {
  await db.settings.put({ key, value });
}

/** The size limit from the settings, or the default when unset or not a sensible number. */
export function validLimit(value: unknown, fallback: number, max: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max ? value : fallback;
}

export async function importLimit(db: GloseDatabase): Promise<number> {
  return validLimit(await getSetting<unknown>(db, SETTING.importLimitBytes, null), DEFAULT_IMPORT_LIMIT_BYTES, MAX_IMPORT_LIMIT_BYTES);
}

export function validInterval(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(120, Math.max(1, Math.round(value))) : DEFAULT_INTERVAL_MINUTES;
}
