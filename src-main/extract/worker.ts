// Worker thread: reads one file and extracts its text (or, for an annotated format, parses its
// documents and annotations), so the main process never blocks on parsing.
import { parentPort } from 'node:worker_threads';
import { FormatError } from '../formats/errors';
import { describeFormatError, describeProblems, OffsetUnitError, readAnnotatedFile } from './annotated';
import { ExtractError } from './errors';
import { extractFile } from './file';
import type { WorkerReady, WorkerRequest, WorkerResponse } from './protocol';
import { errorWords, useLocale } from '../i18n/current';

parentPort?.on('message', (req: WorkerRequest) => {
  void handle(req).then((res) => parentPort?.postMessage(res));
});
// The modules above are loaded: the importer starts a file's time allowance from here.
parentPort?.postMessage({ ready: true } satisfies WorkerReady);

async function handle(req: WorkerRequest): Promise<WorkerResponse> {
  useLocale(req.locale ?? 'en');
  try {
    if (req.mode === 'annotated') {
      const { documents, offsetQuestion } = await readAnnotatedFile(req.path, req.name, req.limitBytes);
      return { id: req.id, ok: true, documents, ...(offsetQuestion ? { offsetQuestion } : {}) };
    }
    return { id: req.id, ok: true, document: await extractFile(req.path, req.name, req.limitBytes) };
  } catch (err) {
    if (err instanceof ExtractError) return { id: req.id, ok: false, code: err.code, message: err.message, ...(err.looksLike ? { looksLike: err.looksLike } : {}) };
    // malformed input: the file, every bad line and what is wrong; nothing of the file is imported
    if (err instanceof OffsetUnitError) return { ...malformed(req, err.error), offsetQuestion: err.offsetQuestion };
    if (err instanceof FormatError) return malformed(req, err);
    return { id: req.id, ok: false, ...describeFailure(err) };
  }
}

function malformed(req: WorkerRequest, err: FormatError): WorkerResponse {
  const details = err.total > 1 ? { details: describeProblems(err, req.name) } : {};
  return { id: req.id, ok: false, code: 'malformed', message: describeFormatError(err, req.name), ...details };
}

/** File-system and parser errors, in words. */
function describeFailure(err: unknown): { code: string; message: string } {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const words = errorWords();
  if (code === 'ENOENT') return { code: 'not-found', message: words.notFound };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'unreadable', message: words.unreadable };
  if (code === 'EISDIR') return { code: 'unsupported', message: words.notAFile };
  if (err instanceof RangeError && /call stack/i.test(err.message)) return { code: 'too-large', message: words.tooDeep };
  if (err instanceof RangeError) return { code: 'too-large', message: words.tooLargeForMemory };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'corrupt', message: words.couldNotRead(message) };
}
