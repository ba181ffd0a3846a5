// The user's settings that the app follows as it runs: the annotator name put on new annotations,
// the minutes between automatic snapshots, the interface language, the reader's density and whether a
// mouse selection opens the label menu. Read once at start, written when changed in Settings.
import { LOCALES, type Locale } from '$contract';
import type { GloseDatabase } from '$db/database';
import { language } from './i18n.svelte';
import type { Id } from '$model';
import { DEFAULT_INTERVAL_MINUTES, getSetting, importLimit, setSetting, SETTING, validInterval, validPlace, type ReadingPlace } from '$db/settings';

export class Settings {
  #annotator = $state('annotator');
  #intervalMinutes = $state(DEFAULT_INTERVAL_MINUTES);
  #density = $state<Density>('comfortable');
  #labelMenu = $state(true);

  constructor(private readonly db: GloseDatabase) {}

  /** the name on new annotations (defaults to the OS user name) */
  get annotator(): string {
    return this.#annotator;
  }

  /** minutes of editing between automatic snapshots */
  get intervalMinutes(): number {
    return this.#intervalMinutes;
  }

  get locale(): Locale {
    return language.locale;
  }

  get density(): Density {
    return this.#density;
  }

  /** whether a mouse selection opens the label menu (keys and the palette label it either way) */
  get labelMenu(): boolean {
    return this.#labelMenu;
  }

  /** The interface settings, read before the first screen: a stored language wins over the OS's. */
  async loadInterface(): Promise<void> {
    const stored = await getSetting<unknown>(this.db, SETTING.locale, null);
    language.use(isLocale(stored) ? stored : language.locale);
    const density = await getSetting<unknown>(this.db, SETTING.density, 'comfortable');
    this.#density = density === 'compact' ? 'compact' : 'comfortable';
    this.#labelMenu = (await getSetting<unknown>(this.db, SETTING.labelMenu, true)) !== false;
  }

  async setLocale(locale: Locale): Promise<void> {
    language.use(locale);
    await setSetting(this.db, SETTING.locale, locale);
  }

  async setDensity(density: Density): Promise<void> {
    this.#density = density;
    await setSetting(this.db, SETTING.density, density);
  }

  async setLabelMenu(on: boolean): Promise<void> {
    this.#labelMenu = on;
    await setSetting(this.db, SETTING.labelMenu, on);
  }

  /** Where the user was in a document (null: never opened, or nothing sensible stored). */
  async readingPlace(docId: Id, length: number): Promise<ReadingPlace | null> {
    return validPlace(await getSetting<unknown>(this.db, SETTING.readingPlace(docId), null), length);
  }

  async setReadingPlace(docId: Id, place: ReadingPlace): Promise<void> {
    await setSetting(this.db, SETTING.readingPlace(docId), place);
  }

  async loadAnnotator(userName: string): Promise<void> {
    this.#annotator = await getSetting(this.db, SETTING.annotator, userName);
  }

  async loadInterval(): Promise<void> {
    this.#intervalMinutes = validInterval(await getSetting<unknown>(this.db, SETTING.backupIntervalMinutes, DEFAULT_INTERVAL_MINUTES));
  }

  async setAnnotator(name: string): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed || trimmed === this.#annotator) return;
    await setSetting(this.db, SETTING.annotator, trimmed);
    this.#annotator = trimmed;
  }

  async setInterval(minutes: number): Promise<void> {
    this.#intervalMinutes = validInterval(minutes);
    await setSetting(this.db, SETTING.backupIntervalMinutes, this.#intervalMinutes);
  }

  /** The per-file size limit of imports, in bytes (settings key "importLimitBytes"; no screen sets it yet). */
  importLimit(): Promise<number> {
    return importLimit(this.db);
  }
}

export type Density = 'comfortable' | 'compact';

function isLocale(value: unknown): value is Locale {
  return (LOCALES as readonly unknown[]).includes(value);
}
