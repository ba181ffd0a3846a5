import { formatWords } from '../i18n/current';

/**
 * A file (or a document on its way out) that a format module cannot read or write. A parser that
 * goes on reading after a bad line throws one FormatError for all of them: the first is its own
 * file, line and detail, `problems` holds every one (up to PROBLEM_LIMIT) and `total` counts them.
 */
export class FormatError extends Error {
  readonly problems: readonly FormatError[];
  readonly total: number;

  constructor(
    public readonly file: string,
    public readonly line: number | undefined,
    public readonly detail: string,
    found?: { problems: readonly FormatError[]; total: number },
  ) {
    const more = found === undefined ? 0 : found.total - 1;
    const words = formatWords();
    super(`${words.where(file, line, detail)}${more > 0 ? words.more(more) : ''}`);
    this.name = 'FormatError';
    this.problems = found?.problems ?? [this];
    this.total = found?.total ?? 1;
  }
}

/** Throws a FormatError for one place in one file; parsers pass it down to helpers. */
export type Fail = (detail: string) => never;

export function failAt(file: string, line?: number): Fail {
  return (detail) => {
    throw new FormatError(file, line, detail);
  };
}

/** How many problems of one file are listed; the others are counted. */
export const PROBLEM_LIMIT = 50;

/**
 * The problems of one file, gathered while reading goes on, so that a person fixing a file sees
 * every bad line at once rather than one per attempt. Nothing of a file with a problem is imported.
 */
export class Problems {
  private readonly found: FormatError[] = [];
  private total = 0;

  /** Runs `read`; a FormatError it throws is kept and undefined returned, so the caller reads on. */
  attempt<T>(read: () => T): T | undefined {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      this.add(error);
      return undefined;
    }
  }

  add(error: FormatError): void {
    for (const problem of error.problems) {
      if (this.found.length < PROBLEM_LIMIT) this.found.push(problem);
    }
    this.total += error.total;
  }

  get any(): boolean {
    return this.total > 0;
  }

  /** Throws every problem found as one FormatError; returns when there was none. */
  check(): void {
    const [first] = this.found;
    if (first === undefined) return;
    if (this.total === 1) throw first;
    throw new FormatError(first.file, first.line, first.detail, { problems: this.found, total: this.total });
  }
}
