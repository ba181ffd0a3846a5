import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test, vi } from 'vitest';
import iconv from 'iconv-lite';
import { extract, ExtractError } from '../../../src-main/extract/index';

const fixture = new Uint8Array(readFileSync(new URL('../../fixtures/extract/article.html', import.meta.url)));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

const ARTICLE = [
  'Après dix-huit mois de travaux, le marché couvert de la place centrale a rouvert samedi matin. Les commerçants, installés depuis l’hiver dans des halles provisoires, ont retrouvé leurs étals sous la charpente restaurée.',
  'Une charpente d’origine',
  'La structure métallique, datée de la fin du dix-neuvième siècle, a été démontée pièce par pièce puis remontée après traitement contre la rouille. Les verrières ont été remplacées à l’identique.',
  'douze étals de primeurs ;',
  'quatre fromagers et deux boulangers.',
  '«\u00A0Nous avons gardé chaque rivet qui pouvait l’être\u00A0», explique l’architecte.',
  'La municipalité prévoit d’ouvrir le marché le dimanche à partir de l’été, si la fréquentation des premières semaines le justifie.',
].join('\n');

describe('html', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    Reflect.deleteProperty(globalThis, '__gloseScriptRan');
    Reflect.deleteProperty(globalThis, '__gloseOnerror');
    Reflect.deleteProperty(globalThis, '__gloseOnload');
  });

  test('keeps the article, one block per line, and drops the page chrome', async () => {
    const { text, meta } = await extract(fixture, 'marche.html');
    expect(text).toBe(ARTICLE);
    expect(meta).toEqual({
      format: 'html',
      // the <h1> is the title Readability takes out; the <h2> stays in the text, as a heading
      blocks: [{ start: text.indexOf('Une charpente'), end: text.indexOf('Une charpente') + 'Une charpente d’origine'.length, kind: 'h2' }],
      encoding: 'utf-8',
      title: 'Le marché couvert rouvre ses portes',
      author: 'Hélène Dubois',
      date: '2023-05-12T09:30:00+02:00',
      siteName: 'La Gazette du Canton',
      extra: { lang: 'fr' },
      normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 },
    });
  });

  test('runs no script or event handler and fetches nothing', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const { text } = await extract(fixture, 'marche.html');
    expect(Reflect.get(globalThis, '__gloseScriptRan')).toBeUndefined();
    expect(Reflect.get(globalThis, '__gloseOnerror')).toBeUndefined();
    expect(Reflect.get(globalThis, '__gloseOnload')).toBeUndefined();
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(text).not.toContain('texte injecté');
    expect(text).not.toContain('example.invalid');
  });

  test('a short page keeps its text, without navigation or scripts', async () => {
    const page = `<html><head><title>Horaires</title></head><body>
      <nav>Accueil | Plan</nav>
      <div>Ouvert du mardi au samedi.<br>Fermé   les jours fériés.</div>
      <table><tr><th>Jour</th><td>Heures</td></tr></table>
      <script>globalThis.__gloseScriptRan = true</script>
    </body></html>`;
    const { text, meta } = await extract(utf8(page), 'horaires.htm');
    expect(text).toBe('Ouvert du mardi au samedi.\nFermé les jours fériés.\nJour\nHeures');
    expect(meta.title).toBe('Horaires');
    expect(Reflect.get(globalThis, '__gloseScriptRan')).toBeUndefined();
  });

  test('when Readability finds no article, the body text is taken', async () => {
    const page = '<html><head><title>Bientôt</title></head><body><footer><p>Site en construction.</p><p>Écrivez-nous.</p></footer></body></html>';
    const { text, meta } = await extract(utf8(page), 'bientot.html');
    expect(text).toBe('Site en construction.\nÉcrivez-nous.');
    expect(meta.title).toBe('Bientôt');
    // there too, navigation and inert elements are left out
    const busy = '<html><head><title>Bientôt</title></head><body><nav>Accueil | Plan</nav><footer><p>Site en construction.</p><menu><li>Aide</li></menu><noscript>Activez JavaScript.</noscript><p>Écrivez-nous.</p></footer><style>p { color: red }</style></body></html>';
    expect((await extract(utf8(busy), 'bientot.html')).text).toBe('Site en construction.\nÉcrivez-nous.');
  });

  test('author and date from JSON-LD metadata, which is read as data and never run', async () => {
    const jsonLd = JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'Crue de la rivière', author: { '@type': 'Person', name: 'Yves Petit' }, datePublished: '2024-01-08' });
    const page = `<html><head><title>Crue</title><script type="application/ld+json">${jsonLd}</script></head><body><article><p>${'La rivière est sortie de son lit après trois jours de pluie. '.repeat(6).trim()}</p></article></body></html>`;
    const { text, meta } = await extract(utf8(page), 'crue.html');
    expect(text).toBe('La rivière est sortie de son lit après trois jours de pluie. '.repeat(6).trim());
    expect(meta).toMatchObject({ title: 'Crue de la rivière', author: 'Yves Petit', date: '2024-01-08' });
  });

  test('a page in Windows-1252 that declares its charset', async () => {
    const page = '<html><head><meta charset="iso-8859-1"><title>Été</title></head><body><p>Déjà vu — œuvre à 5 €.</p></body></html>';
    const { text, meta } = await extract(iconv.encode(page, 'windows-1252'), 'ete.html');
    expect(text).toBe('Déjà vu — œuvre à 5 €.');
    expect(meta.encoding).toBe('windows-1252');
    expect(meta.title).toBe('Été');
  });

  test('a page with no text at all is empty', async () => {
    const error = await extract(utf8('<html><body><img src="a.png"><script>x()</script></body></html>'), 'vide.html').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractError);
    expect(error).toMatchObject({ code: 'empty', message: 'no text found in this page' });
  });
});
