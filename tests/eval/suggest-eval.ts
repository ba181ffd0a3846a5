// Precision and recall of each recommender on the hand-annotated sample in tests/fixtures/suggest,
// so that a change to the engine can be compared with the one before (`npm run eval:suggest`).
// Every document is annotated from scratch (no spans, nothing rejected); learned strings learn
// from all the other documents (leave one document out, each of them marked complete); the
// gazetteers are the two lists of the fixture folder. A proposal counts for every recommender that
// made it (the engine merges identical ones); it is right when its extent and label (for a
// relation: type and both ends' extents) are exactly those of a gold annotation.
import { z } from 'zod';
import gold from '../fixtures/suggest/gold.json';
import patterns from '../fixtures/suggest/patterns.jsonl?raw';
import places from '../fixtures/suggest/places-and-bodies.tsv?raw';
import { DEFAULT_CUE_FILES } from '../../src-renderer/src/suggest/default-cues';
import { DocIndex, LearnedModel, MODEL, parseGazetteer, Schema, RECOMMENDER_INFO, recommenders, suggest, type Proposal } from '../../src-renderer/src/suggest/index';

const GoldFile = z.object({
  description: z.string(),
  schema: z.object({
    labels: z.array(z.string()),
    relations: z.array(z.object({ name: z.string(), source: z.array(z.string()), target: z.array(z.string()) })),
  }),
  documents: z.array(
    z.object({
      id: z.string(),
      lang: z.string(),
      /** dev: what the recommenders were tuned on; held-out: never tuned on */
      set: z.enum(['dev', 'held-out']),
      text: z.string(),
      spans: z.array(z.object({ id: z.string(), start: z.number().int(), end: z.number().int(), label: z.string(), text: z.string() })),
      relations: z.array(z.object({ type: z.string(), from: z.string(), to: z.string() })),
    }),
  ),
});
export type Gold = z.infer<typeof GoldFile>;

