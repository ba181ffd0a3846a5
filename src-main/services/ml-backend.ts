// A model served by the user: a Label Studio ML backend (github.com/HumanSignal/label-studio-ml-backend),
// so that existing backends work unchanged. This is the one place Glose talks to a network, and only
// once the user has set a URL here (off by default) and said yes to sending documents to it.
//
//   POST <url>/predict  {"tasks": [{"id": 1, "data": {"text"}}], "label_config": "<View>…</View>"}
//   answer              {"results": [{"result": [{"from_name", "to_name", "type": "labels",
//                         "value": {"start", "end", "text", "labels": [...]}, "score"?}],
//                         "score"?, "model_version"?}]}   (older backends: the bare list)
//   GET  <url>/health   {"status": "UP", "model_class": "…"}
//
// Offsets in the answer count code points (Python's string indexes, as Label Studio stores them):
// they are turned into UTF-16 code units here.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { MlBackendFailure, MlBackendHealth, MlBackendProblem, MlBackendStatus, MlDropped, MlPredictRequest, MlPrediction, MlProposal } from '../contract';
import { CodePointIndex, rangeProblem } from '../formats/offsets';
import { writeFileAtomic } from './files';
import { isSafeExternalUrl, originOf } from './policy';

/** The settings file, in userData: the URL and the user's answer for each URL asked about. */
export const ML_BACKEND_FILE = 'ml-backend.json';

const PREDICT_TIMEOUT_MS = 60_000;
const HEALTH_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/** redirects followed within the backend's origin (a trailing slash, a moved route) */
const MAX_REDIRECTS = 3;
/** what an HTTP error's body may add to its message */
const ERROR_SNIPPET = 200;

/**
 * A backend's base URL: http or https with a host, no user name or password, no query or fragment
 * (requests go to <url>/predict and <url>/health). Kept without a trailing slash.
 */
export const backendUrlSchema = z
  .string()
  .max(2048)
  .refine(isBackendUrl, 'a model URL must be http:// or https:// with a host, and no user name, password, query or fragment')
  .transform(canonicalUrl);

function isBackendUrl(url: string): boolean {
  if (!isSafeExternalUrl(url)) return false;
  const u = new URL(url);
  return u.search === '' && u.hash === '' && !url.includes('?') && !url.includes('#');
}

