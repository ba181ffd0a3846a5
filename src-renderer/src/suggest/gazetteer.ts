// Gazetteers: lists of terms the user imports, each term with a label, proposed wherever the text
// has them. Read by the file's name:
//   *.jsonl  spaCy EntityRuler / Prodigy patterns, one {"label", "pattern", "id"?} per line, the
//            pattern a phrase (matched on its exact text, as spaCy's PhraseMatcher does by default)
//            or a list of token specs (see patterns.ts);
//   *.csv    term,label rows (RFC 4180 quoting; a first row term,label is a header);
//   other    one term per line: `term<TAB>label`, or a bare term when the list is given one label.
// Blank lines, and in plain lists lines starting with #, are skipped. Terms match whole tokens
// (see tokens.ts) with their case as written unless the list ignores case; ’ and ' are one. Where
// matches overlap, the longest wins (then the first), as EntityRuler keeps them. Any bad line
// refuses the whole file with a message naming the line: a list is never half-read.
import { z } from 'zod';
import { type DocIndex, surfaceOf } from './doc';
import { fieldIssue, type ListFault, SuggestFileError } from './errors';
import { type CompiledToken, compileToken, matchPattern, PatternError, TokenSpecSchema } from './patterns';
import type { Recommender, SuggestContext } from './recommender';
import { tokenize } from './tokens';
import { proposalKey, type SpanProposal } from './types';
import type { Explanation } from './explain';

export const GAZETTEER = 'gazetteer';

export interface Phrase {
  /** folded tokens */
  parts: string[];
  /** the term as written (’ as '), compared when case matters */
  variant: string;
  label: string;
  line: number;
  id?: string;
}

export interface TokenPattern {
  tokens: CompiledToken[];
  label: string;
  line: number;
  id?: string;
}

export interface Gazetteer {
  /** the file's name, for explanations */
  name: string;
  ignoreCase: boolean;
  phrases: Phrase[];
  patterns: TokenPattern[];
  /** every label the list uses, as written */
  labels: string[];
}

export interface GazetteerOptions {
  /** the label of every term of a plain list without labels */
  label?: string;
  /** match terms in any case (string patterns and terms; token patterns say it themselves with LOWER) */
  ignoreCase?: boolean;
}

const PatternLine = z
  .object({
    label: z.string().min(1),
    pattern: z.union([z.string().min(1), z.array(TokenSpecSchema).min(1)]),
    id: z.string().optional(),
  })
  .strict();

/** Reads a gazetteer file; throws SuggestFileError naming the line at fault. */
export function parseGazetteer(input: string, fileName: string, options: GazetteerOptions = {}): Gazetteer {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const list: Gazetteer = { name: fileName, ignoreCase: options.ignoreCase === true, phrases: [], patterns: [], labels: [] };
  const fail = (line: number | undefined, fault: ListFault): never => {
    throw new SuggestFileError(fileName, line, fault);
  };
  const addPhrase = (term: string, label: string, line: number, id?: string) => {
    const tokens = tokenize(term);
    if (tokens.count === 0) fail(line, { code: 'termEmpty' });
    let variant = '';
    for (let i = 0; i < tokens.count; i++) variant += (i > 0 ? ' ' : '') + term.slice(tokens.start[i], tokens.end[i]);
    list.phrases.push({ parts: tokens.folded, variant: surfaceOf(variant), label, line, ...(id !== undefined ? { id } : {}) });
  };
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.jsonl')) {
    lines(text).forEach((raw, i) => {
      const line = i + 1;
      if (raw.trim() === '') return;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        fail(line, { code: 'notJsonObject' });
      }
      const parsed = PatternLine.safeParse(json, { reportInput: true });
      if (!parsed.success) fail(line, { code: 'patternLine', issues: parsed.error.issues.map(fieldIssue) });
      const { label, pattern, id } = parsed.data as z.infer<typeof PatternLine>;
      if (typeof pattern === 'string') {
        addPhrase(pattern, label, line, id);
        return;
      }
      try {
        list.patterns.push({ tokens: pattern.map(compileToken), label, line, ...(id !== undefined ? { id } : {}) });
      } catch (err) {
        if (err instanceof PatternError) fail(line, { code: 'pattern', fault: err.fault });
        throw err;
      }
    });
  } else if (lower.endsWith('.csv')) {
    readCsv(text, fail).forEach(({ fields, line }, i) => {
      if (fields.length === 1 && fields[0]?.trim() === '') return;
      if (fields.length !== 2) fail(line, { code: 'csvFields', found: fields.length });
      const [term = '', label = ''] = fields.map((f) => f.trim());
      if (i === 0 && /^(term|pattern|text|phrase)$/i.test(term) && /^label$/i.test(label)) return;
      if (term === '') fail(line, { code: 'termEmpty' });
      if (label === '') fail(line, { code: 'labelEmpty' });
      addPhrase(term, label, line);
    });
  } else {
    lines(text).forEach((raw, i) => {
      const line = i + 1;
      const trimmed = raw.trim();
      if (trimmed === '' || trimmed.startsWith('#')) return;
      const cells = raw.split('\t').map((c) => c.trim());
      if (cells.length === 1) {
        if (options.label === undefined) fail(line, { code: 'needsLabel' });
        addPhrase(trimmed, options.label as string, line);
        return;
      }
      if (cells.length !== 2) fail(line, { code: 'tabFields', found: cells.length });
      const [term = '', label = ''] = cells;
      if (term === '') fail(line, { code: 'termEmpty' });
      if (label === '') fail(line, { code: 'labelEmpty' });
      addPhrase(term, label, line);
    });
  }
  if (list.phrases.length === 0 && list.patterns.length === 0) fail(undefined, { code: 'noTerms' });
  list.labels = [...new Set([...list.phrases, ...list.patterns].map((e) => e.label))];
  return list;
}

