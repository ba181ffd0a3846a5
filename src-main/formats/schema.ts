// Label schemas from files: Glose's own JSON, brat's annotation.conf, and doccano's label config.
import { z } from 'zod';
import { LABEL_PALETTE, type SchemaSpec } from '../model';
import { FormatError } from './errors';
import { describePath, notJsonError } from './shared';
import { formatWords, zodLanguage } from '../i18n/current';

const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: () => formatWords().schema.colour });
const name = z.string().trim().min(1).max(100);

export const schemaSpecSchema = z.object({
  name: z.string().max(200).default('schema'),
  labels: z
    .array(
      z.object({
        name,
        color: hex,
        hotkey: z.string().max(4).optional(),
        description: z.string().max(10_000).optional(),
        attributes: z.array(z.object({ name, values: z.array(name).min(1).max(100) })).optional(),
      }),
    )
    .max(500),
  relations: z.array(z.object({ name, source: z.array(name), target: z.array(name), directed: z.boolean().default(true) })).max(500).default([]),
  categories: z.array(z.object({ name, values: z.array(name).min(1).max(200), multiple: z.boolean().default(false) })).max(100).default([]),
});

const doccanoLabels = z
  .array(
    z.object({
      text: name,
      suffix_key: z.string().max(1).nullish(),
      background_color: hex.nullish(),
    }),
  )
  .max(500);

export interface ParsedSchema {
  spec: SchemaSpec;
  /** what could not be carried over, for the user to read */
  warnings: string[];
}

/** Picks the parser by file name (annotation.conf) or shape (an object, or doccano's array). */
export function parseSchemaFile(content: string, fileName: string): ParsedSchema {
  const text = content.replace(/^\uFEFF/, '');
  if (fileName.endsWith('.conf')) return parseBratConf(text, fileName);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw notJsonError(text, fileName, undefined, err);
  }
  if (Array.isArray(json)) return fromDoccano(json, fileName);
  const res = schemaSpecSchema.safeParse(json, zodLanguage());
  if (!res.success) throw new FormatError(fileName, undefined, formatWords().schema.notGlose(describeIssue(res.error)));
  const spec = res.data;
  const warnings = checkNames(spec);
  return { spec: { ...spec, labels: spec.labels.map((l) => ({ ...l, ...(l.hotkey ? { hotkey: l.hotkey } : {}) })) }, warnings };
}

function fromDoccano(json: unknown[], fileName: string): ParsedSchema {
  const res = doccanoLabels.safeParse(json, zodLanguage());
  if (!res.success) throw new FormatError(fileName, undefined, formatWords().schema.notDoccano(describeIssue(res.error)));
  return {
    spec: {
      name: fileName.replace(/\.json$/i, ''),
      labels: res.data.map((l, i) => ({
        name: l.text,
        color: l.background_color ?? paletteColour(i),
        ...(l.suffix_key ? { hotkey: l.suffix_key } : {}),
      })),
      relations: [],
      categories: [],
    },
    warnings: [],
  };
}

/**
 * brat's annotation.conf: [entities] (indentation is hierarchy; "!" marks abstract types, which are
 * skipped), [relations] "Name Arg1:A|B, Arg2:C", [attributes] "Name Arg:T, Value:v1|v2".
 * Events and the special <OVERLAP>/ENTITY-NESTING rules have no counterpart and are reported.
 */
export function parseBratConf(text: string, fileName: string): ParsedSchema {
  const spec: SchemaSpec = { name: fileName, labels: [], relations: [], categories: [] };
  const warnings: string[] = [];
  const attributes: Array<{ name: string; targets: string[]; values: string[] }> = [];
  let section = '';
  for (const [i, raw] of text.split(/\r\n?|\n/).entries()) {
    const line = raw.replace(/#.*$/, '').trimEnd();
    if (line.trim() === '') continue;
    const header = /^\s*\[(\w+)\]\s*$/.exec(line);
    if (header) {
      section = (header[1] as string).toLowerCase();
      continue;
    }
    const body = line.trim();
    if (section === 'entities') {
      if (body.startsWith('!')) continue;
      if (!/^[^\s,|:]+$/.test(body)) throw new FormatError(fileName, i + 1, formatWords().schema.entityName(body));
      spec.labels.push({ name: body, color: paletteColour(spec.labels.length) });
    } else if (section === 'relations') {
      const m = /^(\S+)\s+(.*)$/.exec(body);
      if (!m) throw new FormatError(fileName, i + 1, formatWords().schema.relation(body));
      const relName = m[1] as string;
      if (relName.startsWith('<') || relName === 'ENTITY-NESTING') {
        warnings.push(formatWords().schema.unusedRule(i + 1, relName));
        continue;
      }
      const args = Object.fromEntries(
        (m[2] as string).split(',').map((part) => {
          const [k, v] = part.split(':').map((x) => x.trim());
          return [k ?? '', (v ?? '').split('|').filter((x) => x && x !== '<ANY>' && x !== '<ENTITY>')];
        }),
      );
      spec.relations.push({ name: relName, source: args['Arg1'] ?? [], target: args['Arg2'] ?? [], directed: true });
    } else if (section === 'attributes') {
      const m = /^(\S+)\s+(.*)$/.exec(body);
      if (!m) throw new FormatError(fileName, i + 1, formatWords().schema.attribute(body));
      const parts = Object.fromEntries((m[2] as string).split(',').map((p) => p.split(':').map((x) => x.trim()) as [string, string]));
      attributes.push({ name: m[1] as string, targets: (parts['Arg'] ?? '').split('|').filter(Boolean), values: parts['Value'] ? parts['Value'].split('|').filter(Boolean) : ['true'] });
    } else if (section === 'events') {
      warnings.push(formatWords().schema.eventSkipped(i + 1, body.split(/\s/)[0] ?? ''));
    } else {
      throw new FormatError(fileName, i + 1, formatWords().schema.outside(body));
    }
  }
  for (const a of attributes) {
    for (const target of a.targets) {
      const label = spec.labels.find((l) => l.name === target);
      if (label) label.attributes = [...(label.attributes ?? []), { name: a.name, values: a.values }];
      else warnings.push(formatWords().schema.attributeTarget(a.name, target));
    }
  }
  if (spec.labels.length === 0) throw new FormatError(fileName, undefined, formatWords().schema.noEntities);
  spec.labels.forEach((l, i) => {
    if (i < 9) l.hotkey = String(i + 1);
  });
  return { spec, warnings: [...warnings, ...checkNames(spec)] };
}

function checkNames(spec: SchemaSpec): string[] {
  const names = new Set(spec.labels.map((l) => l.name));
  const warnings: string[] = [];
  if (names.size !== spec.labels.length) warnings.push(formatWords().schema.namesTwice);
  for (const r of spec.relations) {
    for (const n of [...r.source, ...r.target]) if (!names.has(n)) warnings.push(formatWords().schema.relationLabel(r.name, n));
  }
  return warnings;
}

export function paletteColour(i: number): string {
  return LABEL_PALETTE[i % LABEL_PALETTE.length] as string;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return formatWords().schema.invalid;
  return issue.path.length > 0 ? formatWords().field(describePath(issue.path), issue.message) : issue.message;
}
