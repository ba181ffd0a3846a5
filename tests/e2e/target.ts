// Which e2e target runs: Electron where its binary is installed, else the system Chromium with the bridge.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export type Target = { kind: 'electron'; binary: string } | { kind: 'chromium'; executable: string };

export function electronBinary(): string | null {
  const dir = join(process.cwd(), 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

export function chromiumExecutable(): string | null {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on PATH
    }
  }
  return null;
}

/** GLOSE_E2E_TARGET forces a target; otherwise Electron when installed, else Chromium. */
export function pickTarget(): Target {
  const forced = process.env['GLOSE_E2E_TARGET'];
  const electron = forced === 'chromium' ? null : electronBinary();
  if (electron) return { kind: 'electron', binary: electron };
  if (forced === 'electron') throw new Error('GLOSE_E2E_TARGET=electron but the Electron binary is not installed');
  const chromium = chromiumExecutable();
  if (chromium) return { kind: 'chromium', executable: chromium };
  throw new Error('no e2e target: the Electron binary is not installed and no Chromium was found (set CHROMIUM_PATH)');
}

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
];
