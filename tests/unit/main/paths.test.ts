// A compromised page reads nothing the user did not choose. Every function of window.glose (the built
// preload) is called with paths to canary files, in every shape a page could give them, through the
// built main bundle; every path main hands to the file system or to its extraction workers is
// recorded. The canaries are never touched; the file the (stubbed) dialog returned, and a file really
// dropped, are — so the recording works and the channels are not simply closed.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GloseApi } from '../../../src-main/contract';
import { sampleSnapshot } from '../services/backup-sample';
import { closeAll, loadMain, loadPreload, OUT } from './harness';

let world: string;
let canary: string;
let chosen: string;

beforeAll(async () => {
  world = await mkdtemp(join(tmpdir(), 'glose-canaries-'));
  canary = join(world, 'canary');
  chosen = join(world, 'chosen');
  await mkdir(join(canary, 'folder'), { recursive: true });
  await mkdir(chosen);
  await writeFile(join(canary, 'secret.txt'), 'the canary sings');
  await writeFile(join(canary, 'folder', 'inner.md'), '# the canary sings');
  // a link named like a text file, to a file outside what the user chose
  await symlink(join(canary, 'secret.txt'), join(canary, 'link.txt'));
  await writeFile(join(chosen, 'chosen.txt'), 'the user chose this one');
  await writeFile(join(chosen, 'dropped.txt'), 'the user dropped this one');
});
afterAll(async () => {
  await rm(world, { recursive: true, force: true });
});
afterEach(closeAll);

function pageMadeFile(name: string, path?: string): File {
  const f = new File(['x'], name);
  if (path) Object.defineProperty(f, 'path', { value: path });
  return f;
}

describe('paths from the page, through the built preload and main bundle', () => {
  it('no function of window.glose reads a path the user did not choose', async () => {
    const secret = join(canary, 'secret.txt');
    const canaries = [secret, join(canary, 'folder'), join(canary, 'link.txt'), `file://${secret}`, `${chosen}/../canary/secret.txt`, 'secret.txt', canary];
    const touched: string[] = [];
    const userData = await mkdtemp(join(tmpdir(), 'glose-canary-userdata-'));
    const h = await loadMain({
      touched,
      userData,
      answerDialogs: (kind) => (kind === 'open' ? [join(chosen, 'chosen.txt')] : [join(chosen, 'saved.out')]),
    });
    await h.start();
    const page = await loadPreload((channel, args) => Promise.resolve(h.invoke(channel, args)));
    const glose = page.exposed.get('glose') as GloseApi;
    const dropped = new File(['x'], 'dropped.txt');
    page.realFiles.set(dropped, join(chosen, 'dropped.txt'));

    const doc = { name: secret, text: 'Paris', meta: { format: 'txt', hash: 'h', sourcePath: secret, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } }, spans: [], relations: [] };
    const shapes: unknown[] = [
      ...canaries,
      canaries,
      { path: secret },
      { paths: canaries },
      { files: canaries, folders: true },
      { limitBytes: 1000, folders: true, path: secret },
      { defaultName: secret, content: 'x' },
      { defaultName: 'secret.txt', content: 'x', path: secret },
      { format: 'doccano', defaultName: 'secret.txt', documents: [doc], path: secret },
      { ...sampleSnapshot(), path: secret },
      pageMadeFile(secret),
      pageMadeFile('secret.txt', secret),
      [pageMadeFile('secret.txt', secret), pageMadeFile(secret)],
      [{ name: 'secret.txt', path: secret }],
      { name: 'secret.txt', path: secret },
    ];
    const callable = glose as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const calls: string[] = [];
    for (const method of Object.keys(glose).filter((m) => m !== 'on' && m !== 'backupQuitReady')) {
      for (const shape of shapes) {
        for (const args of [[shape], [shape, shape], [{ limitBytes: 1000 }, shape]]) {
          calls.push(method);
          await Promise.resolve()
            .then(() => callable[method]?.(...args))
            .catch(() => undefined);
        }
      }
    }
    expect(calls.length).toBeGreaterThan(500);
    // what the user chose: a dialog's answer, a real drop
    await glose.importPick();
    await glose.importDropped([dropped]);

    const inWorld = touched.filter((p) => p.startsWith(world + sep));
    expect(inWorld.filter((p) => p.startsWith(canary))).toEqual([]);
    expect(inWorld).toContain(join(chosen, 'chosen.txt'));
    expect(inWorld).toContain(join(chosen, 'dropped.txt'));
    // and nothing outside the app's own folders and what the user chose (a saved file's folder is synced too)
    const outside = touched.filter((p) => p !== userData && p !== chosen && ![OUT, userData, chosen].some((root) => p.startsWith(root + sep)));
    expect(outside).toEqual([]);
    await rm(userData, { recursive: true, force: true });
  });
});
