// What an import left out is stored as codes and worded in the interface language of the moment; a
// note stored in English by an older Glose is still shown as it was.
import { describe, expect, it } from 'vitest';
import { parse as parseW3c } from '../../../src-main/formats/w3c';
import { parseAnn } from '../../../src-main/formats/brat';
import { useLocale } from '../../../src-main/i18n/current';
import { readImportNotes, wordNote } from '../../../src-renderer/src/lib/import-notes';
import { en } from '../../../src-renderer/src/lib/i18n/en';
import { fr } from '../../../src-renderer/src/lib/i18n/fr';

describe('import notes', () => {
  it('are stored as codes, the same whatever the language of the import', () => {
    const text = 'Paris est loin.';
    const ann = ['T1\tLOC 0 5\tParis', 'E1\tTravel:T1', 'T2\tLOC 0 2;3 5\tPa is'].join('\n');
    useLocale('fr');
    const inFrench = parseAnn(text, ann, 'a.ann').meta.extra?.['importNotes'];
    useLocale('en');
    expect(parseAnn(text, ann, 'a.ann').meta.extra?.['importNotes']).toBe(inFrench);
    expect(readImportNotes(inFrench ?? '')).toEqual([
      { note: 'brat-event', count: 1 },
      { note: 'brat-discontinuous', count: 1 },
    ]);
  });

  it('are worded in French or English, with their counts and what they are about', () => {
    const notes = [
      { note: 'w3c-body', count: 2, what: 'commenting' },
      { note: 'webanno-value', count: 1234, what: 'de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS' },
    ] as const;
    expect(notes.map((n) => wordNote(fr, n))).toEqual([
      '2\u00a0× body de purpose «\u00a0commenting\u00a0» laissé de côté',
      '1\u202f234\u00a0× valeur d’annotation POS (couche de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS) laissée de côté',
    ]);
    expect(notes.map((n) => wordNote(en, n))).toEqual([
      '2 × body with purpose "commenting" left out',
      '1,234 × POS annotation value (layer de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS) left out',
    ]);
  });

  it('read a W3C body left out as a code with its purpose', () => {
    const collection = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'AnnotationCollection',
      'glose:text': 'Ada',
      first: {
        type: 'AnnotationPage',
        items: [
          {
            id: 'urn:a1',
            type: 'Annotation',
            body: [
              { type: 'TextualBody', purpose: 'tagging', value: 'PER' },
              { type: 'TextualBody', purpose: 'highlighting', value: 'yellow' },
            ],
            target: { source: 'urn:doc', selector: [{ type: 'TextPositionSelector', start: 0, end: 3 }] },
          },
        ],
      },
    };
    const [doc] = parseW3c(JSON.stringify(collection), 'a.jsonld');
    expect(readImportNotes(doc?.meta.extra?.['importNotes'] ?? '')).toEqual([{ note: 'w3c-body', count: 1, what: 'highlighting' }]);
  });

  it('leave an older English note, or anything else, to be shown as it is', () => {
    expect(readImportNotes('2 × event (E line) left out')).toBeNull();
    expect(readImportNotes('[{"note":"brat-event","count":0}]')).toBeNull();
    expect(readImportNotes('[{"note":"unknown","count":1}]')).toBeNull();
    expect(readImportNotes('{"note":"brat-event","count":1}')).toBeNull();
  });

  it('read a note without `what` as one without the key, and word it with nothing in its place', () => {
    const [note] = readImportNotes('[{"note":"labelstudio-result","count":2}]') ?? [];
    // exactOptionalPropertyTypes: an absent `what`, not `what: undefined`
    expect(note).toStrictEqual({ note: 'labelstudio-result', count: 2 });
    expect(note && 'what' in note).toBe(false);
    expect(wordNote(en, { note: 'labelstudio-result', count: 2 })).toBe(en.info.importNoteCount(2, '"" result left out'));
  });
});
