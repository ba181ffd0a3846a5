// The CoNLL export read by a real reader: NLTK's ConllCorpusReader (Debian's python3-nltk, which
// .ci/run installs) must find the tokens, sentences and chunks Glose meant to write, with 2 and 4
// columns and both tagging schemes. Without NLTK the test fails and says how to get it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortableDocument } from '../../../src-main/model';
import { serialize } from '../../../src-main/formats/conll';
import { tokenizeDocument } from '../../../src-main/formats/tokens';
import { at, curie, meta, nasty } from './documents';

/** Debian's interpreter: the python3 on PATH may be another build without Debian's modules. */
const PYTHON = process.env['GLOSE_PYTHON'] ?? '/usr/bin/python3';

// Reads each file named on the command line with the reader and prints, for each, its sentences
// and chunks as JSON. With 4 columns the NER tag is read as the chunk column (POS and chunk fillers
// before it); with 2 columns there is no POS column for chunked_sents, so the tags go through
// NLTK's conlltags2tree, strict for IOB2.
const READER = String.raw`
import json, sys
from nltk.corpus.reader.conll import ConllCorpusReader
from nltk.chunk.util import conlltags2tree
from nltk.tree import Tree
root = sys.argv[1]
results = {}
for fileid in sys.argv[2:]:
    columns, scheme = fileid.split('.')[0].split('-')[1:3]
    if columns == '4':
        reader = ConllCorpusReader(root, [fileid], ('words', 'pos', 'ignore', 'chunk'))
        trees = list(reader.chunked_sents())
    else:
        reader = ConllCorpusReader(root, [fileid], ('words', 'pos'))
        trees = [conlltags2tree([(w, '_', t) for (w, t) in s], strict=(scheme == 'iob2')) for s in reader.tagged_sents()]
    sents = []
    chunks = []
    for words, tree in zip(reader.sents(), trees):
        if not words:
            continue  # what is left of a -DOCSTART- line
        position = 0
        for node in tree:
            if isinstance(node, Tree):
                chunks.append([node.label(), len(sents), position, position + len(node)])
                position += len(node)
            else:
                position += 1
        sents.append(list(words))
    results[fileid] = {'sents': sents, 'chunks': chunks}
print(json.dumps(results, ensure_ascii=False))
`;

interface Read {
  sents: string[][];
  chunks: [string, number, number, number][];
}

const CONFIGURATIONS = [
  [2, 'iob2'],
  [2, 'iob1'],
  [4, 'iob2'],
  [4, 'iob1'],
] as const;

/** Every configuration's export of `docs`, read in one run of the reader. */
function readAll(dir: string, docs: PortableDocument[]): Record<string, Read> {
  const names = CONFIGURATIONS.map(([columns, scheme]) => {
    const name = `export-${columns}-${scheme}.conll`;
    writeFileSync(join(dir, name), serialize(docs, { columns, scheme }));
    return name;
  });
  return JSON.parse(execFileSync(PYTHON, ['-c', READER, dir, ...names], { encoding: 'utf8' })) as Record<string, Read>;
}

/** What the export means to say: the tokeniser's sentences, and each span as a chunk over them. */
function expected(docs: PortableDocument[]): Read {
  const sents: string[][] = [];
  const chunks: [string, number, number, number][] = [];
  for (const doc of docs) {
    const { tokens, sentenceStarts } = tokenizeDocument(doc);
    const first = sents.length;
    sentenceStarts.forEach((start, s) => sents.push(tokens.slice(start, sentenceStarts[s + 1] ?? tokens.length).map((t) => t.text)));
    for (const span of doc.spans) {
      const from = tokens.findIndex((t) => t.start === span.start);
      const to = tokens.findIndex((t) => t.end === span.end);
      const s = sentenceStarts.findLastIndex((start) => start <= from);
      const base = sentenceStarts[s] ?? 0;
      chunks.push([span.label, first + s, from - base, to + 1 - base]);
    }
  }
  return { sents, chunks };
}

const frenchText = 'Le secrétaire de l’OTAN parle d’État. Paris London et Rome restent.';
const french: PortableDocument = {
  name: 'fr.txt',
  text: frenchText,
  meta: meta({ extra: { language: 'fr' } }),
  spans: [
    { ...at(frenchText, 'OTAN'), label: 'ORG' },
    { ...at(frenchText, 'État'), label: 'LOC' },
    // two entities of one type in a row: IOB1 writes B- on the second
    { ...at(frenchText, 'Paris'), label: 'LOC' },
    { ...at(frenchText, 'London'), label: 'LOC' },
    { ...at(frenchText, 'Rome'), label: 'LOC' },
  ],
  relations: [],
};

const docs = [curie, nasty, french];
let dir: string | undefined;
/** The reader's results, or why it could not run: each test then fails with that reason. */
let results: Record<string, Read> | Error;

beforeAll(() => {
  const probe = spawnSync(PYTHON, ['-c', 'import nltk.corpus.reader.conll'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    results = new Error(
      `NLTK's ConllCorpusReader cannot be imported with ${PYTHON} (${probe.error?.message ?? probe.stderr.trim()}): ` +
        "install Debian's python3-nltk (apt-get install python3-nltk, as .ci/run does) or set GLOSE_PYTHON to a python3 that has nltk",
    );
    return;
  }
  dir = mkdtempSync(join(tmpdir(), 'glose-nltk-'));
  try {
    results = readAll(dir, docs);
  } catch (error) {
    // the reader refused a file (a bad tag sequence…): every test fails with its message
    results = error instanceof Error ? error : new Error(String(error));
  }
}, 60_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('CoNLL read by NLTK', () => {
  for (const [columns, scheme] of CONFIGURATIONS) {
    it(`${columns} columns, ${scheme.toUpperCase()}: the same tokens, sentences and chunks`, () => {
      if (results instanceof Error) throw results;
      expect(results[`export-${columns}-${scheme}.conll`]).toEqual(expected(docs));
    });
  }
});
