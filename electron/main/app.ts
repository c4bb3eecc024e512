/**
 * The desktop app's lifecycle, wired from injected Electron pieces (index.ts passes the real
 * ones, tests pass fakes): one instance, one hardened window (re-created on demand), IPC to the
 * run service, the menu, traces opened from the command line or the OS, and a bounded quit that
 * leaves no worker behind.
 */
import type {
  App,
  BrowserWindow,
  Dialog,
  IpcMain,
  Menu,
  NativeTheme,
  Notification,
  Session,
  Shell,
} from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Action, PageState } from '../../shared/actions';
import { themeOf } from '../../shared/actions';
import { EVENT_CHANNEL, type AppEvent, type AppInfo } from '../../shared/contract';
import { readCsp } from '../server/csp';
import { RunService, type RunServiceOptions } from '../service';
import { Preferences } from '../service/preferences';
import { aboutVersions, showAbout, TUTORIAL_URL } from './about';
import { Documents } from './documents';
import { fileDialogHandlers } from './files';
import { TraceInbox } from './inbox';
import { forwardEvents, registerIpc, trustedSender } from './ipc';
import { electronWorkerLauncher } from './launcher';
import { menuTemplate } from './menu';
import { finishNotifier } from './notify';
import { closeBeforeQuit, closeWithin } from './quit';
import { traceArgs } from './trace-args';
import { createMainWindow, hardenSession } from './window';

/** electron-builder.json's appId: Windows ties notifications and the jump list to it. */
export const APP_ID = 'org.poolscope.app';

export interface ElectronParts {
  app: App;
  BrowserWindow: typeof BrowserWindow;
  ipcMain: IpcMain;
  dialog: Dialog;
  session: { defaultSession: Session };
  Menu: Pick<typeof Menu, 'buildFromTemplate' | 'setApplicationMenu'>;
  nativeTheme: Pick<NativeTheme, 'themeSource'>;
  Notification: typeof Notification;
  shell: Pick<Shell, 'openExternal'>;
}

export interface AppPaths {
  /** The built page (out/renderer/index.html). */
  rendererIndex: string;
  /** The dev server's URL (electron-vite dev), loaded instead of `rendererIndex`. */
  rendererUrl?: string;
  /** The page's source, whose CSP meta tag the dev server's responses also get as a header. */
  sourceIndex: string;
  preload: string;
  workerPath: string;
}

export interface StartOptions {
  /** This launch's command line (process.argv): a trace named on it opens. */
  argv?: string[];
  /** Overrides of the run service's options (tests). */
  service?: Partial<RunServiceOptions>;
  platform?: NodeJS.Platform;
}

export interface DesktopApp {
  /** The window now (null while none is open, as on macOS after closing it). */
  window(): BrowserWindow | null;
  service: RunService;
  documents: Documents;
}

