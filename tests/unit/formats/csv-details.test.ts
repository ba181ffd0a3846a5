// The details of CSV reading, and of the FormatError and Problems every parser reports with, that the
// mutation run of 2026-12-01 (docs/testing.md) found untested: line endings other than CRLF, a last
// row without a line break, blank lines, a cell a spreadsheet would not run, whole-number offsets,
// fields absent rather than undefined, and how many problems are listed and counted.
import { describe, expect, it } from 'vitest';
import * as csv from '../../../src-main/formats/csv';
import { FormatError, PROBLEM_LIMIT, Problems } from '../../../src-main/formats/errors';

const HEADER = 'document,start,end,label,text,note,attributes';

function caught(run: () => unknown): FormatError | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof FormatError) return error;
    throw error;
  }
  return undefined;
}
const message = (run: () => unknown): string => caught(run)?.message ?? 'no error';

describe('CSV reading', () => {
  it('reads LF, CR and CRLF line endings, a last row without one, and skips blank lines', () => {
    const rows = ['a,0,5,LOC,Paris,,', 'a,6,10,LOC,Lyon,,'];
    const expected = [{ name: 'a', spans: [{ start: 0, end: 5, label: 'LOC', text: 'Paris', line: 2 }, { start: 6, end: 10, label: 'LOC', text: 'Lyon', line: 3 }] }];
    for (const eol of ['\n', '\r', '\r\n']) {
      expect(csv.parse([HEADER, ...rows].join(eol), 'eol.csv')).toStrictEqual(expected);
    }
    const blank = csv.parse([HEADER, rows[0], '', rows[1], ''].join('\r\n'), 'blank.csv');
    expect(blank[0]?.spans.map((s) => [s.text, s.line])).toEqual([['Paris', 2], ['Lyon', 4]]);
    // only a line with nothing on it is blank: one field, or an empty first field, is still a row
    expect(message(() => csv.parse(`${HEADER}\r\nParis\r\n`, 'one.csv'))).toBe('one.csv line 2: expected 7 fields, found 1');
    expect(csv.parse(`${HEADER}\r\n,0,5,LOC,Paris,,\r\n`, 'unnamed.csv')).toStrictEqual([{ name: '', spans: [{ start: 0, end: 5, label: 'LOC', text: 'Paris', line: 2 }] }]);
  });

  it('takes off only the quote it put before a formula', () => {
    const [doc] = csv.parse(`${HEADER}\r\na,0,2,'ok,=1,'@x,\r\n`, 'q.csv');
    // "'ok" was not a formula: its quote is the text's own; "=1" was written raw, and stays whole
    expect(doc?.spans[0]).toMatchObject({ label: "'ok", text: '=1', note: '@x' });
  });

  it('names the column of an offset that is not a whole number, and the header it expects', () => {
    for (const [start, end, column] of [['1x', '5', 'start "1x"'], ['x1', '5', 'start "x1"'], ['0', 'x', 'end "x"']]) {
      expect(message(() => csv.parse(`${HEADER}\r\na,${start},${end},L,Paris,,\r\n`, 'n.csv'))).toBe(`n.csv line 2: ${column} is not a whole number`);
    }
    expect(message(() => csv.parse('document,start\r\n', 'h.csv'))).toBe(`h.csv line 1: the header row must be ${HEADER}`);
  });

  it('reads attributes pair by pair, and leaves a span without note or attributes without the fields', () => {
    const [doc] = csv.parse(`${HEADER}\r\na,0,5,LOC,Paris,,x=1;y\\;z=2\\=3\r\na,0,5,LOC,Paris,,\r\n`, 'attrs.csv');
    expect(doc?.spans[0]?.attributes).toStrictEqual({ x: '1', 'y;z': '2=3' });
    expect(doc?.spans[1]).toStrictEqual({ start: 0, end: 5, label: 'LOC', text: 'Paris', line: 3 });
    const spans = csv.attachSpans(doc ?? { name: '', spans: [] }, 'Paris', 'attrs.csv');
    expect(spans[1]).toStrictEqual({ start: 0, end: 5, label: 'LOC' });
  });
});

describe('FormatError and Problems', () => {
  const problem = (line: number): FormatError => new FormatError('f.txt', line, `bad ${line}`);

  it('says how many more problems there are, in the singular and the plural', () => {
    const two = new Problems();
    two.add(problem(1));
    two.add(problem(2));
    expect(message(() => two.check())).toBe('f.txt line 1: bad 1 (and 1 more problem)');
    two.add(problem(3));
    expect(message(() => two.check())).toBe('f.txt line 1: bad 1 (and 2 more problems)');
    expect(problem(1).name).toBe('FormatError');
  });

  it('lists up to PROBLEM_LIMIT problems and counts the others; one problem is thrown as it is', () => {
    const many = new Problems();
    expect(many.any).toBe(false);
    for (let line = 1; line <= PROBLEM_LIMIT + 10; line++) many.add(problem(line));
    expect(many.any).toBe(true);
    const all = caught(() => many.check());
    expect(all?.problems).toHaveLength(PROBLEM_LIMIT);
    expect(all?.total).toBe(PROBLEM_LIMIT + 10);
    const one = new Problems();
    const only = problem(7);
    one.add(only);
    expect(caught(() => one.check())).toBe(only);
    expect(() => new Problems().check()).not.toThrow();
  });

  it('lets any error but a FormatError through attempt', () => {
    const problems = new Problems();
    expect(() => problems.attempt(() => JSON.parse('{'))).toThrow(SyntaxError);
    expect(problems.attempt(() => problem(1).line)).toBe(1);
    expect(problems.attempt(() => { throw problem(4); })).toBeUndefined();
    expect(problems.any).toBe(true);
  });
});
