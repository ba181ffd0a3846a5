// Main's write journal: entries numbered across sessions, a line a crash cut short dropped, a snapshot
// trimming what it holds, and whatever is read back validated as a fresh write would be.
import { mkdtemp, readFile, rm, writeFile, appendFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal, JOURNAL_FILE, journalWriteSchema } from '../../../src-main/services/journal';
import type { JournalWrite } from '../../../src-main/contract';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glose-journal-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const put = (id: string): JournalWrite => ({ ops: [{ type: 'put', table: 'settings', values: [{ key: `lastDocument:${id}`, value: id }] }] });

describe('the write journal file', () => {
  it('numbers entries from 1 and goes on from the last one in a new session', async () => {
    // the app's data folder may not exist yet when the first entry comes
    dir = join(dir, 'not-yet');
    const a = new Journal(dir);
    const { id } = await a.position();
    expect(await a.position()).toEqual({ id, seq: 0, anchored: false });
    expect(await a.append(put('p1'))).toEqual({ id, seq: 1, anchored: false });
    expect(await a.append(put('p2'))).toEqual({ id, seq: 2, anchored: false });
    await a.close();
    const b = new Journal(dir);
    expect(await b.position()).toEqual({ id, seq: 2, anchored: false });
    expect(await b.append(put('p3'))).toEqual({ id, seq: 3, anchored: false });
    expect((await b.read()).entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    await b.close();
  });

  it('drops a line a crash cut short, and appends after the last whole one', async () => {
    const a = new Journal(dir);
    await a.append(put('p1'));
    await a.close();
    await appendFile(join(dir, JOURNAL_FILE), '{"seq":2,"at":1,"ops":[{"type":"put","tab');
    const b = new Journal(dir);
    expect((await b.append(put('p2'))).seq).toBe(2);
    const { entries } = await b.read();
    expect(entries.map((e) => e.ops)).toEqual([put('p1').ops, put('p2').ops]);
    await b.close();
  });

  it('a snapshot trims the entries it holds; the base says where the rest begin', async () => {
    const j = new Journal(dir);
    for (const p of ['p1', 'p2', 'p3']) await j.append(put(p));
    const { id } = await j.position();
    await j.trim('another-journal', 3);
    expect((await j.read()).base).toBe(0);
    await j.trim(id, 2);
    expect(await j.read()).toMatchObject({ id, base: 2, entries: [{ seq: 3 }] });
    expect(await j.append(put('p4'))).toEqual({ id, seq: 4, anchored: true });
    await j.trim(id, 1);
    expect((await j.read()).base).toBe(2);
    await j.close();
    expect(await readdir(dir)).toEqual([JOURNAL_FILE]);
  });

  it('a snapshot of a journal with no entries yet anchors it, so start-up does not take it again', async () => {
    const j = new Journal(dir);
    const { id } = await j.position();
    await j.trim(id, 0);
    expect(await j.position()).toEqual({ id, seq: 0, anchored: true });
    await j.close();
    expect(await new Journal(dir).position()).toEqual({ id, seq: 0, anchored: true });
  });

  it('refuses to read back a record a fresh write would refuse, naming the file and line', async () => {
    const j = new Journal(dir);
    await j.append(put('p1'));
    await j.close();
    await appendFile(join(dir, JOURNAL_FILE), `${JSON.stringify({ seq: 2, at: 1, ops: [{ type: 'put', table: 'spans', values: [{ id: 's', docId: 'd', labelId: 'l', start: 9, end: 2 }] }] })}\n`);
    await expect(new Journal(dir).read()).rejects.toThrow(/journal\.jsonl, line 3: spans\[0\]/);
  });

  it('refuses entries out of order and lines that are not JSON', async () => {
    await writeFile(join(dir, JOURNAL_FILE), `{"format":"glose-journal","version":1,"id":"j","base":5}\n${JSON.stringify({ seq: 5, at: 1, ops: put('p').ops })}\n`);
    await expect(new Journal(dir).read()).rejects.toThrow(/line 2: entry 5 comes after entry 5/);
    await writeFile(join(dir, JOURNAL_FILE), `{"format":"glose-journal","version":1,"id":"j","base":0}\nnot json\n`);
    await expect(new Journal(dir).read()).rejects.toThrow(/line 2: not JSON/);
  });

  it('keeps a damaged journal aside and begins a new one, so writes go on', async () => {
    await writeFile(join(dir, JOURNAL_FILE), 'garbage\n');
    const j = new Journal(dir);
    expect((await j.append(put('p1'))).seq).toBe(1);
    await j.close();
    expect((await readdir(dir)).some((n) => n.startsWith(`${JOURNAL_FILE}.damaged-`))).toBe(true);
    expect(JSON.parse((await readFile(join(dir, JOURNAL_FILE), 'utf8')).split('\n')[0] as string)).toMatchObject({ format: 'glose-journal', version: 1, base: 0 });
  });

  it('a journal file deleted while Glose runs is begun again under a new id, never reusing the old positions', async () => {
    const j = new Journal(dir);
    await j.append(put('p1'));
    const before = await j.position();
    await rm(join(dir, JOURNAL_FILE));
    const after = await j.append(put('p2'));
    expect(after.id).not.toBe(before.id);
    expect(after.seq).toBe(1);
    expect((await j.read()).entries.map((e) => e.ops)).toEqual([put('p2').ops]);
    await j.close();
  });

  it('the IPC schema refuses unknown tables, invalid records and malformed ops', () => {
    expect(journalWriteSchema.safeParse(put('p1')).success).toBe(true);
    expect(journalWriteSchema.safeParse({ ops: [] }).success).toBe(false);
    expect(journalWriteSchema.safeParse({ ops: [{ type: 'put', table: 'secrets', values: [] }] }).success).toBe(false);
    expect(journalWriteSchema.safeParse({ ops: [{ type: 'put', table: 'settings', values: [{ key: 'nope', value: 1 }] }] }).success).toBe(false);
    expect(journalWriteSchema.safeParse({ ops: [{ type: 'delete', table: 'spans', keys: [{}] }] }).success).toBe(false);
    expect(journalWriteSchema.safeParse({ ops: [{ type: 'deleteRange', table: 'spans', lowerOpen: false, upperOpen: false }] }).success).toBe(true);
  });

  it('the IPC schema takes a delete of a few keys, and checks its table and its keys', () => {
    expect(journalWriteSchema.safeParse({ ops: [{ type: 'delete', table: 'spans', keys: ['a', 2] }] }).success).toBe(true);
    expect(journalWriteSchema.safeParse({ ops: [{ type: 'delete', table: 'secrets', keys: ['a'] }] }).success).toBe(false);
    expect(journalWriteSchema.safeParse({ ops: [{ type: 'delete', table: 'spans' }] }).success).toBe(false);
  });
});
