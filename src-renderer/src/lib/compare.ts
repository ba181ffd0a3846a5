// Layers of one document side by side: one row per stretch of text that some layer marked, with what
// each layer put there, and whether they all agree on it.

export interface CompareSpan {
  start: number;
  end: number;
  label: string;
}

export interface CompareRow {
  start: number;
  end: number;
  /** per column, the labels that layer gave exactly this stretch (sorted; empty: nothing) */
  labels: string[][];
  /** every column gave the same labels */
  agreed: boolean;
}

/** Rows in reading order (start, then longest first). */
export function compareRows(columns: ReadonlyArray<readonly CompareSpan[]>): CompareRow[] {
  const rows = new Map<string, CompareRow>();
  columns.forEach((spans, c) => {
    for (const s of spans) {
      const key = `${s.start}:${s.end}`;
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { start: s.start, end: s.end, labels: columns.map(() => []), agreed: false }));
      const cell = row.labels[c] as string[];
      if (!cell.includes(s.label)) cell.push(s.label);
    }
  });
  const out = [...rows.values()].sort((a, b) => a.start - b.start || b.end - a.end);
  for (const row of out) {
    for (const cell of row.labels) cell.sort();
    const first = JSON.stringify(row.labels[0]);
    row.agreed = row.labels.every((cell) => JSON.stringify(cell) === first);
  }
  return out;
}
