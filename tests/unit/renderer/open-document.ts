// A fresh database with the news labels and one document, and editors of it, for the editor's tests.
import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';
import { addDocuments } from '$db/imports';
import { ensureWorkspace } from '$db/projects';
import { GloseDatabase } from '$db/database';
import { loadDocument } from '$db/documents';
import { EditHistory, Editor } from '$state/editor.svelte';
import type { PortableDocument, SchemaSpec } from '$model';
import news from '../../../resources/schemas/news.json';

const dbs: GloseDatabase[] = [];
let n = 0;
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

export interface OpenDocument {
  db: GloseDatabase;
  docId: string;
  /** a new editor of the document as stored, annotating as "ann" */
  editor(history?: EditHistory): Promise<Editor>;
  /** a news label's id by name */
  label(name: string): string;
}

export async function openDocument(text: string): Promise<OpenDocument> {
  const db = new GloseDatabase(`editor-${++n}`);
  dbs.push(db);
  const meta = { format: 'txt', hash: `h${n}`, normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } };
  const welcome: PortableDocument = { name: 'Welcome', text: 'Hello', meta: { ...meta, hash: 'welcome' }, spans: [], relations: [] };
  const project = await ensureWorkspace(db, news as SchemaSpec, welcome);
  const { ids } = await addDocuments(db, project.id, [{ name: 'a.txt', text, meta, spans: [], relations: [] }], 'ann');
  const docId = ids[0] as string;
  const labels = await db.labels.toArray();
  return {
    db,
    docId,
    editor: async (history) => {
      const loaded = await loadDocument(db, docId);
      if (!loaded) throw new Error('document not stored');
      return new Editor(db, loaded, () => 'ann', history);
    },
    label: (name) => labels.find((l) => l.name === name)?.id as string,
  };
}
