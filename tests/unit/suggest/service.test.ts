import { afterEach, describe, expect, it, vi } from 'vitest';
import fr from '../../../resources/suggest/cues.fr.json';
import { DEFAULT_CUE_FILES } from '../../../src-renderer/src/suggest/default-cues';
import { digestOf, type Edition, editionDigest } from '../../../src-renderer/src/suggest/digest';
import { packRequest, unpackReply } from '../../../src-renderer/src/suggest/pack';
import { countProposals, type DocumentState, type SuggestReply, SuggestService } from '../../../src-renderer/src/suggest/service';
import { applyProposalChange, type Proposal } from '../../../src-renderer/src/suggest/types';
import type { WorkerAnswer, WorkerMessage } from '../../../src-renderer/src/suggest/worker';
import { lines, NEWS, span } from './helpers';

const TEXT = '« Nous signerons demain matin », a déclaré Karl Brenner à Berlin le 4 mars 2024.\nKarl Brenner est reparti.';
const doc = (more: Partial<DocumentState> = {}): DocumentState => ({ id: 'd1', text: TEXT, spans: [], ...more });

function proposals(reply: SuggestReply): string[] {
  if (reply.type !== 'proposals') throw new Error(`expected proposals, got ${JSON.stringify(reply)}`);
  return lines(TEXT, reply.proposals);
}

