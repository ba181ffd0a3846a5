import { describe, expect, test } from 'vitest';
import { extract } from '../../../src-main/extract/index';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('markdown', () => {
  test('front matter becomes metadata and leaves the text; the body is kept as written', async () => {
    const source = [
      '---',
      'title: Notes de terrain',
      'author: [Inès Moreau, Paul Girard]',
      'date: 2022-02-03',
      'tags: [enquête, village]',
      'draft: false',
      'pages: 12',
      '---',
      '',
      '# Jour un',
      '',
      'Arrivée au *village* vers midi.  ',
      '- rencontre avec le maire',
      '',
    ].join('\r\n');
    const { text, meta } = await extract(utf8(source), 'terrain.md');
    expect(text).toBe('# Jour un\n\nArrivée au *village* vers midi.  \n- rencontre avec le maire\n');
    expect(meta).toEqual({
      format: 'md',
      encoding: 'utf-8',
      // found in the text after the front matter (and CRLF) went: "# Jour un" with its mark
      blocks: [{ start: 0, end: 9, kind: 'h1' }],
      title: 'Notes de terrain',
      author: 'Inès Moreau, Paul Girard',
      date: '2022-02-03',
      extra: { tags: '["enquête","village"]', draft: 'false', pages: '12' },
      normalisation: { bomRemoved: false, crlfToLf: 13, crToLf: 0 },
    });
  });

  test('an author list leaves out its empty and null entries', async () => {
    const source = ['---', "author: [Inès Moreau, '', null, Paul Girard]", '---', 'Texte.', ''].join('\n');
    const { meta } = await extract(utf8(source), 'auteurs.md');
    expect(meta.author).toBe('Inès Moreau, Paul Girard');
  });

  test('ATX and setext headings are kept as ranges, not the ones in fenced code nor thematic breaks', async () => {
    const text = [
      'Titre principal',
      '===============',
      '',
      'Un paragraphe.',
      '',
      '---',
      '',
      '### Trois   ',
      '```',
      '# pas un titre',
      '```',
      'Sous-titre',
      '---',
      '#sans espace',
      '####### sept',
    ].join('\n');
    const { text: stored, meta } = await extract(utf8(text), 'titres.md');
    expect(stored).toBe(text);
    const shown = (meta.blocks ?? []).map((b) => [b.kind, stored.slice(b.start, b.end)]);
    expect(shown).toEqual([
      ['h1', 'Titre principal'],
      ['h3', '### Trois'],
      ['h2', 'Sous-titre'],
    ]);
  });

  test('a front matter date wins over a date prefix in the body', async () => {
    const { text, meta } = await extract(utf8('---\ndate: 2020-01-15\n---\ndate 2022-02 Corps du texte.\n'), 'a.markdown');
    expect(text).toBe('date 2022-02 Corps du texte.\n');
    expect(meta.date).toBe('2020-01-15');
  });

  test('without front matter, the date prefix is used', async () => {
    const { text, meta } = await extract(utf8('date 2022-02 Corps du texte.\n'), 'a.md');
    expect(text).toBe('date 2022-02 Corps du texte.\n');
    expect(meta.date).toBe('2022-02');
  });

  test('leading dashes that are not a YAML mapping stay in the text', async () => {
    const scalar = '---\nUne phrase entre deux traits\n---\nSuite.\n';
    expect((await extract(utf8(scalar), 'a.md')).text).toBe(scalar);
    const broken = '---\ntitre: "non fermé\n---\nSuite.\n';
    expect((await extract(utf8(broken), 'a.md')).text).toBe(broken);
  });

  test('an empty front matter block is removed', async () => {
    const { text, meta } = await extract(utf8('\uFEFF---\n---\nTexte.'), 'a.md');
    expect(text).toBe('Texte.');
    expect(meta.normalisation.bomRemoved).toBe(true);
    expect(meta.title).toBeUndefined();
  });
});
