// Loads the BUILT app (out/main/index.js, out/preload/index.cjs) under Node with the typed Electron
// stand-in in place of 'electron', and drives it as Electron would: app events, protocol requests,
// the request filter, IPC from a chosen frame, window events. Each load is a fresh module instance.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInThisContext } from 'node:vm';
import { vi } from 'vitest';
import { mainStandIn, preloadStandIn, type PreloadStandIn, type StandIn, type StandInOptions, type StandInWindow } from './electron-stand-in';

/** The build under test (fresh: see fresh-build.ts). */
export const OUT = resolve('out');

export interface MainOptions extends Partial<StandInOptions> {
  /** command-line arguments after the binary (and, unpackaged, the app folder) */
  argv?: string[];
  /** ELECTRON_RENDERER_URL, GLOSE_USER_DATA… as main reads them when it loads */
  env?: Record<string, string>;
  /** another copy of out/ (the packaging test puts one inside a folder named app.asar) */
  out?: string;
  /**
   * Records every path the main bundle hands to node:fs, node:fs/promises, and to its extraction
   * workers (which read files themselves), in the order they were asked for.
   */
  touched?: string[];
}

/** Where an IPC request comes from; the app window's main frame unless told otherwise. */
export interface Sender {
  window?: StandInWindow;
  frame?: Electron.WebFrameMain | null;
}

export interface MainHarness {
  electron: StandIn;
  userData: string;
  /** app.whenReady() resolves: main registers its handlers and opens its window */
  start(): Promise<void>;
  /** the app's window (the first one opened) */
  window(): StandInWindow;
  invoke(channel: string, args?: unknown[], from?: Sender): Promise<unknown>;
  /** a request to the app:// protocol handler */
  request(url: string): Promise<Response>;
  /** whether the session's request filter lets `url` through */
  allowed(url: string): boolean;
  /** quits for good (the final snapshot is skipped) and removes the temporary userData */
  close(): Promise<void>;
}

const MOCKED = ['electron', 'node:fs', 'node:fs/promises', 'node:worker_threads'];
const cleanups: Array<() => Promise<void>> = [];

