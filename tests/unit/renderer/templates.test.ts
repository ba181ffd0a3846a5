// A project made from a template in French gets French category and attribute words, as it gets
// French guidelines; in English it keeps resources/schemas' words.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { language } from '../../../src-renderer/src/state/i18n.svelte';
import { templateSpec } from '../../../src-renderer/src/state/workspace.svelte';

vi.stubGlobal('window', {});

describe('templateSpec', () => {
  afterEach(() => language.use('en'));

  it('words categories and attributes in the interface language', () => {
    language.use('fr');
    const news = templateSpec('news');
    expect(news.categories).toEqual([{ name: 'thème', values: ['diplomatie', 'économie', 'énergie', 'sécurité', 'politique', 'culture'], multiple: true }]);
    expect(news.labels.find((l) => l.name === 'QUOTE')?.attributes).toEqual([{ name: 'type', values: ['directe', 'indirecte'] }]);
    expect(templateSpec('quotes-sources').categories).toEqual([{ name: 'genre', values: ['actualité', 'entretien', 'tribune', 'communiqué de presse'], multiple: false }]);

    language.use('en');
    expect(templateSpec('news').categories[0]?.values).toEqual(['diplomacy', 'economy', 'energy', 'security', 'politics', 'culture']);
    expect(templateSpec('quotes-sources').labels.find((l) => l.name === 'SOURCE')?.attributes).toEqual([{ name: 'named', values: ['yes', 'no'] }]);
  });
});
