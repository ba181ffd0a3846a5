// Remembers the window's size and position between launches, in userData/window-state.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { screen, type BrowserWindow, type Rectangle } from 'electron';
import { writeFileAtomic } from '../services/files';

interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

const DEFAULT: WindowState = { bounds: { x: 0, y: 0, width: 1280, height: 860 }, maximized: false };

export function loadWindowState(userData: string): WindowState & { centered: boolean } {
  try {
    const raw: unknown = JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8'));
    if (!isState(raw)) return { ...DEFAULT, centered: true };
    // A display may have been unplugged since: only reuse a position that is still visible.
    const visible = screen.getAllDisplays().some((d) => intersects(d.workArea, raw.bounds));
    return { ...raw, centered: !visible };
  } catch {
    return { ...DEFAULT, centered: true };
  }
}

export function trackWindowState(win: BrowserWindow, userData: string): void {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    if (win.isDestroyed()) return;
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    void writeFileAtomic(join(userData, 'window-state.json'), JSON.stringify(state)).catch(() => undefined);
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', () => {
    clearTimeout(timer);
    save();
  });
}

function isState(v: unknown): v is WindowState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  const b = s.bounds as Record<string, unknown> | undefined;
  return (
    typeof s.maximized === 'boolean' &&
    !!b &&
    ['x', 'y', 'width', 'height'].every((k) => typeof b[k] === 'number' && Number.isFinite(b[k])) &&
    (b.width as number) >= 400 &&
    (b.height as number) >= 300
  );
}

function intersects(a: Rectangle, b: Rectangle): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
