/**
 * The desktop app's lifecycle, wired from injected Electron pieces (index.ts passes the real
 * ones, tests pass fakes): one instance, one hardened window, IPC to the run service, and on quit
 * the pool shut down before the process exits, so no worker survives.
 */
import type { App, BrowserWindow, Dialog, IpcMain, Session } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readCsp } from '../server/csp';
import { RunService, type RunServiceOptions } from '../service';
import { Preferences } from '../service/preferences';
import { fileDialogHandlers } from './files';
import { forwardEvents, registerIpc, trustedSender } from './ipc';
import { createMainWindow, hardenSession } from './window';

export interface ElectronParts {
  app: App;
  BrowserWindow: typeof BrowserWindow;
  ipcMain: IpcMain;
  dialog: Dialog;
  session: { defaultSession: Session };
}

export interface AppPaths {
  /** The built page (out/renderer/index.html); its CSP meta tag is also sent as a header. */
  rendererIndex: string;
  /** The dev server's URL (electron-vite dev), loaded instead of `rendererIndex`. */
  rendererUrl?: string;
  /** Where the CSP is read from when the dev server serves the page. */
  sourceIndex: string;
  preload: string;
  workerPath: string;
}

export interface DesktopApp {
  window: BrowserWindow;
  service: RunService;
}

/** Resolves once the window is created, or to null when another instance already runs. */
export async function startApp(
  electron: ElectronParts,
  paths: AppPaths,
): Promise<DesktopApp | null> {
  const { app } = electron;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  let window: BrowserWindow | null = null;
  let service: RunService | null = null;
  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  closeBeforeQuit(app, () => service?.close() ?? Promise.resolve());

  await app.whenReady();
  const appUrl = paths.rendererUrl ?? pathToFileURL(paths.rendererIndex).href;
  hardenSession(
    electron.session.defaultSession,
    readCsp(paths.rendererUrl ? paths.sourceIndex : paths.rendererIndex),
  );
  const options: RunServiceOptions = {
    mode: 'desktop',
    dataDir: join(app.getPath('userData'), 'history'),
    workerPath: paths.workerPath,
    // From Electron, fork() runs the Electron binary itself; this makes it behave as plain Node.
    execPath: process.execPath,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  };
  service = new RunService(options);
  const win = createMainWindow(electron.BrowserWindow, { preload: paths.preload, appUrl });
  window = win;
  registerIpc(electron.ipcMain, service, {
    isTrustedSender: trustedSender(() => window, appUrl),
    desktopHandlers: fileDialogHandlers({
      dialog: electron.dialog,
      window: () => window,
      defaultDir: app.getPath('documents'),
      memory: Preferences.load(join(app.getPath('userData'), 'preferences.json')),
    }),
  });
  forwardEvents(service, () => window?.webContents ?? null);
  win.on('closed', () => (window = null));
  await (paths.rendererUrl ? win.loadURL(paths.rendererUrl) : win.loadFile(paths.rendererIndex));
  return { window: win, service };
}

/**
 * Holds the quit until `close()` (the pool's shutdown) has finished, then quits for real: Electron
 * does not wait for promises in 'before-quit' handlers, so the first quit is prevented.
 */
export function closeBeforeQuit(app: Pick<App, 'on' | 'quit'>, close: () => Promise<void>): void {
  let state: 'open' | 'closing' | 'closed' = 'open';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    close()
      .catch((e: unknown) => console.error('PoolScope: shutting the pool down failed:', e))
      .finally(() => {
        state = 'closed';
        app.quit();
      });
  });
}
