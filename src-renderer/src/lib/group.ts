// Records of many documents, grouped by document in one pass.
import type { Id } from '$model';

export function groupByDoc<T extends { docId: Id }>(rows: readonly T[]): Map<Id, T[]> {
  const out = new Map<Id, T[]>();
  for (const r of rows) {
    const list = out.get(r.docId);
    if (list) list.push(r);
    else out.set(r.docId, [r]);
  }
  return out;
}
