// WebAnno TSV 3.3 (INCEpTION): golden files written by hand from the user guide's examples and ours,
// the header and column rules of the specification checked on every export, and the round trip.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { PortableDocument } from '../../../src-main/model';
import { describeLoss } from '../../../src-main/formats/index';
import * as webanno from '../../../src-main/formats/webanno';
import { FormatError } from '../../../src-main/formats/errors';
import { annotations, at, comparable, curie, meta, nasty } from './documents';
import { worded } from './notes';

const golden = (name: string): string => readFileSync(join(process.cwd(), 'tests', 'fixtures', 'formats', 'webanno', name), 'utf8');

const stackedText = 'Le chef de l’OTAN  parle.\n\n\tIci, Jean-Pierre.';
/** Sub-tokens (spans inside tokens), a span over three tokens, two spans on one token, escapes. */
const stacked: PortableDocument = {
  name: 'stacked.txt',
  text: stackedText,
  meta: meta(),
  // in text order, as the format gives them back
  spans: [
    { key: 'chef', ...at(stackedText, 'chef de l’OTAN'), label: 'Lieu_géo|x' },
    { key: 'ef', ...at(stackedText, 'ef'), label: 'X' },
    { key: 'otan', ...at(stackedText, 'OTAN'), label: 'ORG' },
    { key: 'ici', ...at(stackedText, 'Ici'), label: 'LOC' },
    { key: 'ici2', ...at(stackedText, 'Ici'), label: 'MISC' },
    { key: 'je', ...at(stackedText, 'Je'), label: 'PER' },
  ],
  relations: [
    { fromKey: 'chef', toKey: 'ef', type: 'r' },
    { fromKey: 'je', toKey: 'otan', type: 'située à' },
    { fromKey: 'je', toKey: 'ici2', type: 'cite' },
  ],
};

describe('WebAnno TSV golden files', () => {
  it('writes the golden files byte for byte and reads them back', () => {
    expect(webanno.serializeDocument(curie)).toBe(golden('curie.tsv'));
    expect(webanno.serializeDocument(stacked, { language: 'und' })).toBe(golden('stacked.tsv'));
    const carries = { relations: true, text: true };
    expect(comparable(webanno.parse(golden('curie.tsv'), 'curie.txt.tsv'), carries)).toEqual(comparable(curie, carries));
    expect(comparable(webanno.parse(golden('stacked.tsv'), 'stacked.txt.tsv'), carries)).toEqual(comparable(stacked, carries));
  });

  it('reads the user guide’s relation example: stacked spans without a value, ids [0_1]', () => {
    const doc = webanno.parse(golden('spec-relation.tsv'), 'example.tsv');
    expect(doc.name).toBe('example');
    expect(doc.text).toBe('This is a test .');
    expect(annotations(doc)).toEqual(['NamedEntity This', 'NamedEntity .', 'NamedEntity .', 'This -Relation-> .']);
    expect(doc.relations[0]?.toKey).toBe(doc.spans[1]?.key);
  });

  it('reads the user guide’s multi-token and stacked example, with sub-tokens; leaves POS out and says so', () => {
    const doc = webanno.parse(golden('spec-multitoken.tsv'), 'haag.tsv');
    expect(annotations(doc)).toEqual(['PER Ms. Haag', 'PERpart Ms.', 'ACT play']);
    expect(worded(doc.meta.extra)).toEqual({ importNotes: '5 × POS annotation value (layer de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS) left out' });
  });

  it('reads UTF-16 offsets after an emoji, multi-line sentences, escapes and a custom layer', () => {
    const doc = webanno.parse(golden('spec-text.tsv'), 'text.tsv');
    expect(doc.text).toBe('I like it 😊 .\nThis is\na\ttest .');
    expect(annotations(doc)).toEqual(['Span 😊', '_ This', 'x|y->z test']);
  });
});

