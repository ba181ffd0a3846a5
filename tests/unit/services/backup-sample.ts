// A small workspace snapshot with one of everything, for the backup tests.
import type { WorkspaceSnapshot } from '../../../src-main/contract';

export function sampleSnapshot(): WorkspaceSnapshot {
  const text = 'Olaf Scholz à Berlin 😀, le 3 mars.';
  return {
    format: 'glose-backup',
    version: 1,
    createdAt: Date.UTC(2025, 2, 3, 10, 0, 0),
    appVersion: '0.1.0',
    schemaVersion: 1,
    tables: {
      projects: [{ id: 'p1', name: 'Presse', categories: [{ name: 'Genre', values: ['news'], multiple: false }], createdAt: 1, updatedAt: 2 }],
      documents: [
        {
          id: 'd1',
          projectId: 'p1',
          name: 'scholz.txt',
          meta: { format: 'txt', hash: 'ab', normalisation: { bomRemoved: false, crlfToLf: 1, crToLf: 0 }, extra: { k: 'v' } },
          status: 'in_progress',
          length: text.length,
          spanCount: 2,
          categories: ['news'],
          createdAt: 3,
          updatedAt: 4,
        },
      ],
      texts: [{ id: 'd1', text }],
      labels: [
        { id: 'l1', projectId: 'p1', name: 'PER', color: '#c2410c', hotkey: '1', order: 0, createdAt: 1, updatedAt: 1 },
        { id: 'l2', projectId: 'p1', name: 'LOC', color: '#047857', order: 1, attributes: [{ name: 'type', values: ['city'] }], createdAt: 1, updatedAt: 1 },
      ],
      relationTypes: [{ id: 't1', projectId: 'p1', name: 'in', sourceLabelIds: ['l1'], targetLabelIds: [], directed: true, createdAt: 1, updatedAt: 1 }],
      spans: [
        { id: 's1', docId: 'd1', labelId: 'l1', start: 0, end: 11, annotator: 'ann', note: '<img src=x onerror="window.__pwned=1">', createdAt: 5, updatedAt: 5 },
        { id: 's2', docId: 'd1', labelId: 'l2', start: 14, end: 20, annotator: 'ann', attributes: { type: 'city' }, createdAt: 5, updatedAt: 5 },
      ],
      relations: [{ id: 'r1', docId: 'd1', typeId: 't1', fromId: 's1', toId: 's2', annotator: 'ann', createdAt: 6, updatedAt: 6 }],
      settings: [
        { key: 'annotator', value: 'ann' },
        { key: 'lastDocument:p1', value: 'd1' },
      ],
    },
  };
}
