import type { IpcMainInvokeEvent } from 'electron';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
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
import { startApp, type AppPaths, type ElectronParts } from '../../electron/main/app';
import { FakeWindow } from './fakes';
import { tempDir } from '../support/temp-dir';

const ROOT = resolve(import.meta.dirname, '../..');
const PATHS: AppPaths = {
  rendererIndex: join(ROOT, 'out/renderer/index.html'),
  sourceIndex: join(ROOT, 'renderer/index.html'),
  preload: join(ROOT, 'out/preload/index.cjs'),
  workerPath: join(ROOT, 'out/main/worker.js'),
};
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  FakeWindow.created = [];
});

/** Electron's app as far as main uses it: quit() emits a preventable 'before-quit'. */
class FakeApp extends EventEmitter {
  quits = 0;
  constructor(
    private readonly userData: string,
    private readonly gotLock = true,
  ) {
    super();
  }
  requestSingleInstanceLock() {
    return this.gotLock;
  }
  whenReady() {
    return Promise.resolve();
  }
  getPath(name: string) {
    return join(this.userData, name);
  }
  quit() {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.quits++;
  }
  exit() {}
}

function fakeElectron(gotLock = true, userData = tempDir(cleanups), dialog: object = {}) {
  const app = new FakeApp(userData, gotLock);
  const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<Reply<unknown>>>();
  const headerHooks: ((details: unknown, cb: (r: unknown) => void) => void)[] = [];
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: { handle: (c: string, h: never) => handlers.set(c, h) },
    dialog,
    session: {
      defaultSession: {
        setPermissionRequestHandler() {},
        setPermissionCheckHandler() {},
        webRequest: { onHeadersReceived: (h: never) => headerHooks.push(h) },
      },
    },
  };
  return { electron: electron as unknown as ElectronParts, app, handlers, headerHooks, userData };
}

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
    const headers = await new Promise((r) => headerHooks[0]!({ responseHeaders: {} }, r));
    expect(headers).toMatchObject({
      responseHeaders: {
        'Content-Security-Policy': [expect.stringContaining("frame-ancestors 'none'")],
      },
    });

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
});
