// spaCy Matcher token patterns (what EntityRuler and Prodigy patterns.jsonl files hold), on our
// tokens: a list of token specs, each a set of attribute tests and an optional OP quantifier.
// Supported, as spaCy defines them (https://spacy.io/api/matcher#patterns):
//   ORTH, TEXT (exact text), LOWER, NORM (folded text), LENGTH,
//   IS_ALPHA, IS_ASCII, IS_DIGIT, IS_LOWER, IS_UPPER, IS_TITLE, IS_PUNCT, IS_SPACE, LIKE_NUM;
//   values as a literal or {IN: [...]}, {NOT_IN: [...]}, {REGEX: "..."} and, for LENGTH, {"==", ">=", "<=", ">", "<": n};
//   OP "?", "*", "+", "!" (one token that does not match: spaCy consumes a token for it), "{n}", "{n,m}", "{n,}", "{,m}".
// Attributes that need a statistical model (POS, TAG, LEMMA, DEP, MORPH, ENT_TYPE…) are refused
// with a message, never silently ignored.
import { z } from 'zod';
import { type DocIndex, surfaceOf } from './doc';
import type { PatternFault } from './errors';
import { fold } from './tokens';

const Literal = z.union([z.string(), z.number(), z.boolean()]);
const Compare = z
  .object({
    IN: z.array(Literal).optional(),
    NOT_IN: z.array(Literal).optional(),
    REGEX: z.string().optional(),
    '==': z.number().optional(),
    '!=': z.number().optional(),
    '>=': z.number().optional(),
    '<=': z.number().optional(),
    '>': z.number().optional(),
    '<': z.number().optional(),
  })
  .strict();
export const TokenSpecSchema = z.record(z.string(), z.union([Literal, Compare]));
export type TokenSpec = z.infer<typeof TokenSpecSchema>;

const TEXT_ATTRS = ['ORTH', 'TEXT', 'LOWER', 'NORM'] as const;
const FLAGS = ['IS_ALPHA', 'IS_ASCII', 'IS_DIGIT', 'IS_LOWER', 'IS_UPPER', 'IS_TITLE', 'IS_PUNCT', 'IS_SPACE', 'LIKE_NUM'] as const;
const MODEL_ATTRS = ['POS', 'TAG', 'LEMMA', 'DEP', 'MORPH', 'ENT_TYPE', 'ENT_IOB', 'ENT_ID', 'ENT_KB_ID', 'SHAPE', 'IS_STOP', 'IS_SENT_START', 'SENT_START', 'SPACY', 'PREFIX', 'SUFFIX', 'LIKE_URL', 'LIKE_EMAIL', 'IS_BRACKET', 'IS_QUOTE', 'IS_LEFT_PUNCT', 'IS_RIGHT_PUNCT', 'IS_CURRENCY', 'IS_OOV', '_'];

/** What a token test sees. */
interface TokenView {
  text: string;
  folded: string;
}

type Test = (token: TokenView) => boolean;

export interface CompiledToken {
  test: Test;
  min: number;
  max: number;
  /** "!": exactly one token for which the test fails */
  negate: boolean;
  /** folded texts one of which the first token must have, when the spec says so: lets matching start from an index */
  anchors: string[] | null;
}

const NUMBER_WORDS = new Set(
  ('zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion trillion ' +
    'zéro un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize vingt trente quarante cinquante soixante cent cents mille million millions milliard milliards').split(' '),
);

