// An extraction error names its class where it is logged (a stack trace, String(error)), like the
// format errors do, so that a log tells a refused file from a crash.
import { describe, expect, it } from 'vitest';
import { ExtractError } from '../../../src-main/extract/errors';

describe('ExtractError', () => {
  it('is named ExtractError in logs, and keeps its code and message', () => {
    const error = new ExtractError('empty', 'the file is empty');
    expect(error.name).toBe('ExtractError');
    expect(String(error)).toBe('ExtractError: the file is empty');
    expect(error.stack?.startsWith('ExtractError: the file is empty')).toBe(true);
    expect(error).toMatchObject({ code: 'empty', message: 'the file is empty' });
  });
});
