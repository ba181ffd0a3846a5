// Work packages: what Glose writes it reads back whole (emoji and all), an archive tool opens it, and a
// damaged, edited, oversized or foreign file is refused with its name, the part and the problem;
// a package that fails half-way leaves no file behind.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkPackage } from '../../../src-main/contract';
import { sha256Hex } from '../../../src-main/extract/text';
import { GUIDELINES, MANIFEST, packageFileName, readPackage, readPackageFile, writePackage } from '../../../src-main/services/work-package';
import { workPackageSchema } from '../../../src-main/services/schemas';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glose-package-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const TEXT = 'Angela Merkel 😀 a reçu Emmanuel Macron à Berlin.';
const at = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length });
const meta = (text: string) => ({ format: 'txt', hash: sha256Hex(text), normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } });

function sample(over: Partial<WorkPackage> = {}): WorkPackage {
  return {
    format: 'glose-package',
    version: 1,
    kind: 'handout',
    id: 'pkg-1',
    createdAt: 1_700_000_000_000,
    appVersion: '0.1.0',
    project: 'Sommets',
    annotator: 'Alice',
    from: 'Marie',
    blind: false,
    note: 'Tag people and places; leave titles out.',
    schema: {
      name: 'news',
      labels: [
        { name: 'PER', color: '#c2410c', hotkey: '1', description: 'A person, by name.' },
        { name: 'LOC', color: '#1d4ed8', hotkey: '3' },
      ],
      relations: [{ name: 'meets', source: ['PER'], target: ['PER'], directed: false }],
      categories: [{ name: 'topic', values: ['politics', 'sport'], multiple: false }],
    },
    documents: [
      {
        name: 'sommet.txt',
        text: TEXT,
        meta: meta(TEXT),
        layers: [
          { layer: 'Alice', status: 'in_progress', categories: ['politics'], spans: [{ key: 'a', ...at('Angela Merkel'), label: 'PER' }], relations: [] },
          {
            layer: 'Marie',
            status: 'done',
            categories: [],
            spans: [
              { key: 'm1', ...at('Emmanuel Macron'), label: 'PER', note: 'président' },
              { key: 'm2', ...at('Angela Merkel'), label: 'PER' },
            ],
            relations: [{ fromKey: 'm1', toKey: 'm2', type: 'meets' }],
          },
          { layer: '', status: 'in_progress', categories: [], spans: [{ ...at('Berlin'), label: 'LOC' }], relations: [] },
        ],
      },
      { name: 'vide.txt', text: 'Rien.', meta: meta('Rien.'), layers: [] },
    ],
    ...over,
  };
}

async function written(pkg: WorkPackage, name = 'out.zip'): Promise<{ path: string; bytes: Uint8Array }> {
  const path = join(dir, name);
  await writePackage(path, pkg);
  return { path, bytes: new Uint8Array(await readFile(path)) };
}

/** The package's entries as an archive tool sees them, one changed, zipped again. */
function rezipped(bytes: Uint8Array, change: (entries: Record<string, Uint8Array>) => void): Uint8Array {
  const entries = unzipSync(bytes);
  change(entries);
  return zipSync(entries);
}

describe('a work package, written and read back', () => {
  it('reads back exactly what was written, emoji, notes, relations and the curated layer included', async () => {
    const pkg = sample();
    const { path } = await written(pkg);
    const opened = await readPackageFile(path);
    expect(opened.fileName).toBe('out.zip');
    expect(opened.package).toEqual(pkg);
    expect(workPackageSchema.parse(opened.package)).toEqual(pkg);
  });

  it('is a zip any archive tool opens: a manifest, the schema, readable guidelines and one JSON per document', async () => {
    const { path } = await written(sample());
    const py = spawnSync('/usr/bin/python3', ['-c', 'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nm=json.loads(z.read("glose-package.json"))\nprint(json.dumps([z.namelist(), m["annotator"], [d["file"] for d in m["documents"]], json.loads(z.read(m["documents"][0]["file"]))["text"]]))', path], { encoding: 'utf8' });
    expect(py.stderr).toBe('');
    const [names, annotator, files, text] = JSON.parse(py.stdout) as [string[], string, string[], string];
    expect(names).toEqual([MANIFEST, 'schema.json', GUIDELINES, 'documents/0001.json', 'documents/0002.json']);
    expect(annotator).toBe('Alice');
    expect(files).toEqual(['documents/0001.json', 'documents/0002.json']);
    // Python reads the text in code points: the emoji is one character there, and the same text
    expect(text).toBe(TEXT);
    const guidelines = new TextDecoder().decode(unzipSync(new Uint8Array(await readFile(path)))[GUIDELINES]);
    expect(guidelines).toContain('Tag people and places; leave titles out.');
    expect(guidelines).toContain('- **PER** (key 1): A person, by name.');
    expect(guidelines).toContain('- **topic**: politics, sport');
  });

  it('proposes a file name saying for whom or from whom, with no character a file system refuses', () => {
    expect(packageFileName({ project: 'Sommets/2024: "G7"', kind: 'handout', annotator: 'Alice' })).toBe('Sommets-2024- -G7- - for Alice.zip');
    expect(packageFileName({ project: 'Sommets', kind: 'return', annotator: 'Alice' })).toBe('Sommets - from Alice.zip');
  });
});

