// The e2e bridge for the chromium target: serves the built renderer and forwards window.glose calls
// over loopback to the same handler table (services + argument schemas) that Electron's IPC uses.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApi, type Api } from '../../../src-main/services/api';
import { Importer } from '../../../src-main/services/importer';
import { CSP, mimeFor, resolveStatic } from '../../../src-main/services/csp';
import type { DroppedFile, MainEvents, MenuCommand } from '../../../src-main/contract';

const root = join(process.cwd(), 'out');

export class BridgeServer {
  private server: Server | null = null;
  private api: Api | null = null;
  private nextOpen: string[] | null = null;
  private nextSave: string | null = null;
  /** the answer to the next "Send documents to …?" question; no answer given: "Don't send" */
  private nextConfirm: boolean | null = null;
  /** every URL the user was asked about sending documents to, in order */
  readonly confirmations: string[] = [];
  /** the paths of the files the next drop holds (what webUtils.getPathForFile would give) */
  private nextDrop: string[] = [];
  /** files given "on the command line or by the OS", waiting for the page to ask for them */
  private pending: string[] = [];
  private streams = new Set<ServerResponse>();
  /** every request the page made, to check that nothing leaves the app */
  readonly requests: string[] = [];
  url = '';
  /** temp folders this server made (a default userData), removed by stop() */
  private readonly temps: string[] = [];

  /** `userData` stands for Electron's app data folder (backups go to its "backups" folder); a temp folder when not given */
  constructor(private userData = '') {}

  async start(): Promise<void> {
    if (!this.userData) {
      this.userData = await mkdtemp(join(tmpdir(), 'glose-userdata-'));
      this.temps.push(this.userData);
    }
    const importer = new Importer({ workerPath: join(root, 'main', 'extract-worker.js') });
    this.api = createApi(
      {
        version: 'e2e',
        takePendingPaths: () => this.pending.splice(0),
        pickImportPaths: async () => {
          const p = this.nextOpen;
          this.nextOpen = null;
          return p;
        },
        pickFile: async () => {
          const p = this.nextOpen;
          this.nextOpen = null;
          return p?.[0] ?? null;
        },
        pickSavePath: async () => {
          const p = this.nextSave;
          this.nextSave = null;
          return p;
        },
        sendProgress: (p) => this.emit('import:progress', p),
        userData: this.userData,
        pickFolder: async () => {
          const p = this.nextOpen;
          this.nextOpen = null;
          return p?.[0] ?? null;
        },
        requestSnapshot: () => this.emit('backup:request', { reason: 'quit' }),
        confirmBackend: async (url) => {
          this.confirmations.push(url);
          const answer = this.nextConfirm ?? false;
          this.nextConfirm = null;
          return answer;
        },
      },
      importer,
    );
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
  }

  stubOpenDialog(paths: string[] | null): void {
    this.nextOpen = paths;
  }

  stubSaveDialog(path: string | null): void {
    this.nextSave = path;
  }

  /** What the user answers to the next "Send documents to …?" message box (the model served by the user). */
  stubConfirm(answer: boolean): void {
    this.nextConfirm = answer;
  }

  /** The files of the next drop on the window: a dropped File named like one of them gets its path. */
  stubDrop(paths: string[]): void {
    this.nextDrop = [...paths];
  }

  /** What main does with files from a command line or the OS: holds them and tells the page that files wait. */
  openFiles(paths: string[]): void {
    this.pending.push(...paths);
    this.emit('import:waiting', { count: this.pending.length });
  }

  menu(command: MenuCommand): void {
    this.emit('menu:command', command);
  }

  /** What Electron's main does when the app quits: ask the page for its final snapshot and wait for it. */
  async finalSnapshot(timeoutMs = 10_000): Promise<'done' | 'timeout'> {
    return this.api ? this.api.finalSnapshot(timeoutMs) : 'timeout';
  }

  async stop(): Promise<void> {
    for (const s of this.streams) s.end();
    await this.api?.dispose();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await Promise.all(this.temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  }

  /**
   * The bridge's webUtils.getPathForFile: whatever path the page sent is dropped, and each file gets
   * the stubbed path of the same name, once; a file the test did not drop gets '' (main refuses it).
   */
  private resolveDrop(files: unknown): unknown {
    if (!Array.isArray(files)) return files;
    const drop = this.nextDrop;
    this.nextDrop = [];
    return files.map((f: unknown) => {
      if (typeof f !== 'object' || f === null) return f;
      const name = (f as { name?: unknown }).name;
      const at = drop.findIndex((p) => basename(p) === name);
      const path = at >= 0 ? (drop.splice(at, 1)[0] as string) : '';
      return { ...f, path } satisfies Partial<DroppedFile>;
    });
  }

  private emit<E extends keyof MainEvents>(event: E, payload: MainEvents[E]): void {
    for (const s of this.streams) s.write(`data: ${JSON.stringify({ event, payload })}\n\n`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push(url.pathname);
    try {
      if (req.method === 'POST' && url.pathname === '/__glose/invoke') {
        const body = JSON.parse((await readBody(req)).toString('utf8')) as { channel: string; args: unknown[] };
        const args = Array.isArray(body.args) ? body.args : [];
        if (body.channel === 'import:dropped') args[0] = this.resolveDrop(args[0]);
        try {
          const result = await this.api?.dispatch(body.channel, args);
          return json(res, { ok: true, result: result ?? null });
        } catch (err) {
          return json(res, { ok: false, error: err instanceof Error ? err.message : String(err) });
        }
      }
      if (url.pathname === '/__glose/courier.js') {
        res.writeHead(200, { 'content-type': 'text/javascript', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' });
        res.end(COURIER);
        return;
      }
      if (url.pathname === '/__glose/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.write(': open\n\n');
        this.streams.add(res);
        req.on('close', () => this.streams.delete(res));
        return;
      }
      const file = resolveStatic(join(root, 'renderer'), url.pathname);
      if (!file) return notFound(res);
      const data = await readFile(file).catch(() => null);
      if (!data) return notFound(res);
      res.writeHead(200, { 'content-type': mimeFor(file), 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' });
      res.end(data);
    } catch (err) {
      res.writeHead(500);
      res.end(String(err));
    }
  }
}

/** The worker of the page's bridge (client.ts): each call turned into JSON and posted off the page's main thread. */
const COURIER = `self.onmessage = async (ev) => {
  const { id, channel, args } = ev.data;
  let reply;
  try {
    const res = await fetch('/__glose/invoke', { method: 'POST', body: JSON.stringify({ channel, args }) });
    reply = await res.json();
  } catch (err) {
    reply = { ok: false, error: String(err) };
  }
  self.postMessage({ id, reply });
};
`;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, value: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

function notFound(res: ServerResponse): void {
  res.writeHead(404);
  res.end('not found');
}
