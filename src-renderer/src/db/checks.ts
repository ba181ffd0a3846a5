// Every record is checked before the database stores it, with the schema a backup's records are
// checked with before a restore (src-main/records.ts): a write that would store what a restore must
// refuse fails, instead of leaving a workspace that its own backups cannot bring back.
import type { DBCore, DBCoreTable, Middleware } from 'dexie';
import { issuePath, recordSchemas, type TableName } from '$records';

/** A write refused because the record it would store is not one Glose stores. */
export class InvalidRecordError extends Error {
  override readonly name = 'InvalidRecordError';
}

const isTable = (name: string): name is TableName => Object.hasOwn(recordSchemas, name);

function checked(table: DBCoreTable, name: TableName): DBCoreTable {
  const schema = recordSchemas[name];
  return {
    ...table,
    mutate: (req) => {
      if (req.type === 'add' || req.type === 'put') {
        for (const [i, value] of req.values.entries()) {
          const result = schema.safeParse(value);
          if (result.success) continue;
          const issue = result.error.issues[0];
          const where = issuePath([name, i, ...(issue?.path ?? [])]);
          return Promise.reject(new InvalidRecordError(`refused to store an invalid record: ${where}: ${issue?.message ?? 'not a record'}`));
        }
      }
      return table.mutate(req);
    },
  };
}

/** Dexie middleware (db.use) that checks every add and put, in bulk or one by one, modify() included. */
export const recordChecks: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'recordChecks',
  create: (down) => ({
    ...down,
    table: (name) => (isTable(name) ? checked(down.table(name), name) : down.table(name)),
  }),
};
