// Hostile containers against the real Importer and extraction worker, one fresh Node process each:
// time to the verdict, the process's resident memory before and at its peak (the worker is a thread
// of that process, so its memory is in the same figure), and what the import said. Not a test.
//   node tests/bench/bombs.mjs [case…]
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Importer } from '../../src-main/services/importer';
import { bratBomb, docxBomb, flatePdf, manyPagesPdf, odtBomb } from '../fixtures/bombs';

const MiB = 1024 * 1024;

export const CASES: Record<string, { file: string; make: () => Uint8Array; what: string }> = {
  'brat-1g': { file: 'brat-1g.zip', make: () => bratBomb(1024 * MiB), what: 'brat zip, one .txt of 1 GiB' },
  'brat-400m': { file: 'brat-400m.zip', make: () => bratBomb(400 * MiB), what: 'brat zip, one .txt of 400 MiB' },
  'docx-1g': { file: 'big.docx', make: () => docxBomb(1024 * MiB, 'Lorem ipsum dolor sit amet. '.repeat(36)), what: '.docx, document.xml of 1 GiB' },
  'docx-tiny': { file: 'tiny.docx', make: () => docxBomb(60 * MiB, 'a'), what: '.docx, 60 MiB of one-letter paragraphs' },
  'odt-tiny': { file: 'tiny.odt', make: () => odtBomb(60 * MiB, 'a'), what: '.odt, 60 MiB of one-letter paragraphs' },
  'pdf-20000': { file: 'pages.pdf', make: () => manyPagesPdf(20_000), what: 'PDF of 20,000 pages' },
  'pdf-flate-1g': { file: 'flate.pdf', make: () => flatePdf(1024 * MiB), what: 'PDF, one page whose content stream inflates to 1 GiB' },
  // The fixed cost of one import (the worker starting and loading its readers), for comparison.
  'txt-tiny': { file: 'tiny.txt', make: () => new TextEncoder().encode('Une ligne.\n'), what: 'one line of text (the fixed cost)' },
  // Large files that are not hostile must still import under the same limits.
  'txt-94m': { file: 'big.txt', make: () => new TextEncoder().encode('Élève à l’école, ça a été très bien.\n'.repeat(2_100_000)), what: 'plain text of 94 MiB (accented)' },
  'docx-40m': { file: 'long.docx', make: () => docxBomb(40 * MiB, 'Le conseil municipal a voté le budget de la bibliothèque. '.repeat(12)), what: '.docx, 40 MiB document.xml of long paragraphs' },
};

async function main(): Promise<void> {
  const [dir, workerPath, name] = process.argv.slice(2) as [string, string, string];
  const c = CASES[name];
  if (!c) throw new Error(`unknown case ${name}`);
  const path = join(dir, c.file);
  await mkdir(dir, { recursive: true });
  if (!existsSync(path)) await writeFile(path, c.make());
  // Whatever making the bomb cost is not the import's: measure from a fresh process state.
  if (process.argv.includes('--make')) return;
  const importer = new Importer({ workerPath, concurrency: 1 });
  const rssBefore = process.memoryUsage.rss();
  const t0 = performance.now();
  const res = await importer.run([path], () => {});
  const ms = performance.now() - t0;
  const peak = process.resourceUsage().maxRSS * 1024;
  await importer.dispose();
  const outcome = res.failures[0]?.message ?? `imported (${res.documents.map((d) => d.text.length).join(', ')} characters)`;
  process.stdout.write(JSON.stringify({ name, what: c.what, ms, rssBefore, peak, outcome }) + '\n');
}

await main();
