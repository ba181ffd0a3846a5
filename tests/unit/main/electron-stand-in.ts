// A stand-in for the 'electron' module, for running the built main bundle and preload under Node.
// Every object is checked against Electron's own declarations (node_modules/electron/electron.d.ts)
// with `satisfies Partial<…>`: a member the real API lacks, or one with another type, fails to
// compile. What the tests drive or read (events to fire, handlers registered, calls made) is kept
// beside the stand-ins, in the `StandIn` record, never on them.
import { EventEmitter } from 'node:events';

type ElectronModule = typeof import('electron');
type ProtocolHandler = Parameters<Electron.Protocol['handle']>[1];
type RequestListener = (details: Electron.OnBeforeRequestListenerDetails, callback: (response: Electron.CallbackResponse) => void) => void;
type PermissionRequestHandler = NonNullable<Parameters<Electron.Session['setPermissionRequestHandler']>[0]>;
type PermissionCheckHandler = NonNullable<Parameters<Electron.Session['setPermissionCheckHandler']>[0]>;
export type InvokeHandler = Parameters<Electron.IpcMain['handle']>[1];
type OpenHandler = Parameters<Electron.WebContents['setWindowOpenHandler']>[0];

/** An event method typed as Electron's own (with all its overloads), backed by a Node emitter. */
function listen<T extends { on: unknown }>(events: EventEmitter, self: () => unknown): T['on'] {
  return ((name: string, listener: (...args: unknown[]) => void) => {
    events.on(name, listener);
    return self();
  }) as T['on'];
}

function listenOnce<T extends { once: unknown }>(events: EventEmitter, self: () => unknown): T['once'] {
  return ((name: string, listener: (...args: unknown[]) => void) => {
    events.once(name, listener);
    return self();
  }) as T['once'];
}

/** An Electron event a test fires: records whether a handler called preventDefault. */
export interface StandInEvent {
  preventDefault(): void;
  defaultPrevented: boolean;
}

export function event(): StandInEvent {
  const e = {
    defaultPrevented: false as boolean,
    preventDefault: () => {
      e.defaultPrevented = true;
    },
  } satisfies Partial<Electron.Event>;
  return e;
}

export interface StandInFrame {
  url: string;
  frame: Electron.WebFrameMain;
}

let nextId = 1;

function frame(url: () => string, parent: Electron.WebFrameMain | null): Electron.WebFrameMain {
  const routingId = nextId++;
  const f = {
    get url() {
      return url();
    },
    parent,
    top: parent ?? null,
    processId: 7,
    routingId,
  } satisfies Partial<Electron.WebFrameMain>;
  return f as unknown as Electron.WebFrameMain;
}

/** One BrowserWindow, and what the tests read and fire on it. */
export interface StandInWindow {
  window: Electron.BrowserWindow;
  options: Electron.BrowserWindowConstructorOptions;
  mainFrame: Electron.WebFrameMain;
  /** a frame inside the page (an iframe), showing `url` */
  subFrame(url: string): Electron.WebFrameMain;
  /** everything webContents.send sent, in order */
  sent: Array<{ channel: string; payload: unknown }>;
  calls: string[];
  windowOpenHandler(): OpenHandler | null;
  /** fires a BrowserWindow event; returns the event (to read defaultPrevented) */
  fire(name: string, ...args: unknown[]): StandInEvent;
  /** fires a webContents event */
  fireContents(name: string, ...args: unknown[]): StandInEvent;
  state: { url: string; loading: boolean; minimized: boolean; maximized: boolean; destroyed: boolean; bounds: Electron.Rectangle };
}

export interface Dialog {
  kind: 'open' | 'save';
  /** the window it was attached to (null: a free-standing dialog) */
  attached: boolean;
  options: Electron.OpenDialogOptions | Electron.SaveDialogOptions;
  answer(paths: string[] | null): void;
}

/** A message box (dialog.showMessageBox), open until a test calls `answer` with the index of a button. */
export interface MessageBox {
  attached: boolean;
  options: Electron.MessageBoxOptions;
  answer(response: number): void;
}

export interface StandInOptions {
  /** the value of app.getPath('userData') */
  userData: string;
  packaged?: boolean;
  /** whether requestSingleInstanceLock succeeds (another Glose runs when it does not) */
  singleInstance?: boolean;
  /** the work areas of the connected displays */
  displays?: Electron.Rectangle[];
  /** answers every dialog at once (else a dialog stays open until a test calls its `answer`) */
  answerDialogs?: (kind: Dialog['kind']) => string[] | null;
  /** the OS's preferred languages (app.getPreferredSystemLanguages); ['en-US'] when absent */
  languages?: string[];
}

