// The renderer's import aliases, for Vite (the build) and vitest (the unit tests); tsconfig.web.json
// lists the same ones under "paths" for the type checkers.
import { resolve } from 'node:path';

export function rendererAliases(root: string): Record<string, string> {
  const src = resolve(root, 'src-renderer/src');
  return {
    $lib: resolve(src, 'lib'),
    $db: resolve(src, 'db'),
    $state: resolve(src, 'state'),
    $reader: resolve(src, 'reader'),
    $components: resolve(src, 'components'),
    $contract: resolve(root, 'src-main/contract.ts'),
    $model: resolve(root, 'src-main/model.ts'),
    $records: resolve(root, 'src-main/records.ts'),
  };
}
