// The labels of a layer's spans that cover a stretch of text: what the corpus search shows beside a
// hit when a colleague's layer (or the curated one) is counted.
import type { Id } from '$model';

/** The names of the labels whose spans overlap start–end, each once, in the order of the spans. */
export function labelsCovering(spans: ReadonlyArray<{ start: number; end: number; labelId: Id }>, start: number, end: number, names: ReadonlyMap<Id, string>): string[] {
  const out = new Set<string>();
  for (const s of spans) if (s.start < end && start < s.end) out.add(names.get(s.labelId) ?? '?');
  return [...out];
}
