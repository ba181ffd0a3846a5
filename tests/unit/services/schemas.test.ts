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

describe('work package arguments', () => {
  const pkg = (kind: string) => ({
    format: 'glose-package',
    version: 1,
    kind,
    id: 'p1',
    createdAt: 1,
    appVersion: '0.1.0',
    project: 'News',
    annotator: 'Alice',
    from: 'Marie',
    blind: true,
    schema: { name: 'news', labels: [{ name: 'LOC', color: '#1d4ed8' }], relations: [], categories: [] },
    documents: [
      {
        name: 'a.txt',
        text: 'Paris',
        meta: { format: 'txt', hash: 'h', normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } },
        layers: [{ layer: 'Alice', status: 'done', categories: [], spans: [{ start: 0, end: 5, label: 'LOC' }], relations: [] }],
      },
    ],
  });

  test('a hand-out and a return package are both saved; any other kind is refused', () => {
    for (const kind of ['handout', 'return']) expect(parseArgs('package:save', [pkg(kind)])).toEqual([pkg(kind)]);
    for (const kind of ['', 'Return', 'other']) expect(() => parseArgs('package:save', [pkg(kind)]), kind).toThrow(/^invalid arguments for package:save/);
  });

  test('package:open takes an options object or none', () => {
    expect(parseArgs('package:open', [])).toEqual([]);
    expect(parseArgs('package:open', [{ limitBytes: 1024 }])).toEqual([{ limitBytes: 1024 }]);
    expect(() => parseArgs('package:open', [{ limitBytes: 0 }])).toThrow(/^invalid arguments for package:open/);
  });
});
