// A batch whose paths are all missing is answered without starting a worker: each path is failed as
// not found, and each is listed among the batch's files, in the order given (the renderer reads the
// list to tell which files the batch covered).
import { describe, expect, it } from 'vitest';
import { Importer } from '../../../src-main/services/importer';

describe('an import of missing paths', () => {
  it('fails each as not found and lists it among the files of the batch', async () => {
    // no worker is started for paths that are not there: the script's path is never read
    const importer = new Importer({ workerPath: '/nowhere/extract-worker.mjs', concurrency: 1 });
    const paths = ['/nowhere/b.txt', '/nowhere/a.txt'];
    const result = await importer.run(paths, () => {});
    expect(result.files).toEqual(paths);
    expect(result.failures.map((f) => [f.path, f.code])).toEqual([
      ['/nowhere/b.txt', 'not-found'],
      ['/nowhere/a.txt', 'not-found'],
    ]);
    expect(result.documents).toEqual([]);
    await importer.dispose();
  });
});