/** The rules of the specification a file must follow, checked line by line; returns the problems. */
function conformance(file: string): string[] {
  const problems: string[] = [];
  const lines = file.split('\n');
  if (lines[0] !== '#FORMAT=WebAnno TSV 3.3') problems.push(`format line: ${lines[0]}`);
  const layers: { type: string; name: string; features: string[] }[] = [];
  let i = 1;
  for (; /^#T_(SP|RL|CH)=/.test(lines[i] ?? ''); i++) {
    const [, type = '', rest = ''] = /^#T_(SP|RL|CH)=(.*)$/.exec(lines[i] ?? '') ?? [];
    const [name = '', ...features] = rest.split('|');
    if (!/^[A-Za-z_][\w.]*$/.test(name)) problems.push(`layer name ${name}`);
    layers.push({ type, name, features });
  }
  // span layers, then chains, then relations; a relation's last column names a declared span layer
  const order = layers.map((l) => ['SP', 'CH', 'RL'].indexOf(l.type));
  if (order.some((o, k) => k > 0 && o < (order[k - 1] ?? 0))) problems.push('layers out of order');
  for (const layer of layers.filter((l) => l.type === 'RL')) {
    const base = layer.features[layer.features.length - 1] ?? '';
    if (!base.startsWith('BT_') || !layers.some((l) => l.type === 'SP' && `BT_${l.name}` === base)) problems.push(`relation base ${base}`);
  }
  if (lines[i] !== '' || lines[i + 1] !== '') problems.push('two empty lines must follow the header');
  const columns = layers.reduce((n, l) => n + Math.max(1, l.features.length), 0);
  // the text as a reader rebuilds it, to check each row's offsets and token text against
  let text = '';
  let sentence = 0;
  let token = 0;
  let sub = 0;
  let lastEnd = -1;
  let tokenRange: [number, number] = [0, 0];
  let pending: string[] = [];
  const rowIds = new Set<string>();
  const references: string[] = [];
  for (const line of lines.slice(i + 2)) {
    if (line === '') {
      if (pending.length > 0) problems.push('a sentence without rows');
      continue;
    }
    if (line.startsWith('#Text=')) {
      // eslint-disable-next-line no-control-regex -- control characters must be escaped
      if (/[\x00-\x08\x0a\x0c-\x1f]/.test(line)) problems.push(`unescaped control character: ${JSON.stringify(line)}`);
      pending.push(line.slice(6).replace(/\\([tnfrb\\])/g, (_, c: string) => ({ t: '\t', n: '\n', f: '\f', r: '\r', b: '\b' })[c] ?? c));
      continue;
    }
    const cells = line.split('\t');
    const [id = '', offsets = '', surface = ''] = cells;
    const [, s = '', t = '', k] = /^(\d+)-(\d+)(?:\.(\d+))?$/.exec(id) ?? [];
    const [, b = '', e = ''] = /^(\d+)-(\d+)$/.exec(offsets) ?? [];
    const [begin, end] = [Number(b), Number(e)];
    if (pending.length > 0) {
      sentence++;
      token = 0;
      if (text.length > begin) text = text.slice(0, -1);
      text += ' '.repeat(Math.max(0, begin - text.length)) + pending.map((p) => `${p}\n`).join('');
      pending = [];
    }
    if (k === undefined) {
      token++;
      sub = 0;
      if (begin < lastEnd) problems.push(`${id}: tokens overlap`);
      lastEnd = end;
      tokenRange = [begin, end];
    } else {
      sub++;
      if (Number(k) !== sub || begin < tokenRange[0] || end > tokenRange[1]) problems.push(`${id}: sub-token outside its token or misnumbered`);
    }
    if (Number(s) !== sentence || Number(t) !== token) problems.push(`${id}: expected ${sentence}-${token}`);
    if (!(begin <= end) || text.slice(begin, end) !== surface) problems.push(`${id}: "${surface}" is not the text at ${begin}-${end} (UTF-16)`);
    if (cells.length !== 3 + columns + 1 || cells[cells.length - 1] !== '') problems.push(`${id}: ${cells.length - 4} columns, or no final tab`);
    rowIds.add(id);
    let c = 3;
    for (const layer of layers) {
      for (const feature of layer.features.length > 0 ? layer.features : ['']) {
        const cell = cells[c++] ?? '';
        if (cell === '_') continue;
        for (const value of cell.split(/(?<!\\)\|/)) {
          if (feature.startsWith('BT_')) {
            const ref = /^(\d+-\d+(?:\.\d+)?)(?:\[\d+_\d+\])?$/.exec(value);
            if (!ref) problems.push(`${id}: relation reference ${value}`);
            references.push(ref?.[1] ?? value);
            continue;
          }
          const bare = value.replace(/\[\d+\]$/, '');
          if (bare !== '*' && /(?<!\\)[[\]|_;*\t]|(?<!\\)->/.test(bare.replace(/\\\\/g, ''))) problems.push(`${id}: unescaped ${value}`);
        }
      }
    }
  }
  // every relation points at a row that exists
  for (const ref of references) if (!rowIds.has(ref)) problems.push(`reference to missing row ${ref}`);
  return problems;
}