describe('the suggestion service', () => {
  it('proposes for an open document, and after an edit updates the learned form everywhere', () => {
    const service = new SuggestService(DEFAULT_CUE_FILES);
    expect(service.handle({ type: 'configure', schema: NEWS })).toEqual({ type: 'ok' });
    expect(service.handle({ type: 'learn', documents: [] })).toEqual({ type: 'ok' });
    expect(proposals(service.handle({ type: 'open', document: doc() }))).toEqual([
      'QUOTE Nous signerons demain matin',
      'said_by Nous signerons demai… → Karl Brenner',
      'PER Karl Brenner',
      'DATE 4 mars 2024',
    ]);
    // the user labels Berlin: learned strings have nothing else to propose for it, the rest stays
    const berlin = span(TEXT, 'Berlin', 'LOC', 0, 'b');
    expect(proposals(service.handle({ type: 'edit', document: doc({ spans: [berlin] }), touched: [berlin] }))).toEqual([
      'QUOTE Nous signerons demain matin',
      'said_by Nous signerons demai… → Karl Brenner',
      'PER Karl Brenner',
      'DATE 4 mars 2024',
    ]);
    // the user accepts the person: the second Karl Brenner is proposed by learned strings
    const karl = span(TEXT, 'Karl Brenner', 'PER', 0, 'k');
    const reply = service.handle({ type: 'edit', document: doc({ spans: [berlin, karl] }), touched: [karl] });
    expect(proposals(reply)).toEqual(['QUOTE Nous signerons demain matin', 'said_by Nous signerons demai… → Karl Brenner', 'DATE 4 mars 2024', 'PER Karl Brenner']);
    expect(reply.type === 'proposals' && reply.proposals.find((p: Proposal) => p.kind === 'relation')).toMatchObject({ to: { spanId: 'k' } });
  });

  it('after a change sent as deltas, answers only what changed, and that gives what the whole document would', () => {
    const full = new SuggestService(DEFAULT_CUE_FILES);
    const delta = new SuggestService(DEFAULT_CUE_FILES);
    for (const service of [full, delta]) {
      service.handle({ type: 'configure', schema: NEWS });
      service.handle({ type: 'learn', documents: [] });
    }
    const opened = delta.handle({ type: 'open', document: doc() });
    full.handle({ type: 'open', document: doc() });
    let shown = opened.type === 'proposals' ? opened.proposals : [];
    const berlin = span(TEXT, 'Berlin', 'LOC', 0, 'b');
    const karl = span(TEXT, 'Karl Brenner', 'PER', 0, 'k');
    const date = span(TEXT, '4 mars 2024', 'DATE');
    const rejectedDate = `${date.start}:${date.end}:DATE:dates`;
    const steps = [
      { state: doc({ spans: [berlin] }), change: { spans: [{ after: berlin }], touched: [berlin] } },
      { state: doc({ spans: [berlin, karl] }), change: { spans: [{ after: karl }], touched: [karl] } },
      { state: doc({ spans: [berlin, karl], rejected: [rejectedDate] }), change: { rejected: [{ after: rejectedDate }], touched: [date] } },
      // undo of Karl Brenner: taken out by id, the speaker is proposed again and the learned form goes
      { state: doc({ spans: [berlin], rejected: [rejectedDate] }), change: { spans: [{ before: karl }], touched: [karl] } },
    ];
    const sizes: number[] = [];
    for (const { state, change } of steps) {
      const answer = delta.handle({ type: 'change', id: 'd1', changes: [change] });
      if (answer.type !== 'changed') throw new Error(JSON.stringify(answer));
      const whole = full.handle({ type: 'edit', document: state, touched: change.touched });
      shown = applyProposalChange(shown, answer.removed, answer.added);
      expect(shown).toEqual(whole.type === 'proposals' ? whole.proposals : null);
      sizes.push(answer.added.length + answer.removed.length);
    }
    // only what changed comes back: nothing for Berlin (no other Berlin), the rejected date alone
    expect(sizes[0]).toBe(0);
    expect(sizes[2]).toBe(1);
    expect(delta.handle({ type: 'change', id: 'nope', changes: [] })).toEqual({ type: 'error', problem: { code: 'notOpen', id: 'nope' } });
  });

  it('learns from a rejection: the rejected proposal never comes back, and a form rejected as often as accepted stops being proposed', () => {
    const service = new SuggestService(DEFAULT_CUE_FILES);
    service.handle({ type: 'configure', schema: NEWS, enabled: ['learned'] });
    const other = 'Karl Brenner arrive.';
    service.handle({ type: 'learn', documents: [{ id: 'd0', text: other, spans: [span(other, 'Karl Brenner', 'PER')] }] });
    expect(proposals(service.handle({ type: 'open', document: doc() }))).toEqual(['PER Karl Brenner', 'PER Karl Brenner']);
    const first = span(TEXT, 'Karl Brenner', 'PER');
    const rejected = [`${first.start}:${first.end}:PER:learned`];
    expect(proposals(service.handle({ type: 'edit', document: doc({ rejected }), touched: [first] }))).toEqual([]);
  });

  it('switches recommenders off, and refuses a bad gazetteer or cue file without changing the setup', () => {
    const service = new SuggestService(DEFAULT_CUE_FILES);
    service.handle({ type: 'configure', schema: NEWS, enabled: ['gazetteer'], gazetteers: [{ name: 'villes.txt', content: 'Berlin\n', label: 'LOC' }] });
    expect(proposals(service.handle({ type: 'open', document: doc() }))).toEqual(['LOC Berlin']);
    expect(service.handle({ type: 'configure', schema: NEWS, gazetteers: [{ name: 'villes.txt', content: 'Berlin\n' }] })).toEqual({
      type: 'error',
      problem: { code: 'list', list: { file: 'villes.txt', line: 1, fault: { code: 'needsLabel' } } },
    });
    expect(service.handle({ type: 'configure', schema: NEWS, cueFiles: [{ name: 'mes-indices.json', json: { ...fr, verbs: 3 } }] })).toMatchObject({
      type: 'error',
      problem: { code: 'list', list: { file: 'mes-indices.json', fault: { code: 'cueField', issue: { code: 'invalid_type', path: ['verbs'], expected: 'array', input: 3 } } } },
    });
    expect(proposals(service.handle({ type: 'open', document: doc() }))).toEqual(['LOC Berlin']);
  });

  it('opens a prepared document only when the page holds the same one, with what open would answer, then updates it like any', () => {
    const karl = span(TEXT, 'Karl Brenner', 'PER', 0, 'k');
    const fresh = () => {
      const service = new SuggestService(DEFAULT_CUE_FILES);
      service.handle({ type: 'configure', schema: NEWS });
      service.handle({ type: 'learn', documents: [doc({ spans: [karl] })] });
      return service;
    };
    const opened = fresh().handle({ type: 'open', document: doc({ spans: [karl] }) });
    expect(proposals(opened)).toContain('PER Karl Brenner');
    const service = fresh();
    // answered at once with its proposals and the digest of the document they are for
    const prepared = service.handle({ type: 'prepare', document: doc({ spans: [karl] }) });
    expect(prepared).toEqual({ type: 'prepared', id: 'd1', digest: digestOf(doc({ spans: [karl] })), proposals: opened.type === 'proposals' ? opened.proposals : [] });
    // another document, or the same with another span, is not what was prepared
    expect(service.handle({ type: 'openPrepared', id: 'd2', digest: digestOf(doc({ id: 'd2', spans: [karl] })) })).toEqual({ type: 'stale', id: 'd2' });
    const berlin = span(TEXT, 'Berlin', 'LOC', 0, 'b');
    expect(service.handle({ type: 'openPrepared', id: 'd1', digest: digestOf(doc({ spans: [karl, berlin] })) })).toEqual({ type: 'stale', id: 'd1' });
    expect(service.handle({ type: 'openPrepared', id: 'd1', digest: digestOf(doc({ spans: [karl], rejected: ['x'] })) })).toEqual({ type: 'stale', id: 'd1' });
    expect(service.handle({ type: 'openPrepared', id: 'd1', digest: digestOf(doc({ spans: [karl], complete: true })) })).toEqual({ type: 'stale', id: 'd1' });
    const reply = service.handle({ type: 'openPrepared', id: 'd1', digest: digestOf(doc({ spans: [karl] })) });
    expect(reply).toEqual(opened);
    // used once: it is the open document now, and edits reach it
    expect(service.handle({ type: 'openPrepared', id: 'd1', digest: digestOf(doc({ spans: [karl] })) }).type).toBe('stale');
    // a page that shows what was prepared is answered 'ok', not with the proposals again
    service.handle({ type: 'close', id: 'd1' });
    service.handle({ type: 'prepare', document: doc({ spans: [karl] }) });
    expect(service.handle({ type: 'openPrepared', id: 'd1', digest: digestOf(doc({ spans: [karl] })), known: true })).toEqual({ type: 'ok' });
    const changed = service.handle({ type: 'change', id: 'd1', changes: [{ spans: [{ before: karl }], touched: [karl] }] });
    expect(changed.type === 'changed' ? changed.removed.length + changed.added.length : changed).toBeGreaterThan(0);
    // a setup changed after it was prepared: open it again
    service.handle({ type: 'prepare', document: doc() });
    service.handle({ type: 'configure', schema: NEWS, enabled: ['dates'] });
    expect(service.handle({ type: 'openPrepared', id: 'd1', digest: digestOf(doc()) }).type).toBe('stale');
  });

  it("a prepared document read from a reader pack is named by the pack's edition, which names nothing else", () => {
    const karl = span(TEXT, 'Karl Brenner', 'PER', 0, 'k');
    const service = new SuggestService(DEFAULT_CUE_FILES);
    service.handle({ type: 'configure', schema: NEWS });
    const edition: Edition = { id: 'd1', edition: 'e-1', textLength: TEXT.length, labels: [['l1', 'PER']], types: [['t1', 'said_by']], rejected: ['a', 'b'], complete: false };
    const named = editionDigest(edition);
    const prepared = service.handle({ type: 'prepare', document: doc({ spans: [karl] }), digest: named });
    expect(prepared).toMatchObject({ type: 'prepared', digest: named });
    // the spans' digest is not the edition's, and every part of the edition counts (rejections as a set)
    expect(named).not.toBe(digestOf(doc({ spans: [karl] })));
    const others: Array<Partial<Edition>> = [
      { id: 'd2' },
      { edition: 'e-2' },
      { textLength: TEXT.length + 1 },
      { labels: [['l1', 'LOC']] },
      { labels: [['l2', 'PER']] },
      { types: [] },
      { rejected: ['a'] },
      { complete: true },
    ];
    for (const other of others) expect(editionDigest({ ...edition, ...other }), JSON.stringify(other)).not.toBe(named);
    expect(editionDigest({ ...edition, rejected: ['b', 'a'] })).toBe(named);
    expect(service.handle({ type: 'openPrepared', id: 'd1', digest: digestOf(doc({ spans: [karl] })) }).type).toBe('stale');
    expect(service.handle({ type: 'openPrepared', id: 'd1', digest: named }).type).toBe('proposals');
  });

  it('pre-annotates documents, and answers an edit of a document that is not open with an error', () => {
    const service = new SuggestService(DEFAULT_CUE_FILES);
    service.handle({ type: 'configure', schema: NEWS, enabled: ['dates'] });
    // counted where they are found: the page shows how many, never the proposals themselves
    expect(service.handle({ type: 'preannotate', documents: [doc(), { id: 'd2', text: 'Rien.', spans: [] }] })).toEqual({
      type: 'preannotated',
      results: [
        { id: 'd1', proposals: 1, by: { dates: 1 } },
        { id: 'd2', proposals: 0, by: {} },
      ],
    });
    expect(service.handle({ type: 'edit', document: doc(), touched: [] })).toEqual({ type: 'error', problem: { code: 'notOpen', id: 'd1' } });
    service.handle({ type: 'open', document: doc() });
    service.handle({ type: 'close', id: 'd1' });
    expect(service.handle({ type: 'edit', document: doc(), touched: [] })).toEqual({ type: 'error', problem: { code: 'notOpen', id: 'd1' } });
  });
});