export interface Row {
  recommender: string;
  /** a label, a relation type, or * for all of the recommender's rows */
  label: string;
  gold: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface Evaluation {
  /** the documents evaluated: all, or one set */
  set: 'all' | 'dev' | 'held-out';
  documents: number;
  spans: number;
  relations: number;
  rows: Row[];
}

/** Checks the gold file: its structure, and that every span's text is what its offsets cover. */
export function readGold(json: unknown): Gold {
  const parsed = GoldFile.parse(json);
  for (const doc of parsed.documents) {
    for (const s of doc.spans) {
      if (doc.text.slice(s.start, s.end) !== s.text) throw new Error(`gold.json ${doc.id} span ${s.id}: offsets ${s.start}–${s.end} cover "${doc.text.slice(s.start, s.end)}", not "${s.text}"`);
    }
    const ids = new Set(doc.spans.map((s) => s.id));
    for (const r of doc.relations) if (!ids.has(r.from) || !ids.has(r.to)) throw new Error(`gold.json ${doc.id}: relation ${r.from} → ${r.to} names a span that is not there`);
  }
  return parsed;
}

const ALL = 'all';
const LEARNED_SKIPS = new Set(['QUOTE']);

/** The labels (and relation types) each recommender is meant to find, for its recall. */
function targets(recommender: string, data: Gold, gazetteerLabels: Set<string>): Set<string> {
  const labels = data.schema.labels;
  const relations = data.schema.relations.map((r) => r.name);
  switch (recommender) {
    case 'learned':
      return new Set(labels.filter((l) => !LEARNED_SKIPS.has(l)));
    case 'gazetteer':
      return gazetteerLabels;
    case 'dates':
      return new Set(labels.filter((l) => ['DATE', 'MONEY', 'PERCENT', 'QUANTITY', 'CARDINAL'].includes(l)));
    case 'quotes':
      return new Set([...labels.filter((l) => l === 'QUOTE'), ...relations]);
    default:
      return new Set([...labels, ...relations]);
  }
}

/** Evaluates every document of the gold file, or those of one set (learned strings still learn from all the others). */
export function evaluate(json: unknown = gold, set: Evaluation['set'] = 'all'): Evaluation {
  const data = readGold(json);
  const evaluated = data.documents.filter((d) => set === 'all' || d.set === set);
  const schema = new Schema(data.schema);
  const gazetteers = [parseGazetteer(places, 'places-and-bodies.tsv'), parseGazetteer(patterns, 'patterns.jsonl')];
  const gazetteerLabels = new Set(gazetteers.flatMap((g) => g.labels).map((l) => schema.label(l)).filter((l): l is string => l !== null));
  // the user's model is not here to ask: the rules and the learned strings are measured
  const ids = [...RECOMMENDER_INFO.map((r) => r.id as string).filter((id) => id !== MODEL), ALL];
  const counts = new Map<string, { tp: number; fp: number }>();
  const goldCount = new Map<string, number>();
  const bump = (recommender: string, label: string, right: boolean) => {
    const key = `${recommender}\t${label}`;
    const c = counts.get(key) ?? { tp: 0, fp: 0 };
    if (right) c.tp++;
    else c.fp++;
    counts.set(key, c);
  };

  for (const doc of evaluated) {
    const others = data.documents.filter((d) => d !== doc).map((d) => ({ id: d.id, text: d.text, spans: d.spans, complete: true }));
    const model = LearnedModel.build(others);
    const proposals = suggest(new DocIndex(doc.text), { schema, spans: [], relations: [], rejected: new Set() }, recommenders({ model, gazetteers, cues: DEFAULT_CUE_FILES }));
    const byId = new Map(doc.spans.map((s) => [s.id, s]));
    const goldSpans = new Set(doc.spans.map((s) => `${s.start}:${s.end}:${s.label}`));
    const goldRelations = new Set(
      doc.relations.map((r) => {
        const from = byId.get(r.from) as Gold['documents'][number]['spans'][number];
        const to = byId.get(r.to) as Gold['documents'][number]['spans'][number];
        return `${r.type}:${from.start}:${from.end}:${to.start}:${to.end}`;
      }),
    );
    for (const s of doc.spans) goldCount.set(s.label, (goldCount.get(s.label) ?? 0) + 1);
    for (const r of doc.relations) goldCount.set(r.type, (goldCount.get(r.type) ?? 0) + 1);
    for (const p of proposals) {
      const [label, right] = judge(p, goldSpans, goldRelations);
      for (const r of new Set([p.recommender, ...(p.alsoBy ?? []), ALL])) bump(r, label, right);
    }
  }

  const order = [...data.schema.labels, ...data.schema.relations.map((r) => r.name)];
  const rows: Row[] = [];
  for (const recommender of ids) {
    const wanted = targets(recommender, data, gazetteerLabels);
    const labels = order.filter((l) => wanted.has(l) || counts.has(`${recommender}\t${l}`));
    const mine: Row[] = labels.map((label) => {
      const { tp, fp } = counts.get(`${recommender}\t${label}`) ?? { tp: 0, fp: 0 };
      const total = wanted.has(label) ? (goldCount.get(label) ?? 0) : tp;
      return row(recommender, label, total, tp, fp);
    });
    rows.push(...mine);
    const sum = (k: 'gold' | 'tp' | 'fp') => mine.reduce((n, r) => n + r[k], 0);
    rows.push(row(recommender, '*', sum('gold'), sum('tp'), sum('fp')));
  }
  return {
    set,
    documents: evaluated.length,
    spans: evaluated.reduce((n, d) => n + d.spans.length, 0),
    relations: evaluated.reduce((n, d) => n + d.relations.length, 0),
    rows,
  };
}

function judge(p: Proposal, spans: Set<string>, relations: Set<string>): [string, boolean] {
  if (p.kind === 'span') return [p.label, spans.has(`${p.start}:${p.end}:${p.label}`)];
  return [p.type, relations.has(`${p.type}:${p.from.start}:${p.from.end}:${p.to.start}:${p.to.end}`)];
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

/** A row; for labels outside a recommender's targets, gold is its true positives (recall not counted against it). */
function row(recommender: string, label: string, gold: number, tp: number, fp: number): Row {
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, gold);
  const f1 = precision === null || recall === null || precision + recall === 0 ? null : (2 * precision * recall) / (precision + recall);
  return { recommender, label, gold, tp, fp, fn: gold - tp, precision, recall, f1 };
}

/** The evaluation as a plain-text table. */
export function formatTable(e: Evaluation): string {
  const head = ['recommender', 'label', 'gold', 'tp', 'fp', 'fn', 'precision', 'recall', 'f1'];
  const num = (n: number | null) => (n === null ? '–' : n.toFixed(3));
  const body = e.rows.map((r) => [r.recommender, r.label, String(r.gold), String(r.tp), String(r.fp), String(r.fn), num(r.precision), num(r.recall), num(r.f1)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [
    `Suggestions on ${e.documents} documents (${e.set === 'all' ? 'all sets' : `set ${e.set}`}; ${e.spans} gold spans, ${e.relations} relations) of tests/fixtures/suggest/gold.json`,
    'learned strings: leave one document out; gazetteers: places-and-bodies.tsv and patterns.jsonl; * = all rows of the recommender',
    'gold: annotations the recommender is meant to find (for a label outside its aim, its true positives only)',
    '',
    line(head),
    ...body.map((b, i) => (e.rows[i]?.label === '*' ? `${line(b)}\n` : line(b))),
  ].join('\n');
}
