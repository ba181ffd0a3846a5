// The agreement's workspace in the app: 500 documents seeded straight into IndexedDB with three
// annotators' layers (agreement.bench.ts, agreement.profile.ts).
import type { AgreementSpan } from '../../../src-renderer/src/agreement/types';

export const ANNOTATORS = ['Ana', 'Bert', 'Chloé'];

export interface SeedBatch {
  batch: Array<{ id: string; name: string; text: string; hash: string; layers: Record<string, AgreementSpan[]> }>;
  mine: string;
  colleagues: string[];
}

/** In the page: documents Done in every layer, the first annotator's spans as the user's own, the others as colleagues' layers. */
export async function seedLayers({ batch, mine, colleagues }: SeedBatch): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open('glose');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const all = <T,>(store: string) =>
    new Promise<T[]>((resolve, reject) => {
      const req = db.transaction(store).objectStore(store).getAll();
      req.onsuccess = () => resolve(req.result as T[]);
      req.onerror = () => reject(req.error);
    });
  const project = (await all<{ id: string }>('projects'))[0];
  if (!project) throw new Error('the app has not created its project');
  const labels = new Map((await all<{ id: string; name: string }>('labels')).map((l) => [l.name, l.id]));
  const labelId = (name: string) => {
    const id = labels.get(name);
    if (!id) throw new Error(`the app's project has no label ${name}`);
    return id;
  };
  const now = Date.now();
  const stamp = { createdAt: now, updatedAt: now };
  const tx = db.transaction(['documents', 'texts', 'spans', 'layerSpans', 'layerDocuments'], 'readwrite');
  for (const d of batch) {
    const own = d.layers[mine] ?? [];
    tx.objectStore('documents').put({
      id: d.id,
      projectId: project.id,
      name: d.name,
      meta: { format: 'txt', encoding: 'utf-8', title: d.name, hash: d.hash, size: d.text.length, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } },
      status: 'done',
      length: d.text.length,
      spanCount: own.length,
      categories: [],
      ...stamp,
    });
    tx.objectStore('texts').put({ id: d.id, text: d.text });
    for (const s of own) tx.objectStore('spans').put({ id: crypto.randomUUID(), docId: d.id, labelId: labelId(s.label), start: s.start, end: s.end, annotator: mine, ...stamp });
    for (const layer of colleagues) {
      tx.objectStore('layerDocuments').put({ id: crypto.randomUUID(), docId: d.id, projectId: project.id, layer, status: 'done', categories: [], source: `${layer}.json`, ...stamp });
      for (const s of d.layers[layer] ?? []) tx.objectStore('layerSpans').put({ id: crypto.randomUUID(), docId: d.id, layer, labelId: labelId(s.label), start: s.start, end: s.end, annotator: layer, ...stamp });
    }
  }
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
  db.close();
}
