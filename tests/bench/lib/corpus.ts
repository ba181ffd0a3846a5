// The synthetic corpus, generated at run time from a seed: French- and English-like prose with accents,
// elisions, apostrophes and a few emoji; spans on word boundaries (a tenth nested or overlapping) and
// relations between neighbouring spans. Same seed, same corpus, on every machine.
import { createHash } from 'node:crypto';
import type { PortableDocument } from '../../../src-main/model';
import { Rng } from './prng';

const WORDS = (
  'le la les un une des du de et ou mais donc car ni que qui dans sur sous avec pour par sans entre vers chez ' +
  'a à y en il elle on se ce sa son ses au aux est sont fut is it be as at an of to in we he she was ' +
  'état élève château forêt fenêtre île rôle côté été année idée réunion décision société économie énergie ' +
  'ministère président présidente gouvernement accord traité sommet frontière région ville village rivière ' +
  'marché prix salaire emploi usine école université hôpital théâtre musée bibliothèque journal lettre ' +
  'mémoire siècle époque hiver printemps automne matin soir nuit journée semaine mois histoire récit ' +
  'naïve garçon leçon façon reçu déjà très où là ça même après être avoir faire dire voir pouvoir vouloir ' +
  'a été fait dit vu pris mis porté annoncé rencontré signé refusé proposé décidé ' +
  'the of and to in on for with from by about into over after before between under against ' +
  'city river market council report minister treaty summit border region school museum letter window ' +
  'morning evening winter spring autumn history story meeting decision energy economy price wage ' +
  'said made took gave found kept held signed refused proposed decided announced crossed opened ' +
  'quickly slowly nearly rather quite almost already never always often seldom perhaps ' +
  'strong weak old new young long short early late public private local national foreign ' +
  "don't it's isn't wasn't they're we'll o'clock aujourd’hui quelqu’un presqu’île"
).split(' ');

const NAMES = (
  'Marie Émile Zoë Hélène Noël Loïc François Agnès Chloé Jérôme Ana Ravi Olaf Sophie Lucas Inès ' +
  'Paris Genève Bruxelles Québec Montréal Berlin Lisbonne Séville Zürich Kraków São Tromsø Orléans ' +
  'ONU OTAN Unesco Renault Airbus Michelin'
).split(' ');

/** French articles and pronouns that elide before a vowel: l’État, d’Émile, qu’il. */
const ELIDED = ['l’', 'd’', 'qu’', 'n’', 's’', 'j’'];
const EMOJI = ['🙂', '🌍', '📚', '🎉', '✨', '🇫🇷'];

export const LABEL_NAMES = ['PER', 'ORG', 'LOC', 'DATE', 'EVENT', 'QUOTE'] as const;
export const RELATION_TYPE_NAMES = ['said_by', 'member_of'] as const;

export interface GeneratedText {
  text: string;
  /** start offset of each paragraph */
  paraStarts: number[];
  /** every word, in order: UTF-16 start, end (exclusive) and paragraph index */
  wordStart: Int32Array;
  wordEnd: Int32Array;
  wordPara: Int32Array;
}

export interface TextOptions {
  paragraphs: number;
  /** paragraph length is drawn from [minChars, maxChars], then the last sentence is finished */
  minChars: number;
  maxChars: number;
  /** emoji now and then (off for PDF, whose standard fonts cannot draw them) */
  emoji: boolean;
}

