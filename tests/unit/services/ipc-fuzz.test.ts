// Every channel, given what a compromised page could send: wrong types, huge strings, NUL bytes, paths
// with "..", extra arguments, prototype tricks. Each call must be refused with a message before it
// reaches a dialog, the importer, or the file system. And given well-formed calls full of paths to
// canary files, no channel reads one: only what the (stubbed) dialogs returned.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, MAX_PREDICT_TEXT, type Channel } from '../../../src-main/contract';
import { createApi, type Api, type Host } from '../../../src-main/services/api';
import type { Importer } from '../../../src-main/services/importer';
import { sampleSnapshot } from './backup-sample';

/** Every path the services hand to node:fs/promises (the importer's worker reads are seen by its stand-in). */
const touched = vi.hoisted((): string[] => []);
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<Record<string, unknown>>();
  return Object.fromEntries(
    Object.entries(real).map(([key, value]) => [
      key,
      typeof value === 'function' && /^[a-z]/.test(key)
        ? (...args: unknown[]) => {
            for (const a of args.slice(0, 2)) if (typeof a === 'string' && a.includes(sep)) touched.push(resolve(a));
            return (value as (...a: unknown[]) => unknown)(...args);
          }
        : value,
    ]),
  );
});

const HUGE = 'x'.repeat(8 * 1024 * 1024);
const NUL = 'notes\0.txt';
const DOTDOT = '/home/user/../../etc/passwd';
const polluted = (): unknown => JSON.parse('{"__proto__": {"limitBytes": 5, "isAdmin": true}, "constructor": {"prototype": {"x": 1}}}');
const deep = (): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < 5000; i++) v = { v };
  return v;
};

const doc = { name: 'a.txt', text: 'Paris', meta: { format: 'txt', hash: 'h', normalisation: { bomRemoved: false, crlfToLf: 0, crToLf: 0 } }, spans: [], relations: [] };
const exportReq = (over: Record<string, unknown>) => ({ format: 'doccano', defaultName: 'out.jsonl', documents: [doc], ...over });
const predictReq = { documentId: 'd1', text: 'Paris', labels: ['LOC'] };
const workPackage = (over: Record<string, unknown> = {}) => ({
  format: 'glose-package',
  version: 1,
  kind: 'handout',
  id: 'p1',
  createdAt: 1,
  appVersion: '0.1.0',
  project: 'News',
  annotator: 'Alice',
  from: 'Marie',
  blind: true,
  schema: { name: 'news', labels: [{ name: 'LOC', color: '#1d4ed8' }], relations: [], categories: [] },
  documents: [{ name: doc.name, text: doc.text, meta: doc.meta, layers: [{ layer: 'Alice', status: 'new', categories: [], spans: [{ start: 0, end: 5, label: 'LOC' }], relations: [] }] }],
  ...over,
});
const brokenSnapshot = () => {
  const s = sampleSnapshot();
  (s.tables.spans[0] as { end: number }).end = 10_000;
  return s;
};

/** Refused by every channel: none takes a lone string, number, null, boolean or array of those first. */
const EVERY_CHANNEL: unknown[][] = [[HUGE], [NUL], [DOTDOT], [42], [null], [true], [[DOTDOT]], [[NUL]], [polluted()], [deep()], [HUGE, HUGE], [null, null, null]];

