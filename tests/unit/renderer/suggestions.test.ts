// The reader's suggestions: proposals from the recommenders (the worker's service, run in-process
// here), accepted, corrected and rejected through the editor as undoable steps, decisions stored with
// the document and still in force after a restart, accept-all as one step, per-project switches,
// the panel's counts, and pre-annotation with Cancel.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { deleteDocuments, loadDocument } from '$db/documents';
import { prepareRequest, readSuggestSource, suggestDocuments, suggestState } from '$db/suggestions';

const readSuggestState = async (...args: Parameters<typeof readSuggestSource>) => (await readSuggestSource(...args))?.state ?? null;
import { buildReaderPacks } from '$db/reader-packs';
import { digestOf } from '../../../src-renderer/src/suggest/digest';
import type { DocumentState } from '../../../src-renderer/src/suggest/service';
import type { GloseDatabase } from '$db/database';
import { Editor } from '$state/editor.svelte';
import { type MainPort, Suggestions, type SuggestClient } from '$state/suggestions.svelte';
import { Toasts } from '$state/toasts.svelte';
import { language, say } from '$state/i18n.svelte';
import { DEFAULT_CUE_FILES } from '../../../src-renderer/src/suggest/default-cues';
import { SuggestService } from '../../../src-renderer/src/suggest/service';
import { openDocument, type OpenDocument } from './open-document';

const TEXT = 'Emmanuel Macron a reçu Olaf Scholz à Berlin le 4 février 2022. Plus tard, Emmanuel Macron est parti. Olaf Scholz aussi.';
const LONG = Array.from({ length: 30 }, (_, i) => `Emmanuel Macron a reçu Olaf Scholz à Berlin le ${i + 1} février 2022. « Nous partirons », a déclaré Olaf Scholz.`).join('\n');
const at = (word: string, from = 0) => ({ start: TEXT.indexOf(word, from), end: TEXT.indexOf(word, from) + word.length });
const second = (word: string) => at(word, TEXT.indexOf(word) + 1);

function inProcess(): SuggestClient {
  const service = new SuggestService(DEFAULT_CUE_FILES);
  return { request: async (r) => service.handle(structuredClone(r)), dispose: () => {} };
}

/** The service in-process, preparing a document from the database as the worker does (worker.ts); the requests sent, in order, in `sent`. */
function preparing(db: GloseDatabase, sent: string[]): SuggestClient {
  const service = new SuggestService(DEFAULT_CUE_FILES);
  return {
    request: async (r) => {
      sent.push(r.type);
      return service.handle(structuredClone(r));
    },
    prepare: async (source) => {
      sent.push('prepare');
      const read = await readSuggestSource(db, source.id, source.layer, new Map(source.labels), new Map(source.types));
      return read ? service.handle(prepareRequest(read, source)) : { type: 'ok' };
    },
    dispose: () => {},
  };
}

/**
 * Suggestions following the project of `o`, preparing documents as the worker does (see preparing),
 * whose reads wait until `letGo` is called; the requests sent from then on are in `sent`.
 */
async function gated(o: OpenDocument) {
  const labels = await o.db.labels.toArray();
  const types = await o.db.relationTypes.toArray();
  const projectId = (await o.db.documents.get(o.docId))?.projectId as string;
  const sent: string[] = [];
  const worker = preparing(o.db, sent);
  let letGo = () => {};
  const gate = new Promise<void>((resolve) => (letGo = resolve));
  const client: SuggestClient = { ...worker, prepare: async (source) => (await gate, worker.prepare?.(source) ?? { type: 'ok' }) };
  const sg = new Suggestions(o.db, new Toasts(), () => client);
  sg.follow(projectId, labels, types, null);
  await sg.idle();
  sent.length = 0;
  return { sg, sent, letGo, labels, types, projectId };
}

/** The document with a span on Emmanuel Macron, stored, and its reader pack built. */
async function packedWithMacron(): Promise<OpenDocument> {
  const o = await openDocument(TEXT);
  const stored = await o.editor();
  stored.addSpan(o.label('PER'), at('Emmanuel Macron'));
  await stored.flushed();
  expect(await buildReaderPacks(o.db, [o.docId])).toBe(1);
  return o;
}

async function setup(o: OpenDocument) {
  const labels = await o.db.labels.toArray();
  const types = await o.db.relationTypes.toArray();
  const projectId = (await o.db.documents.get(o.docId))?.projectId as string;
  const ed = await o.editor();
  const sg = new Suggestions(o.db, new Toasts(), inProcess);
  sg.follow(projectId, labels, types, ed);
  await sg.idle();
  return { ed, sg, labels, types, projectId };
}

const keyOf = (sg: Suggestions, range: { start: number; end: number }, label: string) => sg.proposals.find((p) => p.start === range.start && p.end === range.end && p.label === label)?.key ?? null;

