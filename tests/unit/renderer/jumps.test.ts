import { describe, expect, it } from 'vitest';
import { splitParagraphs } from '$lib/paragraphs';
import { stepName, stepOccurrence, stepParagraph, stepSentence } from '$lib/jumps';

const TEXT = [
  'Le président chinois Xi Jinping a reçu Vladimir Poutine. Ils ont parlé de l’Organisation de coopération.',
  '',
  '« Notre amitié n’a pas de limites », a déclaré Xi Jinping. Le Kremlin se tait.',
  'Les deux pays sont membres de l’OTAN? Non: le président le sait, les autres aussi.',
].join('\n');
const ps = splitParagraphs(TEXT);
const pick = (r: { start: number; end: number } | null) => (r ? TEXT.slice(r.start, r.end) : null);
const at = (needle: string, n = 0) => {
  let i = -1;
  for (let k = 0; k <= n; k++) i = TEXT.indexOf(needle, i + 1);
  return { start: i, end: i + needle.length };
};
const caret = (o: number) => ({ start: o, end: o });

describe('sentence and paragraph jumps', () => {
  it('selects the next sentence from the caret, then from the selection, across paragraphs and blank lines', () => {
    const first = stepSentence(ps, caret(0), 1);
    expect(pick(first)).toBe('Le président chinois Xi Jinping a reçu Vladimir Poutine.');
    const second = stepSentence(ps, first!, 1);
    expect(pick(second)).toBe('Ils ont parlé de l’Organisation de coopération.');
    expect(pick(stepSentence(ps, second!, 1))).toBe('« Notre amitié n’a pas de limites », a déclaré Xi Jinping.');
    expect(pick(stepSentence(ps, second!, -1))).toBe('Le président chinois Xi Jinping a reçu Vladimir Poutine.');
    // from the middle of a sentence, back goes to that sentence's start
    expect(pick(stepSentence(ps, at('Kremlin'), -1))).toBe('Le Kremlin se tait.');
    expect(stepSentence(ps, caret(0), -1)).toBeNull();
    expect(stepSentence(ps, caret(TEXT.length), 1)).toBeNull();
  });

  it('selects whole paragraphs and skips blank lines', () => {
    const p1 = stepParagraph(ps, caret(0), 1);
    expect(pick(p1)).toBe(ps.texts[0]);
    expect(pick(stepParagraph(ps, p1!, 1))).toBe(ps.texts[2]);
    expect(pick(stepParagraph(ps, at('Kremlin'), -1))).toBe(ps.texts[2]);
    expect(pick(stepParagraph(ps, at('OTAN'), -1))).toBe(ps.texts[3]);
  });
});

describe('occurrences of the selected text', () => {
  it('goes to the next and previous whole-word, same-case occurrence, round the ends', () => {
    const xi = at('Xi Jinping');
    const next = stepOccurrence(TEXT, xi, 1);
    expect(next).toEqual(at('Xi Jinping', 1));
    expect(stepOccurrence(TEXT, next!, 1)).toEqual(xi);
    expect(stepOccurrence(TEXT, xi, -1)).toEqual(at('Xi Jinping', 1));
    // "le" is not "Le", nor the "le" inside another word
    const le = { start: TEXT.indexOf('le président'), end: TEXT.indexOf('le président') + 2 };
    expect(stepOccurrence(TEXT, le, 1)).toEqual({ start: TEXT.indexOf('le sait'), end: TEXT.indexOf('le sait') + 2 });
    expect(stepOccurrence(TEXT, at('Kremlin'), 1)).toBeNull();
  });
});

describe('next name candidate', () => {
  const none = () => false;
  it('visits runs of capitalised words, not sentence-initial common words nor elided articles', () => {
    const found: string[] = [];
    let from = caret(0);
    for (let r = stepName(TEXT, ps, from, 1, none); r; r = stepName(TEXT, ps, from, 1, none)) {
      found.push(pick(r) as string);
      from = r;
    }
    expect(found).toEqual(['Xi Jinping', 'Vladimir Poutine', 'Ils', 'Organisation', 'Notre', 'Xi Jinping', 'Kremlin', 'OTAN', 'Non']);
    expect(pick(stepName(TEXT, ps, at('Kremlin'), -1, none))).toBe('Xi Jinping');
  });

  it('skips what a span already covers', () => {
    const tagged = (r: { start: number; end: number }) => r.start < at('Poutine').end && at('Xi').start < r.end;
    expect(pick(stepName(TEXT, ps, caret(0), 1, tagged))).toBe('Ils');
  });
});
