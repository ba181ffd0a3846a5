// The suggestion engine: pure TypeScript, no DOM, no database, no Svelte, so it runs in a Web Worker
// of the renderer and under Node alike. See README "Suggestions".
//
// The reader talks to worker.ts, which runs SuggestService (service.ts): configure (schema, switches,
// the user's cue files and gazetteers), learn (the project's annotated documents), open, edit (the
// extents an edit touched), close, preannotate. Underneath, per project and document:
//   const model = LearnedModel.build(annotatedDocs);
//   const doc = new DocIndex(text);
//   const session = new SuggestSession(doc, recommenders({ model, gazetteers, cues, enabled }));
//   let proposals = session.all(ctx);                    // ctx: schema, spans, relations, rejected
//   // after an edit that touched [s, e):
//   const keys = model.observe({ id, text, index: doc, spans, rejected, complete }, [formKeyAt(doc, s, e)]);
//   proposals = session.update(ctx, keys);
export { type CueFile, type Cues, compileCues, parseCues } from './cues';
export { DatesAndNumbers, findDates } from './dates';
export { DocIndex } from './doc';
export { suggest, SuggestSession } from './engine';
export { SuggestFileError } from './errors';
export { type Gazetteer, type GazetteerOptions, Gazetteers, parseGazetteer } from './gazetteer';
export { Schema } from './labels';
export { formKeyAt, formOf, LearnedModel, LearnedStrings, type TrainingDoc } from './learned';
export { MODEL, type ModelSpan, ModelProposals } from './model';
export { findQuotes, QuotesAndSpeakers } from './quotes';
export type { Recommender, SuggestContext } from './recommender';
export { RECOMMENDER_INFO, recommenders, type RecommenderSetup } from './recommenders';
export { type DocumentChange, type DocumentState, type SuggestReply, type SuggestRequest, SuggestService } from './service';
export * from './types';
