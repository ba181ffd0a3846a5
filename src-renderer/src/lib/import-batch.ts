// The renderer's side of ImportBatchResult.more: a large batch arrives in slices (see
// src-main/services/import-slices.ts), each answer a short task to copy in.
import type { ImportBatchResult, ImportSlice } from '$contract';

/** The batch with every document main held for it, asked for slice by slice, in order. */
export async function wholeBatch(result: ImportBatchResult, more: (batch: string) => Promise<ImportSlice> = (batch) => window.glose.importMore(batch)): Promise<ImportBatchResult> {
  const { more: batch, ...rest } = result;
  if (batch === undefined) return result;
  const documents = [...result.documents];
  for (let slice = await more(batch); ; slice = await more(batch)) {
    for (const d of slice.documents) documents.push(d);
    if (!slice.more) break;
  }
  return { ...rest, documents };
}
