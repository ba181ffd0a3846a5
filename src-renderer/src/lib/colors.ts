// Label colours: tints for painted spans, and chip text that keeps WCAG AA contrast on the label colour.

export function parseHex(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  const v = m ? parseInt(m[1] as string, 16) : 0x888888;
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

export function tint(hex: string, alpha: number): string {
  const [r, g, b] = parseHex(hex);
  return `rgb(${r} ${g} ${b} / ${alpha})`;
}

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex);
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Chip colours: the label colour as background, white or near-black text, whichever contrasts more. */
export function chipColors(hex: string): { background: string; foreground: string } {
  const white = contrast(hex, '#ffffff');
  const black = contrast(hex, '#1a1a1a');
  return { background: hex, foreground: white >= black ? '#ffffff' : '#1a1a1a' };
}
