// The model served by the user, against a stand-in Label Studio ML backend on 127.0.0.1: the request
// Glose sends, code-point offsets turned into UTF-16, what is dropped and counted, and every way a
// backend can fail (bad JSON, a huge answer, silence, a redirect elsewhere). Nothing is ever sent
// before the user has said yes to that URL, and nothing is set by default.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MlBackendFailure, MlPrediction } from '../../../src-main/contract';
import { createApi, type Host } from '../../../src-main/services/api';
import type { Importer } from '../../../src-main/services/importer';
import { ML_BACKEND_FILE, MlBackend, type MlBackendOptions } from '../../../src-main/services/ml-backend';

interface Received {
  method: string;
  path: string;
  body: string;
}

/** A stand-in backend: answers with `reply`, and records every request it gets. */
class StandInBackend {
  readonly received: Received[] = [];
  reply: (req: Received, res: ServerResponse) => void = (_req, res) => json(res, { results: [] });
  private server: Server | null = null;
  private readonly open = new Set<ServerResponse>();
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.open) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const r = { method: req.method ?? '', path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') };
    this.received.push(r);
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    this.reply(r, res);
  }
}

function json(res: ServerResponse, value: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

/** Python's str indexes: code points. */
const cp = (text: string, utf16: number): number => Array.from(text.slice(0, utf16)).length;

/** A Label Studio region over `what` (its first occurrence), with code-point offsets as a Python backend writes them. */
function region(text: string, what: string, labels: string[], extra: Record<string, unknown> = {}) {
  const at = text.indexOf(what);
  if (at < 0) throw new Error(`${what} is not in the text`);
  return { from_name: 'label', to_name: 'text', type: 'labels', value: { start: cp(text, at), end: cp(text, at + what.length), text: what, labels }, ...extra };
}

// non-BMP characters (emoji, a flag, a ZWJ sequence) before and between the names, a precomposed
// and a decomposed accent, so that code points and UTF-16 units part ways more than once
const TEXT = 'Le 👩‍🔬 Émile Zola 🇫🇷 écrit à Paris 😀 ; E\u0301douard Manet le peint à Montréal.';
const LABELS = ['PER', 'LOC', 'ORG'];

let userData: string;
let backend: StandInBackend;
let asked: string[];
let answer: boolean;
const stopped: StandInBackend[] = [];

beforeEach(async () => {
  userData = await mkdtemp(join(tmpdir(), 'glose-ml-'));
  backend = await new StandInBackend().start();
  stopped.push(backend);
  asked = [];
  answer = true;
});

afterEach(async () => {
  for (const b of stopped.splice(0)) await b.stop();
  await rm(userData, { recursive: true, force: true });
});

function model(options: Partial<MlBackendOptions> = {}): MlBackend {
  return new MlBackend({
    userData,
    confirm: async (url) => {
      asked.push(url);
      return answer;
    },
    ...options,
  });
}

async function connected(options: Partial<MlBackendOptions> = {}): Promise<MlBackend> {
  const m = model(options);
  await m.set(backend.url);
  return m;
}

const predict = (m: MlBackend, text = TEXT, labels = LABELS) => m.predict({ documentId: 'doc-1', text, labels });

function succeeded(result: MlPrediction | MlBackendFailure): MlPrediction {
  if (!result.ok) throw new Error(`expected proposals, got ${result.problem}: ${result.message}`);
  return result;
}

describe('off by default', () => {
  it('has no URL, sends nothing and asks nothing until one is set', async () => {
    const m = model();
    expect(await m.status()).toEqual({ url: null, consent: null });
    expect(await predict(m)).toMatchObject({ ok: false, problem: 'off' });
    expect(await m.check()).toMatchObject({ ok: false, problem: 'off' });
    expect(asked).toEqual([]);
    expect(backend.received).toEqual([]);
  });

  it('switched off again, sends nothing more', async () => {
    const m = await connected();
    succeeded(await predict(m));
    expect(await m.set(null)).toEqual({ url: null, consent: null });
    expect(await predict(m)).toMatchObject({ ok: false, problem: 'off' });
    expect(backend.received).toHaveLength(1);
  });

  it('makes the data folder when it does not exist yet', async () => {
    const m = model({ userData: join(userData, 'not', 'yet') });
    expect(await m.set(backend.url)).toEqual({ url: backend.url, consent: null });
    expect(JSON.parse(await readFile(join(userData, 'not', 'yet', ML_BACKEND_FILE), 'utf8'))).toMatchObject({ url: backend.url });
  });

  it('reads a damaged settings file as off', async () => {
    await writeFile(join(userData, ML_BACKEND_FILE), JSON.stringify({ url: 'file:///etc/passwd', consents: {} }));
    expect(await model().status()).toEqual({ url: null, consent: null });
    await writeFile(join(userData, ML_BACKEND_FILE), '{"url": "http://127.0.0.1:1", ');
    expect(await model().status()).toEqual({ url: null, consent: null });
  });
});

describe('asking the user first', () => {
  it('never calls a URL the user did not confirm, and does not ask again after a no', async () => {
    answer = false;
    const m = await connected();
    const first = await predict(m);
    expect(first).toMatchObject({ ok: false, problem: 'declined' });
    expect(await m.check()).toMatchObject({ ok: false, problem: 'declined' });
    expect(await predict(m)).toMatchObject({ ok: false, problem: 'declined' });
    expect(asked).toEqual([backend.url]);
    expect(backend.received).toEqual([]);
    expect(await m.status()).toEqual({ url: backend.url, consent: 'declined' });
  });

  it('asks once per URL, before the first call, and remembers the answer across restarts', async () => {
    const m = await connected();
    expect(await m.status()).toEqual({ url: backend.url, consent: null });
    expect(backend.received).toEqual([]);
    succeeded(await predict(m));
    succeeded(await predict(m));
    expect(asked).toEqual([backend.url]);
    expect(backend.received).toHaveLength(2);
    // a restart reads the answer from the settings file
    const again = model();
    expect(await again.status()).toEqual({ url: backend.url, consent: 'allowed' });
    succeeded(await predict(again));
    expect(asked).toEqual([backend.url]);
    // another URL is another question
    const other = await new StandInBackend().start();
    stopped.push(other);
    await again.set(other.url);
    answer = false;
    expect(await predict(again)).toMatchObject({ ok: false, problem: 'declined' });
    expect(asked).toEqual([backend.url, other.url]);
    expect(other.received).toEqual([]);
    // going back to the first URL keeps the answer given to it
    expect(await again.set(backend.url)).toEqual({ url: backend.url, consent: 'allowed' });
  });

  it('asks again when the user sets a URL they said no to', async () => {
    answer = false;
    const m = await connected();
    await predict(m);
    await m.set(null);
    expect(await m.set(backend.url)).toEqual({ url: backend.url, consent: null });
    answer = true;
    succeeded(await predict(m));
    expect(asked).toEqual([backend.url, backend.url]);
  });

  it('asks one question for calls made while the user decides', async () => {
    let decide = (_: boolean) => undefined as void;
    const m = model({
      confirm: (url) => {
        asked.push(url);
        return new Promise<boolean>((resolve) => (decide = resolve));
      },
    });
    await m.set(backend.url);
    const calls = [predict(m), predict(m), m.check()];
    await new Promise((r) => setImmediate(r));
    expect(asked).toEqual([backend.url]);
    expect(backend.received).toEqual([]);
    decide(true);
    const results = await Promise.all(calls);
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    expect(asked).toHaveLength(1);
  });
});

describe('the request', () => {
  it('posts one task in Label Studio’s format to <url>/predict, with the project’s labels as the labeling config, and nothing else', async () => {
    const m = await connected();
    await m.predict({ documentId: 'doc-secret-id', text: TEXT, labels: ['PER', 'Q&A <"x">'] });
    expect(backend.received).toHaveLength(1);
    const [req] = backend.received;
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/predict');
    const body = JSON.parse(req?.body ?? '') as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['label_config', 'tasks']);
    expect(body['tasks']).toEqual([{ id: 1, data: { text: TEXT } }]);
    expect(body['label_config']).toBe(
      '<View>\n  <Labels name="label" toName="text">\n    <Label value="PER"/>\n    <Label value="Q&amp;A &lt;&quot;x&quot;&gt;"/>\n  </Labels>\n  <Text name="text" value="$text"/>\n</View>',
    );
    expect(req?.body).not.toContain('doc-secret-id');
  });

  it('sends to the path under a base URL that has one', async () => {
    const m = model();
    await m.set(`${backend.url}/models/ner`);
    await predict(m);
    await m.check();
    expect(backend.received.map((r) => r.path)).toEqual(['/models/ner/predict', '/models/ner/health']);
  });
});

