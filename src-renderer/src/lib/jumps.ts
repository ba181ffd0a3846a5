// The reader's long keyboard jumps, each returning the range to select: the next or previous sentence
// or paragraph, the next occurrence of the selected text, the next capitalised word nobody tagged
// yet (a name, most of the time). Offsets are UTF-16 into the whole text; nothing here touches the DOM.
import { paragraphAt, type Paragraphs } from './paragraphs';
import { findMatches, type Match } from './search';
import { ELISION, trimSpace, wordRanges } from './words';

export type Dir = 1 | -1;

const sentences = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/** The sentences of one paragraph, white space trimmed, in offsets of the whole text. */
function sentencesOf(ps: Paragraphs, i: number): Match[] {
  const base = ps.starts[i] as number;
  const text = ps.texts[i] as string;
  const out: Match[] = [];
  for (const seg of sentences.segment(text)) {
    const r = trimSpace(text, seg.index, seg.index + seg.segment.length);
    if (r) out.push({ start: r.start + base, end: r.end + base });
  }
  return out;
}

function paragraphOf(ps: Paragraphs, i: number): Match[] {
  const base = ps.starts[i] as number;
  const r = trimSpace(ps.texts[i] as string, 0, (ps.texts[i] as string).length);
  return r ? [{ start: r.start + base, end: r.end + base }] : [];
}

/**
 * The first unit (sentence or paragraph) starting at or after `from.end` (dir 1), or the last one
 * starting before `from.start` (dir -1); `from` is the selection, or an empty range at the caret.
 */
function step(ps: Paragraphs, from: Match, dir: Dir, units: (ps: Paragraphs, i: number) => Match[]): Match | null {
  const at = dir === 1 ? from.end : from.start;
  for (let i = paragraphAt(ps, at); i >= 0 && i < ps.texts.length; i += dir) {
    const list = units(ps, i);
    const hit = dir === 1 ? list.find((u) => u.start >= at) : list.findLast((u) => u.start < at);
    if (hit) return hit;
  }
  return null;
}

export function stepSentence(ps: Paragraphs, from: Match, dir: Dir): Match | null {
  return step(ps, from, dir, sentencesOf);
}

export function stepParagraph(ps: Paragraphs, from: Match, dir: Dir): Match | null {
  return step(ps, from, dir, paragraphOf);
}

/** The next (or previous) whole-word, same-case occurrence of the text of `sel`, going round the end. */
export function stepOccurrence(text: string, sel: Match, dir: Dir): Match | null {
  const needle = text.slice(sel.start, sel.end);
  const found = findMatches(text, needle, { regex: false, wholeWords: true, matchCase: true });
  if (!found.ok || found.matches.length < 2) return null;
  const all = found.matches;
  const hit = dir === 1 ? all.find((m) => m.start > sel.start) : all.findLast((m) => m.start < sel.start);
  return hit ?? (dir === 1 ? all[0] : all[all.length - 1]) ?? null;
}

const UPPER_START = /^\p{Lu}/u;
const LOWER_WORD = /(?<![\p{L}\p{M}])\p{Ll}[\p{L}\p{M}]*/gu;
/** what ends a sentence, so that the word after it is capitalised whatever it is */
const SENTENCE_END = /[.!?…«»"“”—–]\s*$|^\s*$/u;

let lowerWordsOf: { text: string; words: Set<string> } | null = null;

/** The words the text also writes in lower case ("le", "les"…), built once per text. */
function lowerWords(text: string): Set<string> {
  if (lowerWordsOf?.text !== text) lowerWordsOf = { text, words: new Set(text.match(LOWER_WORD) ?? []) };
  return lowerWordsOf.words;
}

/**
 * Runs of capitalised words in one paragraph ("Xi Jinping", "Organisation"), the elided article of
 * "L'Organisation" left out, and a sentence's first word left out when the text also writes it in
 * lower case ("Le président…"): what is left is mostly names.
 */
function candidatesOf(text: string, ps: Paragraphs, i: number): Match[] {
  const base = ps.starts[i] as number;
  const para = ps.texts[i] as string;
  const common = lowerWords(text);
  const out: Match[] = [];
  let run: Match | null = null;
  for (const [ws, we] of wordRanges(para)) {
    const word = para.slice(ws, we);
    const elided = ELISION.exec(word)?.[0].length === word.length;
    const initial = SENTENCE_END.test(para.slice(Math.max(0, ws - 3), ws)) && common.has(word.toLowerCase());
    if (!UPPER_START.test(word) || elided || initial) {
      if (run) out.push(run);
      run = null;
      continue;
    }
    // a run goes on over one space or hyphen ("Jean-Luc Mélenchon"), not over punctuation
    if (run && /^[\s-]$/u.test(para.slice(run.end - base, ws))) run.end = we + base;
    else {
      if (run) out.push(run);
      run = { start: ws + base, end: we + base };
    }
  }
  if (run) out.push(run);
  return out;
}

/** The next (or previous) capitalised run that no span overlaps, after (or before) `from`. */
export function stepName(text: string, ps: Paragraphs, from: Match, dir: Dir, tagged: (r: Match) => boolean): Match | null {
  const at = dir === 1 ? from.end : from.start;
  for (let i = paragraphAt(ps, at); i >= 0 && i < ps.texts.length; i += dir) {
    const list = candidatesOf(text, ps, i).filter((c) => !tagged(c));
    const hit = dir === 1 ? list.find((c) => c.start >= at) : list.findLast((c) => c.end <= at);
    if (hit) return hit;
  }
  return null;
}
