// Our JSON scan finds a fault exactly where JSON.parse refuses a text, and says where in our words.
import { describe, expect, it } from 'vitest';
import { jsonSyntaxError } from '../../../src-main/formats/json-syntax';

const accepts = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const SAMPLES = [
  '{"text": "Xi Jinping à Pékin 🇨🇳", "label": [[0, 10, "PER"]], "n": -1.5e3, "ok": true, "no": null}',
  '[1, 2.0, -0, 0.5E+2, "a\\"b\\\\c\\u00e9\\n", {}, [], {"a": [{}]}]',
  ' \t\r\n "only a string" \n',
];

describe('jsonSyntaxError', () => {
  it('agrees with JSON.parse on every cut and every one-character change of valid JSON', () => {
    const replacements = ['', ',', '}', ']', '"', ':', '\\', '0', 'x', ' ', '\n', '\u0001', '{', '['];
    let checked = 0;
    for (const sample of SAMPLES) {
      expect(jsonSyntaxError(sample)).toBeNull();
      for (let i = 0; i <= sample.length; i++) {
        for (const text of [sample.slice(0, i), ...replacements.map((r) => sample.slice(0, i) + r + sample.slice(i + 1))]) {
          expect(jsonSyntaxError(text) === null, JSON.stringify(text)).toBe(accepts(text));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('gives the line and column of the fault, and what is there', () => {
    expect(jsonSyntaxError('{\n  "a": 1,\n  "b": 2,\n}')).toEqual({ line: 4, column: 1, found: '}' });
    expect(jsonSyntaxError('{"a": tru}')).toEqual({ line: 1, column: 7, found: 't' });
    expect(jsonSyntaxError('[1, 2] 3')).toEqual({ line: 1, column: 8, found: '3' });
    // columns count characters: an emoji before the fault is one
    expect(jsonSyntaxError('["🇨🇳", é]')).toEqual({ line: 1, column: 8, found: 'é' });
    expect(jsonSyntaxError('{"a": "b')).toEqual({ line: 1, column: 9, found: null });
    expect(jsonSyntaxError('{"a": "b\tc"}')).toEqual({ line: 1, column: 9, found: 'U+0009' });
    expect(jsonSyntaxError('{"a" 1}')).toEqual({ line: 1, column: 6, found: '1' });
    expect(jsonSyntaxError('')).toEqual({ line: 1, column: 1, found: null });
  });

  it('places each kind of fault where it is, also those whose text reads on as JSON', () => {
    // a \u escape cut short: the character after it is the fault, even one JSON could go on with
    expect(jsonSyntaxError('["\\u1]')).toEqual({ line: 1, column: 6, found: ']' });
    expect(jsonSyntaxError('["\\u1,2"]')).toEqual({ line: 1, column: 6, found: ',' });
    // a comma before the end of an array
    expect(jsonSyntaxError('[1,]')).toEqual({ line: 1, column: 4, found: ']' });
    // a line break inside a string is on the line it ends
    expect(jsonSyntaxError('"ab\ncd"')).toEqual({ line: 1, column: 4, found: 'U+000A' });
    // the line of the fault, not the number of lines of the text
    expect(jsonSyntaxError('[1 2,\n3]')).toEqual({ line: 1, column: 4, found: '2' });
    // a control character's code in capitals
    expect(jsonSyntaxError('"a\u001bb"')).toEqual({ line: 1, column: 3, found: 'U+001B' });
  });

  it('reads a deeply nested file without overflowing the stack', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(199_999);
    expect(jsonSyntaxError(deep)).toEqual({ line: 1, column: 400_000, found: null });
  });
});
