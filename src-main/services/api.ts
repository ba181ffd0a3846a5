// The handler table: channel -> argument schema -> service call. Electron's IPC wiring and the e2e
// bridge both dispatch through this one function, so only the transport differs between them.
import { userInfo } from 'node:os';
import type { AppInfo, Channel, Channels, ExportRequest, ExportResult, ImportProgress } from '../contract';
import { parseArgs } from './schemas';
import { Importer } from './importer';
import { exportDocuments } from './exporter';
import { writeFileAtomic } from './files';

/** What the host (Electron, or the test bridge) provides: dialogs and where events go. */
export interface Host {
  version: string;
  /** files passed on the command line at launch, given out once */
  takeLaunchPaths(): string[];
  /** native open dialog; null when cancelled */
  pickImportPaths(): Promise<string[] | null>;
  /** native save dialog; null when cancelled */
  pickSavePath(defaultName: string): Promise<string | null>;
  sendProgress(progress: ImportProgress): void;
}

type Handlers = { [C in Channel]: (...args: Channels[C]['args']) => Promise<Channels[C]['result']> };

export interface Api {
  dispatch(channel: string, rawArgs: unknown[]): Promise<unknown>;
  dispose(): Promise<void>;
}

export function isChannel(name: string, channels: readonly string[]): name is Channel {
  return channels.includes(name);
}

export function createApi(host: Host, importer: Importer): Api {
  const handlers: Handlers = {
    'app:info': async (): Promise<AppInfo> => ({
      version: host.version,
      platform: process.platform,
      userName: safeUserName(),
      launchPaths: host.takeLaunchPaths(),
    }),
    'import:pick': async (options) => {
      const paths = await host.pickImportPaths();
      if (!paths || paths.length === 0) return null;
      return importer.run(paths, host.sendProgress, options);
    },
    'import:paths': (paths, options) => importer.run(paths, host.sendProgress, options),
    'import:cancel': async () => importer.cancel(),
    'file:saveText': async ({ defaultName, content }) => {
      const target = await host.pickSavePath(defaultName);
      if (!target) return null;
      return { path: target, bytes: await writeFileAtomic(target, content) };
    },
    'export:save': async (request: ExportRequest): Promise<ExportResult | null> => {
      const target = await host.pickSavePath(request.defaultName);
      if (!target) return null;
      return exportDocuments(request, target);
    },
  };

  return {
    async dispatch(channel, rawArgs) {
      if (!Object.hasOwn(handlers, channel)) throw new Error(`unknown channel ${channel}`);
      const c = channel as Channel;
      const args = parseArgs(c, rawArgs);
      const handler = handlers[c] as (...a: unknown[]) => Promise<unknown>;
      return handler(...args);
    },
    dispose: () => importer.dispose(),
  };
}

function safeUserName(): string {
  try {
    return userInfo().username || 'annotator';
  } catch {
    return 'annotator';
  }
}