/** The main process's side of the stand-in, and everything the tests observe or drive. */
export interface StandIn {
  module: Partial<ElectronModule>;
  /** resolves app.whenReady() */
  ready(): void;
  fireApp(name: string, ...args: unknown[]): StandInEvent;
  quits: number;
  paths: Map<string, string>;
  privileged: Electron.CustomScheme[];
  protocols: Map<string, ProtocolHandler>;
  requestFilters: RequestListener[];
  permissionRequest: PermissionRequestHandler | null;
  permissionCheck: PermissionCheckHandler | null;
  /** every ipcMain.handle registration, in order (a channel registered twice shows twice) */
  handlers: Array<{ channel: string; handler: InvokeHandler }>;
  windows: StandInWindow[];
  dialogs: Dialog[];
  messageBoxes: MessageBox[];
  menus: Electron.MenuItemConstructorOptions[][];
  applicationMenu: unknown;
  netFetches: string[];
  externalOpened: string[];
}

export function mainStandIn(options: StandInOptions): StandIn {
  const appEvents = new EventEmitter();
  let resolveReady = () => undefined as void;
  const whenReady = new Promise<void>((resolve) => (resolveReady = resolve));
  let isReady = false;
  const s: StandIn = {
    module: {},
    ready: () => {
      isReady = true;
      resolveReady();
    },
    fireApp: (name, ...args) => {
      const e = event();
      appEvents.emit(name, e, ...args);
      return e;
    },
    quits: 0,
    paths: new Map([['userData', options.userData]]),
    privileged: [],
    protocols: new Map(),
    requestFilters: [],
    permissionRequest: null,
    permissionCheck: null,
    handlers: [],
    windows: [],
    dialogs: [],
    messageBoxes: [],
    menus: [],
    applicationMenu: undefined,
    netFetches: [],
    externalOpened: [],
  };

  const app = {
    isPackaged: options.packaged ?? false,
    on: listen<Electron.App>(appEvents, (): unknown => app),
    once: listenOnce<Electron.App>(appEvents, (): unknown => app),
    setPath: (name: string, path: string) => void s.paths.set(name, path),
    getPath: (name: string) => {
      const path = s.paths.get(name);
      if (path === undefined) throw new Error(`the stand-in has no path for ${name}`);
      return path;
    },
    getVersion: () => '0.0.0-stand-in',
    getPreferredSystemLanguages: () => options.languages ?? ['en-US'],
    requestSingleInstanceLock: () => options.singleInstance ?? true,
    whenReady: () => whenReady,
    isReady: () => isReady,
    quit: () => void s.quits++,
  } satisfies Partial<Electron.App>;

  const protocol = {
    registerSchemesAsPrivileged: (schemes: Electron.CustomScheme[]) => void s.privileged.push(...schemes),
    handle: (scheme: string, handler: ProtocolHandler) => {
      if (s.protocols.has(scheme)) throw new Error(`scheme ${scheme} is already handled`);
      s.protocols.set(scheme, handler);
    },
  } satisfies Partial<Electron.Protocol>;

  const webRequest = {
    onBeforeRequest: (a: Electron.WebRequestFilter | RequestListener | null, b?: RequestListener | null) => {
      const listener = typeof a === 'function' ? a : b;
      if (typeof a !== 'function' && a !== null) throw new Error('the stand-in filters every URL: main should not narrow the filter');
      if (listener) s.requestFilters.push(listener);
    },
  } satisfies Partial<Electron.WebRequest>;

  const defaultSession = {
    webRequest: webRequest as unknown as Electron.WebRequest,
    setPermissionRequestHandler: (handler: PermissionRequestHandler | null) => void (s.permissionRequest = handler),
    setPermissionCheckHandler: (handler: PermissionCheckHandler | null) => void (s.permissionCheck = handler),
  } satisfies Partial<Electron.Session>;

  const session = { defaultSession: defaultSession as unknown as Electron.Session } satisfies Partial<ElectronModule['session']>;

  const ipcMain = {
    handle: (channel: string, handler: InvokeHandler) => void s.handlers.push({ channel, handler }),
  } satisfies Partial<Electron.IpcMain>;

  const open = (kind: Dialog['kind'], a: unknown, b: unknown) =>
    new Promise<string[] | null>((resolve) => {
      const attached = b !== undefined;
      s.dialogs.push({ kind, attached, options: (attached ? b : a) as Dialog['options'], answer: resolve });
      if (options.answerDialogs) resolve(options.answerDialogs(kind));
    });
  const dialog = {
    showOpenDialog: async (a: Electron.BaseWindow | Electron.OpenDialogOptions, b?: Electron.OpenDialogOptions): Promise<Electron.OpenDialogReturnValue> => {
      const paths = await open('open', a, b);
      return paths ? { canceled: false, filePaths: paths } : { canceled: true, filePaths: [] };
    },
    showSaveDialog: async (a: Electron.BaseWindow | Electron.SaveDialogOptions, b?: Electron.SaveDialogOptions): Promise<Electron.SaveDialogReturnValue> => {
      const paths = await open('save', a, b);
      return paths?.[0] ? { canceled: false, filePath: paths[0] } : { canceled: true, filePath: '' };
    },
    showMessageBox: (a: Electron.BaseWindow | Electron.MessageBoxOptions, b?: Electron.MessageBoxOptions): Promise<Electron.MessageBoxReturnValue> =>
      new Promise((resolve) => {
        const attached = b !== undefined;
        s.messageBoxes.push({ attached, options: (attached ? b : a) as Electron.MessageBoxOptions, answer: (response) => resolve({ response, checkboxChecked: false }) });
      }),
  } satisfies Partial<Electron.Dialog>;

  const Menu = {
    buildFromTemplate: (template: Array<Electron.MenuItemConstructorOptions | Electron.MenuItem>) => {
      s.menus.push(template as Electron.MenuItemConstructorOptions[]);
      return { items: [] } as unknown as Electron.Menu;
    },
    setApplicationMenu: (menu: Electron.Menu | null) => void (s.applicationMenu = menu),
  } satisfies Partial<ElectronModule['Menu']>;

  const net = {
    fetch: async (input: string | Request): Promise<Response> => {
      s.netFetches.push(typeof input === 'string' ? input : input.url);
      throw new Error('the stand-in has no network');
    },
  } satisfies Partial<Electron.Net>;

  const shell = {
    openExternal: async (url: string) => void s.externalOpened.push(url),
  } satisfies Partial<Electron.Shell>;

  const screen = {
    getAllDisplays: () => (options.displays ?? [{ x: 0, y: 0, width: 1920, height: 1040 }]).map(display),
  } satisfies Partial<Electron.Screen>;

  const BrowserWindow = Object.assign(
    function BrowserWindow(windowOptions: Electron.BrowserWindowConstructorOptions) {
      const w = makeWindow(windowOptions);
      s.windows.push(w);
      s.fireApp('web-contents-created', w.window.webContents);
      return w.window;
    },
    {
      getAllWindows: () => s.windows.filter((w) => !w.state.destroyed).map((w) => w.window),
    } satisfies Partial<ElectronModule['BrowserWindow']>,
  );

  s.module = { app, protocol, session, ipcMain, dialog, Menu, net, shell, screen, BrowserWindow } as unknown as Partial<ElectronModule>;
  return s;
}

