// The built main bundle serves the app: app://glose gives index.html and every built asset, with the
// app's CSP and the right MIME type, read from out/renderer itself; it refuses every way out of that
// folder and every other host. The session's request filter lets the app through and nothing else.
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, loadMain, OUT } from './harness';

/** The policy the app serves, word for word: a change to it must change this test too. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'; frame-ancestors 'none'";

/** The MIME type each kind of built file must be served with (a new kind must be added here). */
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

const RENDERER = join(OUT, 'renderer');

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

afterEach(closeAll);

describe('the app:// protocol, on the built bundle', () => {
  let assets: string[];
  beforeAll(async () => {
    assets = await filesUnder(RENDERER);
  });

  it('registers app: as a standard, secure scheme before the app is ready, and handles it once ready', async () => {
    const h = await loadMain();
    expect(h.electron.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(h.electron.protocols.size).toBe(0);
    await h.start();
    expect([...h.electron.protocols.keys()]).toEqual(['app']);
    expect(h.window().calls).toContain('loadURL app://glose/index.html');
  });

  it('serves index.html and every built asset, byte for byte, with the CSP and the right MIME type', async () => {
    const touched: string[] = [];
    const h = await loadMain({ touched });
    await h.start();
    touched.length = 0;
    expect(assets.length).toBeGreaterThan(10);
    for (const url of ['app://glose/', 'app://glose/index.html']) {
      const res = await h.request(url);
      expect(res.status, url).toBe(200);
      const html = await res.text();
      expect(html).toBe(await readFile(join(RENDERER, 'index.html'), 'utf8'));
      expect(res.headers.get('content-security-policy')).toBe(CSP);
      // the page's own meta policy says the same, less frame-ancestors (which a meta tag cannot carry)
      expect(html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]*)"/)?.[1]).toBe(CSP.replace("; frame-ancestors 'none'", ''));
    }
    for (const file of assets) {
      const url = `app://glose/${relative(RENDERER, file).split(sep).join('/')}`;
      const expected = MIME[extname(file)];
      expect(expected, `no MIME type is expected for ${extname(file)} files (${url}): add one`).toBeDefined();
      const res = await h.request(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type'), url).toBe(expected);
      expect(res.headers.get('content-security-policy'), url).toBe(CSP);
      expect(res.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(Buffer.from(await res.arrayBuffer()).equals(await readFile(file)), url).toBe(true);
    }
    // read from the folder itself: nothing went through net.fetch (which the request filter may cancel)
    expect(h.electron.netFetches).toEqual([]);
    expect(touched.filter((p) => !p.startsWith(RENDERER + sep))).toEqual([]);
  });

  it.each([
    'app://glose/../main/index.js',
    'app://glose/%2e%2e/main/index.js',
    'app://glose/%2E%2E/%2E%2E/package.json',
    'app://glose/..%2fmain%2findex.js',
    'app://glose/%2e%2e%2fmain%2findex.js',
    'app://glose/assets/..%2f..%2fmain%2findex.js',
    'app://glose/..%5cmain%5cindex.js',
    'app://glose/%2fetc%2fpasswd',
    'app://glose//etc/passwd',
    'app://glose/index.html%00.js',
    'app://glose/%ff',
    'app://glose/assets',
    'app://glose/missing.js',
    'app://evil/index.html',
    'app://glose.evil.example/index.html',
    'app://GLOSE/index.html',
  ])('refuses %s, reading nothing outside out/renderer', async (url) => {
    const touched: string[] = [];
    const h = await loadMain({ touched });
    await h.start();
    touched.length = 0;
    const res = await h.request(url);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(await res.text()).toBe('not found');
    expect(touched.filter((p) => !p.startsWith(RENDERER + sep))).toEqual([]);
  });
});

describe('the request filter, on the built bundle', () => {
  it('lets the app, data: images and DevTools through, and cancels everything else', async () => {
    const h = await loadMain();
    await h.start();
    for (const url of ['app://glose/index.html', 'app://glose/assets/index.js', 'data:image/png;base64,iVBORw0KGgo=', 'devtools://devtools/bundled/devtools_app.html']) {
      expect(h.allowed(url), url).toBe(true);
    }
    for (const url of [
      'https://example.org/',
      'http://127.0.0.1:8080/',
      'http://localhost:5173/',
      'ws://localhost:5173/',
      // what net.fetch(file://…) of the app's own files would ask for: cancelled, hence the files are read directly
      pathToFileURL(join(RENDERER, 'index.html')).toString(),
      'file:///etc/passwd',
      'app://evil/index.html',
      'app://glose.evil.example/index.html',
      'app://user:pass@glose/index.html',
      'blob:app://glose/1234',
      'chrome-extension://abc/x.js',
      'ftp://example.org/',
      'not a url',
    ]) {
      expect(h.allowed(url), url).toBe(false);
    }
  });

  it('in development, lets Vite’s dev server and its websocket through, and nothing else', async () => {
    const h = await loadMain({ env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } });
    await h.start();
    expect(h.window().calls).toContain('loadURL http://localhost:5173');
    expect(h.electron.protocols.has('app')).toBe(true);
    for (const url of ['http://localhost:5173/', 'http://localhost:5173/@vite/client', 'http://localhost:5173/src/main.ts?t=1', 'ws://localhost:5173/?token=abc', 'app://glose/index.html']) {
      expect(h.allowed(url), url).toBe(true);
    }
    for (const url of ['http://localhost:5174/', 'ws://localhost:5174/', 'wss://localhost:5173/', 'https://localhost:5173/', 'http://127.0.0.1:5173/', 'https://example.org/', 'ws://example.org/']) {
      expect(h.allowed(url), url).toBe(false);
    }
  });
});