function canonicalUrl(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

const settingsSchema = z.object({
  url: backendUrlSchema.nullable(),
  consents: z.record(z.string().max(2048), z.enum(['allowed', 'declined'])),
});
type Settings = z.infer<typeof settingsSchema>;

const OFF: Settings = { url: null, consents: {} };

const labelsValue = z.looseObject({
  start: z.number(),
  end: z.number(),
  text: z.string().optional(),
  labels: z.array(z.string()),
});
const region = z.looseObject({ type: z.string(), value: z.unknown().optional(), score: z.number().nullish() });
const prediction = z.looseObject({
  result: z.array(region),
  score: z.number().nullish(),
  model_version: z.union([z.string(), z.number()]).nullish(),
});
/** Label Studio's SDK answers {"results": [...]}; older backends, the bare list. */
const predictions = z.array(prediction);
const healthResponse = z.looseObject({ status: z.string().optional(), model_class: z.string().optional() });

export interface MlBackendOptions {
  /** the app's data folder: the settings file goes there */
  userData: string;
  /** asks the user whether documents may go to `url` (a native dialog in Electron) */
  confirm(url: string): Promise<boolean>;
  predictTimeoutMs?: number;
  healthTimeoutMs?: number;
  maxResponseBytes?: number;
}

type Exchange = { ok: true; body: unknown } | MlBackendFailure;

export class MlBackend {
  readonly #options: MlBackendOptions;
  readonly #path: string;
  #settings: Settings | null = null;
  /** one question per URL at a time: calls made while the user decides wait for the same answer */
  #asking: { url: string; answer: Promise<boolean> } | null = null;
  /** writes of the settings file, one after the other */
  #writing: Promise<unknown> = Promise.resolve();

  constructor(options: MlBackendOptions) {
    this.#options = options;
    this.#path = join(options.userData, ML_BACKEND_FILE);
  }

  async status(): Promise<MlBackendStatus> {
    const { url, consents } = await this.#load();
    return { url, consent: url === null ? null : (consents[url] ?? null) };
  }

  /** Sets the URL (already parsed by backendUrlSchema), or switches off with null. Setting a URL again asks again if the user said no. */
  async set(url: string | null): Promise<MlBackendStatus> {
    const current = await this.#load();
    const consents = { ...current.consents };
    if (url !== null && consents[url] === 'declined') delete consents[url];
    await this.#save({ url, consents });
    return this.status();
  }

  async check(): Promise<MlBackendHealth | MlBackendFailure> {
    const url = await this.#permitted();
    if (typeof url !== 'string') return url;
    const answer = await this.#exchange(`${url}/health`, 'GET', undefined, this.#options.healthTimeoutMs ?? HEALTH_TIMEOUT_MS);
    if (!answer.ok) return answer;
    const health = healthResponse.safeParse(answer.body);
    if (!health.success) return failure('malformed', `${url}/health did not answer as a Label Studio ML backend does (a JSON object).`);
    return { ok: true, url, status: health.data.status ?? null, modelClass: health.data.model_class ?? null };
  }

  async predict(request: MlPredictRequest): Promise<MlPrediction | MlBackendFailure> {
    const url = await this.#permitted();
    if (typeof url !== 'string') return url;
    const body = JSON.stringify({ tasks: [{ id: 1, data: { text: request.text } }], label_config: labelConfig(request.labels) });
    const answer = await this.#exchange(`${url}/predict`, 'POST', body, this.#options.predictTimeoutMs ?? PREDICT_TIMEOUT_MS);
    if (!answer.ok) return answer;
    const bare = Array.isArray(answer.body);
    const where: (string | number)[] = bare ? [] : ['results'];
    const parsed = predictions.safeParse(bare ? answer.body : (answer.body as { results?: unknown } | null)?.results);
    if (!parsed.success) return failure('malformed', `${url}/predict did not answer in Label Studio's format (${issueOf(parsed.error, where)}).`);
    // one task was sent: its prediction is the first
    const first = parsed.data[0];
    const regions = first?.result ?? [];
    for (const [i, r] of regions.entries()) {
      if (r.type !== 'labels') continue;
      const value = labelsValue.safeParse(r.value);
      if (!value.success) return failure('malformed', `${url}/predict did not answer in Label Studio's format (${issueOf(value.error, [...where, 0, 'result', i, 'value'])}).`);
    }
    const { proposals, dropped } = toProposals(request, regions, first?.score ?? null);
    const version = first?.model_version ?? null;
    return { ok: true, documentId: request.documentId, url, modelVersion: version === null ? null : String(version), proposals, dropped };
  }

  /** The URL to call, once the user has said yes to it (asked at the first call); else why not. */
  async #permitted(): Promise<string | MlBackendFailure> {
    const { url, consents } = await this.#load();
    if (url === null) return failure('off', 'No model is set: give its URL in Settings first.');
    const known = consents[url];
    const allowed = known === undefined ? await this.#ask(url) : known === 'allowed';
    return allowed ? url : failure('declined', `Documents are not sent to ${url}: you said no. Set the URL again to be asked again.`);
  }

  async #ask(url: string): Promise<boolean> {
    if (this.#asking?.url === url) return this.#asking.answer;
    const answer = this.#options.confirm(url);
    this.#asking = { url, answer };
    try {
      const allowed = await answer;
      const latest = await this.#load();
      await this.#save({ ...latest, consents: { ...latest.consents, [url]: allowed ? 'allowed' : 'declined' } });
      return allowed;
    } finally {
      if (this.#asking?.answer === answer) this.#asking = null;
    }
  }

  async #load(): Promise<Settings> {
    if (this.#settings) return this.#settings;
    let settings = OFF;
    try {
      const parsed = settingsSchema.safeParse(JSON.parse(await readFile(this.#path, 'utf8')));
      if (parsed.success) settings = parsed.data;
    } catch {
      // no file yet, or one that does not read: off, as by default
    }
    this.#settings ??= settings;
    return this.#settings;
  }

  async #save(settings: Settings): Promise<void> {
    this.#settings = settings;
    const write = this.#writing.then(async () => {
      await mkdir(this.#options.userData, { recursive: true });
      return writeFileAtomic(this.#path, JSON.stringify(settings, null, 2));
    });
    this.#writing = write.catch(() => undefined);
    await write;
  }

  async #exchange(target: string, method: 'GET' | 'POST', body: string | undefined, timeoutMs: number): Promise<Exchange> {
    const cap = this.#options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const origin = originOf(target);
    try {
      let url = target;
      for (let hop = 0; ; hop++) {
        const res = await fetch(url, {
          method,
          body,
          headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
          redirect: 'manual',
          signal: controller.signal,
        });
        const location = res.headers.get('location');
        if (res.status >= 300 && res.status < 400 && location !== null) {
          await res.body?.cancel();
          const next = new URL(location, url);
          if (originOf(next.href) !== origin) return failure('redirect', `${target} redirected to ${originOf(next.href)}: Glose sends documents only to the URL you set, so it did not follow.`);
          if (hop >= MAX_REDIRECTS) return failure('redirect', `${target} redirected more than ${MAX_REDIRECTS} times.`);
          // as fetch does: 307 and 308 repeat the request, the others turn it into a GET
          if (res.status !== 307 && res.status !== 308) [method, body] = ['GET', undefined];
          url = next.href;
          continue;
        }
        const text = await readCapped(res, cap, controller);
        if (text === null) return failure('too-large', `${target} answered with more than ${formatBytes(cap)}; Glose read no further.`);
        if (!res.ok) return failure('http', `${target} answered HTTP ${res.status}${snippet(text)}.`);
        try {
          return { ok: true, body: JSON.parse(text) as unknown };
        } catch {
          return failure('malformed', `${target} did not answer with JSON.`);
        }
      }
    } catch (err) {
      if (timedOut) return failure('timeout', `${target} did not answer within ${Math.round(timeoutMs / 1000)} s.`);
      return failure('unreachable', `Nothing answers at ${target} (${reasonOf(err)}). Is the model running?`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The labeling config a Label Studio project would send: one Labels control over one Text object. */
function labelConfig(labels: readonly string[]): string {
  const items = labels.map((l) => `    <Label value="${escapeAttribute(l)}"/>`).join('\n');
  return `<View>\n  <Labels name="label" toName="text">\n${items}\n  </Labels>\n  <Text name="text" value="$text"/>\n</View>`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The answer's spans in UTF-16 offsets, each checked against the text and the project's labels. */
function toProposals(
  request: Pick<MlPredictRequest, 'text' | 'labels'>,
  regions: readonly z.infer<typeof region>[],
  predictionScore: number | null,
): { proposals: MlProposal[]; dropped: MlDropped } {
  const dropped: MlDropped = { notSpans: 0, badRange: 0, textMismatch: 0, unknownLabel: 0, duplicate: 0 };
  const byUpper = new Map<string, string>();
  for (const label of request.labels) if (!byUpper.has(label.toUpperCase())) byUpper.set(label.toUpperCase(), label);
  const index = new CodePointIndex(request.text);
  const kept = new Map<string, MlProposal>();
  for (const r of regions) {
    const value = r.type === 'labels' ? labelsValue.safeParse(r.value) : null;
    if (!value?.success) {
      dropped.notSpans++;
      continue;
    }
    const { start: cpStart, end: cpEnd, text: quoted, labels } = value.data;
    if (rangeProblem(cpStart, cpEnd, index.length) !== undefined) {
      dropped.badRange++;
      continue;
    }
    const start = index.toUtf16(cpStart);
    const end = index.toUtf16(cpEnd);
    const text = request.text.slice(start, end);
    if (quoted !== undefined && quoted !== text) {
      dropped.textMismatch++;
      continue;
    }
    const score = r.score ?? predictionScore;
    for (const name of labels) {
      const label = byUpper.get(name.toUpperCase());
      if (label === undefined) {
        dropped.unknownLabel++;
        continue;
      }
      const key = `${start}:${end}:${label}`;
      const before = kept.get(key);
      if (before) {
        dropped.duplicate++;
        if ((score ?? -Infinity) > (before.score ?? -Infinity)) before.score = score;
        continue;
      }
      kept.set(key, { start, end, label, text, score });
    }
  }
  const proposals = [...kept.values()].sort((a, b) => a.start - b.start || a.end - b.end || a.label.localeCompare(b.label));
  return { proposals, dropped };
}

/** The body as text, or null once it passes `cap` bytes (the request is then aborted). */
async function readCapped(res: Response, cap: number, controller: AbortController): Promise<string | null> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > cap) {
    controller.abort();
    return null;
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      controller.abort();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function failure(problem: MlBackendProblem, message: string): MlBackendFailure {
  return { ok: false, problem, message };
}

function issueOf(error: z.ZodError, prefix: (string | number)[] = []): string {
  const issue = error.issues[0];
  const path = [...prefix, ...(issue?.path ?? [])].map(String).join('.');
  return `${path === '' ? 'the answer' : path}: ${issue?.message ?? 'rejected'}`;
}

/** The start of an error page, on one line, for the message: Label Studio's SDK answers 500 with the exception. */
function snippet(text: string): string {
  // eslint-disable-next-line no-control-regex
  const line = text.replace(/[\x00-\x1f\x7f]+/g, ' ').trim();
  if (line === '') return '';
  return `: ${line.length > ERROR_SNIPPET ? `${line.slice(0, ERROR_SNIPPET)}…` : line}`;
}

function reasonOf(err: unknown): string {
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return err instanceof Error ? err.message : String(err);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}
