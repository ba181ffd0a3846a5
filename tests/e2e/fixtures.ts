// Playwright fixtures: each test gets its own profile and a launched Glose, on whichever target exists.
import { test as base, expect, _electron, chromium, type BrowserContext, type ElectronApplication, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeServer } from './bridge/server';
import { installBridge } from './bridge/client';
import { CHROMIUM_FLAGS, pickTarget, type Target } from './target';
import type { MenuCommand } from '../../src-main/contract';

export interface GloseApp {
  readonly target: Target['kind'];
  page: Page;
  /** a folder for this test's files (removed afterwards) */
  readonly dir: string;
  stubOpenDialog(paths: string[] | null): Promise<void>;
  stubSaveDialog(path: string | null): Promise<void>;
  /** the native menu sending a command */
  menu(command: MenuCommand): Promise<void>;
  /** quits and starts again on the same profile */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const target = pickTarget();

async function waitReady(page: Page): Promise<void> {
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
}

class ChromiumApp implements GloseApp {
  readonly target = 'chromium' as const;
  page!: Page;
  private context: BrowserContext | null = null;
  private readonly bridge = new BridgeServer();

  constructor(
    readonly dir: string,
    private readonly executable: string,
  ) {}

  async launch(): Promise<void> {
    if (!this.bridge.url) await this.bridge.start();
    this.context = await chromium.launchPersistentContext(join(this.dir, 'profile'), {
      executablePath: this.executable,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1280, height: 820 },
    });
    await this.context.addInitScript(installBridge);
    this.page = this.context.pages()[0] ?? (await this.context.newPage());
    await this.page.goto(`${this.bridge.url}/index.html`);
    await waitReady(this.page);
  }

  async stubOpenDialog(paths: string[] | null): Promise<void> {
    this.bridge.stubOpenDialog(paths);
  }
  async stubSaveDialog(path: string | null): Promise<void> {
    this.bridge.stubSaveDialog(path);
  }
  async menu(command: MenuCommand): Promise<void> {
    this.bridge.menu(command);
  }
  async restart(): Promise<void> {
    await this.context?.close();
    await this.launch();
  }
  async close(): Promise<void> {
    await this.context?.close();
    await this.bridge.stop();
  }
}

class ElectronApp implements GloseApp {
  readonly target = 'electron' as const;
  page!: Page;
  private app: ElectronApplication | null = null;

  constructor(
    readonly dir: string,
    private readonly binary: string,
  ) {}

  async launch(): Promise<void> {
    this.app = await _electron.launch({
      executablePath: this.binary,
      args: [join(process.cwd(), 'out', 'main', 'index.js')],
      env: { ...process.env, GLOSE_USER_DATA: join(this.dir, 'profile') } as Record<string, string>,
    });
    this.page = await this.app.firstWindow();
    await waitReady(this.page);
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
  async menu(command: MenuCommand): Promise<void> {
    await this.app?.evaluate(({ BrowserWindow }, c) => {
      BrowserWindow.getAllWindows()[0]?.webContents.send('menu:command', c);
    }, command);
  }
  async restart(): Promise<void> {
    await this.app?.close();
    await this.launch();
  }
  async close(): Promise<void> {
    await this.app?.close();
  }
}

export const test = base.extend<{ glose: GloseApp }>({
  // eslint-disable-next-line no-empty-pattern
  glose: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'glose-e2e-'));
    const app = target.kind === 'electron' ? new ElectronApp(dir, target.binary) : new ChromiumApp(dir, target.executable);
    await app.launch();
    await use(app);
    await app.close();
    await rm(dir, { recursive: true, force: true });
  },
});

export { expect };
export const e2eTarget = target.kind;
