import { describe, expect, it } from 'vitest';
import en from '../../../resources/suggest/cues.en.json';
import fr from '../../../resources/suggest/cues.fr.json';
import { compileCues, parseCues } from '../../../src-renderer/src/suggest/cues';
import { DEFAULT_CUE_FILES } from '../../../src-renderer/src/suggest/default-cues';
import { DocIndex } from '../../../src-renderer/src/suggest/doc';
import { suggest } from '../../../src-renderer/src/suggest/engine';
import { LearnedModel, LearnedStrings } from '../../../src-renderer/src/suggest/learned';
import { findQuotes, QuotesAndSpeakers } from '../../../src-renderer/src/suggest/quotes';
import type { ExistingRelation, ExistingSpan, SchemaNames } from '../../../src-renderer/src/suggest/types';
import { at, context, lines, NEWS, span } from './helpers';

const quotes = new QuotesAndSpeakers(compileCues(DEFAULT_CUE_FILES));

function run(text: string, spans: ExistingSpan[] = [], schema: SchemaNames = NEWS, relations: ExistingRelation[] = []): string[] {
  return lines(text, suggest(new DocIndex(text), context(schema, spans, { relations }), [quotes]));
}

const inner = (text: string) => findQuotes(text).map((q) => `${q.depth} ${text.slice(q.start, q.end)}`);

describe('quotation marks', () => {
  it('finds « … » with spaces, no-break spaces, narrow no-break spaces or none inside', () => {
    expect(inner('« Un. » «\u00a0Deux\u00a0» «\u202fTrois\u202f» «Quatre»')).toEqual(['0 Un.', '0 Deux', '0 Trois', '0 Quatre']);
  });

  it('finds “ … ”, „ … “, „ … ” and straight "…"', () => {
    expect(inner('“One” „Zwei“ „Trzy” "Four" don\'t "five, six"')).toEqual(['0 One', '0 Zwei', '0 Trzy', '0 Four', '0 five, six']);
  });

  it('nests quotes in quotes: the outer one runs past the inner closing mark', () => {
    const text = '« Il m’a dit “ nous gagnerons ” puis il est parti », raconte-t-elle. "He said \'no\' and ‘never’ again" ok';
    expect(inner(text)).toEqual(['0 Il m’a dit “ nous gagnerons ” puis il est parti', '1 nous gagnerons', '0 He said \'no\' and ‘never’ again', '1 never']);
  });

  it('carries a quote over a paragraph that reopens it with « (or “), and drops one left open', () => {
    const fr = '« Nous avons signé.\n\n« Nous signerons encore », a-t-il dit.';
    expect(inner(fr)).toEqual(['0 Nous avons signé.\n\n« Nous signerons encore']);
    const en = '“We signed.\n“We will sign again,” he said.';
    expect(inner(en)).toEqual(['0 We signed.\n“We will sign again']);
    expect(inner('« Jamais fermée.\nUn autre paragraphe « court ».')).toEqual(['0 court']);
  });
});

