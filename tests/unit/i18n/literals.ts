// Finds interface text written into Svelte markup instead of read from the catalogues: text between
// tags, the values of the attributes people read (aria-label, title, placeholder, alt), and words in
// quotes inside the markup's `{…}` expressions; and messages handed to the toasts as literals.

export interface Literal {
  line: number;
  text: string;
}

/** The `{…}` expressions of Svelte markup, each with where its text starts (strings inside skipped). */
function expressions(markup: string): Array<{ at: number; text: string }> {
  const found: Array<{ at: number; text: string }> = [];
  let depth = 0;
  let start = 0;
  let quote: string | null = null;
  for (let i = 0; i < markup.length; i++) {
    const c = markup[i];
    if (depth === 0) {
      if (c === '{') {
        depth = 1;
        start = i + 1;
      }
      continue;
    }
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) found.push({ at: start, text: markup.slice(start, i) });
  }
  return found;
}

const READ_ATTRIBUTES = ['aria-label', 'title', 'placeholder', 'alt', 'aria-roledescription', 'aria-valuetext', 'aria-description'];

/** Key names code compares `ev.key` with: not text anyone reads. */
const KEY_NAMES = new Set(['Enter', 'Escape', 'Tab', 'Backspace', 'Delete', 'Home', 'End', 'PageUp', 'PageDown', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Shift', 'Control', 'Alt', 'Meta']);

/** A quoted string in code that reads as words: two words with a space, or a capitalised word. */
function wordy(text: string): boolean {
  const words = text.replace(/\$\{[^}]*\}/g, ' ');
  return (/\p{L}{2,}\s+\p{L}/u.test(words) || /^\s*\p{Lu}\p{Ll}+/u.test(words)) && !KEY_NAMES.has(words.trim());
}

/** The literal texts of a .svelte file's markup that a reader of the screen would see or hear. */
export function literalTexts(source: string, allowed: ReadonlySet<string>): Literal[] {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  const markup = source
    .replace(/<script[\s\S]*?<\/script>/g, blank)
    .replace(/<style[\s\S]*?<\/style>/g, blank)
    .replace(/<!--[\s\S]*?-->/g, blank);
  const lineOf = (at: number) => markup.slice(0, at).split('\n').length;
  const found: Literal[] = [];
  const keep = (text: string, at: number) => {
    const clean = text
      .replace(/&[a-z]+;|&#\d+;/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (clean && /\p{L}/u.test(clean) && !allowed.has(clean)) found.push({ line: lineOf(at), text: clean });
  };
  // words in quotes inside expressions: `{cond ? 'Nothing found.' : …}`
  const exprs = expressions(markup);
  for (const e of exprs) {
    for (const m of e.text.matchAll(/(['"`])((?:\\.|(?!\1)[^\\])*)\1/g)) {
      const text = m[2] ?? '';
      if (wordy(text) && !allowed.has(text)) found.push({ line: lineOf(e.at + (m.index ?? 0)), text });
    }
  }
  // with the expressions blanked, a tag is `<name …>` with quoted attribute values; between tags is text
  let plain = markup;
  for (const e of exprs) plain = plain.slice(0, e.at) + blank(e.text) + plain.slice(e.at + e.text.length);
  const tag = /<\/?[A-Za-z][\w:.-]*(?:\s+(?:[^\s"'>=/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?))*\s*\/?>/g;
  let last = 0;
  for (let m = tag.exec(plain); m; m = tag.exec(plain)) {
    keep(plain.slice(last, m.index).replace(/\{\s*\}/g, ' '), last);
    for (const a of m[0].matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      if (READ_ATTRIBUTES.includes(a[1] ?? '')) keep((a[2] ?? a[3] ?? '').replace(/\{\s*\}/g, ' '), m.index);
    }
    last = m.index + m[0].length;
  }
  keep(plain.slice(last).replace(/\{\s*\}/g, ' '), last);
  return found;
}

/** Messages a script hands the user as a literal: `toasts.show('info', 'Saved')`, `` () => `Saved ${x}` ``. */
export function literalMessages(source: string): Literal[] {
  const found: Literal[] = [];
  for (const m of source.matchAll(/\.show\(\s*'\w+'\s*,\s*(?:\(\)\s*=>\s*)?(['"`])((?:\\.|(?!\1)[^\\])*)\1/g)) {
    const words = (m[2] ?? '').replace(/\$\{[^}]*\}/g, ' ');
    if (/\p{L}{2}/u.test(words)) found.push({ line: source.slice(0, m.index).split('\n').length, text: m[2] ?? '' });
  }
  return found;
}

/**
 * Words a script hands the user as a literal right after one of `before` (regular expressions for
 * what precedes the text: a reader's `fail(`, an `explanation: ` property…), instead of reading them
 * from a catalogue. Comments are left out.
 */
export function literalArguments(source: string, before: readonly string[]): Literal[] {
  const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => c.replace(/[^\n]/g, ' '));
  const pattern = new RegExp(`(?:${before.join('|')})\\s*(['"\`])((?:\\\\.|(?!\\1)[^\\\\])*)\\1`, 'g');
  const found: Literal[] = [];
  for (const m of code.matchAll(pattern)) {
    const text = m[2] ?? '';
    if (wordy(text)) found.push({ line: code.slice(0, m.index).split('\n').length, text });
  }
  return found;
}