/** Near misses, channel by channel: each is one detail away from a valid call. */
const NEAR_MISSES: Record<Channel, unknown[][]> = {
  'app:info': [[{}], ['app:info']],
  'app:setLocale': [['de'], ['FR'], ['fr-FR'], ['fr', 'en'], [{ locale: 'fr' }]],
  'import:pick': [[{ limitBytes: '5' }], [{ limitBytes: 1e12 }], [{ limitBytes: 5, extra: 1 }], [{}, 'more']],
  'import:pending': [[{ paths: ['/etc/passwd'] }], [{ limitBytes: 5, path: '/etc/passwd' }], [{}, '/etc/passwd'], [undefined, '/etc/passwd']],
  'import:dropped': [
    [['/tmp/file.txt']],
    [[{ name: 'a.txt', path: 'relative/file.txt' }]],
    [[{ name: 'a.txt', path: './file.txt' }]],
    [[{ name: 'a.txt', path: '/tmp/a/../../etc/shadow' }]],
    [[{ name: 'a.txt', path: '..' }]],
    [[{ name: 'a.txt', path: 'C:..\\windows\\win.ini' }]],
    [[{ name: 'a.txt', path: '/tmp/a\0.txt' }]],
    [[{ name: 'a.txt', path: `/${HUGE}` }]],
    [[{ name: '', path: '/tmp/ok.txt' }]],
    [[{ name: 'a.txt', path: '/tmp/ok.txt', extra: 1 }]],
    [[{ path: '/tmp/ok.txt' }]],
    [[]],
    [[{ name: 'a.txt', path: '/tmp/ok.txt' }], { limitBytes: -1 }],
    [[{ name: 'a.txt', path: '/tmp/ok.txt' }], {}, 'more'],
    [{ 0: { name: 'a.txt', path: '/tmp/ok.txt' }, length: 1 }],
  ],
  'import:cancel': [[{}], ['now']],
  'import:more': [[], ['not-a-uuid'], ['6f1d2c3b-0a9e-4f7d-8c2b-1e5a9d0c7b3'], ['6f1d2c3b-0a9e-4f7d-8c2b-1e5a9d0c7b3f', 'more'], [{ batch: '6f1d2c3b-0a9e-4f7d-8c2b-1e5a9d0c7b3f' }]],
  'export:preview': [[exportReq({ format: 'exe' })], [exportReq({ documents: [] })], [exportReq({ documents: [{ ...doc, spans: [{ start: 0, end: 99, label: 'LOC' }] }] })], [exportReq({ options: { offsets: 'bytes' } })]],
  'export:save': [
    [exportReq({ defaultName: '../../.bashrc' })],
    [exportReq({ defaultName: '/etc/cron.d/glose' })],
    [exportReq({ defaultName: 'C:\\Windows\\x.jsonl' })],
    [exportReq({ defaultName: 'a\0.jsonl' })],
    [exportReq({ defaultName: '..' })],
    [exportReq({ defaultName: HUGE })],
    [exportReq({ documents: [{ ...doc, text: 42 }] })],
    [exportReq({}), 'more'],
  ],
  'file:saveText': [
    [{ defaultName: '../stats.csv', content: 'a' }],
    [{ defaultName: 'stats.csv', content: 'x'.repeat(51 * 1024 * 1024) }],
    [{ defaultName: 'stats.csv', content: 42 }],
    [{ defaultName: 'stats\0.csv', content: 'a' }],
    [{ defaultName: 'stats.csv' }],
  ],
  'schema:import': [[{}], ['/etc/passwd']],
  'suggest:importList': [[{}], ['/etc/passwd'], [{ path: '/etc/passwd' }]],
  'backup:snapshot': [
    [sampleSnapshot()],
    [sampleSnapshot(), 'whenever'],
    [brokenSnapshot(), 'auto'],
    [{ ...sampleSnapshot(), format: 'other' }, 'auto'],
    [{ ...sampleSnapshot(), tables: { ...sampleSnapshot().tables, texts: [{ id: 'd1', text: HUGE }] } }, 'auto'],
    [{ ...sampleSnapshot(), tables: { ...sampleSnapshot().tables, spans: 'all of them' } }, 'auto'],
    [sampleSnapshot(), 'auto', '/tmp/elsewhere'],
  ],
  'backup:save': [[brokenSnapshot()], [{}], [sampleSnapshot(), '/tmp/elsewhere.json.gz']],
  'backup:open': [['/etc/passwd'], [{ path: '/etc/passwd' }]],
  'backup:latest': [['/etc'], [{}]],
  'backup:info': [[{}], ['/etc']],
  'backup:pickFolder': [['/etc'], [DOTDOT]],
  'backup:quitReady': [[true], [{}]],
  'journal:append': [
    [{ ops: [] }],
    [{ ops: [{ type: 'put', table: 'nowhere', values: [] }] }],
    [{ ops: [{ type: 'put', table: 'spans', values: [{ id: 's1', docId: 'd1', start: 5, end: 2 }] }] }],
    [{ ops: [{ type: 'delete', table: 'spans', keys: [{}] }] }],
    [{ ops: [{ type: 'deleteRange', table: 'spans' }] }],
  ],
  'journal:read': [[true], [{}]],
  'journal:position': [[1], [{}]],
  'suggest:backend': [[{}], ['http://evil.example']],
  'suggest:setBackend': [
    ['file:///etc/passwd'],
    ['javascript:alert(1)'],
    ['ftp://models.example/'],
    ['http://user:secret@models.example/'],
    ['http://models.example/?then=http://evil.example'],
    ['http://models.example/#x'],
    ['http://models.example/ predict'],
    ['localhost:9090'],
    [`http://${HUGE}`],
    [''],
    [undefined],
    [{ url: 'http://models.example' }],
    ['http://models.example', 'http://evil.example'],
  ],
  'suggest:checkBackend': [['http://evil.example'], [{ url: 'http://evil.example' }]],
  'suggest:predict': [
    [{ ...predictReq, url: 'http://evil.example' }],
    [predictReq, 'http://evil.example'],
    [{ ...predictReq, text: 'x'.repeat(MAX_PREDICT_TEXT + 1) }],
    [{ ...predictReq, text: '' }],
    [{ ...predictReq, labels: [] }],
    [{ ...predictReq, labels: [42] }],
    [{ ...predictReq, labels: [''] }],
    [{ ...predictReq, documentId: '' }],
    [{ text: 'Paris', labels: ['LOC'] }],
  ],
  'package:save': [
    [{ ...workPackage(), path: '/tmp/out.zip' }],
    [workPackage(), '/tmp/out.zip'],
    [workPackage({ annotator: '' })],
    [workPackage({ annotator: ' Alice' })],
    [workPackage({ documents: [] })],
    [workPackage({ version: 2 })],
    [workPackage({ documents: [{ ...workPackage().documents[0], layers: [{ layer: 'Alice', status: 'new', categories: [], spans: [{ start: 0, end: 6, label: 'LOC' }], relations: [] }] }] })],
  ],
  'package:open': [[{ path: '/tmp/in.zip' }], ['/tmp/in.zip'], [{}, '/tmp/in.zip']],
};

