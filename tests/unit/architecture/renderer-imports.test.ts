// The renderer's layers, read from its import lines: no circle among the state classes (or anywhere
// in the renderer), and Dexie only inside src/db. eslint checks which folder may import which;
// circles it cannot see (import/no-cycle is not installed), so they are found here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SRC = join(ROOT, 'src-renderer/src');
const ALIASES: Record<string, string> = { $lib: 'lib', $db: 'db', $state: 'state', $reader: 'reader', $components: 'components' };

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|svelte)$/.test(e.name) ? [join(dir, e.name)] : []));
}

/** Every module specifier a file imports (type-only imports too: a circle of types is a tangle all the same). */
function specifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm)) out.push((m[1] ?? m[2]) as string);
  return out;
}

/** The renderer file an import names, or null for a package, src-main or a resource. */
function target(from: string, spec: string, known: ReadonlySet<string>): string | null {
  const alias = Object.keys(ALIASES).find((a) => spec === a || spec.startsWith(`${a}/`));
  const base = alias ? join(SRC, ALIASES[alias] as string, spec.slice(alias.length + 1)) : spec.startsWith('.') ? resolve(dirname(from), spec) : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) if (known.has(candidate)) return candidate;
  return null;
}

function graph(): Map<string, string[]> {
  const all = files(SRC);
  const known = new Set(all);
  return new Map(all.map((f) => [f, specifiers(readFileSync(f, 'utf8')).flatMap((s) => target(f, s, known) ?? [])]));
}

/** The circles of a graph, each as the path that closes it. */
function circles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of edges.keys()) if (!state.has(node)) visit(node);
  return found;
}

describe('the renderer imports', () => {
  it('finds circles, and no file is read as importing nothing by mistake', () => {
    expect(circles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c', 'a']]);
    expect(circles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
    expect(specifiers("import type { A } from '$state/a.svelte';\nimport './x.css';\nexport { b } from './b';")).toEqual(['$state/a.svelte', './x.css', './b']);
    const edges = graph();
    const workspace = edges.get(join(SRC, 'state/workspace.svelte.ts')) ?? [];
    expect(workspace.map((f) => relative(SRC, f))).toContain('state/editor.svelte.ts');
  });

  it('have no circles: state classes depend one way (state/ first, then the whole renderer)', () => {
    const edges = graph();
    const name = (c: string[]) => c.map((f) => relative(SRC, f)).join(' → ');
    const inState = new Map([...edges].filter(([f]) => f.startsWith(join(SRC, 'state/'))));
    expect(circles(inState).map(name)).toEqual([]);
    expect(circles(edges).map(name)).toEqual([]);
  });

  it('import Dexie only in src/db', () => {
    const users = files(SRC).filter((f) => specifiers(readFileSync(f, 'utf8')).some((s) => s === 'dexie' || s.startsWith('dexie/')));
    expect(users.length).toBeGreaterThan(0);
    expect(users.filter((f) => !f.startsWith(join(SRC, 'db/'))).map((f) => relative(SRC, f))).toEqual([]);
  });
});
