// Which files of a folder are imported when it holds brat pairs (bratPairs, src-main/services/importer.ts):
// a .txt beside its .ann goes in with it, not again on its own, and brat's .conf files are left out.
// (importer.test.ts runs the whole import in worker threads; this runs the choice alone.)
import { describe, expect, it } from 'vitest';
import { bratPairs } from '../../../src-main/services/importer';

describe('bratPairs', () => {
  it('drops the .txt of each .ann pair and the .conf files, whatever the case, and keeps the rest in order', () => {
    const files = ['/c/a.txt', '/c/annotation.conf', '/c/A.ann', '/c/b.TXT', '/c/b.ann', '/c/visual.conf', '/c/lone.txt', '/c/notes.md'];
    expect(bratPairs(files)).toEqual(['/c/A.ann', '/c/b.ann', '/c/lone.txt', '/c/notes.md']);
  });

  it('without any .ann, keeps every file, .conf ones included', () => {
    const files = ['/c/a.txt', '/c/annotation.conf'];
    const kept = bratPairs(files);
    expect(kept).toEqual(files);
    expect(kept).not.toBe(files);
  });
});