describe('a package that cannot be used is refused, naming the file, the part and the problem', () => {
  const refused = (bytes: Uint8Array, limit?: number) => () => readPackage(bytes, 'alice.zip', limit);

  it('a file that is not a zip, or a zip that is not a package', () => {
    expect(refused(strToU8('{"format":"glose-backup"}'))).toThrow(/^alice\.zip: not a Glose work package/);
    expect(refused(zipSync({ 'notes.txt': strToU8('hello') }))).toThrow('alice.zip: not a Glose work package (it has no glose-package.json)');
  });

  it('a package from a newer Glose, and a manifest of the wrong shape', async () => {
    const { bytes } = await written(sample());
    const bump = (m: Record<string, unknown>) =>
      rezipped(bytes, (e) => {
        e[MANIFEST] = strToU8(JSON.stringify({ ...(JSON.parse(new TextDecoder().decode(e[MANIFEST])) as object), ...m }));
      });
    expect(refused(bump({ version: 2 }))).toThrow('alice.zip: made by a newer version of Glose (package format 2); update Glose to open it');
    expect(refused(bump({ annotator: '' }))).toThrow(/^alice\.zip: glose-package\.json: field annotator: /);
    expect(refused(bump({ documents: [{ file: '../../etc/passwd', name: 'x' }] }))).toThrow(/^alice\.zip: glose-package\.json: field documents\[0\]\.file: a document file is documents\/NNNN\.json/);
  });

  it('a document whose text was edited (its layers would point elsewhere), or a span past its text', async () => {
    const { bytes } = await written(sample());
    const edit = (f: (d: { text: string; layers: Array<{ spans: Array<{ end: number }> }> }) => void) =>
      rezipped(bytes, (e) => {
        const d = JSON.parse(new TextDecoder().decode(e['documents/0001.json'])) as { text: string; layers: Array<{ spans: Array<{ end: number }> }> };
        f(d);
        e['documents/0001.json'] = strToU8(JSON.stringify(d));
      });
    expect(
      refused(
        edit((d) => {
          d.text = d.text.replace('Berlin', 'Berlyn');
        }),
      ),
    ).toThrow('alice.zip: documents/0001.json: the text of "sommet.txt" does not match its hash: the file was changed or damaged');
    expect(
      refused(
        edit((d) => {
          const s = d.layers[0]?.spans[0];
          if (s) s.end = 10_000;
        }),
      ),
    ).toThrow(/^alice\.zip: documents\/0001\.json: field layers\[0\]\.spans: span 0–10000 is outside the text/);
    expect(
      refused(
        rezipped(bytes, (e) => {
          delete e['documents/0002.json'];
        }),
      ),
    ).toThrow('alice.zip: documents/0002.json is missing');
    expect(
      refused(
        rezipped(bytes, (e) => {
          e['documents/0002.json'] = new Uint8Array([0x7b, 0xff, 0xfe]);
        }),
      ),
    ).toThrow('alice.zip: documents/0002.json: not valid JSON in UTF-8');
  });

  it('a package that unpacks to more than the size limit, checked on what comes out, not what the zip claims', async () => {
    const { bytes } = await written(sample({ documents: [{ name: 'big.txt', text: 'a'.repeat(300_000), meta: meta('a'.repeat(300_000)), layers: [] }] }));
    expect(refused(bytes, 100_000)).toThrow(/^alice\.zip: expands to more than 98 KB once unpacked/);
    expect(() => readPackage(bytes, 'alice.zip', 1_000_000)).not.toThrow();
  });

  it('a package that takes longer than its time budget to read is stopped', async () => {
    const { bytes } = await written(sample());
    let clock = 0;
    // each look at the clock is a minute later
    expect(() => readPackage(bytes, 'alice.zip', undefined, () => (clock += 60_000))).toThrow(/^alice\.zip: took longer than 30 s to (unzip|parse)/);
  });

  it('a package stopped while its documents are checked names the document it had reached', async () => {
    const { bytes } = await written(sample());
    // how many times reading looks at the clock; then the same read, with the last look (the check
    // before the last document) an hour later
    let looks = 0;
    readPackage(bytes, 'alice.zip', undefined, () => (looks++, 0));
    const last = looks;
    looks = 0;
    const late = () => readPackage(bytes, 'alice.zip', undefined, () => (++looks >= last ? 3_600_000 : 0));
    expect(late).toThrow(/^alice\.zip: took longer than .* \(at documents\/\d+\.json\): stopped/);
    looks = 0;
    expect(late).toThrow(`(at documents/${String(sample().documents.length).padStart(4, '0')}.json)`);
  });

  it('a file too large on disk is refused before it is read, and a missing or empty one by name', async () => {
    const big = join(dir, 'big.zip');
    await writeFile(big, new Uint8Array(2048));
    await expect(readPackageFile(big, 1024)).rejects.toThrow('big.zip: too large: 2 KB, limit 1 KB');
    // a package of exactly the limit's size passes the check on disk (and is then refused for what it expands to)
    const { bytes } = await written(sample());
    const exact = join(dir, 'exact.zip');
    await writeFile(exact, bytes);
    await expect(readPackageFile(exact, bytes.length)).rejects.toThrow('exact.zip: expands to more than');
    await expect(readPackageFile(exact, bytes.length - 1)).rejects.toThrow('exact.zip: too large');
    await writeFile(join(dir, 'empty.zip'), '');
    await expect(readPackageFile(join(dir, 'empty.zip'))).rejects.toThrow('empty.zip: the file is empty');
    await expect(readPackageFile(join(dir, 'nowhere.zip'))).rejects.toThrow('nowhere.zip: the file cannot be found.');
  });
});

describe('nothing half-written', () => {
  it('a package that fails while it is written leaves the earlier file as it was and no temp file', async () => {
    const target = join(dir, 'keep.zip');
    await writeFile(target, 'earlier');
    const pkg = sample();
    // the second document cannot be encoded: the first was already written to the temp file
    (pkg.documents[1] as unknown as { meta: { size: bigint } }).meta.size = 1n;
    await expect(writePackage(target, pkg)).rejects.toThrow(/BigInt/);
    expect(await readFile(target, 'utf8')).toBe('earlier');
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
