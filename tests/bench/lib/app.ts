// Glose in the e2e suite's Chromium (same executable, same flags, same loopback bridge), plus what the
// bench needs around it: seeding IndexedDB directly, real mouse gestures at known offsets, and the
// renderer's heap and resident memory.
import { chromium, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { BridgeServer } from '../../e2e/bridge/server';
import { installBridge } from '../../e2e/bridge/client';
import { INVOKERS } from '../../../src-main/contract';
import { CHROMIUM_FLAGS, chromiumExecutable } from '../../e2e/target';
import { LABEL_NAMES, RELATION_TYPE_NAMES, sha256, type AnnotatedDoc } from './corpus';
import { installProbe, type Measurement, type PaintSpec, type Trigger } from './probe';

export const VIEWPORT = { width: 1280, height: 820 } as const;

export function executable(): string {
  const exe = chromiumExecutable();
  if (!exe) throw new Error('the bench runs in the system Chromium: none found (install the chromium package or set CHROMIUM_PATH)');
  return exe;
}

export function chromiumVersion(): string {
  try {
    return execFileSync(executable(), ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/** One Chromium profile running Glose over the bridge. */
export class BenchApp {
  context!: BrowserContext;
  page!: Page;
  cdp!: CDPSession;

  private constructor(
    readonly profile: string,
    readonly bridge: BridgeServer,
  ) {}

  static async launch(profile: string, bridge: BridgeServer): Promise<BenchApp> {
    const app = new BenchApp(profile, bridge);
    app.context = await chromium.launchPersistentContext(profile, {
      executablePath: executable(),
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: VIEWPORT,
    });
    await app.context.addInitScript(installBridge, INVOKERS);
    await app.context.addInitScript(installProbe);
    app.page = app.context.pages()[0] ?? (await app.context.newPage());
    await app.load(app.page);
    return app;
  }

  /** Navigates a page to the app and waits until it says it is ready. */
  async load(page: Page): Promise<void> {
    this.page = page;
    await page.goto(`${this.bridge.url}/index.html`);
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    this.cdp = await this.context.newCDPSession(page);
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.page.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  /** Arms the in-page probe, performs the action, and returns what the probe measured. */
  async measure(trigger: Trigger, spec: PaintSpec, action: () => Promise<void>, opts: { save?: boolean; settleMs?: number; timeoutMs?: number } = {}): Promise<Measurement> {
    await this.page.evaluate(({ trigger, spec, opts }) => window.__bench.arm(trigger, spec, opts), { trigger, spec, opts });
    await action();
    const m = await this.page.evaluate(() => window.__bench.done());
    if (m.error) throw new Error(`${JSON.stringify(trigger)}: ${m.error}`);
    return m;
  }

  /** Lets pending work finish: a few frames and a short idle period. */
  async settle(ms = 100): Promise<void> {
    await this.page.evaluate(async (ms) => {
      for (let i = 0; i < 3; i++) await window.__bench.frame();
      await new Promise((r) => setTimeout(r, ms));
    }, ms);
  }

  /** Renderer JS heap after a full garbage collection, in MB. */
  async heapMB(): Promise<number> {
    await this.cdp.send('HeapProfiler.collectGarbage');
    await this.cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await this.cdp.send('Runtime.getHeapUsage');
    return usedSize / 2 ** 20;
  }

  /**
   * Resident memory of this profile's renderer, in MB: the browser process is the one started with
   * our --user-data-dir; its renderer descendants are --type=renderer; the page's is the largest.
   */
  rendererRssMB(): { mb: number; renderers: number } {
    const procs = new Map<number, { ppid: number; cmd: string }>();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ');
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        procs.set(Number(name), { ppid, cmd });
      } catch {
        // the process ended meanwhile
      }
    }
    const roots = [...procs].filter(([, p]) => p.cmd.includes(`--user-data-dir=${this.profile}`) && !p.cmd.includes('--type=')).map(([pid]) => pid);
    const mine = new Set(roots);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, p] of procs) {
        if (!mine.has(pid) && mine.has(p.ppid)) {
          mine.add(pid);
          grew = true;
        }
      }
    }
    let mb = 0;
    let renderers = 0;
    for (const pid of mine) {
      if (!procs.get(pid)?.cmd.includes('--type=renderer')) continue;
      renderers++;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) mb = Math.max(mb, Number(rss[1]) / 1024);
    }
    if (renderers === 0) throw new Error(`no renderer process found for profile ${this.profile}`);
    return { mb, renderers };
  }

  /** Brings a paragraph to the middle of the reader and waits for the layout to stop moving. */
  private async reveal(para: number): Promise<void> {
    // the reader makes the paragraphs far from the viewport while the page is idle: under load that
    // can take a while after open, and is not what an edit measures
    const made = await this.page
      .waitForFunction((para) => document.querySelector(`.text p.para[data-i="${para}"]`) !== null, para, { timeout: 60_000 })
      .then(() => true)
      .catch(() => false);
    if (!made) throw new Error(`paragraph ${para} is not in the reader a minute after open`);
    await this.page.evaluate((para) => document.querySelector<HTMLElement>(`.text p.para[data-i="${para}"]`)?.scrollIntoView({ block: 'center' }), para);
    // paragraphs laid out for the first time (content-visibility) change size and move the text
    await this.settle(150);
    await this.page.evaluate((para) => document.querySelector(`.text p.para[data-i="${para}"]`)?.scrollIntoView({ block: 'center' }), para);
    await this.settle(150);
  }

  /** Where character `at` of paragraph `para` is on screen. */
  private async charRect(para: number, at: number): Promise<{ left: number; right: number; y: number }> {
    const rect = await this.page.evaluate(
      ({ para, at }) => {
        const node = document.querySelector(`.text p.para[data-i="${para}"]`)?.firstChild;
        if (!(node instanceof Text)) return null;
        const r = document.createRange();
        r.setStart(node, at);
        r.setEnd(node, at + 1);
        const box = r.getClientRects()[0];
        return box ? { left: box.left, right: box.right, y: box.top + box.height / 2 } : null;
      },
      { para, at },
    );
    if (!rect) throw new Error(`character ${at} of paragraph ${para} is not on screen`);
    return rect;
  }

  /** Where a highlight's first range is: paragraph and offsets inside it. */
  async highlightAt(name: string): Promise<{ para: number; start: number; end: number } | null> {
    return this.page.evaluate((name) => {
      for (const r of (CSS.highlights.get(name) ?? new Set()) as Iterable<AbstractRange>) {
        const p = r.startContainer.parentElement?.closest<HTMLElement>('p.para');
        return p ? { para: Number(p.dataset['i']), start: r.startOffset, end: r.endOffset } : null;
      }
      return null;
    }, name);
  }

  /** Drags the mouse from character `from` to character `to - 1` of paragraph `para`. */
  async dragSelect(para: number, from: number, to: number): Promise<void> {
    await this.reveal(para);
    const a = await this.charRect(para, from);
    const b = await this.charRect(para, to - 1);
    const [x1, y1, x2, y2] = [a.left + 1, a.y, b.right - 1, b.y];
    await this.page.mouse.move(x1, y1);
    await this.page.mouse.down();
    await this.page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2, { steps: 3 });
    await this.page.mouse.move(x2, y2, { steps: 3 });
    await this.page.mouse.up();
  }

  /** Clicks the middle of character `at` of paragraph `para`. */
  async clickChar(para: number, at: number): Promise<void> {
    await this.reveal(para);
    const r = await this.charRect(para, at);
    await this.page.mouse.click((r.left + r.right) / 2, r.y);
  }
}

