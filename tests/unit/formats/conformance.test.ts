// Each export read by the contract of the tool it is for, not by Glose's own parser: spaCy's
// Doc.from_json, the readers of Prodigy's relation data, Label Studio's converter and task format,
// brat's configuration and annotation parsers, the Web Annotation model's MUSTs and JSON-LD
// expansion. The readers (tests/readers/*.py) run under Debian's Python; each also refuses what the
// tool refuses, shown here by handing it a file with the defect the issue found.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PortableDocument, SchemaSpec } from '../../../src-main/model';
import * as brat from '../../../src-main/formats/brat';
import * as doccano from '../../../src-main/formats/doccano';
import * as labelstudio from '../../../src-main/formats/labelstudio';
import * as prodigy from '../../../src-main/formats/prodigy';
import * as spacy from '../../../src-main/formats/spacy';
import * as w3c from '../../../src-main/formats/w3c';
import { curie, edges, empty, nasty } from './documents';
import { CONFORMANCE, read, requireModules, scratch, scratchFile } from './readers';

/** A document as Glose stores it after importing a file with CRLF line ends and a BOM. */
const [crlf] = doccano.parse(
  `\uFEFF${JSON.stringify({ text: 'Zoë\r\nà 👋🏽 Paris\r\n', label: [[0, 3, 'PER'], [10, 15, 'LOC']], name: 'crlf.txt' })}`,
  'crlf.jsonl',
) as [PortableDocument];
const docs = [curie, nasty, empty, edges, crlf];

beforeAll(() => requireModules('json', 'jsonschema', 'pyld', 'rfc3987'));

const lines = (text: string): Record<string, unknown>[] =>
  text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
const jsonl = (values: unknown[]): string => values.map((value) => `${JSON.stringify(value)}\n`).join('');

describe('spaCy Doc JSON, read as Doc.from_json(validate=True) reads it', () => {
  it('accepts every document, nasty text and whitespace edges included', () => {
    expect(read('spacy_doc', scratchFile('docs.jsonl', spacy.serialize(docs)))).toEqual({ ok: true, output: 'ok 5 docs' });
  });

  it('refuses what spaCy refuses: integer scores, spans as a list, spans off tokens, overlapping entities', () => {
    const [line] = lines(spacy.serialize([{ ...nasty, relations: [], categories: [] }])) as [Record<string, unknown>];
    const broken = (change: (doc: Record<string, unknown>) => void): { ok: boolean; output: string } => {
      const doc = structuredClone(line) as Record<string, unknown>;
      change(doc);
      return read('spacy_doc', scratchFile('doc.jsonl', jsonl([doc])));
    };
    expect(broken((doc) => (doc['cats'] = { test: 1 })).output).toMatch(/cats\['test'\] is not a float/);
    expect(broken((doc) => (doc['spans'] = [])).output).toMatch(/spans is not an object/);
    expect(broken((doc) => delete doc['tokens']).output).toMatch(/tokens is missing/);
    expect(broken((doc) => (doc['ents'] = [{ start: 1, end: 3, label: 'X' }])).output).toMatch(/does not start and end on tokens/);
    const ents = (line['ents'] as { start: number; end: number; label: string }[]).slice(0, 1);
    expect(broken((doc) => (doc['ents'] = [...ents, ...ents])).output).toMatch(/overlaps/);
    expect(broken((doc) => (doc['tokens'] = (doc['tokens'] as unknown[]).slice(1))).output).toMatch(/E194|rebuild/);
  });
});

describe('Prodigy JSONL, read as the readers of rel.manual data read it', () => {
  it('accepts every task, with relations on the last token of each span', () => {
    expect(read('prodigy', scratchFile('tasks.jsonl', prodigy.serialize(docs)))).toEqual({ ok: true, output: 'ok 5 tasks' });
  });

  it('refuses relations given as span indexes, as the old "spaCy JSONL" wrote them', () => {
    const [task] = lines(prodigy.serialize([curie]));
    const old = { ...task, relations: [{ head: 0, child: 1, label: 'born_in' }] };
    expect(read('prodigy', scratchFile('old.jsonl', jsonl([old]))).output).toMatch(/head 0 is not the last token of a span/);
  });
});

describe('Label Studio JSON, read by the converter and checked against the task format', () => {
  it('accepts every task: tasks, annotations and results have ids', () => {
    expect(read('labelstudio', scratchFile('tasks.json', labelstudio.serialize(docs)))).toEqual({ ok: true, output: 'ok 5 tasks' });
  });

  it('fails on a task without an id, as the converter does', () => {
    const tasks = JSON.parse(labelstudio.serialize([curie])) as Record<string, unknown>[];
    delete tasks[0]?.['id'];
    expect(read('labelstudio', scratchFile('tasks.json', JSON.stringify(tasks))).output).toMatch(/KeyError 'id'/);
  });
});

describe('brat, read by the rules of its configuration and annotation parsers', () => {
  const schema: SchemaSpec = {
    name: 'lieux',
    labels: [{ name: 'Lieu géographique', color: '#047857', attributes: [{ name: 'portée', values: ['locale, régionale'] }] }],
    relations: [{ name: 'située à', source: [], target: [], directed: true }],
    categories: [],
  };
  const unzipped = (zip: Uint8Array): string => {
    const folder = scratch();
    for (const [path, data] of Object.entries(unzipSync(zip))) {
      mkdirSync(dirname(join(folder, path)), { recursive: true });
      writeFileSync(join(folder, path), data);
    }
    return folder;
  };

  it('accepts every document, and names that had to become identifiers', () => {
    expect(read('brat', unzipped(brat.serializeZip(docs, schema)))).toEqual({ ok: true, output: 'ok 5 documents' });
  });

  it('refuses a name that is not an identifier, as brat renames it', () => {
    const folder = unzipped(brat.serializeZip([curie], schema));
    writeFileSync(join(folder, 'annotation.conf'), '[entities]\nLieu_géographique\n[relations]\n[events]\n[attributes]\n');
    expect(read('brat', folder).output).toMatch(/'Lieu_géographique' is not a brat identifier/);
  });
});

describe('W3C Web Annotation, checked against the model and expanded as JSON-LD', () => {
  const check = (text: string): { ok: boolean; output: string } =>
    read('w3c', scratchFile('annotations.jsonld', text), join(CONFORMANCE, 'web-annotation.schema.json'), join(CONFORMANCE, 'anno-context.jsonld'));

  it('accepts every collection: pages have an IRI and one or more items', () => {
    expect(check(w3c.serialize(docs))).toEqual({ ok: true, output: 'ok 5 collections' });
  });

  it('refuses a page without an IRI, a page without items, and a term outside the context', () => {
    const collections = JSON.parse(w3c.serialize([curie])) as { first: Record<string, unknown> }[];
    const [collection] = collections as [{ first: Record<string, unknown> }];
    const without = structuredClone(collection);
    delete without.first['id'];
    expect(check(JSON.stringify([without])).output).toMatch(/'id' is a required property/);
    const none = structuredClone(collection);
    none.first['items'] = [];
    expect(check(JSON.stringify([none])).output).toMatch(/too short/);
    const stray = { ...structuredClone(collection), annotator: 'Zoë' };
    expect(check(JSON.stringify([stray])).output).toMatch(/'annotator' is not a term of the Web Annotation context/);
  });
});
