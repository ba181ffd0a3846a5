/** A file (or a document on its way out) that a format module cannot read or write. */
export class FormatError extends Error {
  constructor(
    public readonly file: string,
    public readonly line: number | undefined,
    public readonly detail: string,
  ) {
    super(line === undefined ? `${file}: ${detail}` : `${file} line ${line}: ${detail}`);
    this.name = 'FormatError';
  }
}

/** Throws a FormatError for one place in one file; parsers pass it down to helpers. */
export type Fail = (detail: string) => never;

export function failAt(file: string, line?: number): Fail {
  return (detail) => {
    throw new FormatError(file, line, detail);
  };
}
