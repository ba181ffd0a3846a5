// Lists that paint only the rows in view (the corpus documents, the corpus search hits): which rows
// to paint, where a navigation key moves the active row, and how far to scroll to show it.

/** The rows a virtual list paints: those in view plus `overscan` on each side. */
export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 8): { from: number; to: number } {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + viewport) / rowHeight);
  return { from: Math.max(0, Math.min(count, first - overscan)), to: Math.min(count, last + overscan) };
}

/** The row ↑ ↓ Page Up, Page Down, Home or End moves to from `active` (`page` rows a page), or undefined for another key. */
export function rowForKey(key: string, active: number, count: number, page: number): number | undefined {
  const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + page, PageUp: active - page, Home: 0, End: count - 1 };
  if (!Object.hasOwn(moves, key)) return undefined;
  return Math.max(0, Math.min(count - 1, moves[key] as number));
}

/** The scrollTop that shows row `index` (under a sticky header of `header` px), or `scrollTop` when it shows already. */
export function scrollToRow(index: number, rowHeight: number, scrollTop: number, viewport: number, header = 0): number {
  const top = index * rowHeight;
  const room = viewport - header;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + room) return top + rowHeight - room;
  return scrollTop;
}
