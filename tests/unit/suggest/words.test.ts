// A gazetteer's or a cue list's problem, and a proposal's explanation, leave the worker as a code and
// its values; the page words them in the interface language, each problem naming the file and the line.
import { describe, expect, it } from 'vitest';
import { parseCues } from '../../../src-renderer/src/suggest/cues';
import { type ListFault, type ListProblem, type PatternFault, SuggestFileError, type SuggestProblem, wordListProblem, wordSuggestProblem } from '../../../src-renderer/src/suggest/errors';
import { type Explanation, wordExplanation } from '../../../src-renderer/src/suggest/explain';
import { parseGazetteer } from '../../../src-renderer/src/suggest/gazetteer';
import { cueJson } from '../../../src-renderer/src/suggest/service';

/** The problem a bad file gives, as the worker sends it. */
function problemOf(read: () => unknown): ListProblem {
  try {
    read();
  } catch (err) {
    if (err instanceof SuggestFileError) return structuredClone(err.problem);
    throw err;
  }
  throw new Error('the file was read');
}

const gazetteer = (file: string, content: string) => problemOf(() => parseGazetteer(content, file));
const pattern = (spec: string) => gazetteer('motifs.jsonl', `{"label": "ORG", "pattern": "ONU"}\n{"label": "ORG", "pattern": [${spec}]}\n`);

