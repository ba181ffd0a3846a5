// Playwright fixtures: each test gets its own profile and a launched Glose, on whichever target exists.
import { test as base, expect, _electron, chromium, type BrowserContext, type ElectronApplication, type JSHandle, type Page } from '@playwright/test';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeServer } from './bridge/server';
import { installBridge } from './bridge/client';
import { CHROMIUM_FLAGS, pickTarget, type Target } from './target';
import { INVOKERS, type MenuCommand } from '../../src-main/contract';

export interface GloseApp {
  readonly target: Target['kind'];
  page: Page;
  /** a folder for this test's files (removed afterwards) */
  readonly dir: string;
  /** the app's data folder (Electron's userData): automatic backups go to its "backups" folder */
  readonly userData: string;
  stubOpenDialog(paths: string[] | null): Promise<void>;
  stubSaveDialog(path: string | null): Promise<void>;
  /** the user's answer to the next "Send documents to …?" message box (the model served by the user); the bridge answers "Don't send" unless stubbed */
  stubConfirm(send: boolean): Promise<void>;
  /**
   * Files on disk as a file manager drags them: a DataTransfer holding their File objects, to dispatch
   * as 'dragover' and 'drop' (the page never learns their paths; the preload, or the bridge, does).
   */
  fileDrag(paths: string[]): Promise<JSHandle<DataTransfer>>;
  /** Files given to the running app by the OS or a second launch's command line. */
  openFiles(paths: string[]): Promise<void>;
  /** the native menu sending a command */
  menu(command: MenuCommand): Promise<void>;
  /**
   * Quits (the page writes its final snapshot, as on any quit) and starts again on the same profile.
   * With `ready: false` it does not wait for the workspace to open (a database that fails to open).
   */
  restart(options?: { ready?: boolean }): Promise<void>;
  /** Kills the app's main process at once (SIGKILL): no quit handler runs. restart() starts it again. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

/** The renderer gets this long to write its final snapshot when a test quits the app. */
const QUIT_SNAPSHOT_TIMEOUT_MS = 5_000;

const target = pickTarget();

async function waitReady(page: Page): Promise<void> {
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
}

class ChromiumApp implements GloseApp {
  readonly target = 'chromium' as const;
  page!: Page;
  private context: BrowserContext | null = null;
  private readonly bridge: BridgeServer;
  readonly userData: string;
  /** the browser process of the running context, found at launch so that kill() is immediate */
  private pid = 0;

  constructor(
    readonly dir: string,
    private readonly executable: string,
    private readonly osLocale: string,
  ) {
    this.userData = join(dir, 'userdata');
    this.bridge = new BridgeServer(this.userData);
  }

  async launch(ready = true): Promise<void> {
    if (!this.bridge.url) await this.bridge.start();
    this.context = await chromium.launchPersistentContext(join(this.dir, 'profile'), {
      executablePath: this.executable,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1280, height: 820 },
      locale: this.osLocale,
    });
    this.pid = await browserPid(join(this.dir, 'profile'));
    await this.context.addInitScript(installBridge, INVOKERS);
    this.page = this.context.pages()[0] ?? (await this.context.newPage());
    await this.page.goto(`${this.bridge.url}/index.html`);
    if (ready) await waitReady(this.page);
  }

  async stubOpenDialog(paths: string[] | null): Promise<void> {
    this.bridge.stubOpenDialog(paths);
  }
  async stubSaveDialog(path: string | null): Promise<void> {
    this.bridge.stubSaveDialog(path);
  }
  async stubConfirm(send: boolean): Promise<void> {
    this.bridge.stubConfirm(send);
  }
  async fileDrag(paths: string[]): Promise<JSHandle<DataTransfer>> {
    this.bridge.stubDrop(paths);
    return realFilesTransfer(this.page, paths);
  }
  async openFiles(paths: string[]): Promise<void> {
    this.bridge.openFiles(paths);
  }
  async menu(command: MenuCommand): Promise<void> {
    this.bridge.menu(command);
  }
  async restart(options: { ready?: boolean } = {}): Promise<void> {
    await this.quit();
    await this.launch(options.ready ?? true);
  }
  async kill(): Promise<void> {
    const context = this.context;
    if (!context) return;
    const profile = join(this.dir, 'profile');
    const closed = new Promise<void>((resolve) => context.once('close', () => resolve()));
    process.kill(this.pid, 'SIGKILL');
    await closed;
    this.context = null;
    // As when a crashed app is started again: only once every process of the old one is gone
    // (a relaunch beside a dying helper process would find the profile still locked).
    await profileGone(profile);
  }
  async close(): Promise<void> {
    await this.quit();
    await this.bridge.stop();
  }
  /** What Electron's main does on quit: the page writes its final snapshot, then the browser closes. */
  private async quit(): Promise<void> {
    if (!this.context) return;
    await this.bridge.finalSnapshot(QUIT_SNAPSHOT_TIMEOUT_MS);
    await this.context.close();
    this.context = null;
  }
}

/**
 * File objects backed by files on disk (set on a file input by Playwright, as a file chooser would),
 * in a DataTransfer: in Electron, webUtils.getPathForFile gives their paths, as for a real drop.
 */