/** A short name for a case in failure messages (the deep object cannot go through JSON.stringify). */
function describeArgs(args: unknown[]): string {
  try {
    return JSON.stringify(args, (_k, v: unknown) => (typeof v === 'string' && v.length > 60 ? `${v.slice(0, 20)}…(${v.length})` : v)).slice(0, 200);
  } catch {
    return `${args.length} arguments, nested too deep to print`;
  }
}

interface Recorder {
  calls: string[];
  /** the paths of every importer run */
  imported: string[][];
  host: Host;
  importer: Importer;
}

/** What the dialogs answer (null: cancelled). */
interface Answers {
  importPaths?: string[];
  file?: string;
  save?: string;
  folder?: string;
}

function recorder(userData: string, answers: Answers = {}): Recorder {
  const calls: string[] = [];
  const imported: string[][] = [];
  const track =
    <T>(name: string, value: T) =>
    async () => {
      calls.push(name);
      return value;
    };
  const host: Host = {
    version: 'fuzz',
    userData,
    takePendingPaths: () => {
      calls.push('takePendingPaths');
      return [];
    },
    pickImportPaths: track('pickImportPaths', answers.importPaths ?? null),
    pickSavePath: track('pickSavePath', answers.save ?? null),
    pickFile: track('pickFile', answers.file ?? null),
    pickFolder: track('pickFolder', answers.folder ?? null),
    sendProgress: () => calls.push('sendProgress'),
    requestSnapshot: () => calls.push('requestSnapshot'),
    confirmBackend: track('confirmBackend', false),
  };
  const importer = {
    run: async (paths: string[]) => {
      calls.push('importer.run');
      imported.push(paths);
      return { documents: [], failures: [], files: paths, notReached: 0, cancelled: false };
    },
    cancel: () => calls.push('importer.cancel'),
    dispose: async () => undefined,
  } as unknown as Importer;
  return { calls, imported, host, importer };
}

describe('IPC argument validation, every channel', () => {
  let userData: string;
  let rec: Recorder;
  let api: Api;
  beforeAll(async () => {
    userData = await mkdtemp(join(tmpdir(), 'glose-fuzz-'));
    rec = recorder(userData);
    api = createApi(rec.host, rec.importer);
  });
  afterAll(async () => {
    await rm(userData, { recursive: true, force: true });
  });

  it('has hostile cases for every channel in the contract', () => {
    expect(Object.keys(NEAR_MISSES).sort()).toEqual([...CHANNELS].sort());
  });

  for (const channel of CHANNELS) {
    it(`${channel}: refuses every hostile call with a message, before any service runs`, async () => {
      // switching the user's model off is the one call a lone null makes valid
      const every = channel === 'suggest:setBackend' ? EVERY_CHANNEL.filter((args) => args[0] !== null) : EVERY_CHANNEL;
      for (const args of [...every, ...NEAR_MISSES[channel]]) {
        const label = describeArgs(args);
        const outcome = await api.dispatch(channel, args).then(
          () => 'accepted',
          (err: unknown) => (err instanceof Error ? err.message : String(err)),
        );
        expect(outcome, label).toMatch(new RegExp(`^invalid arguments for ${channel}`));
        // short, and never an echo of what was sent
        expect(outcome.length, label).toBeLessThan(400);
      }
      expect(rec.calls).toEqual([]);
      expect(await readdir(userData)).toEqual([]);
    });
  }

  it('refuses channels that are not in the contract, including the names of Object.prototype', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'app:info ', 'APP:INFO', 'app:quit', 'backup:delete', '']) {
      await expect(api.dispatch(name, []), name).rejects.toThrow(/^unknown channel/);
    }
    expect(rec.calls).toEqual([]);
  });

  it('still accepts the well-formed calls (the refusals above are not a closed door)', async () => {
    await expect(api.dispatch('import:dropped', [[{ name: 'file.txt', path: '/tmp/file.txt' }], { limitBytes: 1000 }])).resolves.toMatchObject({ failures: [] });
    await expect(api.dispatch('export:save', [exportReq({})])).resolves.toBeNull();
    await expect(api.dispatch('backup:save', [sampleSnapshot()])).resolves.toBeNull();
    await expect(api.dispatch('package:save', [workPackage()])).resolves.toBeNull();
    expect(rec.calls).toEqual(['importer.run', 'pickSavePath', 'pickSavePath', 'pickSavePath']);
    rec.calls.length = 0;
  });
});

