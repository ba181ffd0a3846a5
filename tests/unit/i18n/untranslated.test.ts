// Every text of the interface comes from the catalogues: a component or a state class that writes an
// English sentence into its markup or hands one to the toasts fails here, with the file and line.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { literalArguments, literalMessages, literalTexts } from './literals';

const ROOT = join(__dirname, '../../../src-renderer/src');
const MAIN = join(__dirname, '../../../src-main');

/** What may stand in markup as written: symbols, key caps and names that no language translates. */
const ALLOWED = new Set([
  'Glose', // the app's name
  'SHA-256',
  '/predict', // the ML backend's route
  'α',
  'uα', // Krippendorff's alpha for unitizing
  // key caps in <kbd>
  'R',
  'E',
  'Tab',
]);

/** Texts handed to a reader's calls that are names, not sentences. */
const FORMAT_LITERALS = new Set(['WebAnno TSV']);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

const all = files(ROOT);
const where = (file: string, line: number, text: string) => `${relative(ROOT, file)}:${line}: ${text}`;

describe('untranslated text', () => {
  it('finds no literal text in the markup of any component', () => {
    const svelte = all.filter((f) => f.endsWith('.svelte'));
    expect(svelte.length).toBeGreaterThan(30);
    const found = svelte.flatMap((f) => literalTexts(readFileSync(f, 'utf8'), ALLOWED).map((l) => where(f, l.line, l.text)));
    expect(found).toEqual([]);
  });

  it('finds no literal message handed to the toasts', () => {
    const code = all.filter((f) => f.endsWith('.svelte') || f.endsWith('.ts'));
    const found = code.flatMap((f) => literalMessages(readFileSync(f, 'utf8')).map((l) => where(f, l.line, l.text)));
    expect(found).toEqual([]);
  });

  it('finds no literal reason in the format readers, the schema reader, the annotated-file import and the import budgets', () => {
    const readers = [...files(join(MAIN, 'formats')), ...['annotated', 'limits', 'zip', 'epub', 'pdf'].map((f) => join(MAIN, `extract/${f}.ts`))].filter((f) => f.endsWith('.ts'));
    expect(readers.length).toBeGreaterThan(10);
    const calls = ['\\bfail\\(', '\\bat\\(', '\\bfileFail\\(', '\\bfail(?:At)?\\([^()]*\\)\\(', 'new FormatError\\([^\'"`]*?,[^,\'"`]*,', 'warnings\\.push\\(', '\\berror:', '\\.regex\\([^,]*,', '\\bdamaged\\(', 'ExtractError\\(\'[\\w-]+\',', '\\.check\\('];
    const found = readers.flatMap((f) =>
      literalArguments(readFileSync(f, 'utf8'), calls)
        .filter((l) => !FORMAT_LITERALS.has(l.text))
        .map((l) => `${relative(MAIN, f)}:${l.line}: ${l.text}`),
    );
    expect(found).toEqual([]);
  });

  it('finds no literal explanation in the suggestion recommenders', () => {
    const suggest = files(join(ROOT, 'suggest')).filter((f) => f.endsWith('.ts'));
    expect(suggest.length).toBeGreaterThan(10);
    const explained = suggest.flatMap((f) =>
      literalArguments(readFileSync(f, 'utf8'), ['\\bexplanation:', '\\bhow:', '\\bwhy =', '#antecedent\\([^,]*,']).map((l) => where(f, l.line, l.text)),
    );
    expect(explained).toEqual([]);
  });

  it('catches English text between tags, in read attributes, in quoted words of expressions and in toasts', () => {
    const component = [
      '<script lang="ts">const hidden = "Script text is code";</script>',
      '<h2>{t().x.title}</h2>',
      '<p>Nothing here</p>',
      '<button aria-label="Close the dialog" class="x">×</button>',
      "<span>{ready ? t().x.ok : 'Still loading…'}</span>",
      "<i class={on ? 'active' : ''} onkeydown={(ev) => ev.key === 'Enter' && go()}>&nbsp;<kbd>Tab</kbd></i>",
      '<style>p::after { content: "Styles are not text"; }</style>',
    ].join('\n');
    expect(literalTexts(component, ALLOWED)).toEqual([
      { line: 5, text: 'Still loading…' },
      { line: 3, text: 'Nothing here' },
      { line: 4, text: 'Close the dialog' },
    ]);
    expect(literalMessages("toasts.show('error', `Could not save: ${why}`); toasts.show('info', () => t().msg.saved(p));\ntoasts.show('info', () => 'Saved')")).toEqual([
      { line: 1, text: 'Could not save: ${why}' },
      { line: 2, text: 'Saved' },
    ]);
  });
});
