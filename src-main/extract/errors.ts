import type { FileKind } from '../contract';

/** Why a file could not become a document; `message` is shown after the file name. */
export type ExtractErrorCode =
  | 'not-text'
  | 'encrypted'
  | 'no-text-layer'
  | 'too-large'
  | 'timeout'
  | 'empty'
  | 'undecodable'
  | 'corrupt'
  | 'unsupported';

export class ExtractError extends Error {
  override readonly name = 'ExtractError';

  constructor(
    readonly code: ExtractErrorCode,
    message: string,
    /** a file that is not text: what its first bytes say it is */
    readonly looksLike?: FileKind,
  ) {
    super(message);
  }
}
