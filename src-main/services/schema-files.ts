// Reads a label schema file the user picked: size-checked, decoded, parsed and validated in main.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SchemaImportResult } from '../contract';
import { parseSchemaFile } from '../formats/schema';

const MAX_SCHEMA_BYTES = 2 * 1024 * 1024;

export async function readSchemaFile(path: string): Promise<SchemaImportResult> {
  const fileName = basename(path);
  const size = (await stat(path)).size;
  if (size > MAX_SCHEMA_BYTES) throw new Error(`${fileName}: too large for a label schema (${Math.round(size / 1024)} KB)`);
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(path));
  } catch {
    throw new Error(`${fileName}: not UTF-8 text`);
  }
  const { spec, warnings } = parseSchemaFile(content, fileName);
  return { fileName, spec, warnings };
}
