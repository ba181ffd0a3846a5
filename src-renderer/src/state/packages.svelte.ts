// Work packages from the screen: handing the project out to a named annotator, opening a package handed
// out to the user as a project, and sending the user's work on it back.
import type { GloseDatabase } from '$db/database';
import { handoutPackage, openHandout, returnPackage } from '$db/packages';
import { errorText, fileOf } from '$lib/text';
import type { HandoutOrigin } from '$model';
import { version as appVersion } from '../../../package.json';
import { t } from './i18n.svelte';
import type { Settings } from './settings.svelte';
import type { Toasts } from './toasts.svelte';
import type { Workspace } from './workspace.svelte';

export interface HandoutChoice {
  annotator: string;
  withOthers: boolean;
  note: string;
}


export class Packages {
  #dialog = $state(false);
  #busy = $state(false);

  constructor(
    private readonly db: GloseDatabase,
    private readonly ws: Workspace,
    private readonly settings: Settings,
    private readonly toasts: Toasts,
  ) {}

  /** the hand-out dialog is open */
  get dialog(): boolean {
    return this.#dialog;
  }
  get busy(): boolean {
    return this.#busy;
  }
  /** where the project shown came from, when it was handed out to the user */
  get origin(): HandoutOrigin | null {
    return this.ws.project?.handout ?? null;
  }

  showDialog(): void {
    this.#dialog = true;
  }
  closeDialog(): void {
    this.#dialog = false;
  }

  /** Why a name cannot be handed work out to, or null when it can. */
  problem(name: string): string | null {
    const annotator = name.trim();
    if (!annotator) return t().packages.nameMissing;
    if (annotator === this.settings.annotator) return t().packages.nameIsYours(annotator);
    if (annotator.length > 1000) return t().packages.nameTooLong;
    return null;
  }

  /** Writes the hand-out package (main asks where); the dialog closes once it is saved. */
  async handOut(choice: HandoutChoice): Promise<void> {
    const projectId = this.ws.projectId;
    if (!projectId || this.#busy || this.problem(choice.annotator)) return;
    await this.run(async () => {
      await this.ws.editor?.flushed();
      const pkg = await handoutPackage(this.db, projectId, { annotator: choice.annotator, me: this.settings.annotator, withOthers: choice.withOthers, note: choice.note, appVersion });
      const saved = await window.glose.packageSave(pkg);
      if (!saved) return;
      this.#dialog = false;
      this.toasts.show('info', () => t().packages.saved(pkg.annotator, fileOf(saved.path)));
    }, (why) => t().packages.notSaved(why));
  }

  /** Writes the user's work on a handed-out project, to send back to the lead. */
  async sendBack(): Promise<void> {
    const projectId = this.ws.projectId;
    if (!projectId || !this.origin || this.#busy) return;
    await this.run(async () => {
      await this.ws.editor?.flushed();
      const saved = await window.glose.packageSave(await returnPackage(this.db, projectId, appVersion));
      if (saved) this.toasts.show('info', () => t().packages.sentBack(fileOf(saved.path)));
    }, (why) => t().packages.notSaved(why));
  }

  /** Opens a package handed out to the user as a new project, and shows it. */
  async open(): Promise<boolean> {
    if (this.#busy) return false;
    let opened = false;
    await this.run(async () => {
      const got = await window.glose.packageOpen({ limitBytes: await this.settings.importLimit() });
      if (!got) return;
      const project = await openHandout(this.db, got.package, got.fileName, this.settings.annotator);
      await this.ws.switchProject(project.id);
      this.toasts.show('info', () => t().packages.opened(project.name, got.package.from));
      opened = true;
    }, (why) => t().packages.notOpened(why));
    return opened;
  }

  private async run(work: () => Promise<void>, failed: (why: string) => string): Promise<void> {
    this.#busy = true;
    try {
      await work();
    } catch (err) {
      this.toasts.show('error', () => failed(errorText(err)));
    } finally {
      this.#busy = false;
    }
  }
}
