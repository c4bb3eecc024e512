import type { IpcMainInvokeEvent } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EVENT_CHANNEL,
  REQUEST_CHANNELS,
  type AppEvent,
  type AppInfo,
  type Reply,
} from '../../shared/contract';
import { TUTORIAL_URL } from '../../electron/main/about';
import { startApp, type AppPaths, type ElectronParts } from '../../electron/main/app';
import { flatten } from '../../electron/main/menu';
import { FakeApp, FakeMenu, FakeNotification, FakeWindow } from './fakes';
import { tempDir } from '../support/temp-dir';

const ROOT = resolve(import.meta.dirname, '../..');
const PATHS: AppPaths = {
  sourceIndex: join(ROOT, 'renderer/index.html'),
  rendererIndex: join(ROOT, 'out/renderer/index.html'),
  preload: join(ROOT, 'out/preload/index.cjs'),
  workerPath: join(ROOT, 'out/main/worker.js'),
};
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  FakeWindow.created = [];
});

function fakeElectron(gotLock = true, userData = tempDir(cleanups), dialog: object = {}) {
  const app = new FakeApp(userData, gotLock);
  const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<Reply<unknown>>>();
  const headerHooks: unknown[] = [];
  const nativeTheme = { themeSource: 'system' };
  const opened: string[] = [];
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: { handle: (c: string, h: never) => handlers.set(c, h) },
    dialog,
    session: {
      defaultSession: {
        setPermissionRequestHandler() {},
        setPermissionCheckHandler() {},
        webRequest: { onHeadersReceived: (...a: unknown[]) => headerHooks.push(a) },
      },
    },
    Menu: FakeMenu,
    nativeTheme,
    Notification: FakeNotification,
    shell: { openExternal: async (url: string) => void opened.push(url) },
  };
  return {
    electron: electron as unknown as ElectronParts,
    app,
    handlers,
    headerHooks,
    userData,
    nativeTheme,
    opened,
  };
}

/** Calls a channel as the page in `win` would (its main frame, showing our file). */
function asPage(
  handlers: ReturnType<typeof fakeElectron>['handlers'],
  win: FakeWindow,
): (channel: string, payload?: unknown) => Promise<Reply<unknown>> {
  win.webContents.mainFrame.url = pathToFileURL(PATHS.rendererIndex).href;
  return (channel, payload) =>
    handlers.get(channel)!(
      { senderFrame: win.webContents.mainFrame } as unknown as IpcMainInvokeEvent,
      payload,
    );
}

