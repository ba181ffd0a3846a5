// The reader pack made from the reader's memory (src-renderer/src/state/pack-keeper.ts): after an open
// from the records, after a pause in editing, and when the document is left. It must hold exactly what
// is stored, and never be stored when someone else wrote the document since the reader read it (the
// editor mark, db/pack-keys.ts) or when an edit came after the memory was packed.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDocument, type OpenDocument } from './open-document';
import type { GloseDatabase } from '$db/database';
import { applyChange, loadDocument } from '$db/documents';
import { EDITOR_MARK, READER_PACK } from '$db/pack-invalidation';
import { ReaderPacker, packReader, putEditorMark, storeMemoryPack, type ReaderPack } from '$db/reader-packs';
import { Editor } from '$state/editor.svelte';
import { PackKeeper } from '$state/pack-keeper';
import type { Relation, Span } from '$model';

const TEXT = 'Angela Merkel a reçu 😀 Emmanuel Macron à Berlin. Olaf Scholz est à Paris, dit-il.';

const byId = <T extends { id: string }>(list: readonly T[]) => [...list].sort((x, y) => (x.id < y.id ? -1 : 1));
const packOf = (db: GloseDatabase, docId: string) => db.packedLayers.get([docId, READER_PACK]);
const markOf = async (db: GloseDatabase, docId: string) => ((await db.packedLayers.get([docId, EDITOR_MARK])) as { claim?: string } | undefined)?.claim;

async function records(db: GloseDatabase, docId: string) {
  return { spans: byId(await db.spans.where('docId').equals(docId).toArray()), relations: byId(await db.relations.where('docId').equals(docId).toArray()) };
}

/** A document with three spans, a relation and a note, stored by a first editor. */
async function annotated(): Promise<OpenDocument> {
  const o = await openDocument(TEXT);
  const first = await o.editor();
  const merkel = first.addSpan(o.label('PER'), { start: 0, end: 13 }) as Span;
  const macron = first.addSpan(o.label('PER'), { start: 24, end: 39 }) as Span;
  first.addSpan(o.label('LOC'), { start: 42, end: 48 });
  first.setNote(merkel.id, 'chancelière');
  const types = await o.db.relationTypes.toArray();
  first.addRelation(macron.id, merkel.id, types[0]?.id as string);
  await first.flushed();
  return o;
}

/** Opens the document as the workspace does: the mark put before the read, the editor keeping it. */
async function open(o: OpenDocument, claim: string) {
  await putEditorMark(o.db, o.docId, claim);
  const loaded = await loadDocument(o.db, o.docId);
  if (!loaded) throw new Error('not stored');
  return { loaded, editor: new Editor(o.db, loaded, () => 'ann', undefined, { mark: claim }) };
}

/** A keeper that packs at once, and the next pack it stores. */
function keeperOf(db: GloseDatabase) {
  const keeper = new PackKeeper(db, { openQuietMs: 0, editQuietMs: 0 });
  const next = () => new Promise<string>((resolve) => (keeper.onStored = resolve));
  return { keeper, next };
}

describe('packed a slice at a time', () => {
  it('is the pack made at once, whatever the slices', async () => {
    const o = await annotated();
    const { spans, relations } = await records(o.db, o.docId);
    const later = spans.map((s, i) => (i === 1 ? { ...s, confidence: 0.5 } : s));
    const whole = packReader(o.docId, later, relations) as ReaderPack;
    for (const slice of [1, 2, 3, 1000]) {
      const packer = new ReaderPacker(o.docId, [...later].sort((a, b) => a.start - b.start), relations);
      let steps = 1;
      while (!packer.step(slice)) steps++;
      expect(steps).toBe(Math.ceil((spans.length + relations.length) / slice));
      // the same columns; each pack made is an edition of its own
      const made = packer.result() as ReaderPack;
      expect(made).toEqual({ ...whole, edition: made.edition });
      expect(made.edition).not.toBe(whole.edition);
    }
    // a relation to a span not among them: no pack
    const stray: Relation = { ...(relations[0] as Relation), toId: 'nowhere' };
    const packer = new ReaderPacker(o.docId, later, [stray]);
    while (!packer.step(2));
    expect(packer.result()).toBeNull();
  });
});

