// Imports: File ▸ Import…, Import Folder…, dropped files and the files Glose is opened with. Main
// reads and extracts the files; here they are stored, the user is asked about labels an annotated
// file uses that the project lacks and about the unit of a doccano file's offsets, and the results
// are reported file by file.
import type { ImportBatchResult, ImportOptions, ImportProgress } from '$contract';
import type { GloseDatabase } from '$db/database';
import { createMissing, failedRow, importDuplicatesAnyway, missingInProject, saveImport, type ImportReport } from '$db/imports';
import { hasMissing } from '$lib/import-labels';
import { wholeBatch } from '$lib/import-batch';
import { inUnit, type OffsetUnit } from '$lib/import-offsets';
import { errorText } from '$lib/text';
import type { Settings } from './settings.svelte';
import type { Toasts } from './toasts.svelte';
import type { Workspace } from './workspace.svelte';
import { t } from './i18n.svelte';

export type { ImportReport, ImportReportRow } from '$db/imports';

export class Imports {
  #progress = $state.raw<ImportProgress | null>(null);
  #report = $state.raw<ImportReport | null>(null);
  /** true from the import call until its documents are saved */
  #importing = $state(false);
  private stops: Array<() => void> = [];

  constructor(
    private readonly db: GloseDatabase,
    private readonly ws: Workspace,
    private readonly settings: Settings,
    private readonly toasts: Toasts,
  ) {}

  get progress(): ImportProgress | null {
    return this.#progress;
  }
  /** the results dialog's content, or the question it asks before saving */
  get report(): ImportReport | null {
    return this.#report;
  }
  get importing(): boolean {
    return this.#importing;
  }

  /** Listens to main (progress, files opened with Glose) and imports the files Glose was launched with. */
  async start(): Promise<void> {
    this.stops.push(
      window.glose.on('import:progress', (p) => {
        if (this.#importing) this.#progress = p;
      }),
    );
    this.stops.push(window.glose.on('import:waiting', () => void this.importPending()));
    // files given on the command line (or by the OS) before the window was ready
    await this.importPending();
  }

  dispose(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  /** File ▸ Import… (files) or Import Folder… (folders, with everything in them). */
  async importPick(folders = false): Promise<void> {
    await this.runImport((options) => window.glose.importPick(folders ? { ...options, folders } : options));
  }

  /** Files given on a command line or by the OS: main holds their paths, the page only asks for them. */
  async importPending(): Promise<void> {
    await this.runImport((options) => window.glose.importPending(options));
  }

  /** Files and whole folders dropped on the window. */
  async importDropped(files: File[]): Promise<void> {
    await this.runImport((options) => window.glose.importDropped(files, options));
  }

  /** Stops after the file being read; what was imported is kept and reported. */
  cancelImport(): void {
    void window.glose.importCancel();
  }

  /** Closes the results (or, while it waits for the choice about labels, imports nothing). */
  closeReport(): void {
    this.#report = null;
  }

  /** "Import anyway" in the results dialog: the skipped duplicates are imported as second copies. */
  async importAnyway(): Promise<void> {
    const project = this.ws.project;
    const report = this.#report;
    if (!project || !report || report.duplicates.length === 0) return;
    const updated = await importDuplicatesAnyway(this.db, project.id, report, this.settings.annotator);
    if (this.#report === report) this.#report = updated;
    const first = updated.rows.find((r) => r.docId && report.duplicates.some((d) => (d.meta.sourcePath ?? d.name) === r.path))?.docId;
    if (first) await this.ws.open(first);
  }

  private async runImport(call: (options: ImportOptions) => Promise<ImportBatchResult | null>): Promise<void> {
    const project = this.ws.project;
    if (!project) return;
    if (this.#importing || this.#report?.pending) {
      this.toasts.show('info', () => t().msg.importRunning);
      return;
    }
    this.#importing = true;
    try {
      let result: ImportBatchResult | null;
      try {
        const first = await call({ limitBytes: await this.settings.importLimit() });
        result = first && (await wholeBatch(first));
      } catch (err) {
        this.toasts.show('error', () => t().msg.importFailed(errorText(err)));
        return;
      }
      if (!result) return;
      // Annotated files may use labels the project lacks, and doccano files may count offsets in
      // either unit: nothing is saved until the user chooses.
      if (!(await this.holdForChoices(result, true))) await this.saveBatch(result);
    } finally {
      this.#importing = false;
      this.#progress = null;
    }
  }

  /**
   * The choice an import held back needs: create the labels it lacks and import everything, import
   * without the annotations that use them (the write leaves them out and counts them), import (only
   * the unit of doccano offsets was asked), or import nothing. `unit` picks the reading of each
   * doccano file whose unit was asked.
   */
  async resolvePendingImport(choice: 'create' | 'without' | 'import' | 'cancel', unit: OffsetUnit = 'codepoint'): Promise<void> {
    const project = this.ws.project;
    const pending = this.#report?.pending;
    if (!project || !pending) return;
    if (choice === 'cancel') {
      this.#report = null;
      return;
    }
    this.#importing = true;
    try {
      const result = inUnit(pending.result, unit);
      // read in the other unit, the files may use other names: ask again if so
      if (result !== pending.result && choice === 'import' && (await this.holdForChoices(result, false))) return;
      if (choice === 'create') {
        const created = await createMissing(this.db, project.id, await missingInProject(this.db, project.id, result.documents));
        await this.saveBatch(result, { created });
      } else {
        await this.saveBatch(result);
      }
    } catch (err) {
      this.toasts.show('error', () => t().msg.importFailed(errorText(err)));
    } finally {
      this.#importing = false;
      this.#progress = null;
    }
  }

  /**
   * Holds the batch in the results dialog when the user has something to decide: names the
   * project lacks, or (when `askUnit`) the unit of doccano offsets. Returns whether it did.
   */
  private async holdForChoices(result: ImportBatchResult, askUnit: boolean): Promise<boolean> {
    const project = this.ws.project;
    if (!project) return false;
    const missing = await missingInProject(this.db, project.id, result.documents);
    const questions = askUnit ? (result.offsetQuestions ?? []) : [];
    if (!hasMissing(missing) && questions.length === 0) return false;
    this.#report = {
      rows: result.failures.map(failedRow),
      duplicates: [],
      cancelled: result.cancelled,
      notReached: result.notReached,
      pending: { result: askUnit ? result : { ...result, offsetQuestions: [] }, missing },
    };
    return true;
  }

  /** Saves an import batch, opens its first document and shows the results. */
  private async saveBatch(result: ImportBatchResult, extra: Pick<ImportReport, 'created'> = {}): Promise<void> {
    const project = this.ws.project;
    if (!project) return;
    if (result.documents.length > 0) this.#progress = { done: 1, total: 1, current: '' };
    const report = await saveImport(this.db, project.id, result, this.settings.annotator);
    // "imported" in the report means stored twice, as an edit's "saved" does (see WriteJournal)
    await this.db.journal?.settled();
    const first = report.rows.find((r) => r.docId)?.docId;
    if (first) await this.ws.open(first);
    if (result.cancelled) this.toasts.show('info', () => t().msg.importCancelled);
    this.#report = { ...report, ...extra };
  }
}