const FLAG_TESTS: Record<(typeof FLAGS)[number], (text: string) => boolean> = {
  IS_ALPHA: (t) => /^[\p{L}\p{M}]+$/u.test(t),
  IS_ASCII: (t) => [...t].every((c) => c.charCodeAt(0) < 0x80),
  IS_DIGIT: (t) => /^\p{Nd}+$/u.test(t),
  IS_LOWER: (t) => /\p{Ll}/u.test(t) && !/[\p{Lu}\p{Lt}]/u.test(t),
  IS_UPPER: (t) => /\p{Lu}/u.test(t) && !/[\p{Ll}\p{Lt}]/u.test(t),
  // Python's istitle(): every cased run starts upper case and continues lower case
  IS_TITLE: (t) => /[\p{Lu}\p{Lt}]/u.test(t) && /^(?:[^\p{L}]*[\p{Lu}\p{Lt}][\p{Ll}\p{M}]*)+[^\p{L}]*$/u.test(t),
  IS_PUNCT: (t) => /^\p{P}+$/u.test(t),
  IS_SPACE: () => false,
  LIKE_NUM: (t) => /^[+-]?\p{N}+(?:[.,/]\p{N}+)*$/u.test(t) || NUMBER_WORDS.has(t.toLowerCase()),
};

/** A token spec that cannot be compiled: its fault, worded where it is shown (see errors.ts). */
export class PatternError extends Error {
  readonly fault: PatternFault;

  constructor(fault: PatternFault) {
    super(fault.code);
    this.fault = fault;
  }
}

const quantifier = (op: string): { min: number; max: number; negate: boolean } => {
  switch (op) {
    case '?':
      return { min: 0, max: 1, negate: false };
    case '*':
      return { min: 0, max: Infinity, negate: false };
    case '+':
      return { min: 1, max: Infinity, negate: false };
    case '!':
      return { min: 1, max: 1, negate: true };
    case '1':
      return { min: 1, max: 1, negate: false };
  }
  const m = /^\{(\d*)(,?)(\d*)\}$/.exec(op);
  if (m && (m[1] !== '' || m[3] !== '')) {
    const min = m[1] === '' ? 0 : Number(m[1]);
    const max = m[2] === '' ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (min <= max && max > 0) return { min, max, negate: false };
  }
  throw new PatternError({ code: 'op', op: JSON.stringify(op) });
};

function valueTest(attr: string, value: z.infer<typeof Literal> | z.infer<typeof Compare>, get: (t: TokenView) => string | number): Test {
  if (typeof value !== 'object') {
    if (attr === 'LENGTH') {
      if (typeof value !== 'number') throw new PatternError({ code: 'lengthNotNumber', found: JSON.stringify(value) });
      return (t) => get(t) === value;
    }
    if (typeof value !== 'string') throw new PatternError({ code: 'notString', attr, found: JSON.stringify(value) });
    const want = normalise(attr, value);
    return (t) => get(t) === want;
  }
  const tests: Test[] = [];
  if (value.IN) {
    const set = new Set(value.IN.map((v) => (typeof v === 'string' ? normalise(attr, v) : v)));
    tests.push((t) => set.has(get(t)));
  }
  if (value.NOT_IN) {
    const set = new Set(value.NOT_IN.map((v) => (typeof v === 'string' ? normalise(attr, v) : v)));
    tests.push((t) => !set.has(get(t)));
  }
  if (value.REGEX !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(value.REGEX, 'u');
    } catch (err) {
      throw new PatternError({ code: 'regex', regex: JSON.stringify(value.REGEX), why: err instanceof Error ? err.message : String(err) });
    }
    // Python's re.search, as spaCy uses it: anywhere in the token
    tests.push((t) => re.test(String(get(t))));
  }
  const comparisons: Array<[string, (a: number, b: number) => boolean]> = [
    ['==', (a, b) => a === b],
    ['!=', (a, b) => a !== b],
    ['>=', (a, b) => a >= b],
    ['<=', (a, b) => a <= b],
    ['>', (a, b) => a > b],
    ['<', (a, b) => a < b],
  ];
  for (const [op, cmp] of comparisons) {
    const bound = value[op as '=='];
    if (bound === undefined) continue;
    if (attr !== 'LENGTH') throw new PatternError({ code: 'compareLength', op, attr });
    tests.push((t) => cmp(get(t) as number, bound));
  }
  if (tests.length === 0) throw new PatternError({ code: 'emptySet', attr });
  return (t) => tests.every((test) => test(t));
}