describe('suggestions in the reader', () => {
  it('proposes what the user tagged elsewhere, and dates; never over an existing span', async () => {
    const o = await openDocument(TEXT);
    const { ed, sg } = await setup(o);
    expect(keyOf(sg, at('4 février 2022'), 'DATE')).not.toBeNull();
    expect(sg.proposals.some((p) => p.label === 'PER')).toBe(false);
    ed.addSpan(o.label('PER'), at('Emmanuel Macron'));
    await sg.idle();
    // the same form further on, by the learned strings; none where the span itself is
    const p = sg.proposals.find((x) => x.start === second('Emmanuel Macron').start);
    expect(p).toMatchObject({ label: 'PER', recommender: 'learned' });
    expect(sg.proposals.some((x) => x.start === at('Emmanuel Macron').start && x.label === 'PER')).toBe(false);
    expect(sg.proposalAt(second('Emmanuel Macron').start + 3)?.key).toBe(p?.key);
  });

  it('takes the proposals the worker computed while the document opened when the reader holds the same document, else asks again', async () => {
    const o = await openDocument(TEXT);
    const labels = await o.db.labels.toArray();
    const types = await o.db.relationTypes.toArray();
    const projectId = (await o.db.documents.get(o.docId))?.projectId as string;
    const stored = await o.editor();
    stored.addSpan(o.label('PER'), at('Emmanuel Macron'));
    await stored.flushed();
    const sent: string[] = [];
    const sg = new Suggestions(o.db, new Toasts(), () => preparing(o.db, sent));
    sg.follow(projectId, labels, types, null);
    await sg.idle();
    // the reader starts opening the document, reads it, then shows it
    sg.prepare(o.docId, null);
    sg.follow(projectId, labels, types, await o.editor());
    await sg.idle();
    expect(sent).toEqual(['configure', 'learn', 'prepare', 'openPrepared']);
    expect(keyOf(sg, second('Emmanuel Macron'), 'PER')).not.toBeNull();
    // what the document sent whole gives
    const plain = new Suggestions(o.db, new Toasts(), inProcess);
    plain.follow(projectId, labels, types, await o.editor());
    await plain.idle();
    expect(sg.proposals).toEqual(plain.proposals);
    expect(sg.relations).toEqual(plain.relations);

    // prepared, then the document changed before the reader read it: the reader's copy is sent whole
    sg.follow(projectId, labels, types, null);
    sg.prepare(o.docId, null);
    await sg.idle();
    const other = await o.editor();
    other.addSpan(o.label('PER'), second('Emmanuel Macron'));
    await other.flushed();
    sent.length = 0;
    sg.follow(projectId, labels, types, await o.editor());
    await sg.idle();
    // the digest the worker answered with is not the reader's: the page asks for no prepared proposals
    expect(sent).toEqual(['open']);
    expect(keyOf(sg, second('Emmanuel Macron'), 'PER')).toBeNull();
  });

  it('after adds, removals and undos, the page holds the proposals a fresh open of the document gets', async () => {
    const o = await openDocument(LONG);
    const { ed, sg, labels, types, projectId } = await setup(o);
    // the forms recur 30 times: each learned form is proposed, then taken back, all through the book
    const words = ['Emmanuel Macron', 'Olaf Scholz', 'Berlin', 'Nous partirons'];
    for (let k = 0; k < 12; k++) {
      const w = words[k % 4] as string;
      const from = LONG.indexOf(w, (k * 37) % 500);
      const s = ed.addSpan(o.label(k % 2 ? 'PER' : 'LOC'), { start: from, end: from + w.length });
      await sg.idle();
      // some removed, some undone: each answered as a change to the proposals the page holds
      if (k % 3 === 1 && s) ed.removeSpan(s.id);
      if (k % 3 === 2) ed.undo();
      await sg.idle();
      await ed.flushed();
      const fresh = new Suggestions(o.db, new Toasts(), inProcess);
      fresh.follow(projectId, labels, types, await o.editor());
      await fresh.idle();
      expect(sg.proposals.map((p) => p.key)).toEqual(fresh.proposals.map((p) => p.key));
      expect(sg.relations.map((p) => p.key)).toEqual(fresh.relations.map((p) => p.key));
    }
  });

  it("a document read from its reader pack is named by the pack's edition: the page reads none of its spans to take what was prepared", async () => {
    const o = await packedWithMacron();
    const { sg, sent, letGo, labels, types, projectId } = await gated(o);
    letGo();
    sg.prepare(o.docId, null);
    const ed = await o.editor();
    expect(ed.edition).toMatch(/^[\w-]{36}$/);
    const spansRead = vi.spyOn(ed, 'allSpans');
    const relationsRead = vi.spyOn(ed, 'allRelations');
    sg.follow(projectId, labels, types, ed);
    await sg.idle();
    expect(sent).toEqual(['prepare', 'openPrepared']);
    expect(spansRead).not.toHaveBeenCalled();
    expect(relationsRead).not.toHaveBeenCalled();
    const plain = new Suggestions(o.db, new Toasts(), inProcess);
    plain.follow(projectId, labels, types, await o.editor());
    await plain.idle();
    expect(keyOf(sg, second('Emmanuel Macron'), 'PER')).not.toBeNull();
    expect(sg.proposals).toEqual(plain.proposals);
    expect(sg.relations).toEqual(plain.relations);
  });

  it('the worker read another edition than the reader: the reader sends its own, with the edits made while it waited sent whole after it', async () => {
    const o = await packedWithMacron();
    const { sg, sent, letGo, labels, types, projectId } = await gated(o);
    sg.prepare(o.docId, null);
    const ed = await o.editor();
    expect(ed.edition).not.toBeNull();
    sg.follow(projectId, labels, types, ed);
    // the page has made its fingerprint (the pack's edition) and waits for the worker
    await new Promise((resolve) => setTimeout(resolve, 20));
    ed.addSpan(o.label('PER'), at('Olaf Scholz'));
    await ed.flushed();
    // meanwhile the pack was made again (another edition), which the worker then reads
    expect(await buildReaderPacks(o.db, [o.docId])).toBe(1);
    letGo();
    await sg.idle();
    // the reader's copy, edit included, then that edit not as a change (it would be applied twice) but whole
    expect(sent).toEqual(['prepare', 'open', 'edit']);
    const plain = new Suggestions(o.db, new Toasts(), inProcess);
    plain.follow(projectId, labels, types, await o.editor());
    await plain.idle();
    expect(keyOf(sg, second('Olaf Scholz'), 'PER')).not.toBeNull();
    expect(sg.proposals).toEqual(plain.proposals);
  });

  it('a document left before its turn came is not sent to the worker', async () => {
    const o = await openDocument(TEXT);
    const { sg, sent, letGo, labels, types, projectId } = await gated(o);
    // shown while the worker is busy, then left (here for no document) before its turn came
    sg.prepare(o.docId, null);
    sg.follow(projectId, labels, types, await o.editor());
    await new Promise((resolve) => setTimeout(resolve, 20));
    sg.follow(projectId, labels, types, null);
    letGo();
    await sg.idle();
    expect(sent).toEqual(['prepare', 'close']);
  });

  it("the worker's read of a document from its reader pack (with or without the text it holds) is the reader's state, digest and all", async () => {
    const text = '« Nous partirons », a déclaré Olaf Scholz à Berlin. Emmanuel Macron est resté.';
    const o = await openDocument(text);
    const labels = await o.db.labels.toArray();
    const types = await o.db.relationTypes.toArray();
    const ed = await o.editor();
    const quote = ed.addSpan(o.label('QUOTE'), { start: 0, end: text.indexOf('»') + 1 });
    const scholz = ed.addSpan(o.label('PER'), { start: text.indexOf('Olaf'), end: text.indexOf(' à') });
    // two spans starting at one place: the pack keeps the reader's order (the longest first), the state its own
    ed.addSpan(o.label('PER'), { start: text.indexOf('Emmanuel'), end: text.indexOf('Emmanuel') + 'Emmanuel Macron'.length });
    ed.addSpan(o.label('LOC'), { start: text.indexOf('Emmanuel'), end: text.indexOf('Emmanuel') + 'Emmanuel'.length });
    ed.addRelation(quote?.id as string, scholz?.id as string, types.find((t) => t.name === 'said_by')?.id as string);
    await ed.flushed();
    const labelNames = new Map(labels.map((l) => [l.id, l.name]));
    const typeNames = new Map(types.map((t) => [t.id, t.name]));
    const fromRecords = await readSuggestState(o.db, o.docId, null, labelNames, typeNames);
    expect(await buildReaderPacks(o.db, [o.docId])).toBe(1);
    const loaded = await loadDocument(o.db, o.docId);
    expect(loaded?.packed).toBe(true);
    const reader = suggestState({ id: o.docId, text, spans: loaded?.spans ?? [], relations: loaded?.relations ?? [], decisions: loaded?.decisions ?? [], status: loaded?.doc.status ?? '' }, labelNames, typeNames);
    expect(reader.spans).toHaveLength(4);
    expect(reader.relations).toHaveLength(1);
    // read from the pack's columns: no span record, nor (when the worker holds it) the text
    const spanReads = vi.spyOn(o.db.spans, 'where');
    const textReads = vi.spyOn(o.db.texts, 'get');
    const fromPack = await readSuggestState(o.db, o.docId, null, labelNames, typeNames);
    expect(textReads).toHaveBeenCalledTimes(1);
    const known = await readSuggestState(o.db, o.docId, null, labelNames, typeNames, text);
    expect(textReads).toHaveBeenCalledTimes(1);
    expect(spanReads).not.toHaveBeenCalled();
    for (const read of [fromRecords, fromPack, known]) {
      expect(read).toEqual(reader);
      expect(digestOf(read as DocumentState)).toBe(digestOf(reader));
    }
  });

  it('accept, correct and reject are undoable steps, stored at once, and a rejection survives a restart', async () => {
    const o = await openDocument(TEXT);
    const { ed, sg, labels, types, projectId } = await setup(o);
    ed.addSpan(o.label('PER'), at('Emmanuel Macron'));
    ed.addSpan(o.label('PER'), at('Olaf Scholz'));
    await sg.idle();
    const macron = keyOf(sg, second('Emmanuel Macron'), 'PER');
    const scholz = keyOf(sg, second('Olaf Scholz'), 'PER');
    const date = keyOf(sg, at('4 février 2022'), 'DATE');
    expect([macron, scholz, date].every((k) => k !== null)).toBe(true);

    // accept: a span, and the decision, in one step
    expect(sg.accept(macron)).toBe(true);
    await ed.flushed();
    await sg.idle();
    expect(ed.allSpans().some((s) => s.start === second('Emmanuel Macron').start && s.labelId === o.label('PER'))).toBe(true);
    expect((await o.db.decisions.toArray()).map((d) => [d.key, d.verdict])).toEqual([[macron, 'accepted']]);
    expect(keyOf(sg, second('Emmanuel Macron'), 'PER')).toBeNull();
    ed.undo();
    await ed.flushed();
    await sg.idle();
    expect(await o.db.decisions.count()).toBe(0);
    expect(ed.allSpans()).toHaveLength(2);
    expect(keyOf(sg, second('Emmanuel Macron'), 'PER')).toBe(macron);

    // correct: accepted with another label, counted against the recommender
    expect(sg.accept(scholz, o.label('ORG'))).toBe(true);
    await ed.flushed();
    await sg.idle();
    expect(ed.allSpans().find((s) => s.start === second('Olaf Scholz').start)?.labelId).toBe(o.label('ORG'));
    expect((await o.db.decisions.toArray())[0]).toMatchObject({ key: scholz, verdict: 'corrected', label: 'PER' });

    // reject: nothing made, never proposed here again
    expect(sg.reject(date)).toBe(true);
    await ed.flushed();
    await sg.idle();
    expect(keyOf(sg, at('4 février 2022'), 'DATE')).toBeNull();
    const learned = sg.stats.find((s) => s.id === 'learned');
    expect(learned).toMatchObject({ accepted: 0, rejected: 1, precision: 0 });
    expect(sg.stats.find((s) => s.id === 'dates')).toMatchObject({ accepted: 0, rejected: 1 });

    // a restart: the stored decisions are read back and still refuse what they refused
    const loaded = await loadDocument(o.db, o.docId);
    expect(loaded?.decisions?.map((d) => d.verdict).sort()).toEqual(['corrected', 'rejected']);
    const again = new Suggestions(o.db, new Toasts(), inProcess);
    again.follow(projectId, labels, types, await o.editor());
    await again.idle();
    expect(keyOf(again, at('4 février 2022'), 'DATE')).toBeNull();
    expect(again.stats.find((s) => s.id === 'dates')).toMatchObject({ rejected: 1, precision: 0 });

    // undoing the rejection proposes it again
    ed.undo();
    await ed.flushed();
    await sg.idle();
    expect(keyOf(sg, at('4 février 2022'), 'DATE')).toBe(date);
    expect((await suggestDocuments(o.db, [o.docId]))[0]?.rejected).toEqual([scholz]);
  });

  it('accepts every proposal of a label or a recommender as one undo step', async () => {
    const o = await openDocument(TEXT);
    const { ed, sg } = await setup(o);
    ed.addSpan(o.label('PER'), at('Emmanuel Macron'));
    ed.addSpan(o.label('PER'), at('Olaf Scholz'));
    await sg.idle();
    const before = ed.allSpans().length;
    expect(sg.acceptAll({ label: 'PER' })).toBe(2);
    await ed.flushed();
    await sg.idle();
    expect(ed.allSpans()).toHaveLength(before + 2);
    expect(sg.proposals.some((p) => p.label === 'PER')).toBe(false);
    expect(sg.stats.find((s) => s.id === 'learned')).toMatchObject({ accepted: 2, rejected: 0, precision: 1 });
    ed.undo();
    await ed.flushed();
    await sg.idle();
    expect(ed.allSpans()).toHaveLength(before);
    expect(await o.db.decisions.count()).toBe(0);
    expect(sg.proposals.filter((p) => p.label === 'PER')).toHaveLength(2);
    expect(sg.acceptAll({ recommender: 'dates' })).toBe(1);
  });

  it('review mode steps through proposals and moves on after each decision', async () => {
    const o = await openDocument(TEXT);
    const { ed, sg } = await setup(o);
    ed.addSpan(o.label('PER'), at('Emmanuel Macron'));
    ed.addSpan(o.label('PER'), at('Olaf Scholz'));
    await sg.idle();
    ed.moveCaret(0);
    sg.setReviewing(true);
    const order = sg.proposals.map((p) => p.start);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const start = () => (sg.current?.kind === 'span' ? sg.current.start : null);
    expect(start()).toBe(order[0]);
    expect(sg.step(1)).toBe(true);
    expect(start()).toBe(order[1]);
    expect(sg.step(-1)).toBe(true);
    expect(start()).toBe(order[0]);
    expect(sg.reject()).toBe(true);
    expect(start()).toBe(order[1]);
    sg.setReviewing(false);
    expect(sg.current).toBeNull();
  });

  describe('said_by relations (a quote → its speaker)', () => {
    const QUOTED = 'Emmanuel Macron a déclaré : « Nous ne céderons rien face à la pression. » Puis il est parti.';
    // inside the marks, without French's inner spaces
    const quote = { start: QUOTED.indexOf('Nous'), end: QUOTED.indexOf('pression.') + 'pression.'.length };
    const macron = { start: 0, end: 'Emmanuel Macron'.length };

    async function quoted() {
      const o = await openDocument(QUOTED);
      const s = await setup(o);
      s.ed.addSpan(o.label('PER'), macron);
      await s.sg.idle();
      const relation = s.sg.relations.find((r) => r.type === 'said_by');
      const quoteKey = s.sg.proposals.find((p) => p.label === 'QUOTE')?.key ?? null;
      return { o, ...s, relation, quoteKey };
    }

    it('is proposed from the proposed quote to the person span, and accepting it makes the quote too, in one undo step', async () => {
      const { o, ed, sg, relation, quoteKey } = await quoted();
      expect(relation).toMatchObject({ recommender: 'quotes', from: { ...quote, label: 'QUOTE' }, to: { ...macron, label: 'PER' } });
      expect(quoteKey).not.toBeNull();
      const spansBefore = ed.allSpans().length;
      expect(sg.accept(relation?.key ?? null)).toBe(true);
      await ed.flushed();
      await sg.idle();
      const made = ed.allSpans().find((s) => s.start === quote.start && s.end === quote.end);
      expect(made?.labelId).toBe(o.label('QUOTE'));
      const rel = await o.db.relations.toArray();
      expect(rel).toHaveLength(1);
      expect(rel[0]).toMatchObject({ fromId: made?.id, toId: ed.allSpans().find((s) => s.start === 0)?.id });
      const decisions = await o.db.decisions.toArray();
      expect(decisions.map((d) => [d.key, d.verdict]).sort()).toEqual([[quoteKey, 'accepted'], [relation?.key, 'accepted']].sort());
      expect(decisions.find((d) => d.key === relation?.key)?.relationId).toBe(rel[0]?.id);
      expect(sg.relations).toHaveLength(0);
      expect(sg.stats.find((s) => s.id === 'quotes')).toMatchObject({ accepted: 2, precision: 1 });

      ed.undo();
      await ed.flushed();
      await sg.idle();
      expect(ed.allSpans()).toHaveLength(spansBefore);
      expect(await o.db.relations.count()).toBe(0);
      expect(await o.db.decisions.count()).toBe(0);
      expect(sg.relations.map((r) => r.key)).toEqual([relation?.key]);
    });

    it('is proposed between existing spans, and accepting it adds only the relation', async () => {
      const { o, ed, sg } = await quoted();
      ed.addSpan(o.label('QUOTE'), quote);
      await sg.idle();
      const relation = sg.relations[0];
      expect(relation?.from.spanId).toBeDefined();
      const spans = ed.allSpans().length;
      expect(sg.accept(relation?.key ?? null)).toBe(true);
      await ed.flushed();
      expect(ed.allSpans()).toHaveLength(spans);
      expect(ed.allRelations()).toHaveLength(1);
      expect(await o.db.decisions.count()).toBe(1);
    });

    it('rejected, it is never proposed again here, even after a restart; the quote still is', async () => {
      const { o, ed, sg, relation, quoteKey, labels, types, projectId } = await quoted();
      expect(sg.reject(relation?.key ?? null)).toBe(true);
      await ed.flushed();
      await sg.idle();
      expect(sg.relations).toHaveLength(0);
      expect(sg.proposals.some((p) => p.key === quoteKey)).toBe(true);
      expect(ed.allRelations()).toHaveLength(0);
      const again = new Suggestions(o.db, new Toasts(), inProcess);
      again.follow(projectId, labels, types, await o.editor());
      await again.idle();
      expect(again.proposals.some((p) => p.key === quoteKey)).toBe(true);
      expect(again.relations).toHaveLength(0);
      // and a correction (another label) does not apply to a relation
      expect(again.accept(quoteKey, o.label('PER'))).toBe(true);
    });

    it('review mode visits the relation right after its quote; accepting all of the recommender takes the relations too', async () => {
      const { ed, sg, relation, quoteKey } = await quoted();
      ed.moveCaret(0);
      sg.setReviewing(true);
      while (sg.current && sg.current.key !== quoteKey) expect(sg.step(1)).toBe(true);
      expect(sg.step(1)).toBe(true);
      expect(sg.current?.key).toBe(relation?.key);
      expect(sg.accept(sg.current?.key ?? null, ed.allSpans()[0]?.labelId)).toBe(false);
      sg.setReviewing(false);
      expect(sg.acceptAll({ recommender: 'quotes' })).toBe(2);
      await ed.flushed();
      expect(ed.allRelations()).toHaveLength(1);
      ed.undo();
      await ed.flushed();
      expect(ed.allRelations()).toHaveLength(0);
    });
  });

  describe('the user’s model as a recommender', () => {
    function stand(on: boolean) {
      const asked: string[] = [];
      const port: MainPort = {
        importList: async () => null,
        status: async () => ({ url: on ? 'http://127.0.0.1:9090' : null, consent: on ? 'allowed' : null }),
        predict: async (r) => {
          asked.push(r.documentId);
          const scholz = at('Olaf Scholz');
          return {
            ok: true,
            documentId: r.documentId,
            url: 'http://127.0.0.1:9090',
            modelVersion: 'v2',
            proposals: [
              { ...scholz, label: 'PER', text: 'Olaf Scholz', score: 0.8 },
              // a label the schema lacks is never shown
              { ...at('Berlin'), label: 'CITY', text: 'Berlin', score: 0.9 },
            ],
            dropped: { notSpans: 0, badRange: 0, textMismatch: 0, unknownLabel: 0, duplicate: 0 },
          };
        },
      };
      return { port, asked };
    }

    it('its spans are proposed in the reader, labelled as its own, and accepted like any', async () => {
      const o = await openDocument(TEXT);
      const { port, asked } = stand(true);
      const labels = await o.db.labels.toArray();
      const projectId = (await o.db.documents.get(o.docId))?.projectId as string;
      const ed = await o.editor();
      const sg = new Suggestions(o.db, new Toasts(), inProcess, port);
      sg.follow(projectId, labels, await o.db.relationTypes.toArray(), ed);
      await sg.idle();
      await new Promise((r) => setTimeout(r, 20));
      await sg.idle();
      expect(asked).toEqual([o.docId]);
      const p = sg.proposals.find((x) => x.recommender === 'model');
      expect(p).toMatchObject({ ...at('Olaf Scholz'), label: 'PER', confidence: 0.8, explanation: { code: 'model', version: 'v2' } });
      expect(sg.proposals.some((x) => x.label === 'CITY')).toBe(false);
      expect(sg.stats.find((s) => s.id === 'model')).toMatchObject({ open: 1 });
      expect(sg.accept(p?.key ?? null)).toBe(true);
      await ed.flushed();
      expect((await o.db.decisions.toArray())[0]).toMatchObject({ recommender: 'model', verdict: 'accepted' });
      // an edit keeps the model's other proposals without asking it again
      ed.addSpan(o.label('LOC'), at('Berlin'));
      await sg.idle();
      expect(asked).toHaveLength(1);
    });

    it('is not asked when no URL is set, or when switched off for the project; Pre-annotate asks it per document', async () => {
      const o = await openDocument(TEXT);
      const off = stand(false);
      const labels = await o.db.labels.toArray();
      const types = await o.db.relationTypes.toArray();
      const projectId = (await o.db.documents.get(o.docId))?.projectId as string;
      const sg = new Suggestions(o.db, new Toasts(), inProcess, off.port);
      sg.follow(projectId, labels, types, await o.editor());
      await sg.idle();
      expect(off.asked).toEqual([]);

      const on = stand(true);
      const other = new Suggestions(o.db, new Toasts(), inProcess, on.port);
      await other.preannotate(projectId, labels, types, [o.docId]);
      expect(on.asked).toEqual([o.docId]);
      expect(other.run?.rows[0]?.by.model).toBe(1);
      await other.setEnabled('model', false);
      await other.idle();
      await other.preannotate(projectId, labels, types, [o.docId]);
      expect(on.asked).toHaveLength(1);
      expect(other.run?.rows[0]?.by.model).toBeUndefined();
    });
  });

  describe('gazetteers and cue lists, per project', () => {
    function picker(files: Array<{ fileName: string; kind: 'gazetteer' | 'cues'; content: string } | null>): MainPort {
      return { status: async () => ({ url: null, consent: null }), predict: async () => ({ ok: false, problem: 'off', message: '' }), importList: async () => files.shift() ?? null };
    }

    it('an imported list is read, kept for the project, proposes its terms, and can be removed and put back', async () => {
      const o = await openDocument(TEXT);
      const labels = await o.db.labels.toArray();
      const types = await o.db.relationTypes.toArray();
      const projectId = (await o.db.documents.get(o.docId))?.projectId as string;
      const ed = await o.editor();
      const port = picker([
        { fileName: 'villes.csv', kind: 'gazetteer', content: 'term,label\nBerlin,LOC\nParis,CITY\n' },
        { fileName: 'bad.jsonl', kind: 'gazetteer', content: '{"label":"ORG","pattern":"OTAN"}\n{"label":"ORG","pattern":[{"POS":"PROPN"}]}\n' },
        null,
      ]);
      const sg = new Suggestions(o.db, new Toasts(), inProcess, port);
      sg.follow(projectId, labels, types, ed);
      await sg.idle();
      expect(sg.proposals.some((p) => p.recommender === 'gazetteer')).toBe(false);

      const added = await sg.importList({ ignoreCase: false });
      expect(added).toMatchObject({ ok: true, terms: 2, unknownLabels: ['CITY'], list: { fileName: 'villes.csv', kind: 'gazetteer' } });
      await sg.idle();
      expect(sg.proposals.find((p) => p.recommender === 'gazetteer')).toMatchObject({ ...at('Berlin'), label: 'LOC' });
      // a bad line refuses the whole file, naming it and the line; nothing is kept
      const refused = await sg.importList({ ignoreCase: false });
      expect(refused).toMatchObject({ ok: false });
      expect(refused && !refused.ok && say(refused.message)).toMatch(/^bad\.jsonl line 2: .*POS/);
      expect(sg.lists.map((l) => l.fileName)).toEqual(['villes.csv']);
      expect(await sg.importList({ ignoreCase: false })).toBeNull();

      // kept with the project: another session reads it back
      const again = new Suggestions(o.db, new Toasts(), inProcess, picker([]));
      again.follow(projectId, labels, types, await o.editor());
      await again.idle();
      expect(again.lists.map((l) => l.fileName)).toEqual(['villes.csv']);
      expect(again.proposals.some((p) => p.recommender === 'gazetteer')).toBe(true);

      await sg.removeList(sg.lists[0]?.id as string);
      await sg.idle();
      expect(sg.lists).toEqual([]);
      expect(sg.removedList?.fileName).toBe('villes.csv');
      expect(sg.proposals.some((p) => p.recommender === 'gazetteer')).toBe(false);
      await sg.undoRemoveList();
      await sg.idle();
      expect(sg.lists.map((l) => l.fileName)).toEqual(['villes.csv']);
      expect(sg.proposals.some((p) => p.recommender === 'gazetteer')).toBe(true);
    });

    it('a plain list takes the label chosen for it; a cue list extends the verbs of saying', async () => {
      const text = 'Le soir venu, Karl Brenner persifle. « Nous signerons demain matin sans faute. » Puis il est parti de Lyon.';
      const o = await openDocument(text);
      const labels = await o.db.labels.toArray();
      const types = await o.db.relationTypes.toArray();
      const projectId = (await o.db.documents.get(o.docId))?.projectId as string;
      const ed = await o.editor();
      ed.addSpan(o.label('PER'), { start: text.indexOf('Karl'), end: text.indexOf('Karl') + 'Karl Brenner'.length });
      const port = picker([
        { fileName: 'villes.txt', kind: 'gazetteer', content: 'lyon\n' },
        { fileName: 'cues.json', kind: 'cues', content: '{"verbs": ["persifle"' },
        { fileName: 'cues.json', kind: 'cues', content: '{"verbs": ["persifle"]}' },
      ]);
      const sg = new Suggestions(o.db, new Toasts(), inProcess, port);
      sg.follow(projectId, labels, types, ed);
      await sg.idle();
      expect(await sg.importList({ label: 'LOC', ignoreCase: true })).toMatchObject({ ok: true, terms: 1, list: { label: 'LOC', ignoreCase: true } });
      await sg.idle();
      expect(sg.proposals.find((p) => p.recommender === 'gazetteer')).toMatchObject({ start: text.indexOf('Lyon'), label: 'LOC' });
      const said = () => sg.relations.filter((r) => r.type === 'said_by').length;
      const before = said();
      const broken = await sg.importList({ ignoreCase: false });
      expect(broken && !broken.ok && say(broken.message)).toMatch(/^cues\.json( line 1)?: not JSON$/);
      // the same refusal, after a switch to French, is worded again in French
      vi.stubGlobal('window', {});
      language.use('fr');
      try {
        expect(broken && !broken.ok && say(broken.message)).toMatch(/^cues\.json(, ligne 1)?\u00a0: ce n’est pas du JSON$/);
      } finally {
        language.use('en');
        vi.unstubAllGlobals();
      }
      expect(await sg.importList({ ignoreCase: false })).toMatchObject({ ok: true, terms: 1, list: { kind: 'cues' } });
      await sg.idle();
      expect(said()).toBeGreaterThan(before);
    });
  });

  it('a recommender switched off proposes nothing, per project, remembered', async () => {
    const o = await openDocument(TEXT);
    const { sg, labels, types, projectId } = await setup(o);
    expect(sg.proposals.some((p) => p.recommender === 'dates')).toBe(true);
    await sg.setEnabled('dates', false);
    await sg.idle();
    expect(sg.proposals.some((p) => p.recommender === 'dates')).toBe(false);
    expect(sg.stats.find((s) => s.id === 'dates')?.enabled).toBe(false);
    const again = new Suggestions(o.db, new Toasts(), inProcess);
    again.follow(projectId, labels, types, await o.editor());
    await again.idle();
    expect(again.enabled).not.toContain('dates');
    expect(again.proposals.some((p) => p.recommender === 'dates')).toBe(false);
  });

  it('pre-annotates documents with a count per document, and stops when cancelled', async () => {
    const o = await openDocument(TEXT);
    const { sg, labels, types, projectId } = await setup(o);
    const ids = (await o.db.documents.toArray()).map((d) => d.id);
    await sg.preannotate(projectId, labels, types, ids);
    expect(sg.run).toMatchObject({ state: 'finished', total: ids.length, done: ids.length });
    const mine = sg.run?.rows.find((r) => r.id === o.docId);
    expect(mine?.proposals).toBeGreaterThan(0);
    expect(mine?.by['dates']).toBe(1);
    sg.closeRun();
    const running = sg.preannotate(projectId, labels, types, Array.from({ length: 60 }, () => o.docId));
    sg.cancelPreannotate();
    await running;
    expect(sg.run?.state).toBe('cancelled');
    expect(sg.run?.done).toBeLessThan(60);
  });

  it('deleting a document deletes the decisions taken in it', async () => {
    const o = await openDocument(TEXT);
    const { ed, sg } = await setup(o);
    expect(sg.reject(sg.proposals[0]?.key ?? null)).toBe(true);
    await ed.flushed();
    expect(await o.db.decisions.count()).toBe(1);
    await deleteDocuments(o.db, [o.docId]);
    expect(await o.db.decisions.count()).toBe(0);
    // the worker asking for it afterwards gets nothing, not an error
    expect(await readSuggestState(o.db, o.docId, null, new Map(), new Map())).toBeNull();
  });

  it('the state sent to the worker leaves out a span whose label is not in the schema', () => {
    const span = (id: string, start: number, labelId: string) => ({ id, docId: 'd', labelId, start, end: start + 3, annotator: 'a', createdAt: 1, updatedAt: 1 });
    const state = suggestState({ id: 'd', text: 'abc def ghi', spans: [span('s1', 0, 'per'), span('s2', 4, 'gone'), span('s3', 8, 'loc')], relations: [], decisions: [], status: 'new' }, new Map([['per', 'PER'], ['loc', 'LOC']]), new Map());
    expect(state.spans).toEqual([
      { start: 0, end: 3, label: 'PER', id: 's1' },
      { start: 8, end: 11, label: 'LOC', id: 's3' },
    ]);
  });

  it('keeps counting a document’s decisions once another document is open', async () => {
    const o = await openDocument(TEXT);
    const { ed, sg, labels, types, projectId } = await setup(o);
    expect(sg.reject(keyOf(sg, at('4 février 2022'), 'DATE'))).toBe(true);
    await ed.flushed();
    await sg.idle();
    expect(sg.stats.find((s) => s.id === 'dates')?.rejected).toBe(1);
    const welcome = (await o.db.documents.toArray()).find((d) => d.id !== o.docId);
    const loaded = welcome ? await loadDocument(o.db, welcome.id) : undefined;
    if (!loaded) throw new Error('no other document');
    sg.follow(projectId, labels, types, new Editor(o.db, loaded, () => 'ann'));
    await sg.idle();
    expect(sg.stats.find((s) => s.id === 'dates')).toMatchObject({ rejected: 1, precision: 0 });
  });
});