describe('WebAnno TSV conformance', () => {
  it('follows the header and column rules on the golden, nasty, French and crowded documents', () => {
    const text = 'Une phrase, puis l’autre ; enfin « la dernière ». Et 👍🏽 ici.';
    const crowded: PortableDocument = {
      name: 'crowded',
      text,
      meta: meta(),
      // every range of whole characters of the first twenty, some inside words, some over spaces
      spans: Array.from({ length: 20 }, (_, s) => Array.from({ length: 6 }, (_, n) => ({ start: s, end: s + n + 1, label: `L${n}` }))).flat(),
      relations: [],
    };
    crowded.spans.forEach((span, k) => (span.key = `k${k}`));
    crowded.relations = crowded.spans.slice(1, 40).map((span, k) => ({ fromKey: `k${k}`, toKey: span.key ?? '', type: 'r' }));
    for (const [doc, language] of [[curie, 'und'], [nasty, 'und'], [stacked, 'fr'], [crowded, 'fr'], [crowded, 'und']] as const) {
      expect({ doc: doc.name, language, problems: conformance(webanno.serializeDocument(doc, { language })) }).toEqual({ doc: doc.name, language, problems: [] });
    }
  });

  it('counts offsets in UTF-16 code units, as Java does', () => {
    const file = webanno.serializeDocument(nasty);
    const row = file.split('\n').find((line) => line.split('\t')[2] === 'met') ?? '';
    // "Zoë 👩‍👩‍👧 met": the family emoji is 8 UTF-16 units (5 code points)
    expect(row.split('\t')[1]).toBe(`${nasty.text.indexOf('met')}-${nasty.text.indexOf('met') + 3}`);
    expect(nasty.text.indexOf('met')).toBe(13);
    expect(Array.from(nasty.text.slice(0, 13)).length).toBe(10);
  });

  it('splits French elisions into tokens, so that a span without its article is a whole token', () => {
    const text = 'Le secrétaire de l’OTAN parle.';
    const doc: PortableDocument = { name: 'fr', text, meta: meta({ extra: { language: 'fr' } }), spans: [{ ...at(text, 'OTAN'), label: 'ORG' }], relations: [] };
    const rows = webanno.serializeDocument(doc).split('\n').filter((line) => /^\d/.test(line));
    expect(rows.slice(3, 5)).toEqual(['1-4\t17-19\tl’\t_\t', '1-5\t19-23\tOTAN\tORG\t']);
    expect(webanno.serializeDocument(doc, { language: 'und' })).toContain('1-4.1\t19-23\tOTAN\tORG\t');
  });
});

