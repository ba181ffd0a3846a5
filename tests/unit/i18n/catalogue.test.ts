// The French and English catalogues hold the same keys (TypeScript checks it at build time; this
// checks the built objects too, with every parameterised message called), and counts, numbers and
// dates come from Intl in the interface language.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localeFor } from '../../../src-main/contract';
import { MAIN_MESSAGES } from '../../../src-main/i18n/messages';
import { en } from '../../../src-renderer/src/lib/i18n/en';
import { fr } from '../../../src-renderer/src/lib/i18n/fr';
import { formatDate, formatDateTime, formatList, formatNumber, plural } from '../../../src-renderer/src/lib/i18n/format';
import { bytes } from '../../../src-renderer/src/lib/text';
import type { SchemaSpec } from '../../../src-main/model';

type Tree = { [key: string]: unknown };

/** Every leaf of a catalogue as "path: kind", a function's kind being its number of parameters. */
function shape(node: unknown, path = ''): string[] {
  if (typeof node === 'function') return [`${path}: function/${node.length}`];
  if (Array.isArray(node)) return [`${path}: array/${node.length}`, ...node.flatMap((v, i) => shape(v, `${path}[${i}]`))];
  if (node && typeof node === 'object') return Object.keys(node as Tree).sort().flatMap((k) => shape((node as Tree)[k], path ? `${path}.${k}` : k));
  return [`${path}: ${typeof node}`];
}

/** What is in one shape and not the other, both ways. */
function difference(a: unknown, b: unknown): { missing: string[]; extra: string[] } {
  const sa = new Set(shape(a));
  const sb = new Set(shape(b));
  return { missing: [...sa].filter((k) => !sb.has(k)), extra: [...sb].filter((k) => !sa.has(k)) };
}

/** Every string a catalogue produces, functions called with sample arguments of the types they take. */
function texts(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (typeof node === 'function') {
    const fn = node as (...args: unknown[]) => unknown;
    const attempts: unknown[][] = [
      Array(fn.length).fill(2),
      Array(fn.length).fill('X'),
      [2, 'X', 2, 2].slice(0, fn.length),
      ['X', 2, 2].slice(0, fn.length),
      // a count with a pair of forms or a list of words
      [2, ['X', 'Y'], 2].slice(0, fn.length),
      [['X', 'Y']],
      [2, 2, ['X', 'Y']],
    ];
    for (const args of attempts) {
      let out: unknown;
      try {
        out = fn(...args);
      } catch {
        continue;
      }
      if (typeof out === 'string' && !out.includes('undefined') && !out.includes('NaN')) return [out];
    }
    return [`<${fn.name}: no argument gave a string>`];
  }
  if (Array.isArray(node)) return node.flatMap(texts);
  if (node && typeof node === 'object') return Object.values(node as Tree).flatMap(texts);
  return [];
}

describe('the catalogues', () => {
  it('French has every English key of the interface, and no other', () => {
    expect(difference(en, fr)).toEqual({ missing: [], extra: [] });
  });

  it('French has every English key of the menu and native dialogs, and no other', () => {
    expect(difference(MAIN_MESSAGES.en, MAIN_MESSAGES.fr)).toEqual({ missing: [], extra: [] });
  });

  it('finds a key missing from one side (the check above cannot pass by looking at nothing)', () => {
    const cut: Tree = { ...en, toolbar: { ...en.toolbar } };
    delete (cut['toolbar'] as Tree)['undo'];
    expect(difference(en, cut).missing).toEqual(['toolbar.undo: string']);
    expect(difference(cut, en).extra).toEqual(['toolbar.undo: string']);
  });

  it('gives a non-empty string for every message, in both languages', () => {
    for (const catalogue of [en, fr, MAIN_MESSAGES.en, MAIN_MESSAGES.fr]) {
      for (const text of texts(catalogue)) expect(text.trim(), text).not.toBe('');
      expect(texts(catalogue).filter((s) => s.startsWith('<'))).toEqual([]);
    }
  });

  it('follows French typography: a non-breaking space before : ; ? ! and inside « »', () => {
    const bad = texts(fr)
      .concat(texts(MAIN_MESSAGES.fr))
      // ":" inside a URL or a time is not punctuation, nor is the ? key named in a sentence
      .filter((s) => /[^\u00a0\u202f][;?!]|[^\u00a0\u202f\d/]:(?!\/\/)|«[^\u00a0\u202f]|[^\u00a0\u202f]»/.test(s.replace(/https?:\/\/\S+/g, '').replace(/^[?!]$| \? /g, ' ')));
    expect(bad).toEqual([]);
    expect(texts(fr).filter((s) => s.includes("'"))).toEqual([]);
  });
});