describe('the editor mark', () => {
  it("is kept by the reader's own saves and taken by any other write to the document's spans or relations", async () => {
    const o = await annotated();
    const { editor } = await open(o, 'c1');
    editor.addSpan(o.label('LOC'), { start: 71, end: 76 });
    await editor.flushed();
    expect(await markOf(o.db, o.docId)).toBe('c1');
    // a write from elsewhere (the corpus's label-all, a schema change: no mark of theirs)
    const span = (await records(o.db, o.docId)).spans[0] as Span;
    await applyChange(o.db, { docId: o.docId, spans: [{ before: span, after: { ...span, end: span.end - 1 } }], relations: [] });
    expect(await markOf(o.db, o.docId)).toBeUndefined();
    // and the reader's next save does not put it back: its memory no longer is what is stored
    editor.addSpan(o.label('LOC'), { start: 50, end: 61 });
    await editor.flushed();
    expect(await markOf(o.db, o.docId)).toBeUndefined();
    // a relation written directly
    await putEditorMark(o.db, o.docId, 'c2');
    const relation = (await records(o.db, o.docId)).relations[0] as Relation;
    await o.db.relations.put({ ...relation, note: 'cité' });
    expect(await markOf(o.db, o.docId)).toBeUndefined();
  });

  it('a pack from memory is stored only while the mark holds the claim and nothing was edited since', async () => {
    const o = await annotated();
    const { spans, relations } = await records(o.db, o.docId);
    const pack = packReader(o.docId, spans, relations) as ReaderPack;
    await putEditorMark(o.db, o.docId, 'c1');
    expect(await storeMemoryPack(o.db, pack, 'c2', () => true)).toBe(false);
    expect(await storeMemoryPack(o.db, pack, 'c1', () => false)).toBe(false);
    expect(await packOf(o.db, o.docId)).toBeUndefined();
    expect(await storeMemoryPack(o.db, pack, 'c1', () => true)).toBe(true);
    expect(await packOf(o.db, o.docId)).toEqual(pack);
  });
});

describe('the keeper', () => {
  it('packs the memory once quiet after an open from the records, and again after a pause in editing', async () => {
    const o = await annotated();
    const { loaded, editor } = await open(o, 'c1');
    expect(loaded.packed).toBe(false);
    const { keeper, next } = keeperOf(o.db);
    const first = next();
    keeper.watch(editor, 'c1', false);
    expect(await first).toBe(o.docId);
    const opened = await loadDocument(o.db, o.docId);
    expect(opened?.packed).toBe(true);
    const stored = await records(o.db, o.docId);
    expect(byId(opened?.spans ?? [])).toEqual(stored.spans);
    expect(byId(opened?.relations ?? [])).toEqual(stored.relations);

    // an edit deletes the pack with its save; the pause after it packs the memory, the edit in it
    const second = next();
    const added = editor.addSpan(o.label('LOC'), { start: 71, end: 76 }) as Span;
    await editor.flushed();
    await second;
    const again = await loadDocument(o.db, o.docId);
    expect(again?.packed).toBe(true);
    expect(again?.spans.find((s) => s.id === added.id)).toEqual(added);
    expect(byId(again?.spans ?? [])).toEqual((await records(o.db, o.docId)).spans);
    // left with its pack stored: nothing more to do
    expect(await keeper.leave()).toBe(true);
  });

  it('left after an edit, packs the memory then', async () => {
    const o = await annotated();
    const { editor } = await open(o, 'c1');
    const keeper = new PackKeeper(o.db, { openQuietMs: 60_000, editQuietMs: 60_000 });
    keeper.watch(editor, 'c1', true);
    editor.relabelSpan(editor.spansInOrder()[2]?.id as string, o.label('ORG'));
    await editor.flushed();
    expect(await packOf(o.db, o.docId)).toBeUndefined();
    expect(await keeper.leave()).toBe(true);
    const opened = await loadDocument(o.db, o.docId);
    expect(opened?.packed).toBe(true);
    expect(byId(opened?.spans ?? [])).toEqual((await records(o.db, o.docId)).spans);
  });

  it('stores nothing when another write came since the reader read the document', async () => {
    const o = await annotated();
    const { editor } = await open(o, 'c1');
    const keeper = new PackKeeper(o.db, { openQuietMs: 60_000, editQuietMs: 60_000 });
    keeper.watch(editor, 'c1', false);
    // the corpus shortens a span; the reader, not reloaded yet, still holds the old one
    const span = (await records(o.db, o.docId)).spans[0] as Span;
    await applyChange(o.db, { docId: o.docId, spans: [{ before: span, after: { ...span, end: span.end - 1 } }], relations: [] });
    expect(await keeper.leave()).toBe(false);
    expect(await packOf(o.db, o.docId)).toBeUndefined();
  });

  it('an edit made while the memory is packed keeps that pack from being stored; the next pause packs the edit', async () => {
    const o = await annotated();
    const { editor } = await open(o, 'c1');
    const { keeper, next } = keeperOf(o.db);
    const stored = next();
    keeper.watch(editor, 'c1', false);
    // the packing starts once the timer fires; the edit comes before its first slice
    await new Promise((r) => setTimeout(r, 0));
    const added = editor.addSpan(o.label('LOC'), { start: 71, end: 76 }) as Span;
    await stored;
    await editor.flushed();
    const opened = await loadDocument(o.db, o.docId);
    expect(opened?.packed).toBe(true);
    expect(opened?.spans.find((s) => s.id === added.id)).toEqual(added);
    keeper.stop();
  });
});
