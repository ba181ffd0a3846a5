// Defence in depth inside the page (the Electron shell refuses the same things in the main process):
// no new windows, and no link can take the page somewhere else.
export function installPageGuards(): void {
  window.open = () => null;
  document.addEventListener(
    'click',
    (ev) => {
      const a = (ev.target as Element | null)?.closest?.('a[href]');
      if (a instanceof HTMLAnchorElement && new URL(a.href, location.href).origin !== location.origin) ev.preventDefault();
    },
    { capture: true },
  );
}
