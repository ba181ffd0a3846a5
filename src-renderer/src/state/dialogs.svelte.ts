// Which of the app's dialogs is open. The import results and the restore prompt open on their own
// (state/imports, state/backup); these open when asked.
import type { Imports } from './imports.svelte';
import type { Workspace } from './workspace.svelte';

export type DialogName = 'shortcuts' | 'schema' | 'export' | 'settings';

export class Dialogs {
  #open = $state<Record<DialogName, boolean>>({ shortcuts: false, schema: false, export: false, settings: false });

  constructor(
    private readonly ws: Workspace,
    private readonly imports: Imports,
  ) {}

  isOpen(name: DialogName): boolean {
    return this.#open[name];
  }

  show(name: DialogName): void {
    this.#open[name] = true;
  }

  close(name: DialogName): void {
    this.#open[name] = false;
  }

  /** Opens the export dialog (format, scope, options, preview), after pending edits are saved. */
  async openExport(): Promise<void> {
    // while the import results ask about missing labels, that question comes first
    if (this.imports.report?.pending) return;
    await this.ws.editor?.flushed();
    this.show('export');
  }
}
