// The reader-pack builder hands the worker's answers on (to `onAnswer`), and logs a failed build.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PackBuilder, type PackWorker } from '$db/pack-builder';
import type { PackAnswer } from '$db/pack-worker';

describe("the builder's answers", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('are handed on as the worker sends them, a failure logged with how many documents it left unbuilt', () => {
    vi.useFakeTimers();
    const worker: PackWorker = { postMessage: () => {}, onmessage: null };
    const builder = new PackBuilder('glose', { delayMs: 10, makeWorker: () => worker });
    const got: PackAnswer[] = [];
    builder.onAnswer = (a) => got.push(a);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    builder.request('d1');
    vi.advanceTimersByTime(10);
    const built: PackAnswer = { kind: 'built', docIds: ['d1'], stored: 1 };
    const failed: PackAnswer = { kind: 'error', docIds: ['d1', 'd2'], message: 'disk full' };
    worker.onmessage?.({ data: built });
    worker.onmessage?.({ data: failed });
    expect(got).toEqual([built, failed]);
    expect(warn.mock.calls).toEqual([['reader packs of 2 document(s) not built: disk full']]);
  });
});
