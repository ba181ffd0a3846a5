import { strToU8, zipSync, type Zippable } from 'fflate';
import { describe, expect, test } from 'vitest';
import { extract, ExtractError } from '../../../src-main/extract/index';
import { extractEpub } from '../../../src-main/extract/epub';
import { Budget, limitsFor } from '../../../src-main/extract/limits';

// The documents are zipped from hand-written XML.
const zip = (files: Record<string, string>): Uint8Array => {
  const entries: Zippable = {};
  // Both formats want an uncompressed "mimetype" entry first.
  for (const [name, text] of Object.entries(files)) entries[name] = [strToU8(text), { level: name === 'mimetype' ? 0 : 6 }];
  return zipSync(entries);
};

function odt(bodyXml: string, metaXml = ''): Uint8Array {
  return zip({
    mimetype: 'application/vnd.oasis.opendocument.text',
    'content.xml': `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">
  <office:body><office:text>${bodyXml}</office:text></office:body>
</office:document-content>`,
    'meta.xml': `<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3">
  <office:meta>${metaXml}</office:meta>
</office:document-meta>`,
    'META-INF/manifest.xml': `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
  <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
  <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>`,
  });
}

interface Chapter {
  id: string;
  /** path inside OEBPS/ */
  href: string;
  body: string;
  linear?: boolean;
}

