// Worker thread: reads one file and extracts its text, so the main process never blocks on parsing.
import { parentPort } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';
import { extract, ExtractError } from './index';
import type { WorkerRequest, WorkerResponse } from './protocol';

parentPort?.on('message', (req: WorkerRequest) => {
  void handle(req).then((res) => parentPort?.postMessage(res));
});

async function handle(req: WorkerRequest): Promise<WorkerResponse> {
  try {
    const bytes = new Uint8Array(await readFile(req.path));
    const extracted = await extract(bytes, req.name);
    return { id: req.id, ok: true, extracted };
  } catch (err) {
    if (err instanceof ExtractError) return { id: req.id, ok: false, code: err.code, message: err.message };
    const message = err instanceof Error ? err.message : String(err);
    return { id: req.id, ok: false, code: 'corrupt', message: `could not be read: ${message}` };
  }
}