function lines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** RFC 4180 records with the line each starts on: fields quoted with ", quotes doubled, line breaks allowed inside quotes. */
function readCsv(text: string, fail: (line: number, fault: ListFault) => never): Array<{ fields: string[]; line: number }> {
  const records: Array<{ fields: string[]; line: number }> = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const record = { fields: [] as string[], line };
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        const opened = line;
        i++;
        for (;;) {
          if (i >= text.length) fail(opened, { code: 'quoteNotClosed' });
          const c = text[i] as string;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
          field += c;
          i++;
        }
        if (i < text.length && !/[,\r\n]/.test(text[i] as string)) fail(line, { code: 'quoteThenText' });
      } else {
        while (i < text.length && !/[,\r\n]/.test(text[i] as string)) {
          if (text[i] === '"') fail(line, { code: 'quoteInField' });
          field += text[i];
          i++;
        }
      }
      record.fields.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    records.push(record);
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
  }
  return records;
}

/** Confidence of a gazetteer match: the user's own list, so high, a little less for token patterns. */
const PHRASE_CONFIDENCE = 0.8;
const PATTERN_CONFIDENCE = 0.7;

interface Match {
  first: number;
  end: number;
  label: string;
  confidence: number;
  explanation: Explanation;
}

export class Gazetteers implements Recommender {
  readonly id = GAZETTEER;
  readonly name = 'Gazetteers';
  readonly description = 'Terms and patterns from the lists you imported';
  readonly lists: readonly Gazetteer[];

  constructor(lists: readonly Gazetteer[]) {
    this.lists = lists;
  }

  propose(doc: DocIndex, ctx: SuggestContext): SpanProposal[] {
    const matches: Match[] = [];
    for (const list of this.lists) {
      const known = new Map(list.labels.map((l) => [l, ctx.schema.label(l)]));
      const entry = (e: Phrase | TokenPattern) => ({ list: list.name, line: e.line, ...(e.id !== undefined ? { id: e.id } : {}) });
      for (const phrase of list.phrases) {
        const label = known.get(phrase.label);
        if (!label) continue;
        for (const t of doc.occurrences(phrase.parts[0] as string)) {
          const last = t + phrase.parts.length - 1;
          if (last >= doc.tokens.count) break;
          let ok = true;
          for (let k = 1; ok && k < phrase.parts.length; k++) ok = doc.tokens.breakBefore[t + k] === 0 && doc.tokens.folded[t + k] === phrase.parts[k];
          if (!ok || (!list.ignoreCase && !doc.reads(t, last, phrase.variant))) continue;
          matches.push({ first: t, end: last + 1, label, confidence: PHRASE_CONFIDENCE, explanation: { code: 'term', variant: phrase.variant, label: phrase.label, ...entry(phrase) } });
        }
      }
      for (const pattern of list.patterns) {
        const label = known.get(pattern.label);
        if (!label) continue;
        for (const [first, end] of matchPattern(doc, pattern.tokens)) {
          matches.push({ first, end, label, confidence: PATTERN_CONFIDENCE, explanation: { code: 'pattern', label: pattern.label, ...entry(pattern) } });
        }
      }
    }
    // EntityRuler's rule: longest first, then earliest; a token belongs to one match
    matches.sort((a, b) => b.end - b.first - (a.end - a.first) || a.first - b.first || b.confidence - a.confidence);
    const taken = new Uint8Array(doc.tokens.count);
    const out: SpanProposal[] = [];
    for (const m of matches) {
      let free = true;
      for (let t = m.first; free && t < m.end; t++) free = taken[t] === 0;
      if (!free) continue;
      taken.fill(1, m.first, m.end);
      const start = doc.tokens.start[m.first] as number;
      const end = doc.tokens.end[m.end - 1] as number;
      out.push({ kind: 'span', key: proposalKey(start, end, m.label, GAZETTEER), start, end, label: m.label, recommender: GAZETTEER, confidence: m.confidence, explanation: m.explanation });
    }
    return out.sort((a, b) => a.start - b.start);
  }
}