/** Loads a fresh instance of the main bundle. Call `close()` (or `closeAll()` in afterEach). */
export async function loadMain(options: MainOptions = {}): Promise<MainHarness> {
  const out = options.out ?? OUT;
  const ownUserData = options.userData === undefined;
  const userData = options.userData ?? (await mkdtemp(join(tmpdir(), 'glose-main-')));
  const electron = mainStandIn({ ...options, userData });
  vi.resetModules();
  for (const name of MOCKED) vi.doUnmock(name);
  vi.doMock('electron', () => electron.module);
  if (options.touched) recordPaths(options.touched);

  const argv = process.argv;
  const env = { ...process.env };
  process.argv = [process.execPath, ...(options.packaged ? [] : [out]), ...(options.argv ?? [])];
  delete process.env['ELECTRON_RENDERER_URL'];
  delete process.env['GLOSE_USER_DATA'];
  Object.assign(process.env, options.env ?? {});
  try {
    await import(join(out, 'main', 'index.js'));
  } finally {
    process.argv = argv;
    for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
    Object.assign(process.env, env);
  }

  const harness: MainHarness = {
    electron,
    userData,
    start: async () => {
      electron.ready();
      // start() runs in the microtask after whenReady(), and does not wait for anything
      await new Promise((r) => setImmediate(r));
    },
    window: () => {
      const w = electron.windows[0];
      if (!w) throw new Error('main opened no window');
      return w;
    },
    invoke: async (channel, args = [], from = {}) => {
      const registered = electron.handlers.filter((h) => h.channel === channel);
      if (registered.length !== 1) throw new Error(`${channel} is registered ${registered.length} times`);
      const w = from.window ?? harness.window();
      const frame = from.frame === undefined ? w.mainFrame : from.frame;
      const event = { sender: w.window.webContents, senderFrame: frame, processId: 7, frameId: frame?.routingId ?? -1 } satisfies Partial<Electron.IpcMainInvokeEvent>;
      return (registered[0] as { handler: (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => unknown }).handler(event as unknown as Electron.IpcMainInvokeEvent, ...args);
    },
    request: async (url) => {
      const handler = electron.protocols.get(new URL(url).protocol.slice(0, -1));
      if (!handler) throw new Error(`no handler for ${url}`);
      return handler(new Request(url));
    },
    allowed: (url) => {
      if (electron.requestFilters.length !== 1) throw new Error(`${electron.requestFilters.length} request filters registered`);
      let cancel: boolean | undefined;
      const details = { id: 1, url, method: 'GET', resourceType: 'xhr', referrer: '', timestamp: 0, uploadData: [] } satisfies Partial<Electron.OnBeforeRequestListenerDetails>;
      (electron.requestFilters[0] as (d: Electron.OnBeforeRequestListenerDetails, cb: (r: Electron.CallbackResponse) => void) => void)(
        details as unknown as Electron.OnBeforeRequestListenerDetails,
        (res) => (cancel = res.cancel ?? false),
      );
      if (cancel === undefined) throw new Error(`the request filter did not answer for ${url}`);
      return !cancel;
    },
    close: async () => {
      // will-quit disposes of the extraction workers
      electron.fireApp('will-quit');
      await new Promise((r) => setImmediate(r));
      // a window-state save may still be landing in it
      if (ownUserData) await rm(userData, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    },
  };
  cleanups.push(harness.close);
  return harness;
}

/** Closes every harness loaded since the last call. */
export async function closeAll(): Promise<void> {
  for (const close of cleanups.splice(0)) await close();
  for (const name of MOCKED) vi.doUnmock(name);
}

/** Wraps the file-system modules and the Worker class so that every path main names is recorded. */
function recordPaths(touched: string[]): void {
  const note = (arg: unknown) => {
    if (typeof arg === 'string') touched.push(resolve(arg));
    else if (arg instanceof URL && arg.protocol === 'file:') touched.push(arg.pathname);
  };
  const wrap = <M extends object>(real: M): M =>
    Object.fromEntries(
      Object.entries(real).map(([key, value]) => [
        key,
        typeof value === 'function' && /^[a-z]/.test(key)
          ? (...args: unknown[]) => {
              note(args[0]);
              // rename, copyFile, symlink… name a second path
              if (/^(rename|copyFile|cp|link|symlink)/.test(key)) note(args[1]);
              return (value as (...a: unknown[]) => unknown)(...args);
            }
          : value,
      ]),
    ) as M;
  vi.doMock('node:fs/promises', async (importOriginal) => wrap(await importOriginal<object>()));
  vi.doMock('node:fs', async (importOriginal) => wrap(await importOriginal<object>()));
  vi.doMock('node:worker_threads', async (importOriginal) => {
    const real = await importOriginal<typeof import('node:worker_threads')>();
    class RecordingWorker extends real.Worker {
      constructor(filename: string | URL, options?: import('node:worker_threads').WorkerOptions) {
        note(filename);
        super(filename, options);
      }
      override postMessage(message: unknown, transfer?: readonly import('node:worker_threads').TransferListItem[]): void {
        if (typeof message === 'object' && message !== null && 'path' in message) note((message as { path: unknown }).path);
        super.postMessage(message, transfer);
      }
    }
    return { ...real, Worker: RecordingWorker };
  });
}

/**
 * Runs the built preload as Electron runs a sandboxed one: a CommonJS function whose `require` gives
 * 'electron' (the stand-in) and nothing else. `invoke` plays main (e.g. a MainHarness's invoke).
 */
export async function loadPreload(invoke: (channel: string, args: unknown[]) => Promise<unknown>, out = OUT): Promise<PreloadStandIn & { required: string[] }> {
  const electron = preloadStandIn(invoke);
  const required: string[] = [];
  const code = await readFile(join(out, 'preload', 'index.cjs'), 'utf8');
  const run = runInThisContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, { filename: 'out/preload/index.cjs' }) as (
    exports: object,
    require: (name: string) => unknown,
    module: { exports: object },
    filename: string,
    dirname: string,
  ) => void;
  const module = { exports: {} };
  run(
    module.exports,
    (name) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron.module;
    },
    module,
    join(out, 'preload', 'index.cjs'),
    join(out, 'preload'),
  );
  return { ...electron, required };
}
