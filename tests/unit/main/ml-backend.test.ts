// The model served by the user, on the built main bundle: main asks with a native message box on the
// app window before the first call to a URL, sends nothing until the user says yes, and keeps the URL
// and the answer in its own settings file in userData. Only the app window's top frame gets this far
// (ipc.test.ts runs the sender check on every channel, these included).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeAll, loadMain, type MainHarness } from './harness';

let server: Server;
let url: string;
let requests: string[];

beforeEach(async () => {
  requests = [];
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ results: [{ result: [{ from_name: 'label', to_name: 'text', type: 'labels', value: { start: 2, end: 7, text: 'Paris', labels: ['LOC'] } }] }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await closeAll();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const flush = () => new Promise((r) => setImmediate(r));
const doc = { documentId: 'd1', text: '😀 Paris', labels: ['LOC'] };

async function started(): Promise<MainHarness> {
  const h = await loadMain();
  await h.start();
  return h;
}

describe('the model served by the user, on the built bundle', () => {
  it('is off by default: nothing is sent and nothing asked', async () => {
    const h = await started();
    await expect(h.invoke('suggest:backend')).resolves.toEqual({ url: null, consent: null });
    await expect(h.invoke('suggest:predict', [doc])).resolves.toMatchObject({ ok: false, problem: 'off' });
    expect(h.electron.messageBoxes).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('asks on the app window before the first call, then posts to the URL set, and only asks once', async () => {
    const h = await started();
    await expect(h.invoke('suggest:setBackend', [`${url}/`])).resolves.toEqual({ url, consent: null });
    const first = h.invoke('suggest:predict', [doc]);
    await flush();
    expect(h.electron.messageBoxes).toHaveLength(1);
    const box = h.electron.messageBoxes[0];
    expect(box?.attached).toBe(true);
    expect(box?.options).toMatchObject({ type: 'question', message: `Send documents to ${url}?`, buttons: ['Send documents', 'Don’t send'], cancelId: 1, defaultId: 1 });
    expect(box?.options.detail).toContain(`${url}/predict`);
    expect(requests).toEqual([]);
    box?.answer(0);
    await expect(first).resolves.toMatchObject({ ok: true, url, proposals: [{ start: 3, end: 8, label: 'LOC', text: 'Paris' }] });
    await expect(h.invoke('suggest:checkBackend')).resolves.toMatchObject({ ok: true, url });
    expect(h.electron.messageBoxes).toHaveLength(1);
    expect(requests).toEqual(['POST /predict', 'GET /health']);
    expect(JSON.parse(await readFile(join(h.userData, 'ml-backend.json'), 'utf8'))).toEqual({ url, consents: { [url]: 'allowed' } });
    // main's request filter still cancels every request the page itself makes to that URL
    expect(h.allowed(`${url}/predict`)).toBe(false);
  });

  it('sends nothing when the user answers “Don’t send”', async () => {
    const h = await started();
    await h.invoke('suggest:setBackend', [url]);
    const first = h.invoke('suggest:predict', [doc]);
    await flush();
    h.electron.messageBoxes[0]?.answer(1);
    await expect(first).resolves.toMatchObject({ ok: false, problem: 'declined' });
    await expect(h.invoke('suggest:predict', [doc])).resolves.toMatchObject({ ok: false, problem: 'declined' });
    expect(h.electron.messageBoxes).toHaveLength(1);
    expect(requests).toEqual([]);
  });

  it('takes no URL with a prediction: the page cannot choose where a document goes', async () => {
    const h = await started();
    await expect(h.invoke('suggest:predict', [{ ...doc, url }])).rejects.toThrow(/^glose:invalid arguments for suggest:predict/);
    await expect(h.invoke('suggest:setBackend', ['file:///etc/passwd'])).rejects.toThrow(/^glose:invalid arguments for suggest:setBackend/);
    expect(h.electron.messageBoxes).toEqual([]);
    expect(requests).toEqual([]);
  });
});
