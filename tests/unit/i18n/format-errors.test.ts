// A malformed annotated file or schema is explained in the interface language, with its file name
// and line kept: the readers say why in the language main was told (see src-main/i18n/current.ts),
// zod's own messages included.
import { afterEach, describe, expect, it } from 'vitest';
import { describeFormatError, describeProblems, parseAnnotated } from '../../../src-main/extract/annotated';
import { parse as parseConll } from '../../../src-main/formats/conll';
import { FormatError } from '../../../src-main/formats/errors';
import { parseSchemaFile } from '../../../src-main/formats/schema';
import { useLocale } from '../../../src-main/i18n/current';

afterEach(() => useLocale('en'));

const bytes = (text: string) => new TextEncoder().encode(text);

/** The FormatError reading `text` as `name` throws. */
function failure(name: string, text: string): FormatError {
  try {
    parseAnnotated(bytes(text), name);
  } catch (err) {
    if (err instanceof FormatError) return err;
    throw err;
  }
  throw new Error(`${name} was read without a problem`);
}

const DOCCANO = [
  '{"text": "Emmanuel Macron à Paris.", "label": [[0, 15, "PER"]]}',
  '{"text": "Olaf Scholz", "label": [[5, 3, "PER"]]}',
  'pas du JSON',
  '{"text": 5, "label": []}',
].join('\n');

describe('malformed files in French', () => {
  it('gives each bad line of a doccano file, its number kept, in French', () => {
    useLocale('fr');
    const err = failure('sommet.jsonl', DOCCANO);
    expect(err.total).toBe(3);
    const lines = describeProblems(err, 'sommet.jsonl');
    expect(lines[0]).toBe('ligne 2\u00a0: le segment 5–3 finit avant de commencer');
    // our words and our column, not the engine's English ("Unexpected token p, "pas du JSON" is not valid JSON")
    expect(lines[1]).toBe('ligne 3\u00a0: JSON non valide\u00a0: «\u00a0p\u00a0» inattendu en colonne 1');
    expect(lines[2]).toBe('ligne 4\u00a0: champ text\u00a0: Entrée invalide : chaîne de caractères attendu, nombre reçu');
    expect(describeFormatError(err, 'sommet.jsonl')).toBe('ligne 2\u00a0: le segment 5–3 finit avant de commencer (et 2 autres problèmes)');
    expect(err.message).toBe('sommet.jsonl, ligne 2\u00a0: le segment 5–3 finit avant de commencer (et 2 autres problèmes)');
  });

  it('says the same in English when the interface is English', () => {
    useLocale('en');
    const lines = describeProblems(failure('summit.jsonl', DOCCANO), 'summit.jsonl');
    expect(lines[0]).toBe('line 2: span 5–3 ends before it starts');
    expect(lines[2]).toBe('line 4: field text: Invalid input: expected string, received number');
    expect(lines[1]).toBe('line 3: not valid JSON: unexpected "p" at column 1');
  });

  it('explains a bad CoNLL tag, a WebAnno header, an unknown JSON and a label schema in French', () => {
    useLocale('fr');
    expect(() => parseConll('Paris\tB-LOC\nest\tX-Y\n', 'villes.conll')).toThrow('villes.conll, ligne 2\u00a0: l’étiquette "X-Y" n’est pas O, B-…, I-… (ni E-, S-, L-, U-)');
    expect(describeFormatError(failure('corpus.tsv', 'token\tO\n'), 'corpus.tsv')).toMatch(/^ligne 1\u00a0: Glose ne sait pas lire ce fichier/);
    expect(describeFormatError(failure('notes.json', '{"a": 1}'), 'notes.json')).toMatch(/^Glose ne sait pas lire ce fichier\u00a0: un fichier \.json doit être un export Label Studio/);
    expect(() => parseSchemaFile('{\n  "name": "Presse",\n  "labels": [\n', 'presse.json')).toThrow(
      'presse.json, ligne 4\u00a0: JSON non valide\u00a0: le texte s’arrête avant la fin du JSON (colonne 1)',
    );
    expect(() => parseSchemaFile('{"labels": [{"name": "PER", "color": "rouge"}]}', 'etiquettes.json')).toThrow('etiquettes.json\u00a0: ce n’est pas un jeu d’étiquettes Glose\u00a0: champ labels[0].color\u00a0: une couleur s’écrit #rrggbb');
  });
});