/** Resolves once the first window is created, or to null when another instance already runs. */
export async function startApp(
  electron: ElectronParts,
  paths: AppPaths,
  options: StartOptions = {},
): Promise<DesktopApp | null> {
  const { app } = electron;
  const platform = options.platform ?? process.platform;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  let window: BrowserWindow | null = null;
  let service: RunService | null = null;
  let documents: Documents | null = null;
  let quitting = false;

  const send = (event: AppEvent) => {
    const contents = window?.webContents;
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, event);
  };
  // The first launch's command line waits in the inbox like any later request.
  const inbox = new TraceInbox(
    (path) => {
      documents?.open(path).then(
        (file) => send({ channel: 'file:opened', payload: file }),
        (e: unknown) =>
          send({ channel: 'file:refused', payload: { path, message: (e as Error).message } }),
      );
    },
    traceArgs(options.argv ?? [], process.cwd()),
  );
  const openTrace = (path: string) => inbox.add(path);
  const showWindow = () => {
    if (quitting) return;
    if (!window || window.isDestroyed()) return void createWindow();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  // Registered before 'ready': macOS sends open-file for a double-clicked trace before it.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openTrace(path);
    if (app.isReady()) showWindow();
  });
  app.on('second-instance', (_event, argv, cwd) => {
    showWindow();
    for (const path of traceArgs(argv, cwd)) openTrace(path);
  });
  // macOS: a click on the Dock icon with no window open brings one back.
  app.on('activate', () => {
    if (app.isReady() && (!window || window.isDestroyed())) createWindow();
  });
  app.on('window-all-closed', () => {
    if (platform !== 'darwin') app.quit();
  });
  closeBeforeQuit(app, async () => {
    quitting = true;
    // The window is gone from here on: let a relaunch be the instance with a window at once,
    // rather than hand its command line to one that is shutting down (the ghost).
    app.releaseSingleInstanceLock();
    if (!service) return;
    const s = service;
    await closeWithin({ close: () => s.close(), livePids: () => livePids(s) });
  });

  // Windows shows a notification only for an app with an AppUserModelID (the installer's).
  if (platform === 'win32') app.setAppUserModelId(APP_ID);
  await app.whenReady();
  // macOS: the app menu's About shows these.
  app.setAboutPanelOptions({
    applicationName: app.getName(),
    applicationVersion: app.getVersion(),
    version: aboutVersions(),
  });
  const appUrl = paths.rendererUrl ?? pathToFileURL(paths.rendererIndex).href;
  // A file:// page gets no response headers (webRequest never sees it): its CSP is the meta tag
  // the build keeps. Only the dev server's http responses can carry the header as well.
  hardenSession(
    electron.session.defaultSession,
    paths.rendererUrl
      ? { origin: new URL(paths.rendererUrl).origin, csp: readCsp(paths.sourceIndex) }
      : null,
  );
  service = new RunService({
    mode: 'desktop',
    dataDir: join(app.getPath('userData'), 'history'),
    workerPath: paths.workerPath,
    launcher: electronWorkerLauncher(paths.workerPath),
    ...options.service,
  });
  const prefs = Preferences.load(join(app.getPath('userData'), 'preferences.json'));
  documents = new Documents({ prefs, app, nativeTheme: electron.nativeTheme });
  const docs = documents;

  const runAction = (action: Action) => {
    const theme = themeOf(action.id);
    if (theme) return void docs.setTheme(theme);
    if (action.id === 'help.about') return void showAbout(electron.dialog, app, window);
    if (action.id === 'help.tutorial') return void electron.shell.openExternal(TUTORIAL_URL);
    showWindow();
    send({ channel: 'app:action', payload: { action: action.id } });
  };
  let page: PageState | undefined;
  const setMenu = () =>
    electron.Menu.setApplicationMenu(
      electron.Menu.buildFromTemplate(
        menuTemplate({
          mac: platform === 'darwin',
          appName: app.getName(),
          prefs: docs.prefs,
          run: runAction,
          openRecent: openTrace,
          clearRecent: () => void docs.clearRecent(),
          page,
          devTools: !app.isPackaged,
        }),
      ),
    );
  setMenu();
  docs.onChange((p) => {
    setMenu();
    send({ channel: 'prefs:changed', payload: p });
  });

  const handlers = docs.handlers();
  registerIpc(electron.ipcMain, service, {
    isTrustedSender: trustedSender(() => window, appUrl),
    desktopHandlers: {
      ...fileDialogHandlers({
        dialog: electron.dialog,
        window: () => window,
        defaultDir: app.getPath('documents'),
        memory: prefs,
        onOpened: (path) => docs.noteOpened(path),
      }),
      ...handlers,
      'menu:state': (state) => {
        page = state;
        setMenu();
        return Promise.resolve({ applied: true as const });
      },
      // The page asks for its preferences once it listens to events: queued traces can go now.
      'prefs:get': async (payload) => {
        const reply = await handlers['prefs:get'](payload);
        inbox.pageReady();
        return reply;
      },
    },
  });
  forwardEvents(service, () => window?.webContents ?? null);
  service.onEvent(
    finishNotifier({
      Notification: electron.Notification,
      focused: () => window?.isFocused() ?? false,
      show: showWindow,
    }),
  );

  let loading: Promise<void> = Promise.resolve();
  function createWindow(): BrowserWindow {
    inbox.pageGone();
    const win = createMainWindow(electron.BrowserWindow, { preload: paths.preload, appUrl });
    window = win;
    // A reload is a new page too: it listens again only once it asks for its preferences.
    win.webContents.on('did-start-loading', () => inbox.pageGone());
    win.on('closed', () => {
      if (window === win) window = null;
    });
    loading = paths.rendererUrl
      ? win.loadURL(paths.rendererUrl)
      : win.loadFile(paths.rendererIndex);
    return win;
  }
  createWindow();
  await loading;
  return { window: () => window, service, documents: docs };
}

async function livePids(service: RunService): Promise<number[]> {
  const reply = await service.dispatch('app:info', undefined);
  if (!reply.ok) return [];
  const { pool } = reply.value as AppInfo;
  return [...pool.pids, ...(pool.fresh?.pids ?? [])];
}
