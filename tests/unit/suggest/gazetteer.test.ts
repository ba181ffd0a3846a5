import { describe, expect, it } from 'vitest';
import { DocIndex } from '../../../src-renderer/src/suggest/doc';
import { suggest } from '../../../src-renderer/src/suggest/engine';
import { wordExplanation } from '../../../src-renderer/src/suggest/explain';
import { type GazetteerOptions, Gazetteers, parseGazetteer } from '../../../src-renderer/src/suggest/gazetteer';
import type { SchemaNames } from '../../../src-renderer/src/suggest/types';
import { context, lines, NEWS } from './helpers';

function run(file: string, content: string, text: string, options: GazetteerOptions = {}, schema: SchemaNames = NEWS): string[] {
  const list = parseGazetteer(content, file, options);
  return lines(text, suggest(new DocIndex(text), context(schema), [new Gazetteers([list])]));
}

const error = (file: string, content: string, options: GazetteerOptions = {}) => {
  try {
    parseGazetteer(content, file, options);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  return 'no error';
};

describe('gazetteer files', () => {
  it('reads term<TAB>label lines, skipping blank lines and # comments', () => {
    const content = '# pays\nRussie\tLOC\n\nChine\tLOC\nOrganisation de coopération de Shanghai\tORG\n';
    const text = "La Chine et la Russie, membres de l'Organisation de coopération de Shanghai.";
    expect(run('pays.tsv', content, text)).toEqual(['LOC Chine', 'LOC Russie', 'ORG Organisation de coopération de Shanghai']);
  });

  it("finds a term before an English possessive 's", () => {
    expect(run('orgs.txt', 'European Union\nNATO\n', "The European Union's budget and NATO’s summit.", { label: 'ORG' })).toEqual(['ORG European Union', 'ORG NATO']);
  });

  it('reads a list of bare terms given one label', () => {
    expect(run('personnes.txt', 'Xi Jinping\nVladimir Poutine\n', 'Xi Jinping reçoit Vladimir Poutine.', { label: 'PER' })).toEqual(['PER Xi Jinping', 'PER Vladimir Poutine']);
  });

  it('reads CSV term,label rows with a header, quoted commas, doubled quotes and line breaks in quotes', () => {
    const content = 'term,label\r\n"Banque de France, Paris",ORG\r\n"Le ""Monde""",ORG\r\n"Nations\nUnies",ORG\r\nBerlin , LOC\r\n';
    const text = 'La Banque de France, Paris, le "Monde" et Berlin.';
    const list = parseGazetteer(content, 'liste.csv');
    expect(list.phrases.map((p) => [p.variant, p.label, p.line])).toEqual([
      ['Banque de France , Paris', 'ORG', 2],
      ['Le " Monde "', 'ORG', 3],
      ['Nations Unies', 'ORG', 4],
      ['Berlin', 'LOC', 6],
    ]);
    expect(run('liste.csv', content, text)).toEqual(['ORG Banque de France, Paris', 'LOC Berlin']);
  });

  it('reads spaCy EntityRuler / Prodigy patterns.jsonl: phrases on their exact text, and token patterns', () => {
    const content = [
      '{"label": "ORG", "pattern": "Nations Unies", "id": "un"}',
      '{"label": "PER", "pattern": [{"LOWER": "xi"}, {"LOWER": "jinping"}]}',
      '{"label": "ORG", "pattern": [{"ORTH": "BRICS"}]}',
      '{"label": "DATE", "pattern": [{"IS_DIGIT": true, "LENGTH": 4}]}',
      '{"label": "LOC", "pattern": [{"TEXT": {"IN": ["Chine", "Russie"]}}]}',
      '',
    ].join('\n');
    const text = 'Les nations unies, les Nations Unies, XI JINPING, les BRICS, brics, en 2022 et 22, la Chine.';
    expect(run('patterns.jsonl', content, text)).toEqual(['ORG Nations Unies', 'PER XI JINPING', 'ORG BRICS', 'DATE 2022', 'LOC Chine']);
    const got = suggest(new DocIndex(text), context(), [new Gazetteers([parseGazetteer(content, 'patterns.jsonl')])]);
    expect(got.slice(0, 2).map((p) => wordExplanation('en', p.explanation))).toEqual(['“Nations Unies” is ORG in patterns.jsonl line 1 (id un)', 'matches the PER pattern of patterns.jsonl line 2']);
    expect(got.slice(0, 2).map((p) => wordExplanation('fr', p.explanation))).toEqual(['«\u00a0Nations Unies\u00a0» est ORG dans patterns.jsonl, ligne 1 (id un)', 'correspond au motif PER de patterns.jsonl, ligne 2']);
  });

  it('applies the operators ?, *, +, ! and {n,m}, and the flags IS_ALPHA, IS_PUNCT and IS_TITLE', () => {
    const pattern = (p: object[], label = 'ORG') => JSON.stringify({ label, pattern: p });
    const title = { IS_TITLE: true, OP: '+' };
    const content = [
      pattern([{ LOWER: 'banque' }, { LOWER: { IN: ['de', 'du'] }, OP: '?' }, title]),
      pattern([{ LOWER: 'le' }, { IS_PUNCT: true, OP: '!' }, { LOWER: 'fonds' }]),
      pattern([{ ORTH: 'G' }, { IS_DIGIT: true, OP: '{1,2}' }], 'EVENT'),
      // spaCy's is_alpha is false for d’: the elision is matched by its folded text
      pattern([{ LOWER: 'jeux' }, { IS_ALPHA: true, OP: '*' }, { LOWER: "d'" }, { LOWER: 'hiver' }], 'EVENT'),
    ].join('\n');
    const text = 'Banque de France, Banque Mondiale, banque rouge. Le grand fonds, le , fonds. G 7. Jeux olympiques d’hiver.';
    expect(run('patterns.jsonl', content, text)).toEqual(['ORG Banque de France', 'ORG Banque Mondiale', 'ORG Le grand fonds', 'EVENT G 7', 'EVENT Jeux olympiques d’hiver']);
  });

  it('keeps the longest of overlapping matches, then the first, as EntityRuler does', () => {
    const content = 'Banque\tORG\nBanque de France\tORG\nFrance\tLOC\n';
    expect(run('g.tsv', content, 'La Banque de France.')).toEqual(['ORG Banque de France']);
  });

  it('matches terms with their case unless the list ignores case; ’ and \' alike', () => {
    const content = "l'Élysée\tLOC\n";
    expect(run('g.tsv', content, "À l’Élysée, l'ÉLYSÉE.")).toEqual(["LOC l’Élysée"]);
    expect(run('g.tsv', content, "À l’Élysée, l'ÉLYSÉE.", { ignoreCase: true })).toEqual(["LOC l’Élysée", "LOC l'ÉLYSÉE"]);
  });

  it('maps list labels to the schema by name in any case and by synonym; labels the schema lacks are never proposed', () => {
    const content = 'Pékin\tgpe\nXi Jinping\tPERSON\nLichun\tMISC\n';
    expect(run('g.tsv', content, 'Xi Jinping à Pékin pour Lichun.')).toEqual(['PER Xi Jinping', 'LOC Pékin']);
  });

  it('refuses a bad file with a message naming the file and the line', () => {
    expect(error('g.tsv', 'Chine\tLOC\nRussie\n')).toBe('g.tsv line 2: expected term<TAB>label (or give the whole list one label)');
    expect(error('g.tsv', 'Chine\tLOC\textra\n')).toBe('g.tsv line 1: expected term<TAB>label; found 3 tab-separated fields');
    expect(error('g.tsv', '\tLOC\n')).toBe('g.tsv line 1: the term is empty');
    expect(error('g.tsv', '# nothing\n')).toBe('g.tsv: no terms found');
    expect(error('g.csv', 'term,label\nChine,LOC\n"Russie,LOC\n')).toBe('g.csv line 3: a quoted field is never closed');
    expect(error('g.csv', 'Chine,LOC,extra\n')).toBe('g.csv line 1: expected two fields, term,label; found 3');
    expect(error('g.csv', 'Ch"ine,LOC\n')).toBe('g.csv line 1: a field that is not quoted contains a quote');
    expect(error('p.jsonl', '{"label": "ORG", "pattern": "ONU"}\n{"label": "ORG", pattern: 1}\n')).toBe('p.jsonl line 2: not a JSON object');
    expect(error('p.jsonl', '{"label": "ORG"}\n')).toMatch(/^p\.jsonl line 1: expected \{"label": "…", "pattern": .*pattern/);
    expect(error('p.jsonl', '{"label": "ORG", "pattern": [{"POS": "PROPN"}]}\n')).toBe(
      'p.jsonl line 1: POS needs a statistical model or an extension Glose does not have; use ORTH, TEXT, LOWER, LENGTH or the IS_… flags',
    );
    expect(error('p.jsonl', '{"label": "ORG", "pattern": [{"LOWER": "a", "OP": "%"}]}\n')).toBe('p.jsonl line 1: OP "%" is not one of ?, *, +, !, {n}, {n,m}, {n,}, {,m}');
    expect(error('p.jsonl', '{"label": "ORG", "pattern": [{"FOO": "a"}]}\n')).toBe('p.jsonl line 1: unknown token attribute "FOO"');
    expect(error('p.jsonl', '{"label": "ORG", "pattern": [{"TEXT": {"REGEX": "("}}]}\n')).toMatch(/^p\.jsonl line 1: REGEX "\(" is not a valid regular expression/);
    expect(error('p.jsonl', '{"label": "ORG", "pattern": "ONU", "extra": 1}\n')).toMatch(/^p\.jsonl line 1: expected .*extra/);
  });
});

describe('gazetteer files, English', () => {
  it('reads a CSV term,label list with a header, on English text: whole words in their case, not inside a longer word', () => {
    const content = 'term,label\nUnited Nations,ORG\n"Smith, Jones & Co",ORG\nBoston,LOC\n';
    const text = 'The United Nations, the united nations, Smith, Jones & Co, a Bostonian, a Boston-based firm, Boston.';
    expect(run('list.csv', content, text)).toEqual(['ORG United Nations', 'ORG Smith, Jones & Co', 'LOC Boston', 'LOC Boston']);
    expect(run('list.csv', content, text, { ignoreCase: true })).toEqual(['ORG United Nations', 'ORG united nations', 'ORG Smith, Jones & Co', 'LOC Boston', 'LOC Boston']);
  });

  it('matches a patterns.jsonl token pattern with LOWER in any case, on one line, not inside a longer word', () => {
    const content = '{"label": "LOC", "pattern": [{"LOWER": "new"}, {"LOWER": "york"}]}\n';
    const text = 'In New York, NEW YORK and new york; the New Yorker, New\nYork, a New York-based firm.';
    expect(run('patterns.jsonl', content, text)).toEqual(['LOC New York', 'LOC NEW YORK', 'LOC new york', 'LOC New York']);
    const got = suggest(new DocIndex(text), context(), [new Gazetteers([parseGazetteer(content, 'patterns.jsonl')])]);
    expect(wordExplanation('en', got[0]!.explanation)).toBe('matches the LOC pattern of patterns.jsonl line 1');
  });
});