describe('counts, numbers and dates from Intl', () => {
  it('uses each language’s plural rules: 0 and 1 are singular in French, only 1 in English', () => {
    expect(en.counts.documents(0)).toBe('0 documents');
    expect(en.counts.documents(1)).toBe('1 document');
    expect(fr.counts.documents(0)).toBe('0 document');
    expect(fr.counts.documents(1)).toBe('1 document');
    expect(fr.counts.files(2)).toBe('2 fichiers');
    expect(plural('fr', 1.5, { one: '# heure', other: '# heures' })).toBe('1,5 heure');
  });

  it('groups and separates numbers as each language does', () => {
    expect(formatNumber('en', 1234567.5)).toBe('1,234,567.5');
    expect(formatNumber('fr', 1234567.5)).toBe('1\u202f234\u202f567,5');
    expect(en.counts.spans(2500)).toBe('2,500 spans');
    expect(fr.counts.spans(2500)).toBe('2\u202f500 annotations');
    expect(bytes(1536, 'fr')).toBe('1,5 ko');
    expect(bytes(1536)).toBe('1.5 KB');
    expect(bytes(512, 'fr')).toBe('512 octets');
  });

  it('writes dates as people read them, not as ISO strings', () => {
    const when = new Date(2026, 10, 27, 14, 58);
    expect(formatDateTime('fr', when)).toBe('27 nov. 2026, 14:58');
    expect(formatDateTime('en', when)).toBe('27 Nov 2026, 14:58');
    expect(formatDate('fr', when)).toBe('27 nov. 2026');
    expect(formatList('fr', ['a', 'b', 'c'])).toBe('a, b et c');
  });

  it('starts in French for any French system language, in English otherwise', () => {
    expect(localeFor(['fr-FR', 'en'])).toBe('fr');
    expect(localeFor(['fr'])).toBe('fr');
    expect(localeFor(['fr-CA'])).toBe('fr');
    expect(localeFor(['en-US', 'fr-FR'])).toBe('en');
    expect(localeFor(['de-DE'])).toBe('en');
    expect(localeFor(['fry'])).toBe('en');
    expect(localeFor([])).toBe('en');
  });
});

describe('the label schema templates', () => {
  it('are named and explained in both languages, the English as resources/schemas writes it', () => {
    const dir = join(__dirname, '../../../resources/schemas');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) {
      const spec = JSON.parse(readFileSync(join(dir, file), 'utf8')) as SchemaSpec;
      const id = file.replace(/\.json$/, '');
      const english = en.templates[id];
      const french = fr.templates[id];
      expect(english?.name).toBe(spec.name);
      expect(english?.guidelines).toEqual(Object.fromEntries(spec.labels.map((l) => [l.name, l.description])));
      expect(Object.keys(french?.guidelines ?? {})).toEqual(spec.labels.map((l) => l.name));
      // a word may be the same in both ("Organisations."), a template's guidelines as a whole are not
      const translated = spec.labels.filter((l) => french?.guidelines[l.name] !== l.description);
      expect(translated.length).toBeGreaterThan(spec.labels.length / 2);
      // every category and attribute, its name and its values, has its French word (the English is the file's)
      const terms = [...spec.categories, ...spec.labels.flatMap((l) => l.attributes ?? [])].flatMap((c) => [c.name, ...c.values]);
      expect(terms.filter((w) => french?.terms[w] === undefined), file).toEqual([]);
      expect(Object.entries(english?.terms ?? {}).filter(([k, v]) => k !== v)).toEqual([]);
      expect(Object.keys(english?.terms ?? {}).sort()).toEqual([...new Set(terms)].sort());
    }
  });
});
