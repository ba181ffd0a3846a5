// After an edit the engine redoes only what the edit reaches (see engine.ts). These tests drive the
// service through random edit sequences, as the reader sends them, and check after every step that
// the proposals it keeps equal those of a service that learns and opens the document afresh.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CUE_FILES } from '../../../src-renderer/src/suggest/default-cues';
import { DocIndex } from '../../../src-renderer/src/suggest/doc';
import { type SessionChange, SuggestSession, suggest } from '../../../src-renderer/src/suggest/engine';
import type { Recommender } from '../../../src-renderer/src/suggest/recommender';
import { type DocumentChange, type DocumentState, type SuggestRequest, SuggestService } from '../../../src-renderer/src/suggest/service';
import { isWordToken } from '../../../src-renderer/src/suggest/tokens';
import { applyProposalChange, type ExistingRelation, type ExistingSpan, type Proposal, proposalKey, relationKey, type SpanProposal } from '../../../src-renderer/src/suggest/types';
import { at, context, lines, NEWS } from './helpers';

// French and English, elisions with both apostrophes, one name in several casings, quotes with their
// speakers before, after and in the neighbouring sentence, a quote over two paragraphs, dates.
const TEXT = [
  "« Nous ne céderons pas », a déclaré Vladimir Poutine à Moscou le 4 février 2022. L'OTAN a répondu le lendemain.",
  "Selon l’OTAN, « les troupes restent en place pour l'instant ». Otan et otan ne sont pas OTAN, dit Marie Curie.",
  'Marie Curie a ajouté : « Nous verrons en mars 2022 ce que dira Vladimir Poutine.',
  '« Et la suite viendra », a-t-elle dit. Puis Vladimir Poutine est parti pour Pékin avec Xi Jinping.',
  '"We will not move," said John Smith in London on February 4, 2022. According to NATO, "nothing has changed at all".',
  "D'Orange à orange, l’Orange de Paris coûte 12 euros. Xi Jinping et xi jinping, puis Marie Curie à Moscou.",
  'John Smith told reporters: "This is the last time we talk about it." Nato answered on 2022-02.',
].join('\n');

const LABELS = ['PER', 'ORG', 'LOC', 'DATE', 'QUOTE'];
const OTHER = { id: 'other', text: "L'OTAN et Vladimir Poutine. Marie Curie à Moscou.", spans: [{ start: 2, end: 6, label: 'ORG' }, { start: 10, end: 26, label: 'PER' }, { start: 28, end: 39, label: 'PER' }] };

/** A small seeded generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Terms that overlap one another with one label, so that proposals chain (Vladimir Poutine /
 * Poutine à Moscou / Moscou le 4 …) and an edit in a chain settles it again.
 */
const GAZETTEER = ['term,label', 'Vladimir Poutine,PER', 'Poutine à Moscou,PER', 'Moscou le,PER', 'le 4 février,PER', 'Marie Curie a ajouté,PER', 'Curie,PER', 'ajouté,PER', 'John Smith,PER', 'Smith told reporters,PER', 'reporters,PER', 'Xi Jinping et xi,PER', 'jinping,PER'].join('\n');

function service(): SuggestService {
  const s = new SuggestService(DEFAULT_CUE_FILES);
  s.handle({ type: 'configure', schema: NEWS, gazetteers: [{ name: 'chains.csv', content: GAZETTEER, ignoreCase: true }] });
  return s;
}

function ask(s: SuggestService, request: SuggestRequest) {
  const reply = s.handle(structuredClone(request));
  if (reply.type === 'error') throw new Error(JSON.stringify(reply.problem));
  return structuredClone(reply);
}

/** What a service that knows nothing yet proposes for the document as it is now. */
function afresh(doc: DocumentState): Proposal[] {
  const s = service();
  ask(s, { type: 'learn', documents: [OTHER, doc] });
  const reply = ask(s, { type: 'open', document: doc });
  if (reply.type !== 'proposals') throw new Error(reply.type);
  return reply.proposals;
}

/** A document being annotated, changed at random as a user would, each change also sent as deltas. */
class Annotator {
  readonly spans = new Map<string, ExistingSpan>();
  readonly relations = new Map<string, ExistingRelation>();
  readonly rejected = new Set<string>();
  #next = 0;
  readonly #words: Array<[number, number]> = [];
  readonly #rand: () => number;

  constructor(rand: () => number) {
    this.#rand = rand;
    const { tokens } = new DocIndex(TEXT);
    for (let t = 0; t < tokens.count; t++) if (isWordToken(tokens.folded[t] as string)) this.#words.push([tokens.start[t] as number, tokens.end[t] as number]);
  }