async function realFilesTransfer(page: Page, paths: string[]): Promise<JSHandle<DataTransfer>> {
  const input = await page.evaluateHandle(() => {
    const el = document.createElement('input');
    el.type = 'file';
    el.multiple = true;
    el.hidden = true;
    document.body.append(el);
    return el;
  });
  await input.setInputFiles(paths);
  return input.evaluateHandle((el) => {
    const dt = new DataTransfer();
    for (const f of el.files ?? []) dt.items.add(f);
    el.remove();
    return dt;
  });
}

/** Every running process started with this profile, and whether it is the browser (no --type=). */
async function profileProcesses(profile: string): Promise<Array<{ pid: number; browser: boolean }>> {
  const flag = `--user-data-dir=${profile}`;
  const out: Array<{ pid: number; browser: boolean }> = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const args = await readFile(`/proc/${entry}/cmdline`, 'utf8').then(
      (c) => c.split('\0'),
      () => [] as string[],
    );
    if (args.includes(flag)) out.push({ pid: Number(entry), browser: !args.some((a) => a.startsWith('--type=')) });
  }
  return out;
}

/**
 * A persistent context has no Browser object to ask for its process: the browser process is the one
 * process with the profile's --user-data-dir and no --type=.
 */
async function browserPid(profile: string): Promise<number> {
  const browser = (await profileProcesses(profile)).find((p) => p.browser);
  if (!browser) throw new Error(`no browser process runs on ${profile}`);
  return browser.pid;
}

/** Waits until no process of the profile is left; after 5 s, kills the stragglers. */
async function profileGone(profile: string): Promise<void> {
  for (let waited = 0; ; waited += 100) {
    const left = await profileProcesses(profile);
    if (left.length === 0) return;
    if (waited >= 5_000) for (const p of left) process.kill(p.pid, 'SIGKILL');
    if (waited >= 10_000) throw new Error(`processes of ${profile} did not exit: ${left.map((p) => p.pid).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

class ElectronApp implements GloseApp {
  readonly target = 'electron' as const;
  page!: Page;
  private app: ElectronApplication | null = null;
  readonly userData: string;

  constructor(
    readonly dir: string,
    private readonly binary: string,
    private readonly osLocale: string,
  ) {
    this.userData = join(dir, 'profile');
  }

  async launch(ready = true): Promise<void> {
    this.app = await _electron.launch({
      executablePath: this.binary,
      args: [`--lang=${this.osLocale}`, join(process.cwd(), 'out', 'main', 'index.js')],
      env: { ...process.env, GLOSE_USER_DATA: this.userData } as Record<string, string>,
    });
    this.page = await this.app.firstWindow();
    if (ready) await waitReady(this.page);
  }

  async stubOpenDialog(paths: string[] | null): Promise<void> {
    await this.app?.evaluate(({ dialog }, p) => {
      dialog.showOpenDialog = (async () => (p ? { canceled: false, filePaths: p } : { canceled: true, filePaths: [] })) as typeof dialog.showOpenDialog;
    }, paths);
  }
  async stubSaveDialog(path: string | null): Promise<void> {
    await this.app?.evaluate(({ dialog }, p) => {
      dialog.showSaveDialog = (async () => (p ? { canceled: false, filePath: p } : { canceled: true, filePath: '' })) as typeof dialog.showSaveDialog;
    }, path);
  }
  async stubConfirm(send: boolean): Promise<void> {
    await this.app?.evaluate(({ dialog }, yes) => {
      // the buttons are ["Send documents", "Don't send"]
      dialog.showMessageBox = (async () => ({ response: yes ? 0 : 1, checkboxChecked: false })) as typeof dialog.showMessageBox;
    }, send);
  }
  async fileDrag(paths: string[]): Promise<JSHandle<DataTransfer>> {
    return realFilesTransfer(this.page, paths);
  }
  async openFiles(paths: string[]): Promise<void> {
    await this.app?.evaluate(({ app }, p) => {
      for (const path of p) app.emit('open-file', { preventDefault: () => undefined }, path);
    }, paths);
  }
  async menu(command: MenuCommand): Promise<void> {
    await this.app?.evaluate(({ BrowserWindow }, c) => {
      BrowserWindow.getAllWindows()[0]?.webContents.send('menu:command', c);
    }, command);
  }
  async restart(options: { ready?: boolean } = {}): Promise<void> {
    // app.close() quits through Electron's before-quit, which waits for the final snapshot
    await this.app?.close();
    await this.launch(options.ready ?? true);
  }
  async kill(): Promise<void> {
    const app = this.app;
    if (!app) return;
    const closed = new Promise<void>((resolve) => app.once('close', () => resolve()));
    app.process().kill('SIGKILL');
    await closed;
    this.app = null;
  }
  async close(): Promise<void> {
    await this.app?.close();
  }
}

export const test = base.extend<{ glose: GloseApp; osLocale: string }>({
  /** the system's language the app starts in (test.use({ osLocale: 'fr-FR' }) for a French system) */
  osLocale: ['en-US', { option: true }],
  glose: async ({ osLocale }, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'glose-e2e-'));
    const app = target.kind === 'electron' ? new ElectronApp(dir, target.binary, osLocale) : new ChromiumApp(dir, target.executable, osLocale);
    await app.launch();
    await use(app);
    await app.close();
    await rm(dir, { recursive: true, force: true });
  },
});

export { expect };
export const e2eTarget = target.kind;
