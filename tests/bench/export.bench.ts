// Exporting a whole workspace (500 documents, 100,000 spans, 5,000 relations) in every format: each
// format module's serialize() called directly in Node, as the main process does.
import { test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PortableDocument, SchemaSpec } from '../../src-main/model';
import { collection, portable } from './lib/corpus';
import { measured, Results, RUNS, unmeasured, WARMUP } from './lib/report';

const FORMATS_DIR = join(process.cwd(), 'src-main', 'formats');
/** The formats the design names; formats/index.ts adds any others it lists. */
const KNOWN = ['doccano', 'conll', 'brat', 'w3c', 'labelstudio', 'spacy', 'csv'];

type Serializer = (docs: PortableDocument[]) => string | Uint8Array;

async function formatIds(): Promise<string[]> {
  if (!existsSync(join(FORMATS_DIR, 'index.ts'))) return KNOWN;
  const index = (await import('../../src-main/formats/index')) as { formats?: ReadonlyArray<{ id: string }> };
  return [...new Set([...KNOWN, ...(index.formats ?? []).map((f) => f.id)])];
}

/** The module's serializer (brat's writes a zip and takes the label schema), or null when there is none yet. */
async function serializer(id: string, schema: SchemaSpec): Promise<Serializer | null> {
  if (!existsSync(join(FORMATS_DIR, `${id}.ts`))) return null;
  const mod = (await import(`../../src-main/formats/${id}`)) as Record<string, unknown>;
  if (typeof mod['serialize'] === 'function') return (docs) => (mod['serialize'] as Serializer)(docs);
  if (typeof mod['serializeZip'] === 'function') {
    const zip = mod['serializeZip'] as (docs: PortableDocument[], schema: SchemaSpec) => Uint8Array;
    return (docs) => zip(docs, schema);
  }
  return null;
}

test('export: 500 documents, 100,000 spans, every format', async () => {
  const results = new Results('export');
  const docs = collection().map(portable);
  const spans = docs.reduce((n, d) => n + d.spans.length, 0);
  const schema = JSON.parse(readFileSync(join(process.cwd(), 'resources', 'schemas', 'news.json'), 'utf8')) as SchemaSpec;
  for (const id of await formatIds()) {
    const target = { median: 2000 };
    const scenario = `export ${docs.length} documents / ${spans.toLocaleString('en')} spans`;
    const serialize = await serializer(id, schema);
    if (!serialize) {
      results.add(unmeasured(`export-${id}`, scenario, 'ms', target, 'not yet', `no serializer in src-main/formats/${id}.ts yet`));
      continue;
    }
    try {
      const times: number[] = [];
      let bytes = 0;
      for (let run = 0; run < WARMUP + RUNS; run++) {
        const t0 = performance.now();
        const out = serialize(docs);
        const ms = performance.now() - t0;
        bytes = typeof out === 'string' ? Buffer.byteLength(out) : out.byteLength;
        if (run >= WARMUP) times.push(ms);
      }
      results.add(measured(`export-${id}`, scenario, 'ms', times, target, { note: `${(bytes / 1e6).toFixed(1)} MB out` }));
    } catch (err) {
      results.add(unmeasured(`export-${id}`, scenario, 'ms', target, 'error', err instanceof Error ? err.message.slice(0, 200) : String(err)));
    }
  }
});