describe('the answer', () => {
  it('turns code-point offsets into exact UTF-16 spans, on text with emoji and accents', async () => {
    backend.reply = (req, res) => {
      const text = (JSON.parse(req.body) as { tasks: { data: { text: string } }[] }).tasks[0]?.data.text ?? '';
      json(res, {
        results: [
          {
            result: [region(text, 'Émile Zola', ['PER'], { score: 0.91 }), region(text, 'Paris', ['LOC']), region(text, 'E\u0301douard Manet', ['PER']), region(text, 'Montréal', ['LOC'])],
            score: 0.5,
            model_version: 'SpacyMLBackend-v0.0.1',
          },
        ],
      });
    };
    const result = succeeded(await predict(await connected()));
    const at = (what: string) => {
      const start = TEXT.indexOf(what);
      return { start, end: start + what.length, text: what };
    };
    expect(result).toEqual({
      ok: true,
      documentId: 'doc-1',
      url: backend.url,
      modelVersion: 'SpacyMLBackend-v0.0.1',
      proposals: [
        { ...at('Émile Zola'), label: 'PER', score: 0.91 },
        { ...at('Paris'), label: 'LOC', score: 0.5 },
        { ...at('E\u0301douard Manet'), label: 'PER', score: 0.5 },
        { ...at('Montréal'), label: 'LOC', score: 0.5 },
      ],
      dropped: { notSpans: 0, badRange: 0, textMismatch: 0, unknownLabel: 0, duplicate: 0 },
    });
    for (const p of result.proposals) expect(TEXT.slice(p.start, p.end)).toBe(p.text);
    // the offsets really differ between the two units here
    expect(cp(TEXT, TEXT.indexOf('Montréal'))).toBeLessThan(TEXT.indexOf('Montréal') - 4);
  });

  it('accepts the bare list older backends answer, and a region without its text', async () => {
    backend.reply = (_req, res) => {
      const r = region(TEXT, 'Paris', ['LOC']);
      json(res, [{ result: [{ ...r, value: { start: r.value.start, end: r.value.end, labels: ['LOC'] } }], model_version: 3 }]);
    };
    const result = succeeded(await predict(await connected()));
    expect(result.proposals).toEqual([{ start: TEXT.indexOf('Paris'), end: TEXT.indexOf('Paris') + 5, text: 'Paris', label: 'LOC', score: null }]);
    expect(result.modelVersion).toBe('3');
  });

  it('accepts an answer with no prediction at all', async () => {
    backend.reply = (_req, res) => json(res, { results: [] });
    expect(succeeded(await predict(await connected())).proposals).toEqual([]);
  });

  it('drops and counts what does not fit: wrong text, unknown labels, bad ranges, other result types, repeats', async () => {
    const cpLength = Array.from(TEXT).length;
    backend.reply = (_req, res) =>
      json(res, {
        results: [
          {
            result: [
              // kept: label names match in any case, in the project's spelling; two labels make two spans
              region(TEXT, 'Émile Zola', ['per', 'ORG'], { score: 0.2 }),
              // the same span and label again, with a better score: one proposal, the better score
              region(TEXT, 'Émile Zola', ['PER'], { score: 0.7 }),
              // text that is not there: UTF-16 offsets, as a JavaScript backend would count them
              { ...region(TEXT, 'Paris', ['LOC']), value: { start: TEXT.indexOf('Paris'), end: TEXT.indexOf('Paris') + 5, text: 'Paris', labels: ['LOC'] } },
              // a label the project lacks, next to one it has
              region(TEXT, 'Montréal', ['GPE', 'LOC']),
              // past the end, empty, backwards, negative, not whole
              { type: 'labels', value: { start: cpLength - 2, end: cpLength + 3, labels: ['LOC'] } },
              { type: 'labels', value: { start: 4, end: 4, labels: ['LOC'] } },
              { type: 'labels', value: { start: 9, end: 4, labels: ['LOC'] } },
              { type: 'labels', value: { start: -1, end: 4, labels: ['LOC'] } },
              { type: 'labels', value: { start: 1.5, end: 4, labels: ['LOC'] } },
              // other result types: document choices, a relation
              { from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['Positive'] } },
              { type: 'relation', from_id: 'a', to_id: 'b', direction: 'right' },
            ],
          },
        ],
      });
    const result = succeeded(await predict(await connected()));
    const zola = TEXT.indexOf('Émile Zola');
    const montreal = TEXT.indexOf('Montréal');
    expect(result.proposals).toEqual([
      { start: zola, end: zola + 10, text: 'Émile Zola', label: 'ORG', score: 0.2 },
      { start: zola, end: zola + 10, text: 'Émile Zola', label: 'PER', score: 0.7 },
      { start: montreal, end: montreal + 8, text: 'Montréal', label: 'LOC', score: null },
    ]);
    expect(result.dropped).toEqual({ notSpans: 2, badRange: 5, textMismatch: 1, unknownLabel: 1, duplicate: 1 });
  });

  it('refuses an answer that is not JSON, or not the format, with what was wrong', async () => {
    const m = await connected();
    backend.reply = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"results": [{"result": [');
    };
    expect(await predict(m)).toEqual({ ok: false, problem: 'malformed', message: `${backend.url}/predict did not answer with JSON.` });
    backend.reply = (_req, res) => json(res, { results: 'none' });
    expect(await predict(m)).toMatchObject({ ok: false, problem: 'malformed', message: expect.stringContaining('(results: ') });
    backend.reply = (_req, res) => json(res, { predictions: [] });
    expect(await predict(m)).toMatchObject({ ok: false, problem: 'malformed', message: expect.stringContaining('(results: ') });
    backend.reply = (_req, res) => json(res, { results: [{ result: [{ type: 'labels', value: { start: 0, end: 2, labels: 'PER' } }] }] });
    const wrong = await predict(m);
    expect(wrong).toMatchObject({ ok: false, problem: 'malformed' });
    expect(wrong.ok ? '' : wrong.message).toContain('results.0.result.0.value.labels');
  });

  it('reads no more than the cap: a huge answer is refused, announced or streamed', async () => {
    const m = await connected({ maxResponseBytes: 4096 });
    const huge = JSON.stringify({ results: [{ result: [], model_version: 'x'.repeat(64 * 1024) }] });
    backend.reply = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(huge) });
      res.end(huge);
    };
    expect(await predict(m)).toMatchObject({ ok: false, problem: 'too-large' });
    // a length announced over the cap is refused before the body is read (here it never comes)
    backend.reply = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1e9 });
      res.write('{');
    };
    expect(await predict(await connected({ maxResponseBytes: 4096, predictTimeoutMs: 5000 }))).toMatchObject({ ok: false, problem: 'too-large' });
    // no length announced: chunks until the cap is passed
    backend.reply = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < huge.length; i += 1000) res.write(huge.slice(i, i + 1000));
      res.end();
    };
    expect(await predict(m)).toMatchObject({ ok: false, problem: 'too-large' });
    // just under the cap is read
    backend.reply = (_req, res) => json(res, { results: [{ result: [], model_version: 'x'.repeat(3000) }] });
    expect(await predict(m)).toMatchObject({ ok: true });
  });

  it('gives up on a backend that does not answer', async () => {
    backend.reply = () => undefined;
    const m = await connected({ predictTimeoutMs: 50, healthTimeoutMs: 50 });
    const result = await predict(m);
    expect(result).toMatchObject({ ok: false, problem: 'timeout' });
    expect(await m.check()).toMatchObject({ ok: false, problem: 'timeout' });
    expect(backend.received).toHaveLength(2);
  });

  it('gives up on an answer that starts and never ends', async () => {
    backend.reply = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"results": [');
    };
    expect(await predict(await connected({ predictTimeoutMs: 50 }))).toMatchObject({ ok: false, problem: 'timeout' });
  });

  it('does not follow a redirect to another origin, and follows one within it', async () => {
    const elsewhere = await new StandInBackend().start();
    stopped.push(elsewhere);
    backend.reply = (req, res) => {
      if (req.path === '/predict') {
        res.writeHead(307, { location: `${elsewhere.url}/predict` });
        res.end();
      } else json(res, { results: [] });
    };
    const m = await connected();
    const result = await predict(m);
    expect(result).toMatchObject({ ok: false, problem: 'redirect' });
    expect(result.ok ? '' : result.message).toContain(elsewhere.url);
    expect(elsewhere.received).toEqual([]);
    // the same host by another name is another origin
    backend.reply = (req, res) => {
      res.writeHead(308, { location: `${backend.url.replace('127.0.0.1', 'localhost')}/v2/predict` });
      res.end();
    };
    expect(await predict(m)).toMatchObject({ ok: false, problem: 'redirect' });
    // within the origin: followed, the body sent again (307/308)
    backend.reply = (req, res) => {
      if (req.path === '/predict') {
        res.writeHead(308, { location: '/v2/predict' });
        res.end();
      } else json(res, { results: [{ result: [region(TEXT, 'Paris', ['LOC'])] }] });
    };
    backend.received.length = 0;
    expect(succeeded(await predict(m)).proposals).toHaveLength(1);
    expect(backend.received.map((r) => [r.method, r.path, r.body.length > 0])).toEqual([
      ['POST', '/predict', true],
      ['POST', '/v2/predict', true],
    ]);
  });

  it('stops after a few redirects within the origin', async () => {
    backend.reply = (req, res) => {
      res.writeHead(307, { location: `${req.path}x` });
      res.end();
    };
    expect(await predict(await connected())).toMatchObject({ ok: false, problem: 'redirect' });
    expect(backend.received).toHaveLength(4);
  });

  it('passes on an HTTP error with the start of its body, on one line', async () => {
    backend.reply = (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`KeyError: 'text'\n${'x'.repeat(1000)}`);
    };
    const result = await predict(await connected());
    expect(result).toMatchObject({ ok: false, problem: 'http' });
    const message = result.ok ? '' : result.message;
    expect(message).toMatch(new RegExp(`^${backend.url}/predict answered HTTP 500: KeyError: 'text' x+…\\.$`));
    expect(message.length).toBeLessThan(300);
  });

  it('says when nothing answers at the URL', async () => {
    const m = await connected();
    await backend.stop();
    const result = await predict(m);
    expect(result).toMatchObject({ ok: false, problem: 'unreachable' });
    expect(result.ok ? '' : result.message).toContain(backend.url);
  });

  it('lists the proposals in text order: by start, then end, then label', async () => {
    // given in the reverse order: a later name, a longer span at the same start, two labels of one span
    backend.reply = (_req, res) =>
      json(res, { results: [{ result: [region(TEXT, 'Paris', ['LOC']), region(TEXT, 'Émile Zola', ['PER']), region(TEXT, 'Émile', ['PER', 'LOC'])], score: 0.5 }] });
    const result = succeeded(await predict(await connected()));
    const at = TEXT.indexOf('Émile');
    expect(result.proposals.map((p) => [p.start - at, p.end - at, p.label])).toEqual([
      [0, 5, 'LOC'],
      [0, 5, 'PER'],
      [0, 10, 'PER'],
      [TEXT.indexOf('Paris') - at, TEXT.indexOf('Paris') + 5 - at, 'LOC'],
    ]);
  });
});