/** Every fault, from a file that has it: [problem, English, French]. */
const CASES: Array<[ListProblem, string, string]> = [
  [problemOf(() => cueJson('{\n  "verbs": [],\n}', 'indices.json')), 'indices.json', 'indices.json'],
  [gazetteer('p.jsonl', '{"label": "ORG", "pattern": "ONU"}\n{"label": "ORG", pattern: 1}\n'), 'p.jsonl line 2: not a JSON object', 'p.jsonl, ligne 2\u00a0: ce n’est pas un objet JSON'],
  [
    gazetteer('p.jsonl', '\n{"label": 3, "pattern": "ONU"}\n'),
    'p.jsonl line 2: expected {"label": "…", "pattern": "…" or [{…}, …], "id"?: "…"}: label: Invalid input: expected string, received number',
    'p.jsonl, ligne 2\u00a0: attendu un objet JSON avec label, pattern (un texte ou une liste de jetons) et, au besoin, id\u00a0: label\u00a0: Entrée invalide : chaîne de caractères attendu, nombre reçu',
  ],
  [pattern('{"LOWER": "a", "OP": "%"}'), 'motifs.jsonl line 2: OP "%" is not one of ?, *, +, !, {n}, {n,m}, {n,}, {,m}', 'motifs.jsonl, ligne 2\u00a0: OP "%" n’est pas l’un de «\u00a0?\u00a0», «\u00a0*\u00a0», «\u00a0+\u00a0», «\u00a0!\u00a0», {n}, {n,m}, {n,}, {,m}'],
  [pattern('{"LOWER": "a", "OP": 3}'), 'motifs.jsonl line 2: OP must be a string, found 3', 'motifs.jsonl, ligne 2\u00a0: OP doit être un texte, trouvé 3'],
  [pattern('{"LENGTH": "a"}'), 'motifs.jsonl line 2: LENGTH must be a number, found "a"', 'motifs.jsonl, ligne 2\u00a0: LENGTH doit être un nombre, trouvé "a"'],
  [pattern('{"LOWER": 3}'), 'motifs.jsonl line 2: LOWER must be a string, found 3', 'motifs.jsonl, ligne 2\u00a0: LOWER doit être un texte, trouvé 3'],
  [pattern('{"IS_TITLE": 3}'), 'motifs.jsonl line 2: IS_TITLE must be true or false, found 3', 'motifs.jsonl, ligne 2\u00a0: IS_TITLE doit valoir true ou false, trouvé 3'],
  [pattern('{"TEXT": {"REGEX": "("}}'), 'motifs.jsonl line 2: REGEX "(" is not a valid regular expression', 'motifs.jsonl, ligne 2\u00a0: REGEX "(" n’est pas une expression régulière valide'],
  [pattern('{"LOWER": {">=": 3}}'), 'motifs.jsonl line 2: >= compares numbers and applies to LENGTH only, not LOWER', 'motifs.jsonl, ligne 2\u00a0: >= compare des nombres et ne s’applique qu’à LENGTH, pas à LOWER'],
  [pattern('{"LOWER": {}}'), 'motifs.jsonl line 2: LOWER has an empty set of conditions', 'motifs.jsonl, ligne 2\u00a0: LOWER a un ensemble de conditions vide'],
  [
    pattern('{"POS": "NOUN"}'),
    'motifs.jsonl line 2: POS needs a statistical model or an extension Glose does not have; use ORTH, TEXT, LOWER, LENGTH or the IS_… flags',
    'motifs.jsonl, ligne 2\u00a0: POS demande un modèle statistique ou une extension que Glose n’a pas\u00a0; utilisez ORTH, TEXT, LOWER, LENGTH ou les indicateurs IS_…',
  ],
  [pattern('{"FOO": "a"}'), 'motifs.jsonl line 2: unknown token attribute "FOO"', 'motifs.jsonl, ligne 2\u00a0: attribut de jeton inconnu "FOO"'],
  [gazetteer('g.tsv', 'Chine\tLOC\n\tLOC\n'), 'g.tsv line 2: the term is empty', 'g.tsv, ligne 2\u00a0: le terme est vide'],
  [gazetteer('g.tsv', 'Chine\t\n'), 'g.tsv line 1: the label is empty', 'g.tsv, ligne 1\u00a0: l’étiquette est vide'],
  [gazetteer('g.csv', 'Chine,LOC\nRussie,LOC,x\n'), 'g.csv line 2: expected two fields, term,label; found 3', 'g.csv, ligne 2\u00a0: deux champs attendus, terme,étiquette\u00a0; 3 trouvés'],
  [gazetteer('g.csv', 'term,label\nChine,LOC\n"Russie,LOC\n'), 'g.csv line 3: a quoted field is never closed', 'g.csv, ligne 3\u00a0: un champ entre guillemets n’est jamais fermé'],
  [gazetteer('g.csv', '"Chine"x,LOC\n'), 'g.csv line 1: a quoted field is followed by more text before the next comma', 'g.csv, ligne 1\u00a0: un champ entre guillemets est suivi d’autre texte avant la virgule suivante'],
  [gazetteer('g.csv', 'Ch"ine,LOC\n'), 'g.csv line 1: a field that is not quoted contains a quote', 'g.csv, ligne 1\u00a0: un champ sans guillemets contient un guillemet'],
  [gazetteer('villes.txt', 'Chine\tLOC\nRussie\n'), 'villes.txt line 2: expected term<TAB>label (or give the whole list one label)', 'villes.txt, ligne 2\u00a0: attendu terme<TAB>étiquette (ou donnez une étiquette à toute la liste)'],
  [gazetteer('villes.txt', 'Chine\tLOC\tx\n'), 'villes.txt line 1: expected term<TAB>label; found 3 tab-separated fields', 'villes.txt, ligne 1\u00a0: attendu terme<TAB>étiquette\u00a0; 3 champs séparés par des tabulations trouvés'],
  [gazetteer('villes.txt', '# rien\n\n'), 'villes.txt: no terms found', 'villes.txt\u00a0: aucun terme trouvé'],
  [problemOf(() => parseCues({ verbs: 3 }, 'indices.json')), 'indices.json: verbs: Invalid input: expected array, received number', 'indices.json\u00a0: verbs\u00a0: Entrée invalide : tableau attendu, nombre reçu'],
  [problemOf(() => parseCues({ adverbs: [] }, 'indices.json')), 'indices.json: the file: Unrecognized key: "adverbs"', 'indices.json\u00a0: le fichier\u00a0: Clé non reconnue : "adverbs"'],
];

const PATTERN_CODES: Array<PatternFault['code']> = ['op', 'opNotString', 'lengthNotNumber', 'notString', 'notBoolean', 'regex', 'compareLength', 'emptySet', 'needsModel', 'unknownAttr'];
const LIST_CODES: Array<ListFault['code']> = [
  'notJson',
  'notJsonObject',
  'patternLine',
  'pattern',
  'termEmpty',
  'labelEmpty',
  'csvFields',
  'quoteNotClosed',
  'quoteThenText',
  'quoteInField',
  'needsLabel',
  'tabFields',
  'noTerms',
  'cueField',
];