describe('countProposals', () => {
  it('counts span proposals in all and per recommender, never relations', () => {
    const spanOf = (start: number, recommender: string): Proposal => ({ kind: 'span', key: `${start}:${start + 3}:PER:${recommender}`, start, end: start + 3, label: 'PER', recommender, confidence: 0.5, explanation: { code: 'quote' } });
    const relation: Proposal = {
      kind: 'relation',
      key: 'r',
      type: 'said',
      from: { start: 0, end: 3, label: 'PER' },
      to: { start: 10, end: 20, label: 'QUOTE' },
      recommender: 'quotes',
      confidence: 0.5,
      explanation: { code: 'quote' },
    };
    expect(countProposals('d1', [spanOf(0, 'learned'), relation, spanOf(5, 'dates'), spanOf(9, 'learned')])).toEqual({ id: 'd1', proposals: 3, by: { learned: 2, dates: 1 } });
    expect(countProposals('d2', [relation])).toEqual({ id: 'd2', proposals: 0, by: {} });
  });
});

describe('the suggestion worker', () => {
  const global = globalThis as { self?: unknown };
  const saved = global.self;
  afterEach(() => {
    global.self = saved;
  });

  it('answers each message with its sequence number and the service’s reply, its explanations as codes the page words', async () => {
    const answers: WorkerAnswer[] = [];
    const scope: { onmessage: ((event: { data: WorkerMessage }) => void) | null; postMessage: (a: WorkerAnswer) => void } = { onmessage: null, postMessage: (a) => answers.push(a) };
    global.self = scope;
    await import('../../../src-renderer/src/suggest/worker');
    scope.onmessage?.({ data: { seq: 7, request: { type: 'configure', schema: NEWS, enabled: ['dates'] } } });
    scope.onmessage?.({ data: { seq: 8, request: packRequest({ type: 'open', document: doc() }).wire } });
    // answered in order, one after the other (a read from the database may come between)
    await vi.waitFor(() => expect(answers.map((a) => a.seq)).toEqual([7, 8]));
    expect(answers[0]?.reply).toEqual({ type: 'ok' });
    const reply = unpackReply(answers[1]!.reply);
    expect(proposals(reply)).toEqual(['DATE 4 mars 2024']);
    expect(reply.type === 'proposals' ? reply.proposals.map((p) => p.explanation) : reply).toEqual([{ code: 'rule', kind: 'date' }]);
  });
});