function epub(chapters: readonly Chapter[], options: { spine?: readonly string[]; encrypted?: readonly string[] } = {}): Uint8Array {
  const files: Record<string, string> = {
    mimetype: 'application/epub+zip',
    'META-INF/container.xml': `<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>`,
    'OEBPS/content.opf': `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">urn:uuid:00000000-0000-4000-8000-000000000000</dc:identifier>
    <dc:title>Contes du bord de l’eau</dc:title>
    <dc:creator>Lucie Bernard</dc:creator>
    <dc:date>2019-09-01</dc:date>
    <dc:language>fr</dc:language>
  </metadata>
  <manifest>
    ${chapters.map((c) => `<item id="${c.id}" href="${c.href}" media-type="application/xhtml+xml"/>`).join('\n    ')}
    <item id="cover" href="images/cover.jpg" media-type="image/jpeg"/>
  </manifest>
  <spine>
    ${(options.spine ?? chapters.map((c) => c.id))
      .map((id) => `<itemref idref="${id}"${chapters.find((c) => c.id === id)?.linear === false ? ' linear="no"' : ''}/>`)
      .join('\n    ')}
  </spine>
</package>`,
  };
  for (const c of chapters) {
    files[`OEBPS/${decodeURIComponent(c.href)}`] = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fr"><head><title>${c.id}</title><style>p { margin: 0 }</style></head>
<body>${c.body}</body></html>`;
  }
  if (options.encrypted) {
    files['META-INF/encryption.xml'] = `<?xml version="1.0"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
  ${options.encrypted.map((uri) => `<enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/><enc:CipherData><enc:CipherReference URI="${uri}"/></enc:CipherData></enc:EncryptedData>`).join('\n  ')}
</encryption>`;
  }
  return zip(files);
}

async function failure(bytes: Uint8Array, name: string): Promise<ExtractError> {
  const error: unknown = await extract(bytes, name).catch((e: unknown) => e);
  if (!(error instanceof ExtractError)) throw new Error(`expected an ExtractError, got ${String(error)}`);
  return error;
}

describe('odt', () => {
  const body = `
    <text:sequence-decls><text:sequence-decl text:display="none" text:name="Figure"/></text:sequence-decls>
    <text:h text:outline-level="1">Journal de bord</text:h>
    <text:p>Départ du port   à <text:span>six heures</text:span>,<text:s text:c="2"/>mer calme.</text:p>
    <text:p>Colonnes :<text:tab/>vent<text:tab/>houle<text:line-break/>relevé de midi</text:p>
    <text:p>Escale<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Note de bas de page.</text:p></text:note-body></text:note> prévue demain.</text:p>
    <text:tracked-changes><text:changed-region><text:deletion><text:p>Texte supprimé.</text:p></text:deletion></text:changed-region></text:tracked-changes>
    <text:p/>
    <text:list><text:list-item><text:p>amarres vérifiées</text:p></text:list-item></text:list>`;
  const meta = `
    <dc:title>Journal</dc:title>
    <meta:initial-creator>Marc Leroy</meta:initial-creator>
    <dc:creator>Quelqu’un d’autre</dc:creator>
    <meta:creation-date>2020-07-01T10:00:00</meta:creation-date>
    <dc:subject>Navigation</dc:subject>
    <meta:keyword>mer</meta:keyword><meta:keyword>voile</meta:keyword>`;

  test('paragraphs and headings become lines; spaces, tabs and line breaks as ODF spells them', async () => {
    const { text, meta: found } = await extract(odt(body, meta), 'journal.odt');
    expect(text).toBe(['Journal de bord', 'Départ du port à six heures,  mer calme.', 'Colonnes :\tvent\thoule', 'relevé de midi', 'Escale prévue demain.', 'amarres vérifiées'].join('\n'));
    expect(found).toEqual({
      format: 'odt',
      blocks: [{ start: 0, end: 'Journal de bord'.length, kind: 'h1' }],
      title: 'Journal',
      author: 'Marc Leroy',
      date: '2020-07-01T10:00:00',
      extra: { subject: 'Navigation', keywords: 'mer, voile' },
      normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 },
    });
  });

  test('headings keep their outline level; a heading without one is level 1', async () => {
    const levels = '<text:h text:outline-level="2">Partie</text:h><text:p>Texte.</text:p><text:h>Sans niveau</text:h><text:h text:outline-level="9">Profond</text:h>';
    const { text, meta: found } = await extract(odt(levels), 'niveaux.odt');
    expect((found.blocks ?? []).map((b) => [b.kind, text.slice(b.start, b.end)])).toEqual([
      ['h2', 'Partie'],
      ['h1', 'Sans niveau'],
      ['h6', 'Profond'],
    ]);
  });

  test('a zip without content.xml is damaged', async () => {
    const error = await failure(epub([{ id: 'c1', href: 'c1.xhtml', body: '<p>x</p>' }]), 'faux.odt');
    expect([error.code, error.message]).toEqual(['corrupt', 'damaged or not a real OpenDocument text']);
  });
});

describe('epub', () => {
  test('chapters in spine order, block by block, with the book metadata; non-linear items left out', async () => {
    const book = epub(
      [
        { id: 'notes', href: 'Text/notes.xhtml', body: '<p>Note hors lecture.</p>', linear: false },
        { id: 'c2', href: 'Text/chapitre%202.xhtml', body: '<h1>Deux</h1><p>Le vent   tourna.</p>' },
        { id: 'c1', href: 'Text/chapitre1.xhtml', body: '<h1>Un</h1><p>Il était une fois<br/>un pêcheur.</p><script>globalThis.__gloseEpub = true</script>' },
      ],
      { spine: ['c1', 'notes', 'c2'] },
    );
    const { text, meta } = await extract(book, 'contes.epub');
    expect(text).toBe(['Un', 'Il était une fois', 'un pêcheur.', 'Deux', 'Le vent tourna.'].join('\n'));
    expect(Reflect.get(globalThis, '__gloseEpub')).toBeUndefined();
    expect(meta).toEqual({
      format: 'epub',
      // the second chapter's heading is counted from the book's first line, not its chapter's
      blocks: [
        { start: 0, end: 2, kind: 'h1' },
        { start: text.indexOf('Deux'), end: text.indexOf('Deux') + 4, kind: 'h1' },
      ],
      title: 'Contes du bord de l’eau',
      author: 'Lucie Bernard',
      date: '2019-09-01',
      extra: { lang: 'fr' },
      normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 },
    });
  });

  test('a book whose chapters are encrypted (DRM) is refused', async () => {
    const book = epub([{ id: 'c1', href: 'Text/c1.xhtml', body: '<p>x</p>' }], { encrypted: ['OEBPS/Text/c1.xhtml'] });
    const error = await failure(book, 'protege.epub');
    expect([error.code, error.message]).toEqual(['encrypted', 'this e-book is protected by DRM and cannot be read']);
  });

  test('obfuscated fonts alone are not DRM', async () => {
    const book = epub([{ id: 'c1', href: 'Text/c1.xhtml', body: '<p>Lisible.</p>' }], { encrypted: ['OEBPS/Fonts/police.otf'] });
    expect((await extract(book, 'polices.epub')).text).toBe('Lisible.');
  });

  test('a zip without container.xml is damaged', async () => {
    const error = await failure(odt('<text:p>x</text:p>'), 'faux.epub');
    expect([error.code, error.message]).toEqual(['corrupt', 'damaged or not a real EPUB e-book']);
  });
});

describe('an e-book stopped by its time budget', () => {
  test('names the chapter it had reached, of the chapters in the spine', () => {
    const book = epub([
      { id: 'c1', href: 'Text/c1.xhtml', body: '<p>Un.</p>' },
      { id: 'c2', href: 'Text/c2.xhtml', body: '<p>Deux.</p>' },
    ]);
    // how many times reading looks at the clock; then the same read with the last look (after the
    // last chapter) an hour later
    let looks = 0;
    extractEpub(book, new Budget(limitsFor(), () => (looks++, 0)));
    const last = looks;
    looks = 0;
    const late = new Budget(limitsFor(), () => (++looks >= last ? 3_600_000 : 0));
    expect(() => extractEpub(book, late)).toThrow(/\(chapter 2 of 2\): stopped$/);
  });
});
