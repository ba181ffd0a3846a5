// A write that fails (here: the database closed under the editor) is rolled back on screen, leaves the
// undo history, and is reported with what was not saved.
import { describe, expect, it } from 'vitest';
import type { GloseDatabase } from '$db/database';
import type { Editor } from '$state/editor.svelte';
import type { Span } from '$model';
import { openDocument } from './open-document';

const TEXT = 'Olaf Scholz a rencontré Emmanuel Macron à Berlin.';

async function openEditor(): Promise<{ db: GloseDatabase; editor: Editor; label: (name: string) => string }> {
  const { db, editor, label } = await openDocument(TEXT);
  return { db, editor: await editor(), label };
}

const shown = (editor: Editor) => editor.spansInOrder().map((s) => TEXT.slice(s.start, s.end));
const stored = async (db: GloseDatabase) => (await db.spans.toArray()).map((s) => TEXT.slice(s.start, s.end)).sort();

describe('editor, when the database refuses a write', () => {
  it('rolls the screen back, drops the step from the undo history and says what was not saved', async () => {
    const { db, editor, label } = await openEditor();
    editor.addSpan(label('PER'), { start: 0, end: 11 });
    await editor.flushed();
    expect(editor.saveState).toBe('saved');
    expect(await stored(db)).toEqual(['Olaf Scholz']);

    const seen: Array<{ added: string[]; removed: string[] }> = [];
    editor.subscribe((added, removed) => seen.push({ added: added.map((s) => TEXT.slice(s.start, s.end)), removed: removed.map((s) => TEXT.slice(s.start, s.end)) }));
    db.close();
    const lost = editor.addSpan(label('PER'), { start: 24, end: 39 });
    // shown at once, before the write…
    expect(shown(editor)).toEqual(['Olaf Scholz', 'Emmanuel Macron']);
    expect(editor.saveState).toBe('saving');
    expect(editor.selectedId).toBe(lost?.id);
    await editor.flushed();
    // …and taken back when it fails
    expect(shown(editor)).toEqual(['Olaf Scholz']);
    expect(editor.span(lost?.id as string)).toBeUndefined();
    expect(editor.selectedId).toBeNull();
    expect(editor.saveState).toBe('failed');
    expect(editor.lastError).toMatch(/^Not saved: the last change \(.*closed.*\)\. The screen shows what is stored\.$/i);
    // the reader was told to remove the highlight it had drawn
    expect(seen).toEqual([
      { added: ['Emmanuel Macron'], removed: [] },
      { added: [], removed: ['Emmanuel Macron'] },
    ]);
    // the failed step is not in the history: undo undoes the edit before it
    expect(editor.canUndo).toBe(true);
    expect(editor.canRedo).toBe(false);

    await db.open();
    editor.undo();
    await editor.flushed();
    expect(editor.saveState).toBe('saved');
    expect(shown(editor)).toEqual([]);
    expect(await stored(db)).toEqual([]);
    expect(editor.canUndo).toBe(false);
    editor.redo();
    await editor.flushed();
    expect(await stored(db)).toEqual(['Olaf Scholz']);
    expect(editor.canRedo).toBe(false);
  });

  it('puts back the span as stored when a relabel, a note or a resize fails, and the document fields too', async () => {
    const { db, editor, label } = await openEditor();
    const span = editor.addSpan(label('PER'), { start: 42, end: 48 }) as Span;
    await editor.flushed();
    db.close();
    editor.relabelSpan(span.id, label('LOC'));
    editor.setNote(span.id, 'capitale');
    editor.resizeSpan(span.id, 41, 48);
    editor.setStatus('done');
    expect(editor.span(span.id)).toMatchObject({ labelId: label('LOC'), note: 'capitale', start: 41 });
    expect(editor.fields.status).toBe('done');
    await editor.flushed();
    expect(editor.span(span.id)).toEqual(span);
    expect(editor.fields.status).toBe('in_progress');
    // the four edits were queued behind each other: all four are reported
    expect(editor.lastError).toMatch(/^Not saved: 4 annotation changes/);
    expect(editor.canUndo).toBe(true);
    await db.open();
    expect(await db.spans.get(span.id)).toEqual(span);
    expect((await db.documents.toArray()).find((d) => d.name === 'a.txt')?.status).toBe('in_progress');
  });

  it('a failed undo goes back to the stored state and stays the step to undo', async () => {
    const { db, editor, label } = await openEditor();
    editor.addSpans(label('LOC'), [
      { start: 0, end: 4 },
      { start: 42, end: 48 },
    ]);
    await editor.flushed();
    db.close();
    editor.undo();
    expect(shown(editor)).toEqual([]);
    expect(editor.canRedo).toBe(true);
    await editor.flushed();
    expect(shown(editor)).toEqual(['Olaf', 'Berlin']);
    expect(editor.lastError).toMatch(/^Not saved: 2 annotation changes/);
    // the spans are still there, so undo still offers to remove them, and there is nothing to redo
    expect(editor.canUndo).toBe(true);
    expect(editor.canRedo).toBe(false);
    await db.open();
    editor.undo();
    await editor.flushed();
    expect(await stored(db)).toEqual([]);
    expect(shown(editor)).toEqual([]);
  });

  it('edits made after the one that failed, not yet written, are taken back with it, newest first', async () => {
    const { db, editor, label } = await openEditor();
    editor.addSpan(label('PER'), { start: 0, end: 11 });
    await editor.flushed();
    editor.undo();
    await editor.flushed();
    expect(editor.canRedo).toBe(true);
    db.close();
    // a new span, then a relabel of it and a note on it, all queued behind the first write
    const span = editor.addSpan(label('PER'), { start: 42, end: 48 }) as Span;
    editor.relabelSpan(span.id, label('LOC'));
    editor.setNote(span.id, 'capitale');
    expect(editor.canRedo).toBe(false);
    await editor.flushed();
    expect(shown(editor)).toEqual([]);
    expect(editor.span(span.id)).toBeUndefined();
    expect(editor.lastError).toMatch(/^Not saved: 3 annotation changes/);
    // the history is as it was before them: the undone span can be redone
    expect(editor.canUndo).toBe(false);
    expect(editor.canRedo).toBe(true);
    await db.open();
    expect(await stored(db)).toEqual([]);
    editor.redo();
    await editor.flushed();
    expect(editor.saveState).toBe('saved');
    expect(await stored(db)).toEqual(['Olaf Scholz']);
  });
});
