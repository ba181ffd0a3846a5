// The cue lists shipped in resources/suggest, checked like any cue file a user brings.
import en from '../../../resources/suggest/cues.en.json';
import fr from '../../../resources/suggest/cues.fr.json';
import { type CueFile, parseCues } from './cues';

export const DEFAULT_CUE_FILES: readonly CueFile[] = [parseCues(fr, 'cues.fr.json'), parseCues(en, 'cues.en.json')];