function display(workArea: Electron.Rectangle, i: number): Electron.Display {
  return {
    id: i + 1,
    label: `display ${i + 1}`,
    bounds: workArea,
    workArea,
    size: { width: workArea.width, height: workArea.height },
    workAreaSize: { width: workArea.width, height: workArea.height },
    scaleFactor: 1,
    rotation: 0,
    internal: i === 0,
    detected: true,
    monochrome: false,
    colorDepth: 24,
    colorSpace: 'srgb',
    depthPerComponent: 8,
    displayFrequency: 60,
    accelerometerSupport: 'unknown',
    touchSupport: 'unknown',
    maximumCursorSize: { width: 64, height: 64 },
    nativeOrigin: { x: workArea.x, y: workArea.y },
  } satisfies Electron.Display;
}

function makeWindow(options: Electron.BrowserWindowConstructorOptions): StandInWindow {
  const events = new EventEmitter();
  const contentsEvents = new EventEmitter();
  const state: StandInWindow['state'] = {
    url: '',
    loading: true,
    minimized: false,
    maximized: false,
    destroyed: false,
    bounds: { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 },
  };
  const sent: StandInWindow['sent'] = [];
  const calls: string[] = [];
  let openHandler: OpenHandler | null = null;
  const mainFrame = frame(() => state.url, null);

  const webContents = {
    id: nextId++,
    mainFrame,
    send: (channel: string, ...args: unknown[]) => {
      if (state.destroyed) throw new Error('Object has been destroyed');
      sent.push({ channel, payload: args[0] });
    },
    setWindowOpenHandler: (handler: OpenHandler) => void (openHandler = handler),
    on: listen<Electron.WebContents>(contentsEvents, (): unknown => webContents),
    once: listenOnce<Electron.WebContents>(contentsEvents, (): unknown => webContents),
    getURL: () => state.url,
    isLoading: () => state.loading,
    isCrashed: () => false,
  } satisfies Partial<Electron.WebContents>;

  const fire = (emitter: EventEmitter) => (name: string, ...args: unknown[]) => {
    const e = event();
    emitter.emit(name, e, ...args);
    return e;
  };
  const fireWindow = fire(events);

  const window = {
    webContents: webContents as unknown as Electron.WebContents,
    on: listen<Electron.BrowserWindow>(events, (): unknown => window),
    once: listenOnce<Electron.BrowserWindow>(events, (): unknown => window),
    loadURL: async (url: string) => {
      calls.push(`loadURL ${url}`);
      state.url = url;
      state.loading = false;
    },
    show: () => void calls.push('show'),
    focus: () => void calls.push('focus'),
    isMinimized: () => state.minimized,
    restore: () => {
      calls.push('restore');
      state.minimized = false;
    },
    maximize: () => {
      calls.push('maximize');
      state.maximized = true;
    },
    isMaximized: () => state.maximized,
    getNormalBounds: () => state.bounds,
    isDestroyed: () => state.destroyed,
    // as Electron does: 'close' can be prevented; if not, the window is destroyed and 'closed' follows
    close: () => {
      calls.push('close');
      if (state.destroyed) return;
      if (fireWindow('close').defaultPrevented) return;
      state.destroyed = true;
      fireWindow('closed');
    },
  } satisfies Partial<Electron.BrowserWindow>;

  return {
    window: window as unknown as Electron.BrowserWindow,
    options,
    mainFrame,
    subFrame: (url) => frame(() => url, mainFrame),
    sent,
    calls,
    windowOpenHandler: () => openHandler,
    fire: fireWindow,
    fireContents: fire(contentsEvents),
    state,
  };
}

