// Databases for the renderer's database tests: each on fake-indexeddb under a name of its own, deleted
// after the test that made it.
import { afterEach } from 'vitest';
import { GloseDatabase } from '$db/database';

/** Returns a maker of fresh databases named `<prefix>-1`, `<prefix>-2`…; call it at the top of a test file. */
export function freshDatabases(prefix: string): (name?: string) => GloseDatabase {
  let n = 0;
  const made: GloseDatabase[] = [];
  afterEach(async () => {
    for (const db of made.splice(0)) await db.delete();
  });
  return (name = `${prefix}-${++n}`) => {
    const db = new GloseDatabase(name);
    made.push(db);
    return db;
  };
}
