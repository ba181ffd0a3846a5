// Annotated imports name their labels and relation types: the ones the project lacks are either
// created (distinct colours, no hotkey) or their annotations are left out, and counted (src/db/imports.ts).
import type { LabelDef, PortableDocument, RelationType } from '$model';
import { contrast } from './colors';

export interface MissingName {
  name: string;
  /** spans (for a label) or relations (for a type) that use it */
  count: number;
}

export interface MissingNames {
  labels: MissingName[];
  types: MissingName[];
}

function tally(names: Iterable<string>, known: ReadonlySet<string>): MissingName[] {
  const counts = new Map<string, number>();
  for (const name of names) if (!known.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/** Labels and relation types the documents use that the project does not have, most used first. */
export function missingNames(docs: readonly PortableDocument[], labels: readonly Pick<LabelDef, 'name'>[], types: readonly Pick<RelationType, 'name'>[]): MissingNames {
  return {
    labels: tally(
      docs.flatMap((d) => d.spans.map((s) => s.label)),
      new Set(labels.map((l) => l.name)),
    ),
    types: tally(
      docs.flatMap((d) => d.relations.map((r) => r.type)),
      new Set(types.map((t) => t.name)),
    ),
  };
}

export const hasMissing = (m: MissingNames): boolean => m.labels.length > 0 || m.types.length > 0;

/** Colours far from each other; only those readable under white or near-black chip text are used. */
const PALETTE = [
  '#0f766e', '#9333ea', '#a16207', '#0369a1', '#dc2626', '#4d7c0f', '#a21caf', '#475569',
  '#9a3412', '#4338ca', '#15803d', '#9f1239', '#0e7490', '#854d0e', '#6d28d9', '#9d174d',
];

/** WCAG AA (4.5:1) for the chip text, which is white or #1a1a1a, whichever contrasts more. */
const readable = (hex: string): boolean => Math.max(contrast(hex, '#ffffff'), contrast(hex, '#1a1a1a')) >= 4.5;

function rgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.replace('#', ''), 16);
  return Number.isNaN(v) ? [128, 128, 128] : [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

function distance(a: string, b: string): number {
  const [r1, g1, b1] = rgb(a);
  const [r2, g2, b2] = rgb(b);
  // "redmean" weighting: closer to how far apart two colours look than plain RGB distance
  const r = (r1 + r2) / 2;
  return Math.sqrt((2 + r / 256) * (r1 - r2) ** 2 + 4 * (g1 - g2) ** 2 + (2 + (255 - r) / 256) * (b1 - b2) ** 2);
}

function hslHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))))
      .toString(16)
      .padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/** `n` colours, each as far as can be from the ones in use and from each other. */
export function distinctColors(used: readonly string[], n: number): string[] {
  const taken = [...used];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const candidates = [...PALETTE, ...Array.from({ length: 24 }, (_, k) => hslHex((k * 137.508 + i * 53) % 360, 0.65, 0.38))].filter(readable);
    let best = candidates[0] ?? '#475569';
    let bestScore = -1;
    for (const c of candidates) {
      if (taken.includes(c)) continue;
      const score = taken.length === 0 ? Infinity : Math.min(...taken.map((t) => distance(c, t)));
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    taken.push(best);
    out.push(best);
  }
  return out;
}