describe('quotes and speakers, French', () => {
  const schema = NEWS;

  it('ties « … », a déclaré X to the person span after the verb', () => {
    const text = '« Notre amitié n’a pas de limites », a déclaré Xi Jinping mardi.';
    expect(run(text, [span(text, 'Xi Jinping', 'PER', 0, 'xi')], schema)).toEqual(['QUOTE Notre amitié n’a pas de limites', 'said_by Notre amitié n’a pas… → Xi Jinping']);
  });

  it('proposes a capitalised name next to the verb as a new person, after titles', () => {
    const text = '« Notre amitié n’a pas de limites », a déclaré mardi le président russe Vladimir Poutine.';
    expect(run(text)).toEqual(['QUOTE Notre amitié n’a pas de limites', 'said_by Notre amitié n’a pas… → Vladimir Poutine', 'PER Vladimir Poutine']);
    const before = 'M. Poutine a déclaré : « Nous ne reculerons pas devant eux. »';
    expect(run(before)).toEqual(['PER Poutine', 'QUOTE Nous ne reculerons pas devant eux.', 'said_by Nous ne reculerons p… → Poutine']);
  });

  it('resolves « … », a-t-il déclaré to the nearest person before the quote, in the paragraph before if need be', () => {
    const text = 'Vladimir Poutine a reçu Xi Jinping à Pékin.\n\n« Votre visite remplit notre promesse », a-t-il déclaré.';
    const spans = [span(text, 'Vladimir Poutine', 'PER', 0, 'vp'), span(text, 'Xi Jinping', 'PER', 0, 'xi'), span(text, 'Pékin', 'LOC')];
    expect(run(text, spans)).toEqual(['QUOTE Votre visite remplit notre promesse', 'said_by Votre visite remplit… → Xi Jinping']);
  });

  it('ties the speaker before the quote: X a déclaré : « … », and Selon X, « … »', () => {
    const text = 'Xi Jinping a déclaré : « La coopération est sans limites. » Selon Vladimir Poutine, « la confiance est totale entre nos pays ».';
    const spans = [span(text, 'Xi Jinping', 'PER'), span(text, 'Vladimir Poutine', 'PER')];
    expect(run(text, spans)).toEqual([
      'QUOTE La coopération est sans limites.',
      'said_by La coopération est s… → Xi Jinping',
      'QUOTE la confiance est totale entre nos pays',
      'said_by la confiance est tot… → Vladimir Poutine',
    ]);
  });

  it('takes the speaker from a person proposal of a recommender that ran before', () => {
    const train = 'Xi Jinping arrive.';
    const model = LearnedModel.build([{ id: 't', text: train, spans: [span(train, 'Xi Jinping', 'PER')] }]);
    const text = 'Xi Jinping a reçu son hôte.\n« Votre visite remplit notre promesse », a-t-il déclaré.';
    const got = suggest(new DocIndex(text), context(), [new LearnedStrings(model), quotes]);
    expect(lines(text, got)).toEqual(['PER Xi Jinping', 'QUOTE Votre visite remplit notre promesse', 'said_by Votre visite remplit… → Xi Jinping']);
    const relation = got.find((p) => p.kind === 'relation');
    expect(relation).toMatchObject({ recommender: 'quotes', from: { label: 'QUOTE' }, to: { label: 'PER' } });
    expect(relation?.kind === 'relation' && relation.to.spanId).toBeUndefined();
  });

  it('does not propose short quotes no verb of saying ties to anyone (terms, titles)', () => {
    const text = '« Lichun », la première des 24 périodes solaires, tombe le 4 février.';
    expect(run(text)).toEqual([]);
  });

  it('ties a quote to the speaker of the sentence before it: X a déclaré … . « … »', () => {
    const text = 'Xi Jinping a déclaré mardi devant la presse. « Notre amitié avec la Russie n’a pas de limites. »';
    const got = suggest(new DocIndex(text), context(NEWS, [span(text, 'Xi Jinping', 'PER', 0, 'xi')]), [quotes]);
    expect(lines(text, got)).toEqual(['QUOTE Notre amitié avec la Russie n’a pas de limites.', 'said_by Notre amitié avec la… → Xi Jinping']);
    expect(got[1]).toMatchObject({ kind: 'relation', to: { spanId: 'xi' }, explanation: { code: 'relation', relation: 'said_by', how: 'subject', neighbour: true } });
  });

  it('attributes a quote over two paragraphs', () => {
    const text = 'Le ministre Sergueï Lavrov a ajouté : « Nous avons signé.\n\n« Nous signerons encore. »';
    const spans = [span(text, 'Sergueï Lavrov', 'PER', 0, 'sl')];
    expect(run(text, spans)).toEqual(['QUOTE Nous avons signé.\n\n« Nous signerons encore.', 'said_by Nous avons signé.\n\n«… → Sergueï Lavrov']);
  });

  it('works on the article about the Xi–Putin meeting', () => {
    const text = [
      'Notant sa présence à la cérémonie d’ouverture des Jeux olympiques d’hiver de 2014 à Sotchi à l’invitation de Vladimir Poutine, Xi Jinping a mentionné qu’ils avaient promis de se rencontrer à nouveau à Beijing huit ans plus tard.',
      '',
      '« Votre visite remplit notre promesse », a-t-il déclaré, ajoutant qu’il espère que la rencontre du début du printemps apportera plus de vitalité aux relations entre la Chine et la Russie.',
      '',
      '« Lichun », la première des 24 périodes solaires du calendrier lunaire chinois, tombe le 4 février de cette année et est considérée comme le début du printemps.',
      '',
      'Selon Vladimir Poutine, l’échange de visites aux Jeux olympiques est un symbole et une bonne tradition de relations étroites entre les chefs d’État des deux pays.',
      '',
      '« La pandémie de COVID-19 ne m’a pas empêché d’entretenir des échanges étroits avec le président Xi Jinping de diverses façons », a-t-il dit.',
    ].join('\n');
    const spans = [span(text, 'Vladimir Poutine', 'PER', 0), span(text, 'Xi Jinping', 'PER', 0), span(text, 'Vladimir Poutine', 'PER', 1), span(text, 'Xi Jinping', 'PER', 1)];
    expect(run(text, spans)).toEqual([
      'QUOTE Votre visite remplit notre promesse',
      'said_by Votre visite remplit… → Xi Jinping',
      'QUOTE La pandémie de COVID-19 ne m’a pas empêché d’entretenir des échanges étroits avec le président Xi Jinping de diverses façons',
      'said_by La pandémie de COVID… → Vladimir Poutine',
    ]);
  });
});