describe('WebAnno TSV round trip', () => {
  it('brings back text, spans and relations of the nasty text through a zip, names included', () => {
    const back = webanno.parseZip(webanno.serializeZip([curie, nasty, stacked]), 'out.zip');
    const carries = { relations: true, text: true, names: true };
    expect(back.map((d) => comparable(d, carries))).toEqual(
      [curie, { ...nasty, name: 'nasty _one_, with commas.txt' }, stacked].map((d) => comparable(d, carries)),
    );
  });

  it('reads CRLF files, and CRs in the text as LFs, with the offsets counted over the CRs', () => {
    const file = golden('spec-text.tsv').replace('#Text=This is', '#Text=This is\\r').replace(/\n/g, '\r\n');
    const shifted = file.replace(/\t(\d+)-(\d+)\t/g, (whole, b: string, e: string) => (Number(b) >= 15 + 7 ? `\t${Number(b) + 1}-${Number(e) + 1}\t` : whole));
    const doc = webanno.parse(shifted, 'crlf.tsv');
    expect(doc.text).toBe('I like it 😊 .\nThis is\na\ttest .');
    expect(doc.meta.normalisation).toEqual({ bomRemoved: false, crlfToLf: 1, crToLf: 0 });
    expect(annotations(doc)).toEqual(['Span 😊', '_ This', 'x|y->z test']);
  });

  it('names documents of an INCEpTION project export by their folder', () => {
    const zip = zipSync({ 'annotation/lettre.txt/admin.tsv': strToU8(golden('curie.tsv')), 'curation/autre.txt/CURATION_USER.tsv': strToU8(golden('curie.tsv')) });
    expect(webanno.isWebannoZip(zip)).toBe(true);
    expect(webanno.parseZip(zip, 'project.zip').map((d) => d.name)).toEqual(['lettre.txt', 'autre.txt']);
    expect(webanno.isWebannoZip(zipSync({ 'a.txt': strToU8('x'), 'a.ann': strToU8('') }))).toBe(false);
  });

  it('refuses what it cannot read, naming the line', () => {
    const fails = (file: string): string => {
      try {
        webanno.parse(file, 'bad.tsv');
      } catch (error) {
        if (error instanceof FormatError) return error.message;
      }
      return 'no error';
    };
    const good = golden('curie.tsv');
    expect(fails('#FORMAT=WebAnno TSV 3.1\n\n\n')).toBe('bad.tsv line 1: WebAnno TSV 3.1 is not supported: export as WebAnno TSV 3.3');
    expect(fails('hello')).toMatch(/^bad\.tsv line 1: the first line must be "#FORMAT=WebAnno TSV 3\.3"/);
    // code-point offsets, as a tool that counts like Python would write them
    expect(fails(good.replace('1-4\t15-18\twas', '1-4\t14-17\twas'))).toMatch(/^bad\.tsv line 10: token "was" is not the text at 14-17 \(" wa"\); offsets must count UTF-16 code units$/);
    expect(fails(good.replace('born\\_in\t1-1[1_0]', 'born\\_in\t9-9'))).toBe('bad.tsv line 13: relation refers to row 9-9, which is not in the file');
    expect(fails(good.replace('1-2\t6-11\tCurie\tPER[1]\t_\t_\t', '1-2\t6-11\tCurie\tPER[1]\t'))).toBe('bad.tsv line 8: expected 3 annotation columns after the token, found 2');
  });

  it('tells before an export what the format changes', () => {
    const text = '\n\tDébut. Fin ';
    const doc: PortableDocument = {
      name: 'blancs',
      text,
      meta: meta(),
      spans: [
        { start: 0, end: 1, label: 'BLANC' },
        { ...at(text, 'Fin '), label: 'FIN' },
      ],
      relations: [],
    };
    expect(describeLoss('webanno', [doc]).map((l) => [l.kind, l.count])).toEqual([
      ['unwritten', 1],
      ['trimmed', 1],
      ['whitespace', 1],
    ]);
    const back = webanno.parseZip(webanno.serializeZip([doc]), 'x.zip')[0];
    expect(back?.text).toBe('  Début. Fin ');
    expect(back && annotations(back)).toEqual(['FIN Fin']);
  });
});

describe('WebAnno TSV import in a zip', () => {
  it('decodes UTF-8 strictly, naming the file in the archive', () => {
    const zip = zipSync({ 'doc.tsv': new Uint8Array([0x23, 0xff, 0xfe]) });
    expect(() => webanno.parseZip(zip, 'p.zip')).toThrow('p.zip/doc.tsv: not UTF-8 text, which WebAnno TSV requires');
    expect(strFromU8(unzipSync(webanno.serializeZip([curie]))['curie.txt.tsv'] ?? new Uint8Array())).toBe(golden('curie.tsv'));
  });
});
