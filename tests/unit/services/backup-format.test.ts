import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { WorkspaceSnapshot } from '../../../src-main/contract';
import { BackupError, decodeBackup, encodeBackup, validateSnapshot } from '../../../src-main/services/backup-format';
import { sampleSnapshot } from './backup-sample';

describe('backup files', () => {
  it('carry the layer tables, each record checked like a fresh write', () => {
    const layerSpan = { id: 's', docId: 'd', labelId: 'l', start: 2, end: 5, annotator: 'Paul', layer: 'Paul', createdAt: 0, updatedAt: 0 };
    const layerDoc = { id: 'ld', docId: 'd', projectId: 'p', layer: '', status: 'in_progress', categories: [], decisions: { 'span:x': 'none' }, createdAt: 0, updatedAt: 0 };
    const snap = { ...sampleSnapshot(), schemaVersion: 2 };
    const good = { ...snap, tables: { ...snap.tables, layerSpans: [layerSpan], layerRelations: [], layerDocuments: [layerDoc] } };
    expect(validateSnapshot(good).tables.layerDocuments).toEqual([layerDoc]);
    const reversed = { ...snap, tables: { ...snap.tables, layerSpans: [{ ...layerSpan, start: 5, end: 2 }] } };
    expect(() => validateSnapshot(reversed)).toThrow(/layerSpans\[0\]\.end: a span ends after it starts/);
    const unnamed = { ...snap, tables: { ...snap.tables, layerDocuments: [{ ...layerDoc, layer: 7 }] } };
    expect(() => validateSnapshot(unnamed)).toThrow(/layerDocuments\[0\]\.layer/);
  });

  it('round-trip exactly, gzipped or plain, fields a later version added included', async () => {
    const snap = sampleSnapshot();
    (snap.tables.spans[0] as unknown as Record<string, unknown>)['addedLater'] = { x: 1 };
    (snap.tables as unknown as Record<string, unknown>)['laterTable'] = [{ id: 'z' }];
    for (const compress of [true, false]) {
      const bytes = await encodeBackup(snap, compress);
      expect(bytes[0] === 0x1f && bytes[1] === 0x8b).toBe(compress);
      expect(await decodeBackup(bytes)).toEqual(snap);
    }
  });

  it('refuse a truncated file, whatever the cut', async () => {
    const bytes = await encodeBackup(sampleSnapshot());
    for (const keep of [bytes.length - 1, bytes.length - 4, bytes.length - 9, Math.floor(bytes.length / 2), 12, 2]) {
      await expect(decodeBackup(bytes.subarray(0, keep)), `cut at ${keep}`).rejects.toThrow(/truncated|damaged/);
    }
    const plain = await encodeBackup(sampleSnapshot(), false);
    await expect(decodeBackup(plain.subarray(0, plain.length - 10))).rejects.toThrow(/truncated or damaged/);
  });

  it('refuse a file with one byte changed: gzip checks its CRC-32', async () => {
    const bytes = await encodeBackup(sampleSnapshot());
    // every byte of the compressed data (not the header) changed in turn
    for (let i = 10; i < bytes.length; i++) {
      const damaged = Uint8Array.from(bytes);
      damaged[i] = (damaged[i] as number) ^ 0x01;
      await expect(decodeBackup(damaged), `byte ${i}`).rejects.toBeInstanceOf(BackupError);
    }
  });

  it('say plainly what is wrong', async () => {
    await expect(decodeBackup(Buffer.from('hello'))).rejects.toThrow('This file is not a Glose backup.');
    await expect(decodeBackup(Buffer.from('{"format":"other"}'))).rejects.toThrow('This file is not a Glose backup.');
    await expect(decodeBackup(gzipSync(Buffer.from('[1,2]')))).rejects.toThrow('This file is not a Glose backup.');
    await expect(decodeBackup(Buffer.from(JSON.stringify({ ...sampleSnapshot(), version: 2 })))).rejects.toThrow(/newer version of Glose/);
    await expect(decodeBackup(Buffer.from([0xff, 0xfe, 0x7b, 0x00]))).rejects.toThrow(BackupError);
  });

  const broken: Array<[string, (s: WorkspaceSnapshot) => void, RegExp]> = [
    ['a span past the end of its text', (s) => ((s.tables.spans[1] as { end: number }).end = 999), /span s2 \(14–999\) is outside its document's text/],
    ['an empty span', (s) => ((s.tables.spans[1] as { end: number }).end = 14), /tables\.spans\[1\]\.end: a span ends after it starts/],
    ['a span of a missing document', (s) => ((s.tables.spans[0] as { docId: string }).docId = 'nope'), /span s1 belongs to a document that is not in the backup/],
    ['a document without its text', (s) => (s.tables.texts = []), /document "scholz.txt" has no text/],
    ['a text of another length', (s) => ((s.tables.texts[0] as { text: string }).text = 'short'), /should have \d+ characters of text, not 5/],
    ['a relation to a missing span', (s) => (s.tables.spans = s.tables.spans.slice(0, 1)), /relation r1 links a span that is not in the backup/],
    ['a duplicate id', (s) => s.tables.labels.push({ ...(s.tables.labels[0] as (typeof s.tables.labels)[0]) }), /labels: the id l1 appears twice/],
    ['a duplicate setting', (s) => s.tables.settings.push({ key: 'annotator', value: 'x' }), /settings: the key annotator appears twice/],
    ['a status that does not exist', (s) => ((s.tables.documents[0] as { status: string }).status = 'lost'), /cannot be restored.*tables\.documents\[0\]\.status/],
    ['a negative offset', (s) => ((s.tables.spans[0] as { start: number }).start = -1), /cannot be restored.*tables\.spans\[0\]\.start/],
    ['a table that is not a list', (s) => ((s.tables as unknown as Record<string, unknown>)['spans'] = {}), /cannot be restored.*tables\.spans/],
    ['a missing table', (s) => delete (s.tables as unknown as Record<string, unknown>)['relations'], /cannot be restored.*tables\.relations/],
    ['an id that is not a string', (s) => ((s.tables.projects[0] as unknown as { id: unknown }).id = 7), /cannot be restored.*tables\.projects\[0\]\.id/],
  ];
  it.each(broken)('refuse %s, saying where', (_what, damage, message) => {
    const snap = sampleSnapshot();
    damage(snap);
    expect(() => validateSnapshot(JSON.parse(JSON.stringify(snap)))).toThrow(message);
  });

  // What a hand-edited or hostile backup may hold, each refused at the path of its field, with the
  // rule that a fresh write obeys (src-main/records.ts).
  const set = (path: string, value: unknown) => (snap: WorkspaceSnapshot) => {
    const parts = path.split('.');
    let at: Record<string, unknown> = snap.tables as unknown as Record<string, unknown>;
    for (const part of parts.slice(0, -1)) at = at[part] as Record<string, unknown>;
    at[parts[parts.length - 1] as string] = value;
  };
  const hostile: Array<[string, (s: WorkspaceSnapshot) => void, string]> = [
    ['a colour that carries more CSS', set('labels.1.color', 'red; background-image:url(https://example.org/x.png)'), 'tables.labels[1].color: a colour is #rrggbb'],
    ['a colour by name', set('labels.0.color', 'red'), 'tables.labels[0].color: a colour is #rrggbb'],
    ['an annotator that is an object', set('spans.1.annotator', { name: 'x' }), 'tables.spans[1].annotator: Invalid input: expected string, received object'],
    ['a relation annotator that is a number', set('relations.0.annotator', 7), 'tables.relations[0].annotator: Invalid input: expected string, received number'],
    ['an id with markup in it', set('projects.0.id', '<img src=x>'), 'tables.projects[0].id: an id is 1 to 128 letters, digits, ".", ":", "_" or "-"'],
    ['a label that refers to its project by a bad id', set('labels.0.projectId', ''), 'tables.labels[0].projectId: an id is 1 to 128'],
    ['a relation type listing a bad label id', set('relationTypes.0.sourceLabelIds', ['l1', { id: 'l2' }]), 'tables.relationTypes[0].sourceLabelIds[1]: Invalid input: expected string, received object'],
    ['a title that is not text', set('documents.0.meta.title', ['a']), 'tables.documents[0].meta.title: Invalid input: expected string, received array'],
    ['a normalisation that is not counted', set('documents.0.meta.normalisation', { bomRemoved: 'no', crlfToLf: 0, crToLf: 0 }), 'tables.documents[0].meta.normalisation.bomRemoved'],
    ['an attribute value that is an object', set('spans.1.attributes', { type: { city: true } }), 'tables.spans[1].attributes.type: Invalid input: expected string, received object'],
    ['a fractional offset', set('spans.0.end', 10.5), 'tables.spans[0].end: Invalid input: expected int, received number'],
    ['an empty hotkey', set('labels.0.hotkey', ''), 'tables.labels[0].hotkey'],
    ['category values that are not a list', set('projects.0.categories', [{ name: 'Genre', values: 'news', multiple: false }]), 'tables.projects[0].categories[0].values'],
    ['an annotator setting that is an object', set('settings.0.value', { toString: 'x' }), 'tables.settings[0].value: Invalid input: expected string, received object'],
    ['a setting Glose does not have', set('settings.1.key', 'theme'), 'tables.settings[1].key: Glose has no setting called "theme"'],
    ['a last document that is not an id', set('settings.1.value', 42), 'tables.settings[1].value: Invalid input: expected string, received number'],
    ['a painter that does not exist', (s) => s.tables.settings.push({ key: 'markPainter', value: 'canvas' }), 'tables.settings[2].value: Invalid option: expected one of "highlight"|"overlay"'],
    ['an import limit past the largest', (s) => s.tables.settings.push({ key: 'importLimitBytes', value: 2 ** 40 }), 'tables.settings[2].value: Too big: expected number to be <=536870912'],
    ['a backup interval that is not a number', (s) => s.tables.settings.push({ key: 'backupIntervalMinutes', value: '5' }), 'tables.settings[2].value: Invalid input: expected number, received string'],
  ];
  it.each(hostile)('refuse %s, at the path of the first bad field', (_what, damage, where) => {
    const snap = sampleSnapshot();
    damage(snap);
    const error = (() => {
      try {
        validateSnapshot(JSON.parse(JSON.stringify(snap)));
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toMatch(/^This backup cannot be restored, nothing was changed\. /);
    expect((error as Error).message).toContain(where);
  });

  it('take every record a fresh write makes, and the settings Glose stores', () => {
    const snap = sampleSnapshot();
    snap.tables.settings.push(
      { key: 'markPainter', value: 'overlay' },
      { key: 'lastProject', value: 'p1' },
      { key: 'importLimitBytes', value: 2048 },
      { key: 'backupIntervalMinutes', value: 10 },
    );
    snap.tables.labels[0] = { ...(snap.tables.labels[0] as (typeof snap.tables.labels)[0]), id: crypto.randomUUID(), color: '#C2410C' };
    expect(validateSnapshot(JSON.parse(JSON.stringify(snap)))).toEqual(snap);
  });

  it('tells a broken backup from a file that is no backup by its first character after white space', async () => {
    const text = (t: string) => decodeBackup(Buffer.from(t, 'utf8'));
    await expect(text('  \n {"format": "glose-backup", ')).rejects.toThrow('This backup is truncated or damaged: its JSON does not parse.');
    await expect(text('  \n hello {')).rejects.toThrow('This file is not a Glose backup.');
  });
});
