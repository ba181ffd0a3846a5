// The native menu. Commands the renderer owns (import, export, undo…) are forwarded to it, so that the
// menu, the toolbar and the keyboard all run the same code.
import { Menu, shell, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../contract';
import type { MainMessages } from '../i18n/messages';
import { isSafeExternalUrl } from '../services/policy';

/** Opens a link the user clicked in the menu in the system browser, if it is a plain web link. */
function openLink(url: string): void {
  if (isSafeExternalUrl(url)) void shell.openExternal(url);
}

/**
 * `devTools`: the (hidden) Toggle Developer Tools item and its keys; left out of packaged builds.
 * `words`: the labels in the interface language (the items with a role are worded by the OS).
 */
export function buildMenu(send: (cmd: MenuCommand) => void, options: { devTools: boolean; words: MainMessages['menu'] }): Menu {
  const w = options.words;
  const isMac = process.platform === 'darwin';
  const cmd = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    // Shown in the menu, but the renderer handles the keys itself: it knows when a text field has focus.
    ...(accelerator ? { accelerator, registerAccelerator: false } : {}),
    click: () => send(command),
  });
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: w.file,
      submenu: [
        cmd(w.import, 'import', 'CmdOrCtrl+O'),
        cmd(w.importFolder, 'importFolder', 'CmdOrCtrl+Shift+O'),
        cmd(w.export, 'export', 'CmdOrCtrl+E'),
        { type: 'separator' },
        cmd(w.backup, 'backup'),
        cmd(w.restore, 'restore'),
        { type: 'separator' },
        cmd(w.settings, 'settings', 'CmdOrCtrl+,'),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: w.edit,
      submenu: [
        // Undo/redo of annotations belong to the renderer; in text fields the renderer falls back to native undo.
        cmd(w.undo, 'undo', 'CmdOrCtrl+Z'),
        cmd(w.redo, 'redo', isMac ? 'Shift+Cmd+Z' : 'Ctrl+Y'),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        { type: 'separator' },
        cmd(w.find, 'find', 'CmdOrCtrl+F'),
      ],
    },
    {
      label: w.view,
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(options.devTools ? [{ role: 'toggleDevTools' as const, visible: false }] : []),
      ],
    },
    {
      label: w.help,
      submenu: [
        cmd(w.shortcuts, 'shortcuts'),
        {
          label: w.securityChecklist,
          // the only external link Glose opens, and only because the user clicked it
          click: () => openLink('https://www.electronjs.org/docs/latest/tutorial/security'),
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
