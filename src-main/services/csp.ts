import { join, sep } from 'node:path';

// The one Content-Security-Policy, sent as a header by the app protocol and by the e2e bridge.
// No 'unsafe-inline' anywhere. Styles: Svelte 5 sets `style:` directives and `style=` attributes
// through the CSSOM (element.style.setProperty, style.cssText), which CSP does not govern; the reader's
// label rules go in a constructed stylesheet (adoptedStyleSheets), also CSSOM; components' <style>
// blocks are bundled into the app's CSS file. What the policy does block is markup that carries
// style: a <style> element or a style="" attribute parsed from HTML, and Glose writes neither.
// Fonts are files of the app (never inlined as data: URLs: see electron.vite.config.ts).
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

export function mimeFor(path: string): string {
  const dot = path.lastIndexOf('.');
  return MIME[dot >= 0 ? path.slice(dot).toLowerCase() : ''] ?? 'application/octet-stream';
}

/** Resolves a URL path inside the renderer folder; null for anything that would escape it. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = join(root, rel);
  return full.startsWith(root + sep) ? full : null;
}
