// Quotation cues: the words that tie a quote to its speaker, one file per language in
// resources/suggest/cues.<lang>.json so users can extend them. Every list is matched on tokens,
// folded (case, ’ and '), whatever the language of the document: French and English cues apply
// together, as articles mix them.
import { z } from 'zod';
import { fieldIssue, SuggestFileError } from './errors';
import { tokenize } from './tokens';

// a user's file that extends the shipped lists may give only the lists it adds to
const Words = z.array(z.string().trim().min(1)).default([]);

export const CueFileSchema = z
  .object({
    language: z.string().min(2).optional(),
    description: z.string().optional(),
    /** verbs of saying, as they appear: déclaré, a-t-il dit is then found by its verb; said, told */
    verbs: Words,
    /** words that introduce a source before its name: selon, d'après, according to */
    sources: Words,
    /** subject pronouns that stand for the speaker: il, elle, he, she */
    pronouns: Words,
    /** titles before a name, not part of it: M., Mme, Mr, President */
    titles: Words,
    /** words before a name that are not part of it: le, the */
    determiners: Words,
    /** lower-case words inside names: de, van, von */
    particles: Words,
    /** words after a verb of saying that end the search for a name after it (an addressee or a place follows): à, devant, to, in */
    prepositions: Words,
  })
  .strict();

export type CueFile = z.infer<typeof CueFileSchema>;

/** Checks a cue file's structure; throws SuggestFileError naming the file and the field at fault. */
export function parseCues(json: unknown, fileName: string): CueFile {
  const parsed = CueFileSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SuggestFileError(fileName, undefined, { code: 'cueField', issue: issue ? fieldIssue(issue) : null });
  }
  return parsed.data;
}

/** Phrases as a trie over folded tokens. */
export interface PhraseTrie {
  next: Map<string, PhraseTrie>;
  end: boolean;
}

export interface Cues {
  /** tells compiled cue sets apart, for what a document keeps per cue set */
  serial: number;
  verbs: PhraseTrie;
  sources: PhraseTrie;
  /** titles: multi-word ones as a trie, the "." after an abbreviation optional */
  titles: PhraseTrie;
  pronouns: Set<string>;
  determiners: Set<string>;
  particles: Set<string>;
  prepositions: Set<string>;
}

function trieOf(phrases: Iterable<string>): PhraseTrie {
  const root: PhraseTrie = { next: new Map(), end: false };
  for (const phrase of phrases) {
    const parts = tokenize(phrase).folded.filter((p) => p !== '.');
    if (parts.length === 0) continue;
    let node = root;
    for (const part of parts) {
      let child = node.next.get(part);
      if (!child) node.next.set(part, (child = { next: new Map(), end: false }));
      node = child;
    }
    node.end = true;
  }
  return root;
}

const folded = (words: readonly string[]) => new Set(words.flatMap((w) => tokenize(w).folded.filter((p) => p !== '.')));

let compiled = 0;

/** One set of cues from every file given. */
export function compileCues(files: readonly CueFile[]): Cues {
  return {
    serial: ++compiled,
    verbs: trieOf(files.flatMap((f) => f.verbs)),
    sources: trieOf(files.flatMap((f) => f.sources)),
    titles: trieOf(files.flatMap((f) => f.titles)),
    pronouns: folded(files.flatMap((f) => f.pronouns)),
    determiners: folded(files.flatMap((f) => f.determiners)),
    particles: folded(files.flatMap((f) => f.particles)),
    prepositions: folded(files.flatMap((f) => f.prepositions)),
  };
}

/**
 * The length in tokens of the phrase of `trie` that starts at token `t` (the longest), or 0. A "."
 * token after a word of the phrase is skipped, so M. and M both match a title M.
 */
export function phraseAt(trie: PhraseTrie, folded: readonly string[], t: number, limit: number): number {
  let node: PhraseTrie | undefined = trie;
  let best = 0;
  let j = t;
  while (node && j < limit) {
    node = node.next.get(folded[j] as string);
    if (!node) break;
    j++;
    if (j < limit && folded[j] === '.' && !node.next.has('.')) j++;
    if (node.end) best = j - t;
  }
  return best;
}
