// The welcome document an empty workspace opens with: it belongs to Glose, not to the user's work,
// so exports of "all documents" leave it out unless asked.
import type { DocumentRecord } from '$model';

export const WELCOME_NAME = 'Bienvenue — Welcome';

/** The welcome document: its name, and no source file (every imported document has one). */
export function isWelcome(doc: Pick<DocumentRecord, 'name' | 'meta'>): boolean {
  return doc.name === WELCOME_NAME && doc.meta.sourcePath === undefined;
}