describe('a gazetteer’s or a cue list’s problem', () => {
  it('is a code and its values, covering every fault a list can have', () => {
    const faults = CASES.map(([p]) => p.fault);
    expect([...new Set(faults.map((f) => f.code))].sort()).toEqual([...LIST_CODES].sort());
    expect([...new Set(faults.flatMap((f) => (f.code === 'pattern' ? [f.fault.code] : [])))].sort()).toEqual([...PATTERN_CODES].sort());
    expect(CASES[3]?.[0]).toEqual({ file: 'motifs.jsonl', line: 2, fault: { code: 'pattern', fault: { code: 'op', op: '"%"' } } });
  });

  it('is worded in English and in French, naming the file and the line', () => {
    for (const [problem, english, french] of CASES) {
      expect(wordListProblem('en', problem).startsWith(english), wordListProblem('en', problem)).toBe(true);
      expect(wordListProblem('fr', problem).startsWith(french), wordListProblem('fr', problem)).toBe(true);
    }
  });

  it('says the line of a cue list that is not JSON, in both languages', () => {
    const problem = problemOf(() => cueJson('{\n  "verbs": [],\n}', 'indices.json'));
    expect(problem.fault).toEqual({ code: 'notJson' });
    expect(problem.line).toBe(3);
    expect(wordListProblem('en', problem)).toBe(`indices.json line ${problem.line}: not JSON`);
    expect(wordListProblem('fr', problem)).toBe(`indices.json, ligne ${problem.line}\u00a0: ce n’est pas du JSON`);
  });

  it('keeps its English sentence as the error’s message, for logs', () => {
    expect(() => parseGazetteer('Chine\tLOC\n\tLOC\n', 'g.tsv')).toThrow(/^g\.tsv line 2: the term is empty$/);
  });

  it('and the recommenders’ other errors, are worded in both languages', () => {
    const said = (p: SuggestProblem) => [wordSuggestProblem('en', p), wordSuggestProblem('fr', p)];
    expect(said({ code: 'list', list: { file: 'g.tsv', line: 4, fault: { code: 'termEmpty' } } })).toEqual(['g.tsv line 4: the term is empty', 'g.tsv, ligne 4\u00a0: le terme est vide']);
    expect(said({ code: 'notOpen', id: 'd1' })).toEqual(['document d1 is not open', 'le document d1 n’est pas ouvert']);
    expect(said({ code: 'noAnswer' })).toEqual(['the recommenders did not answer', 'les outils de suggestion n’ont pas répondu']);
    expect(said({ code: 'stopped', why: '' })).toEqual(['the suggestion worker stopped', 'le calcul des suggestions s’est arrêté']);
  });
});

describe('a proposal’s explanation', () => {
  const CASES: Array<[Explanation, string, string]> = [
    [{ code: 'rule', kind: 'money' }, 'an amount of money, by rule', 'une somme d’argent, par règle'],
    [{ code: 'term', variant: 'Nations Unies', label: 'ORG', list: 'orgs.jsonl', line: 3, id: 'un' }, '“Nations Unies” is ORG in orgs.jsonl line 3 (id un)', '«\u00a0Nations Unies\u00a0» est ORG dans orgs.jsonl, ligne 3 (id un)'],
    [{ code: 'pattern', label: 'PER', list: 'orgs.jsonl', line: 4 }, 'matches the PER pattern of orgs.jsonl line 4', 'correspond au motif PER de orgs.jsonl, ligne 4'],
    [{ code: 'model', version: 'v2' }, 'your model (v2)', 'votre modèle (v2)'],
    [{ code: 'learned', label: 'LOC', count: 2, others: 1, none: 0, anyCase: true }, 'Labelled LOC 2 times, another label once, in any case', 'Étiqueté LOC 2 fois, une autre étiquette une fois, sans tenir compte de la casse'],
    [{ code: 'quote' }, 'quotation marks', 'des guillemets'],
    [{ code: 'quoteCued' }, 'quotation marks and a verb of saying', 'des guillemets et un verbe de parole'],
    [{ code: 'quoteBy', how: 'subject', neighbour: true }, 'quotation marks; the subject of a verb of saying, in the neighbouring sentence', 'des guillemets\u00a0; le sujet d’un verbe de parole, dans la phrase voisine'],
    [{ code: 'speaker' }, 'a capitalised name next to a verb of saying', 'un nom à majuscule près d’un verbe de parole'],
    [{ code: 'relation', relation: 'said_by', how: 'pronounBefore', neighbour: false }, 'said_by: a pronoun before a verb of saying', 'said_by\u00a0: un pronom avant un verbe de parole'],
  ];

  it('is worded in English and in French from its code', () => {
    for (const [why, english, french] of CASES) {
      expect(wordExplanation('en', why)).toBe(english);
      expect(wordExplanation('fr', why)).toBe(french);
    }
  });
});
