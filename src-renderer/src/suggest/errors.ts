/** A file the user gave (gazetteer, cue list) that cannot be read: names the file and, when known, the line. */
export class SuggestFileError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly detail: string;

  constructor(file: string, line: number | undefined, detail: string) {
    super(line === undefined ? `${file}: ${detail}` : `${file} line ${line}: ${detail}`);
    this.name = 'SuggestFileError';
    this.file = file;
    this.line = line;
    this.detail = detail;
  }
}
