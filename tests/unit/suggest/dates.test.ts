import { describe, expect, it } from 'vitest';
import { DatesAndNumbers, findDates } from '../../../src-renderer/src/suggest/dates';
import { DocIndex } from '../../../src-renderer/src/suggest/doc';
import { suggest } from '../../../src-renderer/src/suggest/engine';
import type { SchemaNames } from '../../../src-renderer/src/suggest/types';
import { context, lines, NEWS } from './helpers';

const found = (text: string) => findDates(new DocIndex(text)).map((h) => `${h.kind} ${text.slice(h.start, h.end)}`);
const run = (text: string, schema: SchemaNames = NEWS) => lines(text, suggest(new DocIndex(text), context(schema), [new DatesAndNumbers()]));

describe('dates', () => {
  it('finds French dates, without the article', () => {
    expect(found('Le 4 février 2022, puis le 1er mars et lundi 7 mars 2022 ; en février 2022 ; en mars ; le 3 aout.')).toEqual([
      'date 4 février 2022',
      'date 1er mars',
      'date lundi 7 mars 2022',
      'date février 2022',
      'date mars',
      'date 3 aout',
    ]);
  });

  it('finds English dates, with capitalised month names only', () => {
    expect(found('On February 4, 2022, then Feb. 4 and 4 February 2022, the 4th of February, in March, Monday, March 7, 2022.')).toEqual([
      'date February 4, 2022',
      'date Feb. 4',
      'date 4 February 2022',
      'date 4th of February',
      'date March',
      'date Monday, March 7, 2022',
    ]);
    expect(found('May I say that we may march in March 2022?')).toEqual(['date March 2022']);
  });

  it('finds ISO and numeric dates, with valid months and days', () => {
    expect(found('2022-02-04, 2022-02, 04/02/2022, 4.2.2022; not 2022-13-01 nor 2022-00.').filter((h) => h.startsWith('date'))).toEqual([
      'date 2022-02-04',
      'date 2022-02',
      'date 04/02/2022',
      'date 4.2.2022',
    ]);
  });

  it('finds years after a word that makes them dates, not other numbers', () => {
    expect(found('En 2022, depuis 2014, in 2019, since 2014, jusqu’en 2025. Les Jeux de 2014. Il a 2022 amis. The 1990s, les années 1990.')).toEqual([
      'date 2022',
      'date 2014',
      'date 2019',
      'date 2014',
      'date 2025',
      'date 2014',
      'date 1990s',
      'date années 1990',
    ]);
  });

  it('takes le 4 / the 4th for a day only when a month is named before it in the paragraph', () => {
    expect(found('Il est arrivé en février. Le 4, il est reparti.')).toEqual(['date février', 'date 4']);
    expect(found('He came in March and left on the 4th.')).toEqual(['date March', 'date 4th']);
    expect(found('Le 4, il est reparti.')).toEqual(['cardinal 4']);
    expect(found('En février.\nLe 4, il est reparti.')).toEqual(['date février', 'cardinal 4']);
  });
});

describe('numbers', () => {
  it('finds amounts of money, percentages and quantities in both languages', () => {
    expect(found('3,5 milliards d’euros, $4 billion, €3.5bn, 40 euros, 100 €, USD 5 million, 5 millions de yuans, 1 000 000 $.')).toEqual([
      'money 3,5 milliards d’euros',
      'money $4 billion',
      'money €3.5bn',
      'money 40 euros',
      'money 100 €',
      'money USD 5 million',
      'money 5 millions de yuans',
      'money 1 000 000 $',
    ]);
    expect(found('40 %, 40%, 3,5 pour cent, 40 percent, 120 km, 3,5 tonnes, 50 MW.')).toEqual([
      'percent 40 %',
      'percent 40%',
      'percent 3,5 pour cent',
      'percent 40 percent',
      'quantity 120 km',
      'quantity 3,5 tonnes',
      'quantity 50 MW',
    ]);
  });

  it('labels dates DATE and amounts with the number labels the schema has, or not at all', () => {
    const text = 'Le 4 février 2022, 3,5 milliards d’euros, soit 40 % de plus, pour 120 km et 24 périodes.';
    expect(run(text)).toEqual(['DATE 4 février 2022']);
    const onto = { labels: ['DATE', 'MONEY', 'PERCENT', 'QUANTITY', 'CARDINAL'], relations: [] };
    expect(run(text, onto)).toEqual(['DATE 4 février 2022', 'MONEY 3,5 milliards d’euros', 'PERCENT 40 %', 'QUANTITY 120 km', 'CARDINAL 24']);
    // one number label takes every amount, but a bare number only in a schema that names CARDINAL
    expect(run(text, { labels: ['date', 'Quantity'], relations: [] })).toEqual(['date 4 février 2022', 'Quantity 3,5 milliards d’euros', 'Quantity 40 %', 'Quantity 120 km']);
    expect(run(text, { labels: ['PER'], relations: [] })).toEqual([]);
  });
});
