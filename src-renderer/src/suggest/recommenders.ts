// The recommenders a project can switch on, and the active ones in running order.
import { type Cues, compileCues, type CueFile } from './cues';
import { DatesAndNumbers, DATES } from './dates';
import { type Gazetteer, GAZETTEER, Gazetteers } from './gazetteer';
import { LEARNED, type LearnedModel, type LearnedOptions, LearnedStrings } from './learned';
import { MODEL, type ModelSpan, ModelProposals } from './model';
import { QUOTES, QuotesAndSpeakers } from './quotes';
import type { Recommender } from './recommender';

/** The recommenders a project can switch on, in the order they run (quotes last: it reads the others' person proposals). */
export const RECOMMENDER_INFO = [
  { id: LEARNED, name: 'Learned strings', description: 'The same words elsewhere, with the label you gave them' },
  { id: GAZETTEER, name: 'Gazetteers', description: 'Terms and patterns from the lists you imported' },
  { id: DATES, name: 'Dates and numbers', description: 'French and English dates, amounts, percentages and quantities, by rule' },
  { id: MODEL, name: 'Your model', description: 'The spans the model at the URL set in Settings proposes' },
  { id: QUOTES, name: 'Quotes and speakers', description: 'Quotation marks, and the person a verb of saying ties to each quote' },
] as const;

export interface RecommenderSetup {
  model: LearnedModel;
  gazetteers: readonly Gazetteer[];
  cues: Cues | readonly CueFile[];
  /** ids of the recommenders switched on; all when omitted */
  enabled?: ReadonlySet<string>;
  learned?: Partial<LearnedOptions>;
  /** what the user's model proposed for the document, when it was asked */
  supplied?: { spans: readonly ModelSpan[]; version: string | null };
}

/** The active recommenders, in running order. */
export function recommenders(setup: RecommenderSetup): Recommender[] {
  const on = (id: string) => setup.enabled === undefined || setup.enabled.has(id);
  const cues = Array.isArray(setup.cues) ? compileCues(setup.cues as readonly CueFile[]) : (setup.cues as Cues);
  const out: Recommender[] = [];
  if (on(LEARNED)) out.push(new LearnedStrings(setup.model, setup.learned));
  if (on(GAZETTEER) && setup.gazetteers.length > 0) out.push(new Gazetteers(setup.gazetteers));
  if (on(DATES)) out.push(new DatesAndNumbers());
  // before the quotes: a person the model found can be a speaker
  if (on(MODEL) && setup.supplied) out.push(new ModelProposals(setup.supplied.spans, setup.supplied.version));
  if (on(QUOTES)) out.push(new QuotesAndSpeakers(cues));
  return out;
}
