import { describe, expect, it } from 'vitest';
import { settingSchema } from '$records';
import { SETTING, validPlace } from '$db/settings';

describe('the reading place of a document', () => {
  const place = { offset: 120, dy: 14.5, pending: { start: 130, end: 140 } };

  it('is a setting the database and a backup accept, and nothing else under that key', () => {
    expect(settingSchema.safeParse({ key: SETTING.readingPlace('doc-1'), value: place }).success).toBe(true);
    expect(settingSchema.safeParse({ key: SETTING.readingPlace('doc-1'), value: { offset: -1, dy: 0 } }).success).toBe(false);
    expect(settingSchema.safeParse({ key: SETTING.readingPlace('doc-1'), value: { offset: 1, dy: 0, spanId: 'no spaces allowed' } }).success).toBe(false);
  });

  it('is read back only when it fits the text; a selection past the end is dropped', () => {
    expect(validPlace(place, 200)).toEqual(place);
    expect(validPlace(place, 100)).toBeNull();
    expect(validPlace(place, 135)).toEqual({ offset: 120, dy: 14.5 });
    expect(validPlace({ ...place, pending: { start: 140, end: 130 } }, 200)).toEqual({ offset: 120, dy: 14.5 });
    expect(validPlace('top', 200)).toBeNull();
    expect(validPlace(null, 200)).toBeNull();
  });
});

describe('the headings of a document', () => {
  const base = { format: 'md', hash: 'x', normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } };
  it('are metadata an import, a backup and an export request accept only when well formed', async () => {
    const { documentSchema } = await import('$records');
    const record = (blocks: unknown) => ({ id: 'd1', createdAt: 1, updatedAt: 1, projectId: 'p1', name: 'a.md', meta: { ...base, blocks }, status: 'new', length: 20, spanCount: 0, categories: [] });
    expect(documentSchema.safeParse(record([{ start: 0, end: 9, kind: 'h1' }])).success).toBe(true);
    expect(documentSchema.safeParse(record([{ start: 0, end: 9, kind: 'h7' }])).success).toBe(false);
    expect(documentSchema.safeParse(record([{ start: 9, end: 9, kind: 'h2' }])).success).toBe(false);
    expect(documentSchema.safeParse(record('h1')).success).toBe(false);
  });
});
