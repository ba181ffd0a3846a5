import { describe, expect, it } from 'vitest';
import { DocIndex } from '../../../src-renderer/src/suggest/doc';
import { SuggestSession, suggest } from '../../../src-renderer/src/suggest/engine';
import { formKeyAt, formOf, LearnedModel, LearnedStrings, type TrainingDoc } from '../../../src-renderer/src/suggest/learned';
import { tokenize } from '../../../src-renderer/src/suggest/tokens';
import { wordExplanation } from '../../../src-renderer/src/suggest/explain';
import type { ExistingSpan, Proposal } from '../../../src-renderer/src/suggest/types';
import { context, lines, NEWS, span } from './helpers';

const why = (p: Proposal | undefined) => (p ? wordExplanation('en', p.explanation) : 'no proposal');

const TRAIN = "L'OTAN a réuni ses membres à Bruxelles. Vladimir Poutine critique l’OTAN.";

function model(...docs: Array<Partial<TrainingDoc> & { text: string; spans: ExistingSpan[] }>): LearnedModel {
  return LearnedModel.build(docs.map((d, i) => ({ id: `d${i}`, ...d })));
}

const trained = () => model({ text: TRAIN, spans: [span(TRAIN, 'OTAN', 'ORG'), span(TRAIN, 'Vladimir Poutine', 'PER'), span(TRAIN, 'Bruxelles', 'LOC')] });

function propose(m: LearnedModel, text: string, spans: ExistingSpan[] = [], rejected: string[] = [], schema = NEWS) {
  return suggest(new DocIndex(text), context(schema, spans, { rejected }), [new LearnedStrings(m)]);
}

