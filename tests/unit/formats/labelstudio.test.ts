// Label Studio specifics: per-region notes and attributes, several annotations, relation direction.
import { describe, expect, it } from 'vitest';
import { parse } from '../../../src-main/formats/labelstudio';
import { worded } from './notes';

const text = 'Ada met Bob in Rome.';
const labels = (id: string, start: number, end: number, names: string[]) => ({
  id,
  from_name: 'label',
  to_name: 'text',
  type: 'labels',
  value: { start, end, labels: names },
});

describe('Label Studio import', () => {
  it('reads the first annotation not cancelled and counts the others', () => {
    const task = {
      data: { text, source: 'mail', id: 7 },
      meta: { title: 'Meeting' },
      annotations: [
        { was_cancelled: true, result: [labels('x', 0, 3, ['WRONG'])] },
        {
          result: [
            labels('a', 0, 3, ['PER', 'AGENT']),
            labels('b', 8, 11, ['PER']),
            { id: 'a', from_name: 'note', to_name: 'text', type: 'textarea', value: { start: 0, end: 3, text: ['one', 'two'] } },
            { id: 'a', from_name: 'certainty', to_name: 'text', type: 'choices', value: { start: 0, end: 3, choices: ['high'] } },
            { type: 'relation', from_id: 'a', to_id: 'b', direction: 'left', labels: ['met_by', 'knows'] },
            { id: 'c', from_name: 'topic', to_name: 'text', type: 'choices', value: { choices: ['travel'] } },
            { id: 'r', from_name: 'stars', to_name: 'text', type: 'rating', value: { rating: 4 } },
          ],
        },
        { result: [labels('z', 15, 19, ['LOC'])] },
      ],
    };
    const [doc] = parse(JSON.stringify([task]), 'ls.json');
    const both = { start: 0, end: 3, note: 'one\ntwo', attributes: { certainty: 'high' } };
    expect(doc?.spans).toEqual([
      { key: 'a', ...both, label: 'PER' },
      { key: 'a#2', ...both, label: 'AGENT' },
      { key: 'b', start: 8, end: 11, label: 'PER' },
    ]);
    expect(doc?.relations).toEqual([
      { fromKey: 'b', toKey: 'a', type: 'met_by' },
      { fromKey: 'b', toKey: 'a', type: 'knows' },
    ]);
    expect(doc?.categories).toEqual(['travel']);
    expect(doc?.name).toBe('ls.json #1');
    expect({ ...doc?.meta, extra: worded(doc?.meta.extra) }).toMatchObject({
      format: 'labelstudio',
      title: 'Meeting',
      extra: {
        source: 'mail',
        id: '7',
        importNotes: '1 × further annotation of the task left out; 1 × "rating" result left out',
      },
    });
  });

  it('refuses a note for a region that has no labels', () => {
    const task = {
      data: { text },
      annotations: [{ result: [{ id: 'q', from_name: 'note', to_name: 'text', type: 'textarea', value: { text: ['?'] } }] }],
    };
    expect(() => parse(JSON.stringify([task]), 'ls.json')).toThrow(
      'ls.json: task 1: result refers to region "q", which has no labels',
    );
  });
});