/** The events main sent the page in `win`. */
const eventsOf = (win: FakeWindow) =>
  win.webContents.sent.filter(([c]) => c === EVENT_CHANNEL).map(([, e]) => e as AppEvent);

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the desktop app', () => {
  it('quits at once when another instance holds the lock', async () => {
    const { electron, app } = fakeElectron(false);
    await expect(startApp(electron, PATHS)).resolves.toBeNull();
    expect(app.quits).toBe(1);
    expect(FakeWindow.created).toEqual([]);
  });

  it('opens one hardened window on the built page, wires IPC to the service, and on quit leaves no worker', async () => {
    expect(existsSync(PATHS.rendererIndex), 'run npm run build first').toBe(true);
    const { electron, app, handlers, headerHooks, userData } = fakeElectron();
    const started = await startApp(electron, PATHS);
    expect(started).not.toBeNull();
    cleanups.push(() => started?.service.close());
    const win = FakeWindow.created[0]!;
    expect(FakeWindow.created).toHaveLength(1);
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: PATHS.preload,
    });
    expect(win.loaded).toBe(PATHS.rendererIndex);
    expect([...handlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
    expect(headerHooks).toEqual([]); // file://: the page's meta tag is its CSP

    // The page (our main frame, showing our file) runs a workload through IPC.
    win.webContents.mainFrame.url = pathToFileURL(PATHS.rendererIndex).href;
    const ask = (channel: string, payload: unknown) =>
      handlers.get(channel)!(
        { senderFrame: win.webContents.mainFrame } as unknown as IpcMainInvokeEvent,
        payload,
      );
    const info = (await ask('app:info', null)) as { ok: true; value: AppInfo };
    expect(info.value).toMatchObject({ mode: 'desktop', masterPid: process.pid });
    const workload = {
      name: 'applyasync.py',
      calls: [{ fn: 'slow_add', args: [0.1, 6, 7], repeat: 2 }],
    };
    const reply = await ask('run:start', { workload, maxWorkers: 2 });
    expect(reply.ok).toBe(true);
    const finished = () =>
      win.webContents.sent.some(
        ([c, e]) => c === EVENT_CHANNEL && (e as AppEvent).channel === 'run:finished',
      );
    await expect.poll(finished).toBe(true);
    expect(
      readdirSync(join(userData, 'userData', 'history')).some((f) => f.endsWith('.entry.json')),
    ).toBe(true);
    const { value: after } = (await ask('app:info', null)) as { value: AppInfo };
    expect(after.pool.pids.length).toBe(2);
    expect(after.pool.pids.every(isAlive)).toBe(true);

    app.quit();
    expect(app.quits).toBe(0); // held until the pool is down
    await expect.poll(() => app.quits).toBe(1);
    expect(after.pool.pids.filter(isAlive)).toEqual([]);
    const refused = await ask('run:start', { workload });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'failed', message: 'PoolScope is shutting down' },
    });
  });

  it('opens the Save dialog in the folder of the last export, also after a restart', async () => {
    const userData = tempDir(cleanups);
    const charts = join(tempDir(cleanups), 'charts');
    mkdirSync(charts);
    const opened: string[] = [];
    const dialog = {
      showSaveDialog: async (_win: unknown, o: { defaultPath: string }) => {
        opened.push(dirname(o.defaultPath));
        return { canceled: false, filePath: join(charts, 'chart.svg') };
      },
    };
    const save = { format: 'svg', suggestedName: 'chart', data: '<svg/>', encoding: 'utf8' };

    for (const launch of [1, 2]) {
      const { electron, app, handlers } = fakeElectron(true, userData, dialog);
      const started = await startApp(electron, PATHS);
      const win = FakeWindow.created.at(-1)!;
      win.webContents.mainFrame.url = pathToFileURL(PATHS.rendererIndex).href;
      const reply = await handlers.get('file:save')!(
        { senderFrame: win.webContents.mainFrame } as unknown as IpcMainInvokeEvent,
        save,
      );
      expect(reply, `launch ${launch}`).toEqual({
        ok: true,
        value: { saved: true, path: join(charts, 'chart.svg') },
      });
      app.quit();
      await expect.poll(() => app.quits).toBe(1);
      await started?.service.close();
    }
    expect(opened).toEqual([join(userData, 'documents'), charts]);
    expect(readFileSync(join(charts, 'chart.svg'), 'utf8')).toBe('<svg/>');
  });

  it('gives Windows the appId, so its notifications show', async () => {
    const { electron, app } = fakeElectron();
    const started = await startApp(electron, PATHS, { platform: 'win32' });
    cleanups.push(() => started?.service.close());
    expect(app.appUserModelId).toBe('org.poolscope.app');
  });

  it('re-creates the window on activate once it was closed (macOS keeps running with none)', async () => {
    const { electron, app } = fakeElectron();
    const started = await startApp(electron, PATHS, { platform: 'darwin' });
    cleanups.push(() => started?.service.close());
    const first = FakeWindow.created[0]!;
    app.emit('activate');
    expect(FakeWindow.created).toHaveLength(1); // a window is open: nothing to do
    first.close();
    app.emit('window-all-closed');
    expect(app.quits).toBe(0);
    expect(started?.window()).toBeNull();
    app.emit('activate');
    expect(FakeWindow.created).toHaveLength(2);
    expect(started?.window()).toBe(FakeWindow.created[1]);
    expect(FakeWindow.created[1]!.loaded).toBe(PATHS.rendererIndex);
  });

  it('opens a trace from the first command line, a second instance and open-file, once the page listens', async () => {
    const dir = tempDir(cleanups);
    const trace = (name: string) => {
      const path = join(dir, name);
      writeFileSync(path, `{"name":"${name}"}`);
      return path;
    };
    const first = trace('first.json');
    const { electron, app, handlers } = fakeElectron();
    const started = await startApp(electron, PATHS, {
      argv: ['/opt/PoolScope/poolscope', '--no-sandbox', first],
    });
    cleanups.push(() => started?.service.close());
    const win = FakeWindow.created[0]!;
    const ask = asPage(handlers, win);
    const opened = () => eventsOf(win).filter((e) => e.channel === 'file:opened');
    expect(opened()).toEqual([]); // the page does not listen yet
    await ask('prefs:get', null);
    await expect
      .poll(() => opened().map((e) => e.payload))
      .toEqual([{ name: 'first.json', text: '{"name":"first.json"}', path: first }]);

    // A second launch with a relative path: the running instance opens it, in front.
    trace('second.json');
    app.emit('second-instance', {}, ['/opt/PoolScope/poolscope', 'second.json'], dir);
    expect(win.focused).toBe(true);
    await expect.poll(() => opened().length).toBe(2);
    expect(opened()[1]!.payload.path).toBe(join(dir, 'second.json'));

    // macOS: a trace double-clicked in Finder; something else refused with a sentence.
    const third = trace('third.json');
    app.emit('open-file', { preventDefault() {} }, third);
    const csv = join(dir, 'table.csv');
    writeFileSync(csv, 'a,b');
    app.emit('open-file', { preventDefault() {} }, csv);
    await expect.poll(() => opened().length).toBe(3);
    await expect
      .poll(() => eventsOf(win).find((e) => e.channel === 'file:refused')?.payload)
      .toEqual({ path: csv, message: expect.stringContaining('table.csv is not a trace') });

    // Each one is a recent document, newest first, in the menu and the preferences.
    expect(app.recentDocuments).toEqual([third, join(dir, 'second.json'), first]);
    const prefs = (await ask('prefs:get', null)) as { value: { recent: { path: string }[] } };
    expect(prefs.value.recent.map((r) => r.path)).toEqual(app.recentDocuments);
  });

  it('second-instance with no window re-creates it and opens the file there', async () => {
    const dir = tempDir(cleanups);
    const path = join(dir, 'run.json');
    writeFileSync(path, '{}');
    const { electron, app, handlers } = fakeElectron();
    const started = await startApp(electron, PATHS, { platform: 'darwin' });
    cleanups.push(() => started?.service.close());
    await asPage(handlers, FakeWindow.created[0]!)('prefs:get', null);
    FakeWindow.created[0]!.close();
    app.emit('second-instance', {}, ['poolscope', path], dir);
    const win = FakeWindow.created[1]!;
    expect(started?.window()).toBe(win);
    await asPage(handlers, win)('prefs:get', null); // the new page is ready
    await expect
      .poll(() => eventsOf(win).find((e) => e.channel === 'file:opened')?.payload.path)
      .toBe(path);
  });

  it('sets the menu from the action table: a click reaches the page, a theme sets nativeTheme', async () => {
    const boxes: { detail: string }[] = [];
    const dialog = { showMessageBox: async (_w: unknown, o: { detail: string }) => boxes.push(o) };
    const { electron, app, handlers, nativeTheme, opened } = fakeElectron(true, undefined, dialog);
    const started = await startApp(electron, PATHS);
    cleanups.push(() => started?.service.close());
    const win = FakeWindow.created[0]!;
    const items = flatten(FakeMenu.current as MenuItemConstructorOptions[]);
    const item = (id: string) => items.find((i) => i.id === id)!;
    const click = (id: string) => (item(id).click as () => void)();
    expect(item('file.open').accelerator).toBe('CmdOrCtrl+O');

    click('file.open');
    click('run.start');
    expect(eventsOf(win).filter((e) => e.channel === 'app:action')).toEqual([
      { channel: 'app:action', payload: { action: 'file.open' } },
      { channel: 'app:action', payload: { action: 'run.start' } },
    ]);

    click('view.theme.dark');
    await expect.poll(() => nativeTheme.themeSource).toBe('dark');
    await expect
      .poll(() => eventsOf(win).find((e) => e.channel === 'prefs:changed')?.payload)
      .toEqual({ theme: 'dark', recent: [] });
    // The rebuilt menu shows the choice.
    const rebuilt = flatten(FakeMenu.current as MenuItemConstructorOptions[]);
    expect(rebuilt.find((i) => i.id === 'view.theme.dark')?.checked).toBe(true);
    const ask = asPage(handlers, win);
    expect(await ask('prefs:get', null)).toMatchObject({ ok: true, value: { theme: 'dark' } });

    // The page tells main what it can do; the menu follows.
    expect(await ask('menu:state', { canExport: false, traceOpen: false, busy: true })).toEqual({
      ok: true,
      value: { applied: true },
    });
    const now = flatten(FakeMenu.current as MenuItemConstructorOptions[]);
    expect(now.find((i) => i.id === 'run.start')?.enabled).toBe(false);
    expect(now.find((i) => i.id === 'run.cancel')?.enabled).toBe(true);
    expect(now.find((i) => i.id === 'file.save')?.enabled).toBe(false);
    expect(await ask('menu:state', { busy: 'yes' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });

    click('help.tutorial');
    expect(opened).toEqual([TUTORIAL_URL]);
    click('help.about');
    expect(boxes[0]?.detail).toContain('PoolScope 0.1.0');
    expect(boxes[0]?.detail).toContain(`Node.js ${process.versions.node}`);
    expect(app.aboutPanel).toMatchObject({ applicationVersion: '0.1.0' });
  });

  it('quits during busy_work(600) within the grace period, leaving no worker', async () => {
    const { electron, app, handlers } = fakeElectron();
    const started = await startApp(electron, PATHS);
    const win = FakeWindow.created[0]!;
    const ask = asPage(handlers, win);
    const workload = {
      name: 'stuck.py',
      calls: [{ fn: 'busy_work', args: [600], repeat: 4 }],
    };
    expect(await ask('run:start', { workload, maxWorkers: 2 })).toMatchObject({ ok: true });
    // Two calls run, two wait.
    await expect
      .poll(
        async () => ((await ask('app:info', null)) as { value: AppInfo }).value.pool.pids.length,
      )
      .toBe(2);
    const { value } = (await ask('app:info', null)) as { value: AppInfo };
    const pids = value.pool.pids;
    expect(pids.every(isAlive)).toBe(true);

    app.quit();
    expect(app.quits).toBe(0);
    // No ghost: while it shuts down, a relaunch gets the lock (and a window of its own).
    expect(app.lockReleased).toBe(true);
    // busy_work(600) never ends by itself: the quit goes through only because the bound holds.
    await expect.poll(() => app.quits, { timeout: 15_000 }).toBe(1);
    expect(pids.filter(isAlive)).toEqual([]);
    const finished = eventsOf(win).find((e) => e.channel === 'run:finished');
    expect(finished?.payload).toMatchObject({ status: expect.stringMatching(/failed|cancelled/) });
    await started?.service.close();
  }, 30_000);
});