describe('learned strings', () => {
  it('proposes a labelled form wherever it recurs, in another document, with its label and why', () => {
    const text = 'Hier, Vladimir Poutine a reçu une délégation à Bruxelles.';
    const got = propose(trained(), text);
    expect(lines(text, got)).toEqual(['PER Vladimir Poutine', 'LOC Bruxelles']);
    expect(got[0]).toMatchObject({ kind: 'span', recommender: 'learned', confidence: 0.5, form: 'vladimir poutine' });
    expect(why(got[0])).toBe('Labelled PER once');
  });

  it('proposes the word after a French elision, with straight and curly apostrophes, never the elision', () => {
    const text = "Selon l'OTAN et d’après l’OTAN, rien.";
    const got = propose(trained(), text);
    expect(lines(text, got)).toEqual(['ORG OTAN', 'ORG OTAN']);
    expect(got[0]?.kind === 'span' && got[0].start).toBe(text.indexOf('OTAN'));
  });

  it("proposes a name before an English possessive 's, and learns a name that holds one", () => {
    const base = 'NATO met. Putin spoke. McDonald’s opened.';
    const m = model({ text: base, spans: [span(base, 'NATO', 'ORG'), span(base, 'Putin', 'PER'), span(base, 'McDonald’s', 'ORG')] });
    const text = "NATO's chief and Putin’s aide met at McDonald's, not at McDonald.";
    const got = propose(m, text);
    expect(lines(text, got)).toEqual(['ORG NATO', 'PER Putin', "ORG McDonald's"]);
    expect(got[0]?.kind === 'span' && [got[0].start, got[0].end]).toEqual([0, 4]);
  });

  it('gives UTF-16 offsets after emoji and other astral characters', () => {
    const text = '🇫🇷 📚 Vladimir Poutine 🙂, à Bruxelles.';
    const got = propose(trained(), text);
    expect(got.map((p) => (p.kind === 'span' ? [p.start, p.end] : []))).toEqual([
      [text.indexOf('Vladimir'), text.indexOf('Vladimir') + 16],
      [text.indexOf('Bruxelles'), text.indexOf('Bruxelles') + 9],
    ]);
  });

  it('respects word boundaries: not inside a longer word, with Unicode letters and digits', () => {
    const base = 'Zoë parle. Le G7 se réunit. OTAN.';
    const m = model({ text: base, spans: [span(base, 'Zoë', 'PER'), span(base, 'G7', 'ORG'), span(base, 'OTAN', 'ORG')] });
    const text = 'Les OTANs, NOTAN, Zoëlle, le G77 et G7s; mais OTAN-Russie, Zoë et le G7.';
    expect(lines(text, propose(m, text))).toEqual(['ORG OTAN', 'PER Zoë', 'ORG G7']);
  });

  it('matches only the casing the user labelled, unless two casings were labelled alike', () => {
    const one = 'Orange vend. Orange encore.';
    const single = model({ text: one, spans: [span(one, 'Orange', 'ORG')] });
    const text = 'Une orange, ORANGE et Orange.';
    expect(lines(text, propose(single, text))).toEqual(['ORG Orange']);

    const two = 'OTAN et Otan.';
    const alike = model({ text: two, spans: [span(two, 'OTAN', 'ORG'), span(two, 'Otan', 'ORG')] });
    const t2 = "l'otan, l'OTAN, l'Otan.";
    const got = propose(alike, t2);
    expect(lines(t2, got)).toEqual(['ORG otan', 'ORG OTAN', 'ORG Otan']);
    expect(why(got[0])).toBe('Labelled ORG 2 times, in any case');

    const unlike = model({ text: 'Orange et orange.', spans: [{ start: 0, end: 6, label: 'ORG' }, { start: 10, end: 16, label: 'LOC' }] });
    expect(lines('ORANGE, orange, Orange', propose(unlike, 'ORANGE, orange, Orange'))).toEqual(['LOC orange', 'ORG Orange']);
  });

  it('lowers confidence for occurrences left unlabelled in a document marked complete, and for rejections', () => {
    const text = 'Poutine parle. Poutine dort. Poutine mange.';
    const first = span(text, 'Poutine', 'PER');
    const done = model({ text, spans: [first], complete: true });
    expect(done.decide('poutine', 'Poutine')).toMatchObject({ label: 'PER', count: 1, none: 2, confidence: 0.25 });
    // the same document not marked complete: its unlabelled occurrences are only not done yet
    const ongoing = model({ text, spans: [first] });
    expect(ongoing.decide('poutine', 'Poutine')?.confidence).toBe(0.5);
    const rejected = model({ text, spans: [first], rejected: [`${text.indexOf('Poutine', 10)}:${text.indexOf('Poutine', 10) + 7}:PER:learned`] });
    expect(rejected.decide('poutine', 'Poutine')).toMatchObject({ none: 1, confidence: 1 / 3 });
    // below the threshold (0.4 by default), nothing is proposed
    expect(propose(done, 'Poutine arrive.')).toEqual([]);
    expect(propose(ongoing, 'Poutine arrive.')).toHaveLength(1);
  });

  it('proposes the most frequent label, counting spans with another label against it', () => {
    const text = 'Washington, Washington, Washington.';
    const m = model({ text, spans: [{ ...span(text, 'Washington', 'LOC', 0) }, { ...span(text, 'Washington', 'LOC', 1) }, { ...span(text, 'Washington', 'PER', 2) }] });
    expect(m.decide('washington', 'Washington')).toMatchObject({ label: 'LOC', count: 2, others: 1, confidence: 0.5 });
    expect(propose(m, 'À Washington.')[0]).toMatchObject({ label: 'LOC' });
    expect(why(propose(m, 'À Washington.')[0])).toBe('Labelled LOC 2 times, another label once');
  });

  it('never matches a form over a line break, and does not learn spans of more than ten words', () => {
    const text = 'Xi Jinping arrive.';
    const m = model({ text, spans: [span(text, 'Xi Jinping', 'PER')] });
    expect(propose(m, 'Xi\nJinping')).toEqual([]);
    expect(formOf('un deux trois quatre cinq six sept huit neuf dix onze')).toBeNull();
    expect(formOf('Xi\nJinping')).toBeNull();
  });

  it('never proposes a label the schema lacks', () => {
    const text = 'Bruxelles.';
    expect(propose(trained(), text, [], [], { labels: ['PER', 'ORG'], relations: [] })).toEqual([]);
    // a synonym in the schema is used: LOC learned, GPE in this project
    expect(lines(text, propose(trained(), text, [], [], { labels: ['GPE'], relations: [] }))).toEqual(['GPE Bruxelles']);
  });

  it('reads the form of a span from the document tokens, or from its text when it cuts a word', () => {
    const doc = new DocIndex("l'OTAN et Vladimir  Poutine");
    expect(formKeyAt(doc, 2, 6)).toBe('otan');
    expect(formKeyAt(doc, 10, 27)).toBe('vladimir poutine');
    expect(formKeyAt(doc, 3, 6)).toBe('tan');
  });
});