describe('no channel reads a path the user did not choose', () => {
  let world: string;
  let secret: string;
  let chosen: string;
  beforeAll(async () => {
    world = await mkdtemp(join(tmpdir(), 'glose-fuzz-canaries-'));
    secret = join(world, 'canary', 'secret.txt');
    chosen = join(world, 'chosen');
    await mkdir(join(world, 'canary'));
    await mkdir(chosen);
    await writeFile(secret, 'the canary sings');
    await writeFile(join(chosen, 'chosen.txt'), '{}');
  });
  afterAll(async () => {
    await rm(world, { recursive: true, force: true });
  });

  /**
   * Well-formed calls with a canary path wherever the schema lets a string through. import:dropped is
   * left out: it carries paths by design, and only the preload sends it, with what webUtils found
   * for really dropped files (tests/unit/main/paths.test.ts shows a page cannot make it read one).
   */
  const calls = (canary: string): Record<Exclude<Channel, 'import:dropped'>, unknown[][]> => {
    const named = { ...doc, name: canary, meta: { ...doc.meta, sourcePath: canary, title: canary } };
    const snapshot = sampleSnapshot();
    const [first] = snapshot.tables.documents;
    if (first) first.meta = { ...first.meta, sourcePath: canary };
    snapshot.tables.settings.push({ key: 'backupFolder', value: canary });
    return {
      'app:info': [[]],
      'app:setLocale': [['fr'], ['en']],
      'import:pick': [[{ limitBytes: 1000 }], [{ folders: true }]],
      'import:pending': [[], [{ limitBytes: 1000 }]],
      'import:cancel': [[]],
      'import:more': [['6f1d2c3b-0a9e-4f7d-8c2b-1e5a9d0c7b3f']],
      'export:preview': [[exportReq({ defaultName: 'secret.txt', documents: [named] })]],
      'export:save': [[exportReq({ defaultName: 'secret.txt', documents: [named] })]],
      'file:saveText': [[{ defaultName: 'secret.txt', content: canary }]],
      'schema:import': [[]],
      'suggest:importList': [[]],
      'backup:snapshot': [[snapshot, 'auto']],
      'backup:save': [[snapshot]],
      'backup:open': [[]],
      'backup:latest': [[]],
      'backup:info': [[]],
      'backup:pickFolder': [[]],
      'backup:quitReady': [[]],
      'journal:append': [[{ ops: [{ type: 'put', table: 'settings', values: [{ key: 'backupFolder', value: canary }] }] }]],
      'journal:read': [[]],
      'journal:position': [[]],
      'suggest:backend': [[]],
      'suggest:setBackend': [[null]],
      'suggest:checkBackend': [[]],
      'suggest:predict': [[{ documentId: canary, text: canary, labels: ['LOC'] }]],
      'package:save': [[workPackage({ project: canary, annotator: 'Alice', from: canary, note: canary })]],
      'package:open': [[], [{ limitBytes: 1000 }]],
    };
  };

  it('every other channel, given canary paths in every string, reads or imports only what a dialog returned', async () => {
    const userData = await mkdtemp(join(tmpdir(), 'glose-fuzz-userdata-'));
    const { host, importer, imported } = recorder(userData, {
      importPaths: [join(chosen, 'chosen.txt')],
      file: join(chosen, 'chosen.txt'),
      save: join(chosen, 'saved.out'),
      folder: join(chosen, 'backups'),
    });
    const api = createApi(host, importer);
    touched.length = 0;
    const table = calls(secret);
    expect(Object.keys(table).sort()).toEqual(CHANNELS.filter((c) => c !== 'import:dropped').sort());
    for (const [channel, list] of Object.entries(table)) {
      for (const args of list) await api.dispatch(channel, args).catch(() => undefined);
    }
    expect(imported).toEqual([[join(chosen, 'chosen.txt')], [join(chosen, 'chosen.txt')]]);
    const inWorld = touched.filter((p) => p.startsWith(world + sep));
    expect(inWorld.filter((p) => !p.startsWith(chosen))).toEqual([]);
    // the recording works: the save dialog's and the open dialog's files were touched
    expect(inWorld).toEqual(expect.arrayContaining([join(chosen, 'chosen.txt'), join(chosen, 'saved.out')]));
    await rm(userData, { recursive: true, force: true });
  });
});
