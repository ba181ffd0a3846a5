// The editor's intents as the reader states them: what each one selects, the Escape ladder, link
// mode, the span Tab goes to, and the undo history a document keeps when its editor is replaced.
import { describe, expect, it, vi } from 'vitest';
import type { Span } from '$model';
import { SpanGroups } from '$lib/span-groups';
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

describe('the spans as the reader and the panel ask for them', () => {
  const TWICE = 'Macron a vu Scholz, puis Macron a vu Macron.';
  const nth = (word: string, n: number) => {
    let i = -1;
    for (let k = 0; k <= n; k++) i = TWICE.indexOf(word, i + 1);
    return { start: i, end: i + word.length };
  };

  it('keeps reading order, the spans over an offset and the groups of identical texts through edits, undo and redo', async () => {
    const { editor: make, label } = await openDocument(TWICE);
    const ed = await make();
    const groups = () => ed.textGroups().groups(label('PER')).map((g) => [g.text, g.spans.map((s) => s.start)]);
    // asked for before any span: made empty, then kept
    expect(groups()).toEqual([]);
    const last = ed.addSpan(label('PER'), nth('Macron', 2));
    ed.addSpan(label('PER'), nth('Scholz', 0));
    ed.addSpan(label('PER'), nth('Macron', 0));
    const wide = ed.addSpan(label('EVENT'), { start: 0, end: nth('Scholz', 0).end });
    expect(ed.spansInOrder().map((s) => s.start)).toEqual([0, 0, nth('Scholz', 0).start, nth('Macron', 2).start]);
    // the longer of two spans starting together comes first
    expect(ed.spansInOrder()[0]?.id).toBe(wide?.id);
    expect(groups()).toEqual([
      ['Macron', [0, nth('Macron', 2).start]],
      ['Scholz', [nth('Scholz', 0).start]],
    ]);
    expect(ed.spansAt(nth('Scholz', 0).start + 1).map((s) => TWICE.slice(s.start, s.end))).toEqual(['Scholz', 'Macron a vu Scholz']);
    expect(ed.spansIn(nth('Macron', 1).start, TWICE.length).map((s) => s.start)).toEqual([nth('Macron', 2).start]);

    // relabelling moves an occurrence to its new label's groups; undo and redo follow
    ed.relabelSpan(last?.id as string, label('ORG'));
    expect(groups()).toEqual([
      ['Macron', [0]],
      ['Scholz', [nth('Scholz', 0).start]],
    ]);
    expect(ed.textGroups().groups(label('ORG')).map((g) => g.text)).toEqual(['Macron']);
    ed.undo();
    expect(groups()[0]).toEqual(['Macron', [0, nth('Macron', 2).start]]);
    expect(ed.textGroups().count(label('ORG'))).toBe(0);
    // a resized span leaves its group for the group of its new text
    ed.resizeSpan(last?.id as string, nth('Macron', 1).start, nth('Macron', 1).end);
    expect(groups()[0]).toEqual(['Macron', [0, nth('Macron', 1).start]]);
    ed.removeSpan(wide?.id as string);
    expect(ed.spansAt(2).map((s) => TWICE.slice(s.start, s.end))).toEqual(['Macron']);
    ed.undo();
    ed.undo();
    ed.redo();
    expect(ed.spansInOrder().map((s) => [s.start, s.end])).toEqual([
      [0, nth('Scholz', 0).end],
      [0, 6],
      [nth('Scholz', 0).start, nth('Scholz', 0).end],
      [nth('Macron', 1).start, nth('Macron', 1).end],
    ]);
    await ed.flushed();
    // a new editor of the stored document reads the same order
    expect((await make()).spansInOrder().map((s) => [s.start, s.end])).toEqual(ed.spansInOrder().map((s) => [s.start, s.end]));
  });

  it('makes the panel’s groups a slice of spans per task, and takes in the edits made meanwhile', async () => {
    const LONG = 'Macron a vu Scholz. '.repeat(2500);
    const { editor: make, label } = await openDocument(LONG);
    const ed = await make();
    const words = (w: string) => [...LONG.matchAll(new RegExp(w, 'g'))].map((m) => ({ start: m.index, end: m.index + w.length }));
    ed.addSpans(label('PER'), [...words('Macron'), ...words('Scholz')]);
    const spans = ed.spansInOrder();
    const [first, late] = [spans[0] as Span, spans[4500] as Span];
    // each slice takes its whole budget: the groups are made over several tasks
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 10));
    try {
      expect(ed.groupsReady).toBe(false);
      await new Promise((r) => setTimeout(r, 0));
      expect(ed.groupsReady).toBe(false);
      // edits while they are made: a span not taken in yet, one already in, a new one
      ed.removeSpan(late.id);
      ed.relabelSpan(first.id, label('ORG'));
      ed.addSpan(label('ORG'), { start: 9, end: 11 });
      await vi.waitFor(() => expect(ed.groupsReady).toBe(true));
    } finally {
      now.mockRestore();
    }
    const rows = (g: SpanGroups<Span>, l: string) => g.groups(label(l)).map((x) => [x.text, x.spans.map((s) => s.id)]);
    const fresh = new SpanGroups(LONG, ed.spansInOrder());
    for (const l of ['PER', 'ORG']) expect(rows(ed.textGroups(), l)).toEqual(rows(fresh, l));
    expect(ed.textGroups().count(label('PER'))).toBe(4998);
    expect(rows(ed.textGroups(), 'ORG')).toEqual([
      ['Macron', [first.id]],
      ['vu', [ed.selectedId]],
    ]);
  });

  it('tells lists to follow only once the frame showing an edit is painted and the edit stored; relation lists only when relations change', async () => {
    const { editor: make, label, db, docId } = await openDocument(TWICE);
    const ed = await make();
    // the lists follow after a frame (a timer here) and once what the editor shows is stored
    const followed = () => vi.waitFor(() => expect(ed.listVersion).toBe(ed.version));
    expect(ed.listVersion).toBe(-1);
    await followed();
    expect(ed.listVersion).toBe(0);
    // another transaction over the documents holds the edits' save until it ends
    let released = false;
    const holding = db.transaction('rw', db.documents, async () => {
      while (!released) await db.documents.get(docId);
    });
    const a = ed.addSpan(label('PER'), nth('Macron', 0));
    const b = ed.addSpan(label('PER'), nth('Scholz', 0));
    expect(ed.listVersion).toBe(0);
    for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
    // frames painted, the edits not yet stored: the panel's update would come between the save's requests
    expect(ed.saveState).toBe('saving');
    expect(ed.listVersion).toBe(0);
    released = true;
    await holding;
    await followed();
    expect(ed.saveState).toBe('saved');
    expect(ed.relationsVersion).toBe(0);
    ed.addRelation(a?.id as string, b?.id as string, 'rel');
    await followed();
    expect(ed.relationsVersion).toBe(1);
    // an edit of a span at a relation's end changes the relation's row; an edit elsewhere does not
    ed.addSpan(label('LOC'), nth('Macron', 2));
    await followed();
    expect(ed.relationsVersion).toBe(1);
    ed.resizeSpan(a?.id as string, 0, 8);
    await followed();
    expect(ed.relationsVersion).toBe(2);
  });
});
