// The user's settings that the app follows as it runs: the annotator name put on new annotations and
// the minutes between automatic snapshots. Read once at start, written when changed in Settings.
import type { GloseDatabase } from '$db/database';
import { DEFAULT_INTERVAL_MINUTES, getSetting, importLimit, setSetting, SETTING, validInterval } from '$db/settings';

export class Settings {
  #annotator = $state('annotator');
  #intervalMinutes = $state(DEFAULT_INTERVAL_MINUTES);

  constructor(private readonly db: GloseDatabase) {}

  /** the name on new annotations (defaults to the OS user name) */
  get annotator(): string {
    return this.#annotator;
  }

  /** minutes of editing between automatic snapshots */
  get intervalMinutes(): number {
    return this.#intervalMinutes;
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
