// The suggestion engine in Node, as the reader's worker runs it: every proposal for the 1 MB book
// when it opens, the learned-strings update after one edit, and pre-annotating the 500-document
// workspace. The learned model holds the spans of the book (the workspace's for pre-annotation);
// the cue lists are the shipped ones; no gazetteer. Each row's note adds the median CPU time of the
// runs (process.cpuUsage), which other work on the machine inflates less than the wall time, and
// for pre-annotation how often the process was preempted (process.resourceUsage): on a machine
// whose other work keeps more processes runnable than it has cores, the wall time is the CPU time
// plus the time spent waiting for a core.
import { test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compileCues,
  DocIndex,
  formOf,
  LearnedModel,
  parseCues,
  recommenders,
  Schema,
  suggest,
  SuggestService,
  SuggestSession,
  type ExistingSpan,
  type SuggestRequest,
} from '../../src-renderer/src/suggest/index';
import { type AnnotatedDoc, book, collection, LABEL_NAMES, RELATION_TYPE_NAMES } from './lib/corpus';
import { measured, median, Results, RUNS, WARMUP } from './lib/report';
import { digestOf } from '../../src-renderer/src/suggest/digest';
import { packReply } from '../../src-renderer/src/suggest/pack';

const cueFile = (lang: string) => parseCues(JSON.parse(readFileSync(join(process.cwd(), 'resources', 'suggest', `cues.${lang}.json`), 'utf8')), `cues.${lang}.json`);
const schema = new Schema({
  labels: [...LABEL_NAMES],
  relations: [
    { name: RELATION_TYPE_NAMES[0], source: ['QUOTE'], target: ['PER', 'ORG'] },
    { name: RELATION_TYPE_NAMES[1], source: ['PER'], target: ['ORG'] },
  ],
});
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const cpuNote = (samples: number[]) => `CPU ${Math.round(median(samples))} ms`;

const spansOf = (doc: AnnotatedDoc): ExistingSpan[] => doc.spans.map((s) => ({ start: s.start, end: s.end, label: LABEL_NAMES[s.label] as string, id: s.id }));

