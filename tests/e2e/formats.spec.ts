// Interchange formats through the app: annotate a text with emoji, combining accents and CRLF line
// ends, export it in every format through the export dialog, check each file's offsets against
// Python-style (code point) or Java-style (UTF-16) indexes, read the doccano, brat and WebAnno TSV
// exports back, and import files that are malformed or use labels the project lacks.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Locator, Page } from '@playwright/test';
import { test, expect, e2eTarget, type GloseApp } from './fixtures';
import { dragSelect, importText, readStores, storedSpans } from './helpers';

test.beforeAll(() => console.log(`e2e target: ${e2eTarget}`));

// "Zoë" with a combining diaeresis, a family emoji (ZWJ sequence of surrogate pairs), a flag
// (two regional indicators), and Windows line ends in the file.
const LINES = ['👩‍👩‍👧 Zoe\u0308 et sa famille au café de Varsovie 🇵🇱 en 1867.', 'Marie Curie, membre de l’Académie des sciences, reçoit le prix Nobel 🏅.'];
const FILE_TEXT = `${LINES.join('\r\n')}\r\n`;
const TEXT = FILE_TEXT.replace(/\r\n/g, '\n');
const ZOE = 'Zoe\u0308';

/** The spans the test makes, in text order: [needle, label]. */
const SPANS: Array<[string, string]> = [
  [ZOE, 'PER'],
  ['fami', 'EVENT'],
  ['Varsovie', 'LOC'],
  ['1867', 'DATE'],
  ['Marie Curie', 'PER'],
  ['Académie des sciences', 'ORG'],
];

const utf16 = (needle: string): [number, number] => {
  const at = TEXT.indexOf(needle);
  return [at, at + needle.length];
};
/** Python's str index: code points before the UTF-16 offset. */
const cp = (offset: number): number => Array.from(TEXT.slice(0, offset)).length;
const codePoints = (needle: string): [number, number] => {
  const [s, e] = utf16(needle);
  return [cp(s), cp(e)];
};

interface StoredDoc {
  name: string;
  text: string;
  spans: string[];
  relations: string[];
}

/** Every document of the database with its spans ("LABEL start-end text") and relations, oldest first. */
async function allDocuments(page: Page): Promise<StoredDoc[]> {
  const stored = await readStores<{
    documents: Array<{ id: string; name: string; createdAt: number }>;
    texts: Array<{ id: string; text: string }>;
    labels: Array<{ id: string; name: string }>;
    relationTypes: Array<{ id: string; name: string }>;
    spans: Array<{ id: string; docId: string; labelId: string; start: number; end: number }>;
    relations: Array<{ docId: string; fromId: string; toId: string; typeId: string }>;
  }>(page, ['documents', 'texts', 'labels', 'relationTypes', 'spans', 'relations']);
  const texts = new Map(stored.texts.map((t) => [t.id, t.text]));
  const labels = new Map(stored.labels.map((l) => [l.id, l.name]));
  const types = new Map(stored.relationTypes.map((t) => [t.id, t.name]));
  return [...stored.documents]
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((d) => {
      const text = texts.get(d.id) ?? '';
      const mine = stored.spans.filter((s) => s.docId === d.id).sort((a, b) => a.start - b.start);
      const show = (id: string) => {
        const s = mine.find((x) => x.id === id);
        return s ? text.slice(s.start, s.end) : '?';
      };
      return {
        name: d.name,
        text,
        spans: mine.map((s) => `${labels.get(s.labelId)} ${s.start}-${s.end} ${text.slice(s.start, s.end)}`),
        relations: stored.relations.filter((r) => r.docId === d.id).map((r) => `${show(r.fromId)} -${types.get(r.typeId)}-> ${show(r.toId)}`),
      };
    });
}

