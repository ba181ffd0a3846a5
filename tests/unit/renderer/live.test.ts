// Live<T>: a Dexie live query as state, running while someone holds it.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { GloseDatabase } from '$db/database';
import { Live } from '$db/live.svelte';
import { getSetting, setSetting, SETTING } from '$db/settings';

const dbs: GloseDatabase[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('Live', () => {
  it('follows the database while held, and stops when released', async () => {
    const db = new GloseDatabase('live-1');
    dbs.push(db);
    const errors: unknown[] = [];
    const live = new Live(() => getSetting(db, SETTING.annotator, 'none'), 'initial', (e) => errors.push(e));
    expect(live.current).toBe('initial');
    const release = live.hold();
    await until(() => live.current === 'none');
    expect(live.current).toBe('none');
    await setSetting(db, SETTING.annotator, 'one');
    await until(() => live.current === 'one');
    expect(live.current).toBe('one');
    // a second holder keeps it running when the first lets go
    const other = live.hold();
    release();
    release();
    await setSetting(db, SETTING.annotator, 'two');
    await until(() => live.current === 'two');
    expect(live.current).toBe('two');
    other();
    await setSetting(db, SETTING.annotator, 'three');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(live.current).toBe('two');
    expect(errors).toEqual([]);
  });
});