describe('learned strings, English', () => {
  it('matches only the casing the user labelled (Apple, not apple or APPLE), any case once two casings got the same label', () => {
    const one = 'Apple sells phones.';
    const single = model({ text: one, spans: [span(one, 'Apple', 'ORG')] });
    const text = 'An apple a day, APPLE shares and Apple stores.';
    expect(lines(text, propose(single, text))).toEqual(['ORG Apple']);
    expect(why(propose(single, text)[0])).toBe('Labelled ORG once');

    const two = 'NASA and Nasa.';
    const alike = model({ text: two, spans: [span(two, 'NASA', 'ORG'), span(two, 'Nasa', 'ORG')] });
    const t2 = 'nasa, NASA, Nasa.';
    expect(lines(t2, propose(alike, t2))).toEqual(['ORG nasa', 'ORG NASA', 'ORG Nasa']);
  });

  it('respects word boundaries: Ford is not proposed inside Fords, Oxford, Fordham or Ford1', () => {
    const base = 'Ford spoke.';
    const m = model({ text: base, spans: [span(base, 'Ford', 'PER')] });
    const text = 'The Fords of Oxford met at Fordham; Ford1 is a file. (Ford) agreed, said Ford.';
    expect(lines(text, propose(m, text))).toEqual(['PER Ford', 'PER Ford']);
    expect(propose(m, text).map((p) => (p.kind === 'span' ? p.start : -1))).toEqual([text.indexOf('(Ford)') + 1, text.lastIndexOf('Ford')]);
  });

  it('reads a hyphenated compound as three tokens: proposed whole, never without its hyphen; a part learned alone is proposed inside one', () => {
    // the hyphen is a token of its own, as spaCy's English tokenizer makes it between letters
    expect(tokenize('Jean-Marie').folded).toEqual(['jean', '-', 'marie']);
    expect(tokenize('well-known').folded).toEqual(['well', '-', 'known']);
    expect(formOf('Jean-Marie')).toEqual({ key: 'jean - marie', variant: 'Jean - Marie' });

    const train = 'Jean-Marie Le Pen met Smith in a well-known hall.';
    const m = model({ text: train, spans: [span(train, 'Jean-Marie', 'PER'), span(train, 'Smith', 'PER'), span(train, 'well-known', 'ORG')] });
    const text = 'Jean-Marie spoke; Jean Marie and Jean-marie did not. Smith-Jones and the well-known, well known band.';
    // the compound as labelled, with its casing; "Smith" alone inside Smith-Jones (as OTAN in OTAN-Russie)
    expect(lines(text, propose(m, text))).toEqual(['PER Jean-Marie', 'PER Smith', 'ORG well-known']);

    // a part and the whole compound both learned: the whole wins where it is written
    const both = model({ text: train, spans: [span(train, 'Jean-Marie', 'PER'), { ...span(train, 'Jean-Marie', 'PER'), end: train.indexOf('-') }] });
    const t2 = 'Jean-Marie and Jean-Pierre.';
    expect(lines(t2, propose(both, t2))).toEqual(['PER Jean-Marie', 'PER Jean']);
  });
});

describe('learned strings after an edit', () => {
  const text = ['Vladimir Poutine a parlé.', 'Puis Vladimir Poutine est parti.', 'Xi Jinping et Vladimir Poutine.'].join('\n');
  const open = { id: 'open', text };

  it('updates the proposals of the edited form everywhere in the document, and only those', () => {
    const m = model({ text: 'Xi Jinping arrive.', spans: [{ start: 0, end: 10, label: 'PER' }] });
    const doc = new DocIndex(text);
    const session = new SuggestSession(doc, [new LearnedStrings(m)]);
    expect(lines(text, session.all(context(NEWS, [])))).toEqual(['PER Xi Jinping']);

    // the user labels the first Vladimir Poutine
    const spans = [span(text, 'Vladimir Poutine', 'PER')];
    const keys = m.observe({ ...open, index: doc, spans }, [formKeyAt(doc, spans[0]!.start, spans[0]!.end) as string]);
    expect(keys).toEqual(['vladimir poutine']);
    session.update({ spans: [{ after: spans[0]! }], forms: keys });
    expect(lines(text, session.proposals())).toEqual(['PER Vladimir Poutine', 'PER Xi Jinping', 'PER Vladimir Poutine']);

    // and removes it again: the form is forgotten, its proposals go
    const none = m.observe({ ...open, index: doc, spans: [] }, keys);
    session.update({ spans: [{ before: spans[0]! }], forms: none });
    expect(lines(text, session.proposals())).toEqual(['PER Xi Jinping']);
    expect([...m.keys()]).toEqual(['xi jinping']);
  });

  it('counts a document again as a whole, and forgets it', () => {
    const m = model({ text: 'Xi Jinping arrive.', spans: [{ start: 0, end: 10, label: 'PER' }] });
    m.observe({ ...open, spans: [span(text, 'Vladimir Poutine', 'PER'), span(text, 'Xi Jinping', 'ORG')] });
    expect(m.decide('xi jinping', 'Xi Jinping')).toMatchObject({ count: 1, others: 1 });
    expect(m.decide('vladimir poutine', 'Vladimir Poutine')).toMatchObject({ label: 'PER', count: 1 });
    expect(m.forget('open').sort()).toEqual(['vladimir poutine', 'xi jinping']);
    expect(m.decide('vladimir poutine', 'Vladimir Poutine')).toBeNull();
    expect(m.decide('xi jinping', 'Xi Jinping')).toMatchObject({ count: 1, others: 0 });
  });
});