describe('quotes and speakers, English', () => {
  it('ties "…," said X and "…," X said to X, leaving the comma before the closing mark out', () => {
    const text = '"We will not back down," said John Smith. "Talks will go on next week," Mary Jones told reporters.';
    expect(run(text)).toEqual([
      'QUOTE We will not back down',
      'said_by We will not back dow… → John Smith',
      'PER John Smith',
      'QUOTE Talks will go on next week',
      'said_by Talks will go on nex… → Mary Jones',
      'PER Mary Jones',
    ]);
  });

  it('resolves "…," she said to the nearest person before', () => {
    const text = 'Angela Merkel met the press in Berlin. “The door remains open,” she said.';
    const spans = [span(text, 'Angela Merkel', 'PER', 0, 'am'), span(text, 'Berlin', 'LOC')];
    expect(run(text, spans)).toEqual(['QUOTE The door remains open', 'said_by The door remains ope… → Angela Merkel']);
  });

  it('ties a quote to the speaker of the sentence after it: "…." X said this on Monday.', () => {
    const text = '"We will not back down, whatever the cost may be." John Smith said this on Monday.';
    const got = suggest(new DocIndex(text), context(NEWS, [span(text, 'John Smith', 'PER', 0, 'js')]), [quotes]);
    expect(lines(text, got)).toEqual(['QUOTE We will not back down, whatever the cost may be.', 'said_by We will not back dow… → John Smith']);
    expect(got[1]).toMatchObject({ kind: 'relation', to: { spanId: 'js' }, explanation: { code: 'relation', relation: 'said_by', how: 'subject', neighbour: true } });
  });

  it('ties According to X, "…" and X said: "…"', () => {
    const text = 'According to the United Nations, "the famine is spreading fast." Smith said: "Aid is on its way now."';
    const spans = [span(text, 'United Nations', 'ORG'), span(text, 'Smith', 'PER')];
    expect(run(text, spans)).toEqual([
      'QUOTE the famine is spreading fast.',
      'said_by the famine is spread… → United Nations',
      'QUOTE Aid is on its way now.',
      'said_by Aid is on its way no… → Smith',
    ]);
  });
});