describe('the connection check', () => {
  it('GETs <url>/health, as Label Studio’s SDK answers it', async () => {
    backend.reply = (_req, res) => json(res, { status: 'UP', model_class: 'SpacyMLBackend' });
    const m = await connected();
    expect(await m.check()).toEqual({ ok: true, url: backend.url, status: 'UP', modelClass: 'SpacyMLBackend' });
    expect(backend.received.map((r) => [r.method, r.path, r.body])).toEqual([['GET', '/health', '']]);
    expect(asked).toEqual([backend.url]);
  });

  it('refuses a health answer that is not a JSON object', async () => {
    backend.reply = (_req, res) => json(res, ['UP']);
    expect(await (await connected()).check()).toMatchObject({ ok: false, problem: 'malformed' });
  });
});

describe('through the handler table', () => {
  function host(overrides: Partial<Host> = {}): Host {
    return {
      version: 't',
      userData,
      takePendingPaths: () => [],
      pickImportPaths: async () => null,
      pickSavePath: async () => null,
      pickFile: async () => null,
      pickFolder: async () => null,
      sendProgress: () => undefined,
      requestSnapshot: () => undefined,
      confirmBackend: async (url) => {
        asked.push(url);
        return answer;
      },
      ...overrides,
    };
  }
  const importer = { dispose: async () => undefined } as unknown as Importer;

  it('stores the URL in its canonical form in userData, and posts only there', async () => {
    const api = createApi(host(), importer);
    await expect(api.dispatch('suggest:backend', [])).resolves.toEqual({ url: null, consent: null });
    await expect(api.dispatch('suggest:setBackend', [`${backend.url}/`])).resolves.toEqual({ url: backend.url, consent: null });
    expect(JSON.parse(await readFile(join(userData, ML_BACKEND_FILE), 'utf8'))).toEqual({ url: backend.url, consents: {} });
    backend.reply = (_req, res) => json(res, { results: [{ result: [region('à Paris', 'Paris', ['LOC'])] }] });
    await expect(api.dispatch('suggest:predict', [{ documentId: 'd', text: 'à Paris', labels: ['LOC'] }])).resolves.toMatchObject({
      ok: true,
      proposals: [{ start: 2, end: 7, label: 'LOC' }],
    });
    expect(asked).toEqual([backend.url]);
    expect(JSON.parse(await readFile(join(userData, ML_BACKEND_FILE), 'utf8'))).toEqual({ url: backend.url, consents: { [backend.url]: 'allowed' } });
  });

  it('asks through the one-dialog-at-a-time guard: while a file dialog is open, nothing is asked or sent', async () => {
    let close = () => undefined as void;
    const api = createApi(
      host({
        pickFile: () =>
          new Promise<string | null>((resolve) => {
            close = () => resolve(null);
          }),
      }),
      importer,
    );
    await api.dispatch('suggest:setBackend', [backend.url]);
    const open = api.dispatch('backup:open', []);
    await expect(api.dispatch('suggest:predict', [{ documentId: 'd', text: 'Paris', labels: ['LOC'] }])).rejects.toThrow('another dialog is already open');
    expect(asked).toEqual([]);
    expect(backend.received).toEqual([]);
    close();
    await open;
    await expect(api.dispatch('suggest:checkBackend', [])).resolves.toMatchObject({ ok: true });
    expect(asked).toEqual([backend.url]);
  });
});