test('suggestions: open the book, edit it, pre-annotate the workspace', async () => {
  const results = new Results('suggest');
  const cues = compileCues([cueFile('fr'), cueFile('en')]);
  const doc = book();
  const spans = spansOf(doc);
  const model = LearnedModel.build([{ id: doc.id, text: doc.text, spans }]);
  const ctx = { schema, spans, relations: [], rejected: new Set<string>() };

  const open: number[] = [];
  const openCpu: number[] = [];
  let count = 0;
  for (let run = 0; run < WARMUP + RUNS; run++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    const proposals = new SuggestSession(new DocIndex(doc.text), recommenders({ model, gazetteers: [], cues })).all(ctx);
    const ms = performance.now() - t0;
    count = proposals.length;
    if (run >= WARMUP) {
      open.push(ms);
      openCpu.push(cpuMs() - c0);
    }
  }
  results.add(
    measured('suggest-open-book', 'open the 1 MB book: index its text, every recommender, filter and merge', 'ms', open, { median: 300 }, { note: `${cpuNote(openCpu)}; ${count.toLocaleString('en')} proposals` }),
  );

  // the book as the reader's worker opens it now: the document read while the reader opens it (the
  // service's 'prepare': its index kept from learning, the model's decisions worked out then), its
  // proposals and digest packed for the answer, which the page shows once its own digest agrees.
  // Not included: the read from IndexedDB (suggest-reader-after-open measures the whole in the app),
  // nor the 'openPrepared' that follows once they are shown
  {
    const service = new SuggestService([cueFile('fr'), cueFile('en')]);
    const state = { id: doc.id, text: doc.text, spans };
    service.handle({ type: 'configure', schema: { labels: [...LABEL_NAMES], relations: [{ name: RELATION_TYPE_NAMES[0], source: ['QUOTE'], target: ['PER', 'ORG'] }, { name: RELATION_TYPE_NAMES[1], source: ['PER'], target: ['ORG'] }] } });
    service.handle({ type: 'learn', documents: [state] });
    const worker: number[] = [];
    const workerCpu: number[] = [];
    let answered = 0;
    // computed by the page, on its own thread
    const digest = digestOf(state);
    for (let run = 0; run < WARMUP + RUNS; run++) {
      service.handle({ type: 'close', id: doc.id });
      const c0 = cpuMs();
      const t0 = performance.now();
      const reply = service.handle({ type: 'prepare', document: state });
      packReply(reply);
      const ms = performance.now() - t0;
      if (reply.type !== 'prepared' || reply.digest !== digest) throw new Error(`book not prepared as the page holds it: ${reply.type}`);
      answered = reply.proposals.length;
      const opened = service.handle({ type: 'openPrepared', id: doc.id, digest, known: true });
      if (opened.type !== 'ok') throw new Error(`prepared book not opened: ${opened.type}`);
      if (run >= WARMUP) {
        worker.push(ms);
        workerCpu.push(cpuMs() - c0);
      }
    }
    results.add(
      measured('suggest-open-worker', 'open the 1 MB book in the worker: every recommender, filter and merge on its kept index, its digest made, answer packed', 'ms', worker, { median: 300 }, { note: `${cpuNote(workerCpu)}; ${answered.toLocaleString('en')} proposals` }),
    );
  }

  // one edit: a new PER span on a word, its form counted again and proposed everywhere
  const index = new DocIndex(doc.text);
  const session = new SuggestSession(index, recommenders({ model, gazetteers: [], cues }));
  session.all(ctx);
  const edit: number[] = [];
  const editCpu: number[] = [];
  for (let run = 0; run < WARMUP + RUNS; run++) {
    const w = 1000 + 37 * run;
    const added = { start: doc.wordStart[w] as number, end: doc.wordEnd[w] as number, label: 'PER', id: `edit-${run}` };
    const c0 = cpuMs();
    const t0 = performance.now();
    const key = formOf(doc.text.slice(added.start, added.end))?.key;
    // counted from the session's index of the spans, as the worker does (see SuggestService)
    session.update({
      spans: [{ after: added }],
      forms: (now) => model.observe({ id: doc.id, text: doc.text, index, spans: [], annotations: { labelsAt: (s, e) => now.labelsAt(s, e), rejectedAt: (s, e) => now.rejectedAt(s, e), complete: false } }, key === undefined ? [] : [key]),
    });
    const ms = performance.now() - t0;
    if (run >= WARMUP) {
      edit.push(ms);
      editCpu.push(cpuMs() - c0);
    }
  }
  results.add(measured('suggest-edit', 'after one new span in the book: its form counted again, proposals updated everywhere', 'ms', edit, { median: 100 }, { note: cpuNote(editCpu) }));

  // one edit as the reader's worker gets it, each message copied as postMessage copies it: before,
  // the whole document went (text, every span) and every proposal came back; now the span alone
  // goes and what changed comes back
  const names = { labels: [...LABEL_NAMES], relations: [] };
  const trip = (service: SuggestService, request: SuggestRequest) => structuredClone(service.handle(structuredClone(request)));
  const services = { whole: new SuggestService([cueFile('fr'), cueFile('en')]), delta: new SuggestService([cueFile('fr'), cueFile('en')]) };
  const docState = { id: doc.id, text: doc.text, spans };
  for (const service of Object.values(services)) {
    service.handle({ type: 'configure', schema: names });
    service.handle({ type: 'learn', documents: [docState] });
    service.handle({ type: 'open', document: docState });
  }
  const message = { whole: [] as number[], delta: [] as number[] };
  const messageCpu = { whole: [] as number[], delta: [] as number[] };
  let changed = 0;
  let all = 0;
  const current = [...spans];
  for (let run = 0; run < WARMUP + RUNS; run++) {
    const w = 2000 + 41 * run;
    const added = { start: doc.wordStart[w] as number, end: doc.wordEnd[w] as number, label: 'PER', id: `message-${run}` };
    current.push(added);
    for (const kind of ['whole', 'delta'] as const) {
      const c0 = cpuMs();
      const t0 = performance.now();
      const reply =
        kind === 'whole'
          ? trip(services.whole, { type: 'edit', document: { ...docState, spans: current }, touched: [added] })
          : trip(services.delta, { type: 'change', id: doc.id, changes: [{ spans: [{ after: added }], touched: [added] }] });
      const ms = performance.now() - t0;
      if (reply.type === 'changed') changed = reply.added.length + reply.removed.length;
      if (reply.type === 'proposals') all = reply.proposals.length;
      if (run >= WARMUP) {
        message[kind].push(ms);
        messageCpu[kind].push(cpuMs() - c0);
      }
    }
  }
  results.add(
    measured('suggest-edit-whole', 'one edit through the worker as it was: the whole document sent, every proposal answered (both copies included)', 'ms', message.whole, { median: 100 }, { note: `${cpuNote(messageCpu.whole)}; ${all.toLocaleString('en')} proposals answered` }),
  );
  results.add(
    measured('suggest-edit-delta', 'one edit through the worker now: the span sent, what changed answered (both copies included)', 'ms', message.delta, { median: 100 }, { note: `${cpuNote(messageCpu.delta)}; ${changed.toLocaleString('en')} proposals answered` }),
  );

  // each document indexed once, for learning and for proposing (the worker keeps the indexes it
  // made when learning, see SuggestService), the recommenders made once for all of them
  const docs = collection();
  const workspace: number[] = [];
  const workspaceCpu: number[] = [];
  const preempted: number[] = [];
  let total = 0;
  for (let run = 0; run < 1 + Math.min(RUNS, 2); run++) {
    const c0 = cpuMs();
    const p0 = process.resourceUsage().involuntaryContextSwitches;
    const t0 = performance.now();
    const indexes = docs.map((d) => new DocIndex(d.text));
    const corpusModel = LearnedModel.build(docs.map((d, i) => ({ id: d.id, text: d.text, spans: spansOf(d), index: indexes[i] })));
    const recs = recommenders({ model: corpusModel, gazetteers: [], cues });
    total = 0;
    docs.forEach((d, i) => (total += suggest(indexes[i] as DocIndex, { schema, spans: spansOf(d), relations: [], rejected: new Set() }, recs).length));
    const ms = performance.now() - t0;
    if (run >= 1) {
      workspace.push(ms);
      workspaceCpu.push(cpuMs() - c0);
      preempted.push(process.resourceUsage().involuntaryContextSwitches - p0);
    }
  }
  results.add(
    measured('suggest-preannotate', 'pre-annotate 500 documents: index each once, learn from their 100,000 spans, then every recommender on each', 'ms', workspace, { median: 10_000 }, {
      warmup: 1,
      note: `${cpuNote(workspaceCpu)}; preempted ${Math.round(median(preempted)).toLocaleString('en')} times; ${total.toLocaleString('en')} proposals`,
    }),
  );
});
