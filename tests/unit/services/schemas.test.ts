import { describe, expect, test } from 'vitest';
import { MAX_IMPORT_LIMIT_BYTES } from '../../../src-main/contract';
import { parseArgs } from '../../../src-main/services/schemas';

describe('import arguments', () => {
  test('paths with or without an options object', () => {
    expect(parseArgs('import:paths', [['/a.txt']])).toEqual([['/a.txt']]);
    expect(parseArgs('import:paths', [['/a.txt'], { limitBytes: 1024 }])).toEqual([['/a.txt'], { limitBytes: 1024 }]);
    expect(parseArgs('import:pick', [])).toEqual([]);
    expect(parseArgs('import:pick', [{ limitBytes: 5_000_000 }])).toEqual([{ limitBytes: 5_000_000 }]);
  });

  test.each([
    [{ limitBytes: 0 }],
    [{ limitBytes: -1 }],
    [{ limitBytes: 1.5 }],
    [{ limitBytes: MAX_IMPORT_LIMIT_BYTES + 1 }],
    [{ limitBytes: '100' }],
    [{ other: true }],
    [null],
  ])('refuses options %j', (options) => {
    expect(() => parseArgs('import:paths', [['/a.txt'], options])).toThrow(/^invalid arguments for import:paths/);
    expect(() => parseArgs('import:pick', [options])).toThrow(/^invalid arguments for import:pick/);
  });

  test('refuses extra arguments', () => {
    expect(() => parseArgs('import:paths', [['/a.txt'], {}, 'more'])).toThrow(/^invalid arguments/);
  });
});
