// Annotated files through the Importer: routed by extension (and JSON by shape) to the format
// parsers in the real extraction worker, many documents per file, malformed files reported by line.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PortableDocument } from '../../../src-main/model';
import {
  annotatedKindOf,
  describeFormatError,
  jsonFormatOf,
  jsonlFormatOf,
  parseAnnotated,
  readAnnotatedFile,
  refusedAnnotated,
} from '../../../src-main/extract/annotated';
import { sha256Hex } from '../../../src-main/extract/text';
import { FormatError } from '../../../src-main/formats/errors';
import { bratPairs, Importer } from '../../../src-main/services/importer';
import { annotations } from '../formats/documents';

const FIXTURES = join(process.cwd(), 'tests', 'fixtures', 'formats');
const CURIE = 'Marie Curie 🧪 was born in Warsaw.\nShe moved to Paris in 1891.';

let buildDir: string;
let workerPath: string;
let dir: string;
let importer: Importer;

beforeAll(async () => {
  await mkdir(join(process.cwd(), '.tmp'), { recursive: true });
  buildDir = await mkdtemp(join(process.cwd(), '.tmp', 'annotated-test-'));
  workerPath = join(buildDir, 'extract-worker.mjs');
  await build({ entryPoints: ['src-main/extract/worker.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: workerPath, logLevel: 'error' });
  importer = new Importer({ workerPath, concurrency: 2 });
  dir = await mkdtemp(join(tmpdir(), 'glose-annotated-'));
}, 60_000);

afterAll(async () => {
  await importer.dispose();
  await rm(buildDir, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

describe('routing', () => {
  test('by extension: annotated formats, refused ones, and plain documents', () => {
    expect(['a.jsonl', 'a.JSON', 'a.jsonld', 'a.conll', 'a.zip', 'a.ann', 'a.tsv', 'a.txt', 'a.docx', 'a.csv'].map(annotatedKindOf)).toEqual([
      'jsonl',
      'json',
      'json',
      'conll',
      'zip',
      'ann',
      'tsv',
      undefined,
      undefined,
      undefined,
    ]);
    expect(refusedAnnotated('spans.csv')).toMatch(/holds spans without the document text/);
    expect(refusedAnnotated('corpus.spacy')).toMatch(/DocBin/);
    expect(refusedAnnotated('a.jsonl')).toBeUndefined();
  });

  test('JSON Lines by shape: Prodigy has an answer, a list of spans or head/child relations; spaCy has tokens, span groups, ents or scores', () => {
    expect(jsonlFormatOf('{"text": "a", "label": [[0, 1, "X"]]}\n')).toBe('doccano');
    expect(jsonlFormatOf('{"text": "a", "entities": [], "relations": [{"from_id": 1, "to_id": 2, "type": "r"}]}')).toBe('doccano');
    expect(jsonlFormatOf('\n{"text": "a", "spans": []}')).toBe('prodigy');
    expect(jsonlFormatOf('{"text": "a", "answer": "accept"}')).toBe('prodigy');
    expect(jsonlFormatOf('{"text": "a", "relations": [{"head": 0, "child": 1, "label": "r"}]}')).toBe('prodigy');
    expect(jsonlFormatOf('{"text": "a", "tokens": [], "spans": {"sc": []}}')).toBe('spacy');
    expect(jsonlFormatOf('{"text": "a", "ents": []}')).toBe('spacy');
    expect(jsonlFormatOf('{"text": "a", "cats": {"news": 1.0}}')).toBe('spacy');
    // a first line that is broken is skipped for the decision, and reported by the parser
    expect(jsonlFormatOf('{broken\n{"text": "a", "tokens": []}')).toBe('spacy');
    expect(jsonlFormatOf('{broken')).toBe('doccano');
  });

  test('JSON by shape: W3C collections or Label Studio tasks', () => {
    expect(jsonFormatOf([{ type: 'AnnotationCollection' }])).toBe('w3c');
    expect(jsonFormatOf({ '@context': 'http://www.w3.org/ns/anno.jsonld' })).toBe('w3c');
    expect(jsonFormatOf([{ data: { text: 'a' } }])).toBe('labelstudio');
    expect(jsonFormatOf([])).toBeUndefined();
    expect(jsonFormatOf({ foo: 1 })).toBeUndefined();
  });

  test('a brat folder: each .ann takes its .txt, configuration files are left out', () => {
    expect(bratPairs(['/c/a.ann', '/c/a.txt', '/c/annotation.conf', '/c/b.txt', '/c/visual.conf', '/c/glose-names.json', '/d/e.txt'])).toEqual(['/c/a.ann', '/c/b.txt', '/d/e.txt']);
    expect(bratPairs(['/x/notes.txt', '/x/annotation.conf'])).toEqual(['/x/notes.txt', '/x/annotation.conf']);
  });

  test('format errors read as "line N: …" after the file name, or name the file inside an archive', () => {
    expect(describeFormatError(new FormatError('a.jsonl', 3, 'not valid JSON'), 'a.jsonl')).toBe('line 3: not valid JSON');
    expect(describeFormatError(new FormatError('a.json', undefined, 'task 2: bad'), 'a.json')).toBe('task 2: bad');
    expect(describeFormatError(new FormatError('c.zip/doc.ann', 4, 'bad line'), 'c.zip')).toBe('doc.ann line 4: bad line');
  });

  test('an unknown .json shape is refused in words', () => {
    expect(() => parseAnnotated(strToU8('{"foo": 1}'), 'data.json')).toThrow(/must be a Label Studio export .* or W3C Web Annotation/);
  });

  test('.tsv by its first line: WebAnno TSV, or refused in words; a zip of .tsv files is WebAnno, not brat', async () => {
    const tsv = await readFile(join(FIXTURES, 'webanno', 'curie.tsv'));
    expect(parseAnnotated(tsv, 'curie.txt.tsv')).toMatchObject({ format: 'webanno', documents: [{ name: 'curie.txt', text: CURIE }] });
    expect(() => parseAnnotated(strToU8('word\tcount\n'), 'counts.tsv')).toThrow('counts.tsv line 1: not a file Glose can read: a .tsv file must be WebAnno TSV, whose first line is "#FORMAT=WebAnno TSV 3.3"');
    const zip = zipSync({ 'curie.txt.tsv': new Uint8Array(tsv) });
    expect(parseAnnotated(zip, 'project.zip').format).toBe('webanno');
  });
});

describe('importing annotated files', () => {
  test('every format of the fixtures, routed and read with its annotations, hash, path and size', async () => {
    const folder = join(dir, 'all');
    await mkdir(join(folder, 'brat'), { recursive: true });
    for (const name of ['curie.doccano.jsonl', 'curie.spacy.jsonl', 'curie.prodigy.jsonl', 'curie.conll', 'curie.labelstudio.json', 'curie.w3c.jsonld']) {
      await copyFile(join(FIXTURES, name), join(folder, name));
    }
    for (const name of ['curie.txt', 'curie.ann', 'annotation.conf']) await copyFile(join(FIXTURES, 'brat', name), join(folder, 'brat', name));
    const zip = zipSync({
      'annotation.conf': new Uint8Array(await readFile(join(FIXTURES, 'brat', 'annotation.conf'))),
      'docs/curie.txt': new Uint8Array(await readFile(join(FIXTURES, 'brat', 'curie.txt'))),
      'docs/curie.ann': new Uint8Array(await readFile(join(FIXTURES, 'brat', 'curie.ann'))),
    });
    await writeFile(join(folder, 'curie.brat.zip'), zip);
    await copyFile(join(FIXTURES, 'webanno', 'curie.tsv'), join(folder, 'curie.webanno.tsv'));

    const res = await importer.run([folder], () => {});
    expect(res.failures).toEqual([]);
    expect(res.files.map((f) => f.slice(folder.length + 1))).toEqual([
      'brat/curie.ann',
      'curie.brat.zip',
      'curie.conll',
      'curie.doccano.jsonl',
      'curie.labelstudio.json',
      'curie.prodigy.jsonl',
      'curie.spacy.jsonl',
      'curie.w3c.jsonld',
      'curie.webanno.tsv',
    ]);
    const formats = res.documents.map((d) => d.meta.format);
    expect(formats).toEqual(['brat', 'brat', 'conll', 'doccano', 'labelstudio', 'prodigy', 'spacy', 'w3c', 'webanno']);
    for (const doc of res.documents) {
      expect(doc.meta.hash).toBe(sha256Hex(doc.text));
      expect(doc.meta.sourcePath?.startsWith(folder)).toBe(true);
      expect(doc.meta.size).toBeGreaterThan(0);
      // CoNLL rebuilds the text from tokens; every other format carries it as it was
      if (doc.meta.format !== 'conll') expect(doc.text).toBe(CURIE);
      expect(annotations(doc).slice(0, 3)).toEqual(['PER Marie Curie', 'LOC Warsaw', 'LOC Paris']);
      if (doc.meta.format !== 'conll') expect(annotations(doc)[3]).toBe('Marie Curie -born_in-> Warsaw');
    }
    expect(res.documents.map((d) => d.name)).toEqual(['curie.txt', 'docs/curie.txt', 'curie.conll #1', 'curie.txt', 'curie.txt', 'curie.txt', 'curie.txt', 'curie.txt', 'curie.webanno']);
  });

  test('one file, many documents; a CRLF in the text and a BOM before the file shift no span', async () => {
    const path = join(dir, 'many.jsonl');
    // code points over the text as written: the emoji counts 5, the CR 1
    const lines = [
      { text: 'Zoë 👩‍👩‍👧\r\nà Paris', label: [[0, 3, 'PER'], [13, 18, 'LOC']], name: 'one' },
      { text: 'Deux', label: [], name: 'two' },
    ];
    await writeFile(path, `\uFEFF${lines.map((l) => JSON.stringify(l)).join('\n')}`);
    const { documents } = await readAnnotatedFile(path, 'many.jsonl');
    expect(documents.map((d) => d.name)).toEqual(['one', 'two']);
    const [one] = documents as [PortableDocument];
    expect(one.text).toBe('Zoë 👩‍👩‍👧\nà Paris');
    expect(annotations(one)).toEqual(['PER Zoë', 'LOC Paris']);
    expect(one.meta.normalisation).toEqual({ bomRemoved: false, crlfToLf: 1, crToLf: 0 });
  });

  test('malformed files fail with the line, import nothing of the file, and do not stop the batch', async () => {
    const folder = join(dir, 'bad');
    await mkdir(join(folder, 'brat'), { recursive: true });
    await writeFile(join(folder, 'a-broken.jsonl'), '{"text": "Un", "label": []}\n{"text": "Deux", "label": []}\n{"text": "Trois"\n');
    await writeFile(join(folder, 'b-past-end.jsonl'), '{"text": "Court", "label": [[0, 40, "PER"]]}\n');
    await writeFile(join(folder, 'brat', 'lettre.txt'), 'Marie écrit à Pierre.');
    await writeFile(join(folder, 'brat', 'lettre.ann'), 'T1\tPER 0 5\tMarie\nT2\tPER 14 20\tPaul\n');
    await writeFile(join(folder, 'c-spans.csv'), 'document,start,end,label,text,note,attributes\r\n');
    await writeFile(join(folder, 'd-orphan.ann'), 'T1\tPER 0 5\tMarie\n');
    await writeFile(join(folder, 'e-data.json'), '[{"foo": 1}]');
    await writeFile(join(folder, 'f-good.conll'), 'Marie B-PER\nCurie I-PER\n');
    await writeFile(join(folder, 'g-empty.jsonl'), '\n\n');
    const res = await importer.run([folder], () => {});
    expect(res.failures.map((f) => [f.code, f.message])).toEqual([
      ['malformed', expect.stringMatching(/^a-broken\.jsonl: line 3: not valid JSON/)],
      ['malformed', 'b-past-end.jsonl: line 1: span 0–40 is past the end of the text (length 5)'],
      ['malformed', 'lettre.ann: line 2: quote "Paul" does not match the text at 14–20 ("Pierre")'],
      ['unsupported', expect.stringMatching(/^c-spans\.csv: a CSV export holds spans without the document text/)],
      ['malformed', 'd-orphan.ann: has no d-orphan.txt beside it'],
      ['malformed', expect.stringMatching(/^e-data\.json: not a file Glose can read/)],
      ['empty', 'g-empty.jsonl: there is no document in this file'],
    ]);
    expect(res.documents.map((d) => [d.name, annotations(d)])).toEqual([['f-good.conll #1', ['PER Marie Curie']]]);
  });
});

describe('what an import asks and tells', () => {
  test('a doccano file with emoji asks for its unit, and carries its reading in the other unit or why there is none', async () => {
    const text = 'Salut 👋🏽 les amis de Lyon';
    const utf16 = join(dir, 'utf16.jsonl');
    await writeFile(utf16, `${JSON.stringify({ text, label: [[text.indexOf('Lyon'), text.length, 'LOC']], name: 'salut' })}\n`);
    const plain = join(dir, 'plain.jsonl');
    await writeFile(plain, '{"text": "Lyon", "label": [[0, 4, "LOC"]]}\n');

    const first = await importer.run([utf16, plain], () => {});
    expect(first.documents).toEqual([expect.objectContaining({ name: 'plain.jsonl #1' })]);
    expect(first.failures.map((f) => [f.file, f.message])).toEqual([['utf16.jsonl', expect.stringMatching(/^utf16\.jsonl: line 1: span 23–27 \(not a range of this text in code points\).*seems to use UTF-16 code units/)]]);
    // the same single read carries the file in UTF-16 code units, with its path, size and hash
    const [question] = first.offsetQuestions ?? [];
    expect(question).toMatchObject({ file: 'utf16.jsonl', path: utf16, unit: 'codepoint' });
    expect(question?.otherUnitProblem).toBeUndefined();
    expect(question?.alternative?.map((d) => annotations(d))).toEqual([['LOC Lyon']]);
    expect(question?.alternative?.[0]?.meta).toMatchObject({ sourcePath: utf16, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    // a file that reads in code points but not in UTF-16 says why the other reading fails
    const cp = join(dir, 'codepoints.jsonl');
    await writeFile(cp, `${JSON.stringify({ text, label: [[[...text].indexOf('L'), [...text].length, 'LOC']] })}\n`);
    const second = await importer.run([cp], () => {});
    expect(second.documents.map((d) => annotations(d))).toEqual([['LOC Lyon']]);
    expect(second.offsetQuestions).toEqual([{ file: 'codepoints.jsonl', path: cp, unit: 'codepoint', otherUnitProblem: expect.stringMatching(/^line 1: /) }]);
  });

  test('a malformed file lists every problem in the report, and imports nothing', async () => {
    const path = join(dir, 'many-bad.jsonl');
    const bad = (end: number) => JSON.stringify({ text: 'Lyon', label: [[0, end, 'LOC']] });
    await writeFile(path, [bad(9), '{"text": "ok", "label": []}', bad(8), '{"text"'].join('\n'));
    const res = await importer.run([path], () => {});
    expect(res.documents).toEqual([]);
    expect(res.failures).toEqual([
      {
        file: 'many-bad.jsonl',
        path,
        code: 'malformed',
        message: 'many-bad.jsonl: line 1: span 0–9 is past the end of the text (length 4) (and 2 more problems)',
        details: [
          'line 1: span 0–9 is past the end of the text (length 4)',
          'line 3: span 0–8 is past the end of the text (length 4)',
          expect.stringMatching(/^line 4: not valid JSON/),
        ],
      },
    ]);
  });

  test('a brat folder exported by Glose gets its names back from glose-names.json beside the .ann', async () => {
    const folder = join(dir, 'names');
    await mkdir(folder, { recursive: true });
    for (const name of ['sommet.txt', 'sommet.ann', 'annotation.conf', 'visual.conf', 'glose-names.json']) {
      await copyFile(join(FIXTURES, 'brat-names', name), join(folder, name));
    }
    const res = await importer.run([folder], () => {});
    expect(res.failures).toEqual([]);
    expect(res.documents.map((d) => [d.name, annotations(d), d.spans.map((s) => s.attributes)])).toEqual([
      ['sommet.txt', ['Événement sommet\n\nde Genève', 'Lieu_géographique Genève', 'sommet\n\nde Genève -située à-> Genève'], [{ portée: 'locale, régionale' }, undefined]],
    ]);
  });
});