async function openExport(page: Page): Promise<Locator> {
  await page.keyboard.press('Control+e');
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Exports through the dialog (already open, format and options chosen) to `path`, and reads the summary. */
async function exportTo(glose: GloseApp, dialog: Locator, path: string): Promise<Locator> {
  await glose.stubSaveDialog(path);
  await dialog.getByRole('button', { name: 'Export…' }).click();
  const summary = dialog.getByRole('status', { name: 'Export summary' });
  await expect(summary).toContainText('Exported 1 document · 6 spans · 1 relation');
  await expect(summary).toContainText(path);
  return summary;
}

async function reimport(glose: GloseApp, path: string, name: string): Promise<void> {
  const { page } = glose;
  await glose.stubOpenDialog([path]);
  await page.getByRole('button', { name: 'Import…' }).click();
  const report = page.getByRole('dialog', { name: 'Import results' });
  if (path.endsWith('.jsonl')) {
    // a doccano file with emoji: its unit is asked, code points being the default
    await expect(report.getByRole('radio', { name: /Code points/ })).toBeChecked();
    await report.getByRole('button', { name: 'Import', exact: true }).click();
  }
  // the text is already in the project: imported anyway, as a second copy with its annotations
  await expect(report.getByRole('listitem')).toContainText([`${name}: skipped, the same text is already in the project`]);
  await report.getByRole('button', { name: 'Import anyway' }).click();
  await expect(report.getByRole('listitem')).toContainText([`${name}: imported (a second copy of the same text)`]);
  await report.getByRole('button', { name: 'Close' }).click();
}

test('annotate emoji, accents and CRLF text, export every format with exact offsets, read doccano, brat and WebAnno TSV back', async ({ glose }) => {
  test.setTimeout(180_000);
  const { page } = glose;
  await importText(glose, 'famille.txt', FILE_TEXT);
  expect(await page.evaluate(() => [...document.querySelectorAll('.text p.para')].map((p) => p.textContent).join('\n'))).toBe(TEXT);

  for (const [needle, label] of SPANS) {
    // "fami" is a piece of a word: Alt selects exact characters
    await dragSelect(page, needle, { alt: needle === 'fami' });
    await page.getByRole('group', { name: 'Label palette' }).getByRole('button', { name: new RegExp(`^${label}`) }).click();
  }
  // a relation by keyboard: Marie Curie is a member of the Académie
  await page.getByRole('complementary', { name: 'Labels and annotations' }).getByRole('button', { name: 'PER Marie Curie' }).click();
  await page.keyboard.press('r');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Relations' }).getByRole('button')).toHaveText(['Marie Curie —member_of→ Académie des sciences']);
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  expect((await storedSpans(page, 'famille.txt')).map((s) => [s.text, s.label, s.start, s.end])).toEqual(SPANS.map(([n, l]) => [n, l, ...utf16(n)]));

  const out = join(glose.dir, 'out');
  await mkdir(out);
  const dialog = await openExport(page);
  const format = dialog.getByRole('combobox', { name: 'Format' });
  await expect(dialog.getByRole('radio', { name: /Open document/ })).toBeChecked();
  // "selected documents" needs a selection in the corpus view
  await expect(dialog.getByRole('radio', { name: /Selected documents/ })).toBeDisabled();
  await expect(dialog.getByText('Select documents in the Corpus view to export only those.')).toBeVisible();

  // doccano, code points (the default): Python's indexes
  await expect(dialog.getByLabel('Preview of the exported file')).toContainText('"entities":[{"id":1,');
  let summary = await exportTo(glose, dialog, join(out, 'famille.jsonl'));
  await expect(summary).toContainText('Everything was written');
  const doccano = JSON.parse((await readFile(join(out, 'famille.jsonl'), 'utf8')).trim()) as {
    text: string;
    entities: Array<{ id: number; start_offset: number; end_offset: number; label: string }>;
    relations: Array<{ from_id: number; to_id: number; type: string }>;
  };
  expect(doccano.text).toBe(TEXT);
  expect(doccano.entities.map((e) => [e.start_offset, e.end_offset, e.label])).toEqual(SPANS.map(([n, l]) => [...codePoints(n), l]));
  expect(doccano.entities.map((e) => Array.from(TEXT).slice(e.start_offset, e.end_offset).join(''))).toEqual(SPANS.map(([n]) => n));
  expect(doccano.relations).toEqual([{ id: 1, from_id: 5, to_id: 6, type: 'member_of' }]);
  // the source's file name only, unless full paths are asked for
  expect((doccano as unknown as { meta: { sourcePath: string } }).meta.sourcePath).toBe('famille.txt');

  // doccano with UTF-16 offsets: JavaScript's indexes; and the full path of the source
  await dialog.getByRole('button', { name: 'Export in another format…' }).click();
  await dialog.getByRole('radio', { name: /UTF-16 code units/ }).check();
  const fullPaths = dialog.getByRole('checkbox', { name: 'Full paths of source files' });
  await expect(fullPaths).not.toBeChecked();
  await fullPaths.check();
  await expect(dialog.getByText('Whoever gets the file sees where the source files were on this computer.')).toBeVisible();
  await exportTo(glose, dialog, join(out, 'famille-utf16.jsonl'));
  const doccano16 = JSON.parse((await readFile(join(out, 'famille-utf16.jsonl'), 'utf8')).trim()) as typeof doccano & { meta: { sourcePath: string } };
  expect(doccano16.entities.map((e) => [e.start_offset, e.end_offset])).toEqual(SPANS.map(([n]) => utf16(n)));
  expect(doccano16.meta.sourcePath).toBe(join(glose.dir, 'famille.txt'));

  // CoNLL: the token check and the tokenisation are shown before the export, what is lost after it
  await dialog.getByRole('button', { name: 'Export in another format…' }).click();
  await format.selectOption('conll');
  const check = dialog.getByRole('list', { name: 'Token check by document' });
  // the text is French: "l’" is a token of its own, and "Académie" starts one
  await expect(dialog.getByRole('list', { name: 'Tokenisation by language' })).toHaveText([
    /^French\s\(1 document, detected from their words\): Unicode word boundaries, and elisions split as in the French treebanks \(l’ \+ OTAN, jusqu’ \+ à\)/,
  ]);
  // "fami" is a piece of a word
  await expect(check).toContainText('famille.txt: 1 span off token boundaries');
  await check.getByText('famille.txt').click();
  await expect(check).toContainText(`“fami” ${utf16('fami').join('–')}: widened to whole tokens`);
  await expect(dialog.getByRole('list', { name: 'Not kept in this format' })).toContainText('1 relation will be left out');
  // without the French rules, the article is glued to "Académie": a second span off token boundaries
  const tokenisation = dialog.getByRole('combobox', { name: 'Tokenisation' });
  await tokenisation.selectOption('und');
  await expect(check).toContainText('famille.txt: 2 spans off token boundaries');
  await expect(dialog.getByRole('list', { name: 'Tokenisation by language' })).toHaveText([/^Undetermined\s\(1 document, chosen here\): Unicode word boundaries/]);
  await tokenisation.selectOption('auto');
  await dialog.getByRole('combobox', { name: 'Columns' }).selectOption('4');
  summary = await exportTo(glose, dialog, join(out, 'famille.conll'));
  await expect(summary.getByRole('list', { name: 'Not in the file' })).toContainText('1 relation will be left out');
  const conll = await readFile(join(out, 'famille.conll'), 'utf8');
  expect(conll.startsWith('-DOCSTART- -X- -X- O\n\n')).toBe(true);
  for (const line of [`${ZOE} _ O B-PER`, 'famille _ O B-EVENT', 'Varsovie _ O B-LOC', '1867 _ O B-DATE', 'Marie _ O B-PER', 'Curie _ O I-PER', 'l’ _ O O', 'Académie _ O B-ORG', 'sciences _ O I-ORG']) {
    expect(conll.split('\n')).toContain(line);
  }
  // one sentence per block
  expect(conll.split('\n\n').filter((block) => block.includes('Marie _ O B-PER'))[0]?.split('\n')[0]).toBe('Marie _ O B-PER');

  // WebAnno TSV 3.3 for INCEpTION: a zip of one .tsv, offsets in UTF-16 units, "fami" on a sub-token
  await dialog.getByRole('button', { name: 'Export in another format…' }).click();
  await format.selectOption('webanno');
  await expect(dialog.getByText(/first lines of famille\.txt\.tsv/)).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Tokenisation by language' })).toContainText('French (1 document');
  await expect(dialog.getByLabel('Preview of the exported file')).toContainText('#FORMAT=WebAnno TSV 3.3');
  await exportTo(glose, dialog, join(out, 'famille.webanno.zip'));
  const tsvZip = unzipSync(new Uint8Array(await readFile(join(out, 'famille.webanno.zip'))));
  expect(Object.keys(tsvZip)).toEqual(['famille.txt.tsv']);
  const tsv = strFromU8(tsvZip['famille.txt.tsv'] as Uint8Array);
  expect(tsv.split('\n').slice(0, 5)).toEqual([
    '#FORMAT=WebAnno TSV 3.3',
    '#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|value',
    '#T_RL=webanno.custom.Relation|value|BT_de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity',
    '',
    '',
  ]);
  const tsvRows = tsv.split('\n').filter((row) => /^\d/.test(row)).map((row) => row.split('\t'));
  const [varsovie] = tsvRows.filter((row) => row[2] === 'Varsovie');
  expect(varsovie?.slice(1, 4)).toEqual([utf16('Varsovie').join('-'), 'Varsovie', 'LOC']);
  expect(tsvRows.find((row) => row[2] === 'fami')?.slice(0, 4)).toEqual([expect.stringMatching(/^1-\d+\.1$/), utf16('fami').join('-'), 'fami', 'EVENT']);
  expect(tsvRows.find((row) => row[2] === 'Académie')?.slice(3, 5)).toEqual(['ORG[2]', 'member\\_of']);
  await writeFile(join(out, 'famille.txt.tsv'), tsv);

  // brat: a zip with the text and code-point offsets
  await dialog.getByRole('button', { name: 'Export in another format…' }).click();
  await format.selectOption('brat');
  await expect(dialog.getByText(/first lines of famille\.ann/)).toBeVisible();
  await exportTo(glose, dialog, join(out, 'famille.zip'));
  const zip = unzipSync(new Uint8Array(await readFile(join(out, 'famille.zip'))));
  expect(Object.keys(zip).sort()).toEqual(['annotation.conf', 'famille.ann', 'famille.txt', 'visual.conf']);
  expect(strFromU8(zip['famille.txt'] as Uint8Array)).toBe(TEXT);
  const ann = strFromU8(zip['famille.ann'] as Uint8Array).trim().split('\n');
  expect(ann.slice(0, 6)).toEqual(SPANS.map(([n, l], i) => `T${i + 1}\t${l} ${codePoints(n).join(' ')}\t${n}`));
  expect(ann[6]).toBe('R1\tmember_of Arg1:T5 Arg2:T6');

  // W3C Web Annotation: positions in code points, quotes exact
  await dialog.getByRole('button', { name: 'Export in another format…' }).click();
  await format.selectOption('w3c');
  await exportTo(glose, dialog, join(out, 'famille.jsonld'));
  const w3c = JSON.parse(await readFile(join(out, 'famille.jsonld'), 'utf8')) as Array<{
    first: { items: Array<{ body: Array<{ value: string }>; target: { selector?: Array<{ type: string; start?: number; end?: number; exact?: string }> } }> };
  }>;
  const selectors = w3c[0]?.first.items.filter((i) => i.target.selector).map((i) => i.target.selector ?? []) ?? [];
  expect(selectors.map((s) => s.find((x) => x.type === 'TextPositionSelector')).map((p) => [p?.start, p?.end])).toEqual(SPANS.map(([n]) => codePoints(n)));
  expect(selectors.map((s) => s.find((x) => x.type === 'TextQuoteSelector')?.exact)).toEqual(SPANS.map(([n]) => n));

  // Label Studio: value.start/end in code points
  await dialog.getByRole('button', { name: 'Export in another format…' }).click();
  await format.selectOption('labelstudio');
  // full paths stay ticked from the doccano export until unticked
  await expect(fullPaths).toBeChecked();
  await fullPaths.uncheck();
  await exportTo(glose, dialog, join(out, 'famille.json'));
  const ls = JSON.parse(await readFile(join(out, 'famille.json'), 'utf8')) as Array<{ annotations: Array<{ result: Array<{ type: string; value: { start: number; end: number; text: string; labels: string[] } }> }> }>;
  const regions = ls[0]?.annotations[0]?.result.filter((r) => r.type === 'labels') ?? [];
  expect(regions.map((r) => [r.value.start, r.value.end, r.value.labels[0], r.value.text])).toEqual(SPANS.map(([n, l]) => [...codePoints(n), l, n]));

  // spaCy Doc JSON: every span in spans["sc"] on whole tokens, relations as a Doc extension
  await dialog.getByRole('button', { name: 'Export in another format…' }).click();
  await format.selectOption('spacy');
  await exportTo(glose, dialog, join(out, 'famille.spacy.jsonl'));
  const spacy = JSON.parse((await readFile(join(out, 'famille.spacy.jsonl'), 'utf8')).trim()) as {
    tokens: Array<{ id: number; start: number; end: number }>;
    ents: Array<{ start: number; end: number; label: string }>;
    spans: { sc: Array<{ start: number; end: number; label: string; kb_id: string }> };
    _: { relations: unknown[]; meta: { sourcePath: string } };
  };
  expect(spacy.spans.sc.map((s) => [s.start, s.end, s.label])).toEqual(SPANS.map(([n, l]) => [...codePoints(n), l]));
  expect(spacy.ents).toEqual(spacy.spans.sc.map(({ start, end, label }) => ({ start, end, label })));
  const tokenEdges = new Set(spacy.tokens.flatMap((t) => [t.start, t.end]));
  expect(spacy.spans.sc.every((s) => tokenEdges.has(s.start) && tokenEdges.has(s.end))).toBe(true);
  expect(spacy._.relations).toEqual([{ from: 4, to: 5, label: 'member_of' }]);
  expect(spacy._.meta.sourcePath).toBe('famille.txt');

  // Prodigy: relations between the last tokens of their spans
  await dialog.getByRole('button', { name: 'Export in another format…' }).click();
  await format.selectOption('prodigy');
  await exportTo(glose, dialog, join(out, 'famille.prodigy.jsonl'));
  const prodigy = JSON.parse((await readFile(join(out, 'famille.prodigy.jsonl'), 'utf8')).trim()) as {
    tokens: Array<{ text: string; id: number }>;
    spans: Array<{ start: number; end: number; token_start: number; token_end: number; label: string }>;
    relations: Array<{ head: number; child: number; label: string }>;
    answer: string;
  };
  expect(prodigy.spans.map((s) => [s.start, s.end, s.label])).toEqual(SPANS.map(([n, l]) => [...codePoints(n), l]));
  const [member] = prodigy.relations;
  expect(prodigy.tokens[member?.head ?? -1]?.text).toBe('Curie');
  expect(prodigy.tokens[member?.child ?? -1]?.text).toBe('sciences');
  expect(prodigy.answer).toBe('accept');

  // CSV: one row per span, and the relation is reported lost; a BOM for Excel when asked
  await dialog.getByRole('button', { name: 'Export in another format…' }).click();
  await format.selectOption('csv');
  await expect(dialog.getByRole('checkbox', { name: 'Raw cells' })).not.toBeChecked();
  await dialog.getByRole('checkbox', { name: 'Byte order mark for Excel' }).check();
  await page.screenshot({ path: test.info().outputPath('export-csv-options.png') });
  summary = await exportTo(glose, dialog, join(out, 'famille.csv'));
  await expect(summary.getByRole('list', { name: 'Not in the file' })).toContainText('1 relation will be left out');
  const csvBytes = await readFile(join(out, 'famille.csv'));
  expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = csvBytes.subarray(3).toString('utf8').split('\r\n');
  expect(rows[0]).toBe('document,start,end,label,text,note,attributes');
  expect(rows.slice(1, 7)).toEqual(SPANS.map(([n, l]) => `famille.txt,${codePoints(n).join(',')},${l},${n},,`));
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // read the doccano, brat and WebAnno TSV exports back (the TSV as its zip and as one .tsv file):
  // the spans and the relation land on the same text
  await reimport(glose, join(out, 'famille.jsonl'), 'famille.txt');
  await reimport(glose, join(out, 'famille.zip'), 'famille.txt');
  await reimport(glose, join(out, 'famille.webanno.zip'), 'famille.txt');
  await reimport(glose, join(out, 'famille.txt.tsv'), 'famille.txt');
  const docs = (await allDocuments(page)).filter((d) => d.name === 'famille.txt');
  expect(docs).toHaveLength(5);
  const [original, ...copies] = docs as [StoredDoc, ...StoredDoc[]];
  expect(original.spans).toEqual(SPANS.map(([n, l]) => `${l} ${utf16(n).join('-')} ${n}`));
  expect(original.relations).toEqual(['Marie Curie -member_of-> Académie des sciences']);
  for (const copy of copies) {
    expect(copy.text).toBe(TEXT);
    expect(copy.spans).toEqual(original.spans);
    expect(copy.relations).toEqual(original.relations);
  }
});

test('malformed annotated files are reported by file and line, and import nothing', async ({ glose }) => {
  const { page } = glose;
  const bad = join(glose.dir, 'bad.jsonl');
  await writeFile(
    bad,
    [
      '{"text": "Premier document.", "label": [[0, 7, "PER"]], "name": "premier"}',
      '{"text": "Deuxième document.", "label": [], "name": "deuxième"}',
      '{"text": "Troisième", "label": [[0, 9, "PER"]',
      '{"text": "Quatrième document.", "label": [[0, 99, "PER"]], "name": "quatrième"}',
      '',
    ].join('\n'),
  );
  const pastEnd = join(glose.dir, 'past-end.jsonl');
  await writeFile(pastEnd, '{"text": "Court.", "label": [[0, 60, "PER"]], "name": "court"}\n');
  const brat = join(glose.dir, 'brat');
  await mkdir(brat);
  await writeFile(join(brat, 'lettre.txt'), 'Marie écrit à Pierre.\n');
  await writeFile(join(brat, 'lettre.ann'), 'T1\tPER 0 5\tMarie\nT2\tPER 14 20\tPaul\n');
  await writeFile(join(brat, 'annotation.conf'), '[entities]\nPER\n');

  await glose.stubOpenDialog([bad, pastEnd, brat]);
  await page.getByRole('button', { name: 'Import…' }).click();
  const report = page.getByRole('dialog', { name: 'Import results' });
  const rows = report.getByRole('list', { name: 'Import results' }).locator(':scope > li');
  await expect(rows).toHaveText([
    /^Failed\s*bad\.jsonl: line 3: not valid JSON.*\(and 1 more problem\)/,
    /^Failed\s*past-end\.jsonl: line 1: span 0–60 is past the end of the text \(length 6\)/,
    /^Failed\s*lettre\.ann: line 2: quote "Paul" does not match the text at 14–20 \("Pierre"\)/,
  ]);
  // every bad line of a file is listed, not only the first
  await expect(report.getByRole('list', { name: 'Problems in bad.jsonl' }).getByRole('listitem')).toHaveText([
    /^line 3: not valid JSON/,
    'line 4: span 0–99 is past the end of the text (length 19)',
  ]);
  await expect(report).toContainText('0 imported');
  await report.getByRole('button', { name: 'Close' }).click();
  const names = (await allDocuments(page)).map((d) => d.name);
  for (const absent of ['premier', 'deuxième', 'quatrième', 'court', 'lettre.txt']) expect(names).not.toContain(absent);
});

test('a doccano file with emoji: the unit of its offsets is asked, and spans are refused in the wrong one', async ({ glose }) => {
  const { page } = glose;
  const text = 'Salut 👋🏽 les amis de Lyon et de Genève';
  const spans: Array<[string, string]> = [
    ['amis', 'PER'],
    ['Lyon', 'LOC'],
    ['Genève', 'LOC'],
  ];
  // offsets in UTF-16 code units, as a JavaScript tool writes them
  const file = join(glose.dir, 'salut.jsonl');
  await writeFile(file, `${JSON.stringify({ text, name: 'salut', label: spans.map(([n, l]) => [text.indexOf(n), text.indexOf(n) + n.length, l]) })}\n`);
  await glose.stubOpenDialog([file]);
  await page.getByRole('button', { name: 'Import…' }).click();
  const report = page.getByRole('dialog', { name: 'Import results' });
  await expect(report.getByRole('heading', { name: 'Offsets of doccano files' })).toBeVisible();
  await expect(report.getByRole('list', { name: 'doccano files' }).getByRole('listitem')).toHaveText([/salut\.jsonl\s*reads only in UTF-16 code units/]);
  // read in code points (the default), the spans fall off words: the file is refused, naming the line
  await expect(report.getByRole('radio', { name: /Code points/ })).toBeChecked();
  await expect(report.getByRole('list', { name: 'Import results' }).locator(':scope > li')).toHaveText([
    /^Failed\s*salut\.jsonl: line 1: span 15–19 \("is d"\) does not start and end on word boundaries .* the file seems to use UTF-16 code units/,
  ]);
  await expect(report).toContainText('nothing saved yet');
  await report.getByRole('radio', { name: /UTF-16 code units/ }).check();
  await page.screenshot({ path: test.info().outputPath('import-doccano-unit.png') });
  await report.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(report.getByRole('list', { name: 'Import results' }).locator(':scope > li')).toHaveText([/^Imported\s*salut: imported with 3 spans \(from salut\.jsonl\)/]);
  await report.getByRole('button', { name: 'Close' }).click();
  expect((await storedSpans(page, 'salut')).map((s) => `${s.label} ${s.text}`)).toEqual(spans.map(([n, l]) => `${l} ${n}`));
});

test('labels the project lacks: create them and import, or import without them', async ({ glose }) => {
  const { page } = glose;
  const line = (name: string, text: string, spans: Array<[string, string]>) =>
    JSON.stringify({ text, label: spans.map(([needle, label]) => [text.indexOf(needle), text.indexOf(needle) + needle.length, label]), name });
  const armes = join(glose.dir, 'armes.jsonl');
  await writeFile(
    armes,
    `${line('sabre', 'Le sabre de Napoléon est au musée de l’Armée.', [['sabre', 'WEAPON'], ['Napoléon', 'PER']])}\n${line('canons', 'Deux canons et une épée.', [['canons', 'WEAPON'], ['épée', 'WEAPON'], ['Deux', 'QUANTITY']])}\n`,
  );
  await glose.stubOpenDialog([armes]);
  await page.getByRole('button', { name: 'Import…' }).click();
  const report = page.getByRole('dialog', { name: 'Import results' });
  await expect(report).toContainText('2 documents read from 1 file · 0 failed · nothing saved yet');
  await expect(report.getByRole('heading', { name: 'Labels not in this project' })).toBeVisible();
  await expect(report.getByRole('list', { name: 'Missing labels' }).getByRole('listitem')).toHaveText([/WEAPON\s*label · 3 spans/, /QUANTITY\s*label · 1 span/]);
  await report.getByRole('button', { name: 'Create labels and import' }).click();
  await expect(report.getByRole('list', { name: 'Import results' }).getByRole('listitem')).toHaveText([
    /^Imported\s*sabre: imported with 2 spans \(from armes\.jsonl\)/,
    /^Imported\s*canons: imported with 3 spans \(from armes\.jsonl\)/,
  ]);
  await expect(report).toContainText('Created “WEAPON”, “QUANTITY”.');
  await report.getByRole('button', { name: 'Close' }).click();
  const palette = page.getByRole('group', { name: 'Label palette' });
  await expect(palette.getByRole('button', { name: /^WEAPON/ })).toBeVisible();
  await expect(palette.getByRole('button', { name: /^QUANTITY/ })).toBeVisible();
  expect((await storedSpans(page, 'sabre')).map((s) => `${s.label} ${s.text}`)).toEqual(['WEAPON sabre', 'PER Napoléon']);

  // the same again with a label still unknown: left out, and counted
  const vehicles = join(glose.dir, 'vehicules.jsonl');
  await writeFile(vehicles, `${line('char', 'Un char et un sabre à Verdun.', [['char', 'VEHICLE'], ['sabre', 'WEAPON'], ['Verdun', 'LOC']])}\n`);
  await glose.stubOpenDialog([vehicles]);
  await page.getByRole('button', { name: 'Import…' }).click();
  await expect(report.getByRole('list', { name: 'Missing labels' }).getByRole('listitem')).toHaveText([/VEHICLE\s*label · 1 span/]);
  await report.getByRole('button', { name: 'Import without them' }).click();
  await expect(report).toContainText('Left out because their label or type is not in the project: 1 span.');
  await expect(report.getByRole('list', { name: 'Import results' })).toContainText('char: imported with 2 spans (from vehicules.jsonl)');
  await report.getByRole('button', { name: 'Close' }).click();
  expect((await storedSpans(page, 'char')).map((s) => `${s.label} ${s.text}`)).toEqual(['WEAPON sabre', 'LOC Verdun']);
  await expect(palette.getByRole('button', { name: /^VEHICLE/ })).toHaveCount(0);
});

test('before an export: names brat renames, and spans that split a character, are listed', async ({ glose }) => {
  const { page } = glose;
  const text = 'Zoe\u0308 visite Genève, la cité de Calvin.';
  const file = join(glose.dir, 'visite.jsonl');
  const line = {
    text,
    name: 'visite',
    entities: [
      { id: 1, start_offset: 0, end_offset: 3, label: 'PER' },
      { id: 2, start_offset: text.indexOf('Genève'), end_offset: text.indexOf('Genève') + 6, label: 'Lieu géographique' },
    ],
    relations: [{ id: 1, from_id: 1, to_id: 2, type: 'située à' }],
  };
  await writeFile(file, `${JSON.stringify(line)}\n`);
  await glose.stubOpenDialog([file]);
  await page.getByRole('button', { name: 'Import…' }).click();
  const report = page.getByRole('dialog', { name: 'Import results' });
  await report.getByRole('button', { name: 'Create labels and import' }).click();
  await report.getByRole('button', { name: 'Close' }).click();

  await page.keyboard.press('Control+e');
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByRole('combobox', { name: 'Format' }).selectOption('brat');
  await expect(dialog.getByRole('list', { name: 'Renamed for brat' }).getByRole('listitem')).toHaveText([
    /label\s*“Lieu géographique” → Lieu_geographique/,
    /relation type\s*“située à” → situee_a/,
  ]);
  await expect(dialog.getByLabel('Preview of the exported file')).toContainText('T2\tLieu_geographique');
  const splits = dialog.getByRole('list', { name: 'Spans that split a character' });
  await splits.getByText('visite').click();
  await expect(splits).toContainText('“Zoe” 0–3');
  await page.screenshot({ path: test.info().outputPath('export-brat-renamed.png') });
  await dialog.getByRole('combobox', { name: 'Format' }).selectOption('w3c');
  await expect(dialog.getByRole('list', { name: 'Not kept in this format' })).toContainText('1 span starts or ends inside a character');
  await expect(dialog.getByRole('list', { name: 'Renamed for brat' })).toHaveCount(0);
});
