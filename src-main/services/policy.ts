// The shell's security decisions as plain data and functions, so each has a unit test: the window's
// web preferences, which origin is the app's, which requests may go out, which links may leave for the
// system browser, which web permission the page may have.

/**
 * The window's web preferences (the preload path is added by the shell): the page is isolated from the
 * preload, sandboxed, without Node, and cannot load insecure content, webviews or another origin's code.
 */
export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
} as const;

/** Node's URL gives "null" as the origin of custom schemes; Chromium gives scheme://host. */
export function originOf(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'app:' ? `app://${u.host}` : u.origin;
  } catch {
    return 'null';
  }
}

/**
 * A link Glose may hand to the system browser: http or https, with a host, no user name or password
 * in it (a classic way to disguise where a link goes), and no characters a URL should not contain.
 */
export function isSafeExternalUrl(url: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (url.length > 2048 || /[\s\x00-\x1f\x7f\\]/.test(url)) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.length > 0 && u.username === '' && u.password === '';
}

/**
 * The only web permission the page gets is persistent storage (navigator.storage.persist(): the
 * database is not evicted under disk pressure), and only for the app's own origin. Electron names it
 * "persistent-storage"; camera, notifications, geolocation and the rest are refused.
 */
export function isPermissionAllowed(permission: string, requestingOrigin: string, trustedOrigin: string): boolean {
  return permission === 'persistent-storage' && originOf(requestingOrigin) === trustedOrigin;
}

/**
 * The request filter: the app's own files (`appOrigin`), and in development the dev server's page,
 * modules and hot-reload websocket (same host and port, ws: beside http:); data: URLs (the CSP allows
 * them for images) and the DevTools front end. Everything else is cancelled, file: URLs included.
 */
export function isRequestAllowed(url: string, appOrigin: string, devServer?: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'data:' || u.protocol === 'devtools:') return true;
  if (originOf(url) === appOrigin && u.username === '' && u.password === '') return true;
  if (!devServer) return false;
  const dev = new URL(devServer);
  const socket = dev.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.host === dev.host && (u.protocol === dev.protocol || u.protocol === socket);
}
