// Installed into the page (chromium target) before the app starts: window.glose over loopback, built
// like the preload from the contract's INVOKERS table (passed in: Playwright serialises this function
// into the page, so it imports nothing at run time).
import type { DroppedFile, GloseApi, INVOKERS, MainEvents } from '../../../src-main/contract';

export function installBridge(invokers: typeof INVOKERS): void {
  type Listener = (payload: unknown) => void;
  const listeners = new Map<string, Set<Listener>>();
  const source = new EventSource('/__glose/events');
  source.onmessage = (ev: MessageEvent) => {
    const { event, payload } = JSON.parse(String(ev.data)) as { event: string; payload: unknown };
    for (const l of listeners.get(event) ?? []) l(payload);
  };
  type Reply = { ok: boolean; result?: unknown; error?: string };
  // Large calls go through a worker, which turns them into JSON and posts them: the page's main thread
  // only structured-clones the arguments, as Electron's ipcRenderer.invoke does. Made in the page's
  // thread, JSON of a large call (an import's journal entry holds every text) took 100+ ms there,
  // a cost the desktop app does not have. Without workers (an opaque frame), the page posts itself.
  let courier: Worker | null | undefined;
  let next = 0;
  const waiting = new Map<number, { channel: string; args: unknown[]; resolve: (reply: Reply) => void }>();
  const post = async (channel: string, args: unknown[]): Promise<Reply> => {
    const res = await fetch('/__glose/invoke', { method: 'POST', body: JSON.stringify({ channel, args }) });
    return (await res.json()) as Reply;
  };
  // Only calls that may carry megabytes go through the worker: a worker is an isolate of its own
  // (some 35 MB of the renderer's memory, which the desktop app does not have), made at the first one.
  const BULK = new Set(['import:pick', 'import:pending', 'import:dropped', 'import:more', 'backup:snapshot', 'backup:save', 'export:save', 'export:preview', 'package:save']);
  const bulky = (channel: string, args: unknown[]): boolean => {
    if (BULK.has(channel)) return true;
    if (channel !== 'journal:append') return false;
    const ops = (args[0] as { ops?: Array<{ values?: unknown[]; keys?: unknown[] }> } | undefined)?.ops ?? [];
    return ops.reduce((n, op) => n + (op.values?.length ?? op.keys?.length ?? 1), 0) > 20;
  };
  const viaCourier = (channel: string, args: unknown[]): Promise<Reply> => {
    if (!bulky(channel, args)) return post(channel, args);
    if (courier === undefined) {
      try {
        const w = new Worker('/__glose/courier.js');
        w.onmessage = (ev: MessageEvent<{ id: number; reply: Reply }>) => {
          waiting.get(ev.data.id)?.resolve(ev.data.reply);
          waiting.delete(ev.data.id);
        };
        // a worker that cannot start (refused, not found): the calls it held are posted from here
        w.onerror = () => {
          courier = null;
          const held = [...waiting.values()];
          waiting.clear();
          for (const c of held) post(c.channel, c.args).then(c.resolve, (err: unknown) => c.resolve({ ok: false, error: String(err) }));
        };
        courier = w;
      } catch {
        courier = null;
      }
    }
    if (courier === null) return post(channel, args);
    const id = next++;
    const w = courier;
    return new Promise<Reply>((resolve) => {
      waiting.set(id, { channel, args, resolve });
      w.postMessage({ id, channel, args });
    });
  };
  async function invoke<T>(channel: string, args: unknown[]): Promise<T> {
    // an absent trailing options argument is left out (JSON would turn undefined into null)
    while (args.length > 0 && args[args.length - 1] === undefined) args = args.slice(0, -1);
    const body = await viaCourier(channel, args);
    if (!body.ok) throw new Error(body.error ?? 'bridge error');
    return body.result as T;
  }
  const api = {
    ...(Object.fromEntries(Object.entries(invokers).map(([method, channel]) => [method, (...args: unknown[]) => invoke(channel, args)])) as Omit<GloseApi, 'importDropped' | 'on'>),
    // Plain Chromium has no webUtils.getPathForFile: the page sends names only, and the bridge server
    // gives each the path the test said the next drop holds (stubDrop), or '' like Electron for a made-up File.
    importDropped: (files, options) => invoke('import:dropped', [files.map((f): DroppedFile => ({ name: f.name, path: '' })), options]),
    on: <E extends keyof MainEvents>(event: E, listener: (payload: MainEvents[E]) => void) => {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as Listener;
      set.add(l);
      return () => void set.delete(l);
    },
  } satisfies GloseApi;
  Object.defineProperty(window, 'glose', { value: Object.freeze(api), writable: false });
}