/** The ids the app gave its project, labels (by name) and relation types (by name). */
export interface Workspace {
  projectId: string;
  labels: Record<string, string>;
  relationTypes: Record<string, string>;
}

/**
 * Writes documents straight into the app's IndexedDB, in the shapes of src-main/model.ts, under the
 * project and labels the app created on first run. Reload the page afterwards so the app reads them.
 *
 * A slice of `chunk` documents at a time, each slice sent to the page as one JSON string and parsed
 * there: Playwright's own serialisation of arguments walks every value and is what made seeding a
 * million spans take the better part of an hour; one string crosses as it is.
 * `progress` is told how many documents are stored after each slice.
 */
export async function seed(page: Page, docs: AnnotatedDoc[], opts: { lastDocument?: string; chunk?: number; progress?: (stored: number) => void } = {}): Promise<Workspace> {
  let ws: Workspace | null = null;
  const chunk = opts.chunk ?? 50;
  for (let i = 0; i < docs.length; i += chunk) {
    const batch: SeedDoc[] = docs.slice(i, i + chunk).map((d) => ({
      id: d.id,
      name: d.name,
      title: d.title,
      text: d.text,
      hash: sha256(d.text),
      spans: d.spans.map(({ tangled: _, ...s }) => s),
      relations: d.relations.map((r) => ({ id: r.id, fromId: d.spans[r.from]?.id as string, toId: d.spans[r.to]?.id as string, type: r.type })),
    }));
    ws = await page.evaluate(
      async ({ json, labelNames, typeNames, lastDocument }) => {
        const batch = JSON.parse(json) as SeedDoc[];
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open('glose');
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        const done = (tx: IDBTransaction) =>
          new Promise<void>((resolve, reject) => {
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
            tx.onabort = () => reject(tx.error);
          });
        const all = <T,>(store: string) =>
          new Promise<T[]>((resolve, reject) => {
            const req = db.transaction(store).objectStore(store).getAll();
            req.onsuccess = () => resolve(req.result as T[]);
            req.onerror = () => reject(req.error);
          });
        const project = (await all<{ id: string }>('projects'))[0];
        if (!project) throw new Error('the app has not created its project');
        const labels = Object.fromEntries((await all<{ id: string; name: string }>('labels')).map((l) => [l.name, l.id]));
        const relationTypes = Object.fromEntries((await all<{ id: string; name: string }>('relationTypes')).map((t) => [t.name, t.id]));
        const labelIds = labelNames.map((n) => labels[n] ?? Object.values(labels)[0]);
        const typeIds = typeNames.map((n) => relationTypes[n] ?? Object.values(relationTypes)[0]);
        const now = Date.now();
        const stamp = { createdAt: now, updatedAt: now };
        const tx = db.transaction(['documents', 'texts', 'spans', 'relations', 'settings'], 'readwrite');
        for (const d of batch) {
          tx.objectStore('documents').put({
            id: d.id,
            projectId: project.id,
            name: d.name,
            meta: { format: 'txt', encoding: 'utf-8', title: d.title, hash: d.hash, size: d.text.length, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } },
            status: 'in_progress',
            length: d.text.length,
            spanCount: d.spans.length,
            categories: [],
            ...stamp,
          });
          tx.objectStore('texts').put({ id: d.id, text: d.text });
          const spans = tx.objectStore('spans');
          for (const s of d.spans) {
            const { label, ...rest } = s;
            spans.put({ ...rest, docId: d.id, labelId: labelIds[label], annotator: 'bench', ...stamp });
          }
          const relations = tx.objectStore('relations');
          for (const r of d.relations) relations.put({ id: r.id, docId: d.id, typeId: typeIds[r.type], fromId: r.fromId, toId: r.toId, annotator: 'bench', ...stamp });
        }
        // the key the app reads (src-renderer/src/db/settings.ts): a record it does not know made every
        // backup of the seeded database fail its checks, and the app try again every 5 minutes
        if (lastDocument) tx.objectStore('settings').put({ key: `lastDocument:${project.id}`, value: lastDocument });
        await done(tx);
        db.close();
        return { projectId: project.id, labels, relationTypes };
      },
      { json: JSON.stringify(batch), labelNames: [...LABEL_NAMES], typeNames: [...RELATION_TYPE_NAMES], lastDocument: opts.lastDocument ?? null },
    );
    opts.progress?.(Math.min(docs.length, i + chunk));
  }
  if (!ws) throw new Error('nothing to seed');
  return ws;
}