describe('quotes and the schema', () => {
  const text = '« Nous ne reculerons pas devant eux », a déclaré Xi Jinping.';
  const xi = () => [span(text, 'Xi Jinping', 'PER', 0, 'xi')];

  it('proposes nothing in a schema without a quote label', () => {
    expect(run(text, xi(), { labels: ['PER', 'ORG'], relations: [] })).toEqual([]);
  });

  it('proposes the quote alone when no relation goes from quotes to persons', () => {
    expect(run(text, xi(), { labels: ['PER', 'QUOTE'], relations: [{ name: 'member_of', source: ['PER'], target: ['ORG'] }] })).toEqual([
      'QUOTE Nous ne reculerons pas devant eux',
    ]);
  });

  it('uses the relation type from quotes to persons when none is named said_by', () => {
    const person = [{ ...at(text, 'Xi Jinping'), label: 'PERSON' }];
    expect(run(text, person, { labels: ['PERSON', 'QUOTATION'], relations: [{ name: 'speaker', source: ['QUOTATION'], target: ['PERSON'] }] })).toEqual([
      'QUOTATION Nous ne reculerons pas devant eux',
      'speaker Nous ne reculerons p… → Xi Jinping',
    ]);
  });

  it('takes the speaker label the quotes-and-sources schema allows (SPEAKER)', () => {
    const schema = { labels: ['QUOTE', 'SPEAKER', 'CUE'], relations: [{ name: 'said_by', source: ['QUOTE'], target: ['SPEAKER'] }] };
    expect(run(text, [], schema)).toEqual(['QUOTE Nous ne reculerons pas devant eux', 'said_by Nous ne reculerons p… → Xi Jinping', 'SPEAKER Xi Jinping']);
  });

  it('attributes the user’s own quote spans, unless they already have a speaker', () => {
    const quote = span(text, 'Nous ne reculerons pas devant eux', 'QUOTE', 0, 'q');
    const got = suggest(new DocIndex(text), context(NEWS, [quote, ...xi()]), [quotes]);
    expect(lines(text, got)).toEqual(['said_by Nous ne reculerons p… → Xi Jinping']);
    expect(got[0]).toMatchObject({ kind: 'relation', from: { spanId: 'q' }, to: { spanId: 'xi' } });
    expect(run(text, [quote, ...xi()], NEWS, [{ type: 'said_by', fromId: 'q', toId: 'xi' }])).toEqual([]);
  });
});

describe('cue files', () => {
  it('ship for French and English and pass their own schema', () => {
    expect(parseCues(fr, 'cues.fr.json').verbs).toContain('déclaré');
    expect(parseCues(en, 'cues.en.json').sources).toContain('according to');
  });

  it('refuse a malformed file with its name and the field at fault', () => {
    expect(() => parseCues({ ...fr, verbs: 'dit' }, 'mes-indices.json')).toThrow(/^mes-indices\.json: verbs: /);
    expect(() => parseCues({ ...fr, adverbs: [] }, 'mes-indices.json')).toThrow(/^mes-indices\.json: /);
  });

  it('extend the cues: a verb a user adds ties its quotes', () => {
    const text = '« On verra bien demain matin », a grommelé Jean Dupont.';
    expect(run(text)).toEqual(['QUOTE On verra bien demain matin']);
    const extended = new QuotesAndSpeakers(compileCues([...DEFAULT_CUE_FILES, parseCues({ ...fr, verbs: ['grommelé'] }, 'mes-indices.json')]));
    expect(lines(text, suggest(new DocIndex(text), context(), [extended]))).toEqual(['QUOTE On verra bien demain matin', 'said_by On verra bien demain… → Jean Dupont', 'PER Jean Dupont']);
  });
});
