// Serialises documents into the chosen format and writes the file atomically.
import type { ExportRequest, ExportResult } from '../contract';
import { serialize as serializeDoccano } from '../formats/doccano';
import { writeFileAtomic } from './files';

export async function exportDocuments(request: ExportRequest, target: string): Promise<ExportResult> {
  const content = serializeDoccano(request.documents, { offsets: 'codepoint' });
  const bytes = await writeFileAtomic(target, content);
  return {
    path: target,
    bytes,
    documents: request.documents.length,
    spans: request.documents.reduce((n, d) => n + d.spans.length, 0),
  };
}
