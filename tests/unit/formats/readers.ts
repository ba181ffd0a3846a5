// Runs the readers of tests/readers with Debian's Python, which holds the modules they need
// (python3-jsonschema, python3-pyld). A missing interpreter or module fails the test with what to
// install; it never skips.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PYTHON = '/usr/bin/python3';
const READERS = new URL('../../readers/', import.meta.url).pathname;
export const CONFORMANCE = new URL('../../fixtures/formats/conformance/', import.meta.url).pathname;

function python(args: string[]): { status: number | null; output: string } {
  const run = spawnSync(PYTHON, args, { encoding: 'utf8' });
  if (run.error) throw new Error(`${PYTHON} cannot be run (${run.error.message}): install Debian's python3`);
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

/** Fails, saying what to install, unless Debian's Python imports every module. */
export function requireModules(...modules: string[]): void {
  for (const module of modules) {
    const { status, output } = python(['-c', `import ${module}`]);
    if (status !== 0) {
      throw new Error(`Python module "${module}" is missing from ${PYTHON}: install Debian's python3-${module} (.ci/run does). ${output}`);
    }
  }
}

/** A fresh folder for files a reader reads. */
export function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'glose-reader-'));
}

/** Writes `content` to a fresh file named `name`, and returns its path. */
export function scratchFile(name: string, content: string): string {
  const path = join(scratch(), name);
  writeFileSync(path, content);
  return path;
}

/** Runs tests/readers/<reader>.py; returns what it printed and whether it accepted the input. */
export function read(reader: string, ...args: string[]): { ok: boolean; output: string } {
  const { status, output } = python([join(READERS, `${reader}.py`), ...args]);
  return { ok: status === 0, output };
}
