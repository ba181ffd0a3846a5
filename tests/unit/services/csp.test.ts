// The app protocol's file lookup (src-main/services/csp.ts): a URL path maps to a file inside the
// renderer folder, the root to index.html, and anything that would leave the folder to nothing. The
// main-bundle test (tests/unit/main/protocol.test.ts) checks the same through the built app; this one
// runs on the sources, where the mutation runs see it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP, mimeFor, resolveStatic } from '../../../src-main/services/csp';

const ROOT = join('/srv', 'glose', 'renderer');

describe('resolveStatic', () => {
  it('gives index.html for the root, with or without its slash', () => {
    expect(resolveStatic(ROOT, '/')).toBe(join(ROOT, 'index.html'));
    expect(resolveStatic(ROOT, '')).toBe(join(ROOT, 'index.html'));
  });

  it('gives the file a path names, however many slashes lead it, and keeps the slashes inside it', () => {
    expect(resolveStatic(ROOT, '/assets/app.js')).toBe(join(ROOT, 'assets', 'app.js'));
    expect(resolveStatic(ROOT, '///assets/app.js')).toBe(join(ROOT, 'assets', 'app.js'));
    expect(resolveStatic(ROOT, 'assets/app.js')).toBe(join(ROOT, 'assets', 'app.js'));
    expect(resolveStatic(ROOT, '/index.html')).toBe(join(ROOT, 'index.html'));
    expect(resolveStatic(ROOT, '/a%20b.css')).toBe(join(ROOT, 'a b.css'));
  });

  it('refuses every way out of the folder, a NUL and a broken escape', () => {
    for (const path of ['/..', '/../secret', '/assets/../../secret', '/%2e%2e/secret', '/%2E%2E%2Fsecret', '/..%2f..%2fetc/passwd', '/../renderer-other/x', '/../renderer']) {
      expect(resolveStatic(ROOT, path), path).toBeNull();
    }
    expect(resolveStatic(ROOT, '/index.html%00.js')).toBeNull();
    expect(resolveStatic(ROOT, '/%E0%A4%A')).toBeNull();
  });
});

describe('mimeFor and the policy', () => {
  it('types each built file by its extension, in any case, and anything else as bytes', () => {
    expect(mimeFor('a/index.HTML')).toBe('text/html; charset=utf-8');
    expect(mimeFor('x.mjs')).toBe('text/javascript; charset=utf-8');
    expect(mimeFor('x.json')).toBe('application/json');
    expect(mimeFor('x.ttf')).toBe('font/ttf');
    expect(mimeFor('README')).toBe('application/octet-stream');
    expect(mimeFor('x.exe')).toBe('application/octet-stream');
  });

  it('allows no inline script or style', () => {
    expect(CSP).toContain("script-src 'self';");
    expect(CSP).not.toContain('unsafe');
  });
});