  state(): DocumentState {
    return { id: 'doc', text: TEXT, spans: [...this.spans.values()], relations: [...this.relations.values()], rejected: [...this.rejected] };
  }

  #pick<T>(list: readonly T[]): T | undefined {
    return list[Math.floor(this.#rand() * list.length)];
  }

  /** One edit: a new span (one to three words, or a proposal accepted), a relabel, a deletion, a rejection, a relation. */
  edit(shown: readonly Proposal[]): DocumentChange {
    const r = this.#rand();
    const spans = [...this.spans.values()];
    const proposals = shown.filter((p) => p.kind === 'span');
    if (r < 0.25 && proposals.length > 0) {
      const p = this.#pick(proposals) as Proposal & { kind: 'span' };
      if (this.#rand() < 0.5) {
        this.rejected.add(p.key);
        return { rejected: [{ after: p.key }], touched: [p] };
      }
      return this.#add({ start: p.start, end: p.end, label: p.label, id: `s${this.#next++}` });
    }
    if (r < 0.55 || spans.length === 0) {
      const i = Math.floor(this.#rand() * this.#words.length);
      const n = 1 + Math.floor(this.#rand() * 3);
      const first = this.#words[i] as [number, number];
      const last = this.#words[Math.min(i + n - 1, this.#words.length - 1)] as [number, number];
      return this.#add({ start: first[0], end: last[1], label: this.#pick(LABELS) as string, id: `s${this.#next++}` });
    }
    const s = this.#pick(spans) as ExistingSpan;
    if (r < 0.7) {
      const after = { ...s, label: this.#pick(LABELS.filter((l) => l !== s.label)) as string };
      this.spans.set(s.id as string, after);
      return { spans: [{ before: s, after }], touched: [s] };
    }
    if (r < 0.85) {
      this.spans.delete(s.id as string);
      const relations = [...this.relations.values()].filter((x) => x.fromId === s.id || x.toId === s.id);
      for (const x of relations) this.relations.delete(x.id as string);
      return { spans: [{ before: s }], relations: relations.map((x) => ({ before: x })), touched: [s] };
    }
    const quote = this.#pick(spans.filter((x) => x.label === 'QUOTE'));
    const speaker = this.#pick(spans.filter((x) => x.label === 'PER' || x.label === 'ORG'));
    const existing = [...this.relations.values()];
    if (existing.length > 0 && this.#rand() < 0.4) {
      const x = this.#pick(existing) as ExistingRelation;
      this.relations.delete(x.id as string);
      return { relations: [{ before: x }], touched: [] };
    }
    if (!quote || !speaker) return { touched: [] };
    const relation = { id: `r${this.#next++}`, type: 'said_by', fromId: quote.id as string, toId: speaker.id as string };
    this.relations.set(relation.id, relation);
    return { relations: [{ after: relation }], touched: [] };
  }

  #add(s: ExistingSpan): DocumentChange {
    this.spans.set(s.id as string, s);
    return { spans: [{ after: s }], touched: [s] };
  }
}

/** Proposals in a form that shows a difference plainly. */
const readable = (list: readonly Proposal[]) =>
  list.map((p) => `${p.key} ${p.confidence.toFixed(3)} ${JSON.stringify(p.explanation)}${p.alsoBy?.length ? ` +${p.alsoBy.join('+')}` : ''}${p.kind === 'relation' ? ` ${p.from.spanId ?? ''}>${p.to.spanId ?? ''}` : ''}`);

describe('proposals after an edit', () => {
  it('a change is applied by binary search: a key removed, gone or never there, reads a few proposals of a long list, not all', () => {
    let reads = 0;
    const proposal = (i: number): SpanProposal => {
      const key = proposalKey(i * 10, i * 10 + 5, 'PER', 'learned');
      return { kind: 'span', start: i * 10, end: i * 10 + 5, label: 'PER', recommender: 'learned', confidence: 0.9, explanation: { code: 'learned' }, get key() { reads++; return key; } } as SpanProposal;
    };
    const list = Array.from({ length: 20_000 }, (_, i) => proposal(i));
    const gone = proposalKey(50_000, 50_005, 'PER', 'learned');
    const never = proposalKey(50_001, 50_005, 'PER', 'learned');
    const out = applyProposalChange(list, [gone, never, gone], []);
    expect(out).toHaveLength(19_999);
    expect(out.some((p) => p.start === 50_000)).toBe(false);
    expect(out[5_000]?.start).toBe(50_010);
    expect(reads).toBeLessThan(100);
  });

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`equal a fresh run after every edit of a random sequence (seed ${seed})`, () => {
      const user = new Annotator(random(seed));
      const live = service();
      ask(live, { type: 'learn', documents: [OTHER, user.state()] });
      const opened = ask(live, { type: 'open', document: user.state() });
      let shown = opened.type === 'proposals' ? opened.proposals : [];
      expect(readable(shown)).toEqual(readable(afresh(user.state())));
      for (let step = 0; step < 40; step++) {
        // one edit, or (every fifth step) several queued and sent together
        const changes = [user.edit(shown)];
        if (step % 5 === 4) changes.push(user.edit(shown), user.edit(shown));
        const reply = ask(live, { type: 'change', id: 'doc', changes });
        if (reply.type !== 'changed') throw new Error(reply.type);
        shown = applyProposalChange(shown, reply.removed, reply.added);
        expect(readable(shown), `seed ${seed}, step ${step}: ${JSON.stringify(changes)}`).toEqual(readable(afresh(user.state())));
      }
    });
  }

  it('settle a whole chain of overlapping proposals again when one link goes or comes back', () => {
    const text = 'un deux trois quatre cinq six sept huit neuf dix onze douze';
    const phrases = ['un deux', 'deux trois quatre', 'quatre cinq six sept', 'sept huit neuf dix onze douze'];
    const chain: Recommender = {
      id: 'chain',
      name: 'chain',
      description: 'chain',
      propose: () =>
        phrases.map((phrase) => {
          const { start, end } = at(text, phrase);
          return { kind: 'span', key: proposalKey(start, end, 'PER', 'chain'), start, end, label: 'PER', recommender: 'chain', confidence: 0.5, explanation: { code: 'speaker' } } satisfies Proposal;
        }),
    };
    const doc = new DocIndex(text);
    const session = new SuggestSession(doc, [chain]);
    const show = (list: readonly Proposal[]) => lines(text, list);
    let shown = session.all(context());
    // the longest first; each link drops its neighbours, which lets the next one stay
    const before = ['PER deux trois quatre', 'PER sept huit neuf dix onze douze'];
    const after = ['PER un deux', 'PER quatre cinq six sept'];
    expect(show(shown)).toEqual(before);
    const longest = at(text, 'sept huit neuf dix onze douze');
    const key = proposalKey(longest.start, longest.end, 'PER', 'chain');
    const org = { ...longest, label: 'ORG', id: 'o' };
    const steps: Array<{ change: SessionChange; rejected: string[]; spans: ExistingSpan[]; expected: string[] }> = [
      // the longest rejected: every link of the chain changes, up to its far end
      { change: { rejected: [{ after: key }] }, rejected: [key], spans: [], expected: after },
      { change: { rejected: [{ before: key }] }, rejected: [], spans: [], expected: before },
      // a span of another label where the longest is: the same
      { change: { spans: [{ after: org }] }, rejected: [], spans: [org], expected: after },
      { change: { spans: [{ before: org }] }, rejected: [], spans: [], expected: before },
    ];
    for (const step of steps) {
      const { removed, added } = session.update(step.change);
      shown = applyProposalChange(shown, removed, added);
      expect(show(shown)).toEqual(step.expected);
      expect(show(shown)).toEqual(show(suggest(doc, context(NEWS, step.spans, { rejected: step.rejected }), [chain])));
    }
  });

  it('hide a relation proposal once the relation is made, even by moving a span onto its end', () => {
    const text = 'Vladimir Poutine a rencontré Xi Jinping à Pékin.';
    const quote = { ...at(text, 'a rencontré'), label: 'QUOTE', id: 'q' };
    const xi = { ...at(text, 'Xi Jinping'), label: 'PER', id: 'xi' };
    const vladimir = { ...at(text, 'Vladimir Poutine'), label: 'PER', id: 'v' };
    const said: Recommender = {
      id: 'said',
      name: 'said',
      description: 'said',
      propose: () => {
        const from = { start: quote.start, end: quote.end, label: 'QUOTE', spanId: 'q' };
        const to = { start: xi.start, end: xi.end, label: 'PER', spanId: 'xi' };
        return [{ kind: 'relation', key: relationKey('said_by', from, to, 'said'), type: 'said_by', from, to, recommender: 'said', confidence: 0.5, explanation: { code: 'quoteCued' } } satisfies Proposal];
      },
    };
    const doc = new DocIndex(text);
    const session = new SuggestSession(doc, [said]);
    const spans = new Map([quote, xi, vladimir].map((x) => [x.id, x as ExistingSpan]));
    const relations = new Map<string, ExistingRelation>();
    let shown = session.all(context(NEWS, [...spans.values()]));
    expect(shown).toHaveLength(1);
    const toXi = { id: 'r1', type: 'said_by', fromId: 'q', toId: 'xi' };
    const toVladimir = { id: 'r2', type: 'said_by', fromId: 'q', toId: 'v' };
    const moved = { ...vladimir, start: xi.start, end: xi.end };
    const steps: Array<{ change: SessionChange; apply: () => void; shown: number }> = [
      { change: { relations: [{ after: toXi }] }, apply: () => relations.set('r1', toXi), shown: 0 },
      { change: { relations: [{ before: toXi }] }, apply: () => relations.delete('r1'), shown: 1 },
      { change: { relations: [{ after: toVladimir }] }, apply: () => relations.set('r2', toVladimir), shown: 1 },
      // Vladimir Poutine's span moved onto Xi Jinping: the relation made to it now joins the proposal's ends
      { change: { spans: [{ before: vladimir, after: moved }] }, apply: () => spans.set('v', moved), shown: 0 },
      { change: { spans: [{ before: moved, after: vladimir }] }, apply: () => spans.set('v', vladimir), shown: 1 },
    ];
    for (const step of steps) {
      const { removed, added } = session.update(step.change);
      step.apply();
      shown = applyProposalChange(shown, removed, added);
      expect(shown).toHaveLength(step.shown);
      expect(shown).toEqual(suggest(doc, context(NEWS, [...spans.values()], { relations: [...relations.values()] }), [said]));
    }
  });

  it('answer only what changed: one new span sends back the proposals of its form, not the document', () => {
    const live = new SuggestService(DEFAULT_CUE_FILES);
    live.handle({ type: 'configure', schema: NEWS });
    const doc = { id: 'doc', text: TEXT, spans: [] };
    ask(live, { type: 'learn', documents: [OTHER] });
    const opened = ask(live, { type: 'open', document: doc });
    const before = opened.type === 'proposals' ? opened.proposals : [];
    // "Xi Jinping" (twice more in the text, once in lower case) labelled PER: its other occurrence in that casing is proposed
    const xi = { start: TEXT.indexOf('Xi Jinping'), end: TEXT.indexOf('Xi Jinping') + 10, label: 'PER', id: 'x' };
    const reply = ask(live, { type: 'change', id: 'doc', changes: [{ spans: [{ after: xi }], touched: [xi] }] });
    if (reply.type !== 'changed') throw new Error(reply.type);
    expect(reply.removed).toEqual([]);
    expect(reply.added.map((p) => (p.kind === 'span' ? TEXT.slice(p.start, p.end) : p.key))).toEqual(['Xi Jinping']);
    expect(before.length).toBeGreaterThan(10);
  });

  it('after the setup changes (configure, learn) under an open document, its next edit still answers as a fresh run', () => {
    const user = new Annotator(random(7));
    const live = service();
    ask(live, { type: 'learn', documents: [OTHER, user.state()] });
    const opened = ask(live, { type: 'open', document: user.state() });
    let shown = opened.type === 'proposals' ? opened.proposals : [];
    // a label switched off and on again, the project learned again: what the page does then
    ask(live, { type: 'configure', schema: NEWS, enabled: ['learned', 'dates'] });
    const whole = ask(live, { type: 'edit', document: user.state(), touched: [] });
    if (whole.type !== 'proposals') throw new Error(whole.type);
    shown = whole.proposals;
    expect(shown.every((p) => p.recommender === 'learned' || p.recommender === 'dates')).toBe(true);
    ask(live, { type: 'configure', schema: NEWS, gazetteers: [{ name: 'chains.csv', content: GAZETTEER, ignoreCase: true }] });
    ask(live, { type: 'learn', documents: [OTHER, user.state()] });
    for (let step = 0; step < 10; step++) {
      const reply = ask(live, { type: 'change', id: 'doc', changes: [user.edit(shown)] });
      if (reply.type !== 'changed') throw new Error(reply.type);
      shown = applyProposalChange(shown, reply.removed, reply.added);
      expect(readable(shown), `step ${step}`).toEqual(readable(afresh(user.state())));
    }
  });

  it('a whole document sent after edits gives what deltas give', () => {
    const user = new Annotator(random(42));
    const whole = service();
    ask(whole, { type: 'learn', documents: [OTHER, user.state()] });
    ask(whole, { type: 'open', document: user.state() });
    let shown: Proposal[] = [];
    for (let step = 0; step < 15; step++) {
      const change = user.edit(shown);
      const reply = ask(whole, { type: 'edit', document: user.state(), touched: change.touched });
      if (reply.type !== 'proposals') throw new Error(reply.type);
      shown = reply.proposals;
      expect(readable(shown), `step ${step}`).toEqual(readable(afresh(user.state())));
    }
  });
});
