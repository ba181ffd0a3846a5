// Electron lifecycle: the app:// protocol, the one window, security policy, IPC and the menu.
import { app, BrowserWindow, dialog, Menu, protocol, session } from 'electron';
import { readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localeFor, type Locale, type MenuCommand } from '../contract';
import { MAIN_MESSAGES } from '../i18n/messages';
import { createApi, type Api } from '../services/api';
import { isPermissionAllowed, isRequestAllowed, originOf, WEB_PREFERENCES } from '../services/policy';
import { Importer } from '../services/importer';
import { CSP, mimeFor, resolveStatic } from '../services/csp';
import { isTrustedSender, registerIpc, send } from './ipc';
import { buildMenu } from './menu';
import { loadWindowState, trackWindowState } from './window-state';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererRoot = join(here, '../renderer');
// The origin is fixed for good: IndexedDB is keyed by it, so changing it would orphan every database.
const APP_ORIGIN = 'app://glose';
const devUrl = process.env['ELECTRON_RENDERER_URL'];
const appUrl = devUrl ?? `${APP_ORIGIN}/index.html`;
const trustedOrigin = originOf(appUrl);
/** The renderer gets this long to write its final snapshot when Glose quits. */
const FINAL_SNAPSHOT_TIMEOUT_MS = 15_000;

const IMPORT_EXTENSIONS = ['txt', 'text', 'md', 'markdown', 'html', 'htm', 'docx', 'pdf', 'odt', 'epub', 'jsonl', 'json', 'jsonld', 'conll', 'ann', 'tsv', 'zip'];

// Tests and portable setups give each profile its own folder; set before anything reads userData.
const userDataOverride = process.env['GLOSE_USER_DATA'];
if (userDataOverride) app.setPath('userData', userDataOverride);

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let mainWindow: BrowserWindow | null = null;
let api: Api | null = null;
/** 'idle' until a quit or a window close asks for the final snapshot; 'done' once written (or timed out) */
let finalSnapshot: 'idle' | 'running' | 'done' = 'idle';
/** what was held for the final snapshot (a quit, a window closing), to carry on with once it is written; once each */
const afterFinalSnapshot = new Map<'quit' | 'close', () => void>();
/**
 * Files from command lines and the OS, held here until the renderer asks to import them: the page
 * hears that files wait ('import:waiting'), never which.
 */
const pendingPaths: string[] = filesFromArgv(process.argv, process.cwd());

function holdForImport(paths: string[]): void {
  if (paths.length === 0) return;
  pendingPaths.push(...paths);
  send(mainWindow, 'import:waiting', { count: pendingPaths.length });
}

