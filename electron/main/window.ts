/**
 * The one window and its session, locked down: the page is untrusted content that may only talk
 * to main through the preload's named methods. Electron pieces come in as parameters, so tests
 * can hand in fakes.
 */
import type { BrowserWindow, Session } from 'electron';

/** Isolated, sandboxed, no Node in the page: the settings Electron's security checklist asks for. */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
} as const;

/**
 * Whether `candidate` is the app's own page: the same file for a packaged build (file: URLs
 * share one opaque origin, so the path must match), the same origin for the dev server.
 */
export function isAppUrl(candidate: string, appUrl: string): boolean {
  try {
    const url = new URL(candidate);
    const app = new URL(appUrl);
    if (app.protocol === 'file:') return url.protocol === 'file:' && url.pathname === app.pathname;
    return url.origin === app.origin;
  } catch {
    return false;
  }
}

export function createMainWindow(
  BrowserWindowClass: typeof BrowserWindow,
  options: { preload: string; appUrl: string },
): BrowserWindow {
  const win = new BrowserWindowClass({
    width: 1360,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'PoolScope',
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: options.preload },
  });
  const contents = win.webContents;
  // No new windows, and no navigating away: a link or a script can never turn this window,
  // and the preload bridge in it, over to another page.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url, options.appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, options.appUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  return win;
}

/**
 * Denies every permission the page asks for (notifications come from main, not the page). The
 * CSP: a file:// page's is its meta tag (webRequest never sees file:// loads, so a header would
 * not reach it); the dev server's http responses also get it as a header, with what only a
 * header can say (frame-ancestors).
 */
export function hardenSession(
  session: Session,
  devServer: { origin: string; csp: string } | null,
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  if (!devServer) return;
  session.webRequest.onHeadersReceived({ urls: [`${devServer.origin}/*`] }, (details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [devServer.csp],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
}