/** The renderer's side, for the preload: what it exposes, what it sends, which Files are real. */
export interface PreloadStandIn {
  module: Partial<ElectronModule>;
  /** what contextBridge.exposeInMainWorld received, by key */
  exposed: Map<string, unknown>;
  /** Files backed by a file on disk, as a drop from the OS gives them; any other File has no path */
  realFiles: WeakMap<File, string>;
  /** delivers an event from main, as webContents.send would */
  emit(channel: string, payload: unknown): void;
  listenerCount(channel: string): number;
}

/** `invoke` plays ipcMain on the other side (the harness's main bundle, or a recorder). */
export function preloadStandIn(invoke: (channel: string, args: unknown[]) => Promise<unknown>): PreloadStandIn {
  const events = new EventEmitter();
  const exposed = new Map<string, unknown>();
  const realFiles = new WeakMap<File, string>();
  const contextBridge = {
    exposeInMainWorld: (key: string, api: unknown) => {
      if (exposed.has(key)) throw new Error(`${key} is already exposed`);
      exposed.set(key, api);
    },
  } satisfies Partial<Electron.ContextBridge>;
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      try {
        return await invoke(channel, args);
      } catch (err) {
        // what Electron makes of an error thrown by a handler in main
        throw new Error(`Error invoking remote method '${channel}': ${String(err)}`);
      }
    },
    on: listen<Electron.IpcRenderer>(events, (): unknown => ipcRenderer),
    removeListener: (channel: string, listener: Parameters<Electron.IpcRenderer['removeListener']>[1]): Electron.IpcRenderer => {
      events.removeListener(channel, listener);
      return ipcRenderer as unknown as Electron.IpcRenderer;
    },
  } satisfies Partial<Electron.IpcRenderer>;
  const webUtils = {
    getPathForFile: (file: File) => {
      // Electron throws for anything that is not a File, and gives '' for a File made in the page
      if (!(file instanceof File)) throw new TypeError('Error processing argument at index 0, conversion failure');
      return realFiles.get(file) ?? '';
    },
  } satisfies Partial<Electron.WebUtils>;
  return {
    module: { contextBridge, ipcRenderer, webUtils } as unknown as Partial<ElectronModule>,
    exposed,
    realFiles,
    emit: (channel, payload) => void events.emit(channel, { sender: ipcRenderer }, payload),
    listenerCount: (channel) => events.listenerCount(channel),
  };
}