// macOS hands over files opened from the Finder or the Dock as events, not as arguments.
app.on('open-file', (event, path) => {
  event.preventDefault();
  holdForImport([path]);
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    holdForImport(filesFromArgv(argv, workingDirectory));
    if (!mainWindow) {
      // macOS keeps running with no window: a new one imports what waits when it starts
      if (app.isReady()) createWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  void app.whenReady().then(start);
}

function filesFromArgv(argv: string[], cwd: string): string[] {
  // argv[0] is the binary; in development argv[1] is the app folder. Flags are not files. Relative
  // paths are relative to where that command was typed (a second launch's own folder).
  const rest = argv.slice(app.isPackaged ? 1 : 2);
  return rest.filter((a) => !a.startsWith('-') && a !== '.').map((a) => resolve(cwd, a));
}

/** Worker threads cannot load scripts from inside the ASAR archive: packaged, the worker is unpacked beside it. */
function unpacked(path: string): string {
  return app.isPackaged ? path.replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`) : path;
}

function showOpenDialog(options: Electron.OpenDialogOptions): Promise<Electron.OpenDialogReturnValue> {
  return mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options);
}

/** The interface language: the OS's until the renderer says which the user chose. */
let locale: Locale = 'en';
const words = () => MAIN_MESSAGES[locale].dialog;

async function start(): Promise<void> {
  locale = localeFor(app.getPreferredSystemLanguages());
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'glose' ? resolveStatic(rendererRoot, url.pathname) : null;
    // Read from disk here, not through net.fetch(file://…): the request filter below cancels every
    // URL outside the app, and Electron versions differ on whether such fetches pass through it.
    const body = file ? await readFile(file).catch(() => null) : null;
    if (!file || !body) return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    return new Response(body, {
      headers: { 'content-type': mimeFor(file), 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' },
    });
  });

  // No web permission (camera, notifications, geolocation…) is ever needed, except persistent storage.
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(isPermissionAllowed(permission, details.requestingUrl, trustedOrigin)),
  );
  session.defaultSession.setPermissionCheckHandler((_wc, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin, trustedOrigin));
  // Nothing leaves the machine: any request outside the app (or, in development, its dev server) is cancelled.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isRequestAllowed(details.url, APP_ORIGIN, devUrl) }));

  const importer = new Importer({ workerPath: unpacked(join(here, 'extract-worker.js')) });
  api = createApi(
    {
      version: app.getVersion(),
      takePendingPaths: () => pendingPaths.splice(0),
      pickImportPaths: async (folders) => {
        // Windows and Linux dialogs pick files or folders, not both: Import Folder… asks for folders
        const res = await showOpenDialog(
          folders
            ? { title: words().importFolders, properties: ['openDirectory', 'multiSelections'] }
            : {
                title: words().importDocuments,
                properties: ['openFile', 'multiSelections'],
                filters: [
                  { name: words().documentsFilter, extensions: IMPORT_EXTENSIONS },
                  { name: words().allFiles, extensions: ['*'] },
                ],
              },
        );
        return res.canceled ? null : res.filePaths;
      },
      pickFile: async (title, extensions) => {
        const res = await showOpenDialog({ title, properties: ['openFile'], filters: [{ name: title, extensions }, { name: words().allFiles, extensions: ['*'] }] });
        return res.canceled ? null : (res.filePaths[0] ?? null);
      },
      pickSavePath: async (defaultName, title) => {
        const opts: Electron.SaveDialogOptions = { title: title ?? words().export, defaultPath: defaultName };
        const res = mainWindow ? await dialog.showSaveDialog(mainWindow, opts) : await dialog.showSaveDialog(opts);
        return res.canceled || !res.filePath ? null : res.filePath;
      },
      sendProgress: (p) => send(mainWindow, 'import:progress', p),
      userData: app.getPath('userData'),
      pickFolder: async (title) => {
        const res = await showOpenDialog({ title, properties: ['openDirectory', 'createDirectory'] });
        return res.canceled ? null : (res.filePaths[0] ?? null);
      },
      requestSnapshot: () => send(mainWindow, 'backup:request', { reason: 'quit' }),
      locale,
      localeChanged: (next) => {
        locale = next;
        setMenu();
      },
      confirmBackend: async (url) => {
        const opts: Electron.MessageBoxOptions = {
          type: 'question',
          title: words().modelTitle,
          message: words().modelQuestion(originOf(url)),
          detail: words().modelDetail(url),
          buttons: [words().modelSend, words().modelDontSend],
          defaultId: 1,
          cancelId: 1,
          noLink: true,
        };
        const res = mainWindow ? await dialog.showMessageBox(mainWindow, opts) : await dialog.showMessageBox(opts);
        return res.response === 0;
      },
    },
    importer,
  );
  registerIpc(api, (event) => isTrustedSender(event, mainWindow, trustedOrigin));
  app.on('before-quit', (event) => holdForFinalSnapshot(event, 'quit', () => app.quit()));
  app.on('will-quit', () => void api?.dispose());

  setMenu();

  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

function setMenu(): void {
  const forward = (cmd: MenuCommand) => send(mainWindow, 'menu:command', cmd);
  Menu.setApplicationMenu(buildMenu(forward, { devTools: !app.isPackaged, words: MAIN_MESSAGES[locale].menu }));
}

/**
 * Quitting or closing the window waits for the renderer's final snapshot: the event is held, the
 * renderer asked, and `resume` runs once it has answered (or the timeout has passed). A page still
 * loading or crashed has nothing to add, so it is not waited for.
 */
function holdForFinalSnapshot(event: Electron.Event, held: 'quit' | 'close', resume: () => void): void {
  const win = mainWindow;
  if (finalSnapshot === 'done' || !api || !win || win.isDestroyed() || win.webContents.isLoading() || win.webContents.isCrashed()) return;
  event.preventDefault();
  afterFinalSnapshot.set(held, resume);
  if (finalSnapshot === 'running') return;
  finalSnapshot = 'running';
  void api.finalSnapshot(FINAL_SNAPSHOT_TIMEOUT_MS).finally(() => {
    finalSnapshot = 'done';
    const next = [...afterFinalSnapshot.values()];
    afterFinalSnapshot.clear();
    for (const resume of next) resume();
  });
}

function createWindow(): void {
  const userData = app.getPath('userData');
  const state = loadWindowState(userData);
  const win = new BrowserWindow({
    ...(state.centered ? { width: state.bounds.width, height: state.bounds.height } : state.bounds),
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'Glose',
    backgroundColor: '#f7f5f0',
    // DevTools only where the app runs from its sources: a packaged build has none to open
    webPreferences: { preload: join(here, '../preload/index.cjs'), ...WEB_PREFERENCES, devTools: !app.isPackaged },
  });
  mainWindow = win;
  finalSnapshot = 'idle';
  win.on('close', (event) => holdForFinalSnapshot(event, 'close', () => !win.isDestroyed() && win.close()));
  if (state.maximized) win.maximize();
  trackWindowState(win, userData);

  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    // The app is a single page: every navigation away from it is refused.
    if (originOf(url) !== trustedOrigin || url !== win.webContents.getURL()) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(appUrl);
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Any other web contents (a devtools-opened page, say) gets the same refusals.
app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