/** Text attributes compare folded apostrophes; LOWER and NORM compare folded case too. */
function normalise(attr: string, value: string): string {
  return attr === 'LOWER' || attr === 'NORM' ? fold(value) : surfaceOf(value);
}

/** Compiles one token spec; throws PatternError naming the attribute at fault. */
export function compileToken(spec: TokenSpec): CompiledToken {
  const tests: Test[] = [];
  let anchors: string[] | null = null;
  let q = { min: 1, max: 1, negate: false };
  for (const [attr, value] of Object.entries(spec)) {
    if (attr === 'OP') {
      if (typeof value !== 'string') throw new PatternError({ code: 'opNotString', found: JSON.stringify(value) });
      q = quantifier(value);
      continue;
    }
    if ((TEXT_ATTRS as readonly string[]).includes(attr)) {
      const get = attr === 'LOWER' || attr === 'NORM' ? (t: TokenView) => t.folded : (t: TokenView) => t.text;
      tests.push(valueTest(attr, value, get));
      if (typeof value === 'string') anchors = [fold(value)];
      else if (typeof value === 'object' && value.IN && value.IN.every((v) => typeof v === 'string')) anchors = value.IN.map((v) => fold(String(v)));
      continue;
    }
    if (attr === 'LENGTH') {
      tests.push(valueTest(attr, value, (t) => [...t.text].length));
      continue;
    }
    if ((FLAGS as readonly string[]).includes(attr)) {
      if (typeof value !== 'boolean') throw new PatternError({ code: 'notBoolean', attr, found: JSON.stringify(value) });
      const flag = FLAG_TESTS[attr as (typeof FLAGS)[number]];
      tests.push((t) => flag(t.text) === value);
      continue;
    }
    if (MODEL_ATTRS.includes(attr) || attr.startsWith('_')) {
      throw new PatternError({ code: 'needsModel', attr });
    }
    throw new PatternError({ code: 'unknownAttr', attr: JSON.stringify(attr) });
  }
  const test: Test = tests.length === 0 ? () => true : (t) => tests.every((one) => one(t));
  return { test, ...q, anchors: q.min > 0 && !q.negate ? anchors : null };
}

/**
 * Every match of `pattern` in the document, as token ranges [first, end) (end exclusive), none
 * empty and none across a line break. All lengths a quantifier allows are returned, as spaCy's
 * Matcher does; the caller keeps the longest.
 */
export function matchPattern(doc: DocIndex, pattern: readonly CompiledToken[]): Array<[number, number]> {
  const { count, folded, breakBefore, start, end } = doc.tokens;
  // the exact text is made only for the tests that read it
  const view = (t: number): TokenView => {
    let text: string | undefined;
    return {
      get text() {
        return (text ??= surfaceOf(doc.text.slice(start[t], end[t])));
      },
      folded: folded[t] as string,
    };
  };
  const out: Array<[number, number]> = [];
  const first = pattern[0];
  const candidates: Iterable<number> = first?.anchors ? [...new Set(first.anchors.flatMap((a) => [...doc.occurrences(a)]))].sort((a, b) => a - b) : range(count);
  for (const s of candidates) {
    if (first && first.min > 0 && first.test(view(s)) === first.negate) continue;
    const ends = new Set<number>();
    const seen = new Set<number>();
    const walk = (el: number, t: number): void => {
      const id = el * (count + 1) + t;
      if (seen.has(id)) return;
      seen.add(id);
      if (el === pattern.length) {
        if (t > s) ends.add(t);
        return;
      }
      const spec = pattern[el] as CompiledToken;
      if (spec.min === 0) walk(el + 1, t);
      let j = t;
      for (let k = 1; k <= spec.max; k++) {
        if (j >= count || (j > s && breakBefore[j] === 1)) return;
        if (spec.test(view(j)) === spec.negate) return;
        j++;
        if (k >= spec.min) walk(el + 1, j);
      }
    };
    walk(0, s);
    for (const e of ends) out.push([s, e]);
  }
  return out;
}

function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}
