import { describe, expect, test } from 'vitest';
import { MAX_IMPORT_LIMIT_BYTES } from '../../../src-main/contract';
import { parseArgs } from '../../../src-main/services/schemas';

describe('import arguments', () => {
  test('dropped files with or without an options object', () => {
    const files = [{ name: 'a.txt', path: '/a.txt' }];
    expect(parseArgs('import:dropped', [files])).toEqual([files]);
    expect(parseArgs('import:dropped', [files, { limitBytes: 1024 }])).toEqual([files, { limitBytes: 1024 }]);
    // '' is a File the page made: it passes the schema and is refused by the handler, by name
    expect(parseArgs('import:dropped', [[{ name: 'made.txt', path: '' }]])).toEqual([[{ name: 'made.txt', path: '' }]]);
    expect(parseArgs('import:pending', [{ limitBytes: 1024 }])).toEqual([{ limitBytes: 1024 }]);
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
    expect(() => parseArgs('import:dropped', [[{ name: 'a.txt', path: '/a.txt' }], options])).toThrow(/^invalid arguments for import:dropped/);
    expect(() => parseArgs('import:pending', [options])).toThrow(/^invalid arguments for import:pending/);
    expect(() => parseArgs('import:pick', [options])).toThrow(/^invalid arguments for import:pick/);
  });

  test('refuses extra arguments', () => {
    expect(() => parseArgs('import:dropped', [[{ name: 'a.txt', path: '/a.txt' }], {}, 'more'])).toThrow(/^invalid arguments/);
    expect(() => parseArgs('import:pending', [{}, 'more'])).toThrow(/^invalid arguments/);
  });
});
