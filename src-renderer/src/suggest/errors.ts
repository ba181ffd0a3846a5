// What is wrong with a file the user gave (gazetteer, cue list), as a code and its values rather than a
// sentence: the worker finds the fault, the page words it where it is shown, so a language switch
// words it again (see wordListProblem).
import { z } from 'zod';
import type { Locale } from '$contract';
import type { Messages } from '../lib/i18n/en';
import { CATALOGUES } from '../lib/i18n/current';

/** A zod issue kept to be worded later by zod's own locales: its input reduced to what they read (its type). */
export type FieldIssue = z.core.$ZodRawIssue;

/** Why a token pattern (a spaCy token spec) cannot be compiled. */
export type PatternFault =
  | { code: 'op'; op: string }
  | { code: 'opNotString'; found: string }
  | { code: 'lengthNotNumber'; found: string }
  | { code: 'notString'; attr: string; found: string }
  | { code: 'notBoolean'; attr: string; found: string }
  | { code: 'regex'; regex: string; why: string }
  | { code: 'compareLength'; op: string; attr: string }
  | { code: 'emptySet'; attr: string }
  | { code: 'needsModel'; attr: string }
  | { code: 'unknownAttr'; attr: string };

/** What is wrong, at the file's line when there is one. */
export type ListFault =
  | { code: 'notJson' }
  | { code: 'notJsonObject' }
  | { code: 'patternLine'; issues: FieldIssue[] }
  | { code: 'pattern'; fault: PatternFault }
  | { code: 'termEmpty' }
  | { code: 'labelEmpty' }
  | { code: 'csvFields'; found: number }
  | { code: 'quoteNotClosed' }
  | { code: 'quoteThenText' }
  | { code: 'quoteInField' }
  | { code: 'needsLabel' }
  | { code: 'tabFields'; found: number }
  | { code: 'noTerms' }
  | { code: 'cueField'; issue: FieldIssue | null };

export interface ListProblem {
  file: string;
  line?: number;
  fault: ListFault;
}

/** A file the user gave (gazetteer, cue list) that cannot be read: names the file and, when known, the line. */
export class SuggestFileError extends Error {
  readonly problem: ListProblem;

  constructor(file: string, line: number | undefined, fault: ListFault) {
    const problem = { file, ...(line !== undefined ? { line } : {}), fault };
    // in English for logs; the page words `problem` in the interface language
    super(wordListProblem('en', problem));
    this.name = 'SuggestFileError';
    this.problem = problem;
  }
}

/** A zod issue as it can cross to the page and be worded there: plain data, its input only a sample of its type. */
export function fieldIssue(issue: z.core.$ZodIssue): FieldIssue {
  // zod's English message and a union's nested issues are left behind: the page words the issue itself
  const { message: _english, errors: _nested, input, ...rest } = issue as z.core.$ZodIssue & { input?: unknown; errors?: unknown };
  const sample = Array.isArray(input) ? [] : input !== null && typeof input === 'object' ? {} : input;
  return { ...rest, input: sample } as FieldIssue;
}

const ZOD: Record<Locale, z.core.$ZodErrorMap> = { en: z.locales.en().localeError, fr: z.locales.fr().localeError };

function zodText(locale: Locale, issue: FieldIssue): string {
  const said = ZOD[locale](issue);
  const text = typeof said === 'string' ? said : said?.message;
  const m = CATALOGUES[locale].suggest.listProblem;
  const path = (issue.path ?? []).join('.');
  return path ? m.field(path, text ?? m.invalid) : (text ?? m.invalid);
}

function patternText(m: Messages['suggest']['listProblem']['pattern'], f: PatternFault): string {
  switch (f.code) {
    case 'op':
      return m.op(f.op);
    case 'opNotString':
      return m.opNotString(f.found);
    case 'lengthNotNumber':
      return m.lengthNotNumber(f.found);
    case 'notString':
      return m.notString(f.attr, f.found);
    case 'notBoolean':
      return m.notBoolean(f.attr, f.found);
    case 'regex':
      return m.regex(f.regex, f.why);
    case 'compareLength':
      return m.compareLength(f.op, f.attr);
    case 'emptySet':
      return m.emptySet(f.attr);
    case 'needsModel':
      return m.needsModel(f.attr);
    case 'unknownAttr':
      return m.unknownAttr(f.attr);
  }
}

function faultText(locale: Locale, f: ListFault): string {
  const m = CATALOGUES[locale].suggest.listProblem;
  switch (f.code) {
    case 'patternLine':
      return m.patternLine(f.issues.map((i) => zodText(locale, i)).join(m.separator));
    case 'pattern':
      return patternText(m.pattern, f.fault);
    case 'csvFields':
      return m.csvFields(f.found);
    case 'tabFields':
      return m.tabFields(f.found);
    case 'cueField':
      return f.issue === null ? m.invalid : (f.issue.path ?? []).length > 0 ? zodText(locale, f.issue) : m.wholeFile(zodText(locale, f.issue));
    default:
      return m[f.code];
  }
}

/** A list's problem in `locale`, naming the file and, when known, the line. */
export function wordListProblem(locale: Locale, p: ListProblem): string {
  return CATALOGUES[locale].suggest.listProblem.at(p.file, p.line, faultText(locale, p.fault));
}

/** Why the recommenders answered a request with an error: a list's problem, or a fault of the page or the worker. */
export type SuggestProblem =
  | { code: 'list'; list: ListProblem }
  | { code: 'notOpen'; id: string }
  | { code: 'noAnswer' }
  /** the worker stopped; `why` is the browser's words when it gave some */
  | { code: 'stopped'; why: string };

/** A recommenders' error in `locale`. */
export function wordSuggestProblem(locale: Locale, p: SuggestProblem): string {
  const m = CATALOGUES[locale].suggest.problem;
  switch (p.code) {
    case 'list':
      return wordListProblem(locale, p.list);
    case 'notOpen':
      return m.notOpen(p.id);
    case 'noAnswer':
      return m.noAnswer;
    case 'stopped':
      return p.why ? m.stoppedBecause(p.why) : m.stopped;
  }
}