/** One document as `seed` sends it to the page. */
interface SeedDoc {
  id: string;
  name: string;
  title: string;
  text: string;
  hash: string;
  spans: Array<Omit<AnnotatedDoc['spans'][number], 'tangled'>>;
  relations: Array<{ id: string; fromId: string; toId: string; type: number }>;
}

/** The book's reader pack as stored (raw IndexedDB, as the page's worker leaves it). */
function packState(page: Page, docId: string, drop: boolean): Promise<boolean> {
  return page.evaluate(
    ({ docId, drop }) =>
      new Promise<boolean>((resolve, reject) => {
        const req = indexedDB.open('glose');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction('packedLayers', drop ? 'readwrite' : 'readonly');
          const store = tx.objectStore('packedLayers');
          const get = store.get([docId, 1]);
          get.onsuccess = () => {
            const there = get.result !== undefined && !('claim' in (get.result as object));
            if (drop) store.delete([docId, 1]);
            tx.oncomplete = () => (db.close(), resolve(there));
          };
          tx.onerror = () => (db.close(), reject(tx.error));
        };
      }),
    { docId, drop },
  );
}

/** Waits until the page's worker has stored the book's reader pack (it does so 2 s after the book was left). */
export async function waitForPack(page: Page, docId: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!(await packState(page, docId, false))) {
    if (Date.now() > deadline) throw new Error('the reader pack of the book was never built');
    await page.waitForTimeout(200);
  }
}

export async function dropPack(page: Page, docId: string): Promise<void> {
  await packState(page, docId, true);
}
