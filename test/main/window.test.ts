import type { BrowserWindow, Session } from 'electron';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { metaCsp } from '../../electron/server/csp';
import {
  SECURE_WEB_PREFERENCES,
  createMainWindow,
  hardenSession,
  isAppUrl,
} from '../../electron/main/window';
import { FakeWindow } from './fakes';

const APP_URL = 'file:///opt/poolscope/out/renderer/index.html';

function navigate(win: FakeWindow, event: 'will-navigate' | 'will-redirect', url: string) {
  const e = { url, preventDefault: vi.fn() };
  win.webContents.emit(event, e);
  return e.preventDefault.mock.calls.length > 0;
}

describe('main window', () => {
  const win = createMainWindow(FakeWindow as unknown as typeof BrowserWindow, {
    preload: '/opt/poolscope/out/preload/index.cjs',
    appUrl: APP_URL,
  }) as unknown as FakeWindow;

  it('is created isolated, sandboxed, without Node, with the preload', () => {
    expect(win.options.webPreferences).toEqual({
      ...SECURE_WEB_PREFERENCES,
      preload: '/opt/poolscope/out/preload/index.cjs',
    });
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
  });

  it('denies every new window', () => {
    expect(win.webContents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({
      action: 'deny',
    });
    expect(win.webContents.windowOpenHandler?.({ url: APP_URL })).toEqual({ action: 'deny' });
  });

  it('blocks navigation and redirects away from the app page, and webviews', () => {
    expect(navigate(win, 'will-navigate', 'https://example.com/')).toBe(true);
    expect(navigate(win, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate(win, 'will-redirect', 'http://127.0.0.1:1/')).toBe(true);
    expect(navigate(win, 'will-navigate', `${APP_URL}#reload`)).toBe(false);
    const attach = { preventDefault: vi.fn() };
    win.webContents.emit('will-attach-webview', attach);
    expect(attach.preventDefault).toHaveBeenCalled();
  });

  it('recognises the app page by file path, or by origin for the dev server', () => {
    expect(isAppUrl('file:///opt/poolscope/out/renderer/index.html?x=1', APP_URL)).toBe(true);
    expect(isAppUrl('file:///opt/other/index.html', APP_URL)).toBe(false);
    expect(isAppUrl('http://localhost:5173/src/x', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('not a url', APP_URL)).toBe(false);
  });
});

describe('session', () => {
  function fakeSession() {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const filters: unknown[] = [];
    const session = {
      setPermissionRequestHandler: (h: never) => (handlers.request = h),
      setPermissionCheckHandler: (h: never) => (handlers.check = h),
      webRequest: {
        onHeadersReceived: (filter: unknown, h: never) => {
          filters.push(filter);
          handlers.headers = h;
        },
      },
    };
    return { session: session as unknown as Session, handlers, filters };
  }

  it('denies permissions; a file:// page keeps its meta-tag CSP, as webRequest never sees it', () => {
    const { session, handlers, filters } = fakeSession();
    hardenSession(session, null);
    const granted = vi.fn();
    (handlers.request as (...a: unknown[]) => void)({}, 'media', granted, {});
    expect(granted).toHaveBeenCalledWith(false);
    expect(
      (handlers.check as (...a: unknown[]) => boolean)({}, 'notifications', 'file://', {}),
    ).toBe(false);
    expect(filters).toEqual([]);
  });

  it("adds the CSP header to the dev server's responses only", () => {
    const { session, handlers, filters } = fakeSession();
    hardenSession(session, { origin: 'http://localhost:5173', csp: "default-src 'self'" });
    expect(filters).toEqual([{ urls: ['http://localhost:5173/*'] }]);
    const respond = vi.fn();
    (handlers.headers as (...a: unknown[]) => void)(
      { responseHeaders: { Server: ['x'] } },
      respond,
    );
    expect(respond).toHaveBeenCalledWith({
      responseHeaders: {
        Server: ['x'],
        'Content-Security-Policy': ["default-src 'self'"],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });

  it('the built page declares its CSP in a meta tag (the policy file:// loads get)', () => {
    const built = join(import.meta.dirname, '../../out/renderer/index.html');
    expect(existsSync(built), 'run npm run build first').toBe(true);
    const csp = metaCsp(readFileSync(built, 'utf8'));
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
  });
});
