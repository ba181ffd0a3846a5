import { describe, expect, it } from 'vitest';
import { isPermissionAllowed, isSafeExternalUrl, originOf } from '../../../src-main/services/policy';

describe('links handed to the system browser', () => {
  it.each([
    'https://www.electronjs.org/docs/latest/tutorial/security',
    'http://example.org/',
    'https://example.org:8443/a?b=c#d',
    'https://xn--glos-9oa.example/',
  ])('opens %s', (url) => expect(isSafeExternalUrl(url)).toBe(true));

  it.each([
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(1)'],
    ['file:///etc/passwd'],
    ['data:text/html,<script>alert(1)</script>'],
    ['smb://attacker/share'],
    ['ms-msdt:/id PCWDiagnostic'],
    ['vbscript:msgbox(1)'],
    ['app://glose/index.html'],
    ['https://user:pass@example.org/'],
    ['https://www.electronjs.org@evil.example/'],
    ['https://example.org/\u0000'],
    ['https://example.org/ a'],
    ['https://exa\nmple.org/'],
    ['https:\\\\evil.example\\'],
    ['//example.org/'],
    ['example.org'],
    [''],
    [`https://example.org/${'a'.repeat(3000)}`],
  ])('refuses %j', (url) => expect(isSafeExternalUrl(url)).toBe(false));
});

describe('web permissions', () => {
  it('grants persistent storage to the app, and nothing else to anyone', () => {
    expect(isPermissionAllowed('persistent-storage', 'app://glose', 'app://glose')).toBe(true);
    expect(isPermissionAllowed('persistent-storage', 'app://glose/index.html', 'app://glose')).toBe(true);
    expect(isPermissionAllowed('persistent-storage', 'https://evil.example', 'app://glose')).toBe(false);
    expect(isPermissionAllowed('persistent-storage', 'app://other', 'app://glose')).toBe(false);
    for (const p of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'fileSystem', 'hid', 'serial', 'usb', 'unknown', 'fullscreen', 'pointerLock']) {
      expect(isPermissionAllowed(p, 'app://glose', 'app://glose'), p).toBe(false);
    }
  });
});

describe('origins', () => {
  it('names the app protocol by scheme and host, and anything unparsable "null"', () => {
    expect(originOf('app://glose/index.html')).toBe('app://glose');
    expect(originOf('http://127.0.0.1:5173/x')).toBe('http://127.0.0.1:5173');
    expect(originOf('not a url')).toBe('null');
  });
});
