// A step of the project's history keeps what it did as words, not as a sentence: the Undo buttons and
// the toast that says a step was undone follow a language switch made after the step.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GloseDatabase } from '$db/database';
import { language, say, t } from '$state/i18n.svelte';
import { ProjectHistory } from '$state/project-history.svelte';
import { Toasts } from '$state/toasts.svelte';
import type { Workspace } from '$state/workspace.svelte';

describe('the project history', () => {
  afterEach(() => {
    language.use('en');
    vi.unstubAllGlobals();
  });

  it('words a step’s description where it is shown, in the language of the moment', async () => {
    vi.stubGlobal('window', {});
    language.use('en');
    // a step that changed nothing stored: the history only records and undoes it
    const ws = { projectId: 'p1', editor: null, reload: async () => {} } as unknown as Workspace;
    const toasts = new Toasts();
    const history = new ProjectHistory({} as GloseDatabase, ws, toasts);
    await history.run(async () => ({ description: () => t().msg.statusStep(2, t().status.done), changes: [] }));
    expect(history.undoDescription).toBe('set 2 documents to Done');

    language.use('fr');
    expect(history.undoDescription).toBe('passer 2 documents à «\u00a0Terminé\u00a0»');
    await history.undo();
    expect(history.redoDescription).toBe('passer 2 documents à «\u00a0Terminé\u00a0»');
    const told = toasts.list.at(-1);
    expect(told && say(told.text)).toMatch(/passer 2 documents à «\u00a0Terminé\u00a0»/);
    language.use('en');
    expect(told && say(told.text)).toMatch(/set 2 documents to Done/);
  });
});