export function generateText(rng: Rng, opts: TextOptions): GeneratedText {
  const out: string[] = [];
  let length = 0;
  const paraStarts: number[] = [];
  const ws: number[] = [];
  const we: number[] = [];
  const wp: number[] = [];
  const push = (s: string) => {
    out.push(s);
    length += s.length;
  };
  const word = (w: string, para: number) => {
    ws.push(length);
    push(w);
    we.push(length);
    wp.push(para);
  };
  for (let p = 0; p < opts.paragraphs; p++) {
    if (p > 0) push('\n');
    paraStarts.push(length);
    const start = length;
    const target = rng.int(opts.minChars, opts.maxChars);
    let firstSentence = true;
    while (length - start < target) {
      if (!firstSentence) push(' ');
      firstSentence = false;
      const quoted = rng.chance(0.06);
      const french = rng.chance(0.5);
      if (quoted) push(french ? '« ' : '“');
      const n = rng.int(5, 18);
      for (let i = 0; i < n; i++) {
        if (i > 0) push(rng.chance(0.07) ? ', ' : ' ');
        if (opts.emoji && rng.chance(0.004)) {
          push(`${rng.pick(EMOJI)} `);
        }
        if (rng.chance(0.08)) {
          word(rng.pick(NAMES), p);
        } else if (rng.chance(0.05)) {
          push(rng.pick(ELIDED));
          word(rng.pick(NAMES), p);
        } else {
          let w = rng.pick(WORDS);
          if (i === 0) w = w.charAt(0).toUpperCase() + w.slice(1);
          word(w, p);
        }
      }
      if (quoted) push(french ? ' »' : '”');
      const r = rng.next();
      push(r < 0.08 ? '?' : r < 0.13 ? '!' : r < 0.16 ? '…' : '.');
    }
  }
  return {
    text: out.join(''),
    paraStarts,
    wordStart: Int32Array.from(ws),
    wordEnd: Int32Array.from(we),
    wordPara: Int32Array.from(wp),
  };
}

export interface SpanSpec {
  id: string;
  start: number;
  end: number;
  /** index into LABEL_NAMES (and the project's labels in order) */
  label: number;
  /** nested in or overlapping another span */
  tangled: boolean;
  note?: string;
  attributes?: Record<string, string>;
}

export interface RelationSpec {
  id: string;
  /** indices into the span list */
  from: number;
  to: number;
  /** index into RELATION_TYPE_NAMES */
  type: number;
}

export interface AnnotatedDoc extends GeneratedText {
  id: string;
  name: string;
  title: string;
  spans: SpanSpec[];
  relations: RelationSpec[];
}

/**
 * Places `spanCount` spans on word boundaries: 90% do not touch each other (one to three words), 10%
 * are nested in one of those or overlap it. Relations link a span to the next one.
 */
