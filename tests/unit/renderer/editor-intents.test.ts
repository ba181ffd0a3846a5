// The editor's intents as the reader states them: what each one selects, the Escape ladder, link
// mode, the span Tab goes to, and the undo history a document keeps when its editor is replaced.
import { describe, expect, it } from 'vitest';
import { EditHistory } from '$state/editor.svelte';
import { openDocument } from './open-document';

const TEXT = 'Olaf Scholz a rencontré Emmanuel Macron à Berlin.';
const open = () => openDocument(TEXT);

const at = (word: string) => ({ start: TEXT.indexOf(word), end: TEXT.indexOf(word) + word.length });

describe('editor intents', () => {
  it('selection: pending text, a span, a second click, the Escape ladder', async () => {
    const { editor: make, label } = await open();
    const ed = await make();
    ed.setPending(at('Olaf Scholz'));
    ed.applyLabel(label('PER'));
    const olaf = ed.selectedId as string;
    expect(ed.span(olaf)).toMatchObject(at('Olaf Scholz'));
    // a label key on a selected span relabels it
    ed.applyLabel(label('ORG'));
    expect(ed.span(olaf)?.labelId).toBe(label('ORG'));
    // a click selects, a second click opens the popover
    ed.choose(null);
    expect([ed.selectedId, ed.openedId]).toEqual([null, null]);
    ed.choose(olaf);
    expect([ed.selectedId, ed.openedId]).toEqual([olaf, null]);
    ed.choose(olaf);
    expect(ed.openedId).toBe(olaf);
    // Escape: link mode, then the popover, then the pending text, then the span
    ed.startLink();
    expect([ed.linkFrom, ed.openedId]).toEqual([olaf, null]);
    ed.refuseLink('No.');
    expect(ed.linkProblem).toBe('No.');
    ed.cancel();
    expect([ed.linkFrom, ed.linkProblem, ed.selectedId]).toEqual([null, null, olaf]);
    ed.openPopover();
    ed.cancel();
    expect([ed.openedId, ed.selectedId]).toEqual([null, olaf]);
    ed.cancel();
    expect(ed.selectedId).toBeNull();
    // a found match becomes the selection a label key tags, instead of the span selected before
    ed.select(olaf);
    ed.selectRange(at('Berlin'));
    expect([ed.selectedId, ed.pending, ed.caret]).toEqual([null, at('Berlin'), at('Berlin').start]);
    expect(ed.revealAt?.offset).toBe(at('Berlin').start);
    ed.applyLabel(label('LOC'));
    expect(ed.spansInOrder().map((s) => [TEXT.slice(s.start, s.end), s.labelId])).toEqual([
      ['Olaf Scholz', label('ORG')],
      ['Berlin', label('LOC')],
    ]);
  });

  it('Tab goes to the nearest span the filter accepts, from the selected span or the caret', async () => {
    const { editor: make, label } = await open();
    const ed = await make();
    const olaf = ed.addSpan(label('PER'), at('Olaf Scholz'));
    const met = ed.addSpan(label('EVENT'), at('rencontré'));
    const macron = ed.addSpan(label('PER'), at('Emmanuel Macron'));
    ed.select(olaf?.id ?? null);
    expect(ed.neighbour(1)?.id).toBe(met?.id);
    expect(ed.neighbour(1, (s) => s.labelId === label('PER'))?.id).toBe(macron?.id);
    expect(ed.neighbour(-1)).toBeUndefined();
    ed.moveCaret(at('à').start);
    expect(ed.selectedId).toBeNull();
    expect(ed.neighbour(-1, (s) => s.labelId === label('EVENT'))?.id).toBe(met?.id);
    expect(ed.neighbour(1)).toBeUndefined();
  });

  it('the undo history outlives the editor: a new editor of the same document can undo', async () => {
    const { db, docId, editor: make, label } = await open();
    const history = new EditHistory();
    const first = await make(history);
    first.addSpan(label('PER'), at('Olaf Scholz'));
    await first.flushed();
    const again = await make(history);
    expect(again.canUndo).toBe(true);
    again.undo();
    await again.flushed();
    expect(await db.spans.where('docId').equals(docId).count()).toBe(0);
    expect(again.canRedo).toBe(true);
    expect((await make()).canUndo).toBe(false);
  });
});
