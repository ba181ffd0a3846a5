// Records of many documents, grouped by document in one pass.
import type { Id } from '$model';

export function groupByDoc<T extends { docId: Id }>(rows: readonly T[]): Map<Id, T[]> {
  return groupBy(rows, (r) => r.docId);
}

/** Records grouped by a key, in one pass, each group in the order given. */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}