export function annotate(rng: Rng, gen: GeneratedText, spanCount: number, relationCount: number): Pick<AnnotatedDoc, 'spans' | 'relations'> {
  const { wordStart, wordEnd, wordPara } = gen;
  const words = wordStart.length;
  const extra = Math.round(spanCount * 0.1);
  const starts = rng.sample(words, spanCount - extra);
  const base: SpanSpec[] = [];
  const baseWords: Array<[number, number]> = [];
  const span = (start: number, end: number, tangled: boolean): SpanSpec => {
    const label = rng.int(0, LABEL_NAMES.length - 1);
    const s: SpanSpec = { id: rng.uuid(), start, end, label, tangled };
    if (label === 5 && rng.chance(0.5)) s.attributes = { kind: rng.chance(0.5) ? 'direct' : 'indirect' };
    if (rng.chance(0.02)) s.note = rng.chance(0.5) ? 'à vérifier' : 'checked against the source';
    return s;
  };
  for (const [k, w] of starts.entries()) {
    const next = starts[k + 1] ?? words;
    let len = Math.min(rng.pick([1, 1, 1, 2, 2, 3]), next - w);
    while (len > 1 && wordPara[w + len - 1] !== wordPara[w]) len--;
    base.push(span(wordStart[w] as number, wordEnd[w + len - 1] as number, false));
    baseWords.push([w, w + len - 1]);
  }
  const tangled: SpanSpec[] = [];
  for (const b of rng.sample(base.length, extra)) {
    const [first, last] = baseWords[b] as [number, number];
    (base[b] as SpanSpec).tangled = true;
    const samePara = (w: number) => w >= 0 && w < words && wordPara[w] === wordPara[first];
    let range: [number, number];
    if (last > first && rng.chance(0.5)) {
      const w = rng.int(first, last); // one word inside
      range = [wordStart[w] as number, wordEnd[w] as number];
    } else if (samePara(last + 1)) {
      // starts inside and ends past it (overlap), or wraps it with the next word (nesting)
      range = last > first && rng.chance(0.5) ? [wordStart[last] as number, wordEnd[last + 1] as number] : [wordStart[first] as number, wordEnd[last + 1] as number];
    } else if (samePara(first - 1)) {
      range = [wordStart[first - 1] as number, wordEnd[last] as number];
    } else {
      range = [wordStart[first] as number, wordEnd[first] as number];
    }
    tangled.push(span(range[0], range[1], true));
  }
  const spans = [...base, ...tangled];
  const relations: RelationSpec[] = rng.sample(base.length - 1, relationCount).map((k) => ({
    id: rng.uuid(),
    from: k,
    to: k + 1,
    type: rng.int(0, RELATION_TYPE_NAMES.length - 1),
  }));
  return { spans, relations };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The book: ~1 MB of text in 5,000 paragraphs, 20,000 spans, 2,000 relations. */
/** The book: 5,000 paragraphs (1 MB), 20,000 spans, 2,000 relations; `scale` times all of them. */
export function book(scale = 1): AnnotatedDoc {
  const rng = new Rng(20240601);
  const gen = generateText(rng, { paragraphs: 5000 * scale, minChars: 40, maxChars: 280, emoji: true });
  const title = scale === 1 ? 'Le Grand Livre — The Big Book' : `Le Grand Livre ×${scale} — The Big Book ×${scale}`;
  return { id: rng.uuid(), name: `${title}.txt`, title, ...gen, ...annotate(rng, gen, 20_000 * scale, 2_000 * scale) };
}

/** A short document to switch to and from, so that every open of the book is a real one. */
export function shortNote(): AnnotatedDoc {
  const rng = new Rng(99);
  const gen = generateText(rng, { paragraphs: 3, minChars: 80, maxChars: 200, emoji: false });
  return { id: rng.uuid(), name: 'Note courte.txt', title: 'Note courte — Short note', ...gen, ...annotate(rng, gen, 5, 1) };
}

/** The workspace of many documents: 500 documents of ~12,000 characters, 200 spans and 10 relations each. */
export function collection(count = 500): AnnotatedDoc[] {
  const rng = new Rng(777);
  return Array.from({ length: count }, (_, i) => {
    const gen = generateText(rng, { paragraphs: 60, minChars: 80, maxChars: 260, emoji: true });
    const n = String(i + 1).padStart(3, '0');
    return { id: rng.uuid(), name: `article-${n}.txt`, title: `Article ${n}`, ...gen, ...annotate(rng, gen, 200, 10) };
  });
}

/** A document as the export formats receive it (what db.portableDocument builds from the database). */
export function portable(doc: AnnotatedDoc): PortableDocument {
  return {
    name: doc.name,
    text: doc.text,
    meta: {
      format: 'txt',
      encoding: 'utf-8',
      title: doc.title,
      hash: sha256(doc.text),
      normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 },
    },
    categories: ['economy'],
    spans: [...doc.spans]
      .sort((a, b) => a.start - b.start || b.end - a.end)
      .map((s) => ({
        key: s.id,
        start: s.start,
        end: s.end,
        label: LABEL_NAMES[s.label] as string,
        ...(s.note ? { note: s.note } : {}),
        ...(s.attributes ? { attributes: s.attributes } : {}),
      })),
    relations: doc.relations.map((r) => ({
      fromKey: (doc.spans[r.from] as SpanSpec).id,
      toKey: (doc.spans[r.to] as SpanSpec).id,
      type: RELATION_TYPE_NAMES[r.type] as string,
    })),
  };
}
