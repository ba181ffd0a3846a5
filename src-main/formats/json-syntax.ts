// Where a text stops being JSON, found by our own scan: the engine's SyntaxError is worded in English
// (and differently by each engine), so the line, the column and what was found there are ours to say.
// Called only after JSON.parse has refused the text; an explicit stack keeps a deeply nested file from
// overflowing the call stack.

export interface JsonSyntaxError {
  /** 1-based */
  line: number;
  /** 1-based, in characters (code points) of that line */
  column: number;
  /** the character found where JSON could not go on (a control character as U+XXXX); null at the end of the text */
  found: string | null;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = '"\\/bfnrt';

/** The first place where `text` is not JSON (RFC 8259), or null when it is JSON. */
export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const stack: Array<'[' | '{'> = [];
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const string = (): boolean => {
    for (i++; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        i++;
        const e = text[i];
        if (e === 'u') {
          for (let k = 0; k < 4; k++) if (!/[0-9a-fA-F]/.test(text[++i] ?? '')) return false;
        } else if (e === undefined || !ESCAPES.includes(e)) return false;
      }
    }
    return false;
  };
  const scalar = (): boolean => {
    if (text[i] === '"') return string();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return true;
      }
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number === null) return false;
    i += number[0].length;
    return true;
  };
  type Expect = 'value' | 'first-value' | 'key' | 'first-key' | 'after';
  let expect: Expect = 'value';
  for (;;) {
    skipSpace();
    const c = text[i];
    if (expect === 'value' || expect === 'first-value') {
      if (expect === 'first-value' && c === ']') {
        stack.pop();
        i++;
        expect = 'after';
      } else if (c === '[' || c === '{') {
        stack.push(c);
        i++;
        expect = c === '[' ? 'first-value' : 'first-key';
      } else if (scalar()) expect = 'after';
      else break;
    } else if (expect === 'key' || expect === 'first-key') {
      if (expect === 'first-key' && c === '}') {
        stack.pop();
        i++;
        expect = 'after';
        continue;
      }
      if (c !== '"' || !string()) break;
      skipSpace();
      if (text[i] !== ':') break;
      i++;
      expect = 'value';
    } else {
      const top = stack.at(-1);
      if (top === undefined) {
        if (i >= text.length) return null;
        break;
      }
      if (c === ',') expect = top === '[' ? 'value' : 'key';
      else if (c !== (top === '[' ? ']' : '}')) break;
      else stack.pop();
      i++;
    }
  }
  return at(text, i);
}

function at(text: string, offset: number): JsonSyntaxError {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(0, lineStart).split('\n').length;
  const column = [...text.slice(lineStart, offset)].length + 1;
  const code = text.codePointAt(offset);
  if (code === undefined) return { line, column, found: null };
  const found = String.fromCodePoint(code);
  return { line, column, found: /[\p{C}\p{Z}]/u.test(found) ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : found };
}
