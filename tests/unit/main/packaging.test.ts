// Packaging, checked without Electron's download: the `build` section of package.json passes
// electron-builder's own validation (its JSON schema, app-builder-lib/scheme.json, through its own
// validator), names the installers and fuses we promise, ships an icon set that reads, and unpacks
// the extraction worker and all it imports from the ASAR; the built main bundle, run from inside a
// folder laid out as a packaged app, starts its worker from app.asar.unpacked.
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportBatchResult } from '../../../src-main/contract';
import { closeAll, loadMain, OUT } from './harness';

const require = createRequire(import.meta.url);
const builderLib = require.resolve('app-builder-lib/package.json');
const { validateConfiguration } = require(resolve(builderLib, '..', 'out/util/config/config.js')) as {
  validateConfiguration(config: unknown, debug: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
};
const minimatch = (require(createRequire(builderLib).resolve('minimatch')) as { minimatch: (path: string, pattern: string, options?: object) => boolean }).minimatch;

interface BuildConfig {
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  [key: string]: unknown;
}

const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { build: BuildConfig; scripts: Record<string, string>; dependencies: Record<string, string> };
const build = pkg.build;
const noDebug = { isEnabled: false, add: () => undefined };

afterEach(closeAll);

describe('the packaging configuration', () => {
  it('passes electron-builder’s own schema validation (and the validation does refuse a bad one)', async () => {
    await expect(validateConfiguration(build, noDebug)).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...build, electronFuse: build.electronFuses }, noDebug)).rejects.toThrow(/configuration has an unknown property 'electronFuse'/);
    await expect(validateConfiguration({ ...build, linux: { ...build.linux, targets: ['AppImage'] } }, noDebug)).rejects.toThrow(/configuration\.linux should be/);
    await expect(validateConfiguration({ ...build, electronFuses: { ...build.electronFuses, runAsNode: 'off' } }, noDebug)).rejects.toThrow(/runAsNode/);
  });

  it('builds AppImage and .deb on Linux, .dmg on macOS, NSIS on Windows, with `npm run dist`', () => {
    expect(build.linux.target).toEqual(['AppImage', 'deb']);
    expect(build.mac.target).toEqual(['dmg']);
    expect(build.win.target).toEqual(['nsis']);
    expect(pkg.scripts['dist']).toBe('electron-vite build && electron-builder --publish never');
  });

  it('turns the fuses off and on as docs/security.md says', () => {
    expect(build.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  it('unpacks the extraction worker, its chunks and every package it imports, and nothing of the renderer', async () => {
    const unpacked = (path: string) => build.asarUnpack.some((pattern) => minimatch(path, pattern, { dot: true }));
    expect(unpacked('out/main/extract-worker.js')).toBe(true);
    expect(unpacked('out/main/index.js')).toBe(false);
    expect(unpacked('out/renderer/index.html')).toBe(false);
    // what the worker loads, followed from its file through the chunks it imports
    const seen = new Set<string>();
    const packages = new Set<string>();
    const follow = async (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = await readFile(join(OUT, 'main', file), 'utf8');
      // static imports (one per line in the bundle) and dynamic ones
      const specs = [...code.matchAll(/^import\s+(?:[^;]+?\s+from\s+)?["']([^"']+)["'];?$/gm), ...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)];
      for (const [, spec] of specs) {
        if (!spec) continue;
        if (spec.startsWith('./')) await follow(join(file, '..', spec));
        else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string));
      }
    };
    await follow('extract-worker.js');
    expect([...seen].some((f) => f.startsWith(`chunks${sep}`))).toBe(true);
    expect(packages.size).toBeGreaterThan(5);
    for (const file of seen) expect(unpacked(`out/main/${file.split(sep).join('/')}`), file).toBe(true);
    for (const name of packages) {
      expect(Object.keys(pkg.dependencies), `${name} is imported by the worker but not a dependency`).toContain(name);
      expect(unpacked(`node_modules/${name}/package.json`), name).toBe(true);
    }
    // the renderer's own packages are bundled into out/renderer: left out of the app
    for (const name of ['dexie', '@fontsource/inter', '@fontsource/literata']) {
      expect(build.files, name).toContain(`!**/node_modules/${name.split('/')[0]}/**`);
      expect(packages.has(name)).toBe(false);
    }
  });

  it('ships an icon set: PNGs from 16 to 1024 px, an .ico and an .icns that hold them', async () => {
    const pngSize = (bytes: Buffer) => {
      expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
      return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
    };
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngSize(await readFile(join(build.linux.icon, `${size}x${size}.png`)))).toEqual([size, size]);
    }
    const ico = await readFile(build.win.icon);
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico.readUInt8(6 + i * 16) || 256);
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
    const last = 6 + (sizes.length - 1) * 16;
    expect(pngSize(ico.subarray(ico.readUInt32LE(last + 12)))).toEqual([256, 256]);
    const icns = await readFile(build.mac.icon);
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      types.push(icns.toString('ascii', at, at + 4));
      pngSize(icns.subarray(at + 8));
    }
    expect(types).toEqual(['ic11', 'ic12', 'ic07', 'ic13', 'ic08', 'ic14', 'ic09', 'ic10']);
  });
});

describe('the built main bundle, laid out as a packaged app', () => {
  it('starts the extraction worker from app.asar.unpacked, and it works from there', async () => {
    const root = await mkdtemp(join(tmpdir(), 'glose-packaged-'));
    try {
      // resources/app.asar stands for the archive (a folder here), app.asar.unpacked for what asarUnpack keeps out of it
      const asar = join(root, 'resources', 'app.asar');
      const unpackedDir = join(root, 'resources', 'app.asar.unpacked');
      await cp(OUT, join(asar, 'out'), { recursive: true });
      await mkdir(join(unpackedDir, 'out', 'main'), { recursive: true });
      await cp(join(OUT, 'main', 'extract-worker.js'), join(unpackedDir, 'out', 'main', 'extract-worker.js'));
      await cp(join(OUT, 'main', 'chunks'), join(unpackedDir, 'out', 'main', 'chunks'), { recursive: true });
      for (const dir of [asar, unpackedDir]) await symlink(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
      await writeFile(join(asar, 'package.json'), JSON.stringify({ type: 'module' }));
      await writeFile(join(unpackedDir, 'package.json'), JSON.stringify({ type: 'module' }));
      await writeFile(join(root, 'note.txt'), 'Ouvert depuis un paquet.\n');

      const touched: string[] = [];
      const h = await loadMain({ out: join(asar, 'out'), packaged: true, argv: [join(root, 'note.txt')], touched });
      await h.start();
      const result = (await h.invoke('import:pending', [])) as ImportBatchResult;
      expect(result.failures).toEqual([]);
      expect(result.documents.map((d) => d.text)).toEqual(['Ouvert depuis un paquet.\n']);
      expect(touched).toContain(join(unpackedDir, 'out', 'main', 'extract-worker.js'));
      expect(touched).not.toContain(join(asar, 'out', 'main', 'extract-worker.js'));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
